"""Single sign-on: JWTs from a configured issuer, checked against its JWKS (file or URL), mapped to organization roles.

Every key and JWKS is generated here; the URL case is served by a tiny http.server on 127.0.0.1.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from crosswalk.engine.accounts import AccountError, AccountStore, Authenticator, SSOConfig, SSOVerifier, Unauthenticated
from crosswalk.engine.accounts.jwks import JwksCache

ISSUER = "https://login.example.test/"
AUDIENCE = "crosswalk"
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
OTHER_RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwk(public_key: Any, kid: str) -> dict[str, Any]:
    algorithm = RSAAlgorithm if isinstance(public_key, rsa.RSAPublicKey) else ECAlgorithm
    data: dict[str, Any] = algorithm.to_jwk(public_key, as_dict=True)
    return {**data, "kid": kid, "use": "sig"}


def write_jwks(path: Path, *keys: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"keys": list(keys)}), encoding="utf-8")
    return path


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "alice@acme.test",
        "iat": now,
        "exp": now + 600,
        "crosswalk_orgs": {"acme": "editor"},
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(payload: dict[str, Any], key: Any = RSA_KEY, kid: str = "rsa-1", algorithm: str = "RS256") -> str:
    return jwt.encode(payload, key, algorithm=algorithm, headers={"kid": kid})


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def jwks_file(tmp_path: Path) -> Path:
    return write_jwks(tmp_path / "jwks.json", jwk(RSA_KEY.public_key(), "rsa-1"), jwk(EC_KEY.public_key(), "ec-1"))


@pytest.fixture
def accounts() -> Iterator[AccountStore]:
    store = AccountStore(":memory:")
    store.create_org("acme", "Acme Corp")
    store.create_org("globex", "Globex")
    yield store
    store.close()


@pytest.fixture
def auth(accounts: AccountStore, jwks_file: Path) -> Authenticator:
    config = SSOConfig(issuer=ISSUER, audience=AUDIENCE, jwks=str(jwks_file))
    return Authenticator(accounts, SSOVerifier(config, accounts.org_ids))


def test_rs256_token_gives_the_claimed_roles(auth: Authenticator) -> None:
    principal = auth.from_authorization_header("Bearer " + sign(claims()))
    assert (principal.subject, principal.method, dict(principal.org_roles)) == (
        "alice@acme.test",
        "jwt",
        {"acme": "editor"},
    )
    assert principal.allows("write-evidence", "acme")
    assert not principal.allows("manage-org", "acme")
    assert not principal.site_admin and not principal.curator


def test_es256_token_is_accepted(auth: Authenticator) -> None:
    token = sign(claims(crosswalk_orgs={"globex": "admin"}), key=EC_KEY, kid="ec-1", algorithm="ES256")
    assert dict(auth.from_authorization_header(f"Bearer {token}").org_roles) == {"globex": "admin"}


def test_unknown_orgs_and_roles_are_ignored_with_reasons(auth: Authenticator) -> None:
    token = sign(claims(crosswalk_orgs={"acme": "viewer", "initech": "admin", "globex": "owner", "x": "site-admin"}))
    principal = auth.from_authorization_header(f"Bearer {token}")
    assert dict(principal.org_roles) == {"acme": "viewer"}
    assert principal.notes == (
        "organization 'initech' is not registered; ignored",
        "role 'owner' for 'globex' is not an organization role; ignored",
        "role 'site-admin' for 'x' is not an organization role; ignored",
    )
    assert not principal.site_admin


def test_a_missing_or_malformed_claim_grants_nothing(auth: Authenticator) -> None:
    bare = auth.from_authorization_header("Bearer " + sign(claims(crosswalk_orgs=None)))
    assert dict(bare.org_roles) == {} and bare.notes == ("no 'crosswalk_orgs' claim: no organization roles",)
    assert not bare.allows("read", "acme")
    listed = auth.from_authorization_header("Bearer " + sign(claims(crosswalk_orgs=["acme"])))
    assert dict(listed.org_roles) == {} and "not an object" in listed.notes[0]


def test_claim_name_is_configurable(accounts: AccountStore, jwks_file: Path) -> None:
    config = SSOConfig(ISSUER, AUDIENCE, str(jwks_file), claim="https://crosswalk/orgs")
    auth = Authenticator(accounts, SSOVerifier(config, accounts.org_ids))
    token = sign(claims(**{"https://crosswalk/orgs": {"globex": "viewer"}}))
    assert dict(auth.from_authorization_header(f"Bearer {token}").org_roles) == {"globex": "viewer"}


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (lambda: sign(claims(), key=OTHER_RSA_KEY), "Signature verification failed"),
        (lambda: sign(claims(iss="https://evil.example.test/")), "Invalid issuer"),
        (lambda: sign(claims(aud="someone-else")), "Audience doesn't match"),
        (lambda: sign(claims(exp=int(time.time()) - 120)), "Signature has expired"),
        (lambda: sign(claims(nbf=int(time.time()) + 120)), "not yet valid"),
        (lambda: sign(claims(exp=None)), 'missing the "exp" claim'),
        (lambda: sign(claims(), kid="rsa-9"), "key 'rsa-9', which the identity provider does not publish"),
        (lambda: sign(claims(), key=RSA_KEY, kid="ec-1"), "key 'ec-1' signs with ES256, not RS256"),
    ],
    ids=[
        "bad-signature",
        "wrong-issuer",
        "wrong-audience",
        "expired",
        "not-yet-valid",
        "no-exp",
        "unknown-kid",
        "kid-alg-mismatch",
    ],
)
def test_bad_tokens_are_unauthenticated(auth: Authenticator, token: Any, reason: str) -> None:
    with pytest.raises(Unauthenticated, match=reason) as refused:
        auth.from_authorization_header(f"Bearer {token()}")
    assert refused.value.code == "UNAUTHENTICATED"


def test_small_clock_skew_is_tolerated(auth: Authenticator) -> None:
    token = sign(claims(exp=int(time.time()) - 10))  # within the 30 s leeway
    assert auth.from_authorization_header(f"Bearer {token}").subject == "alice@acme.test"


def test_alg_none_is_refused(auth: Authenticator) -> None:
    header = b64(json.dumps({"alg": "none", "typ": "JWT", "kid": "rsa-1"}).encode())
    token = f"{header}.{b64(json.dumps(claims()).encode())}."
    assert token.count(".") == 2
    with pytest.raises(Unauthenticated, match="algorithm 'none'"):
        auth.from_authorization_header(f"Bearer {token}")


def test_hs256_signed_with_the_public_key_is_refused(auth: Authenticator) -> None:
    """The key-confusion attack: an HMAC over the token keyed with the provider's (public) RSA key."""
    public_pem = RSA_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = (
        b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}).encode())
        + "."
        + b64(json.dumps(claims(crosswalk_orgs={"acme": "admin"})).encode())
    )
    signature = b64(hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest())
    with pytest.raises(Unauthenticated, match="algorithm 'HS256'"):
        auth.from_authorization_header(f"Bearer {signing_input}.{signature}")


def test_symmetric_algorithms_cannot_be_configured(jwks_file: Path) -> None:
    with pytest.raises(AccountError, match="not accepted"):
        SSOConfig(ISSUER, AUDIENCE, str(jwks_file), algorithms=("RS256", "HS256"))


def test_jwt_without_sso_configured_is_refused(accounts: AccountStore) -> None:
    with pytest.raises(Unauthenticated, match="single sign-on is not configured"):
        Authenticator(accounts).from_authorization_header("Bearer " + sign(claims()))


def test_configuration_from_environment(jwks_file: Path) -> None:
    env = {"CROSSWALK_SSO_ISSUER": ISSUER, "CROSSWALK_SSO_AUDIENCE": AUDIENCE, "CROSSWALK_SSO_JWKS": str(jwks_file)}
    assert SSOConfig.from_env(env) == SSOConfig(ISSUER, AUDIENCE, str(jwks_file), "crosswalk_orgs")
    assert SSOConfig.from_env({**env, "CROSSWALK_SSO_CLAIM": "orgs"}).claim == "orgs"  # type: ignore[union-attr]
    assert SSOConfig.from_env({}) is None
    with pytest.raises(AccountError, match="set CROSSWALK_SSO_AUDIENCE, CROSSWALK_SSO_JWKS too"):
        SSOConfig.from_env({"CROSSWALK_SSO_ISSUER": ISSUER})


def test_authenticator_reads_sso_from_environment(accounts: AccountStore, jwks_file: Path) -> None:
    env = {"CROSSWALK_SSO_ISSUER": ISSUER, "CROSSWALK_SSO_AUDIENCE": AUDIENCE, "CROSSWALK_SSO_JWKS": str(jwks_file)}
    signed_on = Authenticator.from_environment(accounts, env).from_authorization_header("Bearer " + sign(claims()))
    assert dict(signed_on.org_roles) == {"acme": "editor"}
    with pytest.raises(Unauthenticated, match="not configured"):
        Authenticator.from_environment(accounts, {}).from_authorization_header("Bearer " + sign(claims()))


class JwksHandler(BaseHTTPRequestHandler):
    body = b""
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(type(self).body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def jwks_server() -> Iterator[tuple[str, type[JwksHandler]]]:
    handler = type("Handler", (JwksHandler,), {"body": b"", "hits": 0})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/jwks.json", handler
    server.shutdown()
    server.server_close()


def test_jwks_from_url_is_cached_and_refreshed_on_rotation(
    accounts: AccountStore, jwks_server: tuple[str, type[JwksHandler]]
) -> None:
    url, handler = jwks_server
    handler.body = json.dumps({"keys": [jwk(RSA_KEY.public_key(), "rsa-1")]}).encode()
    ticks = [0.0]
    cache = JwksCache(url, refresh_seconds=300, min_reload_seconds=30, monotonic=lambda: ticks[0])
    config = SSOConfig(ISSUER, AUDIENCE, url)
    auth = Authenticator(accounts, SSOVerifier(config, accounts.org_ids, jwks=cache))
    for _ in range(3):
        assert auth.from_authorization_header("Bearer " + sign(claims())).subject == "alice@acme.test"
    assert handler.hits == 1  # cached
    # The provider rotates to a new key; a token with the new kid reloads once the short interval has passed.
    handler.body = json.dumps({"keys": [jwk(OTHER_RSA_KEY.public_key(), "rsa-2")]}).encode()
    rotated = sign(claims(), key=OTHER_RSA_KEY, kid="rsa-2")
    ticks[0] = 10.0
    with pytest.raises(Unauthenticated, match="does not publish"):
        auth.from_authorization_header(f"Bearer {rotated}")
    assert handler.hits == 1  # forged or new kids cannot make us fetch more often than min_reload_seconds
    ticks[0] = 40.0
    assert auth.from_authorization_header(f"Bearer {rotated}").subject == "alice@acme.test"
    assert handler.hits == 2
    ticks[0] = 400.0  # past the refresh interval: reloaded, and the retired key no longer verifies
    with pytest.raises(Unauthenticated, match="'rsa-1', which the identity provider does not publish"):
        auth.from_authorization_header("Bearer " + sign(claims()))
    assert handler.hits == 3


def test_unreadable_jwks_is_unauthenticated_not_a_crash(accounts: AccountStore, tmp_path: Path) -> None:
    config = SSOConfig(ISSUER, AUDIENCE, str(tmp_path / "missing.json"))
    auth = Authenticator(accounts, SSOVerifier(config, accounts.org_ids))
    with pytest.raises(Unauthenticated, match="keys cannot be read"):
        auth.from_authorization_header("Bearer " + sign(claims()))
