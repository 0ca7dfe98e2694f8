"""The organizations registry: which organization ids exist, so tokens and sign-on claims can only name real ones."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from crosswalk.engine.accounts.db import write_transaction
from crosswalk.engine.accounts.errors import AccountError
from crosswalk.engine.accounts.times import from_text, to_text
from crosswalk.engine.evidence.model import ORG_ID


@dataclass(frozen=True)
class OrgRecord:
    id: str
    name: str
    created: datetime


def check_org_id(org_id: str) -> None:
    if not ORG_ID.match(org_id):
        raise AccountError(
            f"organization id {org_id!r} is not valid: 1 to 63 lower-case letters, digits and hyphens, "
            "starting with a letter or digit"
        )


def create_org(conn: sqlite3.Connection, org_id: str, name: str, now: datetime) -> OrgRecord:
    check_org_id(org_id)
    if not name.strip():
        raise AccountError("an organization needs a name")
    with write_transaction(conn):
        existing = conn.execute("SELECT name FROM organizations WHERE id = ?", (org_id,)).fetchone()
        if existing is not None:
            raise AccountError(f"organization {org_id!r} already exists (named {existing['name']!r})")
        conn.execute(
            "INSERT INTO organizations (id, name, created) VALUES (?, ?, ?)", (org_id, name.strip(), to_text(now))
        )
    return OrgRecord(org_id, name.strip(), now)


def get_org(conn: sqlite3.Connection, org_id: str) -> OrgRecord | None:
    row = conn.execute("SELECT id, name, created FROM organizations WHERE id = ?", (org_id,)).fetchone()
    return None if row is None else _record(row)


def list_orgs(conn: sqlite3.Connection) -> list[OrgRecord]:
    return [_record(row) for row in conn.execute("SELECT id, name, created FROM organizations ORDER BY id")]


def known_org_ids(conn: sqlite3.Connection) -> set[str]:
    return {row["id"] for row in conn.execute("SELECT id FROM organizations")}


def _record(row: sqlite3.Row) -> OrgRecord:
    return OrgRecord(row["id"], row["name"], from_text(row["created"]))
