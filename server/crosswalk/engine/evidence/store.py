"""Writing and reading an organization's evidence: one named graph each, history kept in a second graph.

Every write is one SPARQL update (one transaction): the previous state of each changed item is copied into the
history graph, then replaced. Re-importing an item id updates it; retracting keeps it, flagged, with its history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.evidence.audit import Agent, activity, audit_graph
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
from crosswalk.store import updates
from crosswalk.store.base import GraphStore, text_of, values_of

SYSTEM = Agent("crosswalk", "system")  # writes with no caller: the library used directly


@dataclass
class ImportReport:
    organization: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
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


def _snapshot(store: GraphStore, org: str, items: list[str], stamp: str) -> list[Triple]:
    """The current triples of ``items`` renamed to history nodes, each marked as a revision of its item."""
    if not items:
        return []
    rows = store.select(
        queries.text("api/org-evidence-triples"),
        {"graph": [NamedNode(org_graph(org))], "item": [NamedNode(i) for i in items]},
    )
    renamed: list[Triple] = []

    def rename(term: object) -> object:
        if isinstance(term, NamedNode):
            for item in items:
                if term.value == item or term.value.startswith(item + "/supports/"):
                    return NamedNode(term.value.replace(item, f"{item}/history/{stamp}", 1))
        return term

    for row in rows:
        renamed.append(Triple(rename(row["s"]), row["p"], rename(row["o"])))  # type: ignore[arg-type]
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
    """Validate the whole batch, then write it; raise EvidenceRejected and write nothing on error. The write is
    recorded in the organization's audit graph as ``agent``'s."""
    batch, existing = check_batch(store, resolver, org, records)
    profile, new_triples = batch.profile, batch.items
    report = ImportReport(org.id)
    updated_items: list[str] = []
    for record in records:
        iri = evidence_iri(org.id, record.id)
        if iri in existing:
            report.updated.append(record.id)
            updated_items.append(iri)
        else:
            report.created.append(record.id)
        report.supports += len(record.supports)
    stamp = _now()
    action = "record-evidence" if records else "update-profile"
    audit = {audit_graph(org.id): activity(org.id, agent, action, [evidence_iri(org.id, r.id) for r in records], stamp)}
    if updated_items:
        history = _snapshot(store, org.id, updated_items, stamp)
        store.update(
            updates.replace_items(
                org_graph(org.id),
                history_graph(org.id),
                [org_iri(org.id), *updated_items],
                profile + new_triples,
                history,
                audit,
            )
        )
    else:
        # Only new items: the profile (and the audit record) are replaced first, then the items go in as one plain
        # insert (a transaction of its own, far faster than parsing an update); no item is ever half written.
        store.update(
            updates.replace_items(org_graph(org.id), history_graph(org.id), [org_iri(org.id)], profile, [], audit)
        )
        store.add_triples(org_graph(org.id), new_triples)
    return report


def retract(store: GraphStore, org: str, item_id: str, reason: str, agent: Agent = SYSTEM) -> None:
    """Flag an item retracted (it stops counting); its previous state goes to the history graph."""
    iri = evidence_iri(org, item_id)
    if iri not in known_items(store, org):
        raise EvidenceRejected([EvidenceProblem(item_id, "id", f"no evidence item {item_id!r} for {org!r}")])
    if not reason.strip():
        raise EvidenceRejected([EvidenceProblem(item_id, "reason", "a retraction needs a reason")])
    stamp = _now()
    history = _snapshot(store, org, [iri], stamp)
    node = NamedNode(iri)
    flags = [
        Triple(node, NamedNode(ns.ONTOLOGY + "retracted"), Literal(True)),
        Triple(node, NamedNode(ns.ONTOLOGY + "retractionReason"), Literal(reason.strip())),
        Triple(node, NamedNode(ns.PROV + "invalidatedAtTime"), _datetime(stamp)),
    ]
    # A second retraction replaces the first's flag, reason and time (the first stays in the history).
    audit = {audit_graph(org): activity(org, agent, "retract-evidence", [iri], stamp)}
    store.update(updates.replace_flags(org_graph(org), history_graph(org), flags, history, audit))


def audit_trail(store: GraphStore, org: str) -> list[dict[str, str]]:
    """Every write to the organization's evidence, newest first: at, action, agent, method, items (|-separated)."""
    rows = store.select(queries.text("api/org-audit"), {"graph": [NamedNode(audit_graph(check_org_id(org)))]})
    return [values_of(row) for row in rows]
