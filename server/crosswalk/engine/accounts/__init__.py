"""Identity for crosswalk: organizations, roles, API tokens and single sign-on, kept in SQLite beside the store.

Surfaces (GraphQL, HTTP) turn an Authorization header into a ``Principal`` with ``Authenticator`` and ask it
``allows(action, org)`` or ``require(action, org)``; the CLI (``crosswalk org``, ``crosswalk token``) manages the file.
"""

from crosswalk.engine.accounts.authenticator import Authenticator
from crosswalk.engine.accounts.db import backup_accounts, default_accounts_path
from crosswalk.engine.accounts.errors import AccessDenied, AccountError, Forbidden, Unauthenticated
from crosswalk.engine.accounts.expiry import parse_expiry
from crosswalk.engine.accounts.orgs import OrgRecord
from crosswalk.engine.accounts.principal import ANONYMOUS, Principal, require_grant
from crosswalk.engine.accounts.roles import ACTIONS, ORG_ROLES, ROLES, SITE_ROLES
from crosswalk.engine.accounts.sso import SSOConfig, SSOVerifier
from crosswalk.engine.accounts.store import AccountStore
from crosswalk.engine.accounts.tokens import IssuedToken, TokenRecord

__all__ = [
    "ACTIONS",
    "ANONYMOUS",
    "ORG_ROLES",
    "ROLES",
    "SITE_ROLES",
    "AccessDenied",
    "AccountError",
    "AccountStore",
    "Authenticator",
    "Forbidden",
    "IssuedToken",
    "OrgRecord",
    "Principal",
    "SSOConfig",
    "SSOVerifier",
    "TokenRecord",
    "Unauthenticated",
    "backup_accounts",
    "default_accounts_path",
    "parse_expiry",
    "require_grant",
]
