"""The catalogue: one row per live passage, with what filtering, neighbours and the lexical
index need, and nothing else (no text, no vectors).

Rows are in (document, position) order, so a passage's neighbours in its document are the
rows beside it. The in-memory index builds it from the chunks it reads; the Chroma index
loads it from the snapshot ingest saved (``snapshot.py``), so an app process does not read
every record to start."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.bouwstenen import canonical
from assistant.retrieval.filters import Filter
from assistant.store import StoredChunk


@dataclass
class Catalogue:
    ids: list[str]
    docs: list[str]
    collections: list[str]
    bouwstenen: list[tuple[str, ...]]
    also_in: list[tuple[str, ...]]
    windows: np.ndarray  # number of sentence windows per row
    keys: list[str] = field(default_factory=list)  # per row: a digest of its lexical text (snapshot reuse)
    pos: dict[str, int] = field(init=False)
    prev: np.ndarray = field(init=False)
    next: np.ndarray = field(init=False)
    by_doc: dict[str, range] = field(init=False)  # a document's rows (contiguous: rows are in document order)

    def __post_init__(self) -> None:
        n = len(self.ids)
        self.windows = np.asarray(self.windows, dtype=np.int64).reshape(n)
        self.pos = {c: i for i, c in enumerate(self.ids)}
        same = [i > 0 and self.docs[i - 1] == self.docs[i] for i in range(n)]
        # each row's neighbours in its document (itself at either end)
        self.prev = np.array([i - 1 if same[i] else i for i in range(n)], dtype=np.int64)
        self.next = np.array([i + 1 if i + 1 < n and same[i + 1] else i for i in range(n)], dtype=np.int64)
        starts = [i for i in range(n) if not same[i]]
        self.by_doc = {self.docs[a]: range(a, b) for a, b in zip(starts, [*starts[1:], n], strict=True)}

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def order(chunks: Sequence[StoredChunk]) -> list[StoredChunk]:
        return sorted(chunks, key=lambda c: (c.doc_id, c.start))

    @classmethod
    def of(cls, chunks: Sequence[StoredChunk], windows: dict[str, int], keys: Sequence[str] = ()) -> Catalogue:
        """The catalogue of ``chunks`` (already in ``order``); ``windows`` counts each one's windows."""
        return cls(ids=[c.chunk_id for c in chunks], docs=[c.doc_id for c in chunks],
                   collections=[c.collection for c in chunks], bouwstenen=[tuple(c.bouwstenen) for c in chunks],
                   also_in=[tuple(c.also_in) for c in chunks],
                   windows=np.array([windows.get(c.chunk_id, 0) for c in chunks], dtype=np.int64),
                   keys=list(keys))

    def to_dict(self) -> dict:
        return {"ids": self.ids, "docs": self.docs, "collections": self.collections,
                "bouwstenen": [list(b) for b in self.bouwstenen], "also_in": [list(a) for a in self.also_in],
                "windows": self.windows.tolist(), "keys": self.keys}

    @classmethod
    def from_dict(cls, d: dict) -> Catalogue:
        return cls(ids=list(d["ids"]), docs=list(d["docs"]), collections=list(d["collections"]),
                   bouwstenen=[tuple(b) for b in d["bouwstenen"]], also_in=[tuple(a) for a in d["also_in"]],
                   windows=np.asarray(d["windows"], dtype=np.int64), keys=list(d.get("keys") or []))

    def mask(self, f: Filter) -> np.ndarray:
        """The rows ``f`` lets through."""
        n = len(self.ids)
        mask = np.ones(n, dtype=bool)
        if f.collections is not None:
            mask &= np.fromiter((c in f.collections for c in self.collections), dtype=bool, count=n)
        if f.doc_ids:
            wanted = set(f.doc_ids)
            mask &= np.fromiter((d in wanted or bool(wanted.intersection(a))
                                 for d, a in zip(self.docs, self.also_in, strict=True)), dtype=bool, count=n)
        if f.bouwstenen:
            names = {canonical(b) for b in f.bouwstenen}
            mask &= np.fromiter((bool(names.intersection(b)) for b in self.bouwstenen), dtype=bool, count=n)
        return mask

    def doc_ids(self, mask: np.ndarray | None = None) -> list[str]:
        """The documents these rows stand for: their own, and the copies collapsed into them
        (filtering by such a copy finds its passages where they are kept)."""
        rows = range(len(self.ids)) if mask is None else np.flatnonzero(mask).tolist()
        return sorted({self.docs[i] for i in rows} | {d for i in rows for d in self.also_in[i]})
