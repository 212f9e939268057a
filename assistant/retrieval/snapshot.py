"""What the Chroma-backed search keeps beside Chroma, saved at ingest: the catalogue, the
lexical (BM25) index with each passage's tokens, and the moments of the chunk and window
vectors. An app process loads it in well under a second (the BM25 matrix memory-mapped)
instead of reading every record and rebuilding the index at every start.

A snapshot is stamped with the store's generation (``Store.generation``), which every change
of the index bumps. ``current(store, ...)`` loads the snapshot of the store's generation, or
brings the last one up to date and saves it:

- tokens are reused for every passage whose lexical text is unchanged, so adding documents
  analyses only the new passages;
- moments are updated by adding the new passages' vectors; when passages went away they are
  summed again from the store, page by page.

It lives under ``DATA_DIR/search/``, one folder per Chroma collection and server. Processes
that share a Chroma server and a ``DATA_DIR`` share it; a process with another ``DATA_DIR``
builds its own once. Saving is atomic: a new folder, then a pointer file replaced in one
rename, so a reader never sees half a snapshot, and a run killed half-way leaves the last
one in place.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.lexical import Analyzer, LexicalIndex
from assistant.retrieval.catalogue import Catalogue
from assistant.retrieval.moments import Moments
from assistant.settings import Settings
from assistant.store import Store, StoredChunk

log = logging.getLogger(__name__)

FORMAT = 1
POINTER = "current.json"
PAGE = 2000


def lexical_text(chunk: StoredChunk) -> str:
    """What BM25 indexes for a passage: where it stands, then the passage."""
    return f"{chunk.context()}\n{chunk.text}"


def folder_for(settings: Settings) -> Path:
    where = "embedded" if settings.chroma_mode == "embedded" else f"{settings.chroma_host}_{settings.chroma_port}"
    return Path(settings.data_dir) / "search" / f"{settings.collection}@{where}"


@dataclass
class Snapshot:
    generation: int
    catalogue: Catalogue
    lexical: LexicalIndex
    chunk_moments: Moments
    window_moments: Moments
    tokens: list[list[str]] | None = None  # each passage's tokens; read only to update the snapshot
    folder: Path | None = None

    def passage_tokens(self) -> list[list[str]]:
        if self.tokens is None:
            self.tokens = _load_tokens(self.folder) if self.folder is not None else []
        return self.tokens


def current(store: Store, folder: Path, analyzer: Analyzer | None = None) -> Snapshot:
    """The snapshot of the store as it is now: loaded when saved for this generation, else
    brought up to date from the last one (or built) and saved."""
    analyzer = analyzer or Analyzer()
    generation = store.generation()
    saved = load(folder, analyzer)
    if saved is not None and saved.generation == generation:
        return saved
    snap = build(store, analyzer, previous=saved, generation=generation)
    try:
        save(snap, folder)
    except OSError as exc:  # a newer generation's save removed this one's folder meanwhile
        log.warning("Search snapshot not saved at %s (%s); it is used from memory.", folder, exc)
    return snap


def load(folder: Path, analyzer: Analyzer | None = None) -> Snapshot | None:
    """The last saved snapshot, or None (none saved, or of another format)."""
    try:
        pointer = json.loads((folder / POINTER).read_text(encoding="utf-8"))
        if pointer.get("format") != FORMAT:
            return None
        here = folder / pointer["dir"]
        catalogue = Catalogue.from_dict(json.loads((here / "catalogue.json").read_text(encoding="utf-8")))
        return Snapshot(int(pointer["generation"]), catalogue, LexicalIndex.load(here / "lexical", analyzer),
                        Moments.load(here / "chunk-moments.npz"), Moments.load(here / "window-moments.npz"),
                        folder=here)
    except (OSError, KeyError, ValueError) as exc:
        if (folder / POINTER).exists():
            log.warning("Search snapshot at %s unreadable (%s); rebuilding it.", folder, exc)
        return None


def _load_tokens(here: Path) -> list[list[str]]:
    with np.load(here / "tokens.npz") as f:
        vocab = json.loads(str(f["vocab"]))
        flat, offsets = f["flat"], f["offsets"]
    return [[vocab[t] for t in flat[offsets[i]:offsets[i + 1]]] for i in range(len(offsets) - 1)]


def save(snap: Snapshot, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"gen-{snap.generation}-{uuid.uuid4().hex[:8]}"
    here = folder / name
    here.mkdir()
    (here / "catalogue.json").write_text(json.dumps(snap.catalogue.to_dict(), ensure_ascii=False), encoding="utf-8")
    tokens = snap.passage_tokens()
    vocab = sorted({t for toks in tokens for t in toks})
    ids = {t: i for i, t in enumerate(vocab)}
    flat = np.fromiter((ids[t] for toks in tokens for t in toks), dtype=np.int32)
    offsets = np.cumsum([0] + [len(t) for t in tokens]).astype(np.int64)
    np.savez(here / "tokens.npz", vocab=np.array(json.dumps(vocab, ensure_ascii=False)), flat=flat, offsets=offsets)
    snap.lexical.save(here / "lexical")
    snap.chunk_moments.save(here / "chunk-moments.npz")
    snap.window_moments.save(here / "window-moments.npz")
    tmp = folder / f"{POINTER}.{uuid.uuid4().hex[:8]}"
    tmp.write_text(json.dumps({"format": FORMAT, "generation": snap.generation, "dir": name}), encoding="utf-8")
    os.replace(tmp, folder / POINTER)
    snap.folder, snap.tokens = here, None  # the tokens are on disk now: free them
    # snapshots of earlier generations go (a reader that opened one keeps its mapped files);
    # one of this generation stays: another process may be writing it right now (two apps
    # started together both build it, and one removed the other's half-written folder)
    for old in folder.iterdir():
        if old.is_dir() and old.name != name and _generation_of(old.name) < snap.generation:
            shutil.rmtree(old, ignore_errors=True)


def _generation_of(name: str) -> int:
    """The generation in a snapshot folder's name ('gen-12-1a2b3c4d'); -1 for another name."""
    parts = name.split("-")
    try:
        return int(parts[1]) if len(parts) == 3 and parts[0] == "gen" else -1
    except ValueError:
        return -1


def build(store: Store, analyzer: Analyzer, previous: Snapshot | None = None, generation: int = 0) -> Snapshot:
    """The snapshot of the store's live passages, reusing what ``previous`` already holds."""
    chunks: list[StoredChunk] = []
    counts: dict[str, int] = {}
    for page in store.pages(where={"live": True}, size=PAGE):
        for i, d, m in zip(page["ids"], page["documents"], page["metadatas"], strict=True):
            chunks.append(StoredChunk.from_record(i, d or "", m or {}))
            if (m or {}).get("windows") is not None:
                counts[i] = int(m["windows"])
    chunks = Catalogue.order(chunks)
    if len(counts) < len(chunks):  # an index from before chunks counted their windows
        counts = _count_windows(store)
    keys = [hashlib.blake2b(lexical_text(c).encode("utf-8"), digest_size=12).hexdigest() for c in chunks]
    known: dict[str, list[str]] = {}
    if previous is not None and len(previous.catalogue.keys) == len(previous.passage_tokens()):
        known = dict(zip(previous.catalogue.keys, previous.passage_tokens(), strict=True))
    tokens = [known[k] if k in known else analyzer(lexical_text(c)) for c, k in zip(chunks, keys, strict=True)]
    catalogue = Catalogue.of(chunks, counts, keys)
    lexical = LexicalIndex.from_tokens(tokens, analyzer)
    chunk_m, window_m = _moments(store, catalogue, previous)
    log.info("Search snapshot: %d passages, %d reused tokens.", len(chunks), sum(k in known for k in keys))
    return Snapshot(generation, catalogue, lexical, chunk_m, window_m, tokens)


def _moments(store: Store, catalogue: Catalogue, previous: Snapshot | None) -> tuple[Moments, Moments]:
    now = set(catalogue.ids)
    if previous is not None and set(previous.catalogue.ids) <= now:
        # only additions: add the new passages' vectors to what was summed before
        added = [c for c in catalogue.ids if c not in previous.catalogue.pos]
        chunk_m = Moments(previous.chunk_moments.count, previous.chunk_moments.total.copy(),
                          previous.chunk_moments.outer.copy())
        window_m = Moments(previous.window_moments.count, previous.window_moments.total.copy(),
                           previous.window_moments.outer.copy())
        for i in range(0, len(added), PAGE // 4):
            part = added[i:i + PAGE // 4]
            chunk_m.add(store.vectors(part))
            for vecs in store.windows_of(part).values():
                window_m.add(vecs)
        return chunk_m, window_m
    # something went away (or nothing saved yet): sum everything that is live again
    chunk_m, window_m = Moments.empty(store.dimension), Moments.empty(store.dimension)
    for page in store.pages(where={"live": True}, size=PAGE, include=["embeddings"]):
        chunk_m.add(np.asarray(page["embeddings"], dtype=np.float64))
    for page in store.pages(where={"live": True}, windows=True, size=PAGE * 5, include=["embeddings"]):
        window_m.add(np.asarray(page["embeddings"], dtype=np.float64))
    return chunk_m, window_m


def _count_windows(store: Store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for page in store.pages(windows=True, size=PAGE * 5, include=["metadatas"]):
        for m in page["metadatas"]:
            owner = (m or {}).get("chunk_id")
            counts[owner] = counts.get(owner, 0) + 1
    return counts
