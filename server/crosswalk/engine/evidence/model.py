"""Organizations and evidence items as plain records, and their RDF in the organization's own named graph."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content import namespaces as ns
from crosswalk.engine.evidence.measurement import Measurement, Threshold, measurement_triples, threshold_triples

ORG_BASE = ns.BASE + "org/"
ORG_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
XSD_DATE = NamedNode(ns.XSD + "date")
XSD_DECIMAL = NamedNode(ns.XSD + "decimal")
XSD_BOOLEAN = NamedNode(ns.XSD + "boolean")


def org_iri(org: str) -> str:
    return ORG_BASE + org


def org_graph(org: str) -> str:
    return f"{ns.GRAPH}org/{org}"


def history_graph(org: str) -> str:
    return f"{ns.GRAPH}org/{org}/history"


def check_org_id(org: str) -> str:
    """``org`` if it is a valid organization id; reads check it as writes do, so a bad id never reaches a query."""
    if not isinstance(org, str) or not ORG_ID.match(org):
        raise ValueError(f"{org!r} is not an organization id: use lower-case letters, digits and hyphens")
    return org


def item_key(item_id: str) -> str:
    """The normalised id an item's IRI is made from: ids that differ only in other characters name one item."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", item_id)


def evidence_iri(org: str, item_id: str) -> str:
    return f"{ORG_BASE}{org}/evidence/{item_key(item_id)}"


def support_iri(item: str, element: str) -> str:
    return f"{item}/supports/{hashlib.sha1(element.encode()).hexdigest()[:12]}"


@dataclass
class Organization:
    id: str
    name: str
    roles: list[str] = field(default_factory=list)  # value-chain role notations
    release_types: list[str] = field(default_factory=list)  # release type notations
    thresholds: list[Threshold] = field(default_factory=list)  # marginal-risk bands per AI 600-1 risk


@dataclass
class SupportClaim:
    element: str  # as written by the user: notation, CURIE or IRI
    status: str  # implementation status notation
    version: str | None = None  # framework version id, to disambiguate a notation
    reason: str | None = None
    resolved: str | None = None  # element IRI once validated


@dataclass
class EvidenceRecord:
    id: str
    title: str
    kind: str
    supports: list[SupportClaim] = field(default_factory=list)
    link: str | None = None
    content_hash: str | None = None
    owner: str | None = None
    produced: str | None = None
    valid_until: str | None = None
    benchmark: str | None = None  # element reference (resolved like supports)
    metric: str | None = None
    score: str | None = None
    model: str | None = None
    source: str = ""  # "row 12" or "evidence[3]": where in the input it came from, for error messages
    resolved_benchmark: str | None = None
    measurement: Measurement | None = None  # direction, uncertainty and baseline of a benchmark result


def organization_triples(org: Organization, concept: dict[str, dict[str, str]]) -> list[Triple]:
    """``concept`` maps scheme -> notation -> concept IRI (from the vocabulary)."""
    node = NamedNode(org_iri(org.id))
    triples = [
        Triple(node, NamedNode(ns.RDF + "type"), NamedNode(ns.ONTOLOGY + "Organization")),
        Triple(node, NamedNode(ns.DCTERMS + "identifier"), Literal(org.id)),
        Triple(node, NamedNode(ns.SKOS + "prefLabel"), Literal(org.name)),
    ]
    for role in org.roles:
        triples.append(
            Triple(node, NamedNode(ns.ONTOLOGY + "valueChainRole"), NamedNode(concept["value-chain-role"][role]))
        )
    for release in org.release_types:
        triples.append(
            Triple(node, NamedNode(ns.ONTOLOGY + "releaseTypeOf"), NamedNode(concept["release-type"][release]))
        )
    return triples + threshold_triples(node, org.thresholds, concept)


def evidence_triples(org: str, record: EvidenceRecord, concept: dict[str, dict[str, str]]) -> list[Triple]:
    """The item and its supports; call only on a validated record (elements resolved, values known)."""
    item = NamedNode(evidence_iri(org, record.id))
    cw = ns.ONTOLOGY

    def add(subject: NamedNode, predicate: str, value: NamedNode | Literal) -> None:
        triples.append(Triple(subject, NamedNode(predicate), value))

    triples: list[Triple] = []
    add(item, ns.RDF + "type", NamedNode(cw + "EvidenceItem"))
    add(item, ns.DCTERMS + "identifier", Literal(record.id))
    add(item, ns.DCTERMS + "title", Literal(record.title))
    add(item, cw + "evidenceKind", NamedNode(concept["evidence-kind"][record.kind]))
    add(item, ns.PROV + "wasAttributedTo", NamedNode(org_iri(org)))
    if record.link:
        add(item, cw + "artifact", NamedNode(record.link))
    if record.content_hash:
        add(item, cw + "contentHash", Literal(record.content_hash))
    if record.owner:
        add(item, cw + "owner", Literal(record.owner))
    if record.produced:
        add(item, cw + "produced", Literal(record.produced, datatype=XSD_DATE))
        add(item, ns.PROV + "generatedAtTime", Literal(record.produced, datatype=XSD_DATE))
    if record.valid_until:
        add(item, cw + "validUntil", Literal(record.valid_until, datatype=XSD_DATE))
    if record.resolved_benchmark:
        add(item, cw + "benchmark", NamedNode(record.resolved_benchmark))
    if record.metric:
        add(item, cw + "metric", Literal(record.metric))
    if record.score is not None:
        add(item, cw + "score", Literal(record.score, datatype=XSD_DECIMAL))
    if record.model:
        add(item, cw + "model", Literal(record.model))
    triples += measurement_triples(item, record.measurement, concept)
    for claim in record.supports:
        assert claim.resolved, "validate before writing"
        node = NamedNode(support_iri(item.value, claim.resolved))
        add(item, cw + "supports", node)
        add(node, ns.RDF + "type", NamedNode(cw + "Support"))
        add(node, cw + "element", NamedNode(claim.resolved))
        add(node, cw + "implementationStatus", NamedNode(concept["implementation-status"][claim.status]))
        if claim.reason:
            add(node, cw + "reason", Literal(claim.reason))
    return triples
