"""Single sign-on against a real local OIDC issuer (``tests.fake_oidc``): the whole
redirect dance over HTTP, the account made at the first login, roles from a claim,
and the ways it must fail (a wrong nonce, a forged state, a token signed by another key)."""

from __future__ import annotations

import httpx
import pytest

from tests.fake_oidc import FakeOIDCIssuer
from tests.servers import LocalServer


@pytest.fixture()
def sso(tmp_path):
    """(issuer, app url, gate) of an app whose only login is SSO."""
    from app import build_app
    from assistant.settings import Settings

    with FakeOIDCIssuer() as issuer:
        settings = Settings(data_dir=tmp_path, oidc_issuer=issuer.url, oidc_client_id=issuer.client_id,
                            oidc_client_secret=issuer.client_secret, oidc_role_claim="netwerkwijzer_rol")
        app = build_app(settings, start=False)
        with LocalServer(app) as server:
            yield issuer, server.url.rstrip("/"), app.state.gate


def sign_in(url: str, next_path: str = "/api/me") -> httpx.Client:
    c = httpx.Client(base_url=url, timeout=30, follow_redirects=True)
    r = c.get("/api/me", headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")  # SSO is on: login required
    assert "single sign-on" in c.get("/login").text
    c.get(f"/auth/oidc/login?next={next_path}")
    return c


def test_sso_login_makes_an_account_and_a_session(sso):
    issuer, url, gate = sso
    c = sign_in(url)
    me = c.get("/api/me").json()
    assert me == {"name": "sanne", "role": "lezer", "via": "session", "may": ["ask", "feedback"]}
    assert c.get("/").status_code == 200
    c.close()
    token = issuer.token_requests[-1]
    assert token["grant_type"] == "authorization_code" and len(token["code_verifier"]) >= 43  # PKCE
    user = gate.accounts.get("sanne")
    assert user.oidc and not user.has_password
    assert [r["event"] for r in gate.audit.rows(5)][:2] == ["login", "user.add"]

    issuer.user = {**issuer.user, "netwerkwijzer_rol": "trainer"}  # the next login brings a role
    c = sign_in(url)
    assert c.get("/api/me").json()["role"] == "trainer"
    c.close()
    assert len(gate.accounts.list()) == 1


def test_sso_never_takes_over_a_local_account_with_the_same_name(sso):
    issuer, url, gate = sso
    gate.accounts.add("sanne", "beheerder", "lokaal-wachtwoord")
    c = sign_in(url)
    me = c.get("/api/me").json()
    c.close()
    assert me["name"].startswith("sanne-") and me["role"] == "lezer"


def test_a_wrong_nonce_or_a_forged_state_is_refused(sso):
    issuer, url, gate = sso
    issuer.nonce_override = "een-andere-nonce"
    c = sign_in(url)
    assert c.get("/api/me").status_code == 401
    c.close()
    with httpx.Client(base_url=url, timeout=30) as c:  # a callback without our state cookie
        r = c.get("/auth/oidc/callback?code=abc&state=xyz")
        assert r.status_code == 401 and "mislukt" in r.text
    failures = [r for r in gate.audit.rows(20) if r["event"] == "login.failed"]
    assert len(failures) == 2 and any("nonce" in f["detail"].lower() for f in failures)
    assert gate.accounts.list() == []


def test_id_tokens_are_checked_against_the_issuers_keys(sso):
    from joserfc.jwk import RSAKey

    from assistant.auth.oidc import OIDCError

    issuer, url, gate = sso
    good = issuer.id_token("n1")
    assert gate.oidc.verify(good, "n1")["sub"] == "u-123"
    with pytest.raises(OIDCError, match="nonce"):
        gate.oidc.verify(good, "n2")
    real_key = issuer.key
    issuer.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
    forged = issuer.id_token("n1")  # signed by a key the issuer does not publish
    issuer.key = real_key
    with pytest.raises(OIDCError, match="not valid"):
        gate.oidc.verify(forged, "n1")
    issuer.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})  # the issuer rotates its key
    assert gate.oidc.verify(issuer.id_token("n3"), "n3")["sub"] == "u-123"  # JWKS fetched again
