"""The NIST AI 800-1 generators against the reference data.

ipd: counts, the fixed local ids mapping sets use, verbatim texts, hierarchy and locators. 2pd: only attested items,
every statement a sourced quote, no ipd wording passed off as 2pd text, and a partial, latest version.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.ai_800_1 import build_2pd, build_ipd
from crosswalk.content.generate.builder import CW, CWV, slug

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("CROSSWALK_REFERENCE", Path(__file__).resolve().parents[2] / "shared" / "reference"))
IPD = FRAMEWORK_VERSIONS["ai-800-1/ipd"]
V2 = FRAMEWORK_VERSIONS["ai-800-1/2pd"]
FOLDER = REFERENCE / IPD.reference_folder
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

pytestmark = pytest.mark.skipif(not FOLDER.is_dir(), reason=f"reference data not found at {FOLDER}")


def load(name: str) -> Any:
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ipd_ref() -> Any:
    return load("ai-800-1-ipd.json")


@pytest.fixture(scope="module")
def v2_ref() -> Any:
    return load("ai-800-1-2pd.json")


@pytest.fixture(scope="module")
def gi() -> Graph:
    return build_ipd(REFERENCE)


@pytest.fixture(scope="module")
def g2() -> Graph:
    return build_2pd(REFERENCE)


def ipd(local_id: str) -> URIRef:
    return URIRef(IPD.element_base + local_id)


def v2(local_id: str) -> URIRef:
    return URIRef(V2.element_base + local_id)


def of_type(graph: Graph, kind: str) -> set[URIRef]:
    return {node for node in graph.subjects(RDF.type, CW[kind]) if isinstance(node, URIRef)}


def value(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    found = graph.value(node, predicate)
    return None if found is None else str(found)


def statements(graph: Graph) -> set[str]:
    return {str(o) for o in graph.objects(None, CW.statement)}


# ---------------------------------------------------------------- ipd


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("Objective", 7),
        ("Practice", 21),
        ("Recommendation", 83),
        ("DocumentationExample", 32),
        ("KeyChallenge", 7),
        ("GlossaryTerm", 10),
        ("SafeguardCategory", 5),
        ("ImplementationMethod", 14),
    ],
)
def test_ipd_counts(gi: Graph, kind: str, expected: int) -> None:
    assert len(of_type(gi, kind)) == expected


def test_ipd_element_count_on_version(gi: Graph) -> None:
    assert gi.value(URIRef(IPD.iri), CW.elementCount) == Literal(179)


def test_ipd_version_metadata(gi: Graph) -> None:
    v = URIRef(IPD.iri)
    assert value(gi, v, CW.versionLabel) == "Initial Public Draft"
    assert gi.value(v, DCTERMS.issued) == Literal("2024-07-26", datatype=XSD_DATE)
    assert gi.value(v, CW.status) == CWV["status-draft"]
    assert gi.value(v, CW.completeness) == CWV["completeness-complete"]
    assert gi.value(v, CW.isLatestVersion) == Literal(False)
    assert gi.value(v, DCTERMS.license) == URIRef("https://www.usa.gov/government-works")
    assert gi.value(v, DCTERMS.source) == URIRef("https://doi.org/10.6028/NIST.AI.800-1.ipd")
    attribution = value(gi, v, CW.attribution) or ""
    for part in (
        "NIST",
        "U.S. AI Safety Institute",
        "S1",
        "efec6bd20814ccdd575a4cb61f948b7c32e4516a89c96d1112bc9a2c36b446cd",
    ):
        assert part in attribution


def test_ipd_objectives_and_practices_verbatim(gi: Graph, ipd_ref: Any) -> None:
    for objective in ipd_ref["objectives"]:
        node = ipd(f"objective-{objective['id']}")
        assert node in of_type(gi, "Objective")
        assert value(gi, node, SKOS.notation) == f"Objective {objective['id']}"
        assert value(gi, node, SKOS.prefLabel) == objective["title"]
        assert value(gi, node, CW.statement) == objective["text"]
        assert value(gi, node, CW.sourceSection) == "4"
        assert value(gi, node, CW.sourcePage) == objective["locator"]["printed_page"]
        assert gi.value(node, CW.sourcePdfPage) == Literal(objective["locator"]["pdf_page"])
    for practice in ipd_ref["practices"]:
        node = ipd(f"practice-{practice['id']}")
        assert node in of_type(gi, "Practice")
        assert value(gi, node, SKOS.notation) == f"Practice {practice['id']}"
        assert value(gi, node, CW.statement) == practice["title"]
        assert gi.value(node, CW.partOf) == ipd(f"objective-{practice['objective']}")
        assert gi.value(node, CW.order) == Literal(int(practice["id"].split(".")[1]))


def test_ipd_recommendations_and_documentation_verbatim(gi: Graph, ipd_ref: Any) -> None:
    for practice in ipd_ref["practices"]:
        parent = ipd(f"practice-{practice['id']}")
        for rec in practice["recommendations"]:
            node = ipd(f"recommendation-{rec['id']}")
            assert node in of_type(gi, "Recommendation")
            assert value(gi, node, SKOS.notation) == rec["id"]
            assert value(gi, node, CW.statement) == rec["text"]
            assert gi.value(node, CW.partOf) == parent
            assert gi.value(node, CW.order) == Literal(rec["n"])
            assert {str(n) for n in gi.objects(node, CW.noteRef)} == set(rec["endnote_refs"])
            assert value(gi, node, CW.sourcePage) == rec["locator"]["printed_page"]
        for k, doc in enumerate(practice["documentation_examples"], start=1):
            node = ipd(f"documentation-{doc['id']}")
            assert node in of_type(gi, "DocumentationExample")
            assert value(gi, node, CW.statement) == doc["text"]
            assert gi.value(node, SKOS.notation) is None  # "N.M.x" is the reference's convention, not printed
            assert gi.value(node, CW.partOf) == parent
            assert gi.value(node, CW.order) == Literal(k)
    assert value(gi, ipd("recommendation-5.2.1"), SKOS.notation) == "5.2.1"
    assert (ipd("documentation-1.1.a"), RDF.type, CW.DocumentationExample) in gi


def test_ipd_challenges_glossary_appendix_b_verbatim(gi: Graph, ipd_ref: Any) -> None:
    for challenge in ipd_ref["key_challenges"]:
        node = ipd(f"challenge-{challenge['n']}")
        assert value(gi, node, SKOS.prefLabel) == challenge["title"]
        assert value(gi, node, CW.statement) == challenge["text"]
        assert value(gi, node, CW.sourceSection) == "3"
    for term in ipd_ref["appendix_a_glossary"]:
        node = ipd(f"term-{slug(term['term'])}")
        assert value(gi, node, SKOS.prefLabel) == term["term"]
        assert value(gi, node, CW.statement) == term["definition"]
        assert value(gi, node, CW.sourceSection) == "Appendix A"
    assert (ipd("term-misuse-risk"), RDF.type, CW.GlossaryTerm) in gi
    for safeguard in ipd_ref["appendix_b"]["safeguards"]:
        node = ipd(f"safeguard-{safeguard['id']}")
        assert node in of_type(gi, "SafeguardCategory")
        assert value(gi, node, CW.statement) == safeguard["safeguard"]
        assert value(gi, node, CW.sourceSection) == "Appendix B"
        for method in safeguard["possible_implementation_methods"]:
            m_node = ipd(f"method-{method['id']}")
            assert m_node in of_type(gi, "ImplementationMethod")
            assert value(gi, m_node, CW.statement) == method["text"]
            assert gi.value(m_node, CW.partOf) == node


def test_ipd_every_element_verbatim_ordered_located(gi: Graph) -> None:
    elements = set(gi.subjects(CW.inVersion, URIRef(IPD.iri)))
    assert len(elements) == 179
    for node in elements:
        assert gi.value(node, CW.textFidelity) == CWV["fidelity-verbatim"], node
        assert gi.value(node, CW.statement) is not None, node
        assert gi.value(node, CW.order) is not None, node
        assert value(gi, node, CW.sourceDocument) == "NIST AI 800-1 ipd", node
        assert gi.value(node, CW.sourcePdfPage) is not None, node


# ---------------------------------------------------------------- 2pd


def test_2pd_version_is_partial_latest_and_follows_ipd(g2: Graph) -> None:
    v = URIRef(V2.iri)
    assert value(g2, v, CW.versionLabel) == "Second Public Draft"
    assert g2.value(v, DCTERMS.issued) == Literal("2025-01-15", datatype=XSD_DATE)
    assert g2.value(v, CW.status) == CWV["status-draft"]
    assert g2.value(v, CW.completeness) == CWV["completeness-partial"]
    assert g2.value(v, CW.isLatestVersion) == Literal(True)
    assert g2.value(v, CW.previousVersion) == URIRef(IPD.iri)
    assert g2.value(v, DCTERMS.source) == URIRef("https://doi.org/10.6028/NIST.AI.800-1.2pd")
    note = value(g2, v, CW.completenessNote) or ""
    assert "No final NIST AI 800-1" in note
    assert "Missing:" in note


def test_2pd_only_attested_elements(g2: Graph) -> None:
    assert of_type(g2, "Objective") == {v2("objective-3"), v2("objective-4")}
    assert of_type(g2, "Practice") == {v2("practice-3.1"), v2("practice-3.2"), v2("practice-4.2")}
    assert len(of_type(g2, "Recommendation")) == 3
    assert len(of_type(g2, "GlossaryTerm")) == 12
    assert of_type(g2, "DocumentationExample") == set()
    for node in of_type(g2, "Objective") | of_type(g2, "Practice"):
        assert g2.value(node, SKOS.prefLabel) is None  # titles unknown
        assert g2.value(node, CW.statement) is None  # statements unknown
    assert g2.value(v2("practice-3.2"), CW.partOf) == v2("objective-3")
    assert g2.value(v2("practice-4.2"), CW.partOf) == v2("objective-4")


def test_2pd_revision_links(g2: Graph, gi: Graph) -> None:
    revised = {(s, o) for s, o in g2.subject_objects(PROV.wasRevisionOf)}
    assert (v2("practice-3.2"), ipd("practice-3.3")) in revised
    assert (v2("practice-3.1-quoted-recommendation-1"), ipd("recommendation-3.1.3")) in revised
    assert (v2("practice-3.2-quoted-recommendation-1"), ipd("recommendation-3.3.4")) in revised
    assert (v2("practice-4.2-quoted-recommendation-1"), ipd("recommendation-4.2.4")) in revised
    assert (v2("term-ai"), ipd("term-artificial-intelligence-ai")) in revised
    ipd_elements = set(gi.subjects(CW.inVersion, URIRef(IPD.iri)))
    assert {o for _, o in revised} <= ipd_elements


def _reference_quotes(v2_ref: Any) -> dict[str, dict[str, Any]]:
    """Every 2pd quote object in the reference, by the text a catalog should carry."""
    quotes: dict[str, dict[str, Any]] = {}

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            if item.get("fidelity") in ("verbatim", "paraphrase") and ("text" in item or "text_normalized" in item):
                quotes[item.get("text_normalized") or item["text"]] = item
            for key, child in item.items():
                if key not in ("ipd_counterpart", "ipd_comparison"):
                    walk(child)
        elif isinstance(item, list):
            for child in item:
                walk(child)

    walk(v2_ref)
    return quotes


def test_2pd_statements_are_sourced_quotes(g2: Graph, v2_ref: Any) -> None:
    quotes = _reference_quotes(v2_ref)
    for node, text in g2.subject_objects(CW.statement):
        quote = quotes[str(text)]  # KeyError: a statement the reference does not quote
        assert g2.value(node, CW.textFidelity) == CWV[f"fidelity-{quote['fidelity']}"]
        assert (value(g2, node, CW.textSource) or "").startswith(quote["source"])
        assert value(g2, node, CW.textCompleteness) == quote["completeness"]
    misuse = v2("term-misuse-risk")
    assert value(g2, misuse, CW.statement) == "A risk that an AI model will be deliberately misused to cause harm."


def test_2pd_statements_differ_from_ipd_unless_reference_says_identical(g2: Graph, gi: Graph, v2_ref: Any) -> None:
    identical = {
        term["definition"]["text"]
        for term in v2_ref["appendix_a_glossary"]["terms"]
        if term["definition"] and str(term["definition"].get("ipd_comparison", "")).startswith("Identical")
    }
    shared = statements(g2) & statements(gi)
    assert shared <= identical
    assert shared == identical  # the "Misuse Risk" definition is unchanged


def test_2pd_has_no_ipd_wording(g2: Graph, v2_ref: Any) -> None:
    ipd_texts: set[str] = set()

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            for key, child in item.items():
                if key in ("ipd_title", "ipd_text") and isinstance(child, str):
                    ipd_texts.add(child)
                walk(child)
        elif isinstance(item, list):
            for child in item:
                walk(child)

    walk(v2_ref)
    assert len(ipd_texts) >= 10
    literals = [str(o) for o in g2.objects() if isinstance(o, Literal)]
    for ipd_text in ipd_texts:
        assert not any(ipd_text in literal for literal in literals), ipd_text


def test_2pd_descriptions_are_reified_with_source(g2: Graph, v2_ref: Any) -> None:
    quotes = _reference_quotes(v2_ref)
    described = list(g2.subject_objects(CW.description)) + list(g2.subject_objects(DCTERMS.description))
    described = [(s, o) for s, o in described if s != URIRef(V2.framework_iri)]
    assert len(described) >= 20
    for subject, text in described:
        [record] = list(g2.subjects(RDF.object, text))
        assert g2.value(record, RDF.subject) == subject
        assert g2.value(record, CW.textSource) is not None
        fidelity = g2.value(record, CW.textFidelity)
        if fidelity == CWV["fidelity-verbatim"]:
            assert str(text) in quotes
        else:
            assert fidelity == CWV["fidelity-paraphrase"]
            assert str(text).startswith("Paraphrase (")
    changes = v2_ref["nist_announced_changes_from_ipd"]
    version_texts = {str(o) for o in g2.objects(URIRef(V2.iri), CW.description)}
    for update in [changes["lead"], changes["summary_sentence"], *changes["key_updates"]]:
        assert update["text"] in version_texts


def test_2pd_glossary_names_flagged(g2: Graph) -> None:
    for node in of_type(g2, "GlossaryTerm"):
        if node == v2("term-misuse-risk"):
            assert g2.value(node, SKOS.editorialNote) is None
        else:
            assert "paraphrase" in (value(g2, node, SKOS.editorialNote) or "")


# ---------------------------------------------------------------- both


def test_catalogs_conform_to_shapes(gi: Graph, g2: Graph) -> None:
    from crosswalk.content.validation import shacl_problems

    assert shacl_problems(gi + g2, {}, {}) == []


@pytest.mark.parametrize("key", ["ai-800-1/ipd", "ai-800-1/2pd"])
def test_committed_catalogs_are_current(gi: Graph, g2: Graph, key: str) -> None:
    spec = FRAMEWORK_VERSIONS[key]
    committed = Graph().parse(REPO / "ontology" / "catalogs" / spec.catalog_file, format="turtle")
    assert isomorphic(committed, gi if key.endswith("ipd") else g2), f"regenerate {spec.catalog_file}"
