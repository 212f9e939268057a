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

SESSION_COOKIE = "nw_session"
STATE_COOKIE = "nw_oidc"


def load_secret(settings) -> str:
    if settings.session_secret:
        return settings.session_secret
    path = Path(settings.data_dir) / "session-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secret)
        return secret


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
