"""CLI commands for accounts: organizations and API tokens (registered on the main group in cli.py).

The accounts file sits beside the store named by --store (``data/store`` -> ``data/store.accounts.sqlite``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from crosswalk.engine.accounts import (
    ORG_ROLES,
    SITE_ROLES,
    AccountError,
    AccountStore,
    TokenRecord,
    default_accounts_path,
    parse_expiry,
)
from crosswalk.engine.accounts.times import optional_text, to_text, utc_now
from crosswalk.surfaces.cli.common import fail, store_option

console = Console(stderr=True, soft_wrap=True)


@contextmanager
def accounts(store_path: Path, create: bool) -> Iterator[AccountStore]:
    """The store's accounts file; commands that only read refuse to create one (a mistyped --store would)."""
    path = default_accounts_path(store_path)
    if not create and not path.exists():
        fail(f"no accounts at {path}; create an organization with `crosswalk org create --store {store_path}` first")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        store = AccountStore(path)
    except AccountError as error:
        fail(str(error))
    try:
        yield store
    except AccountError as error:
        fail(str(error))
    finally:
        store.close()


@click.group("org")
def org_group() -> None:
    """Register the organizations that API tokens and single sign-on grant roles in."""


@org_group.command("create")
@click.argument("org_id", metavar="ID")
@click.option("--name", required=True, help="The organization's display name.")
@click.option("--exist-ok", is_flag=True, help="An organization that is registered already is not an error.")
@store_option
def org_create_command(org_id: str, name: str, exist_ok: bool, store_path: Path) -> None:
    """Register organization ID (lower-case letters, digits, hyphens); an id that exists already is an error
    (unless --exist-ok)."""
    with accounts(store_path, create=True) as store:
        existing = store.organization(org_id)
        if existing is not None and exist_ok:
            console.print(f"organization {existing.id} ({existing.name}) is registered already in {store.path}")
            return
        org = store.create_org(org_id, name)
        console.print(f"created organization {org.id} ({org.name}) in {store.path}")


@org_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@store_option
def org_list_command(as_json: bool, store_path: Path) -> None:
    """List the registered organizations."""
    with accounts(store_path, create=False) as store:
        orgs = store.organizations()
    if as_json:
        click.echo(json.dumps([{"id": o.id, "name": o.name, "created": to_text(o.created)} for o in orgs], indent=2))
        return
    table = Table("id", "name", "created", title=f"{len(orgs)} organizations")
    for org in orgs:
        table.add_row(org.id, org.name, to_text(org.created))
    Console().print(table)


@click.group("token")
def token_group() -> None:
    """Issue, list and revoke API tokens (shown once at issue; only a hash is kept)."""


@token_group.command("issue")
@click.option("--subject", required=True, help="Who the token is for: a person's name or email, or a service.")
@click.option("--org", "org_id", default=None, help="Organization the role is granted in (with --role).")
@click.option("--role", type=click.Choice(ORG_ROLES), default=None, help="Role in the organization (with --org).")
@click.option("--site-admin", is_flag=True, help="Site administrator (creates organizations); without --org.")
@click.option("--curator", is_flag=True, help="Curator (reviews mapping sets, site-wide); without --org.")
@click.option("--expires", default=None, help="Lifetime (30d, 12h, 2w, 90m) or date (2027-01-01, UTC). Default: never.")
@store_option
def token_issue_command(
    subject: str,
    org_id: str | None,
    role: str | None,
    site_admin: bool,
    curator: bool,
    expires: str | None,
    store_path: Path,
) -> None:
    """Issue an API token and print it once: it cannot be shown again."""
    grant = _grant(org_id, role, site_admin, curator)
    try:
        expiry = parse_expiry(expires, utc_now()) if expires else None
    except AccountError as error:
        fail(str(error))
    # A site role may be the first thing in a new accounts file (the administrator who then creates organizations).
    with accounts(store_path, create=grant in SITE_ROLES) as store:
        issued = store.issue_token(subject, grant, org_id, expiry)
    record = issued.record
    console.print(
        f"issued token {record.id} for {record.subject}: {_grant_text(record)}, "
        f"expires {optional_text(record.expires) or 'never'}"
    )
    click.echo(issued.token)
    console.print("[yellow]warning:[/] this token is shown only now and cannot be shown again; store it safely")


def _grant(org_id: str | None, role: str | None, site_admin: bool, curator: bool) -> str:
    """The one role the options name, or a clear error."""
    chosen = [name for name, given in (("--site-admin", site_admin), ("--curator", curator)) if given]
    if role is not None or org_id is not None:
        chosen.append("--org/--role")
    if len(chosen) != 1:
        fail("give exactly one of --org with --role, --site-admin or --curator")
    if site_admin:
        return "site-admin"
    if curator:
        return "curator"
    if org_id is None or role is None:
        fail("--org and --role go together")
    return role


def _grant_text(record: TokenRecord) -> str:
    return record.role if record.org_id is None else f"{record.role} of {record.org_id}"


@token_group.command("list")
@click.option("--org", "org_id", default=None, help="Only the tokens of this organization.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@store_option
def token_list_command(org_id: str | None, as_json: bool, store_path: Path) -> None:
    """List API tokens and their state (never their secrets)."""
    with accounts(store_path, create=False) as store:
        if org_id is not None and store.organization(org_id) is None:
            fail(f"no organization {org_id!r}")
        records = store.tokens(org_id)
        now = store.now()
    rows = [_token_row(record, now) for record in records]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(*TOKEN_COLUMNS, title=f"{len(rows)} tokens")
    for row in rows:
        table.add_row(*(row[column] or "" for column in TOKEN_COLUMNS))
    Console(width=200).print(table)


TOKEN_COLUMNS = ("id", "subject", "org", "role", "state", "created", "expires", "last_used", "revoked")


def _token_row(record: TokenRecord, now: datetime) -> dict[str, str | None]:
    return {
        "id": record.id,
        "subject": record.subject,
        "org": record.org_id,
        "role": record.role,
        "state": record.state(now),
        "created": to_text(record.created),
        "expires": optional_text(record.expires),
        "last_used": optional_text(record.last_used),
        "revoked": optional_text(record.revoked),
    }


@token_group.command("revoke")
@click.argument("token_id")
@store_option
def token_revoke_command(token_id: str, store_path: Path) -> None:
    """Revoke API token TOKEN_ID (the id `token list` shows); it stops working at once."""
    with accounts(store_path, create=False) as store:
        record = store.revoke_token(token_id)
    console.print(f"revoked token {record.id} ({record.subject}, {_grant_text(record)})")
