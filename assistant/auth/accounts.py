"""Local accounts, personal API keys and login sessions, in SQLite (``DATA_DIR/auth.sqlite``).

Passwords are stored as Argon2id hashes, API keys and session tokens as SHA-256
hashes (see ``passwords``); nothing stored here lets a reader log in. Every call opens
its own connection, so request threads never share one. Removing a user removes their
keys and sessions; a new password ends their sessions.
"""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from assistant.auth.passwords import hash_password, needs_rehash, new_token, token_hash, verify_password
from assistant.auth.roles import check_role

NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
KEY_PREFIX = "nwk_"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password_hash TEXT,
    oidc_sub TEXT UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    hash TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    label TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    hash TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    expires REAL NOT NULL
);
"""


class AccountError(ValueError):
    """A request the store cannot carry out; the message says what to change."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    has_password: bool
    oidc: bool
    created: str
    api_keys: int = 0


class AccountStore:
    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def for_settings(cls, settings) -> AccountStore:
        return cls(Path(settings.data_dir) / "auth.sqlite")

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10)
        con.execute("PRAGMA foreign_keys = ON")
        con.executescript(_SCHEMA)
        return con

    # ---- users -----------------------------------------------------------------------------

    def has_users(self) -> bool:
        if not self.path.exists():
            return False
        with closing(self._connect()) as con:
            return con.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def add(self, name: str, role: str, password: str | None = None, oidc_sub: str | None = None) -> User:
        name = check_name(name)
        check_role(role)
        hashed = hash_password(password) if password is not None else None
        try:
            with closing(self._connect()) as con, con:
                con.execute("INSERT INTO users (name, role, password_hash, oidc_sub, created) VALUES (?,?,?,?,?)",
                            (name, role, hashed, oidc_sub, _now()))
        except sqlite3.IntegrityError:
            raise AccountError(f"User {name!r} already exists; pick another name or use reset-password.") from None
        return self.get(name)  # type: ignore[return-value]

    def get(self, name: str) -> User | None:
        if not self.path.exists():
            return None
        with closing(self._connect()) as con:
            row = con.execute(
                "SELECT name, role, password_hash IS NOT NULL, oidc_sub IS NOT NULL, created,"
                " (SELECT COUNT(*) FROM api_keys k WHERE k.user = u.name) FROM users u WHERE name = ?",
                (name,)).fetchone()
        return User(row[0], row[1], bool(row[2]), bool(row[3]), row[4], row[5]) if row else None

    def list(self) -> list[User]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as con:
            rows = con.execute(
                "SELECT name, role, password_hash IS NOT NULL, oidc_sub IS NOT NULL, created,"
                " (SELECT COUNT(*) FROM api_keys k WHERE k.user = u.name) FROM users u ORDER BY name").fetchall()
        return [User(r[0], r[1], bool(r[2]), bool(r[3]), r[4], r[5]) for r in rows]

    def remove(self, name: str) -> None:
        with closing(self._connect()) as con, con:
            if con.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                raise AccountError(f"No user {name!r}; see 'python -m assistant.auth users list'.")

    def set_role(self, name: str, role: str) -> None:
        check_role(role)
        with closing(self._connect()) as con, con:
            if con.execute("UPDATE users SET role = ? WHERE name = ?", (role, name)).rowcount == 0:
                raise AccountError(f"No user {name!r}; see 'python -m assistant.auth users list'.")

    def set_password(self, name: str, password: str) -> None:
        hashed = hash_password(password)
        with closing(self._connect()) as con, con:
            if con.execute("UPDATE users SET password_hash = ? WHERE name = ?", (hashed, name)).rowcount == 0:
                raise AccountError(f"No user {name!r}; see 'python -m assistant.auth users list'.")
            con.execute("DELETE FROM sessions WHERE user = ?", (name,))

    def check_password(self, name: str, password: str) -> User | None:
        """The user when the password is right; None otherwise (same time either way)."""
        stored = None
        if self.path.exists():
            with closing(self._connect()) as con:
                row = con.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
            stored = row[0] if row else None
        if not verify_password(stored, password):
            return None
        if needs_rehash(stored):  # type: ignore[arg-type]
            self.set_password(name, password)
        return self.get(name)

    def by_oidc(self, sub: str) -> User | None:
        if not self.path.exists():
            return None
        with closing(self._connect()) as con:
            row = con.execute("SELECT name FROM users WHERE oidc_sub = ?", (sub,)).fetchone()
        return self.get(row[0]) if row else None

    # ---- API keys ------------------------------------------------------------------------

    def new_api_key(self, name: str, label: str = "") -> str:
        """A new personal key for ``name``; shown once, only its hash is kept."""
        if self.get(name) is None:
            raise AccountError(f"No user {name!r}; add the user first.")
        key = KEY_PREFIX + new_token()
        with closing(self._connect()) as con, con:
            con.execute("INSERT INTO api_keys (hash, user, label, created) VALUES (?,?,?,?)",
                        (token_hash(key), name, label, _now()))
        return key

    def revoke_api_keys(self, name: str) -> int:
        with closing(self._connect()) as con, con:
            return con.execute("DELETE FROM api_keys WHERE user = ?", (name,)).rowcount

    def user_for_api_key(self, key: str) -> User | None:
        if not key.startswith(KEY_PREFIX) or not self.path.exists():
            return None
        with closing(self._connect()) as con:
            row = con.execute("SELECT user FROM api_keys WHERE hash = ?", (token_hash(key),)).fetchone()
        return self.get(row[0]) if row else None

    # ---- sessions ------------------------------------------------------------------------

    def new_session(self, name: str, seconds: float) -> str:
        token = new_token()
        with closing(self._connect()) as con, con:
            con.execute("DELETE FROM sessions WHERE expires < ?", (time.time(),))
            con.execute("INSERT INTO sessions (hash, user, expires) VALUES (?,?,?)",
                        (token_hash(token), name, time.time() + seconds))
        return token

    def user_for_session(self, token: str) -> User | None:
        if not self.path.exists():
            return None
        with closing(self._connect()) as con:
            row = con.execute("SELECT user FROM sessions WHERE hash = ? AND expires > ?",
                              (token_hash(token), time.time())).fetchone()
        return self.get(row[0]) if row else None

    def end_session(self, token: str) -> None:
        with closing(self._connect()) as con, con:
            con.execute("DELETE FROM sessions WHERE hash = ?", (token_hash(token),))


def check_name(name: str) -> str:
    if not NAME.fullmatch(name or ""):
        raise AccountError(f"Invalid user name {name[:40]!r}: use 1-64 lower-case letters, digits, '.', '_' or '-', "
                           "starting with a letter or digit.")
    return name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
