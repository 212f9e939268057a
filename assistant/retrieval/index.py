"""The search-index seam: what retrieval asks of an index, and its two implementations.

``SearchIndex`` offers dense top-k (chunks, and sentence windows) with filters, exact
cosines and window cosines for given passages, get by rows, and stats; beside it sit the
catalogue (rows, filters, neighbours), the lexical index (BM25 top-k with filters, as a
score per row) and the vector moments. ``Retriever`` fuses what an index returns and never
looks inside it.

- ``MemoryIndex``: every vector in RAM, searched exactly. For tests and small libraries;
  it reads the whole index once at start.
- ``ChromaIndex``: dense search through Chroma's own nearest-neighbour query with ``where``
  filters, for chunks and for windows (window records carry their chunk's doc id,
  collection, building blocks and live flag); the catalogue, the BM25 index and the moments
  come from the snapshot saved at ingest (``snapshot.py``); passages and window vectors are
  read by id when an answer needs them (and kept in a small cache).

``open_index`` picks one from the settings (``search_index``: memory, chroma, or auto =
memory up to ``memory_max_chunks`` live passages, else chroma).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from assistant.errors import IndexMissingError
from assistant.lexical import Analyzer, LexicalIndex
from assistant.retrieval import snapshot as snapshots
from assistant.retrieval.catalogue import Catalogue
from assistant.retrieval.filters import Filter
from assistant.retrieval.moments import Moments
from assistant.settings import Settings
from assistant.store import Store, StoredChunk

Hits = list[tuple[int, float]]  # (catalogue row, cosine), best first


class SearchIndex(Protocol):
    kind: str
    store: Store
    catalogue: Catalogue
    lexical: LexicalIndex
    chunk_moments: Moments
    window_moments: Moments

    def dense(self, q: np.ndarray, k: int, f: Filter, mask: np.ndarray) -> Hits: ...

    def dense_windows(self, q: np.ndarray, k: int, f: Filter, mask: np.ndarray) -> Hits:
        """The ``k`` nearest sentence windows, as (owning row, cosine), best first."""

    def cosines(self, q: np.ndarray, rows: Sequence[int]) -> np.ndarray: ...

    def window_cosines(self, q: np.ndarray, row: int) -> np.ndarray | None: ...

    def chunks(self, rows: Sequence[int]) -> list[StoredChunk]: ...

    def stats(self) -> dict: ...


def cosines(vectors: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``vectors @ q`` for unit vectors, computed without BLAS threads: OpenBLAS's worker
    threads keep spinning after a matrix product and took the two cores from the next
    query's embedding (search p50 went from 32 to 71 ms). A plain loop over a few
    thousand rows takes well under a millisecond."""
    return np.einsum("ij,j->i", vectors, q)


def _top(scores: np.ndarray, rows: np.ndarray, k: int) -> Hits:
    """The ``k`` best of ``scores`` (one per entry of ``rows``), ties in row order."""
    order = np.argsort(-scores, kind="stable")[:k]
    return [(int(rows[i]), float(scores[i])) for i in order]


class MemoryIndex:
    """Every live chunk, its vector and its windows' vectors, read once and searched exactly."""

    kind = "memory"

    def __init__(self, store: Store, analyzer: Analyzer | None = None):
        self.store = store
        chunks = Catalogue.order(store.live_chunks())
        ids = [c.chunk_id for c in chunks]
        self._chunks = chunks
        self._vectors = store.vectors(ids)
        owners, positions, self._window_vectors = store.window_vectors(ids)
        pos = {c: i for i, c in enumerate(ids)}
        self._window_owner = np.array([pos[o] for o in owners], dtype=np.int64)
        rows: dict[int, list[tuple[int, int]]] = {}
        for row, (owner, j) in enumerate(zip(self._window_owner.tolist(), positions, strict=True)):
            rows.setdefault(owner, []).append((j, row))
        # per chunk: its window rows in sentence order (window j covers sentences j and j+1)
        self._chunk_windows = {i: np.array([r for _, r in sorted(rs)], dtype=np.int64) for i, rs in rows.items()}
        counts = {ids[i]: len(rs) for i, rs in rows.items()}
        self.catalogue = Catalogue.of(chunks, counts)
        self.lexical = LexicalIndex([snapshots.lexical_text(c) for c in chunks], analyzer)
        self.chunk_moments = Moments.of(self._vectors, store.dimension)
        self.window_moments = Moments.of(self._window_vectors, store.dimension)

    def dense(self, q, k, f, mask) -> Hits:
        rows = np.flatnonzero(mask)
        return _top(cosines(self._vectors[rows], q), rows, k)

    def dense_windows(self, q, k, f, mask) -> Hits:
        keep = np.flatnonzero(mask[self._window_owner]) if len(self._window_owner) else np.zeros(0, np.int64)
        return _top(cosines(self._window_vectors[keep], q), self._window_owner[keep], k)

    def cosines(self, q, rows) -> np.ndarray:
        return cosines(self._vectors[np.asarray(rows, dtype=np.int64)], q)

    def window_cosines(self, q, row) -> np.ndarray | None:
        rows = self._chunk_windows.get(row)
        return None if rows is None or not len(rows) else cosines(self._window_vectors[rows], q)

    def chunks(self, rows) -> list[StoredChunk]:
        return [self._chunks[i] for i in rows]

    def stats(self) -> dict:
        return {"index": self.kind, "chunks": len(self._chunks), "windows": int(len(self._window_owner)),
                "vector_mb": round((self._vectors.nbytes + self._window_vectors.nbytes) / 2**20, 1)}


class _Cache:
    """A small thread-safe LRU cache."""

    def __init__(self, size: int):
        self.size, self._d, self._lock = size, OrderedDict(), threading.Lock()

    def get_many(self, keys, fetch) -> dict:
        with self._lock:
            found = {k: self._d[k] for k in keys if k in self._d}
            for k in found:
                self._d.move_to_end(k)
        missing = [k for k in keys if k not in found]
        if missing:
            fetched = fetch(missing)
            with self._lock:
                for k, v in fetched.items():
                    self._d[k] = v
                while len(self._d) > self.size:
                    self._d.popitem(last=False)
            found.update(fetched)
        return found


class ChromaIndex:
    """Dense search by Chroma's own nearest-neighbour query; catalogue, BM25 and moments from
    the snapshot saved at ingest; passages and window vectors read by id when needed."""

    kind = "chroma"

    def __init__(self, store: Store, folder, analyzer: Analyzer | None = None, exact_max: int = 2000):
        if not store.get_meta("windows_labelled"):
            raise IndexMissingError("This index's sentence windows carry no document or live labels yet, so "
                                    "Chroma cannot filter them — run 'python -m ingest' once to label them.")
        self.store = store
        snap = snapshots.current(store, folder, analyzer)
        self.generation = snap.generation
        self.catalogue, self.lexical = snap.catalogue, snap.lexical
        self.chunk_moments, self.window_moments = snap.chunk_moments, snap.window_moments
        self._chunk_cache = _Cache(4096)
        self._window_cache = _Cache(4096)
        self.exact_max = exact_max

    def _hits(self, found: list[tuple[str, float]], windows: bool, mask: np.ndarray) -> Hits:
        pos = self.catalogue.pos
        out = []
        for rid, cos in found:
            owner = rid.rsplit(":", 1)[0] if windows else rid
            row = pos.get(owner)
            # a staged passage, or one newer than the snapshot (seen after the next reload), is
            # not in the catalogue; nor is anything the filter leaves out
            if row is not None and mask[row]:
                out.append((row, cos))
        return out

    def _search(self, q: np.ndarray, k: int, f: Filter, mask: np.ndarray, windows: bool) -> Hits:
        """Three ways, by what the filter leaves (local Chroma evaluates any ``where`` over every
        record: 130 ms for 10,000 passages and 400 ms for their windows, against 6 and 10 ms
        without one):
        - everything: Chroma's nearest-neighbour query without ``where``, a few more than ``k``
          asked so the staged records of a running ingest cannot crowd out live ones;
        - a few passages (a document filter): their vectors by id, searched exactly;
        - more than that (a reader of some collections only): the query with the filter as ``where``."""
        allowed = int(mask.sum())
        if allowed == len(mask):
            found = self.store.nearest(q, k + min(k, 50), None, windows=windows)
            return self._hits(found, windows, mask)[:k]
        if allowed <= self.exact_max:
            rows = np.flatnonzero(mask)
            ids = [self.catalogue.ids[i] for i in rows]
            if not windows:
                return _top(cosines(self.store.vectors(ids), q), rows, k)
            got = self._window_cache.get_many(ids, self.store.windows_of)
            owners = [r for r, cid in zip(rows.tolist(), ids, strict=True) for _ in range(len(got.get(cid, ())))]
            if not owners:
                return []
            vecs = np.concatenate([got[cid] for cid in ids if cid in got and len(got[cid])])
            return _top(cosines(vecs, q), np.asarray(owners, dtype=np.int64), k)
        return self._hits(self.store.nearest(q, k, f.where(), windows=windows), windows, mask)

    def dense(self, q, k, f, mask) -> Hits:
        return self._search(q, k, f, mask, windows=False)

    def dense_windows(self, q, k, f, mask) -> Hits:
        return self._search(q, k, f, mask, windows=True)

    def cosines(self, q, rows) -> np.ndarray:
        ids = [self.catalogue.ids[i] for i in rows]
        return cosines(self.store.vectors(ids), q) if ids else np.zeros(0, dtype=np.float32)

    def window_cosines(self, q, row) -> np.ndarray | None:
        if not self.catalogue.windows[row]:
            return None
        cid = self.catalogue.ids[row]
        got = self._window_cache.get_many([cid], self.store.windows_of).get(cid)
        return None if got is None or not len(got) else cosines(got, q)

    def chunks(self, rows) -> list[StoredChunk]:
        ids = [self.catalogue.ids[i] for i in rows]
        got = self._chunk_cache.get_many(ids, lambda miss: {c.chunk_id: c for c in self.store.get_chunks(miss)})
        return [got[i] for i in ids if i in got]

    def stats(self) -> dict:
        return {"index": self.kind, "chunks": len(self.catalogue), "windows": int(self.catalogue.windows.sum()),
                "generation": self.generation}


def index_kind(store: Store, settings: Settings) -> str:
    """'memory' or 'chroma', as the settings ask (auto: in memory for a small library)."""
    if settings.search_index != "auto":
        return settings.search_index
    return "memory" if store.size() <= int(settings.memory_max_chunks) else "chroma"


def open_index(store: Store, settings: Settings, analyzer: Analyzer | None = None) -> SearchIndex:
    """The index the settings ask for."""
    if index_kind(store, settings) == "memory":
        return MemoryIndex(store, analyzer)
    return ChromaIndex(store, snapshots.folder_for(settings), analyzer)
