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


ID = "https://w3id.org/crosswalk/id/test/"
CWV = "https://w3id.org/crosswalk/vocab/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def catalog_sample() -> list[Triple]:
    """A small catalog and mapping in the shapes' terms, with each component only content shapes use broken once:
    sequence paths (sh:equals, sh:class two hops up), a property-level sh:or and an ill-formed typed literal."""
    triples: list[Triple] = []

    def add(s: str, p: str, o: str | Literal) -> None:
        obj = o if isinstance(o, Literal) else NamedNode(o)
        triples.append(Triple(NamedNode(s if "://" in s else ID + s), NamedNode(p), obj))

    for version, issued in (("v1", "2024-07-26"), ("v2", "2024-13-45")):  # v2: no such month
        add(version, RDF_TYPE, CW + "FrameworkVersion")
        for predicate, value in (("title", version), ("identifier", version), ("publisher", "NIST")):
            add(version, DCTERMS + predicate, Literal(value))
        add(version, CW + "versionOf", ID + "framework")
        add(version, CW + "versionLabel", Literal(version))
        add(version, DCTERMS + "issued", Literal(issued, datatype=NamedNode(XSD + "date")))
        add(version, CW + "status", CWV + "status-final")
        add(version, CW + "completeness", CWV + "completeness-complete")
        add(version, DCTERMS + "license", "https://creativecommons.org/licenses/by/4.0/")
        add(version, CW + "attribution", Literal("test"))
        add(version, CW + "isLatestVersion", Literal("true", datatype=NamedNode(XSD + "boolean")))
    add("framework", RDF_TYPE, CW + "Framework")
    add("framework", DCTERMS + "title", Literal("test"))
    add("framework", DCTERMS + "identifier", Literal("test"))
    add("framework", CW + "hasVersion", ID + "v1")
    elements = {
        "fn": ("Function", "v1", None),
        "cat": ("Category", "v1", "fn"),
        "sub": ("Subcategory", "v1", "cat"),
        "sub-under-function": ("Subcategory", "v1", "fn"),  # not under a category of a function
        "other-version-child": ("Category", "v2", "cat"),  # its parent is in another version
        "control": ("Control", "v1", "cat"),
        "control-under-function": ("Control", "v1", "fn"),  # neither a family nor a category
    }
    for name, (cls, version, parent) in elements.items():
        add(name, RDF_TYPE, CW + cls)
        add(name, CW + "inVersion", ID + version)
        add(name, DCTERMS + "identifier", Literal(name))
        add(name, CW + "sourceDocument", "https://example.org/doc")
        add(name, SKOS + "notation", Literal(name))
        add(name, CW + "statement", Literal(f"{name} text", language="en"))
        add(name, CW + "textFidelity", CWV + "fidelity-verbatim")
        if parent:
            add(name, CW + "partOf", ID + parent)
    for record, style, relationship in (("ok", "crosswalk", "related-to"), ("mixed", "crosswalk", "supports")):
        add(record, RDF_TYPE, CW + "Mapping")  # "mixed": a supportive relationship on a crosswalk record
        add(record, CW + "inMappingSet", ID + "set")
        add(record, CW + "recordId", Literal(record))
        add(record, CW + "subject", ID + "sub")
        add(record, CW + "object", ID + "control")
        add(record, CW + "mappingStyle", CWV + f"style-{style}")
        add(record, CW + "relationship", CWV + f"rel-{relationship}")
        add(record, CW + "provenance", CWV + "provenance-curated")
        add(record, CW + "justification", "https://w3id.org/semapv/vocab/ManualMappingCuration")
        add(record, CW + "reviewStatus", CWV + "review-reviewed")
        add(record, CW + "skosPredicate", SKOS + "relatedMatch")
    add("set", RDF_TYPE, CW + "MappingSet")
    add("set", DCTERMS + "title", Literal("test set"))
    add("set", DCTERMS + "license", "https://creativecommons.org/licenses/by/4.0/")
    return triples


SKOS = "http://www.w3.org/2004/02/skos/core#"


def test_both_engines_agree_on_catalog_shapes() -> None:
    """Sequence paths, sh:equals, property-level sh:or and lexical forms: shacl_core flags the nodes pyshacl does."""
    triples = catalog_sample()
    core = {focus for focus, _ in by_core(triples)}
    graph = Graph()
    graph += ontology_graph()
    for t in triples:
        graph.add(tuple(_rdflib_term(term) for term in (t.subject, t.predicate, t.object)))  # type: ignore[arg-type]
    assert core == {problem.node for problem in shacl_problems(graph, {}, {})}
    broken = {ID + n for n in ("v2", "sub-under-function", "other-version-child", "control-under-function", "mixed")}
    assert broken <= core
    assert ID + "ok" not in core and ID + "sub" not in core


def test_content_checks_report_pyshacl_wording(tmp_path: Path) -> None:
    """A load's problems are pyshacl's own results (message, "(value: ...)"), only found faster."""
    from crosswalk.content.content_checks import content_problems
    from crosswalk.content.loader import GraphSource
    from crosswalk.content.resources import content_root

    root = content_root()
    ontology = [q.triple for name in ("crosswalk.ttl", "vocab.ttl")
                for q in pyoxigraph_parse(root.ontology / name)]  # fmt: skip
    sample = catalog_sample()
    sources = [GraphSource("urn:ontology", root.ontology / "crosswalk.ttl", ontology),
               GraphSource("urn:test", tmp_path / "test.ttl", sample)]  # fmt: skip
    fast = content_problems(sources, root)
    graph = Graph()
    for t in ontology + sample:
        graph.add(tuple(_rdflib_term(term) for term in (t.subject, t.predicate, t.object)))  # type: ignore[arg-type]
    origin = {t.subject.value: str(tmp_path / "test.ttl") for t in sample}  # type: ignore[union-attr]
    slow = [p for p in shacl_problems(graph, origin, {}) if p.node in origin]
    assert len(fast) >= 5
    assert sorted(map(str, fast)) == sorted(map(str, slow))


def pyoxigraph_parse(path: Path) -> list:  # type: ignore[type-arg]
    from pyoxigraph import RdfFormat, parse

    return list(parse(path=path, format=RdfFormat.TURTLE))


def _rdflib_term(term: object) -> object:
    from pyoxigraph import BlankNode
    from rdflib import BNode

    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    assert isinstance(term, Literal)
    if term.language:
        return RDFLiteral(term.value, lang=term.language)
    return RDFLiteral(term.value, datatype=URIRef(term.datatype.value))
