"""The one interface the rest of the project sees of an embedding model.

Queries and passages are embedded through separate methods because asymmetric models
(e5 and most retrieval models) need different prompts for each; callers never add
prompts themselves. ``model_id`` is stored with the index so a different model is
refused instead of silently mixing vector spaces.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    model_id: str
    dimension: int

    def embed_query(self, texts: list[str]) -> np.ndarray:
        """float32 array [len(texts), dimension], rows L2-normalised."""
        ...

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """float32 array [len(texts), dimension], rows L2-normalised."""
        ...
