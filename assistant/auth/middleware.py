"""Two ASGI middlewares on the outer app, in front of every route (REST, Gradio, docs).

``AuthMiddleware`` lets a request through only with a principal: from the service
key, a personal API key or a session cookie, or, while no authentication is set up,
the local user for requests from this machine. Without one, a browser asking for a
page is sent to ``/login``; anything else gets 401 ``{"error": …}``. The principal
rides along in the ASGI scope (``scope["nw_principal"]``) for the routes and for
Gradio's ``auth_dependency``, which hands its name to the event handlers.

``BodyLimitMiddleware`` reads a request body up to the limit before the app sees it
and answers 413 beyond it, whatever Content-Length claims (chunked bodies included).
"""

from __future__ import annotations

import ipaddress
import json
from http.cookies import SimpleCookie
from urllib.parse import quote

import anyio.to_thread

from assistant.auth.gate import LOCAL, SESSION_COOKIE, Gate

# the only paths that answer without a principal: logging in needs them
PUBLIC = frozenset({"/login", "/logout", "/auth/oidc/login", "/auth/oidc/callback"})


class AuthMiddleware:
    def __init__(self, app, gate: Gate):
        self.app = app
        self.gate = gate

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        principal = await anyio.to_thread.run_sync(self._principal, scope, headers)
        scope["nw_principal"] = principal
        if principal is not None or scope["path"] in PUBLIC:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if not self.gate.required:  # no accounts yet and the request is not from this machine
            await _json(send, 403, "Authentication is not set up, so only this machine may connect: add a user "
                                   "('python -m assistant.auth users add NAME --role beheerder') or set "
                                   "NETWERKWIJZER_API_KEY, or NETWERKWIJZER_ALLOW_NO_AUTH=true to open it anyway.")
            return
        if scope["method"] in ("GET", "HEAD") and "text/html" in headers.get("accept", ""):
            target = scope["path"] + (("?" + scope["query_string"].decode("latin-1")) if scope["query_string"] else "")
            await _redirect(send, "/login?next=" + quote(target, safe=""))
            return
        await _json(send, 401, "Not logged in: log in at /login, or send your API key in the header 'X-API-Key'.")

    def _principal(self, scope, headers):
        found = self.gate.authenticate(headers.get("x-api-key"), _cookie(headers, SESSION_COOKIE))
        if found is not None:
            return found
        if not self.gate.required and (self.gate.settings.allow_no_auth or _is_local(scope)):
            return LOCAL
        return None


class BodyLimitMiddleware:
    def __init__(self, app, limit: int, larger: dict[str, int] | None = None):
        self.app = app
        self.limit = int(limit)
        self.larger = larger or {}  # path → its own limit (document uploads, for a beheerder)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # the larger limits are for those who may add documents (the gate ran first)
        principal = scope.get("nw_principal")
        may_upload = principal is not None and principal.may("documents")
        limit = self.larger.get(scope.get("path", ""), self.limit) if may_upload else self.limit
        declared = _headers(scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                break
            size += len(message.get("body", b""))
            if size > limit:
                await self._refuse(send, limit)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        buffered = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replay():
            return buffered.pop() if buffered else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send, limit: int):
        setting = "NETWERKWIJZER_MAX_REQUEST_BYTES" if limit == self.limit else "NETWERKWIJZER_MAX_FILE_MB"
        await _json(send, 413, f"The request body is larger than {limit} bytes ({setting}).", close=True)


def client_ip(scope) -> str:
    client = scope.get("client")
    return client[0] if client else ""


def _is_local(scope) -> bool:
    try:
        return ipaddress.ip_address(client_ip(scope)).is_loopback
    except ValueError:
        return False


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}


def _cookie(headers: dict[str, str], name: str) -> str | None:
    raw = headers.get("cookie")
    if not raw:
        return None
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # noqa: BLE001 - a malformed cookie header is just no cookie
        return None
    return jar[name].value if name in jar else None


async def _json(send, status: int, message: str, close: bool = False) -> None:
    body = json.dumps({"error": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
