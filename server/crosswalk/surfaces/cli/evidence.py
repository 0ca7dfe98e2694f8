"""CLI commands for organizations' evidence and coverage (registered on the main group in cli.py)."""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.engine.coverage import CoverageReport, UnknownOrganization, compute
from crosswalk.engine.evidence.service import ProfileProblem
from crosswalk.engine.evidence.validate import EvidenceRejected
from crosswalk.engine.read_models import Engine
from crosswalk.exchange.evidence_files import EvidenceFormatError, read
from crosswalk.surfaces.cli.common import cli_agent, fail, open_existing, store_option
from crosswalk.surfaces.cli.remote import RemoteError, client, server_options

console = Console(stderr=True)


@click.group("evidence")
def evidence_group() -> None:
    """Record an organization's evidence (policies, model cards, red-team reports, benchmark runs, ...)."""


@evidence_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org_id", required=True, help="Organization id (lower-case letters, digits, hyphens).")
@click.option("--name", default=None, help="Organization name (when the file has no organization block).")
@click.option("--role", "roles", multiple=True, help="Value-chain role (repeatable): initial-developer, deployer, ...")
@click.option(
    "--release", "releases", multiple=True, help="Release type of its models (repeatable): open-weight, api, closed."
)
@store_option
@server_options
def import_command(
    file: Path,
    org_id: str,
    name: str | None,
    roles: tuple[str, ...],
    releases: tuple[str, ...],
    store_path: Path,
    server: str | None,
    token: str | None,
) -> None:
    """Import evidence from JSON, CSV, Turtle or JSON-LD; the whole batch is validated and written in one
    transaction, or nothing is (an interrupted import leaves the organization as it was).

    Re-importing an item id updates that item (its previous state is kept as history), never duplicates it; an item
    that has not changed is left alone. With --server the running service validates and writes the file.
    """
    started = time.perf_counter()
    remote = client(server, token)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=True
    ) as bar:
        if remote is not None:
            bar.add_task(f"sending {file.name} to {remote.url}", total=None)
            params = [("filename", file.name), *(("role", r) for r in roles), *(("release", r) for r in releases)]
            if name:
                params.append(("name", name))
            try:
                answer = remote.post(f"/orgs/{org_id}/evidence", file.read_bytes(), params)
            except RemoteError as error:
                fail(str(error))
            counts = {key: len(answer.get(key, [])) for key in ("created", "updated", "unchanged")}
            items, supports = int(answer.get("items", 0)), int(answer.get("supports", 0))
        else:
            items, counts, supports = _import_locally(bar, file, org_id, name, roles, releases, store_path)
    seconds = time.perf_counter() - started
    console.print(
        f"[green]imported[/] {items:,} items for {org_id} ({counts['created']} new, {counts['updated']} "
        f"updated, {counts['unchanged']} unchanged, {supports:,} supported elements) in {seconds:.1f} s"
    )


def _import_locally(
    bar: Progress,
    file: Path,
    org_id: str,
    name: str | None,
    roles: tuple[str, ...],
    releases: tuple[str, ...],
    store_path: Path,
) -> tuple[int, dict[str, int], int]:
    try:
        file_org, records = read(file)
    except EvidenceFormatError as error:
        fail(str(error))
    store = open_existing(store_path)
    try:
        engine = Engine(store)
        org = engine.evidence.profile_for(org_id, file_org, name, roles, releases)
        bar.add_task(f"validating and writing {len(records):,} evidence items", total=None)
        report = engine.evidence.import_batch(org, records, cli_agent())
    except (EvidenceRejected, ProfileProblem) as error:
        fail(str(error))
    finally:
        store.close()
    counts = {"created": len(report.created), "updated": len(report.updated), "unchanged": len(report.unchanged)}
    return len(records), counts, report.supports


@evidence_group.command("retract")
@click.argument("item_id")
@click.option("--org", "org_id", required=True)
@click.option("--reason", required=True, help="Why the item no longer holds; kept with its history.")
@store_option
@server_options
def retract_command(
    item_id: str, org_id: str, reason: str, store_path: Path, server: str | None, token: str | None
) -> None:
    """Retract an evidence item: it stops counting, and it and its history are kept."""
    remote = client(server, token)
    if remote is not None:
        try:
            remote.post(
                f"/orgs/{org_id}/evidence/{quote(item_id, safe='')}/retract",
                json.dumps({"reason": reason}).encode(),
                content_type="application/json",
            )
        except RemoteError as error:
            fail(str(error))
    else:
        store = open_existing(store_path)
        try:
            Engine(store).evidence.retract(org_id, item_id, reason, cli_agent())
        except EvidenceRejected as error:
            fail(str(error))
        finally:
            store.close()
    console.print(f"retracted {item_id} for {org_id}")


COVERAGE_FORMATS = ("table", "json", "csv")


@click.command("coverage")
@click.option("--org", "org_id", required=True)
@click.option("--framework", default=None, help="A framework ('ai-800-1') or a version ('ai-rmf/1.0').")
@click.option(
    "--selection",
    default=None,
    help="Only the members of a named selection: an SP 800-53B baseline ('moderate'), an imported profile.",
)
@click.option("--format", "output", type=click.Choice(COVERAGE_FORMATS), default="table", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write JSON or CSV here.")
@store_option
def coverage_command(
    org_id: str, framework: str | None, selection: str | None, output: str, out: Path | None, store_path: Path
) -> None:
    """How much of a framework (or of a selection of it, such as a baseline) an organization covers, where the gaps
    are, and why (works beside a running service: the store opens read-only)."""
    if not framework and not selection:
        fail("give --framework, --selection, or both")
        return
    store = open_existing(store_path, read_only=True)
    try:
        report = compute(Engine(store), org_id, framework, selection=selection)
    except (UnknownOrganization, LookupError) as error:
        fail(str(error.args[0]))
        return
    finally:
        store.close()
    if out is not None and output == "table":
        output = "csv" if out.suffix.lower() == ".csv" else "json"
    text = {"json": report_json, "csv": report_csv}.get(output)
    if text is None:
        _print_table(report)
        return
    if out is None:
        click.echo(text(report), nl=False)
    else:
        out.write_text(text(report), encoding="utf-8")
        _print_table(report)
        console.print(f"wrote {out}")


def report_json(report: CoverageReport) -> str:
    summary = report.summary()
    data = {
        "organization": report.organization,
        "version": report.version,
        "date": report.today,
        "summary": {**asdict(summary), "score": summary.score},
        "groups": {
            by: [{**asdict(g), "score": g.score} for g in report.groups(by)] for by in ("grandparent", "parent", "risk")
        },
        "elements": [asdict(e) for e in report.elements],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


CSV_HEADER = ["element", "notation", "status", "group", "evidence", "via", "stale evidence", "planned", "reason"]


def report_csv(report: CoverageReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for e in report.elements:
        writer.writerow(
            [
                e.element,
                e.notation or e.label or "",
                e.status,
                e.parent_notation or "",
                ";".join(sorted({c.evidence_id for c in e.contributions})),
                ";".join(sorted({c.via for c in e.contributions})),
                ";".join(sorted({c.evidence_id for c in e.stale})),
                ";".join(e.planned),
                e.reason or "",
            ]
        )
    return buffer.getvalue()


def _print_table(report: CoverageReport) -> None:
    summary = report.summary()
    out = Console()
    table = Table(
        "group",
        "applicable",
        "covered",
        "partial",
        "gap",
        "n/a",
        "score",
        title=f"{report.organization}: {report.version}",
    )
    for group in report.groups(FRAMEWORK_VERSIONS[report.version].summary_level):
        table.add_row(
            group.key,
            str(group.applicable),
            str(group.covered),
            str(group.partial),
            str(group.gap),
            str(group.not_applicable),
            f"{group.score:.0%}",
        )
    table.add_row(
        "all",
        str(summary.applicable),
        str(summary.covered),
        str(summary.partial),
        str(summary.gap),
        str(summary.not_applicable),
        f"{summary.score:.0%}",
        style="bold",
    )
    out.print(table)
