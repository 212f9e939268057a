"""Feedback on answers: thumbs up/down with an optional reason, in SQLite, out as CSV.

One row per judgement, with who gave it (the account name), the question, the answer text and its citations (JSON),
so a row can be checked later without the conversation. The database lives at
``settings.data_dir / "feedback.sqlite"``; every call opens its own connection, so
concurrent sessions (Gradio worker threads) never share one.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from assistant.errors import InputError
from assistant.types import Answer

REASONS = ("bron klopt niet", "onvolledig", "niet relevant", "anders")
RATINGS = {"up": 1, "down": -1}
COLUMNS = ("id", "created", "user", "session", "rating", "reason", "comment", "mode", "question",
           "query", "answer", "citations", "backend")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    session TEXT NOT NULL,
    user TEXT NOT NULL DEFAULT '',
    rating INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    query TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL,
    citations TEXT NOT NULL DEFAULT '[]',
    backend TEXT NOT NULL DEFAULT ''
)
"""


class FeedbackStore:
    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def for_settings(cls, settings) -> FeedbackStore:
        return cls(Path(settings.data_dir) / "feedback.sqlite")

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10)
        con.execute(_SCHEMA)
        if "user" not in {row[1] for row in con.execute("PRAGMA table_info(feedback)")}:
            con.execute("ALTER TABLE feedback ADD COLUMN user TEXT NOT NULL DEFAULT ''")  # before accounts existed
        return con

    def add(self, answer: Answer, rating: str, reason: str = "", comment: str = "",
            session: str = "", user: str = "") -> int:
        """Store one judgement; ``rating`` is 'up' or 'down'. Returns the row id."""
        if rating not in RATINGS:
            raise InputError(f"Onbekende beoordeling {rating!r}: kies 'up' of 'down'.")
        reason = (reason or "").strip()
        if reason and reason not in REASONS:
            raise InputError(f"Onbekende reden {reason!r}. Kies uit: {', '.join(REASONS)}.")
        citations = json.dumps([c.to_dict() for c in answer.citations], ensure_ascii=False)
        row = (datetime.now(UTC).isoformat(timespec="seconds"), session, user, RATINGS[rating], reason,
               (comment or "").strip()[:2000], answer.mode, answer.question, answer.query,
               answer.text, citations, answer.backend)
        with closing(self._connect()) as con, con:
            cur = con.execute(
                "INSERT INTO feedback (created, session, user, rating, reason, comment, mode, question,"
                " query, answer, citations, backend) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row)
            return int(cur.lastrowid)

    def update(self, row_id: int, *, rating: str | None = None, reason: str | None = None,
               comment: str | None = None) -> None:
        """Change a judgement (people pick a reason after the thumb, or change their mind)."""
        changes: dict[str, object] = {}
        if rating is not None:
            if rating not in RATINGS:
                raise InputError(f"Onbekende beoordeling {rating!r}: kies 'up' of 'down'.")
            changes["rating"] = RATINGS[rating]
        if reason is not None:
            reason = reason.strip()
            if reason and reason not in REASONS:
                raise InputError(f"Onbekende reden {reason!r}. Kies uit: {', '.join(REASONS)}.")
            changes["reason"] = reason
        if comment is not None:
            changes["comment"] = comment.strip()[:2000]
        if not changes:
            return
        sets = ", ".join(f"{k} = ?" for k in changes)
        with closing(self._connect()) as con, con:
            con.execute(f"UPDATE feedback SET {sets} WHERE id = ?", (*changes.values(), row_id))

    def rows(self) -> list[dict]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as con:
            con.row_factory = sqlite3.Row
            return [dict(r) for r in con.execute(
                f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")]

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows():
            writer.writerow({k: _csv_safe(v) for k, v in row.items()})
        return buf.getvalue()

    def export_csv(self, path: Path) -> Path:
        # utf-8-sig so that Excel opens the accents right
        Path(path).write_text(self.to_csv(), encoding="utf-8-sig")
        return Path(path)


def _csv_safe(value):
    """Defuse spreadsheet formulas: text starting with = + - @ gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
