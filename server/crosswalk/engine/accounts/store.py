"""``AccountStore``: one open accounts file with its clock, the object services and CLI commands hold.

One SQLite connection serves every thread of a process (a lock keeps their statements apart); other processes open
their own and meet in the file's WAL.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from types import TracebackType

from crosswalk.engine.accounts import orgs, tokens
from crosswalk.engine.accounts.db import connect, schema_version
from crosswalk.engine.accounts.orgs import OrgRecord
from crosswalk.engine.accounts.times import Clock, utc_now
from crosswalk.engine.accounts.tokens import IssuedToken, TokenRecord


class AccountStore:
    def __init__(self, path: Path | str, clock: Clock = utc_now) -> None:
        self.path = path
        self.clock = clock
        self._conn = connect(path)
        self._lock = threading.RLock()

    def __enter__(self) -> AccountStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    @property
    def schema_version(self) -> int:
        with self._lock:
            return schema_version(self._conn)

    def create_org(self, org_id: str, name: str) -> OrgRecord:
        with self._lock:
            return orgs.create_org(self._conn, org_id, name, self.now())

    def organization(self, org_id: str) -> OrgRecord | None:
        with self._lock:
            return orgs.get_org(self._conn, org_id)

    def organizations(self) -> list[OrgRecord]:
        with self._lock:
            return orgs.list_orgs(self._conn)

    def org_ids(self) -> set[str]:
        with self._lock:
            return orgs.known_org_ids(self._conn)

    def issue_token(
        self, subject: str, role: str, org_id: str | None = None, expires: datetime | None = None
    ) -> IssuedToken:
        with self._lock:
            return tokens.issue_token(self._conn, subject, role, org_id, self.now(), expires)

    def tokens(self, org_id: str | None = None) -> list[TokenRecord]:
        with self._lock:
            return tokens.list_tokens(self._conn, org_id)

    def token(self, token_id: str) -> TokenRecord | None:
        with self._lock:
            return tokens.get_token(self._conn, token_id)

    def revoke_token(self, token_id: str) -> TokenRecord:
        with self._lock:
            return tokens.revoke_token(self._conn, token_id, self.now())

    def authenticate_token(self, presented: str) -> TokenRecord:
        """The record of a valid token (raising ``Unauthenticated`` otherwise); checked against the file every time."""
        with self._lock:
            return tokens.verify_token(self._conn, presented, self.now())
