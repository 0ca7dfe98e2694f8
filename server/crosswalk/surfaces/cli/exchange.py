"""`crosswalk export` and `crosswalk import`: the exchange formats on the command line.

Defined here and registered by cli.py with ``main.add_command``; the format choices come from the registries in
crosswalk.exchange.exports and crosswalk.exchange.imports, so a new format appears here and under /export/ at once.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from crosswalk.engine.read_models import Engine
from crosswalk.exchange.exports import FORMATS, ExportContext, ExportError, Selection, export
from crosswalk.exchange.imports import IMPORT_FORMATS, ImportRejected, import_file
from crosswalk.surfaces.cli.common import fail, open_existing, store_option
from crosswalk.surfaces.cli.remote import RemoteError, client, server_options


@click.command("export")
@click.option("--format", "format_name", type=click.Choice(list(FORMATS)), required=True, help="Export format.")
@click.option(
    "--set",
    "sets",
    multiple=True,
    help="Mapping set id or IRI (repeatable); 'asserted' (the default), 'inferred' or 'all'.",
)
@click.option("--graph", default=None, help="RDF formats: one public graph (IRI, or e.g. 'catalog/ai-rmf/1.0').")
@click.option("--version", "version", default=None, help="oscal-catalog: the framework version, e.g. ai-rmf/1.0.")
@click.option("--focal", type=click.Choice(["object", "subject"]), default="object", show_default=True,
              help="olir: which end of each record is the focal document element.")  # fmt: skip
@click.option("--out", "out", required=True, help="File to write ('-' for standard output).")
@store_option
def export_command(
    format_name: str, sets: tuple[str, ...], graph: str | None, version: str | None, focal: str, out: str,
    store_path: Path,
) -> None:  # fmt: skip
    """Export mapping sets, graphs or a catalog in a standard format (works beside a running service)."""
    store = open_existing(store_path, read_only=True)
    selection = Selection(sets=sets, graph=graph, version=version, focal=focal)
    try:
        if out == "-":
            export(ExportContext(Engine(store)), format_name, selection, sys.stdout.buffer)
            return
        target = Path(out)
        # Written beside the target and renamed, so a failed export never leaves half a file.
        handle, scratch = tempfile.mkstemp(prefix=".crosswalk-export-", dir=target.parent or Path("."))
        try:
            with os.fdopen(handle, "wb") as stream:
                scope = export(ExportContext(Engine(store)), format_name, selection, stream)
            os.replace(scratch, target)
        finally:
            if os.path.exists(scratch):
                os.unlink(scratch)
    except ExportError as error:
        fail(str(error))
        return
    finally:
        store.close()
    what = ", ".join(s.id for s in scope.sets) or ", ".join(scope.graphs) or scope.version or ""
    click.echo(f"wrote {target} ({format_name}: {what})", err=True)


export_command.help = f"{export_command.help}\n\nFormats: " + "; ".join(
    f"{f.name}: {f.description}" for f in FORMATS.values()
)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(list(IMPORT_FORMATS)), default=None,
              help="Default: from the file (.tsv SSSOM; .json OSCAL or SSSOM JSON).")  # fmt: skip
@store_option
@server_options
def import_command(
    file: Path, format_name: str | None, store_path: Path, server: str | None, token: str | None
) -> None:
    """Import a third-party SSSOM mapping set or OSCAL mapping collection into its own graph.

    The file is checked first (SSSOM or OSCAL rules, references to loaded elements, SHACL); any problem is
    reported with its place in the file and nothing is written. Imported graphs survive `crosswalk load`. With
    --server the running service imports it (a curator's or site administrator's token), and its crosswalks and
    /sparql answer with the new set at once.
    """
    remote = client(server, token)
    if remote is not None:
        params = [("filename", file.name), *([("format", format_name)] if format_name else [])]
        try:
            answer = remote.post("/imports", file.read_bytes(), params)
        except RemoteError as error:
            fail(str(error))
        sets = [tuple(entry) for entry in answer.get("sets", [])]
        inferred = int(answer.get("inferred", 0))
    else:
        store = open_existing(store_path)
        try:
            report = import_file(store, file, format_name)
        except ImportRejected as error:
            fail(str(error))
        finally:
            store.close()
        sets, inferred = [tuple(entry) for entry in report.sets], report.inferred
    for set_id, graph, records in sets:
        click.echo(f"imported {set_id}: {records} record(s) into {graph}")
    click.echo(f"graph/inferred now holds {inferred:,} chained mappings")
