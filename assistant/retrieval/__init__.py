"""Retrieval: the search-index seam (``index``), its filters, catalogue, moments and the
snapshot saved at ingest, and the ``Retriever`` that fuses dense and lexical hits."""

from assistant.retrieval.index import ChromaIndex, MemoryIndex, SearchIndex, cosines, open_index
from assistant.retrieval.retriever import MAX_K, MAX_QUERY_CHARS, MODES, Retriever, Weights, validate_query

__all__ = ["MAX_K", "MAX_QUERY_CHARS", "MODES", "ChromaIndex", "MemoryIndex", "Retriever", "SearchIndex", "Weights",
           "cosines", "open_index", "validate_query"]
