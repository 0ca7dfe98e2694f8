"""Single sign-on: verifying an identity provider's JWT and reading the organizations and roles it grants.

Only asymmetric signatures are accepted (RS256, ES256), checked against the provider's published keys; "none" and
the HS* family are refused before any key is chosen, which closes the classic confusion of a public key used as an
HMAC secret. Issuer, audience, expiry and not-before are all required and checked (with a small leeway for clocks).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crosswalk.engine.accounts.errors import AccountError, Unauthenticated
from crosswalk.engine.accounts.principal import Principal
from crosswalk.engine.accounts.roles import ROLES

if TYPE_CHECKING:  # the JWT library is imported when single sign-on is configured, not by every service
    from crosswalk.engine.accounts.jwks import JwksCache

log = logging.getLogger(__name__)

ALLOWED_ALGORITHMS: frozenset[str] = frozenset({"RS256", "ES256"})
DEFAULT_CLAIM = "crosswalk_orgs"
ENVIRONMENT = {
    "issuer": "CROSSWALK_SSO_ISSUER",
    "audience": "CROSSWALK_SSO_AUDIENCE",
    "jwks": "CROSSWALK_SSO_JWKS",
    "claim": "CROSSWALK_SSO_CLAIM",
}


@dataclass(frozen=True)
class SSOConfig:
    issuer: str
    audience: str
    jwks: str  # a file path or an http(s) URL
    claim: str = DEFAULT_CLAIM  # names organizations and roles: {"acme": "editor"}
    subject_claim: str = "sub"
    leeway_seconds: float = 30.0
    refresh_seconds: float = 300.0
    algorithms: tuple[str, ...] = ("RS256", "ES256")

    def __post_init__(self) -> None:
        refused = set(self.algorithms) - ALLOWED_ALGORITHMS
        if refused:
            raise AccountError(f"algorithms {sorted(refused)} are not accepted; only {sorted(ALLOWED_ALGORITHMS)}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SSOConfig | None:
        """The configuration in CROSSWALK_SSO_*; ``None`` when single sign-on is not configured at all."""
        env = os.environ if environ is None else environ
        values = {field: env.get(name, "").strip() for field, name in ENVIRONMENT.items()}
        required = ("issuer", "audience", "jwks")
        if not any(values[field] for field in required):
            return None
        missing = [ENVIRONMENT[field] for field in required if not values[field]]
        if missing:
            raise AccountError(f"single sign-on is half configured: set {', '.join(missing)} too")
        return cls(values["issuer"], values["audience"], values["jwks"], values["claim"] or DEFAULT_CLAIM)


class SSOVerifier:
    def __init__(self, config: SSOConfig, known_orgs: Callable[[], Collection[str]], jwks: JwksCache | None = None):
        self.config = config
        self.known_orgs = known_orgs
        from crosswalk.engine.accounts.jwks import JwksCache

        self.jwks = jwks or JwksCache(config.jwks, config.refresh_seconds)

    def principal(self, token: str) -> Principal:
        claims = self.verify(token)
        subject = claims.get(self.config.subject_claim)
        if not isinstance(subject, str) or not subject:
            raise Unauthenticated(f"signed-on token has no {self.config.subject_claim!r} claim")
        roles, notes = org_roles(claims.get(self.config.claim), self.config.claim, set(self.known_orgs()))
        for note in notes:
            log.info("sign-on of %s: %s", subject, note)
        return Principal(subject, "jwt", org_roles=roles, notes=tuple(notes))

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims once signature, issuer, audience and time window check out."""
        import jwt

        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise Unauthenticated(f"malformed signed-on token: {error}") from None
        algorithm = header.get("alg")
        if algorithm not in self.config.algorithms:
            raise Unauthenticated(
                f"signed-on token uses algorithm {algorithm!r}; accepted: {', '.join(self.config.algorithms)}"
            )
        kid = header.get("kid")
        try:
            key = self.jwks.key(kid if isinstance(kid, str) else None)
        except AccountError as error:
            log.warning("%s", error)
            raise Unauthenticated("the identity provider's keys cannot be read just now") from None
        if key is None:
            raise Unauthenticated(f"signed-on token names key {kid!r}, which the identity provider does not publish")
        if key.algorithm_name != algorithm:
            raise Unauthenticated(f"key {kid!r} signs with {key.algorithm_name}, not {algorithm}")
        try:
            return jwt.decode(
                token,
                key=key.key,
                algorithms=[algorithm],
                audience=self.config.audience,
                issuer=self.config.issuer,
                leeway=self.config.leeway_seconds,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.InvalidTokenError as error:
            raise Unauthenticated(f"signed-on token refused: {error}") from None


def org_roles(value: object, claim: str, known: Collection[str]) -> tuple[dict[str, str], list[str]]:
    """Organization -> role from the claim, and why each entry that was not taken was left out."""
    if value is None:
        return {}, [f"no {claim!r} claim: no organization roles"]
    if not isinstance(value, dict):
        return {}, [f"claim {claim!r} is not an object of organization -> role; ignored"]
    roles: dict[str, str] = {}
    notes: list[str] = []
    for org, role in value.items():
        spec = ROLES.get(role) if isinstance(role, str) else None
        if spec is None or spec.scope != "org":
            notes.append(f"role {role!r} for {org!r} is not an organization role; ignored")
        elif org not in known:
            notes.append(f"organization {org!r} is not registered; ignored")
        else:
            roles[org] = role
    return roles, notes
