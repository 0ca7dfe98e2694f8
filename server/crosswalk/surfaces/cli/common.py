"""What every CLI command shares: the --store option, failing with a clear message, opening a store."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import NoReturn

import click

from crosswalk.engine.evidence.audit import Agent
from crosswalk.store import GraphStore, StoreError, open_store

DEFAULT_STORE = Path("data/store")

store_option = click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_STORE,
    show_default=True,
    help="Folder of the embedded store.",
)


def cli_agent() -> Agent:
    """Who a write from the command line is made by, for the organization's audit trail: the operating-system user."""
    return Agent(getpass.getuser(), "cli")


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def open_existing(store_path: Path, read_only: bool = False) -> GraphStore:
    """Open a store that `crosswalk load` has built; say how to build it otherwise. A read-only open works beside
    the running service that holds the store; a writer that finds it held is told how to reach the service."""
    if not store_path.exists():
        fail(f"no store at {store_path}; run `crosswalk load --store {store_path}` first")
    try:
        return open_store(store_path, read_only=read_only)
    except StoreError as error:
        fail(str(error))
