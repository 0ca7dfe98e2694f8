"""Validation of an evidence batch: every value checked, every element resolved, then SHACL over the batch's RDF.

All problems of a batch are collected (row or node, field, reason) so one run shows every error; a batch with any
problem is rejected whole by the caller.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyoxigraph import Triple

from crosswalk.content import queries
from crosswalk.content.rejection import Rejected
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.evidence.measurement import check_measurement, check_thresholds
from crosswalk.engine.evidence.model import (
    ORG_ID,
    EvidenceRecord,
    Organization,
    evidence_triples,
    item_key,
    organization_triples,
)
from crosswalk.engine.resolver import AmbiguousElement, ElementResolver, UnknownElement

if TYPE_CHECKING:
    from rdflib import Literal as RDFLiteral
    from rdflib import URIRef

    from crosswalk.content.mapping_records import Problem

HASH = re.compile(r"^[a-z0-9-]+:[0-9a-fA-F]+$")
LINK = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class EvidenceProblem:
    where: str  # "row 12", "evidence[3] (EV-001)", "organization"
    field: str
    reason: str
    suggestions: tuple[str, ...] = ()  # known values close to the one given (element ids, kinds, statuses)

    def __str__(self) -> str:
        return f"{self.where} [{self.field}]: {self.reason}"


class EvidenceRejected(Rejected[EvidenceProblem]):
    """The batch does not validate; nothing was written."""


def concepts() -> dict[str, dict[str, str]]:
    return vocabulary().schemes


def check_organization(org: Organization) -> list[EvidenceProblem]:
    schemes = concepts()
    problems = []
    if not ORG_ID.match(org.id):
        problems.append(EvidenceProblem("organization", "id", f"{org.id!r}: use lower-case letters, digits, hyphens"))
    for role in org.roles:
        if role not in schemes["value-chain-role"]:
            known = ", ".join(sorted(schemes["value-chain-role"]))
            problems.append(EvidenceProblem("organization", "roles", f"unknown role {role!r}; known: {known}"))
    for release in org.release_types:
        if release not in schemes["release-type"]:
            problems.append(
                EvidenceProblem(
                    "organization", "releaseTypes", f"unknown release type {release!r}; known: open-weight, api, closed"
                )
            )
    return problems


def _date(value: str | None) -> bool:
    if value is None:
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_records(records: list[EvidenceRecord], resolver: ElementResolver) -> list[EvidenceProblem]:
    """Check values and resolve element references in place (``claim.resolved``)."""
    schemes = concepts()
    problems: list[EvidenceProblem] = []
    seen: dict[str, tuple[str, str]] = {}  # normalised id -> (id as written, where)
    for record in records:

        def problem(field: str, reason: str, where: str = record.source, close: Sequence[str] = ()) -> None:
            problems.append(EvidenceProblem(where, field, reason, tuple(close)))

        if not record.id:
            problem("id", "missing")
        elif item_key(record.id) in seen:
            first_id, first_at = seen[item_key(record.id)]
            same = "" if first_id == record.id else f" {first_id!r}, the same item"
            problem("id", f"duplicate id {record.id!r} (first at {first_at}{same})")
        else:
            seen[item_key(record.id)] = (record.id, record.source)
        if not record.title:
            problem("title", "missing")
        if record.kind not in schemes["evidence-kind"]:
            known_kinds = sorted(schemes["evidence-kind"])
            close = difflib.get_close_matches(record.kind, known_kinds, n=3, cutoff=0.5)
            problem("kind", f"unknown kind {record.kind!r}; known: {', '.join(known_kinds)}", close=close)
        if record.link and not LINK.match(record.link):
            problem("link", f"{record.link!r} is not an http(s) link")
        if record.content_hash and not HASH.match(record.content_hash):
            problem("content_hash", f"{record.content_hash!r}: write algorithm:hex, e.g. sha256:9f86d0…")
        for name in ("produced", "valid_until"):
            if not _date(getattr(record, name)):
                problem(name, f"{getattr(record, name)!r} is not a date (YYYY-MM-DD)")
        dated = bool(record.produced and record.valid_until and _date(record.produced) and _date(record.valid_until))
        if dated and (record.valid_until or "") < (record.produced or ""):
            problem("valid_until", "is before the produced date")
        if record.score is not None:
            try:
                float(record.score)
            except ValueError:
                problem("score", f"{record.score!r} is not a number")
        if record.benchmark:
            try:
                record.resolved_benchmark = resolver.resolve(record.benchmark)
            except UnknownElement as error:
                problem("benchmark", str(error), close=error.suggestions)
            except AmbiguousElement as error:
                problem("benchmark", str(error))
        check_measurement(record, schemes, resolver.resolve, problem)
        if not record.supports:
            problem("supports", "the item supports no element")
        for claim in record.supports:
            if claim.status not in schemes["implementation-status"]:
                statuses = sorted(schemes["implementation-status"])
                close = difflib.get_close_matches(claim.status, statuses, n=3, cutoff=0.5)
                reason = f"{claim.element}: unknown status {claim.status!r}; known: {', '.join(statuses)}"
                problem("status", reason, close=close)
            elif claim.status == "not-applicable" and not claim.reason:
                problem("reason", f"{claim.element}: 'not-applicable' needs a reason")
            try:
                claim.resolved = resolver.resolve(claim.element, claim.version)
            except UnknownElement as error:
                problem("element", str(error), close=error.suggestions)
            except (AmbiguousElement, LookupError) as error:
                problem("element", str(error))
    return problems


@dataclass
class BatchTriples:
    """The RDF a validated batch will write, built once for SHACL and for the store."""

    profile: list[Triple]
    items: list[Triple]
    source_of: dict[str, str]  # subject IRI -> the row or node it came from, for messages


def batch_triples(org: Organization, records: list[EvidenceRecord]) -> BatchTriples:
    schemes = concepts()
    batch = BatchTriples(organization_triples(org, schemes), [], {})
    for record in records:
        mine = evidence_triples(org.id, record, schemes)
        for triple in mine:
            batch.source_of.setdefault(triple.subject.value, record.source)  # type: ignore[union-attr]
        batch.items += mine
    return batch


def shacl_check(batch: BatchTriples) -> list[EvidenceProblem]:
    """The batch's RDF against ontology/shapes.ttl (organization, evidence and support shapes).

    Evaluated by crosswalk.content.shacl_core (fast, SHACL Core subset); pyshacl runs instead if the shapes ever need
    more. Both are imported here, at the first write: serving reads needs neither (nor rdflib, nor pyshacl).
    """
    from crosswalk.content import shacl_core
    from crosswalk.content.validation import short_iri

    triples = batch.profile + batch.items
    try:
        found = [(v.focus, v.path, v.message) for v in shacl_core.validate(triples)]
    except shacl_core.Unsupported:
        found = [(p.node or "", p.field, p.reason) for p in _pyshacl(triples)]
    return [
        EvidenceProblem(batch.source_of.get(focus, "organization"), short_iri(path) if path else "-", reason)
        for focus, path, reason in found
    ]


def _pyshacl(triples: list[Triple]) -> list[Problem]:
    from rdflib import Graph, URIRef

    from crosswalk.content.validation import ontology_graph, shacl_problems

    graph = Graph()
    graph += ontology_graph()  # class and concept checks need the vocabulary beside the batch
    for triple in triples:
        graph.add((URIRef(triple.subject.value), URIRef(triple.predicate.value), _to_rdflib(triple.object)))  # type: ignore[union-attr]
    return shacl_problems(graph, {}, {})


def _to_rdflib(term: object) -> URIRef | RDFLiteral:
    from pyoxigraph import Literal, NamedNode
    from rdflib import Literal as RDFLiteral
    from rdflib import URIRef

    if isinstance(term, NamedNode):
        return URIRef(term.value)
    assert isinstance(term, Literal)
    if term.language:
        return RDFLiteral(term.value, lang=term.language)
    return RDFLiteral(term.value, datatype=URIRef(term.datatype.value))


def _check_thresholds(org: Organization, resolver: ElementResolver) -> list[EvidenceProblem]:
    if not org.thresholds:
        return []
    risks: dict[str, str] = {}
    for row in resolver.store.select(queries.text("api/gai-risks")):
        iri = row["risk"].value  # type: ignore[union-attr]
        for key in (iri, row["name"].value, row["id"].value):  # type: ignore[union-attr]
            risks[key.lower()] = iri
    problems: list[EvidenceProblem] = []
    check_thresholds(
        org.thresholds, risks, resolver.resolve, lambda f, r: problems.append(EvidenceProblem("organization", f, r))
    )
    return problems


def validate_batch(org: Organization, records: list[EvidenceRecord], resolver: ElementResolver) -> BatchTriples:
    """Raise EvidenceRejected with every problem, or return the batch's RDF with every reference resolved."""
    problems = check_organization(org) + _check_thresholds(org, resolver) + check_records(records, resolver)
    if problems:
        raise EvidenceRejected(problems)
    batch = batch_triples(org, records)
    problems = shacl_check(batch)
    if problems:
        raise EvidenceRejected(problems)
    return batch
