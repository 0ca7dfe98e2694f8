"""API tokens: issued once, kept only as a hash, checked for expiry and revocation at every use.

A token reads ``cw_<id>_<secret>``. The id (64 random bits, public) finds the row without scanning; the secret
(256 random bits) is never stored, only its SHA-256, which is safe for a secret that long and random (no salt or
slow hash is needed: nothing about it can be guessed).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from crosswalk.engine.accounts.db import write_transaction
from crosswalk.engine.accounts.errors import AccountError, Unauthenticated
from crosswalk.engine.accounts.orgs import get_org
from crosswalk.engine.accounts.roles import ROLES
from crosswalk.engine.accounts.times import from_text, optional_moment, optional_text, to_text

log = logging.getLogger(__name__)

PREFIX = "cw_"
ID_BYTES = 8
SECRET_BYTES = 32
# last_used is written at most this often per token, so busy services do not queue on the write lock.
LAST_USED_RESOLUTION = timedelta(minutes=1)
INVALID = "invalid API token"  # the same words for an unknown id and a wrong secret: ids cannot be probed


@dataclass(frozen=True)
class TokenRecord:
    id: str
    subject: str
    org_id: str | None
    role: str
    created: datetime
    expires: datetime | None
    revoked: datetime | None
    last_used: datetime | None

    def state(self, now: datetime) -> str:
        if self.revoked is not None:
            return "revoked"
        if self.expires is not None and self.expires <= now:
            return "expired"
        return "active"


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once: nothing can recover it later
    record: TokenRecord


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
    conn: sqlite3.Connection, subject: str, role: str, org_id: str | None, now: datetime, expires: datetime | None
) -> IssuedToken:
    _check_grant(conn, subject, role, org_id)
    if expires is not None and expires <= now:
        raise AccountError("a token's expiry must be in the future")
    token_id = secrets.token_hex(ID_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    with write_transaction(conn):
        conn.execute(
            "INSERT INTO tokens (id, secret_sha256, subject, org_id, role, created, expires)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (token_id, hash_secret(secret), subject.strip(), org_id, role, to_text(now), optional_text(expires)),
        )
    record = TokenRecord(token_id, subject.strip(), org_id, role, now, expires, None, None)
    return IssuedToken(f"{PREFIX}{token_id}_{secret}", record)


def _check_grant(conn: sqlite3.Connection, subject: str, role: str, org_id: str | None) -> None:
    spec = ROLES.get(role)
    if spec is None:
        raise AccountError(f"unknown role {role!r}; known: {', '.join(ROLES)}")
    if not subject.strip():
        raise AccountError("a token needs a subject (the person or service it is for)")
    if spec.scope == "site" and org_id is not None:
        raise AccountError(f"{role} is a site role: issue it without an organization")
    if spec.scope == "org":
        if org_id is None:
            raise AccountError(f"role {role!r} is granted in an organization: give one")
        if get_org(conn, org_id) is None:
            raise AccountError(f"no organization {org_id!r}; create it first")


def list_tokens(conn: sqlite3.Connection, org_id: str | None = None) -> list[TokenRecord]:
    query = "SELECT * FROM tokens" + (" WHERE org_id = ?" if org_id is not None else "") + " ORDER BY created, id"
    return [_record(row) for row in conn.execute(query, () if org_id is None else (org_id,))]


def get_token(conn: sqlite3.Connection, token_id: str) -> TokenRecord | None:
    row = conn.execute("SELECT * FROM tokens WHERE id = ?", (token_id,)).fetchone()
    return None if row is None else _record(row)


def revoke_token(conn: sqlite3.Connection, token_id: str, now: datetime) -> TokenRecord:
    with write_transaction(conn):
        record = get_token(conn, token_id)
        if record is None:
            raise AccountError(f"no token {token_id!r}")
        if record.revoked is not None:
            raise AccountError(f"token {token_id} was already revoked at {to_text(record.revoked)}")
        conn.execute("UPDATE tokens SET revoked = ? WHERE id = ?", (to_text(now), token_id))
    return get_token(conn, token_id) or record


def split_token(presented: str) -> tuple[str, str]:
    """The id and secret of a ``cw_<id>_<secret>`` token (the secret itself may contain underscores)."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or f"{parts[0]}_" != PREFIX or not parts[1] or not parts[2]:
        raise Unauthenticated("malformed API token: expected cw_<id>_<secret>")
    return parts[1], parts[2]


def verify_token(conn: sqlite3.Connection, presented: str, now: datetime) -> TokenRecord:
    """The token's record if its secret matches and it is neither revoked nor expired; ``Unauthenticated`` otherwise."""
    token_id, secret = split_token(presented)
    row = conn.execute("SELECT * FROM tokens WHERE id = ?", (token_id,)).fetchone()
    stored = row["secret_sha256"] if row is not None else hash_secret("")
    if not hmac.compare_digest(stored, hash_secret(secret)) or row is None:
        raise Unauthenticated(INVALID)
    record = _record(row)
    state = record.state(now)
    if state == "revoked":
        raise Unauthenticated(f"API token {token_id} was revoked at {optional_text(record.revoked)}")
    if state == "expired":
        raise Unauthenticated(f"API token {token_id} expired at {optional_text(record.expires)}")
    if record.last_used is None or now - record.last_used >= LAST_USED_RESOLUTION:
        try:
            conn.execute("UPDATE tokens SET last_used = ? WHERE id = ?", (to_text(now), token_id))
        except sqlite3.OperationalError as error:  # a busy file must not turn a valid token away
            log.warning("could not record the use of token %s: %s", token_id, error)
    return record


def _record(row: sqlite3.Row) -> TokenRecord:
    return TokenRecord(
        id=row["id"],
        subject=row["subject"],
        org_id=row["org_id"],
        role=row["role"],
        created=from_text(row["created"]),
        expires=optional_moment(row["expires"]),
        revoked=optional_moment(row["revoked"]),
        last_used=optional_moment(row["last_used"]),
    )
