"""Hybrid retrieval: dense (e5) and Dutch BM25, fused as z-scores over a ``SearchIndex``.

Dense side: a chunk scores by its own cosine to the question (the passage in its document
context) and the cosine of its best *sentence window* (two adjacent sentences, see
``ingest.pipeline.window_texts``). The window finds the one or two sentences a question is
about inside a long passage; the whole-chunk vector keeps broad questions in view.

Fusion: each cosine becomes a z-score against the question's cosine distribution over the
whole library, taken from the stored moments of the chunk and window vectors
(``moments.py``: no scan), and the two are mixed (window weight 0.5); BM25 adds its z-score
over the passages the filter lets through (weight 0.4); a passage then gains 0.3 of its
better neighbour's score in the same document, as a question in everyday words often
matches a passage's surroundings as much as the passage. Against z-scoring the mixed
dense score over the filtered passages (the previous fusion), on the 350 answerable
questions without history of ``evalsets/answers.jsonl``: hit@5 0.78 → 0.79 for all, 0.67
→ 0.70 for everyday wording (test split: 0.68 → 0.73); on the dev set hit@5 stays 0.85
and MRR goes 0.627 → 0.621. The weights were swept again on the 335 answerable train
questions of the larger set (BM25 0.2–0.5, window share 0.3–0.7, neighbour share
0.15–0.45): BM25 0.4 with window 0.5 and neighbour 0.3 was best, train hit@5 0.830 →
0.839 (everyday wording 0.761 → 0.772) against 0.3; on the test split 0.838 → 0.855
(everyday 0.781 → 0.812). It loses one dev question (hit@5 0.85 → 0.81), as it did when
the train split was smaller and 0.3 was kept for that question.

Candidates: the index's top chunks and top sentence windows (in memory: exact; Chroma: its
nearest-neighbour query with the filter as ``where``) and the top BM25 passages, plus their
neighbours for the neighbour share. A candidate without a window among the top windows
takes the lowest top-window cosine (an upper bound of its own best). Against scoring every
passage this gave the same hit@5 and MRR on all 385 answerable questions.

``scoped(collections)`` gives a view for one reader: it shares the index and the query
cache, and every search, ``chunks``, ``doc_ids`` and ``chunk()`` of the view only know
passages of those collections; the filter applies to both sides before ranking.
Near-duplicate passages are collapsed in the results as a second line of defence behind
ingestion's duplicate detection.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.bouwstenen import canonical
from assistant.embeddings.base import Embedder
from assistant.errors import InputError
from assistant.retrieval.filters import Filter
from assistant.retrieval.index import MemoryIndex, SearchIndex, cosines
from assistant.store import Store, StoredChunk
from assistant.text.similarity import CONTAINMENT, containment, same_passage, shingles

MAX_QUERY_CHARS = 2000
MAX_K = 50
MODES = ("hybrid", "dense", "lexical")
QUERY_CACHE = 64
COPY_CACHE = 200_000  # remembered passage pairs (copy or not); cleared when full


@dataclass(frozen=True)
class Weights:
    """Fusion weights and candidate pools, chosen on the train split of
    ``evalsets/answers.jsonl`` (answerable questions; see the module docstring)."""

    dense: float = 1.0
    lexical: float = 0.4  # weight of the BM25 z-score beside the dense z-score (swept on train)
    window: float = 0.5  # share of the best sentence window in the dense score
    neighbour: float = 0.3  # share of the better neighbouring passage's fused score
    chunk_pool: int = 60  # nearest chunks asked of the index
    window_pool: int = 200  # nearest sentence windows asked of the index
    lexical_pool: int = 60  # best BM25 passages


class Retriever:
    def __init__(self, store: Store, embedder: Embedder, weights: Weights | None = None,
                 index: SearchIndex | None = None):
        self.store = store
        self.embedder = embedder
        self.weights = weights or Weights()
        self.index: SearchIndex = index if index is not None else MemoryIndex(store)
        self.catalogue = self.index.catalogue
        self.lexical = self.index.lexical
        self.collections: frozenset[str] | None = None
        self._scope = np.ones(len(self.catalogue), dtype=bool)  # rows this view may show
        self._chunks: list[StoredChunk] | None = None
        self._query_vectors: dict[str, np.ndarray] = {}
        self._cache_lock = threading.Lock()
        # shared by every view: whether two rows are copies does not depend on who reads
        self._copies: dict[tuple[int, int], bool] = {}
        self._shingle_sets: dict[int, set[str]] = {}
        self.doc_ids = self.catalogue.doc_ids()

    def scoped(self, collections: Iterable[str] | None) -> Retriever:
        """A view that only sees passages of ``collections`` (None: this retriever itself).
        It shares the index and the query cache, so it costs one mask."""
        if collections is None:
            return self
        view = copy.copy(self)
        view.collections = frozenset(collections)
        view._scope = self.catalogue.mask(Filter(collections=view.collections))
        view._chunks = None
        view.doc_ids = self.catalogue.doc_ids(view._scope)
        return view

    @property
    def chunks(self) -> list[StoredChunk]:
        """Every passage this view may show, in (document, position) order (read on first use)."""
        if self._chunks is None:
            self._chunks = self.index.chunks(np.flatnonzero(self._scope).tolist())
        return self._chunks

    def visible_rows(self) -> np.ndarray:
        """The catalogue rows this view may show (a boolean mask; do not change it)."""
        return self._scope

    def count(self) -> int:
        """Passages this view may show (from the catalogue: nothing is read)."""
        return int(self._scope.sum())

    def document_chunks(self, doc_id: str) -> list[StoredChunk]:
        """The passages of one document this view may show, in order."""
        return self.index.chunks([i for i in self.catalogue.by_doc.get(doc_id, ()) if self._scope[i]])

    def first_chunks(self) -> list[StoredChunk]:
        """The first passage of every document this view may show (titles, kinds, languages)."""
        rows = (next((i for i in span if self._scope[i]), None) for span in self.catalogue.by_doc.values())
        return self.index.chunks([i for i in rows if i is not None])

    def collapsed_chunks(self) -> list[StoredChunk]:
        """The passages this view may show that stand for collapsed copies too."""
        return self.index.chunks([i for i in np.flatnonzero(self._scope).tolist() if self.catalogue.also_in[i]])

    def mentions(self, word: str) -> bool:
        """Whether a passage this view may show holds ``word``, a form of it or a compound
        of it (the lexical index's own terms: 'Zwolle' is in no passage of ``corpus/``); a
        hyphenated word when one of its parts is held ('MKW-essay'). A stop word counts as
        held: it says nothing."""
        analyzer = self.lexical.analyzer
        parts = [p for p in re.split(r"[-'’]", word) if analyzer.words(p)]
        if not parts:
            return True
        for part in parts:
            scores = self.lexical.scores(part)
            if len(scores) and (scores[self._scope] > 0).any():
                return True
        return False

    # ---- public --------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 5,
        doc_ids: Sequence[str] | None = None,
        bouwstenen: Sequence[str] | None = None,
        mode: str = "hybrid",
        lexical_query: str | None = None,
    ) -> list[tuple[StoredChunk, float, float, float]]:
        """(chunk, fused score in 0..1, dense cosine, bm25) best first. ``lexical_query``: what
        the lexical side searches, when not ``query`` itself (an English question with its
        Dutch words)."""
        query = validate_query(query)
        if not 1 <= int(k) <= MAX_K:
            raise InputError(f"k must be between 1 and {MAX_K}, got {k}.")
        if mode not in MODES:
            raise InputError(f"Unknown search mode {str(mode)[:40]!r}; use one of {', '.join(MODES)}.")
        if doc_ids:
            self.check_doc_ids(doc_ids)
        f = Filter(self.collections, tuple(doc_ids or ()), tuple(canonical(b) for b in bouwstenen or ()))
        mask = self._scope & self.catalogue.mask(f) if (doc_ids or bouwstenen) else self._scope
        if not mask.any():
            return []
        fused, cosine, lex = self._fused(query, f, mask, mode, lexical_query or query)
        if not fused:
            return []
        top = max(fused.values())
        ranked = sorted(fused, key=lambda r: (-fused[r], r))
        out: list[tuple[StoredChunk, float, float, float]] = []
        kept: list[tuple[int, StoredChunk]] = []
        for start in range(0, len(ranked), 2 * k):
            for row, chunk in zip(ranked[start:start + 2 * k], self.index.chunks(ranked[start:start + 2 * k]),
                                  strict=True):
                if any(self._copy_of(row, chunk, other, seen) for other, seen in kept):
                    continue
                kept.append((row, chunk))
                out.append((chunk, float(np.clip(fused[row] / top, 0.0, 1.0)) if top > 0 else 0.0,
                            float(cosine.get(row, 0.0)), float(lex[row]) if lex is not None else 0.0))
                if len(out) == k:
                    return out
        return out

    def _copy_of(self, row: int, chunk: StoredChunk, other: int, seen: StoredChunk) -> bool:
        """Whether passage ``row`` repeats the already kept ``other``: letters alike is a cheap
        first test; numbers and names must agree too, so a 2023 report is not hidden behind
        the 2022 one. A fixed property of the two passages, so it is kept (advice searches the
        same passages many times: this took half its time)."""
        key = (row, other) if row < other else (other, row)
        known = self._copies.get(key)
        if known is None:
            if len(self._copies) > COPY_CACHE:
                self._copies.clear()
            known = (containment(self._shingles(row, chunk.text), self._shingles(other, seen.text)) >= CONTAINMENT
                     and same_passage(chunk.text, seen.text))
            self._copies[key] = known
        return known

    def _shingles(self, row: int, text: str) -> set[str]:
        sh = self._shingle_sets.get(row)
        if sh is None:
            if len(self._shingle_sets) > COPY_CACHE // 20:
                self._shingle_sets.clear()
            sh = self._shingle_sets[row] = shingles(text)
        return sh

    def _fused(self, query: str, f: Filter, mask: np.ndarray, mode: str, lexical_query: str
               ) -> tuple[dict[int, float], dict[int, float], np.ndarray | None]:
        """Fused score and cosine per candidate row, and the BM25 score of every row."""
        w, cat = self.weights, self.catalogue
        lex = self.lexical.scores(lexical_query) * mask if mode in ("hybrid", "lexical") else None
        lex_on = lex is not None and lex[mask].max(initial=0.0) > 0
        cands: set[int] = set()
        if lex_on:
            best = np.argsort(-lex, kind="stable")[: w.lexical_pool]
            cands.update(int(r) for r in best if lex[r] > 0)
        if mode == "lexical":
            if not cands:
                return {}, {}, lex
            part = lex[mask]
            z = (lex - part.mean()) / (part.std() + 1e-9)
            return {r: float(z[r]) for r in cands}, {}, lex
        q = self.query_vector(query)
        chunk_hits = self.index.dense(q, w.chunk_pool, f, mask)
        window_hits = self.index.dense_windows(q, w.window_pool, f, mask)
        cosine = dict(chunk_hits)
        best_window: dict[int, float] = {}
        for row, c in window_hits:
            best_window[row] = max(best_window.get(row, -1.0), c)
        cands.update(cosine)
        cands.update(best_window)
        neighbour = w.neighbour if mode == "hybrid" else 0.0
        scored = set(cands)
        if neighbour:
            rows = np.fromiter(cands, dtype=np.int64)
            scored.update(int(r) for r in np.concatenate([cat.prev[rows], cat.next[rows]]) if mask[r])
        missing = sorted(r for r in scored if r not in cosine)
        if missing:
            cosine.update(zip(missing, self.index.cosines(q, missing).tolist(), strict=True))
        floor = window_hits[-1][1] if len(window_hits) >= w.window_pool else None
        mc, sc = self.index.chunk_moments.stats(q)
        mw, sw = self.index.window_moments.stats(q)
        if lex_on:
            part = lex[mask]
            lmean, lstd = float(part.mean()), float(part.std()) + 1e-9
        base: dict[int, float] = {}
        for r in scored:
            c = cosine[r]
            if r in best_window:
                b = best_window[r]
            elif cat.windows[r] and floor is not None:
                b = floor  # its best window is below the last one found
            else:
                b = c  # a passage of one or two sentences is its own best window
            s = w.dense * ((1.0 - w.window) * (c - mc) / sc + w.window * (b - mw) / sw)
            if lex_on:
                s += w.lexical * (float(lex[r]) - lmean) / lstd
            base[r] = s
        fused: dict[int, float] = {}
        for r in cands:
            s = base[r]
            if neighbour:
                near = [base[n] for n in (int(cat.prev[r]), int(cat.next[r])) if n in base]
                s += neighbour * max(near) if near else 0.0
            fused[r] = s
        return fused, cosine, lex

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
        return None if i is None else self.index.window_cosines(self.query_vector(query), i)

    def window_cosines(self, vectors: np.ndarray, chunk: StoredChunk) -> np.ndarray | None:
        """Cosine of each of ``vectors`` (rows, unit length) to each sentence window of
        ``chunk``, one row per vector; for a chunk without windows (one or two sentences)
        one column, the cosine to the passage's own vector. None for a chunk not visible."""
        i = self._visible(chunk.chunk_id)
        if i is None:
            return None
        vectors = np.atleast_2d(vectors)
        rows = [self.index.window_cosines(v, i) for v in vectors]
        if rows[0] is None:
            return np.stack([self.index.cosines(v, [i]) for v in vectors])
        return np.stack(rows)

    def chunk(self, chunk_id: str) -> StoredChunk | None:
        i = self._visible(chunk_id)
        return self.index.chunks([i])[0] if i is not None else None

    def _visible(self, chunk_id: str) -> int | None:
        i = self.catalogue.pos.get(chunk_id)
        return i if i is not None and self._scope[i] else None

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


__all__ = ["MAX_K", "MAX_QUERY_CHARS", "MODES", "Retriever", "Weights", "cosines", "validate_query"]
