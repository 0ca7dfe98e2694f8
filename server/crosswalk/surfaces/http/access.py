"""Who is calling, read once per request from its Authorization header, for every surface of the service."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request

from crosswalk.engine.accounts import AccountStore, Authenticator, Principal, SSOConfig, SSOVerifier
from crosswalk.engine.accounts.db import default_accounts_path

DENIED_STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403}
MEMORY = ":memory:"


def accounts_location(store: str | Path | None, accounts: str | Path | None) -> str | Path:
    """The accounts file: the one given, else beside a store folder, else (a store in memory) in memory too."""
    if accounts is not None:
        return accounts
    if store is None or str(store) == "memory:":
        return MEMORY
    return default_accounts_path(store)


def authenticator_for(accounts: AccountStore, sso: SSOConfig | None) -> Authenticator:
    """API tokens from the accounts file, and single sign-on when it is configured (the settings, else the
    CROSSWALK_SSO_* environment)."""
    if sso is None:
        return Authenticator.from_environment(accounts)
    return Authenticator(accounts, SSOVerifier(sso, accounts.org_ids))


def caller(authenticator: Authenticator, request: Request) -> Principal:
    """The request's principal; a credential that does not check out is a refused anonymous caller, never an error
    for public content."""
    return authenticator.caller(request.headers.get("authorization"))
