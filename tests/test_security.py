"""The one authentication layer, against a real uvicorn on localhost: every route the
app serves (FastAPI's and Gradio's, found by walking the app) refuses a request without
credentials; the service key, personal keys and sessions get in; roles are enforced on
the REST routes and inside Gradio's event handlers; without any authentication set up
the app serves only this machine. No model is needed: the assistant is left unopened,
so /api answers 503 behind the gate (never 401/403 for a principal that may)."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from starlette.routing import Mount

from tests.servers import PASSWORDS, LocalServer, add_users

PUBLIC = {"/login", "/logout", "/auth/oidc/login", "/auth/oidc/callback"}


@pytest.fixture(scope="module")
def secured(tmp_path_factory):
    """(app, base url, personal API keys) of an app with three users and a service key."""
    from app import build_app
    from assistant.settings import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("secured"), api_key="dienst-sleutel")
    keys = add_users(settings)
    app = build_app(settings, start=False)
    with LocalServer(app) as server:
        yield app, server.url.rstrip("/"), keys


def walk(routes, prefix=""):
    """(path, methods) of every route, through mounted apps and included routers."""
    for r in routes:
        if isinstance(r, Mount):
            sub = getattr(r.app, "routes", None)
            yield from walk(sub, prefix + r.path) if sub else [(prefix + r.path + "/x", {"GET"})]
        elif hasattr(r, "original_router"):  # FastAPI's included router
            yield from walk(r.original_router.routes, prefix + getattr(r.include_context, "prefix", ""))
        else:
            yield prefix + r.path, set(getattr(r, "methods", None) or {"GET"})


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x", path) or "/"


def test_every_route_refuses_a_request_without_credentials(secured):
    app, url, _ = secured
    routes = sorted({(concrete(p), m) for p, methods in walk(app.routes) for m in methods})
    paths = {p for p, _ in routes}
    # Gradio's own routes are in the walk, not only ours
    for expected in ("/gradio_api/call/x", "/gradio_api/queue/join", "/gradio_api/file=x", "/config",
                     "/gradio_api/info", "/docs", "/openapi.json", "/api/ask/stream", "/"):
        assert expected in paths, expected
    assert len(routes) > 80
    extra = [("/gradio_api/call/ask", "POST"), ("/gradio_api/file=/etc/hostname", "GET"),
             ("/gradio_api/queue/data?session_hash=x", "GET"), ("/assets/index.js", "GET"),
             ("/nope", "GET"), ("/api/nope", "DELETE")]
    opened = []
    with httpx.Client(base_url=url, timeout=30) as c:
        for path, method in [*routes, *extra]:
            if path in PUBLIC:
                continue
            body = {"data": ["Wat is een netwerk?", "answer", [], []], "fn_index": 0, "session_hash": "x"}
            r = c.request(method, path, json=body if method in ("POST", "PUT", "PATCH") else None)
            if r.status_code != 401 or (method != "HEAD" and "error" not in r.json()):
                opened.append((method, path, r.status_code))
            # a browser asking for a page is sent to the login page instead
            if method == "GET":
                r = c.get(path, headers={"accept": "text/html"})
                if r.status_code != 303 or not r.headers["location"].startswith("/login?next="):
                    opened.append(("GET html", path, r.status_code))
    assert not opened, opened


def test_credentials_open_every_door_the_role_has(secured):
    _, url, keys = secured
    with httpx.Client(base_url=url, timeout=30) as c:
        for key in ("dienst-sleutel", keys["lena"]):
            h = {"X-API-Key": key}
            assert c.get("/", headers=h).status_code == 200
            assert c.get("/config", headers=h).status_code == 200
            assert c.get("/openapi.json", headers=h).status_code == 200
            assert c.get("/api/health", headers=h).status_code == 503  # past the gate; not loaded
        assert c.get("/api/health", headers={"X-API-Key": "dienst-sleutel-fout"}).status_code == 401
        assert c.get("/api/health", headers={"X-API-Key": keys["lena"] + "x"}).status_code == 401
        me = c.get("/api/me", headers={"X-API-Key": "dienst-sleutel"}).json()
        assert me["role"] == "beheerder" and me["via"] == "service-key"


@pytest.mark.parametrize(("user", "handout", "audit"), [("lena", 403, 403), ("tom", 200, 403), ("bea", 200, 200)])
def test_roles_on_the_rest_api(secured, user, handout, audit):
    _, url, keys = secured
    with httpx.Client(base_url=url, timeout=30, headers={"X-API-Key": keys[user]}) as c:
        me = c.get("/api/me").json()
        assert me["name"] == user and ("handout" in me["may"]) == (handout == 200)
        r = c.get("/api/audit")
        assert r.status_code == audit and (audit == 200 or "beheerder" in r.json()["error"])
        assert c.get("/api/users").status_code == audit


def gradio_call(c: httpx.Client, name: str, data: list) -> str:
    """Call a Gradio endpoint the way ``curl`` would: POST, then read the event stream."""
    r = c.post(f"/gradio_api/call/{name}", json={"data": data})
    assert r.status_code == 200, r.text
    return c.get(f"/gradio_api/call/{name}/{r.json()['event_id']}").text


def test_a_lezer_gets_nothing_more_through_gradio_api(secured):
    _, url, keys = secured
    with httpx.Client(base_url=url, timeout=60, headers={"X-API-Key": keys["lena"]}) as c:
        handout = gradio_call(c, "make_handout", [["Binding"]])
        assert "Dit mag je rol (lezer) niet" in handout and ".md" not in handout
        export = gradio_call(c, "export_feedback", [])
        assert "feedback.csv" not in export and '"value": null' in export
        audit = gradio_call(c, "export_audit", [])
        assert "auditlog.csv" not in audit
        admin = gradio_call(c, "admin_refresh", [])
        assert "Dit mag je rol (lezer) niet" in admin and "bea" not in admin
    with httpx.Client(base_url=url, timeout=60, headers={"X-API-Key": keys["bea"]}) as c:
        assert "netwerkwijzer-feedback.csv" in gradio_call(c, "export_feedback", [])
        assert "netwerkwijzer-auditlog.csv" in gradio_call(c, "export_audit", [])
        admin = gradio_call(c, "admin_refresh", [])
        assert "lena" in admin and "lezer" in admin and "export.refused" in admin
    with httpx.Client(base_url=url, timeout=60, headers={"X-API-Key": keys["tom"]}) as c:
        handout = gradio_call(c, "make_handout", [["Binding"]])
        assert "Dit mag je rol" not in handout and "geladen" in handout  # past the check; not loaded


def test_a_session_cookie_works_like_a_key_and_ends_at_logout(secured):
    _, url, _ = secured
    with httpx.Client(base_url=url, timeout=30) as c:
        r = c.post("/login", data={"name": "tom", "password": PASSWORDS["tom"], "next": "/api/me"})
        assert r.status_code == 303 and r.headers["location"] == "/api/me"
        cookie = r.cookies["nw_session"]
        assert "httponly" in r.headers["set-cookie"].lower() and "samesite=lax" in r.headers["set-cookie"].lower()
        assert c.get("/api/me").json()["name"] == "tom"
        assert c.post("/gradio_api/call/ask", json={"data": ["x", "answer", [], []]}).status_code == 200
        c.post("/logout")
    with httpx.Client(base_url=url, timeout=30, cookies={"nw_session": cookie}) as c:
        assert c.get("/api/me").status_code == 401  # the old cookie is dead on the server


def test_without_authentication_only_this_machine_is_served(tmp_path):
    from app import build_app
    from assistant.auth.gate import Gate, exposure_problem
    from assistant.settings import Settings

    settings = Settings(data_dir=tmp_path)
    app = build_app(settings, start=False)
    with LocalServer(app) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        me = c.get("/api/me").json()
        assert me["name"] == "@lokaal" and me["role"] == "beheerder"
        assert c.get("/").status_code == 200

    # the same app, reached from another machine (the ASGI client address)
    async def from_elsewhere():
        transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://nw") as c:
            return await c.get("/api/me")

    r = asyncio.run(from_elsewhere())
    assert r.status_code == 403 and "NETWERKWIJZER_ALLOW_NO_AUTH" in r.json()["error"]

    gate = Gate(settings)
    assert exposure_problem(settings.replace(host="127.0.0.1"), gate) is None
    problem = exposure_problem(settings.replace(host="0.0.0.0"), gate)
    assert problem and "NETWERKWIJZER_ALLOW_NO_AUTH" in problem and "users add" in problem
    assert exposure_problem(settings.replace(host="0.0.0.0", allow_no_auth=True), gate) is None
    assert exposure_problem(settings.replace(host="0.0.0.0", api_key="k"), Gate(settings.replace(api_key="k"))) is None


def test_app_refuses_to_start_open_on_a_public_address(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "NETWERKWIJZER_DATA_DIR": str(tmp_path), "NETWERKWIJZER_HOST": "0.0.0.0"}
    env.pop("NETWERKWIJZER_API_KEY", None)
    out = subprocess.run([sys.executable, str(ROOT / "app.py")], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode != 0 and "NETWERKWIJZER_ALLOW_NO_AUTH" in out.stderr
