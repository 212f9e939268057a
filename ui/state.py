"""State: the app-wide ``AppState`` (one per process) and the per-session ``Conversation``.

``AppState`` holds the Assistant once it is ready. ``start()`` opens it in a background
thread, and when there is no index yet it first builds one (``ingest.__main__.ingest``
over the corpus folder), so the web server answers at once and the page tells people
what is happening instead of failing. ``get_assistant()`` is what the REST API and the
UI call: it returns the Assistant or raises ``IndexMissingError`` with a message that
says the index is still being built.

A ``Conversation`` lives in a ``gr.State``, so every browser tab has its own; nothing
about a conversation is ever kept in a module global.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import IndexMissingError, NetwerkwijzerError
from assistant.settings import Settings
from assistant.types import Answer, Passage

log = logging.getLogger("netwerkwijzer.ui")

LOADING, BUILDING, READY, ERROR = "loading", "building", "ready", "error"
CHECK_EVERY = 2.0  # seconds between looks at the index's generation (another process may ingest)


class AppState:
    """The Assistant, or how far getting one is. Thread-safe; shared by all sessions."""

    def __init__(self, settings: Settings, assistant: Any = None,
                 open_assistant: Callable[[Settings], Any] | None = None,
                 build_index: Callable[[Settings], Any] | None = None, audit: Any = None):
        self.settings = settings
        self._audit = audit  # an AuditLog: the first-start index build is a document change
        self._open = open_assistant or _open_assistant
        self._build = build_index or _build_index
        self._lock = threading.Lock()
        self._assistant = assistant
        self._status = READY if assistant is not None else LOADING
        self._error = ""
        self._since = time.monotonic()
        self._thread: threading.Thread | None = None
        self._mozaiek: dict | None = None
        self._documents: list[dict] | None = None
        self._generation = self._stamp(assistant)
        self._checked = time.monotonic()
        self._reload_lock = threading.Lock()
        self._when_ready: list[Callable[[], Any]] = []

    # ---- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Open (and if needed first build) the index in a background thread."""
        with self._lock:
            if self._assistant is not None or self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="netwerkwijzer-load",
                                            daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until ready or failed (for tests and scripts); True when ready."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.status == READY

    def _run(self) -> None:
        try:
            try:
                assistant = self._open(self.settings)
            except IndexMissingError:
                self._set(BUILDING)
                log.info("no index yet: building it from %s", self.settings.corpus_dir)
                report = self._build(self.settings)
                if self._audit is not None:
                    self._audit.record("documents.build", "@system",
                                       f"{getattr(report, 'documents', '?')} documents from {self.settings.corpus_dir}")
                self._set(LOADING)
                assistant = self._open(self.settings)
            with self._lock:
                self._assistant = assistant
                self._generation = self._stamp(assistant)
                self._status = READY
            log.info("assistant ready")
            self._run_when_ready()
        except NetwerkwijzerError as exc:
            log.error("the assistant could not be started: %s", exc)
            self._set(ERROR, str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to people, logged with its trace
            log.exception("the assistant could not be started")
            self._set(ERROR, f"{type(exc).__name__}: {exc}")

    def _set(self, status: str, error: str = "") -> None:
        with self._lock:
            self._status, self._error, self._since = status, error, time.monotonic()

    # ---- queries --------------------------------------------------------------------------

    @property
    def status(self) -> str:
        return self._status

    @property
    def ready(self) -> bool:
        return self._status == READY

    def when_ready(self, callback: Callable[[], Any]) -> None:
        """Call ``callback`` once the Assistant is ready (at once if it is)."""
        with self._lock:
            if self._assistant is None:
                self._when_ready.append(callback)
                return
        callback()

    def _run_when_ready(self) -> None:
        with self._lock:
            callbacks, self._when_ready = self._when_ready, []
        for callback in callbacks:
            try:
                callback()
            except Exception:  # noqa: BLE001 - e.g. resuming uploads; the app itself is ready
                log.exception("a start-up task failed")

    def reload(self, force: bool = False) -> bool:
        """Reopen the index when its generation changed (documents added, moved, deleted, by
        this process or another); the old Assistant answers until the new one is ready.
        True when a new one was opened."""
        old = self._assistant
        if old is None:
            return False
        with self._reload_lock:
            self._checked = time.monotonic()
            current = self._stamp(old)
            if not force and current == self._generation:
                return False
            from assistant.core import Assistant

            new = Assistant.from_settings(self.settings, old.config, embedder=old.retriever.embedder)
            try:
                from assistant.advice import warm

                warm(new)
            except NetwerkwijzerError as exc:
                log.warning("advice not warmed up: %s", exc)
            with self._lock:
                self._assistant, self._generation = new, current
                self._mozaiek, self._documents = None, None
            log.info("index changed: assistant reopened")
            return True

    @staticmethod
    def _stamp(assistant) -> int:
        try:
            return assistant.retriever.store.generation() if assistant is not None else 0
        except Exception:  # noqa: BLE001 - a fake or closed store: no reloads
            return 0

    def get_assistant(self):
        """The ready Assistant; IndexMissingError (a message for people) while it is not.
        Every few seconds it looks whether the index changed and reopens it (in the background)."""
        assistant = self._assistant
        if assistant is not None:
            if time.monotonic() - self._checked > CHECK_EVERY and not self._reload_lock.locked():
                self._checked = time.monotonic()
                threading.Thread(target=self._reload_quietly, name="netwerkwijzer-reload", daemon=True).start()
            return assistant
        if self._status == ERROR:
            raise IndexMissingError(f"De assistent kon niet starten: {self._error}")
        if self._status == BUILDING:
            raise IndexMissingError("Index wordt opgebouwd… Dit duurt bij de eerste start "
                                    "ongeveer anderhalve minuut; probeer het zo nog eens.")
        raise IndexMissingError("De assistent wordt geladen… Probeer het over een paar "
                                "seconden nog eens.")

    def status_line(self) -> tuple[str, str]:
        """(kind, Dutch message) for the status bar."""
        seconds = int(time.monotonic() - self._since)
        if self._status == READY:
            a = self._assistant
            try:
                health = a.health()
                backend = {"extractive": "extractief (zonder taalmodel)"}.get(
                    health.get("backend", ""), health.get("backend", ""))
                return READY, (f"Klaar: {health.get('documents', '?')} documenten, "
                               f"{health.get('chunks', '?')} passages · antwoorden: {backend}")
            except Exception:  # noqa: BLE001 - the status bar must never break the page
                return READY, "Klaar."
        if self._status == BUILDING:
            return BUILDING, (f"Index wordt opgebouwd… ({seconds} s) De documenten worden "
                              "gelezen en ingebed; dit gebeurt alleen bij de eerste start. Je "
                              "kunt alvast rondkijken.")
        if self._status == ERROR:
            return ERROR, f"De assistent kon niet starten: {self._error}"
        return LOADING, f"De assistent wordt geladen… ({seconds} s)"

    def mozaiek(self) -> dict | None:
        """The mozaiek as in /api/mozaiek, or None while not ready / not in the index."""
        if self._mozaiek is None and self.ready:
            try:
                self._mozaiek = self._assistant.mozaiek().to_dict()
            except NetwerkwijzerError as exc:
                log.warning("no mozaiek: %s", exc)
                self._mozaiek = {}  # asked once; the index will not grow one while running
        return self._mozaiek or None

    def documents(self) -> list[dict]:
        if self._documents is None and self.ready:
            self._documents = self._assistant.documents()
        return self._documents or []


    def _reload_quietly(self) -> None:
        try:
            self.reload()
        except Exception:  # noqa: BLE001 - the old index keeps answering; tried again later
            log.exception("reopening the index failed")


def _open_assistant(settings: Settings):
    from assistant.advice import warm
    from assistant.core import Assistant

    assistant = Assistant.from_settings(settings)
    try:  # the first advice after start should not pay for embedding the block texts
        warm(assistant)
    except NetwerkwijzerError as exc:  # e.g. an index without the magazine: advice says so when asked
        log.warning("advice not warmed up: %s", exc)
    return assistant


def _build_index(settings: Settings):
    from ingest.__main__ import ingest

    report = ingest(settings, [settings.corpus_dir], show_progress=True)
    log.info("index built:\n%s", report.summary())
    return report


# ---- per session ------------------------------------------------------------------------


@dataclass
class Turn:
    question: str
    mode: str  # 'answer' | 'advice' | 'search'
    doc_ids: list[str] = field(default_factory=list)
    bouwstenen: list[str] = field(default_factory=list)
    query: str = ""  # the standalone search query, once known
    partial: str = ""  # the streamed text so far
    answer: Answer | None = None
    passages: list[Passage] = field(default_factory=list)
    error: str = ""
    error_detail: str = ""
    done: bool = False


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)
    session: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    feedback: dict[int, int] = field(default_factory=dict)  # turn index → feedback row id

    def history(self) -> list[dict[str, str]]:
        """Earlier questions and answers, as ``Assistant.ask`` takes them."""
        out: list[dict[str, str]] = []
        for t in self.turns:
            if t.answer is None or t.error:
                continue
            out.append({"role": "user", "content": t.question})
            out.append({"role": "assistant", "content": t.answer.text})
        return out[-20:]

    def last_answer(self) -> tuple[int, Turn] | None:
        """(index, turn) of the latest answered question."""
        for i in range(len(self.turns) - 1, -1, -1):
            t = self.turns[i]
            if t.answer is not None and not t.error:
                return i, t
        return None
