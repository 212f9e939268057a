"""The audit log: who did what and when, in SQLite (``DATA_DIR/audit.sqlite``).

Logged: logins and failed logins, logouts, exports (feedback, handouts, conversations,
the audit log itself), document changes and user changes. Rows are only added; the
``beheerder`` reads them through ``GET /api/audit`` (JSON or CSV) and the Beheer tab.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

COLUMNS = ("id", "time", "user", "event", "detail", "ip")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    user TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
)
"""


class AuditLog:
    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def for_settings(cls, settings) -> AuditLog:
        return cls(Path(settings.data_dir) / "audit.sqlite")

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10)
        con.execute(_SCHEMA)
        return con

    def record(self, event: str, user: str, detail: str = "", ip: str = "") -> None:
        row = (datetime.now(UTC).isoformat(timespec="seconds"), user[:100], event, detail[:500], ip[:64])
        with closing(self._connect()) as con, con:
            con.execute("INSERT INTO audit (time, user, event, detail, ip) VALUES (?,?,?,?,?)", row)

    def rows(self, limit: int = 1000, event: str | None = None) -> list[dict]:
        """The newest ``limit`` rows, newest first."""
        if not self.path.exists():
            return []
        sql = f"SELECT {', '.join(COLUMNS)} FROM audit"
        args: tuple = ()
        if event:
            sql, args = sql + " WHERE event = ?", (event,)
        with closing(self._connect()) as con:
            con.row_factory = sqlite3.Row
            return [dict(r) for r in con.execute(sql + " ORDER BY id DESC LIMIT ?", (*args, limit))]

    def to_csv(self, limit: int = 100_000) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in reversed(self.rows(limit)):
            writer.writerow({k: _csv_safe(v) for k, v in row.items()})
        return buf.getvalue()


def _csv_safe(value):
    """Defuse spreadsheet formulas (user names and details come from outside)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
