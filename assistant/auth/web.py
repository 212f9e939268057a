"""The login page and the ``/login``, ``/logout`` and OIDC routes (the only public ones).

Plain HTML with its own small stylesheet, so the page needs nothing that sits behind
the gate. Sign-in sets the signed session cookie (HttpOnly, SameSite=Lax, Secure on
https) and sends people back to the page they asked for, only ever a path on this site.
"""

from __future__ import annotations

import logging
from html import escape

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assistant.auth.gate import Gate
from assistant.auth.middleware import client_ip
from assistant.auth.oidc import OIDCError
from assistant.auth.sessions import SESSION_COOKIE, STATE_COOKIE

log = logging.getLogger("netwerkwijzer.auth")

PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inloggen · Netwerkwijzer</title>
<style>
body {{ font-family: ui-sans-serif, system-ui, "Segoe UI", sans-serif; background: #f5f6fa; margin: 0; }}
main {{ max-width: 24rem; margin: 12vh auto; background: #fff; padding: 2rem; border-radius: 12px;
       box-shadow: 0 2px 12px rgba(0,0,0,.08); }}
h1 {{ font-size: 1.5rem; margin: 0 0 .25rem; }} p {{ color: #555; }}
label {{ display: block; margin-top: 1rem; font-weight: 600; }}
input {{ width: 100%; box-sizing: border-box; padding: .6rem; margin-top: .3rem; font-size: 1rem;
        border: 1px solid #ccd; border-radius: 6px; }}
button, .sso {{ display: block; width: 100%; margin-top: 1.5rem; padding: .7rem; font-size: 1rem; border: 0;
          border-radius: 6px; background: #4f46e5; color: #fff; cursor: pointer; text-align: center;
          text-decoration: none; box-sizing: border-box; }}
.sso {{ background: #eef; color: #224; margin-top: 1rem; }}
.error {{ background: #fee; color: #900; padding: .6rem; border-radius: 6px; margin-top: 1rem; }}
.done {{ background: #efe; color: #060; padding: .6rem; border-radius: 6px; margin-top: 1rem; }}
</style></head>
<body><main>
<h1>Netwerkwijzer</h1><p>Log in om vragen te stellen over organisatienetwerken.</p>
{message}
<form method="post" action="/login" id="nw-login">
<input type="hidden" name="next" value="{next}">
<label for="nw-name">Gebruikersnaam</label>
<input id="nw-name" name="name" autocomplete="username" required autofocus>
<label for="nw-password">Wachtwoord</label>
<input id="nw-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="nw-login-submit">Inloggen</button>
</form>
{sso}
</main></body></html>
"""


def safe_next(target: str | None) -> str:
    """Only a path on this site: never '//host', a scheme, or a backslash trick."""
    target = (target or "/").strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target or "\n" in target:
        return "/"
    return target


def login_page(next_url: str = "/", message: str = "", kind: str = "error", sso: bool = False,
               status: int = 200) -> HTMLResponse:
    note = f'<div class="{kind}" role="alert">{escape(message)}</div>' if message else ""
    sso_link = (f'<a class="sso" id="nw-sso" href="/auth/oidc/login?next={escape(next_url, quote=True)}">'
                "Inloggen met single sign-on</a>") if sso else ""
    html = PAGE.format(message=note, next=escape(safe_next(next_url), quote=True), sso=sso_link)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def set_session(response: Response, request: Request, cookie: str, gate: Gate) -> None:
    response.set_cookie(SESSION_COOKIE, cookie, max_age=int(gate.session_seconds), httponly=True,
                        samesite="lax", secure=request.url.scheme == "https", path="/")


def login_router(gate: Gate) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/login")
    def show_login(next: str = "/", uit: str = "") -> HTMLResponse:  # noqa: A002 - the query name
        message = "Je bent uitgelogd." if uit else ""
        return login_page(next, message, kind="done", sso=gate.oidc_enabled)

    @router.post("/login")
    def do_login(request: Request, name: str = Form(""), password: str = Form(""),
                 next: str = Form("/")) -> Response:  # noqa: A002
        cookie = gate.login(name, password, client_ip(request.scope))
        if cookie is None:
            message = ("Te veel mislukte pogingen; probeer het over tien minuten opnieuw."
                       if gate.throttled((name or "").strip().lower()[:64])
                       else "Onbekende gebruikersnaam of verkeerd wachtwoord.")
            return login_page(next, message, sso=gate.oidc_enabled, status=401)
        response = RedirectResponse(safe_next(next), status_code=303)
        set_session(response, request, cookie, gate)
        return response

    @router.api_route("/logout", methods=["GET", "POST"])
    def do_logout(request: Request) -> Response:
        gate.logout(request.cookies.get(SESSION_COOKIE), client_ip(request.scope))
        response = RedirectResponse("/login?uit=1", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @router.get("/auth/oidc/login")
    def oidc_login(request: Request, next: str = "/") -> Response:  # noqa: A002
        if gate.oidc is None:
            return login_page(next, "Single sign-on is hier niet ingesteld.", status=404)
        try:
            url, cookie = gate.oidc.start(_callback_url(request), safe_next(next))
        except OIDCError as exc:
            log.error("SSO login could not start: %s", exc)
            return login_page(next, "De identiteitsprovider is niet bereikbaar. Probeer het later opnieuw of log "
                              "in met je wachtwoord.", sso=True, status=502)
        response = RedirectResponse(url, status_code=303)
        response.set_cookie(STATE_COOKIE, cookie, max_age=600, httponly=True, samesite="lax",
                            secure=request.url.scheme == "https", path="/auth/oidc")
        return response

    @router.get("/auth/oidc/callback")
    def oidc_callback(request: Request) -> Response:
        if gate.oidc is None:
            return login_page("/", "Single sign-on is hier niet ingesteld.", status=404)
        ip = client_ip(request.scope)
        try:
            claims, next_url = gate.oidc.finish(_callback_url(request), dict(request.query_params),
                                                request.cookies.get(STATE_COOKIE))
            user = gate.oidc.account_for(claims)
        except OIDCError as exc:
            log.warning("SSO login failed: %s", exc)
            gate.audit.record("login.failed", "?", f"sso: {exc}"[:300], ip)
            return login_page("/", "Inloggen met single sign-on is mislukt. Probeer het opnieuw, of vraag de "
                              "beheerder om hulp.", sso=True, status=401)
        gate.audit.record("login", user.name, "sso", ip)
        response = RedirectResponse(safe_next(next_url), status_code=303)
        set_session(response, request, gate.start_session(user.name), gate)
        response.delete_cookie(STATE_COOKIE, path="/auth/oidc")
        return response

    return router


def _callback_url(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/auth/oidc/callback"
