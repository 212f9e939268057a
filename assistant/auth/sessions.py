"""Signed cookies: the login session and the short-lived OIDC state.

A session cookie holds a random token (its hash is the row in ``accounts.sessions``),
signed with the app's secret, so a forged or edited cookie is refused before the
database is asked. The secret comes from ``NETWERKWIJZER_SESSION_SECRET`` or is made
once and kept in ``DATA_DIR/session-secret`` (readable by the owner only).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from assistant.errors import ConfigError

SESSION_COOKIE = "nw_session"
STATE_COOKIE = "nw_oidc"


def load_secret(settings) -> str:
    """The signing secret: the setting, or the one in ``DATA_DIR/session-secret``, made on
    first use. Several app processes may start at once on one data directory: each writes
    a secret of its own to a private file and links it into place, which succeeds for
    exactly one of them; the others read the winner's, never a half-written file."""
    if settings.session_secret:
        return settings.session_secret
    path = Path(settings.data_dir) / "session-secret"
    secret = _read_secret(path)
    if secret is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        mine = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(mine, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_urlsafe(48))
        try:
            os.link(mine, path)  # atomic, and only if no process made one first
        except FileExistsError:
            pass
        finally:
            mine.unlink(missing_ok=True)
        secret = _read_secret(path)
    if not secret:
        raise ConfigError(f"The session secret in {path} is empty. Delete that file (every user logs in "
                          "again) or set NETWERKWIJZER_SESSION_SECRET.")
    return secret


def _read_secret(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


class Signer:
    def __init__(self, secret: str):
        self._session = URLSafeTimedSerializer(secret, salt="netwerkwijzer-session")
        self._state = URLSafeTimedSerializer(secret, salt="netwerkwijzer-oidc-state")

    def session_cookie(self, token: str) -> str:
        return self._session.dumps(token)

    def session_token(self, cookie: str | None, max_age: float) -> str | None:
        if not cookie:
            return None
        try:
            return self._session.loads(cookie, max_age=max_age)
        except BadSignature:
            return None

    def state_cookie(self, state: dict) -> str:
        return self._state.dumps(state)

    def state(self, cookie: str | None, max_age: float = 600) -> dict | None:
        if not cookie:
            return None
        try:
            value = self._state.loads(cookie, max_age=max_age)
        except BadSignature:
            return None
        return value if isinstance(value, dict) else None
