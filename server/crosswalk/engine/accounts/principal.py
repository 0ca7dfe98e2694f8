"""Who is calling, and what they may do: every permission question is answered here, from the role registry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from crosswalk.engine.accounts.errors import Forbidden, Unauthenticated
from crosswalk.engine.accounts.roles import ROLES, action_spec, role_allows

Method = Literal["token", "jwt", "anonymous"]


@dataclass(frozen=True)
class Principal:
    subject: str
    method: Method
    site_admin: bool = False
    curator: bool = False
    org_roles: Mapping[str, str] = field(default_factory=dict)  # organization id -> organization role
    token_id: str | None = None
    notes: tuple[str, ...] = ()  # why parts of the credential were ignored (unknown roles or organizations), for logs

    @property
    def authenticated(self) -> bool:
        return self.method != "anonymous"

    def site_roles(self) -> list[str]:
        return [name for name, held in (("site-admin", self.site_admin), ("curator", self.curator)) if held]

    def allows(self, action: str, org: str | None = None) -> bool:
        """Whether the action is allowed; organization actions need ``org`` and anonymous callers get none of them."""
        spec = action_spec(action)
        if not self.authenticated:
            return False
        if any(role_allows(role, action) for role in self.site_roles()):
            return True
        if spec.scope == "site" or org is None:
            return False
        role = self.org_roles.get(org)
        return role is not None and role_allows(role, action)

    def require(self, action: str, org: str | None = None) -> None:
        """Raise ``Unauthenticated`` or ``Forbidden`` unless the action is allowed."""
        if self.allows(action, org):
            return
        target = f" for organization {org!r}" if org is not None and action_spec(action).scope == "org" else ""
        if not self.authenticated:
            refused = f" ({'; '.join(self.notes)})" if self.notes else ""
            raise Unauthenticated(f"sign in or give an API token to {action}{target}{refused}")
        raise Forbidden(f"{self.subject} may not {action}{target} ({self._held(org)})")

    def _held(self, org: str | None) -> str:
        held = self.site_roles()
        if org is not None and org in self.org_roles:
            held.append(f"{self.org_roles[org]} of {org}")
        if held:
            return "holds " + ", ".join(held)
        return "no role here" if org is None else f"no role in {org}"


ANONYMOUS = Principal(subject="anonymous", method="anonymous")


def refused(reason: str) -> Principal:
    """An anonymous caller whose credential did not check out: public reads still answer; anything else says why."""
    return Principal(subject="anonymous", method="anonymous", notes=(f"credential refused: {reason}",))


def principal_with_role(subject: str, method: Method, role: str, org: str | None, token_id: str | None) -> Principal:
    """The principal a single registered role makes (what one API token grants)."""
    spec = ROLES[role]
    if spec.scope == "site":
        return Principal(subject, method, site_admin=role == "site-admin", curator=role == "curator", token_id=token_id)
    if org is None:
        raise ValueError(f"role {role!r} needs an organization")
    return Principal(subject, method, org_roles={org: role}, token_id=token_id)


def require_grant(principal: Principal, role: str, org: str | None) -> None:
    """May ``principal`` hand out ``role`` (issue a token with it)? Organization roles need ``manage-org`` there;
    site roles only a site administrator can grant, since they reach every organization."""
    spec = ROLES.get(role)
    if spec is None:
        raise ValueError(f"unknown role {role!r}; known: {', '.join(ROLES)}")
    if spec.scope == "org":
        if org is None:
            raise ValueError(f"role {role!r} needs an organization")
        principal.require("manage-org", org)
        return
    if not principal.authenticated:
        raise Unauthenticated(f"sign in or give an API token to grant {role}")
    if not principal.site_admin:
        raise Forbidden(f"{principal.subject} may not grant {role}: only a site administrator can")
