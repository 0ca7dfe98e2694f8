"""CLI commands for mapping suggestions and their review: `crosswalk suggest`, `crosswalk review ...`.

The command line runs on the machine that holds the store, as its operator; decisions are recorded under the
operating-system user unless --as names the curator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from crosswalk.content.frameworks import UnknownVersion, find_version
from crosswalk.engine.evidence.audit import Agent
from crosswalk.engine.read_models import Engine
from crosswalk.engine.suggest.accepted_row import DEFAULT_LICENSE, SET_LICENSES, Acceptance, AcceptanceRejected
from crosswalk.engine.suggest.queue import STATUSES, QueuedSuggestion
from crosswalk.surfaces.cli.common import cli_agent, fail, open_existing, store_option

console = Console(stderr=True)

mappings_option = click.option(
    "--mappings",
    "mappings",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Folder of the SSSOM mapping sets accepted rows are written to (default: the content root's mappings/).",
)
as_option = click.option("--as", "curator", default=None, help="Who decides (default: the operating-system user).")


@contextmanager
def _engine(store_path: Path, mappings: Path | None = None) -> Iterator[Engine]:
    store = open_existing(store_path)
    try:
        yield Engine(store, mappings)
    finally:
        store.close()


def _agent(curator: str | None) -> Agent:
    return Agent(curator, "cli") if curator else cli_agent()


def _name(engine: Engine, iri: str) -> str:
    element = engine.suggest_corpus.elements.get(iri)
    return element.notation if element else iri


@click.command("suggest")
@click.option("--from", "from_version", required=True, help="Version the subjects are in, e.g. ai-800-1/ipd.")
@click.option("--to", "to_version", required=True, help="Version to suggest targets in, e.g. ai-rmf/1.0.")
@click.option("--element", default=None, help="One subject (id, notation, CURIE or IRI); default: every element.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 100), help="Candidates per subject.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Target kind (repeatable), e.g. Subcategory; default: the kinds existing records reach.",
)
@click.option("--queue", "queue", is_flag=True, help="Also record them as pending suggestions for review.")
@click.option(
    "--set",
    "set_id",
    default=None,
    help="The set they would join (default: the one set between the two versions; when there is none, a new set "
    "FROM-to-TO, e.g. ai-rmf-1.0-to-sp-800-53-5.0.1, whose SSSOM file the first accepted suggestion writes).",
)
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@as_option
@store_option
def suggest_command(
    from_version: str,
    to_version: str,
    element: str | None,
    top: int,
    kinds: tuple[str, ...],
    queue: bool,
    set_id: str | None,
    output: str,
    curator: str | None,
    store_path: Path,
) -> None:
    """Suggest mapping targets, ranked, each with its score and reasons (shared terms, chains, neighbours).

    Computed here from the store (BM25 over the catalogs' texts, structure, existing records); nothing leaves the
    machine. Suggestions never count in coverage or chains; with --queue they wait for a curator's review.
    """
    try:
        source, target = find_version(from_version), find_version(to_version)
    except UnknownVersion as error:
        fail(str(error))
    with _engine(store_path) as engine:
        try:
            if element is not None:
                results = {"": engine.suggest(element, target.key, top, kinds or None, source.key)}
            else:
                results = engine.suggest_version(source.key, target.key, top, kinds or None)
            queued: list[str] = []
            if queue:
                chosen = engine.review.pick_set(source.iri, target.iri, set_id)
                queued = engine.review.enqueue(
                    chosen, [s for ranked in results.values() for s in ranked], _agent(curator)
                )
        except (LookupError, ValueError) as error:
            fail(str(error.args[0]) if error.args else str(error))
        flat = [s for ranked in results.values() for s in ranked]
        if output == "json":
            click.echo(
                json.dumps(
                    [
                        {
                            "subject": s.subject,
                            "target": s.target,
                            "rank": s.rank,
                            "score": s.score,
                            "reasons": [asdict(r) for r in s.reasons],
                        }
                        for s in flat
                    ],
                    indent=2,
                    ensure_ascii=False,
                )
            )
        else:
            table = Table("subject", "rank", "target", "score", "reasons", title=f"{len(flat)} suggestion(s)")
            for s in flat:
                why = "; ".join(r.text for r in s.reasons)
                table.add_row(_name(engine, s.subject), str(s.rank), _name(engine, s.target), f"{s.score:.3f}", why)
            Console(width=200).print(table)
        if queue:
            console.print(f"queued {len(queued)} new pending suggestion(s) for review")


@click.group("review")
def review_group() -> None:
    """Review queued suggestions: list them, then accept (into the set's SSSOM file and the store), reject or defer."""


@review_group.command("list")
@click.option("--set", "set_id", default=None, help="Only this set's suggestions.")
@click.option("--status", default="pending", show_default=True, type=click.Choice(STATUSES))
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
def list_command(set_id: str | None, status: str, output: str, store_path: Path) -> None:
    """List queued suggestions with their scores and reasons."""
    with _engine(store_path) as engine:
        try:
            sets = None if set_id is None else [engine.review.set_iri(set_id)]
        except ValueError as error:
            fail(str(error))
        items = engine.review.queue.find([status], sets)
        if output == "json":
            click.echo(json.dumps([_plain(i) for i in items], indent=2, ensure_ascii=False))
            return
        table = Table("id", "set", "subject", "target", "score", "reasons", title=f"{len(items)} {status}")
        for i in items:
            table.add_row(
                i.id,
                i.set_id,
                _name(engine, i.subject),
                _name(engine, i.target),
                f"{i.score:.3f}",
                "; ".join(i.reasons),
            )
        Console(width=200).print(table)


def _plain(item: QueuedSuggestion) -> dict[str, object]:
    return {
        "id": item.id,
        "set": item.set_id,
        "subject": item.subject,
        "target": item.target,
        "score": item.score,
        "status": item.status,
        "reasons": item.reasons,
        "acceptedAs": item.accepted_as,
    }


@review_group.command("accept")
@click.argument("suggestion")
@click.option("--relationship", required=True, help="IR 8477 relationship type, e.g. subset-of, intersects-with.")
@click.option("--explanation", required=True, help="Why the subject relates to the object this way.")
@click.option("--strength", type=click.IntRange(0, 10), default=None, help="Strength of relationship, 0 to 10.")
@click.option(
    "--rationale",
    type=click.Choice(["syntactic", "semantic", "functional"]),
    default=None,
    help="Set-theory rationale (required for the set-theory style).",
)
@click.option("--style", default=None, help="IR 8477 style (default: the set's own).")
@click.option(
    "--property",
    "prop",
    type=click.Choice(["example-of", "integral-to", "precedes"]),
    default=None,
    help="Supportive relationship property.",
)
@click.option(
    "--author",
    default=None,
    help="Who wrote the record (default: the curator); another name than the curator's makes the row reviewed.",
)
@click.option("--comment", default=None, help="A note kept in the row's comment and the decision.")
@click.option(
    "--license",
    "license_",
    default=None,
    help=f"The license of a set this acceptance starts: {', '.join(SET_LICENSES)} or an http(s) IRI "
    f"(default: {DEFAULT_LICENSE}); an existing set keeps its own.",
)
@as_option
@mappings_option
@store_option
def accept_command(
    suggestion: str,
    relationship: str,
    explanation: str,
    strength: int | None,
    rationale: str | None,
    style: str | None,
    prop: str | None,
    author: str | None,
    comment: str | None,
    license_: str | None,
    curator: str | None,
    mappings: Path | None,
    store_path: Path,
) -> None:
    """Accept a suggestion: one full IR 8477 row appended to the set's SSSOM TSV (written with its metadata header
    when the set has no file yet), and the record in the store."""
    choice = Acceptance(relationship, explanation, strength, rationale, style, prop, author, comment, license_)
    with _engine(store_path, mappings) as engine:
        try:
            item, record, path = engine.review.accept(suggestion, choice, _agent(curator))
        except (LookupError, ValueError) as error:
            fail(_message(error))
        click.echo(f"accepted {item.id} as {record}; appended to {path}")


@review_group.command("reject")
@click.argument("suggestion")
@click.option("--reason", required=True, help="Why it is not a mapping (kept with the decision).")
@as_option
@store_option
def reject_command(suggestion: str, reason: str, curator: str | None, store_path: Path) -> None:
    """Reject a suggestion, with a reason; it is not suggested again."""
    with _engine(store_path) as engine:
        try:
            item = engine.review.reject(suggestion, reason, _agent(curator))
        except (LookupError, ValueError) as error:
            fail(_message(error))
        click.echo(f"rejected {item.id}")


@review_group.command("defer")
@click.argument("suggestion")
@click.option("--reason", required=True, help="What is needed to decide (kept with the decision).")
@as_option
@store_option
def defer_command(suggestion: str, reason: str, curator: str | None, store_path: Path) -> None:
    """Defer a suggestion, with a reason; it stays open (status deferred) for a later decision."""
    with _engine(store_path) as engine:
        try:
            item = engine.review.defer(suggestion, reason, _agent(curator))
        except (LookupError, ValueError) as error:
            fail(_message(error))
        click.echo(f"deferred {item.id}")


def _message(error: Exception) -> str:
    return str(error.args[0]) if isinstance(error, LookupError) and error.args else str(error)


__all__ = ["AcceptanceRejected", "review_group", "suggest_command"]
