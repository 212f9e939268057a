"""Embedding models behind one small interface (``Embedder``), chosen by ``make_embedder``.

Nothing is loaded on import: models are built when ``make_embedder`` is called.
"""

from assistant.embeddings.base import Embedder
from assistant.embeddings.factory import make_embedder

__all__ = ["Embedder", "make_embedder"]
