"""The role and action registries: which roles exist, in what order, and what each one allows.

Organization roles are granted per organization and ordered (each allows what the one below it does, and more);
site roles (curator, site administrator) hold across the whole installation and are not tied to an organization.
Every permission decision looks these tables up; nothing else in the package names a role's powers.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

Scope = Literal["org", "site"]


@dataclass(frozen=True)
class ActionSpec:
    name: str
    scope: Scope  # "org": asked about one organization; "site": about the installation as a whole
    description: str


@dataclass(frozen=True)
class RoleSpec:
    name: str
    scope: Scope
    rank: int  # order among the organization roles; 0 for site roles
    actions: frozenset[str]
    description: str


ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec("read", "org", "read an organization's evidence, profile and coverage"),
        ActionSpec("write-evidence", "org", "record and retract an organization's evidence"),
        ActionSpec("manage-org", "org", "change an organization's profile, members and API tokens"),
        ActionSpec("review-mappings", "site", "review curated mapping sets"),
        ActionSpec("create-org", "site", "create organizations"),
        ActionSpec("publish-content", "site", "load the catalogs and import mapping sets into the shared graph"),
    )
}

_VIEWER = frozenset({"read"})
_EDITOR = _VIEWER | {"write-evidence"}
_ADMIN = _EDITOR | {"manage-org"}

ROLES: dict[str, RoleSpec] = {
    spec.name: spec
    for spec in (
        RoleSpec("viewer", "org", 1, _VIEWER, "reads the organization's evidence and coverage"),
        RoleSpec("editor", "org", 2, _EDITOR, "also records and retracts evidence"),
        RoleSpec("admin", "org", 3, _ADMIN, "also manages the profile, members and API tokens"),
        RoleSpec(
            "curator",
            "site",
            0,
            frozenset({"review-mappings", "publish-content"}),
            "reviews curated mapping sets and imports and loads shared content",
        ),
        # The site administrator bootstraps organizations: it creates them and manages (hence reads) any of them, so it
        # can hand out their first admin tokens. It does not record evidence itself; that stays with the organization.
        RoleSpec(
            "site-admin",
            "site",
            0,
            frozenset({"create-org", "manage-org", "read", "publish-content"}),
            "creates and manages organizations, loads shared content",
        ),
    )
}

ORG_ROLES: tuple[str, ...] = tuple(
    sorted((r.name for r in ROLES.values() if r.scope == "org"), key=lambda n: ROLES[n].rank)
)
SITE_ROLES: tuple[str, ...] = tuple(r.name for r in ROLES.values() if r.scope == "site")


def action_spec(action: str) -> ActionSpec:
    """The action's entry; an unknown name is a programming error, not a refusal, so it raises."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise ValueError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")
    return spec


def role_allows(role: str, action: str) -> bool:
    spec = ROLES.get(role)
    return spec is not None and action in spec.actions


def _check_registry() -> None:
    """Organization roles may only grant organization actions (a site power cannot hide in a per-org grant)."""
    for role in ROLES.values():
        unknown = role.actions - set(ACTIONS)
        if unknown:
            raise ValueError(f"role {role.name!r} lists unknown actions {sorted(unknown)}")
        site_only = {a for a in role.actions if ACTIONS[a].scope == "site"}
        if role.scope == "org" and site_only:
            raise ValueError(f"organization role {role.name!r} cannot grant site actions {sorted(site_only)}")
    ordered = [ROLES[name] for name in ORG_ROLES]
    for lower, higher in pairwise(ordered):
        if not lower.actions < higher.actions:
            raise ValueError(f"role {higher.name!r} must allow everything {lower.name!r} does, and more")


_check_registry()
