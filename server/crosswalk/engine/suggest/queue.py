"""The review queue: suggestions kept as records (provenance suggested, review status pending) in one named graph
per target set, with every curator decision on them (who, when, why) as a PROV-O activity in the same graph.

A suggestion is a cw:MappingSuggestion whose ends are cw:suggestedSubject and cw:suggestedObject, never a
cw:Mapping with cw:subject and cw:object: the mapping index, the chains, coverage and every named query read
records, so a suggestion counts nowhere until it is accepted into its set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.engine.evidence.audit import Agent
from crosswalk.engine.suggest.results import Suggestion
from crosswalk.store.base import GraphStore, Row, text_of

CW = ns.ONTOLOGY
STATUSES = ("pending", "deferred", "rejected", "accepted")
OPEN = ("pending", "deferred")  # a curator may still decide on these


def status_iri(status: str) -> str:
    if status not in STATUSES:
        raise ValueError(f"unknown suggestion status {status!r}; expected one of {', '.join(STATUSES)}")
    return f"{ns.VOCAB}review-{status}"


def suggestion_id(set_id: str, subject: str, target: str) -> str:
    return "s-" + hashlib.sha1(f"{set_id}|{subject}|{target}".encode()).hexdigest()[:12]


def now_stamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass
class Decision:
    action: str  # accept, reject, defer
    agent: str
    method: str
    at: str
    reason: str | None
    record: str | None = None


@dataclass
class QueuedSuggestion:
    iri: str
    id: str
    set_iri: str
    set_id: str
    subject: str
    target: str
    score: float
    status: str
    created: str
    reasons: list[str] = field(default_factory=list)
    accepted_as: str | None = None
    decisions: list[Decision] = field(default_factory=list)

    @property
    def graph(self) -> str:
        return ns.suggestion_graph(self.set_id)


def _t(s: str, p: str, o: NamedNode | Literal) -> Triple:
    return Triple(NamedNode(s), NamedNode(p), o)


def suggestion_triples(set_id: str, suggestion: Suggestion, agent: Agent, stamp: str) -> tuple[str, list[Triple]]:
    """A new pending suggestion's triples (and its id)."""
    key = suggestion_id(set_id, suggestion.subject, suggestion.target)
    iri = f"{ns.SUGGESTIONS}{set_id}/{key}"
    triples = [
        _t(iri, ns.RDF + "type", NamedNode(CW + "MappingSuggestion")),
        _t(iri, ns.DCTERMS + "identifier", Literal(key)),
        _t(iri, CW + "forMappingSet", NamedNode(ns.mapping_set_iri(set_id))),
        _t(iri, CW + "suggestedSubject", NamedNode(suggestion.subject)),
        _t(iri, CW + "suggestedObject", NamedNode(suggestion.target)),
        _t(iri, CW + "suggestionScore", Literal(f"{suggestion.score:.4f}", datatype=NamedNode(ns.XSD + "decimal"))),
        _t(iri, CW + "provenance", NamedNode(ns.VOCAB + "provenance-suggested")),
        _t(iri, CW + "reviewStatus", NamedNode(status_iri("pending"))),
        _t(iri, ns.DCTERMS + "created", Literal(stamp, datatype=NamedNode(ns.XSD + "dateTime"))),
        _t(iri, ns.PROV + "wasAttributedTo", NamedNode(agent.iri)),
        *agent_triples(agent),
    ]
    triples += [_t(iri, CW + "suggestionReason", Literal(f"{r.kind}: {r.text}")) for r in suggestion.reasons]
    return key, triples


def agent_triples(agent: Agent) -> list[Triple]:
    return [
        _t(agent.iri, ns.RDF + "type", NamedNode(ns.PROV + "Agent")),
        _t(agent.iri, ns.RDFS + "label", Literal(agent.subject)),
        _t(agent.iri, CW + "signedInWith", Literal(agent.method)),
    ]


def decision_triples(
    suggestion: QueuedSuggestion, action: str, agent: Agent, reason: str | None, record: str | None, stamp: str
) -> list[Triple]:
    node = f"{suggestion.iri}/decision/{stamp}"
    triples = [
        _t(suggestion.iri, CW + "decision", NamedNode(node)),
        _t(node, ns.RDF + "type", NamedNode(ns.PROV + "Activity")),
        _t(node, CW + "action", Literal(action)),
        _t(node, ns.PROV + "wasAssociatedWith", NamedNode(agent.iri)),
        _t(node, ns.PROV + "startedAtTime", Literal(stamp, datatype=NamedNode(ns.XSD + "dateTime"))),
        *agent_triples(agent),
    ]
    if reason:
        triples.append(_t(node, ns.RDFS + "comment", Literal(reason)))
    if record:
        triples.append(_t(node, ns.PROV + "generated", NamedNode(record)))
        triples.append(_t(suggestion.iri, CW + "acceptedAs", NamedNode(record)))
    return triples


class SuggestionQueue:
    """Reads of the queue; writes are whole-graph replacements built by ``ReviewService`` (one transaction)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def find(
        self, status: Sequence[str] | None = None, set_iris: Sequence[str] | None = None, ids: Sequence[str] = ()
    ) -> list[QueuedSuggestion]:
        bindings: dict[str, list[NamedNode | Literal]] = {}
        if status:
            bindings["status"] = [NamedNode(status_iri(s)) for s in status]
        if set_iris:
            bindings["set"] = [NamedNode(s) for s in set_iris]
        if ids:
            bindings["id"] = [Literal(i) for i in ids]
        found: dict[str, QueuedSuggestion] = {}
        for row in self.store.select(queries.text("api/suggestions"), bindings):
            iri = text_of(row, "suggestion") or ""
            item = found.get(iri) or found.setdefault(iri, _queued(row))
            reason = text_of(row, "reason")
            if reason and reason not in item.reasons:
                item.reasons.append(reason)
        return list(found.values())

    def get(self, key: str) -> QueuedSuggestion:
        found = self.find(ids=[key])
        if not found:
            raise LookupError(f"no suggestion {key!r} in the review queue")
        item = found[0]
        item.decisions = self.decisions([item.iri]).get(item.iri, [])
        return item

    def known_pairs(self, set_id: str) -> set[tuple[str, str]]:
        """(subject, target) of every suggestion ever queued for the set, whatever became of it."""
        return {(s.subject, s.target) for s in self.find(set_iris=[ns.mapping_set_iri(set_id)])}

    def decisions(self, iris: Iterable[str]) -> dict[str, list[Decision]]:
        nodes = [NamedNode(i) for i in iris]
        out: dict[str, list[Decision]] = {}
        if not nodes:
            return out
        for row in self.store.select(queries.text("api/suggestion-decisions"), {"suggestion": nodes}):
            out.setdefault(text_of(row, "suggestion") or "", []).append(
                Decision(
                    action=text_of(row, "action") or "",
                    agent=text_of(row, "agent") or "",
                    method=text_of(row, "method") or "",
                    at=text_of(row, "at") or "",
                    reason=text_of(row, "reason"),
                    record=text_of(row, "record"),
                )
            )
        return out


def _queued(row: Row) -> QueuedSuggestion:
    return QueuedSuggestion(
        iri=text_of(row, "suggestion") or "",
        id=text_of(row, "id") or "",
        set_iri=text_of(row, "set") or "",
        set_id=text_of(row, "setId") or "",
        subject=text_of(row, "subject") or "",
        target=text_of(row, "object") or "",
        score=float(text_of(row, "score") or 0),
        status=(text_of(row, "status") or "").removeprefix(ns.VOCAB + "review-"),
        created=text_of(row, "created") or "",
        accepted_as=text_of(row, "acceptedAs"),
    )
