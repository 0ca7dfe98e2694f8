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

from crosswalk.content.sssom_terms import read_curie_map
from crosswalk.engine.read_models import Engine
from crosswalk.exchange.exports import FORMATS, ExportContext, ExportError, Selection, export
from crosswalk.exchange.imports import (
    IMPORT_FORMATS,
    ImportOptions,
    ImportRejected,
    ImportReport,
    import_file,
    options_params,
)
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
@click.option(
    "--format",
    "format_name",
    type=click.Choice(list(IMPORT_FORMATS)),
    default=None,
    help="Default: from the file (.tsv SSSOM; .json OSCAL catalog, profile or mapping collection, or SSSOM).",
)
@click.option("--strict", is_flag=True, help="SSSOM: reject the whole file on any problem (default: lenient).")
@click.option(
    "--curie-map",
    "curie_map",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="SSSOM: prefixes for CURIEs the file does not declare (YAML/JSON mapping or prefix<TAB>namespace).",
)
@click.option(
    "--alias",
    is_flag=True,
    help="SSSOM: the file is an alias set: skos:exactMatch rows saying another project's id is our element.",
)
@click.option("--framework", default=None, help="OSCAL catalog: framework id of the new version (imported/<id>).")
@click.option("--version", "version", default=None, help="OSCAL catalog: version slug (default: the catalog's).")
@click.option("--prefix", default=None, help="OSCAL catalog: CURIE prefix of its elements.")
@click.option(
    "--selects",
    default=None,
    help="OSCAL profile: the framework version whose elements it selects, e.g. sp-800-53/5.0.1.",
)
@click.option("--name", default=None, help="OSCAL profile: the selection's id (default: from the file name).")
@store_option
@server_options
def import_command(
    file: Path,
    format_name: str | None,
    strict: bool,
    curie_map: Path | None,
    alias: bool,
    framework: str | None,
    version: str | None,
    prefix: str | None,
    selects: str | None,
    name: str | None,
    store_path: Path,
    server: str | None,
    token: str | None,
) -> None:
    """Import a third-party SSSOM mapping set or OSCAL mapping collection into its own graph, an OSCAL catalog as a
    framework version, or an OSCAL profile as a selection of a version's elements.

    SSSOM is read leniently: each row is imported, imported with a stated change, or skipped with its line and
    reason, and the report lists them; --strict rejects the whole file on any problem instead. Everything else is
    checked whole (schema, references, SHACL): any problem is reported with its place and nothing is written.
    Imported graphs survive `crosswalk load`. With --server the running service imports it (a curator's or site
    administrator's token), and its crosswalks and /sparql answer with the new set at once.
    """
    try:
        extra = read_curie_map(curie_map) if curie_map else {}
    except ValueError as error:
        fail(str(error))
        return
    options = ImportOptions(
        strict=strict, curie_map=extra, alias=alias, framework=framework, version=version, prefix=prefix,
        selects=selects, name=name,
    )  # fmt: skip
    remote = client(server, token)
    if remote is not None:
        params = [("filename", file.name), *([("format", format_name)] if format_name else [])]
        try:
            answer = remote.post("/imports", file.read_bytes(), params + options_params(options))
        except RemoteError as error:
            fail(str(error))
            return
        report = ImportReport.from_dict(answer)
    else:
        store = open_existing(store_path)
        try:
            report = import_file(store, file, format_name, options=options)
        except ImportRejected as error:
            fail(str(error))
            return
        finally:
            store.close()
    _print_report(report)


def _print_report(report: ImportReport) -> None:
    for key, graph, elements in report.versions:
        click.echo(f"imported framework version {key}: {elements:,} element(s) into {graph}")
    for iri, selected, members in report.selections:
        click.echo(f"imported selection {iri} of {selected}: {members:,} element(s)")
    if report.read:
        counts = report.counts()
        unit = "entry" if report.entries else "line"
        click.echo(
            f"{report.read} row(s): {counts['imported']} imported, {counts['changed']} imported with a change, "
            f"{counts['skipped']} skipped"
        )
        for note in report.rows:
            click.echo(f"  {unit} {note.line}: {note.outcome}: {note.reason}")
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for set_id, graph, records in report.sets:
        click.echo(f"imported {set_id}: {records} record(s) into {graph}")
    if report.sets:
        click.echo(f"graph/inferred now holds {report.inferred:,} chained mappings")
