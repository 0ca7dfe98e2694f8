"""The fast SHACL Core evaluator used for bulk imports agrees with pyshacl on the same shapes and data."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Triple
from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral

from crosswalk.content import shacl_core
from crosswalk.content.validation import ontology_graph, shacl_problems
from crosswalk.engine.evidence.model import evidence_iri, evidence_triples, organization_triples
from crosswalk.engine.evidence.validate import concepts
from crosswalk.exchange.evidence_files import read
from tests.conftest import REPO

CW = "https://w3id.org/crosswalk/ontology#"
DCTERMS = "http://purl.org/dc/terms/"


def example_triples() -> list[Triple]:
    org, records = read(REPO / "examples" / "open-weight-lab" / "evidence.json")
    assert org is not None
    schemes = concepts()
    for threshold in org.thresholds:  # resolved as validation would, to a made-up risk IRI
        threshold.resolved_risk = "https://w3id.org/crosswalk/id/test/" + quote(threshold.risk)
    triples = organization_triples(org, schemes)
    for record in records:
        for claim in record.supports:
            claim.resolved = f"https://w3id.org/crosswalk/id/test/{claim.element}".replace(" ", "-")
        triples += evidence_triples(org.id, record, schemes)
    return triples


def broken(triples: list[Triple]) -> list[Triple]:
    """Remove a title, add a second kind, a bad date, a bad hash, an unknown status and an unlinked support."""
    first = evidence_iri("open-weight-lab", "OWL-POL-001")
    kept = [t for t in triples if not (t.subject.value == first and t.predicate.value == DCTERMS + "title")]  # type: ignore[union-attr]
    item = NamedNode(first)
    support = next(t.object for t in triples if t.subject == item and t.predicate.value == CW + "supports")
    kept += [
        Triple(item, NamedNode(CW + "evidenceKind"), NamedNode("https://w3id.org/crosswalk/vocab/evidence-sbom")),
        Triple(item, NamedNode(CW + "validUntil"), Literal("next year")),
        Triple(item, NamedNode(CW + "contentHash"), Literal("md5 deadbeef")),
        Triple(
            support,
            NamedNode(CW + "implementationStatus"),
            NamedNode("https://w3id.org/crosswalk/vocab/implementation-done"),
        ),  # type: ignore[arg-type]
        Triple(item, NamedNode(CW + "supports"), NamedNode(first + "/supports/dangling")),
    ]
    return kept


def by_pyshacl(triples: list[Triple]) -> set[tuple[str, str | None]]:
    graph = Graph()
    graph += ontology_graph()
    for t in triples:
        obj = (
            URIRef(t.object.value)
            if isinstance(t.object, NamedNode)
            else RDFLiteral(t.object.value, datatype=URIRef(t.object.datatype.value))
        )  # type: ignore[union-attr]
        graph.add((URIRef(t.subject.value), URIRef(t.predicate.value), obj))  # type: ignore[union-attr]
    found = set()
    for problem in shacl_problems(graph, {}, {}):
        path = problem.field
        if path and path.startswith("cw:"):
            path = CW + path[3:]
        elif path and path.startswith("dcterms:"):
            path = DCTERMS + path[8:]
        found.add((problem.node or "", path))
    return found


def by_core(triples: list[Triple]) -> set[tuple[str, str | None]]:
    return {(v.focus, v.path) for v in shacl_core.validate(triples)}


def test_valid_example_passes_both() -> None:
    triples = example_triples()
    assert by_core(triples) == set() == by_pyshacl(triples)


def test_both_engines_report_the_same_violations(tmp_path: Path) -> None:
    triples = broken(example_triples())
    core = by_core(triples)
    assert len(core) >= 5
    assert core == by_pyshacl(triples)
