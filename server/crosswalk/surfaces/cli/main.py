"""The command line: a thin layer over the library (load, serve, query, generate)."""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
from pathlib import Path

import click
from pyoxigraph import Literal, NamedNode
from rich.console import Console

from crosswalk import __version__
from crosswalk.content import queries
from crosswalk.content.namespaces import HTTP_IRI
from crosswalk.content.resources import content_root, default_reference_dir
from crosswalk.store import StoreError, open_store
from crosswalk.store.base import values_of
from crosswalk.surfaces.cli.common import fail, open_existing, store_option
from crosswalk.surfaces.cli.remote import RemoteError, client, content_archive, server_options

console = Console(stderr=True)

# The commands defined in other modules, imported when one of them runs (or --help lists them): a `crosswalk load`
# does not pay for the suggestion ranker's numpy or the exports' JSON schemas.
LAZY_COMMANDS: dict[str, str] = {
    "evidence": "crosswalk.surfaces.cli.evidence:evidence_group",
    "coverage": "crosswalk.surfaces.cli.evidence:coverage_command",
    "export": "crosswalk.surfaces.cli.exchange:export_command",
    "import": "crosswalk.surfaces.cli.exchange:import_command",
    "org": "crosswalk.surfaces.cli.accounts:org_group",
    "token": "crosswalk.surfaces.cli.accounts:token_group",
    "backup": "crosswalk.surfaces.cli.backup:backup_command",
    "restore": "crosswalk.surfaces.cli.backup:restore_command",
    "suggest": "crosswalk.surfaces.cli.suggestions:suggest_command",
    "review": "crosswalk.surfaces.cli.suggestions:review_group",
}


class LazyGroup(click.Group):
    """A group whose LAZY_COMMANDS are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, attribute = LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crosswalk")
def main() -> None:
    """crosswalk: AI risk-management standards as a knowledge graph (SPARQL and GraphQL)."""


@main.command("load")
@store_option
@server_options
def load_command(store_path: Path, server: str | None, token: str | None) -> None:
    """Validate the catalogs and mapping sets, then build or refresh the store.

    Nothing is written unless every file validates; a reload replaces the project's graphs in one transaction and
    keeps others. With --server the running service loads this content (a curator's or site administrator's token).
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from crosswalk.engine.publish import LoadError, LoadReport, load

    remote = client(server, token)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=True
    ) as progress:
        task = progress.add_task("loading", total=None)
        if remote is not None:
            progress.update(task, description=f"sending the content to {remote.url}; it validates and loads it")
            try:
                answer = remote.post("/load", content_archive(content_root()), content_type="application/gzip")
            except RemoteError as error:
                fail(str(error))
            report = LoadReport(
                answer["graphs"], answer["dropped"], answer["seconds"], answer["inferred"], answer.get("unchanged", [])
            )
            where = remote.url
        else:
            try:
                store = open_store(store_path)
            except StoreError as error:
                fail(str(error))
            try:
                report = load(store, progress=lambda step: progress.update(task, description=step), bulk=True)
            except LoadError as error:
                fail(str(error))
            finally:
                store.close()
            where = str(store_path)
    if report.nothing_changed:
        console.print(
            f"[green]nothing changed[/]: the {len(report.unchanged)} files are loaded in {where} as they are "
            f"({report.seconds:.1f} s)"
        )
        return
    console.print(
        f"[green]loaded[/] {report.triples:,} triples in {len(report.graphs)} graphs "
        f"into {where} ({report.seconds:.1f} s)"
        + (f"; {len(report.unchanged)} unchanged graph(s) kept" if report.unchanged else "")
        + (f"; dropped {len(report.dropped)} stale graph(s)" if report.dropped else "")
    )
    inferred = sum(report.inferred.values())
    if inferred:
        detail = "; ".join(f"{kind}: {count}" for kind, count in sorted(report.inferred.items()))
        console.print(f"inferred {inferred:,} chained mappings ({detail})")


@main.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--query-timeout", default=30.0, show_default=True, type=float, help="Seconds a SPARQL query may run.")
@click.option("--sparql-workers", default=1, show_default=True, type=int, help="Processes running SPARQL queries.")
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="IRI",
    help="A SPARQL endpoint that queries may name in SERVICE (repeatable). None by default: SERVICE is refused.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    envvar="CROSSWALK_CORS_ORIGINS",
    help="An origin (https://host[:port]) whose pages may call /orgs/ORG/sparql from a browser (repeatable; "
    "env CROSSWALK_CORS_ORIGINS, space-separated). /sparql and /graphs answer any origin without credentials.",
)
@click.option(
    "--mappings",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Folder of the SSSOM sets that accepted suggestions are written to (default: the content root's mappings/).",
)
def serve_command(
    store_path: Path,
    host: str,
    port: int,
    query_timeout: float,
    sparql_workers: int,
    allow_service: tuple[str, ...],
    cors_origins: tuple[str, ...],
    mappings: Path | None,
) -> None:
    """Serve GraphQL at /graphql (GraphiQL in a browser), SPARQL at /sparql and /orgs/ORG/sparql, the SPARQL query
    editor at /sparql-editor and public graphs at /graphs?graph=IRI.

    Callers authenticate with 'Authorization: Bearer <token>' (crosswalk token issue) or, where CROSSWALK_SSO_*
    configure single sign-on, a JWT; anonymous callers read public content only.
    """
    import uvicorn

    from crosswalk.surfaces.http.app import Settings, create_app

    if not store_path.exists():
        fail(f"no store at {store_path}; run `crosswalk load --store {store_path}` first")
    settings = Settings(
        store=store_path,
        query_timeout=query_timeout,
        sparql_workers=sparql_workers,
        service_allowlist=allow_service,
        cors_origins=tuple(origin.rstrip("/") for origin in cors_origins),
        mappings=mappings,
    )
    app = create_app(settings)
    console.print(
        f"crosswalk {__version__}: GraphiQL at http://{host}:{port}/graphql, SPARQL at /sparql "
        "(query editor at /sparql-editor)"
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


OUTPUT_FORMATS = ("table", "csv", "json")


def _bindings(binds: tuple[str, ...]) -> dict[str, list[NamedNode | Literal]]:
    """--bind NAME=VALUE options as the store's bindings (terms, never text pasted into the query)."""
    bindings: dict[str, list[NamedNode | Literal]] = {}
    for bind in binds:
        name, sep, value = bind.partition("=")
        name = name.strip().lstrip("?")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            fail(f"--bind {bind!r}: expected NAME=VALUE, e.g. from=https://w3id.org/crosswalk/id/ai-rmf/1.0")
        iri = value.strip().removeprefix("<").removesuffix(">")
        bindings.setdefault(name, []).append(NamedNode(iri) if HTTP_IRI.fullmatch(iri) else Literal(value))
    return bindings


@main.command("query")
@click.argument("name_or_file")
@store_option
@click.option("--format", "output", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Fill the query's VALUES ?NAME {} slot (see its '# param:' lines): an http(s) IRI or <IRI> is an IRI, "
    "anything else a string. Repeat for more slots, or for several values of one.",
)
def query_command(name_or_file: str, store_path: Path, output: str, binds: tuple[str, ...]) -> None:
    """Run a named query from queries/ (see `crosswalk queries`) or a .rq file against the store (works beside a
    running service: the store opens read-only). Slots not bound run unconstrained."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.exists():
        text = path.read_text(encoding="utf-8")
    else:
        try:
            text = queries.get(name_or_file).text
        except KeyError as error:
            fail(str(error.args[0]))
            return
    bindings = _bindings(binds)
    store = open_existing(store_path, read_only=True)
    try:
        rows = store.select(text, bindings)
    except ValueError as error:  # a name the query has no slot for
        fail(str(error))
        return
    except SyntaxError as error:
        fail(f"SPARQL syntax error: {error}")
        return
    except TypeError:
        fail("only SELECT queries can be printed as a table; use the /sparql endpoint for others")
        return
    finally:
        store.close()
    columns = list(dict.fromkeys(key for row in rows for key in row)) or ["(no results)"]
    values = [values_of(row) for row in rows]
    if output == "json":
        click.echo(json.dumps(values, indent=2, ensure_ascii=False))
    elif output == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(values)
        click.echo(buffer.getvalue(), nl=False)
    else:
        from rich.table import Table

        table = Table(*columns, title=f"{len(rows)} row(s)")
        for row in values:
            table.add_row(*(row.get(column, "") for column in columns))
        Console().print(table)


@main.command("queries")
def queries_command() -> None:
    """List the named queries (plain text, one per line, for people and scripts alike)."""
    public = [(name, query) for name, query in queries.registry().items() if query.public]
    width = max(len(name) for name, _ in public)
    for name, query in public:
        parameters = f"  [parameters: {', '.join(query.parameters)}]" if query.parameters else ""
        click.echo(f"{name.ljust(width)}  {query.title}{parameters}")


@main.command("generate")
@click.option(
    "--reference",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="The reference data folder (default: ../shared/reference beside the checkout).",
)
def generate_command(reference: Path | None) -> None:
    """Rewrite the catalogs and the official mapping sets from the reference data."""
    from crosswalk.content.generate.all_sources import ReferenceDataError, generate_all

    reference = reference or default_reference_dir()
    if not reference.is_dir():
        fail(f"no reference data at {reference}; pass --reference")
    try:
        written = generate_all(reference, content_root())
    except ReferenceDataError as error:
        fail(f"{error}; no file was written")
    for target in written:
        console.print(f"wrote {target}")


if __name__ == "__main__":
    main()
