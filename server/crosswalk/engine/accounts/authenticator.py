"""From an Authorization header to a ``Principal``: API tokens from the accounts file, JWTs from single sign-on."""

from __future__ import annotations

from collections.abc import Mapping

from crosswalk.engine.accounts.errors import Unauthenticated
from crosswalk.engine.accounts.principal import ANONYMOUS, Principal, principal_with_role, refused
from crosswalk.engine.accounts.sso import SSOConfig, SSOVerifier
from crosswalk.engine.accounts.store import AccountStore
from crosswalk.engine.accounts.tokens import PREFIX

SCHEME = "bearer"


class Authenticator:
    def __init__(self, accounts: AccountStore, sso: SSOVerifier | None = None) -> None:
        self.accounts = accounts
        self.sso = sso

    @classmethod
    def from_environment(cls, accounts: AccountStore, environ: Mapping[str, str] | None = None) -> Authenticator:
        """API tokens from ``accounts``, and single sign-on when CROSSWALK_SSO_* configure it."""
        config = SSOConfig.from_env(environ)
        return cls(accounts, None if config is None else SSOVerifier(config, accounts.org_ids))

    def from_authorization_header(self, value: str | None) -> Principal:
        """No header: the anonymous principal. A header that does not check out raises ``Unauthenticated``."""
        if value is None or not value.strip():
            return ANONYMOUS
        scheme, _, credential = value.strip().partition(" ")
        credential = credential.strip()
        if scheme.lower() != SCHEME or not credential:
            raise Unauthenticated("the Authorization header must read 'Bearer <token>'")
        if credential.startswith(PREFIX):
            return self.from_api_token(credential)
        if credential.count(".") == 2:
            if self.sso is None:
                raise Unauthenticated("single sign-on is not configured here; use an API token")
            return self.sso.principal(credential)
        raise Unauthenticated("the bearer credential is neither an API token (cw_...) nor a signed-on JWT")

    def caller(self, value: str | None) -> Principal:
        """Like from_authorization_header, but a credential that does not check out makes a refused anonymous caller
        (public content still answers; organization data says why it was refused)."""
        try:
            return self.from_authorization_header(value)
        except Unauthenticated as error:
            return refused(error.message)

    def from_api_token(self, token: str) -> Principal:
        record = self.accounts.authenticate_token(token)
        return principal_with_role(record.subject, "token", record.role, record.org_id, record.id)
