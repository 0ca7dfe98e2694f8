"""The accounts file: SQLite beside the store, its schema created and upgraded on open, safe for several processes.

WAL lets readers (a running service) and a writer (a CLI command) work at once; writes take the write lock up front
(BEGIN IMMEDIATE) so two writers queue on the busy timeout instead of failing half-way through.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crosswalk.engine.accounts.errors import AccountError
from crosswalk.store import is_remote

MEMORY = ":memory:"
BUSY_TIMEOUT_SECONDS = 30.0

# Each entry upgrades the schema by one version; never edit a released entry, append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE organizations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        secret_sha256 TEXT NOT NULL,
        subject TEXT NOT NULL,
        org_id TEXT REFERENCES organizations(id),
        role TEXT NOT NULL,
        created TEXT NOT NULL,
        expires TEXT,
        revoked TEXT,
        last_used TEXT,
        CHECK ((org_id IS NULL) = (role IN ('site-admin', 'curator')))
    );
    CREATE INDEX tokens_by_org ON tokens(org_id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


ACCOUNTS_ENV = "CROSSWALK_ACCOUNTS"


def default_accounts_path(store_dir: Path | str) -> Path:
    """Where the accounts of a store live: a file beside its folder, so copying the folder never copies secrets. A
    remote store has no folder here: its accounts file is $CROSSWALK_ACCOUNTS, else crosswalk.accounts.sqlite in
    the working directory (service instances over one store share it through that path)."""
    if is_remote(store_dir):
        return Path(os.environ.get(ACCOUNTS_ENV, "crosswalk.accounts.sqlite"))
    store_dir = Path(store_dir)
    return store_dir.with_name(store_dir.name + ".accounts.sqlite")


def connect(path: Path | str) -> sqlite3.Connection:
    """Open (creating if needed) the accounts file and bring its schema up to date."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False)
    except sqlite3.OperationalError as error:
        raise AccountError(f"cannot open accounts file {path}: {error}") from None
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != MEMORY:
        conn.execute("PRAGMA journal_mode = WAL")
    try:
        _migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One all-or-nothing write, holding the write lock from its first statement."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise AccountError(f"the accounts file is busy ({error}); try again") from None
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return 0 if row is None else int(row["version"])


def _migrate(conn: sqlite3.Connection, path: Path | str) -> None:
    with write_transaction(conn):
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = schema_version(conn)
        if current > SCHEMA_VERSION:
            raise AccountError(
                f"accounts file {path} has schema version {current}; this crosswalk knows up to {SCHEMA_VERSION}"
            )
        for script in MIGRATIONS[current:]:
            for statement in script.split(";"):
                if statement.strip():
                    conn.execute(statement)
        if current == 0:
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        elif current < SCHEMA_VERSION:
            conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))


def backup_accounts(source: Path, target: Path) -> bool:
    """Copy the accounts file consistently (SQLite's online backup, safe while the service writes to it); False when
    there is none to copy."""
    if not source.exists():
        return False
    with (
        contextlib.closing(sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_SECONDS)) as src,
        contextlib.closing(sqlite3.connect(str(target))) as dst,
    ):
        src.backup(dst)
    return True
