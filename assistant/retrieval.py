"""Hybrid retrieval: dense (e5) and Dutch BM25, fused as z-scores.

Dense side: a chunk scores the mean of its own cosine to the question (the passage
in its document context) and the cosine of its best *sentence window* (two adjacent
sentences, see ``ingest.pipeline.window_texts``). The window finds the one or two
sentences a question is about inside a long passage; the whole-chunk vector keeps
broad questions in view. On the dev set this raised hit@5 from 0.77 to 0.88 and
MRR@10 from 0.55 to 0.65.

Fusion: each side becomes a z-score over the passages the filter lets through, and the
two are added (BM25 at weight 0.3); a passage then gains 0.3 of its better neighbour's
score in the same document, as a question in everyday words often matches a passage's
surroundings as much as the passage. Against reciprocal-rank fusion on the 385
answerable questions of ``evalsets/answers.jsonl`` (weights chosen on its train split),
hit@5 on the test split went from 0.61 to 0.67 for everyday wording and from 0.76 to
0.78 for all.

All vectors are read from the store once, when the retriever is built, and searched
exactly in memory (a few MB for this library; fine up to ~10^5 windows), as is the
lexical index. Filters (documents, building blocks) apply to both sides.

``scoped(collections)`` gives a view for one reader: it shares the vectors and the
lexical index, and every search, ``chunks``, ``doc_ids`` and ``chunk()`` of the view
only know passages of those collections; the mask applies to both sides before
ranking, like the document filter.
Near-duplicate passages are collapsed in the results as a second line of defence
behind ingestion's duplicate detection.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.bouwstenen import canonical
from assistant.embeddings.base import Embedder
from assistant.errors import InputError
from assistant.lexical import LexicalIndex
from assistant.store import Store, StoredChunk
from ingest.dedup import containment, same_passage, shingles

MAX_QUERY_CHARS = 2000
MAX_K = 50
DENSE_POOL = 60
QUERY_CACHE = 64


@dataclass(frozen=True)
class Weights:
    """Fusion weights, chosen on the train split of ``evalsets/answers.jsonl`` (answerable
    questions; see the module docstring for the figures)."""

    dense: float = 1.0
    lexical: float = 0.3  # weight of the BM25 z-score beside the dense z-score
    window: float = 0.5  # share of the best sentence window in the dense score
    neighbour: float = 0.3  # share of the better neighbouring passage's fused score


class Retriever:
    def __init__(self, store: Store, embedder: Embedder, weights: Weights | None = None):
        self.store = store
        self.embedder = embedder
        self.weights = weights or Weights()
        # every live passage (rows of the vector arrays); ``chunks`` is what this view may show
        self._all: list[StoredChunk] = sorted(store.live_chunks(), key=lambda c: (c.doc_id, c.start))
        self.chunks: list[StoredChunk] = self._all
        self._scope: np.ndarray | None = None  # rows this view may show; None = all
        self.collections: frozenset[str] | None = None
        self._pos = {c.chunk_id: i for i, c in enumerate(self._all)}
        # each passage's neighbours in its document (itself at either end)
        n = len(self._all)
        same = [i > 0 and self._all[i - 1].doc_id == self._all[i].doc_id for i in range(n)]
        self._prev = np.array([i - 1 if same[i] else i for i in range(n)], dtype=np.int64)
        self._next = np.array([i + 1 if i + 1 < n and same[i + 1] else i for i in range(n)], dtype=np.int64)
        # the stored vectors, read once: a passage found only lexically still gets its cosine
        self._vectors = store.vectors([c.chunk_id for c in self._all])
        owners, positions, self._window_vectors = store.window_vectors([c.chunk_id for c in self._all])
        self._window_owner = np.array([self._pos[o] for o in owners], dtype=np.int64)
        # per chunk: its window rows in sentence order (window j covers sentences j and j+1)
        rows: dict[int, list[tuple[int, int]]] = {}
        for row, (owner, j) in enumerate(zip(self._window_owner.tolist(), positions, strict=True)):
            rows.setdefault(owner, []).append((j, row))
        self._chunk_windows = {i: np.array([r for _, r in sorted(rs)], dtype=np.int64) for i, rs in rows.items()}
        self.lexical = LexicalIndex([_lexical_text(c) for c in self._all])
        self._query_vectors: dict[str, np.ndarray] = {}
        self._cache_lock = threading.Lock()
        self.doc_ids = _doc_ids(self._all)

    def scoped(self, collections: Iterable[str] | None) -> Retriever:
        """A view that only sees passages of ``collections`` (None: this retriever itself).
        It shares vectors, lexical index and the query cache, so it costs one mask."""
        if collections is None:
            return self
        view = copy.copy(self)
        view.collections = frozenset(collections)
        view._scope = np.array([c.collection in view.collections for c in self._all], dtype=bool)
        view.chunks = [c for c, keep in zip(self._all, view._scope, strict=True) if keep]
        view.doc_ids = _doc_ids(view.chunks)
        return view

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
        q_vec = self.query_vector(query) if mode != "lexical" else None
        cosine = cosines(self._vectors, q_vec) if q_vec is not None else None
        lex = self.lexical.scores(query) * mask if mode in ("hybrid", "lexical") else None

        fused = self._fuse(mask, self._dense_scores(q_vec, cosine) if q_vec is not None else None, lex,
                           neighbour=self.weights.neighbour if mode == "hybrid" else 0.0)
        top = float(fused[mask].max())
        ranked = [int(i) for i in np.argsort(-fused, kind="stable")[: max(DENSE_POOL, k)] if mask[i]]
        if mode == "lexical":
            ranked = [i for i in ranked if lex[i] > 0]
        out: list[tuple[StoredChunk, float, float, float]] = []
        kept: list[tuple[str, set[str]]] = []
        for i in ranked:
            text = self._all[i].text
            sh = shingles(text)
            # letters alike is a cheap first test; numbers and names must agree too, so a
            # 2023 report is not hidden behind the 2022 one
            if any(containment(sh, other) >= 0.6 and same_passage(text, seen) for seen, other in kept):
                continue
            kept.append((text, sh))
            out.append((self._all[i], float(np.clip(fused[i] / top, 0.0, 1.0)) if top > 0 else 0.0,
                        float(cosine[i]) if cosine is not None else 0.0,
                        float(lex[i]) if lex is not None else 0.0))
            if len(out) == k:
                break
        return out

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding; the last few are kept, as answers and advice search the
        same question several times. Safe for the API's worker threads."""
        with self._cache_lock:
            vec = self._query_vectors.get(query)
        if vec is None:
            vec = self.embedder.embed_query([query])[0]
            with self._cache_lock:
                while len(self._query_vectors) >= QUERY_CACHE:
                    self._query_vectors.pop(next(iter(self._query_vectors)))
                self._query_vectors[query] = vec
        return vec

    def clear_cache(self) -> None:
        """Forget the cached query embeddings (benchmarks measure cold queries with it)."""
        with self._cache_lock:
            self._query_vectors.clear()

    def sentence_cosines(self, query: str, chunk: StoredChunk) -> np.ndarray | None:
        """Cosine of the question to each sentence window of ``chunk`` (window j = sentences
        j and j+1), from the stored vectors: no embedding at question time. None for a
        chunk of one or two sentences, which has no windows."""
        i = self._visible(chunk.chunk_id)
        rows = self._chunk_windows.get(i) if i is not None else None
        if rows is None or not len(rows):
            return None
        return cosines(self._window_vectors[rows], self.query_vector(query))

    def chunk(self, chunk_id: str) -> StoredChunk | None:
        i = self._visible(chunk_id)
        return self._all[i] if i is not None else None

    def _visible(self, chunk_id: str) -> int | None:
        i = self._pos.get(chunk_id)
        return i if i is not None and (self._scope is None or self._scope[i]) else None

    # ---- internals -----------------------------------------------------------------------

    def _fuse(self, mask: np.ndarray, dense: np.ndarray | None, lex: np.ndarray | None,
              neighbour: float) -> np.ndarray:
        """One score per passage: the dense score and the BM25 score, each as a z-score over
        the passages the filter lets through, added with the lexical weight; then a share
        of the better neighbour's score in the same document (a question in everyday words
        often matches the passage's surroundings better than the passage itself)."""
        w = self.weights
        fused = np.zeros(len(mask), dtype=np.float64)
        if dense is not None:
            fused += w.dense * _z(dense, mask)
        if lex is not None and lex[mask].max(initial=0.0) > 0:
            fused += w.lexical * _z(lex, mask)
        if neighbour:
            near = np.where(mask[self._prev], fused[self._prev], -np.inf)
            near = np.maximum(near, np.where(mask[self._next], fused[self._next], -np.inf))
            fused = fused + neighbour * np.where(np.isfinite(near), near, 0.0)
        fused[~mask] = -np.inf
        return fused

    def _dense_scores(self, q: np.ndarray, cosine: np.ndarray) -> np.ndarray:
        """Per chunk: (1 - w) · its own cosine + w · the cosine of its best sentence window
        (a chunk of one or two sentences has no windows and is its own best window)."""
        best = np.full_like(cosine, -np.inf)
        np.maximum.at(best, self._window_owner, cosines(self._window_vectors, q))
        best = np.where(np.isfinite(best), best, cosine)
        w = self.weights.window
        return (1.0 - w) * cosine + w * best

    def check_doc_ids(self, doc_ids: Sequence[str] | None) -> list[str] | None:
        """The document filter as given, or InputError naming the unknown ids (cut short)."""
        if not doc_ids:
            return None
        if not all(isinstance(d, str) for d in doc_ids):
            raise InputError("doc_ids must be a list of document ids (strings).")
        unknown = sorted(set(doc_ids) - set(self.doc_ids))
        if unknown:
            shown = ", ".join(_short(u) for u in unknown[:5]) + (" …" if len(unknown) > 5 else "")
            raise InputError(f"Unknown document id(s): {shown}. Known: {', '.join(self.doc_ids)}.")
        return list(doc_ids)

    def _filter_mask(self, doc_ids, bouwstenen) -> np.ndarray:
        mask = np.ones(len(self._all), dtype=bool) if self._scope is None else self._scope.copy()
        if doc_ids:
            self.check_doc_ids(doc_ids)
            wanted = set(doc_ids)
            mask &= np.array([c.doc_id in wanted or bool(set(c.also_in) & wanted)
                              for c in self._all], dtype=bool)
        if bouwstenen:
            names = {canonical(b) for b in bouwstenen}
            mask &= np.array([bool(names & set(c.bouwstenen)) for c in self._all], dtype=bool)
        return mask


def _doc_ids(chunks: Sequence[StoredChunk]) -> list[str]:
    """The documents these passages stand for: their own, and the copies collapsed into them
    (filtering by such a copy finds its passages where they are kept)."""
    return sorted({c.doc_id for c in chunks} | {d for c in chunks for d in c.also_in})


def _z(scores: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Scores as z-scores over the passages in ``mask`` (those outside keep a value, unused)."""
    part = scores[mask]
    return (scores - part.mean()) / (part.std() + 1e-9)


def cosines(vectors: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``vectors @ q`` for unit vectors, computed without BLAS threads: OpenBLAS's worker
    threads keep spinning after a matrix product and took the two cores from the next
    query's embedding (search p50 went from 32 to 71 ms). A plain loop over a few
    thousand rows takes well under a millisecond."""
    return np.einsum("ij,j->i", vectors, q)


def validate_query(query: str) -> str:
    if not isinstance(query, str) or not query.strip():
        raise InputError("The question is empty; type a question.")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(
            f"The question is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}. "
            "Shorten it."
        )
    return query.strip()


def _short(value: str, n: int = 60) -> str:
    """An echoed input value, cut short: errors never repeat large input back."""
    return repr(value if len(value) <= n else value[:n] + "…")


def _lexical_text(chunk: StoredChunk) -> str:
    return f"{chunk.context()}\n{chunk.text}"
