"""What every CLI command shares: the --store option, failing with a clear message, opening a store."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import NoReturn

import click

from crosswalk.engine.evidence.audit import Agent
from crosswalk.store import GraphStore, StoreError, is_remote, open_store

DEFAULT_STORE = Path("data/store")


class RemoteLocation(str):
    """A store served over a network (a URL, or a .toml file naming its endpoints): no folder here to check."""

    def exists(self) -> bool:
        return True


class StoreLocation(click.ParamType):
    """A folder of the embedded store, or a remote store's URL or configuration file."""

    name = "store"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Path | RemoteLocation:
        if isinstance(value, Path | RemoteLocation):
            return value
        text = str(value)
        try:
            remote = is_remote(text)
        except StoreError as error:
            self.fail(str(error), param, ctx)
        if remote:
            return RemoteLocation(text)
        path = Path(text)
        if path.is_file():
            self.fail(f"{path} is a file, not a store folder", param, ctx)
        return path


store_option = click.option(
    "--store",
    "store_path",
    type=StoreLocation(),
    default=DEFAULT_STORE,
    show_default=True,
    help="Folder of the embedded store, or a SPARQL 1.1 server: http://host:7878 (Oxigraph server), "
    "sparql+http://host/sparql?update=...&gsp=...&dialect=virtuoso&user=... or a .toml file (see README).",
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
