"""Hybrid retrieval: dense (e5 through Chroma) and Dutch BM25, fused by reciprocal rank.

The lexical index is built once, when the retriever is built, from the live chunks
in the store; a query embeds the question, asks Chroma for its nearest chunks,
scores all chunks with BM25 and fuses the two rankings. Filters (documents,
building blocks) apply to both sides. Near-duplicate passages are collapsed in the
results as a second line of defence behind ingestion's duplicate detection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.bouwstenen import canonical
from assistant.embeddings.base import Embedder
from assistant.errors import InputError
from assistant.lexical import LexicalIndex
from assistant.store import Store, StoredChunk
from ingest.dedup import containment, shingles

MAX_QUERY_CHARS = 2000
MAX_K = 50
RRF_K = 60
DENSE_POOL = 60


@dataclass(frozen=True)
class Weights:
    dense: float = 1.0
    lexical: float = 0.7


class Retriever:
    def __init__(self, store: Store, embedder: Embedder, weights: Weights | None = None):
        self.store = store
        self.embedder = embedder
        self.weights = weights or Weights()
        self.chunks: list[StoredChunk] = sorted(store.live_chunks(), key=lambda c: (c.doc_id, c.start))
        self._pos = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        # the stored vectors, read once: a passage found only lexically still gets its cosine
        self._vectors = store.vectors([c.chunk_id for c in self.chunks])
        self.lexical = LexicalIndex([_lexical_text(c) for c in self.chunks])
        self.doc_ids = sorted({c.doc_id for c in self.chunks})

    # ---- public --------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 5,
        doc_ids: Sequence[str] | None = None,
        bouwstenen: Sequence[str] | None = None,
        mode: str = "hybrid",
    ) -> list[tuple[StoredChunk, float, float, float]]:
        """(chunk, fused score in 0..1, dense cosine, bm25) best first."""
        query = validate_query(query)
        if not 1 <= int(k) <= MAX_K:
            raise InputError(f"k must be between 1 and {MAX_K}, got {k}.")
        mask = self._filter_mask(doc_ids, bouwstenen)
        if not mask.any():
            return []
        where = _where(doc_ids, bouwstenen)
        q_vec = self.embedder.embed_query([query])[0] if mode != "lexical" else None
        dense = self._dense(q_vec, mask, where) if mode in ("hybrid", "dense") else {}
        lex = self.lexical.scores(query) * mask if mode in ("hybrid", "lexical") else None

        fused: dict[int, float] = {}
        if dense:
            for rank, i in enumerate(sorted(dense, key=dense.get, reverse=True)):
                fused[i] = fused.get(i, 0.0) + self.weights.dense / (RRF_K + rank + 1)
        if lex is not None:
            order = np.argsort(-lex, kind="stable")
            for rank, i in enumerate(order[: max(DENSE_POOL, k)]):
                if lex[i] <= 0:
                    break
                fused[int(i)] = fused.get(int(i), 0.0) + self.weights.lexical / (RRF_K + rank + 1)
        best = (self.weights.dense + self.weights.lexical) / (RRF_K + 1)
        ranked = sorted(fused, key=fused.get, reverse=True)
        out: list[tuple[StoredChunk, float, float, float]] = []
        kept_shingles: list[set[str]] = []
        for i in ranked:
            sh = shingles(self.chunks[i].text)
            if any(containment(sh, other) >= 0.6 for other in kept_shingles):
                continue
            kept_shingles.append(sh)
            dense_i = dense.get(i)
            if dense_i is None:
                dense_i = float(self._vectors[i] @ q_vec) if q_vec is not None else 0.0
            out.append((self.chunks[i], fused[i] / best, float(dense_i),
                        float(lex[i]) if lex is not None else 0.0))
            if len(out) == k:
                break
        return out

    def dense_similarity(self, query: str, texts: Sequence[str]) -> np.ndarray:
        """Cosine between the query and arbitrary texts (embedded as passages)."""
        q = self.embedder.embed_query([query])[0]
        return self.embedder.embed_documents(list(texts)) @ q

    def chunk(self, chunk_id: str) -> StoredChunk | None:
        i = self._pos.get(chunk_id)
        return self.chunks[i] if i is not None else None

    # ---- internals -----------------------------------------------------------------------

    def _dense(self, q: np.ndarray, mask: np.ndarray, where: dict | None) -> dict[int, float]:
        n = min(DENSE_POOL, int(mask.sum()))
        out: dict[int, float] = {}
        for chunk, sim in self.store.query(q, n, where):
            i = self._pos.get(chunk.chunk_id)
            if i is not None and mask[i]:
                out[i] = sim
        return out

    def _filter_mask(self, doc_ids, bouwstenen) -> np.ndarray:
        mask = np.ones(len(self.chunks), dtype=bool)
        if doc_ids:
            unknown = sorted(set(doc_ids) - set(self.doc_ids))
            if unknown:
                raise InputError(
                    f"Unknown document id(s): {', '.join(unknown)}. Known: {', '.join(self.doc_ids)}."
                )
            wanted = set(doc_ids)
            mask &= np.array([c.doc_id in wanted or bool(set(c.also_in) & wanted)
                              for c in self.chunks], dtype=bool)
        if bouwstenen:
            names = {canonical(b) for b in bouwstenen}
            mask &= np.array([bool(names & set(c.bouwstenen)) for c in self.chunks], dtype=bool)
        return mask


def validate_query(query: str) -> str:
    if not isinstance(query, str) or not query.strip():
        raise InputError("The question is empty; type a question.")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(
            f"The question is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}. "
            "Shorten it."
        )
    return query.strip()


def _where(doc_ids, bouwstenen) -> dict | None:
    """The same filters as a Chroma where clause, so the dense side searches only them."""
    parts = []
    if doc_ids:
        ors = [{"doc_id": {"$in": list(doc_ids)}}]
        ors += [{"also_in": {"$contains": d}} for d in doc_ids]
        parts.append({"$or": ors})
    if bouwstenen:
        ors = [{"bouwstenen": {"$contains": canonical(b)}} for b in bouwstenen]
        parts.append(ors[0] if len(ors) == 1 else {"$or": ors})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _lexical_text(chunk: StoredChunk) -> str:
    return f"{chunk.context()}\n{chunk.text}"
