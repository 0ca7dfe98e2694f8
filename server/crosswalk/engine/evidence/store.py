"""Writing and reading an organization's evidence: one named graph each, history kept in a second graph.

Every write is one SPARQL update (one transaction): the previous state of each changed item is copied into the
history graph, then replaced. Re-importing an item id updates it; retracting keeps it, flagged, with its history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.engine.evidence.model import (
    EvidenceRecord,
    Organization,
    evidence_iri,
    history_graph,
    org_graph,
    org_iri,
)
from crosswalk.engine.evidence.validate import EvidenceProblem, EvidenceRejected, validate_batch
from crosswalk.engine.repository import Repository
from crosswalk.store.base import GraphStore
from crosswalk.content.vocabulary import vocabulary


@dataclass
class ImportReport:
    organization: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    supports: int = 0


def _nt(triples: Iterable[Triple]) -> str:
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


def _datetime(stamp: str) -> Literal:
    return Literal(stamp, datatype=NamedNode(ns.XSD + "dateTime"))


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def known_item_ids(store: GraphStore, org: str) -> set[str]:
    rows = store.select(queries.text("api/org-items"), {"graph": [NamedNode(org_graph(org))]})
    return {row["item"].value for row in rows}  # type: ignore[union-attr]


def organization(store: GraphStore, org: str) -> Organization | None:
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
    for row in store.select(queries.text("api/org-evidence"), {"graph": [NamedNode(org_graph(org))]}):
        values = {name: term.value for name, term in row.items()}  # type: ignore[union-attr]
        values["kind"] = vocab.notation_of(values["kind"])
        if "status" in values:
            values["status"] = vocab.notation_of(values["status"])
        rows.append(values)
    return rows


def support_rows(store: GraphStore, org: str) -> list[dict[str, str]]:
    """What coverage needs: one row per (item, supported element) with the item's id, title, kind, validUntil and
    retracted flag beside the element, status and reason; kind and status as their notations."""
    vocab = vocabulary()
    graph = {"graph": [NamedNode(org_graph(org))]}
    items: dict[str, dict[str, str]] = {}
    for row in store.select(queries.text("api/org-item-summaries"), graph):
        fields = {name: term.value for name, term in row.items() if name != "item"}  # type: ignore[union-attr]
        fields["kind"] = vocab.notation_of(fields["kind"])
        items[row["item"].value] = fields  # type: ignore[union-attr]
    rows = []
    for row in store.select(queries.text("api/org-support-claims"), graph):
        item = items.get(row["item"].value)  # type: ignore[union-attr]
        if item is None:  # a support without a complete item: the item shape rejects this on import
            continue
        claim = {name: term.value for name, term in row.items() if name != "item"}  # type: ignore[union-attr]
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


def _replace_items_update(org: str, items: list[str], new_triples: list[Triple], history: list[Triple]) -> str:
    graph = str(NamedNode(org_graph(org)))
    parts = []
    if items:
        values = " ".join(str(NamedNode(i)) for i in items)
        parts.append(
            f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {graph} {{ VALUES ?item {{ {values} }} "
            "{ ?item ?p ?o BIND(?item AS ?s) } UNION "
            "{ ?item <https://w3id.org/crosswalk/ontology#supports> ?s . ?s ?p ?o } } }"
        )
    if history:
        parts.append(f"INSERT DATA {{ GRAPH {NamedNode(history_graph(org))} {{\n{_nt(history)}\n}} }}")
    if new_triples:
        parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{_nt(new_triples)}\n}} }}")
    return " ;\n".join(parts)


def import_batch(
    store: GraphStore,
    repository: Repository,
    org: Organization,
    records: list[EvidenceRecord],
) -> ImportReport:
    """Validate the whole batch, then write it in one transaction; raise EvidenceRejected and write nothing on error."""
    batch = validate_batch(org, records, repository)
    profile, new_triples = batch.profile, batch.items
    existing = known_item_ids(store, org.id)
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
    if updated_items:
        history = _snapshot(store, org.id, updated_items, stamp)
        store.update(_replace_items_update(org.id, [org_iri(org.id), *updated_items], profile + new_triples, history))
    else:
        # Only new items: the profile is replaced first, then the items go in as one plain insert (a transaction
        # of its own, far faster than parsing an update); an interrupted import leaves no item half written.
        store.update(_replace_items_update(org.id, [org_iri(org.id)], profile, []))
        store.add_triples(org_graph(org.id), new_triples)
    return report


def retract(store: GraphStore, org: str, item_id: str, reason: str) -> None:
    """Flag an item retracted (it stops counting); its previous state goes to the history graph."""
    iri = evidence_iri(org, item_id)
    if iri not in known_item_ids(store, org):
        raise EvidenceRejected([EvidenceProblem(item_id, "id", f"no evidence item {item_id!r} for {org!r}")])
    if not reason.strip():
        raise EvidenceRejected([EvidenceProblem(item_id, "reason", "a retraction needs a reason")])
    stamp = _now()
    history = _snapshot(store, org, [iri], stamp)
    graph = str(NamedNode(org_graph(org)))
    node = NamedNode(iri)
    flags = [
        Triple(node, NamedNode(ns.ONTOLOGY + "retracted"), Literal(True)),
        Triple(node, NamedNode(ns.ONTOLOGY + "retractionReason"), Literal(reason.strip())),
        Triple(node, NamedNode(ns.PROV + "invalidatedAtTime"), _datetime(stamp)),
    ]
    # A second retraction replaces the first's flag, reason and time (the first stays in the history).
    replaced = "".join(f"DELETE WHERE {{ GRAPH {graph} {{ {node} {flag.predicate} ?old }} }} ;\n" for flag in flags)
    update = (
        replaced + f"INSERT DATA {{ GRAPH {NamedNode(history_graph(org))} {{\n{_nt(history)}\n}} }} ;\n"
        f"INSERT DATA {{ GRAPH {graph} {{\n{_nt(flags)}\n}} }}"
    )
    store.update(update)
