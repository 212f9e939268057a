"""Accounts, passwords, sessions, API keys, the CLI and the audit log; the login page and
the body-size limit against a real uvicorn on localhost (no model needed)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest

from assistant.auth.accounts import AccountError, AccountStore
from tests.conftest import ROOT
from tests.servers import PASSWORDS, LocalServer, add_users


@pytest.fixture()
def server(tmp_path):
    """(app, url, personal keys) of an app with lena/tom/bea and a body limit of 64 KB."""
    from app import build_app
    from assistant.settings import Settings

    settings = Settings(data_dir=tmp_path, max_request_bytes=65_536)
    keys = add_users(settings)
    app = build_app(settings, start=False)
    with LocalServer(app) as srv:
        yield app, srv.url.rstrip("/"), keys


def test_passwords_and_keys_are_stored_hashed(tmp_path):
    store = AccountStore(tmp_path / "auth.sqlite")
    store.add("anna", "trainer", "een-lang-wachtwoord")
    key = store.new_api_key("anna")
    raw = (tmp_path / "auth.sqlite").read_bytes()
    assert b"een-lang-wachtwoord" not in raw and key.encode() not in raw and key[4:].encode() not in raw
    with sqlite3.connect(tmp_path / "auth.sqlite") as con:
        assert con.execute("SELECT password_hash FROM users").fetchone()[0].startswith("$argon2id$")
    assert store.check_password("anna", "een-lang-wachtwoord").role == "trainer"
    assert store.check_password("anna", "fout-wachtwoord") is None
    assert store.check_password("niemand", "een-lang-wachtwoord") is None
    assert store.user_for_api_key(key).name == "anna" and store.user_for_api_key(key + "x") is None
    with pytest.raises(ValueError, match="at least 10"):
        store.add("kort", "lezer", "kort")
    with pytest.raises(AccountError, match="already exists"):
        store.add("anna", "lezer", "een-lang-wachtwoord")
    with pytest.raises(AccountError, match="Invalid user name"):
        store.add("@service", "lezer", "een-lang-wachtwoord")
    with pytest.raises(ValueError, match="Unknown role"):
        store.add("piet", "admin", "een-lang-wachtwoord")


def test_cli_adds_lists_keys_and_removes_users(tmp_path):
    env = {**os.environ, "NETWERKWIJZER_DATA_DIR": str(tmp_path)}

    def cli(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "assistant.auth", *args], env=env, input=stdin,
                              capture_output=True, text=True, cwd=ROOT, timeout=60)

    assert "No users yet" in cli("users", "list").stdout
    assert cli("users", "add", "anna", "--role", "trainer", stdin="anna-wachtwoord\n").returncode == 0
    out = cli("users", "list").stdout
    assert "anna" in out and "trainer" in out
    key = cli("api-key", "anna").stdout.strip()
    assert key.startswith("nwk_") and AccountStore(tmp_path / "auth.sqlite").user_for_api_key(key).name == "anna"
    assert cli("users", "role", "anna", "beheerder").returncode == 0
    assert cli("users", "reset-password", "anna", stdin="nieuw-wachtwoord\n").returncode == 0
    assert AccountStore(tmp_path / "auth.sqlite").check_password("anna", "nieuw-wachtwoord").role == "beheerder"
    bad = cli("users", "add", "Bad Name", stdin="anna-wachtwoord\n")
    assert bad.returncode == 1 and "Invalid user name" in bad.stderr
    assert cli("users", "remove", "anna").returncode == 0
    assert AccountStore(tmp_path / "auth.sqlite").user_for_api_key(key) is None
    audit = cli("audit").stdout
    for event in ("user.add", "apikey.add", "user.role", "user.password", "user.remove"):
        assert event in audit
    assert "@cli:" in audit


def test_processes_starting_at_once_share_one_whole_session_secret(tmp_path):
    """Two app processes on one data directory used to race: one made the secret, the other
    found no file, tried to make it too and crashed on start."""
    # each process waits, busy, for one moment after its imports, so that all of them look
    # for the file at once
    code = ("import sys, time; from assistant.auth.sessions import load_secret; "
            "from assistant.settings import Settings; s = Settings(data_dir=sys.argv[1]); "
            "start = float(sys.argv[2])\nwhile time.time() < start: pass\n"
            "print(load_secret(s))")
    start = str(time.time() + 4)
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path), start], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(8)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outs]
    secrets = {out.strip() for out, _ in outs}
    assert len(secrets) == 1 and len(secrets.pop()) >= 40
    assert [f.name for f in tmp_path.iterdir()] == ["session-secret"]  # no private copies left
    assert (tmp_path / "session-secret").stat().st_mode & 0o777 == 0o600


def test_an_empty_session_secret_file_names_the_fix(tmp_path):
    from assistant.auth.sessions import load_secret
    from assistant.errors import ConfigError
    from assistant.settings import Settings

    (tmp_path / "session-secret").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="Delete that file"):
        load_secret(Settings(data_dir=tmp_path))


def test_login_page_logs_in_and_out_and_logs_both(server):
    app, url, _ = server
    gate = app.state.gate
    with httpx.Client(base_url=url, timeout=30) as c:
        r = c.get("/", headers={"accept": "text/html"})
        assert r.status_code == 303 and r.headers["location"] == "/login?next=%2F"
        page = c.get("/login?next=/").text
        assert 'name="password"' in page and "Inloggen" in page and "<script" not in page
        r = c.post("/login", data={"name": "lena", "password": "fout", "next": "/"})
        assert r.status_code == 401 and "verkeerd wachtwoord" in r.text and "nw_session" not in r.cookies
        r = c.post("/login", data={"name": "Lena", "password": PASSWORDS["lena"], "next": "//evil.example/x"})
        assert r.status_code == 303 and r.headers["location"] == "/"  # never off-site
        assert c.get("/api/me").json()["name"] == "lena"
        r = c.post("/logout")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert c.get("/api/me").status_code == 401
    events = [(r["event"], r["user"]) for r in gate.audit.rows(10)]
    assert events[:3] == [("logout", "lena"), ("login", "lena"), ("login.failed", "lena")]
    assert all(r["ip"] == "127.0.0.1" for r in gate.audit.rows(3))


def test_forged_and_stale_sessions_are_refused(server):
    app, url, _ = server
    gate = app.state.gate
    with httpx.Client(base_url=url, timeout=30) as c:
        c.post("/login", data={"name": "tom", "password": PASSWORDS["tom"]})
        cookie = c.cookies["nw_session"]
    forged = cookie[:-3] + ("AAA" if not cookie.endswith("AAA") else "BBB")
    other_secret = gate.signer.__class__("ander-geheim").session_cookie("willekeurig")
    for bad in (forged, other_secret, "rommel"):
        with httpx.Client(base_url=url, timeout=30, cookies={"nw_session": bad}) as c:
            assert c.get("/api/me").status_code == 401
    with httpx.Client(base_url=url, timeout=30, cookies={"nw_session": cookie}) as c:
        assert c.get("/api/me").json()["role"] == "trainer"
        gate.accounts.set_role("tom", "lezer")  # a role change counts from the next request
        assert c.get("/api/me").json()["role"] == "lezer"
        gate.accounts.set_password("tom", "nieuw-wachtwoord-123")  # a new password ends sessions
        assert c.get("/api/me").status_code == 401


def test_failed_logins_pause_further_tries(server, monkeypatch):
    app, url, _ = server
    monkeypatch.setattr("assistant.auth.gate.MAX_FAILURES", 3)
    with httpx.Client(base_url=url, timeout=30) as c:
        for _ in range(3):
            assert c.post("/login", data={"name": "bea", "password": "fout"}).status_code == 401
        r = c.post("/login", data={"name": "bea", "password": PASSWORDS["bea"]})
        assert r.status_code == 401 and "Te veel mislukte pogingen" in r.text
    assert app.state.gate.audit.rows(1)[0]["event"] == "login.throttled"


def test_audit_log_is_read_and_exported_by_a_beheerder(server):
    app, url, keys = server
    with httpx.Client(base_url=url, timeout=30) as c:
        c.post("/login", data={"name": "lena", "password": "fout"})
        r = c.get("/api/audit?event=login.failed", headers={"X-API-Key": keys["bea"]})
        assert r.status_code == 200 and r.json()["events"][0]["user"] == "lena"
        r = c.get("/api/audit?format=csv", headers={"X-API-Key": keys["bea"]})
        assert r.headers["content-type"].startswith("text/csv") and "login.failed,wrong name" in r.text
        assert "attachment" in r.headers["content-disposition"]
        assert c.get("/api/audit", headers={"X-API-Key": keys["tom"]}).status_code == 403
        users = c.get("/api/users", headers={"X-API-Key": keys["bea"]}).json()["users"]
        assert {u["name"]: u["role"] for u in users} == {"bea": "beheerder", "lena": "lezer", "tom": "trainer"}
        assert all("password" not in str(u.keys()).replace("has_password", "") for u in users)
    assert app.state.gate.audit.rows(1)[0]["event"] == "export.audit"


def test_request_bodies_over_the_limit_get_413_even_without_content_length(server):
    _, url, keys = server
    h = {"X-API-Key": keys["lena"], "content-type": "application/json"}
    with httpx.Client(base_url=url, timeout=30) as c:
        r = c.post("/api/search", content=b'{"query": "' + b"x" * 70_000 + b'"}', headers=h)
        assert r.status_code == 413 and "NETWERKWIJZER_MAX_REQUEST_BYTES" in r.json()["error"]

        def chunks():  # chunked transfer: no Content-Length to trust
            yield b'{"query": "'
            for _ in range(20):
                yield b"y" * 8192
            yield b'"}'

        r = c.post("/api/search", content=chunks(), headers=h)
        assert r.status_code == 413 and "larger than 65536 bytes" in r.json()["error"]
        r = c.post("/gradio_api/call/ask", content=b'{"data": ["' + b"z" * 70_000 + b'"]}', headers=h)
        assert r.status_code == 413
        # under the limit, the body arrives whole
        r = c.post("/api/search", content=b'{"query": "' + b"w" * 30_000 + b'"}', headers=h)
        assert r.status_code == 422 and "query" in r.json()["error"] and "w" * 100 not in r.text
