"""Writing and reading an organization's evidence: one named graph each, history kept in a second graph.

Every write is one SPARQL update (one transaction, profile and audit record included): the previous state of each
changed item is copied into the history graph, then replaced. Re-importing an item id updates it; retracting keeps
it, flagged, with its history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.evidence.audit import Agent, activity, audit_graph
from crosswalk.engine.evidence.measurement_reads import read_thresholds
from crosswalk.engine.evidence.model import (
    EvidenceRecord,
    Organization,
    check_org_id,
    evidence_iri,
    history_graph,
    org_graph,
    org_iri,
)
from crosswalk.engine.evidence.validate import BatchTriples, EvidenceProblem, EvidenceRejected, validate_batch
from crosswalk.engine.resolver import ElementResolver
from crosswalk.store.base import Batch, GraphStore, text_of, values_of

SYSTEM = Agent("crosswalk", "system")  # writes with no caller: the library used directly


@dataclass
class ImportReport:
    organization: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # stored already with exactly this content: not rewritten
    supports: int = 0


def _datetime(stamp: str) -> Literal:
    return Literal(stamp, datatype=NamedNode(ns.XSD + "dateTime"))


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def known_items(store: GraphStore, org: str) -> dict[str, str]:
    """item IRI -> the id it was recorded with."""
    rows = store.select(queries.text("api/org-items"), {"graph": [NamedNode(org_graph(check_org_id(org)))]})
    return {text_of(row, "item") or "": text_of(row, "id") or "" for row in rows}


def organization(store: GraphStore, org: str) -> Organization | None:
    check_org_id(org)
    rows = store.select(queries.text("api/org-profile"), {"graph": [NamedNode(org_graph(org))]})
    if not rows:
        return None
    first = rows[0]
    return Organization(
        id=first["id"].value,  # type: ignore[union-attr]
        name=first["name"].value,  # type: ignore[union-attr]
        roles=sorted({r["role"].value for r in rows if "role" in r}),  # type: ignore[union-attr]
        release_types=sorted({r["release"].value for r in rows if "release" in r}),  # type: ignore[union-attr]
        thresholds=read_thresholds(store, org),
    )


def evidence_rows(store: GraphStore, org: str) -> list[dict[str, str]]:
    """The organization's items and supports, every field, as plain strings; kind and status as their notations."""
    vocab = vocabulary()
    rows = []
    for row in store.select(queries.text("api/org-evidence"), {"graph": [NamedNode(org_graph(check_org_id(org)))]}):
        values = values_of(row)
        values["kind"] = vocab.notation_of(values["kind"])
        if "status" in values:
            values["status"] = vocab.notation_of(values["status"])
        rows.append(values)
    return rows


def support_rows(store: GraphStore, org: str) -> list[dict[str, str]]:
    """What coverage needs: one row per (item, supported element) with the item's id, title, kind, validUntil and
    retracted flag beside the element, status and reason; kind and status as their notations."""
    vocab = vocabulary()
    graph = {"graph": [NamedNode(org_graph(check_org_id(org)))]}
    items: dict[str, dict[str, str]] = {}
    for row in store.select(queries.text("api/org-item-summaries"), graph):
        fields = values_of(row, skip="item")
        fields["kind"] = vocab.notation_of(fields["kind"])
        items[row["item"].value] = fields  # type: ignore[union-attr]
    rows = []
    for row in store.select(queries.text("api/org-support-claims"), graph):
        item = items.get(row["item"].value)  # type: ignore[union-attr]
        if item is None:  # a support without a complete item: the item shape rejects this on import
            continue
        claim = values_of(row, skip="item")
        claim["status"] = vocab.notation_of(claim["status"])
        rows.append({**item, **claim})
    return rows


def _current(store: GraphStore, org: str, items: list[str]) -> list[Triple]:
    """The stored triples of ``items`` and of their support nodes."""
    if not items:
        return []
    rows = store.select(
        queries.text("api/org-evidence-triples"),
        {"graph": [NamedNode(org_graph(org))], "item": [NamedNode(i) for i in items]},
    )
    return [Triple(row["s"], row["p"], row["o"]) for row in rows]  # type: ignore[arg-type]


def _subject(triple: Triple) -> str:
    return triple.subject.value if isinstance(triple.subject, NamedNode) else ""


def _owner(subject: str, items: set[str]) -> str | None:
    """The item a subject belongs to: the item itself or one of its support nodes."""
    owner = subject.split("/supports/", 1)[0]
    return owner if owner in items else None


def _by_item(triples: list[Triple], items: set[str]) -> dict[str, set[Triple]]:
    grouped: dict[str, set[Triple]] = {item: set() for item in items}
    for triple in triples:
        owner = _owner(_subject(triple), items)
        if owner is not None:
            grouped[owner].add(triple)
    return grouped


def _snapshot(current: list[Triple], items: list[str], stamp: str) -> list[Triple]:
    """The current triples of ``items`` renamed to history nodes, each marked as a revision of its item."""
    wanted = set(items)

    def rename(term: object) -> object:
        if isinstance(term, NamedNode) and (owner := _owner(term.value, wanted)) is not None:
            return NamedNode(term.value.replace(owner, f"{owner}/history/{stamp}", 1))
        return term

    renamed = [
        Triple(rename(t.subject), t.predicate, rename(t.object))  # type: ignore[arg-type]
        for t in current
        if _owner(_subject(t), wanted) is not None
    ]
    for item in items:
        node = NamedNode(f"{item}/history/{stamp}")
        renamed.append(Triple(node, NamedNode(ns.PROV + "wasRevisionOf"), NamedNode(item)))
        renamed.append(Triple(node, NamedNode(ns.PROV + "invalidatedAtTime"), _datetime(stamp)))
    return renamed


def check_batch(
    store: GraphStore, resolver: ElementResolver, org: Organization, records: list[EvidenceRecord]
) -> tuple[BatchTriples, dict[str, str]]:
    """Every check an import makes, writing nothing: the batch's RDF and the stored items (IRI -> id), or
    EvidenceRejected with every problem."""
    batch = validate_batch(org, records, resolver)
    existing = known_items(store, org.id)
    clashes = [
        EvidenceProblem(
            record.source, "id", f"{record.id!r} names the same item as the stored id {existing[iri]!r}; use that id"
        )
        for record in records
        if (iri := evidence_iri(org.id, record.id)) in existing and existing[iri] not in ("", record.id)
    ]
    if clashes:
        raise EvidenceRejected(clashes)
    return batch, existing


def import_batch(
    store: GraphStore,
    resolver: ElementResolver,
    org: Organization,
    records: list[EvidenceRecord],
    agent: Agent = SYSTEM,
) -> ImportReport:
    """Validate the whole batch, then write it, profile, items, history and audit record, in ONE transaction: after
    a crash at any moment the organization is as it was before the batch or as it is after it. Raise
    EvidenceRejected and write nothing on error. An item stored with exactly the same content is left alone (no
    history entry), so running the same import twice, or again after an interruption, gives the state of one run."""
    batch, existing = check_batch(store, resolver, org, records)
    profile, new_triples = batch.profile, batch.items
    iris = {record.id: evidence_iri(org.id, record.id) for record in records}
    stored = [iris[r.id] for r in records if iris[r.id] in existing]
    current = _current(store, org.id, stored)
    before = _by_item(current, set(stored))
    after = _by_item(new_triples, set(iris.values()))
    report = ImportReport(org.id)
    changed: list[str] = []
    for record in records:
        iri = iris[record.id]
        report.supports += len(record.supports)
        if iri not in existing:
            report.created.append(record.id)
        elif before[iri] == after[iri]:
            report.unchanged.append(record.id)
        else:
            report.updated.append(record.id)
            changed.append(iri)
    unchanged = {iris[i] for i in report.unchanged}
    writes = [t for t in new_triples if _owner(_subject(t), unchanged) is None]
    stamp = _now()
    action = "record-evidence" if records else "update-profile"
    audit = {audit_graph(org.id): activity(org.id, agent, action, [iris[r.id] for r in records], stamp)}
    store.write_batch(
        Batch(
            org_graph(org.id),
            items=[org_iri(org.id), *changed],
            inserts={
                history_graph(org.id): _snapshot(current, changed, stamp),
                org_graph(org.id): profile + writes,
                **audit,
            },
        )
    )
    return report


def retract(store: GraphStore, org: str, item_id: str, reason: str, agent: Agent = SYSTEM) -> None:
    """Flag an item retracted (it stops counting); its previous state goes to the history graph."""
    iri = evidence_iri(org, item_id)
    if iri not in known_items(store, org):
        raise EvidenceRejected([EvidenceProblem(item_id, "id", f"no evidence item {item_id!r} for {org!r}")])
    if not reason.strip():
        raise EvidenceRejected([EvidenceProblem(item_id, "reason", "a retraction needs a reason")])
    stamp = _now()
    history = _snapshot(_current(store, org, [iri]), [iri], stamp)
    node = NamedNode(iri)
    flags = [
        Triple(node, NamedNode(ns.ONTOLOGY + "retracted"), Literal(True)),
        Triple(node, NamedNode(ns.ONTOLOGY + "retractionReason"), Literal(reason.strip())),
        Triple(node, NamedNode(ns.PROV + "invalidatedAtTime"), _datetime(stamp)),
    ]
    # A second retraction replaces the first's flag, reason and time (the first stays in the history).
    audit = {audit_graph(org): activity(org, agent, "retract-evidence", [iri], stamp)}
    store.write_batch(Batch(org_graph(org), flags=flags, inserts={history_graph(org): history, **audit}))


def audit_trail(store: GraphStore, org: str) -> list[dict[str, str]]:
    """Every write to the organization's evidence, newest first: at, action, agent, method, items (|-separated)."""
    trail: dict[str, dict[str, str]] = {}  # activity -> its entry, in the query's order (newest first)
    for row in store.select(queries.text("api/org-audit"), {"graph": [NamedNode(audit_graph(check_org_id(org)))]}):
        entry = trail.setdefault(text_of(row, "activity") or "", {**values_of(row, skip="item"), "items": ""})
        item = text_of(row, "item")
        if item is not None:
            entry["items"] = f"{entry['items']}|{item}" if entry["items"] else item
    return list(trail.values())
