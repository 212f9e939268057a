"""Single sign-on through OpenID Connect (authorization code flow with PKCE).

authlib's httpx client builds the authorization URL and swaps the code for tokens;
joserfc checks the ID token (signature against the issuer's JWKS, issuer, audience,
expiry and the nonce we sent). State, nonce and PKCE verifier travel in a short-lived
signed cookie, so no server-side session store is needed. The first login of an
identity (issuer + ``sub``) makes a local account without password, with the default
role or the one in the configured claim; later logins find it by that identity only,
never by name, so an identity provider cannot take over an existing local account.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading

import httpx
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from assistant.auth.accounts import NAME, User
from assistant.auth.roles import ROLES

SCOPE = "openid profile email"


class OIDCError(Exception):
    """SSO failed; the message is for the log and the audit, people get a short Dutch one."""


class OIDCClient:
    def __init__(self, settings, gate):
        self.settings = settings
        self.gate = gate
        self.issuer = settings.oidc_issuer.rstrip("/")
        self._meta: dict | None = None
        self._keys: KeySet | None = None
        self._lock = threading.Lock()

    # ---- the issuer ------------------------------------------------------------------------

    def metadata(self) -> dict:
        with self._lock:
            if self._meta is None:
                meta = self._get(f"{self.issuer}/.well-known/openid-configuration")
                if meta.get("issuer", "").rstrip("/") != self.issuer:
                    raise OIDCError(f"the discovery document names issuer {meta.get('issuer')!r}, "
                                    f"not {self.issuer!r} (check NETWERKWIJZER_OIDC_ISSUER)")
                self._meta = meta
            return self._meta

    def keys(self, refresh: bool = False) -> KeySet:
        with self._lock:
            if self._keys is None or refresh:
                uri = self._meta["jwks_uri"] if self._meta else self.metadata()["jwks_uri"]
                self._keys = KeySet.import_key_set(self._get(uri))
            return self._keys

    def _get(self, url: str) -> dict:
        try:
            r = httpx.get(url, timeout=10)
            r.raise_for_status()
            return r.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise OIDCError(f"the identity provider did not answer at {url} ({exc.__class__.__name__})") from exc

    def _client(self, redirect_uri: str) -> OAuth2Client:
        return OAuth2Client(self.settings.oidc_client_id, self.settings.oidc_client_secret or None, scope=SCOPE,
                            redirect_uri=redirect_uri, code_challenge_method="S256", timeout=10)

    # ---- the flow --------------------------------------------------------------------------

    def start(self, redirect_uri: str, next_url: str) -> tuple[str, str]:
        """(URL of the provider's login page, signed state cookie to set)."""
        state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
        with self._client(redirect_uri) as client:
            url, _ = client.create_authorization_url(self.metadata()["authorization_endpoint"], state=state,
                                                     nonce=nonce, code_verifier=verifier)
        cookie = self.gate.signer.state_cookie({"s": state, "n": nonce, "v": verifier, "next": next_url})
        return url, cookie

    def finish(self, redirect_uri: str, params: dict, state_cookie: str | None) -> tuple[dict, str]:
        """(verified ID-token claims, the page to go back to) for the provider's redirect back."""
        saved = self.gate.signer.state(state_cookie)
        if saved is None:
            raise OIDCError("no or an expired login state cookie (the login took over ten minutes, or cookies are off)")
        if params.get("error"):
            raise OIDCError(f"the identity provider refused: {str(params.get('error'))[:80]}")
        if not params.get("state") or not secrets.compare_digest(str(params["state"]), saved["s"]):
            raise OIDCError("the state does not match the one we sent")
        if not params.get("code"):
            raise OIDCError("the identity provider sent no code")
        try:
            with self._client(redirect_uri) as client:
                token = client.fetch_token(self.metadata()["token_endpoint"], code=params["code"],
                                           code_verifier=saved["v"], grant_type="authorization_code")
        except OIDCError:
            raise
        except Exception as exc:  # noqa: BLE001 - authlib/httpx errors: the message goes to the audit log
            raise OIDCError(f"the code could not be exchanged ({exc.__class__.__name__}: {str(exc)[:120]})") from exc
        if "id_token" not in token:
            raise OIDCError("the token response holds no id_token")
        return self.verify(token["id_token"], saved["n"]), saved.get("next") or "/"

    def verify(self, id_token: str, nonce: str) -> dict:
        algorithms = self.metadata().get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [a for a in algorithms if a != "none"]
        try:
            try:
                decoded = jwt.decode(id_token, self.keys(), algorithms=algorithms)
            except JoseError:  # the provider may have rotated its keys
                decoded = jwt.decode(id_token, self.keys(refresh=True), algorithms=algorithms)
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": self.issuer}, sub={"essential": True},
                aud={"essential": True, "value": self.settings.oidc_client_id}, exp={"essential": True},
                nonce={"essential": True, "value": nonce}, leeway=60,
            ).validate(decoded.claims)
        except (JoseError, ValueError) as exc:
            raise OIDCError(f"the ID token is not valid ({exc.__class__.__name__}: {str(exc)[:120]})") from exc
        return decoded.claims

    # ---- the local account -----------------------------------------------------------------

    def account_for(self, claims: dict) -> User:
        accounts, audit = self.gate.accounts, self.gate.audit
        identity = f"{self.issuer}|{claims['sub']}"
        role = None
        if self.settings.oidc_role_claim:
            role = claims.get(self.settings.oidc_role_claim)
            role = role if role in ROLES else None
        user = accounts.by_oidc(identity)
        if user is None:
            base = _name_from(claims)
            suffix = hashlib.sha1(identity.encode()).hexdigest()[:6]
            name = base if accounts.get(base) is None else f"{base[:56]}-{suffix}"
            user = accounts.add(name, role or self.settings.oidc_default_role, None, oidc_sub=identity)
            audit.record("user.add", "@oidc", f"{name} as {user.role} (first SSO login)")
        elif role and role != user.role:
            accounts.set_role(user.name, role)
            audit.record("user.role", "@oidc", f"{user.name} → {role} (claim {self.settings.oidc_role_claim})")
            user = accounts.get(user.name)
        return user  # type: ignore[return-value]


def _name_from(claims: dict) -> str:
    raw = str(claims.get("preferred_username") or str(claims.get("email", "")).split("@")[0] or "sso")
    name = re.sub(r"[^a-z0-9._-]+", "-", raw.lower()).strip("-._")[:64] or "sso"
    return name if NAME.fullmatch(name) else "sso"
