"""The Chroma side of the index: opening it, and what a chunk looks like inside it.

Both the ingest pipeline (writer) and the retriever (reader) go through ``Store``.
The collection records which embedding model built it (``embed_model``,
``dimension`` in its metadata); a reader with another model is refused with a
message that says how to rebuild.

Chunks are written *staged* (``live=False``) and switched live in one update at
the end of an ingest run, so a run killed half-way leaves the previous index
exactly as queryable as it was.

Beside the chunk collection sits ``<collection>-windows``: one vector per pair of
adjacent sentences of a chunk ("sentence windows"), keyed by ``chunk_id``. A
question that matches one or two sentences of a long passage finds it through its
best window. A chunk's windows are written before the chunk itself, so a staged
chunk always has its windows; they are deleted with it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.documents.collections import DEFAULT_COLLECTION
from assistant.errors import IndexMissingError, ModelMismatchError, StoreError
from assistant.locks import file_lock
from assistant.settings import DEFAULT_EMBED_MODEL, Settings, embed_model_setting, env_var

log = logging.getLogger(__name__)

REINGEST_HINT = "run 'python -m ingest --rebuild' to rebuild the index with the current model"
WINDOWS_SUFFIX = "-windows"


@dataclass(frozen=True)
class StoredChunk:
    """One passage as stored: the text plus the metadata retrieval and citations need."""

    chunk_id: str
    doc_id: str
    title: str
    section: str
    text: str
    start: int
    end: int
    source: str
    bouwstenen: tuple[str, ...] = ()
    also_in: tuple[str, ...] = ()  # doc ids of near-duplicate copies collapsed into this one
    # who may read it (assistant.documents); metadata only, not in the chunk id, so moving a
    # document rewrites metadata and embeds nothing again
    collection: str = DEFAULT_COLLECTION
    extra: dict[str, Any] = field(default_factory=dict)

    def context(self) -> str:
        """Where the passage stands (document, authors, kind, section): prepended to the
        passage for embedding and lexical matching, so 'het MKW-essay' or 'volgens Kenis'
        in a question can match passages that never repeat those words themselves."""
        doc = self.title
        if self.extra.get("subtitle"):
            doc += f" — {self.extra['subtitle']}"
        about = "; ".join(str(v) for v in (self.extra.get("kind"), self.extra.get("authors")) if v)
        if about:
            doc += f" ({about})"
        return f"{doc}. {self.section}" if self.section else doc

    def metadata(self, live: bool) -> dict[str, Any]:
        md: dict[str, Any] = {
            "doc_id": self.doc_id,
            "title": self.title,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "live": live,
            "collection": self.collection,
            **self.extra,
        }
        # Chroma refuses empty lists; absence means "none"
        if self.bouwstenen:
            md["bouwstenen"] = list(self.bouwstenen)
        if self.also_in:
            md["also_in"] = list(self.also_in)
        return md

    @classmethod
    def from_record(cls, chunk_id: str, text: str, md: dict[str, Any]) -> StoredChunk:
        known = {"doc_id", "title", "section", "start", "end", "source", "live", "bouwstenen",
                 "also_in", "collection", "windows"}
        return cls(
            chunk_id=chunk_id,
            doc_id=str(md.get("doc_id", "")),
            title=str(md.get("title", "")),
            section=str(md.get("section", "")),
            text=text,
            start=int(md.get("start", 0)),
            end=int(md.get("end", 0)),
            source=str(md.get("source", "")),
            bouwstenen=tuple(md.get("bouwstenen") or ()),
            also_in=tuple(md.get("also_in") or ()),
            # an index from before collections: its passages are the default collection's
            collection=str(md.get("collection") or DEFAULT_COLLECTION),
            extra={k: v for k, v in md.items() if k not in known},
        )


def where_live(collections: Iterable[str] | None = None) -> dict[str, Any]:
    """The Chroma ``where`` for live records (chunks or their windows), of ``collections`` only
    when given (None = all; an empty set: a condition no record meets)."""
    if collections is None:
        return {"live": True}
    return {"$and": [{"live": True}, {"collection": {"$in": sorted(set(collections)) or [""]}}]}


WINDOW_LABELS = ("doc_id", "collection", "live", "bouwstenen", "also_in")


def window_labels(chunk_id: str, chunk_md: dict[str, Any], update: bool = False) -> dict[str, Any]:
    """A sentence window's metadata: its chunk and the labels a filter needs, copied from the
    chunk (a window is live, of a document, collection or building block when its chunk is).
    For an ``update``, a label the chunk lacks is None, which makes Chroma remove it."""
    md: dict[str, Any] = {"chunk_id": chunk_id}
    for key in WINDOW_LABELS:
        if chunk_md.get(key) is not None:
            md[key] = chunk_md[key]
        elif update:
            md[key] = None
    return md


def open_client(settings: Settings):
    """A Chroma client for the configured mode; telemetry off."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_mode == "http":
        try:
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=int(settings.chroma_port), settings=chroma_settings
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises several unrelated types here
            raise StoreError(
                f"Cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} "
                f"({exc.__class__.__name__}). Start it with 'chroma run --path data/chroma-server "
                f"--port {settings.chroma_port}', or set {env_var('chroma_mode')}=embedded."
            ) from exc
        return client
    path = settings.chroma_path
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class Store:
    """A Chroma collection bound to one embedding model."""

    def __init__(self, collection, model_id: str, dimension: int, windows=None, client=None,
                 lock_path: Path | None = None):
        self._col = collection
        self._client = client  # for re-reading the collection's metadata (the generation)
        self._windows = windows  # None: an index built before sentence windows existed
        self._lock_path = lock_path  # writers only: ingests take turns (writing)
        self.model_id = model_id
        self.dimension = dimension

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open_for_reading(cls, settings: Settings, model_id: str, client=None) -> Store:
        client = client or open_client(settings)
        try:
            col = client.get_collection(settings.collection, embedding_function=None)
        except Exception as exc:  # NotFoundError / ValueError depending on mode
            where = (
                settings.chroma_path
                if settings.chroma_mode == "embedded"
                else f"{settings.chroma_host}:{settings.chroma_port}"
            )
            raise IndexMissingError(
                f"No index found at {where} (collection '{settings.collection}') — "
                "run 'python -m ingest' first."
            ) from exc
        md = col.metadata or {}
        stored = md.get("embed_model")
        if stored != model_id:
            raise ModelMismatchError(
                f"The index was built with embedding model '{stored}', but the current model is "
                f"'{model_id}'. Either set {embed_model_setting(str(stored))} as when it was built, or {REINGEST_HINT}."
            )
        try:
            windows = client.get_collection(settings.collection + WINDOWS_SUFFIX, embedding_function=None)
        except Exception:  # an older index: retrieval falls back to whole-chunk vectors
            log.warning("No sentence windows in this index; run 'python -m ingest' to add them.")
            windows = None
        return cls(col, model_id, int(md.get("dimension", 0)), windows, client)

    @classmethod
    def open_for_writing(
        cls, settings: Settings, model_id: str, dimension: int, *, rebuild: bool = False, client=None
    ) -> Store:
        client = client or open_client(settings)
        if rebuild:
            for name in (settings.collection, settings.collection + WINDOWS_SUFFIX):
                try:
                    client.delete_collection(name)
                except Exception:  # not there: nothing to rebuild
                    log.debug("no collection %s to delete", name)
        col = client.get_or_create_collection(
            settings.collection,
            metadata={"embed_model": model_id, "dimension": dimension},
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
        md = col.metadata or {}
        if md.get("embed_model") != model_id or int(md.get("dimension", -1)) != dimension:
            raise ModelMismatchError(
                f"The index was built with embedding model '{md.get('embed_model')}' "
                f"({md.get('dimension')} dimensions); the current model is '{model_id}' "
                f"({dimension}). To switch models, {REINGEST_HINT}."
            )
        windows = client.get_or_create_collection(
            settings.collection + WINDOWS_SUFFIX,
            metadata={"embed_model": model_id, "dimension": dimension},
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
        return cls(col, model_id, dimension, windows, client,
                   lock_path=Path(settings.data_dir) / f".ingest-{settings.collection}.lock")

    @contextlib.contextmanager
    def writing(self):
        """Held while one ingest changes the index: ingests from the CLI, the app's uploads
        and other app processes on this machine that share the data folder take turns
        (``assistant.locks.file_lock``, released when the process ends, even by kill -9).
        A store opened for reading has no lock."""
        if self._lock_path is None:
            yield
            return

        def waiting() -> None:
            log.warning("Another ingest is changing this index; waiting for it to finish (%s).", self._lock_path)

        with file_lock(self._lock_path, waiting):
            yield

    # ---- reading -------------------------------------------------------------------------

    def size(self) -> int:
        """Chunk records stored (live or staged), without reading them."""
        return int(self._col.count())

    def count(self, collections: Iterable[str] | None = None) -> int:
        """Live chunks (of ``collections`` when given), read id by id in pages."""
        return sum(len(got["ids"]) for got in self.pages(where=self.live_where(collections), include=[]))

    def live_chunks(self, collections: Iterable[str] | None = None) -> list[StoredChunk]:
        """The live chunks; with ``collections``, only those of these collections (Chroma
        ``where``, so nothing else is read)."""
        return [
            StoredChunk.from_record(i, d or "", m or {})
            for got in self.pages(where=self.live_where(collections))
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]

    def vectors(self, ids: Sequence[str]) -> np.ndarray:
        """The stored embeddings of these chunks, in the order given."""
        if not ids:
            return np.zeros((0, self.dimension), dtype=np.float32)
        by_id: dict[str, Any] = {}
        for lo in range(0, len(ids), 5000):  # SQLite refuses a query with too many variables
            got = self._col.get(ids=list(ids[lo:lo + 5000]), include=["embeddings"])
            by_id.update(zip(got["ids"], got["embeddings"], strict=True))
        return np.asarray([by_id[i] for i in ids], dtype=np.float32).reshape(len(ids), self.dimension)

    def window_vectors(self, chunk_ids: Sequence[str]) -> tuple[list[str], list[int], np.ndarray]:
        """The sentence-window vectors of these chunks: (owning chunk id per row, the
        window's position in its chunk, vectors). Window j covers sentences j and j+1."""
        if self._windows is None or not chunk_ids:
            return [], [], np.zeros((0, self.dimension), dtype=np.float32)
        wanted = set(chunk_ids)
        owners, positions, rows = [], [], []
        for got in self.pages(windows=True, size=10000, include=["embeddings", "metadatas"]):
            for wid, md, vec in zip(got["ids"], got["metadatas"], got["embeddings"], strict=True):
                owner = (md or {}).get("chunk_id")
                if owner in wanted:
                    owners.append(owner)
                    positions.append(int(str(wid).rsplit(":", 1)[-1]))
                    rows.append(vec)
        return owners, positions, np.asarray(rows, dtype=np.float32).reshape(len(rows), self.dimension)

    def get_chunks(self, ids: Sequence[str]) -> list[StoredChunk]:
        """These chunks (live or staged) with text and metadata, in the order given; unknown
        ids are left out."""
        if not ids:
            return []
        by_id: dict[str, StoredChunk] = {}
        for lo in range(0, len(ids), 5000):  # SQLite refuses a query with too many variables
            got = self._col.get(ids=list(ids[lo:lo + 5000]), include=["documents", "metadatas"])
            by_id.update((i, StoredChunk.from_record(i, d or "", m or {}))
                         for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True))
        return [by_id[i] for i in ids if i in by_id]

    def windows_of(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """chunk id → its sentence-window vectors in sentence order (window j covers sentences
        j and j+1); chunks without windows are left out."""
        out: dict[str, np.ndarray] = {}
        if self._windows is None or not chunk_ids:
            return out
        rows: dict[str, list[tuple[int, Any]]] = {}
        ids = list(chunk_ids)
        for lo in range(0, len(ids), 2000):
            got = self._windows.get(where={"chunk_id": {"$in": ids[lo:lo + 2000]}}, include=["embeddings"])
            for wid, vec in zip(got["ids"], got["embeddings"], strict=True):
                owner, j = str(wid).rsplit(":", 1)
                rows.setdefault(owner, []).append((int(j), vec))
        for owner, vs in rows.items():
            out[owner] = np.asarray([v for _, v in sorted(vs, key=lambda t: t[0])], dtype=np.float32)
        return out

    def nearest(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None, windows: bool = False
                ) -> list[tuple[str, float]]:
        """Chroma's own nearest-neighbour search: (id, cosine) of the ``k`` nearest chunks, or
        sentence windows (ids 'chunk_id:j'), that meet ``where`` (None: any record, staged
        ones included); nothing else is read."""
        col = self._windows if windows else self._col
        if col is None or k <= 0:
            return []
        res = col.query(query_embeddings=[np.asarray(embedding, dtype=np.float32).tolist()],
                        n_results=int(k), where=where, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def pages(self, where: dict[str, Any] | None = None, windows: bool = False, size: int = 5000,
              include: Sequence[str] = ("documents", "metadatas")):
        """Every record (live or not, unless ``where`` says) in pages of ``size``: one bounded
        ``get`` at a time, so a large library is never read in one request."""
        col = self._windows if windows else self._col
        if col is None:
            return
        offset = 0
        while True:
            got = col.get(where=where, include=list(include), limit=size, offset=offset)
            if not got["ids"]:
                return
            yield got
            if len(got["ids"]) < size:
                return
            offset += size

    def all_ids(self) -> dict[str, dict[str, Any]]:
        """Every stored chunk id (live or staged) with its metadata."""
        return {i: (m or {}) for got in self.pages(include=["metadatas"])
                for i, m in zip(got["ids"], got["metadatas"], strict=True)}

    def query(
        self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None,
        collections: Iterable[str] | None = None,
    ) -> list[tuple[StoredChunk, float]]:
        """Nearest live chunks with their cosine similarity; with ``collections``, only
        chunks of these collections are searched."""
        cond: dict[str, Any] = self.live_where(collections)
        found = self.nearest(embedding, k, {"$and": [cond, where]} if where else cond)
        chunks = {c.chunk_id: c for c in self.get_chunks([i for i, _ in found])}
        return [(chunks[i], cos) for i, cos in found if i in chunks]

    def live_where(self, collections: Iterable[str] | None = None) -> dict[str, Any]:
        """The Chroma ``where`` for live chunks, of ``collections`` only when given (None = all).
        An index from before collections has unlabelled passages; they belong to the default
        collection, so reading them for a user needs them labelled first."""
        if collections is not None and DEFAULT_COLLECTION in set(collections) \
                and not self.get_meta("collections_labelled"):
            raise IndexMissingError("This index was built before collections existed, so its passages carry no "
                                    "collection yet — run 'make ingest' (or 'python -m ingest') once to label them.")
        return where_live(collections)

    def doc_collections(self) -> dict[str, str]:
        """doc id → its collection, for every stored chunk (live or staged)."""
        return {str(md.get("doc_id", "")): str(md.get("collection") or DEFAULT_COLLECTION)
                for md in self.all_ids().values()}

    def get_meta(self, key: str) -> Any:
        raw = (self._col.metadata or {}).get(key)
        return json.loads(raw) if isinstance(raw, str) and key.endswith("_json") else raw

    # ---- writing -------------------------------------------------------------------------

    def add_staged(
        self,
        chunks: Sequence[StoredChunk],
        embeddings: np.ndarray,
        windows: Sequence[np.ndarray] = (),
    ) -> None:
        """Stage chunks; ``windows[i]`` holds the sentence-window vectors of ``chunks[i]``."""
        if not chunks:
            return
        if windows and self._windows is not None:
            ids, vecs, mds = [], [], []
            for chunk, rows in zip(chunks, windows, strict=True):
                for j, row in enumerate(rows):
                    ids.append(f"{chunk.chunk_id}:{j}")
                    vecs.append(row)
                    mds.append(window_labels(chunk.chunk_id, chunk.metadata(live=False)))
            if ids:
                self._windows.upsert(ids=ids, embeddings=np.asarray(vecs, dtype=np.float32),
                                     metadatas=mds)
        self._col.upsert(
            ids=[c.chunk_id for c in chunks],
            embeddings=np.asarray(embeddings, dtype=np.float32),
            documents=[c.text for c in chunks],
            # how many windows each chunk has: the search catalogue counts them without reading them
            metadatas=[{**c.metadata(live=False), **({"windows": len(windows[i])} if windows else {})}
                       for i, c in enumerate(chunks)],
        )

    def set_live(self, chunks: Sequence[StoredChunk]) -> None:
        """Make staged chunks visible (metadata rewritten, embeddings untouched); their
        windows take the chunk's collection."""
        if chunks:
            # a label the chunk no longer has (a collapsed copy gone) is removed, not kept
            self._col.update(
                ids=[c.chunk_id for c in chunks],
                metadatas=[{"bouwstenen": None, "also_in": None, **c.metadata(live=True)} for c in chunks],
            )
            self._label_windows({c.chunk_id: c.metadata(live=True) for c in chunks})

    def move(self, doc_id: str, collection: str) -> int:
        """Put every chunk of a document (and its windows) into another collection: metadata
        only, nothing is embedded again. Returns the number of chunks moved."""
        got = self._col.get(where={"doc_id": doc_id}, include=["metadatas"])
        if not got["ids"]:
            return 0
        moved = [{**(m or {}), "collection": collection} for m in got["metadatas"]]
        self._col.update(ids=got["ids"], metadatas=moved)
        self._label_windows(dict(zip(got["ids"], moved, strict=True)))
        return len(got["ids"])

    def label_collections(self) -> int:
        """Give every passage of an index built before collections the default collection,
        and every sentence window its chunk's labels (metadata only). Idempotent; returns
        how many chunks were labelled."""
        todo: dict[str, dict[str, Any]] = {}
        if not self.get_meta("collections_labelled"):
            todo = {i: m for i, m in self.all_ids().items() if not m.get("collection")}
            for i in range(0, len(todo), 500):
                ids = list(todo)[i:i + 500]
                self._col.update(ids=ids, metadatas=[{**todo[x], "collection": DEFAULT_COLLECTION} for x in ids])
            self.set_meta(collections_labelled=1)
        if self._windows is not None and not self.get_meta("windows_labelled"):
            # windows from before they carried doc, blocks and live flag: Chroma could not filter them
            self._label_windows({i: {**m, "collection": m.get("collection") or DEFAULT_COLLECTION}
                                 for i, m in self.all_ids().items()})
            self.set_meta(windows_labelled=1)
        return len(todo)

    def _label_windows(self, chunk_metadata: dict[str, dict[str, Any]]) -> None:
        """Give the windows of these chunks their chunk's filterable labels (doc, collection,
        live flag, building blocks, collapsed copies), so Chroma can filter windows like chunks."""
        if self._windows is None or not chunk_metadata:
            return
        ids = list(chunk_metadata)
        for i in range(0, len(ids), 500):
            got = self._windows.get(where={"chunk_id": {"$in": ids[i:i + 500]}}, include=["metadatas"])
            change = []
            for w, m in zip(got["ids"], got["metadatas"], strict=True):
                owner = (m or {}).get("chunk_id")
                want = window_labels(owner, chunk_metadata[owner], update=True)
                if any((m or {}).get(k) != v for k, v in want.items()):
                    change.append((w, want))
            for j in range(0, len(change), 2000):
                part = change[j:j + 2000]
                self._windows.update(ids=[w for w, _ in part], metadatas=[m for _, m in part])

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if ids:
            if self._windows is not None:
                self._windows.delete(where={"chunk_id": {"$in": ids}})
            self._col.delete(ids=ids)

    def generation(self) -> int:
        """The index's change stamp as stored now (another process may have changed it):
        readers compare it with the one they opened to know when to reopen."""
        return int(self._fresh_metadata().get("generation", 0) or 0)

    def bump_generation(self) -> int:
        stamp = time.time_ns()
        self.set_meta(generation=stamp)
        return stamp

    def _fresh_metadata(self) -> dict[str, Any]:
        if self._client is None:
            return dict(self._col.metadata or {})
        return dict(self._client.get_collection(self._col.name, embedding_function=None).metadata or {})

    def set_meta(self, **values: Any) -> None:
        md = self._fresh_metadata()
        for k, v in values.items():
            md[k] = json.dumps(v, ensure_ascii=False) if k.endswith("_json") else v
        self._col.modify(metadata=md)


def keep_index_backend(settings: Settings) -> Settings:
    """``settings`` with the backend the existing index of the built-in model was built
    with. An index built before onnx-int8 became the default holds torch vectors; the app
    keeps reading (and adding to) it on torch instead of refusing it, and says how to
    switch. Only for the built-in model, and only when the caller did not choose the
    backend (``app.py`` checks that ``NETWERKWIJZER_EMBED_BACKEND`` is unset)."""
    if settings.embed_model != DEFAULT_EMBED_MODEL or settings.embed_backend == "torch":
        return settings
    try:
        col = open_client(settings).get_collection(settings.collection, embedding_function=None)
    except Exception:  # no index (yet) or no server: nothing to keep
        return settings
    if (col.metadata or {}).get("embed_model") != DEFAULT_EMBED_MODEL:
        return settings
    log.warning("The index was built with the torch backend of the built-in model; using torch for "
                "it. For the faster onnx-int8 backend run 'python -m ingest --rebuild' (and add your "
                "own documents again), or set %s=torch to silence this.", env_var("embed_backend"))
    return settings.replace(embed_backend="torch")
