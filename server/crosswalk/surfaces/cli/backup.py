"""`crosswalk backup` and `crosswalk restore`: a consistent copy of a store, taken while the service writes to it,
and putting one back. A backup is itself a store folder (open it with --store), with its accounts file beside it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import click

from crosswalk.engine.accounts import backup_accounts, default_accounts_path
from crosswalk.store import StoreBusy, StoreError, open_store
from crosswalk.surfaces.cli.common import fail, open_existing, store_option


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


@click.command("backup")
@store_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="A new folder for the backup (it must not exist yet).")  # fmt: skip
@click.option("--accounts/--no-accounts", default=True, show_default=True,
              help="Also copy the accounts file (organizations, hashed tokens) beside the backup.")  # fmt: skip
def backup_command(store_path: Path, out: Path, accounts: bool) -> None:
    """Copy the store consistently, also while `crosswalk serve` holds it and writes go on.

    The backup is what the store held at one moment (no half-written batch): a store folder that `--store` opens
    and `crosswalk restore` puts back. Schedule it with cron, e.g. `crosswalk backup --store data/store --out
    backups/$(date +%F)`.
    """
    if out.exists():
        fail(f"{out} exists already; a backup goes into a new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    store = open_existing(store_path, read_only=True)
    try:
        store.backup(str(partial))
    except (StoreError, OSError) as error:
        shutil.rmtree(partial, ignore_errors=True)
        fail(f"backup failed, nothing was kept: {error}")
    finally:
        store.close()
    os.replace(partial, out)  # under its final name only when complete
    copied = accounts and backup_accounts(default_accounts_path(store_path), default_accounts_path(out))
    size = _folder_bytes(out) / 1e6
    click.echo(
        f"backed up {store_path} to {out} ({size:,.1f} MB in {time.perf_counter() - started:.1f} s)"
        + (f"; accounts to {default_accounts_path(out)}" if copied else "")
    )


@click.command("restore")
@click.option("--from", "source", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="A folder written by `crosswalk backup`.")  # fmt: skip
@store_option
@click.option("--force", is_flag=True, help="Replace an existing store (it is kept aside, renamed, not deleted).")
def restore_command(source: Path, store_path: Path, force: bool) -> None:
    """Put a backup back as the store (stop the service first: a store in use is never replaced)."""
    if not (source / "CURRENT").exists():
        fail(f"{source} is not a crosswalk backup (no store in it)")
    if store_path.exists() and any(store_path.iterdir()):
        if not force:
            fail(f"{store_path} holds a store already; pass --force to replace it (it is kept aside)")
        try:
            open_store(store_path).close()  # held by a running service? then refuse
        except StoreBusy:
            fail(f"{store_path} is in use by a running service; stop it before restoring")
        except StoreError:
            pass  # a broken store is exactly what a restore replaces
    staging = store_path.with_name(f".{store_path.name}.restoring-{os.getpid()}")
    shutil.copytree(source, staging)
    open_store(staging).close()  # the copy opens as a store before it replaces anything
    kept = None
    if store_path.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = store_path.with_name(f"{store_path.name}.replaced-{stamp}")
        os.replace(store_path, kept)
    os.replace(staging, store_path)
    accounts_backup, accounts_live = default_accounts_path(source), default_accounts_path(store_path)
    if accounts_backup.exists():
        if accounts_live.exists() and kept is not None:
            os.replace(accounts_live, default_accounts_path(kept))
        backup_accounts(accounts_backup, accounts_live)
    click.echo(f"restored {source} to {store_path}" + (f"; the replaced store is kept at {kept}" if kept else ""))
