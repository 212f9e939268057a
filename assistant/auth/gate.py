"""The gate: who is at the door. Turns a request's API key or session cookie into a
``Principal``, logs people in and out, and knows whether authentication is on.

Authentication is on as soon as any of these is set up: a user account, the service
key (``NETWERKWIJZER_API_KEY``) or OpenID Connect. Until then the app serves one local
user with every right, and only to the machine itself (see ``middleware``).
"""

from __future__ import annotations

import hmac
import ipaddress
import threading
import time
from collections import defaultdict, deque

from assistant.auth.accounts import AccountStore
from assistant.auth.audit import AuditLog
from assistant.auth.oidc import OIDCClient
from assistant.auth.roles import Principal
from assistant.auth.sessions import SESSION_COOKIE, Signer, load_secret

SERVICE = Principal("@service", "beheerder", "service-key")
LOCAL = Principal("@lokaal", "beheerder", "local")

MAX_FAILURES = 10  # failed logins per name within FAILURE_WINDOW before logins for it pause
FAILURE_WINDOW = 600.0


class Gate:
    def __init__(self, settings, accounts: AccountStore | None = None, audit: AuditLog | None = None):
        self.settings = settings
        self.accounts = accounts or AccountStore.for_settings(settings)
        self.audit = audit or AuditLog.for_settings(settings)
        self.signer = Signer(load_secret(settings))
        self.session_seconds = float(settings.session_hours) * 3600
        self._failures: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()
        self.oidc = OIDCClient(settings, self) if settings.oidc_issuer else None

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.settings.oidc_issuer)

    @property
    def required(self) -> bool:
        return bool(self.settings.api_key) or self.oidc_enabled or self.accounts.has_users()

    # ---- who is this -------------------------------------------------------------------------

    def authenticate(self, api_key: str | None, session_cookie: str | None) -> Principal | None:
        """The principal for an ``X-API-Key`` header or a session cookie; None if neither is good."""
        if api_key:
            if self.settings.api_key and hmac.compare_digest(api_key.encode(), self.settings.api_key.encode()):
                return SERVICE
            user = self.accounts.user_for_api_key(api_key)
            return Principal(user.name, user.role, "api-key") if user else None
        token = self.signer.session_token(session_cookie, self.session_seconds)
        user = self.accounts.user_for_session(token) if token else None
        return Principal(user.name, user.role, "session") if user else None

    def principal_for_name(self, name: str | None) -> Principal | None:
        """The principal behind a user name Gradio hands to an event handler (roles as of now)."""
        if name in (SERVICE.name, LOCAL.name):
            return SERVICE if name == SERVICE.name else LOCAL
        user = self.accounts.get(name) if name else None
        return Principal(user.name, user.role, "session") if user else None

    # ---- logging in and out --------------------------------------------------------------------

    def login(self, name: str, password: str, ip: str = "") -> str | None:
        """A signed session cookie value for a right name and password; None (and logged) if not."""
        name = (name or "").strip().lower()[:64]
        if self.throttled(name):
            self.audit.record("login.throttled", name or "?", "too many failed logins", ip)
            return None
        user = self.accounts.check_password(name, password or "") if name else None
        if user is None:
            self._fail(name)
            self.audit.record("login.failed", name or "?", "wrong name or password", ip)
            return None
        self.audit.record("login", user.name, "password", ip)
        return self.start_session(user.name)

    def start_session(self, name: str) -> str:
        return self.signer.session_cookie(self.accounts.new_session(name, self.session_seconds))

    def logout(self, session_cookie: str | None, ip: str = "") -> None:
        token = self.signer.session_token(session_cookie, self.session_seconds)
        if token:
            user = self.accounts.user_for_session(token)
            self.accounts.end_session(token)
            if user:
                self.audit.record("logout", user.name, "", ip)

    def throttled(self, name: str) -> bool:
        with self._lock:
            q = self._failures.get(name)
            while q and q[0] < time.monotonic() - FAILURE_WINDOW:
                q.popleft()
            return bool(q) and len(q) >= MAX_FAILURES

    def _fail(self, name: str) -> None:
        with self._lock:
            self._failures[name].append(time.monotonic())


def is_local_host(host: str) -> bool:
    if host.strip().lower() in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_problem(settings, gate: Gate) -> str | None:
    """Why the app must not start on ``settings.host`` (no authentication on a non-local address)."""
    if gate.required or settings.allow_no_auth or is_local_host(settings.host):
        return None
    return (f"Refusing to listen on {settings.host} without authentication: anyone who can reach it could use "
            "everything. Add a user ('python -m assistant.auth users add NAME --role beheerder'), set "
            "NETWERKWIJZER_API_KEY or NETWERKWIJZER_OIDC_ISSUER, listen on 127.0.0.1 (NETWERKWIJZER_HOST), or set "
            "NETWERKWIJZER_ALLOW_NO_AUTH=true if the network itself is closed.")


__all__ = ["Gate", "SERVICE", "LOCAL", "SESSION_COOKIE", "exposure_problem"]
