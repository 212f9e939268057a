"""A deterministic stand-in for the e5 model, for tests that need an index fast and do
not measure retrieval quality: a bag of hashed words, L2-normalised. Texts sharing
words get high cosines, so retrieval still finds the passage a question names."""

from __future__ import annotations

import hashlib
import re

import numpy as np

DIMENSION = 256


class HashEmbedder:
    model_id = "test/hashed-words-256"
    dimension = DIMENSION

    def embed_query(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts)

    @staticmethod
    def _embed(texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w{3,}", text.casefold()):
                out[row, int(hashlib.md5(word.encode()).hexdigest()[:8], 16) % DIMENSION] += 1.0
            norm = float(np.linalg.norm(out[row]))
            out[row] = out[row] / norm if norm else out[row]
            if not norm:
                out[row, 0] = 1.0
        return out
