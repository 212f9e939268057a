"""Documents people add, and the background ingest that puts them in the index.

``DocumentManager`` is what the REST API, the CLI and the Beheer tab call: add files
(one or many) to a collection, list, rename, move, re-ingest and delete. Everything it
knows lives under ``DATA_DIR/uploads``:

- ``<doc_id>/<file name>``: the file as uploaded, written and fsynced *before* its
  ingest is queued; a ``manifest.toml`` beside it once someone gives it another title;
- ``documents.json``: per document its collection, status (``wachtend``, ``bezig``,
  ``klaar``, ``fout``), reason, chunks and ingest time, rewritten atomically.

So a crash or ``kill -9`` during an ingest loses nothing: at the next start every
document still ``wachtend`` or ``bezig`` is ingested again (the pipeline reuses what it
had embedded). One worker thread ingests, one document at a time; progress (documents,
passages, estimated time left) is kept for the page and ``GET /api/documents/progress``.
After every change the store's generation is bumped (``Store.bump_generation``) so every
process of the app reopens its index (``ui.state.AppState``).

Documents from ``corpus/`` (``make ingest``) are listed and can be moved to another
collection; renaming, re-ingesting and deleting them is done in ``corpus/`` itself.

The ingest itself is passed in (``ingest=``: ``ingest.pipeline.run`` in the app and the
CLI ``python -m ingest.documents``), so the assistant never imports the ingest code.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.documents.collections import CollectionRegistry
from assistant.errors import InputError
from assistant.locks import file_lock
from assistant.text.slug import slug

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".pdf", ".docx")
UPLOADS = "uploads"
MAX_UPLOAD_FILES = 20  # per request: the body limit of an upload is this many times the file limit
WAITING, RUNNING, DONE, FAILED = "wachtend", "bezig", "klaar", "fout"


@dataclass
class DocRecord:
    doc_id: str
    file: str
    collection: str
    status: str = WAITING
    reason: str = ""
    chunks: int = 0
    ingested: str = ""  # ISO time of the last finished ingest
    title: str = ""  # the title given by a beheerder ('' = the file's own)
    size: int = 0

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocRecord:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass
class Progress:
    documents: int = 0  # in this run
    done: int = 0
    current: str = ""
    chunks: int = 0  # passages of the current document embedded so far
    chunks_total: int = 0
    started: float = 0.0
    seconds_left: float | None = None
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.done < self.documents

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "running": self.running,
                "failed": [{"file": f, "reason": r} for f, r in self.failed]}


class DocumentManager:
    """``ingest(paths, store, embedder, *, progress, collection, max_file_mb)`` puts files in
    the index and returns a report with ``chunks`` and ``skipped`` (``ingest.pipeline.run``)."""

    def __init__(self, settings, open_store: Callable[[], Any], embedder_factory: Callable[[], Any],
                 registry: CollectionRegistry | None = None, audit=None,
                 on_change: Callable[[], None] | None = None, *, ingest: Callable[..., Any]):
        self.settings = settings
        self._ingest_files = ingest
        self.root = Path(settings.data_dir) / UPLOADS
        self.max_bytes = int(float(settings.max_file_mb) * 1024 * 1024)
        self.registry = registry or CollectionRegistry.for_settings(settings)
        self._open_store = open_store
        self._embedder_factory = embedder_factory
        self._embedder = None
        self.audit = audit
        self.on_change = on_change
        self._lock = threading.RLock()  # documents.json and every store write
        self._records_held = False  # this process holds the file lock of documents.json
        self._queue: queue.Queue[str] = queue.Queue()
        self._worker: threading.Thread | None = None
        self.progress = Progress()

    # ---- reading ---------------------------------------------------------------------------

    def records(self) -> dict[str, DocRecord]:
        path = self.root / "documents.json"
        with self._lock:
            if not path.exists():
                return {}
            raw = json.loads(path.read_text(encoding="utf-8"))
            return {d["doc_id"]: DocRecord.from_dict(d) for d in raw.get("documents", [])}

    def listing(self, indexed: list[dict]) -> list[dict]:
        """Every document (``indexed``: ``Assistant.documents()`` of a beheerder) with its
        collection, passages, status and ingest time; uploads not yet (or not) in the index too."""
        records = self.records()
        names = {c.id: c.name for c in self.registry.collections()}
        out = []
        for d in indexed:
            rec = records.get(d["doc_id"])
            out.append({"doc_id": d["doc_id"], "title": d["title"], "collection": d.get("collection", ""),
                        "collection_name": names.get(d.get("collection", ""), d.get("collection", "")),
                        "chunks": d.get("chunks", 0), "status": rec.status if rec else DONE,
                        "reason": rec.reason if rec else "",
                        "ingested": (rec.ingested if rec else "") or d.get("ingested", ""),
                        "uploaded": rec is not None, "file": rec.file if rec else "",
                        "merged_into": d.get("merged_into", {})})
        shown = {d["doc_id"] for d in out}
        for rec in records.values():
            if rec.doc_id not in shown:
                out.append({"doc_id": rec.doc_id, "title": rec.title or rec.file, "collection": rec.collection,
                            "collection_name": names.get(rec.collection, rec.collection), "chunks": rec.chunks,
                            "status": rec.status, "reason": rec.reason, "ingested": rec.ingested,
                            "uploaded": True, "file": rec.file})
        return sorted(out, key=lambda d: (d["collection"] != "bronnen", d["title"].casefold()))

    # ---- changing --------------------------------------------------------------------------

    def add(self, files: list[tuple[str, bytes]], collection: str, user: str = "?") -> tuple[list[DocRecord],
                                                                                              list[tuple[str, str]]]:
        """Store each file durably and queue its ingest. Returns (queued, [(file, reason)]):
        a bad file is refused by name with the reason, and the rest goes in."""
        self.registry.check(collection)
        if not files:
            raise InputError("Kies eerst een of meer bestanden (.txt, .md, .pdf of .docx).")
        if len(files) > MAX_UPLOAD_FILES:
            raise InputError(f"Hoogstens {MAX_UPLOAD_FILES} bestanden tegelijk; je koos er {len(files)}.")
        queued, refused = [], []
        indexed_elsewhere = self._corpus_doc_ids()
        for name, data in files:
            name = Path(str(name)).name  # never a path from the client
            reason = self._refusal(name, data)
            doc_id = slug(Path(name).stem)
            if not reason and doc_id in indexed_elsewhere:
                reason = (f"er staat al een document met id '{doc_id}' in de bronnen (corpus/); "
                          "geef het bestand een andere naam")
            if reason:
                refused.append((name, reason))
                continue
            folder = self.root / doc_id
            with self._changing_records():
                records = self.records()
                old = records.get(doc_id)
                if old is not None and old.file != name:
                    (folder / old.file).unlink(missing_ok=True)
                folder.mkdir(parents=True, exist_ok=True)
                _write_durably(folder / name, data)
                rec = DocRecord(doc_id, name, collection, WAITING, "", old.chunks if old else 0,
                                old.ingested if old else "", old.title if old else "", len(data))
                records[doc_id] = rec
                self._save(records)
            queued.append(rec)
            self._record("documents.upload", user, f"{name} → {collection}")
        for rec in queued:
            self._enqueue(rec.doc_id)
        return queued, refused

    def rename(self, doc_id: str, title: str, user: str = "?") -> DocRecord:
        title = " ".join(str(title or "").split())
        if not title or len(title) > 200:
            raise InputError("Een titel heeft 1 tot 200 tekens.")
        rec = self._uploaded(doc_id, "een andere titel geven")
        with self._changing_records():
            records = self.records()
            rec = records[doc_id]
            rec.title, rec.status, rec.reason = title, WAITING, ""
            _write_manifest(self.root / doc_id, rec)
            self._save(records)
        self._record("documents.rename", user, f"{doc_id}: {title}")
        self._enqueue(doc_id)  # the title is part of what is embedded (the passage's context)
        return rec

    def move(self, doc_id: str, collection: str, user: str = "?") -> int:
        """Put a document in another collection: metadata only, nothing is embedded again."""
        self.registry.check(collection)
        with self._changing_records():
            store = self._open_store()
            moved = store.move(doc_id, collection)
            records = self.records()
            uploaded = doc_id in records
            if uploaded:
                records[doc_id].collection = collection
                records[doc_id].status = WAITING
                self._save(records)
            elif not moved:
                raise InputError(f"Onbekend document {doc_id[:60]!r}.")
            store.bump_generation()
        self._record("documents.move", user, f"{doc_id} → {collection}")
        self._changed()
        if uploaded:  # near-duplicates collapse within a collection: check again in the new one
            self._enqueue(doc_id)  # (embeds only passages that were collapsed before, if any)
        return moved

    def reingest(self, doc_id: str, user: str = "?") -> DocRecord:
        rec = self._uploaded(doc_id, "opnieuw inlezen")
        with self._changing_records():
            records = self.records()
            records[doc_id].status, records[doc_id].reason = WAITING, ""
            self._save(records)
        self._record("documents.reingest", user, doc_id)
        self._enqueue(doc_id)
        return rec

    def delete(self, doc_id: str, user: str = "?") -> int:
        self._uploaded(doc_id, "verwijderen")
        with self._changing_records():
            store = self._open_store()
            ids = [i for i, md in store.all_ids().items() if md.get("doc_id") == doc_id]
            store.delete(ids)
            store.bump_generation()
            records = self.records()
            records.pop(doc_id, None)
            self._save(records)
            shutil.rmtree(self.root / doc_id, ignore_errors=True)
        self._record("documents.delete", user, f"{doc_id} ({len(ids)} passages)")
        self._changed()
        return len(ids)

    # ---- the worker --------------------------------------------------------------------------

    def resume(self) -> int:
        """Queue every document left ``wachtend`` or ``bezig`` (a crash, a kill, a restart)."""
        pending = [r.doc_id for r in self.records().values() if r.status in (WAITING, RUNNING)]
        for doc_id in pending:
            self._enqueue(doc_id)
        return len(pending)

    def wait(self, timeout: float = 300) -> bool:
        """Block until the queue is empty (tests, the CLI); True when it is."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._queue.unfinished_tasks == 0:
                return True
            time.sleep(0.05)
        return False

    def _enqueue(self, doc_id: str) -> None:
        with self._lock:
            if not self.progress.running:
                self.progress = Progress(started=time.monotonic())
            self.progress.documents += 1
            self._queue.put(doc_id)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="netwerkwijzer-documents", daemon=True)
                self._worker.start()

    def _work(self) -> None:
        while True:
            try:
                doc_id = self._queue.get(timeout=5)
            except queue.Empty:
                return
            try:
                self._ingest(doc_id)
            except Exception as exc:  # noqa: BLE001 - reported on the document, logged with its trace
                log.exception("ingesting %s failed", doc_id)
                self._finish(doc_id, FAILED, f"{type(exc).__name__}: {exc}", 0)
            finally:
                self._changed()  # the app answers from the new index before this counts as done
                with self._lock:
                    self.progress.done += 1
                    self.progress.current, self.progress.chunks, self.progress.chunks_total = "", 0, 0
                self._queue.task_done()

    def _ingest(self, doc_id: str) -> None:
        rec = self.records().get(doc_id)
        if rec is None:  # deleted while waiting
            return
        path = self.root / doc_id / rec.file
        self._set_status(doc_id, RUNNING)
        with self._lock:
            self.progress.current = rec.file
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            with self._lock:
                p = self.progress
                p.chunks, p.chunks_total = done, total
                elapsed = time.monotonic() - started
                rate = done / elapsed if done and elapsed > 0 else None
                left_here = (total - done) / rate if rate else None
                per_doc = (time.monotonic() - p.started) / max(p.done, 1) if p.done else None
                later = (p.documents - p.done - 1) * (per_doc or (total / rate if rate else 0))
                p.seconds_left = round(left_here + later, 1) if left_here is not None else None

        with self._lock:
            store = self._open_store()
            if self._embedder is None:
                self._embedder = self._embedder_factory()
            report = self._ingest_files([path], store, self._embedder, progress=progress,
                                        collection=rec.collection, max_file_mb=self.max_bytes / 1024 / 1024)
            store.bump_generation()
        if report.skipped:
            reason = "; ".join(s.reason for s in report.skipped)
            with self._lock:
                self.progress.failed.append((rec.file, reason))
            self._finish(doc_id, FAILED, reason, 0)
        else:
            self._finish(doc_id, DONE, "", report.chunks)

    def _finish(self, doc_id: str, status: str, reason: str, chunks: int) -> None:
        with self._changing_records():
            records = self.records()
            rec = records.get(doc_id)
            if rec is None:
                return
            rec.status, rec.reason = status, reason
            if status == DONE:
                rec.chunks, rec.ingested = chunks, datetime.now(UTC).isoformat(timespec="seconds")
            self._save(records)

    def _set_status(self, doc_id: str, status: str) -> None:
        with self._changing_records():
            records = self.records()
            if doc_id in records:
                records[doc_id].status = status
                self._save(records)

    # ---- internals ---------------------------------------------------------------------------

    def _refusal(self, name: str, data: bytes) -> str:
        suffix = Path(name).suffix.lower()
        if suffix not in SUFFIXES:
            return f"bestandstype '{suffix or '(geen)'}' wordt niet ondersteund; gebruik .txt, .md, .pdf of .docx"
        if not data:
            return "het bestand is leeg"
        if len(data) > self.max_bytes:
            return (f"het bestand is {len(data) / 1024 / 1024:.1f} MB; de grens is "
                    f"{self.max_bytes / 1024 / 1024:.0f} MB (instelling NETWERKWIJZER_MAX_FILE_MB). "
                    "Splits het bestand of verhoog de grens")
        return ""

    def _uploaded(self, doc_id: str, what: str) -> DocRecord:
        rec = self.records().get(doc_id)
        if rec is None:
            if doc_id in self._corpus_doc_ids():
                raise InputError(f"'{doc_id}' komt uit de bronnenmap (corpus/): pas het daar aan en draai "
                                 f"'make ingest' om het te {what}.")
            raise InputError(f"Onbekend document {doc_id[:60]!r}.")
        return rec

    def _corpus_doc_ids(self) -> set[str]:
        """Doc ids in the index that did not come through this manager."""
        records = self.records()
        store = self._open_store()
        return {str(md.get("doc_id")) for md in store.all_ids().values()} - set(records)

    @contextlib.contextmanager
    def _changing_records(self):
        """documents.json is read, changed and written by one process at a time (the app's
        processes and the CLI share it): this thread's lock plus ``file_lock``."""
        with self._lock:
            if self._records_held:  # already held further up in this thread
                yield
                return
            with file_lock(self.root / ".documents.lock"):
                self._records_held = True
                try:
                    yield
                finally:
                    self._records_held = False

    def _save(self, records: dict[str, DocRecord]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        payload = {"documents": [asdict(r) for r in sorted(records.values(), key=lambda r: r.doc_id)]}
        _write_durably(self.root / "documents.json", json.dumps(payload, ensure_ascii=False, indent=1).encode())

    def _record(self, event: str, user: str, detail: str) -> None:
        if self.audit is not None:
            try:
                self.audit.record(event, user, detail, "")
            except Exception:  # noqa: BLE001 - a full disk must not stop document work; logged
                log.exception("writing the audit log failed")

    def _changed(self) -> None:
        if self.on_change is not None:
            try:
                self.on_change()
            except Exception:  # noqa: BLE001 - the index is changed either way; the reload is retried
                log.exception("reloading the assistant failed")


def _write_durably(path: Path, data: bytes) -> None:
    """Write to a temp file, fsync, rename: the file is either the old or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _write_manifest(folder: Path, rec: DocRecord) -> None:
    """The title a beheerder gave, as the ingest reads it (``manifest.toml`` beside the file)."""
    kind = Path(rec.file).suffix.lstrip(".")
    text = (f"[documents.{json.dumps(rec.file, ensure_ascii=False)}]\n"
            f"id = {json.dumps(rec.doc_id)}\ntitle = {json.dumps(rec.title, ensure_ascii=False)}\n"
            f"kind = {json.dumps(kind)}\n")
    _write_durably(folder / "manifest.toml", text.encode("utf-8"))
