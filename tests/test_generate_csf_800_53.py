"""The NIST CSF 2.0 and SP 800-53 Rev. 5 (Release 5.0.1) catalogs, generated from NIST's OSCAL files, checked against
the reference: counts from the PROVENANCE.md files, every title and statement against the OSCAL prose, withdrawn items
and their successors, the SP 800-53B baselines, byte-for-byte regeneration, and the two named queries on a store.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import NamedNode
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from crosswalk.content import queries
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.builder import CW, CWV, build_catalog, write_catalogs
from crosswalk.content.generate.oscal_catalog_reader import profile_control_ids
from crosswalk.content.validation import shacl_problems
from crosswalk.store import open_store
from tests.conftest import REFERENCE, REPO, reference_json
from tests.store_copies import copy_store

CSF = FRAMEWORK_VERSIONS["csf/2.0"]
SP = FRAMEWORK_VERSIONS["sp-800-53/5.0.1"]
CSF_FILE = "nist-csf-2.0/NIST_CSF_v2.0_catalog.json"
SP_FILE = "nist-sp-800-53r5/NIST_SP-800-53_rev5_catalog-5.0.1.json"
BASELINE_SIZES = {"low": 149, "moderate": 287, "high": 370, "privacy": 96}  # PROVENANCE.md: ids per profile
# nist-sp-800-53r5/PROVENANCE.md: family -> (controls, withdrawn controls, enhancements, withdrawn enhancements)
FAMILIES = {
    "AC": (25, 2, 122, 14), "AT": (6, 1, 11, 1), "AU": (16, 1, 53, 12), "CA": (9, 1, 23, 6), "CM": (14, 0, 52, 10),
    "CP": (13, 1, 43, 6), "IA": (12, 0, 58, 15), "IR": (10, 1, 32, 1), "MA": (7, 0, 23, 2), "MP": (8, 0, 22, 10),
    "PE": (23, 1, 36, 7), "PL": (11, 3, 6, 3), "PM": (32, 0, 5, 0), "PS": (9, 0, 9, 1), "PT": (8, 0, 13, 0),
    "RA": (10, 1, 16, 3), "SA": (23, 7, 122, 32), "SC": (51, 4, 111, 19), "SI": (23, 1, 95, 16), "SR": (12, 0, 15, 0),
}  # fmt: skip
# nist-csf-2.0/PROVENANCE.md: active categories / subcategories / examples per function
CSF_FUNCTIONS = {"GV": (6, 31, 119), "ID": (3, 21, 74), "PR": (5, 22, 77), "DE": (2, 11, 37), "RS": (4, 13, 38),
                 "RC": (2, 8, 18)}  # fmt: skip
CSF_WITHDRAWN_CATEGORIES = {"ID.BE", "ID.GV", "ID.RM", "ID.SC", "PR.AC", "PR.IP", "PR.MA", "PR.PT", "DE.DP", "RS.IM",
                            "RS.RP", "RC.IM"}  # fmt: skip
INSERT = re.compile(r"\{\{\s*insert:\s*param,\s*[^\s}]+\s*\}\}")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")


@pytest.fixture(scope="module")
def csf(reference: Path) -> Graph:
    return build_catalog(CSF, reference)


@pytest.fixture(scope="module")
def sp(reference: Path) -> Graph:
    return build_catalog(SP, reference)


@pytest.fixture(scope="module")
def csf_json() -> dict[str, Any]:
    return dict(reference_json(CSF_FILE)["catalog"])


@pytest.fixture(scope="module")
def sp_json() -> dict[str, Any]:
    return dict(reference_json(SP_FILE)["catalog"])


def controls(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from controls(item.get("controls", []))


def oscal_items(catalog: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(group, control) for every control, nested ones included, in document order."""
    return [(group, control) for group in catalog["groups"] for control in controls(group.get("controls", []))]


def withdrawn(item: dict[str, Any]) -> bool:
    return {"name": "status", "value": "withdrawn"} in item.get("props", [])


def label(item: dict[str, Any]) -> str:
    return next(p["value"] for p in item["props"] if p["name"] == "label")


def of_type(graph: Graph, kind: str) -> set[str]:
    return {str(graph.value(node, DCTERMS.identifier)) for node in graph.subjects(RDF.type, CW[kind])}


def flagged(graph: Graph) -> set[str]:
    return {str(graph.value(node, DCTERMS.identifier)) for node in graph.subjects(CW.withdrawn, Literal(True))}


def node(spec: Any, local_id: str) -> URIRef:
    return URIRef(spec.element_base + local_id)


def prose(item: dict[str, Any], name: str) -> str | None:
    return next((p.get("prose") for p in item.get("parts", []) if p["name"] == name), None)


# ---------------------------------------------------------------- CSF 2.0


def test_csf_counts(csf: Graph, csf_json: dict[str, Any]) -> None:
    active = {kind: of_type(csf, kind) - flagged(csf) for kind in ("Category", "Subcategory")}
    assert len(of_type(csf, "Function")) == 6
    assert (len(active["Category"]), len(active["Subcategory"]), len(of_type(csf, "ImplementationExample"))) == (
        22,
        106,
        363,
    )
    assert of_type(csf, "Category") & flagged(csf) == CSF_WITHDRAWN_CATEGORIES
    assert len(of_type(csf, "Subcategory") & flagged(csf)) == 79
    assert flagged(csf) == {c["id"] for _, c in oscal_items(csf_json) if withdrawn(c)}
    assert csf.value(URIRef(CSF.iri), CW.elementCount) == Literal(6 + 34 + 185 + 363)
    for function, expected in CSF_FUNCTIONS.items():
        fn = node(CSF, function)
        categories = [c for c in csf.subjects(CW.partOf, fn) if (c, CW.withdrawn, Literal(True)) not in csf]
        subcategories = [
            s for c in categories for s in csf.subjects(CW.partOf, c) if (s, CW.withdrawn, Literal(True)) not in csf
        ]
        examples = [e for s in subcategories for e in csf.subjects(CW.partOf, s)]
        assert (len(categories), len(subcategories), len(examples)) == expected, function


def test_csf_texts_verbatim(csf: Graph, csf_json: dict[str, Any]) -> None:
    """Every title, statement, overview and implementation example equals the OSCAL text."""
    for order, group in enumerate(csf_json["groups"], start=1):
        fn = node(CSF, group["id"])
        assert (str(csf.value(fn, SKOS.prefLabel)), csf.value(fn, CW.order)) == (group["title"], Literal(order))
        assert str(csf.value(fn, CW.statement)) == prose(group, "overview")
    examples = 0
    for group, item in oscal_items(csf_json):
        element = node(CSF, item["id"])
        assert str(csf.value(element, SKOS.notation)) == item["id"]
        if item["class"] == "category":
            assert str(csf.value(element, SKOS.prefLabel)) == item["title"]
        else:
            assert csf.value(element, SKOS.prefLabel) is None  # a subcategory's OSCAL title is only its id
        statement = prose(item, "statement")
        assert csf.value(element, CW.statement) == (Literal(statement, lang="en") if statement else None)
        if statement:
            assert csf.value(element, CW.textFidelity) == CWV["fidelity-verbatim"]
        for part in item["parts"]:
            if part["name"] == "example":
                examples += 1
                example = node(CSF, part["id"])
                assert csf.value(example, CW.statement) == Literal(part["prose"], lang="en")
                assert csf.value(example, CW.partOf) == element
        document = str(csf.value(element, CW.sourceDocument))
        assert ("Version 1.1" in document) == withdrawn(item) and csf.value(element, CW.sourcePage) is None
        assert group["title"] in str(csf.value(element, CW.sourceSection))
    assert examples == 363
    sample = node(CSF, "GV.OC-01")
    assert str(csf.value(sample, CW.statement)) == (
        "The organizational mission is understood and informs cybersecurity risk management"
    )
    assert "’" in str(csf.value(node(CSF, "ID.BE-01"), CW.statement))  # CSF 1.1's typographic apostrophe kept


def test_csf_withdrawn_items_and_successors(csf: Graph, csf_json: dict[str, Any]) -> None:
    predicates = {"incorporated_into": CW.incorporatedInto, "moved_to": CW.movedTo}
    expected = {
        (item["id"], link["rel"], link["href"]) for _, item in oscal_items(csf_json) for link in item.get("links", [])
    }
    found = {
        (str(csf.value(s, DCTERMS.identifier)), rel, str(csf.value(o, DCTERMS.identifier)))
        for rel, predicate in predicates.items()
        for s, o in csf.subject_objects(predicate)
    }
    assert found == expected
    subcategory_links = Counter(rel for item, rel, _ in found if "-" in item)
    assert subcategory_links == {"incorporated_into": 103, "moved_to": 24}
    assert all(item in flagged(csf) for item, _, _ in found)
    for category in ("PR.IP", "PR.PT", "DE.DP", "RS.RP"):
        assert not list(csf.objects(node(CSF, category), CW.incorporatedInto | CW.movedTo))
        assert csf.value(node(CSF, category), CW.statement) is None  # withdrawn categories have empty statements
    under_active = [
        s
        for s in of_type(csf, "Subcategory") & flagged(csf)
        if str(csf.value(csf.value(node(CSF, s), CW.partOf), DCTERMS.identifier)) not in CSF_WITHDRAWN_CATEGORIES
    ]
    assert len(under_active) == 26 and "ID.AM-06" in under_active and "DE.AE-01" in under_active
    assert set(csf.objects(node(CSF, "ID.AM-06"), CW.incorporatedInto)) == {
        node(CSF, "GV.RR-02"),
        node(CSF, "GV.SC-02"),
    }


# ---------------------------------------------------------------- SP 800-53 Rev. 5, Release 5.0.1


def test_sp_800_53_counts(sp: Graph, sp_json: dict[str, Any]) -> None:
    controls_, enhancements = of_type(sp, "Control"), of_type(sp, "ControlEnhancement")
    assert len(of_type(sp, "ControlFamily")) == 20
    assert (len(controls_), len(controls_ & flagged(sp))) == (322, 24)
    assert (len(enhancements), len(enhancements & flagged(sp))) == (867, 158)
    assert (len(controls_ | enhancements), len((controls_ | enhancements) - flagged(sp))) == (1189, 1007)
    assert flagged(sp) == {c["id"] for _, c in oscal_items(sp_json) if withdrawn(c)}
    assert sp.value(URIRef(SP.iri), CW.elementCount) == Literal(20 + 1189)
    for family, expected in FAMILIES.items():
        fam = node(SP, family.lower())
        assert str(sp.value(fam, SKOS.notation)) == family
        members = list(sp.subjects(CW.partOf, fam))
        nested = [e for c in members for e in sp.subjects(CW.partOf, c)]
        gone = [(e, CW.withdrawn, Literal(True)) in sp for e in (*members, *nested)]
        counts = (len(members), sum(gone[: len(members)]), len(nested), sum(gone[len(members) :]))
        assert counts == expected, family


def statement_pattern(part: dict[str, Any]) -> list[str]:
    """What each line of a statement must match, built from the raw OSCAL part: its label and prose with each
    parameter as some bracketed Assignment or Selection and each Markdown link as its text."""
    lines = []
    if part.get("prose", "").strip():
        text = MARKDOWN_LINK.sub(lambda m: m.group(1), part["prose"]).replace("**", "").strip()
        pieces = [re.escape(piece) for piece in INSERT.split(text)]
        body = r"\[(?:Assignment|Selection)[^\n]*?\]".join(pieces)
        prefix = next((re.escape(p["value"]) + " " for p in part.get("props", []) if p["name"] == "label"), "")
        lines.append(prefix + body)
    for child in part.get("parts", []):
        lines.extend(statement_pattern(child))
    return lines


def test_sp_800_53_texts_verbatim(sp: Graph, sp_json: dict[str, Any]) -> None:
    """Every title and label; every statement line against its OSCAL part; every discussion; rendering flagged."""
    rendered = 0
    for group, item in oscal_items(sp_json):
        element = node(SP, item["id"])
        assert str(sp.value(element, SKOS.prefLabel)) == item["title"], item["id"]
        assert str(sp.value(element, SKOS.notation)) == label(item)
        assert group["title"] in str(sp.value(element, CW.sourceSection))
        assert sp.value(element, CW.sourcePage) is None and "Release 5.0.1" in str(sp.value(element, CW.sourceDocument))
        statement = next((p for p in item.get("parts", []) if p["name"] == "statement"), None)
        text = sp.value(element, CW.statement)
        if statement is None:
            assert text is None
            continue
        patterns = statement_pattern(statement)
        assert len(str(text).splitlines()) == len(patterns), item["id"]
        for line, pattern in zip(str(text).splitlines(), patterns, strict=True):
            assert re.fullmatch(pattern, line), (item["id"], line)
        has_params = "{{ insert: param" in str(statement)
        assert (sp.value(element, CW.parametersRendered) == Literal(True)) == has_params, item["id"]
        assert (sp.value(element, CW.textSource) is not None) == has_params
        assert sp.value(element, CW.textFidelity) == CWV["fidelity-verbatim"]
        rendered += has_params
        guidance = prose(item, "guidance")
        if guidance is not None:
            assert str(sp.value(element, CW.description)) == MARKDOWN_LINK.sub(lambda m: m.group(1), guidance).strip()
    assert rendered == len(set(sp.subjects(CW.parametersRendered, Literal(True)))) > 400


@pytest.mark.parametrize(
    ("local_id", "text"),
    [
        ("ac-2.1", "Support the management of system accounts using [Assignment: organization-defined automated "
                   "mechanisms]."),
        ("ac-4.4", "Prevent encrypted information from bypassing [Assignment: organization-defined information flow "
                   "control mechanisms] by [Selection (one or more): decrypting the information; blocking the flow of "
                   "the encrypted information; terminating communications sessions attempting to pass encrypted "
                   "information; [Assignment: organization-defined procedure or method]]."),
        ("ac-11.1", "Conceal, via the device lock, information previously visible on the display with a publicly "
                    "viewable image."),  # the 5.0.1 prose has a stray ** (Markdown bold), not printed
        ("au-12", "a. Provide audit record generation capability for the event types the system is capable of "
                  "auditing as defined in AU-2a on [Assignment: organization-defined system components];\n"
                  "b. Allow [Assignment: organization-defined personnel or roles] to select the event types that are "
                  "to be logged by specific components of the system; and\n"
                  "c. Generate audit records for the event types defined in AU-2c that include the audit record "
                  "content defined in AU-3."),
        ("cp-10.3", "Addressed through tailoring."),  # a withdrawn enhancement whose OSCAL statement is the reason
    ],
)  # fmt: skip
def test_sp_800_53_sample_statements(sp: Graph, local_id: str, text: str) -> None:
    assert str(sp.value(node(SP, local_id), CW.statement)) == text


def test_sp_800_53_structure_and_links(sp: Graph, sp_json: dict[str, Any]) -> None:
    for group, item in oscal_items(sp_json):
        element = node(SP, item["id"])
        parent = sp.value(element, CW.partOf)
        expected_parent = group["id"] if item["class"] == "SP800-53" else item["id"].rsplit(".", 1)[0]
        assert parent == node(SP, expected_parent), item["id"]
        related = {link["href"].lstrip("#") for link in item.get("links", []) if link["rel"] == "related"}
        assert {str(sp.value(o, DCTERMS.identifier)) for o in sp.objects(element, CW.relatedTo)} == related
        references = [link for link in item.get("links", []) if link["rel"] == "reference"]
        assert len(set(sp.objects(element, CW.reference))) == len({link["href"] for link in references})
    successors = Counter(
        rel for rel in (CW.incorporatedInto, CW.movedTo) for _ in sp.subject_objects(rel)
    )  # PROVENANCE.md: 166 incorporated-into, 34 moved-to
    assert successors == {CW.incorporatedInto: 166, CW.movedTo: 34}
    # Links to a statement item or to a family resolve to the element that holds it, and say so.
    ac_2_10 = node(SP, "ac-2.10")
    assert list(sp.objects(ac_2_10, CW.incorporatedInto)) == [node(SP, "ac-2")]
    assert "item k. of the statement of AC-2 (part ac-2_smt.k)" in str(sp.value(ac_2_10, RDFS.comment))
    assert list(sp.objects(node(SP, "sa-12"), CW.incorporatedInto)) == [node(SP, "sr")]
    for item in (c for _, c in oscal_items(sp_json) if withdrawn(c)):
        targets = {link["href"].lstrip("#") for link in item.get("links", []) if link["rel"] != "related"}
        found = {
            str(sp.value(o, DCTERMS.identifier))
            for p in (CW.incorporatedInto, CW.movedTo)
            for o in sp.objects(node(SP, item["id"]), p)
        }
        assert found == {"ac-2" if t == "ac-2_smt.k" else t for t in targets}, item["id"]


def test_sp_800_53_baselines(sp: Graph, reference: Path) -> None:
    folder = reference / SP.reference_folder
    members: dict[str, set[str]] = {}
    for key, size in BASELINE_SIZES.items():
        selection = URIRef(f"{SP.iri}/selection/{key}")
        assert (selection, RDF.type, CW.Selection) in sp and sp.value(selection, CW.selectionOf) == URIRef(SP.iri)
        ids = profile_control_ids(folder / f"NIST_SP-800-53_rev5_{key.upper()}-baseline_profile.json")
        members[key] = {str(sp.value(m, DCTERMS.identifier)) for m in sp.objects(selection, SKOS.member)}
        assert len(ids) == len(members[key]) == size == sp.value(selection, CW.memberCount).toPython()
        assert members[key] == set(ids)
        # Every Release 5.1.1 baseline id is in the 5.0.1 catalog: 0 unresolved, none made up as an element.
        assert sorted(str(i) for i in sp.objects(selection, CW.unresolvedMember)) == []
        assert not members[key] & flagged(sp)  # and none is withdrawn in 5.0.1
        assert "5.1.1" in str(sp.value(selection, DCTERMS.title))
        assert sp.value(selection, DCTERMS.license) == URIRef("https://www.usa.gov/government-works")
        assert "Joint Task Force" in str(sp.value(selection, CW.attribution))
    assert members["low"] < members["moderate"] < members["high"]
    assert len(members["privacy"] & members["high"]) == 43
    assert len(set().union(*members.values())) == 423
    kinds = Counter(str(sp.value(node(SP, i), RDF.type)).rsplit("#", 1)[1] for i in members["moderate"])
    assert kinds == {"Control": 177, "ControlEnhancement": 110}


# ---------------------------------------------------------------- metadata, regeneration, shapes


def test_license_and_attribution(csf: Graph, sp: Graph) -> None:
    government_work = URIRef("https://www.usa.gov/government-works")
    for graph, spec in ((csf, CSF), (sp, SP)):
        version = URIRef(spec.iri)
        assert graph.value(version, DCTERMS.license) == government_work
        assert "National Institute of Standards and Technology" in str(graph.value(version, CW.attribution))
        assert "no page numbers" in str(graph.value(version, CW.completenessNote))
    assert "CAPORDINO" in str(csf.value(URIRef(CSF.iri), CW.attribution))
    assert str(sp.value(URIRef(SP.iri), CW.versionLabel)) == "Revision 5, Release 5.0.1"
    assert "Release 5.0.1" in str(sp.value(URIRef(SP.iri), DCTERMS.title))
    assert sp.value(URIRef(SP.iri), CW.isLatestVersion) == Literal(False)  # 5.1.1 and 5.2.0 exist
    assert str(csf.value(URIRef(CSF.iri), CW.versionLabel)) == "2.0"


@pytest.mark.parametrize("spec", [CSF, SP], ids=lambda s: s.key)
def test_generator_rewrites_the_committed_catalog_byte_for_byte(reference: Path, tmp_path: Path, spec: Any) -> None:
    [written] = write_catalogs([spec], reference, tmp_path)
    committed = REPO / "ontology" / "catalogs" / spec.catalog_file
    assert written.read_bytes() == committed.read_bytes(), f"run `crosswalk generate` to rewrite {spec.catalog_file}"


def test_shapes_catch_a_broken_catalog(csf: Graph) -> None:
    broken = Graph()
    broken += csf
    example, withdrawn_item = node(CSF, "GV.OC-01.001"), node(CSF, "ID.BE-01")
    broken.remove((example, CW.partOf, None))
    broken.remove((withdrawn_item, CW.withdrawn, None))
    problems = {(p.node, p.field) for p in shacl_problems(broken, {}, {})}
    assert problems == {(str(example), "cw:partOf"), (str(withdrawn_item), "cw:withdrawn")}


# ---------------------------------------------------------------- named queries on a loaded store


@pytest.fixture(scope="module")
def store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    target = tmp_path_factory.mktemp("csf-800-53-store") / "store"
    copy_store(built_store, target)
    opened = open_store(target)
    try:
        yield opened
    finally:
        opened.close()


def test_query_sp_800_53_controls_in_a_baseline(store: Any, sp_json: dict[str, Any]) -> None:
    labels = {item["id"]: label(item) for _, item in oscal_items(sp_json)}
    order = [item["id"] for _, item in oscal_items(sp_json)]
    profile = REFERENCE / SP.reference_folder / "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json"
    expected = sorted(profile_control_ids(profile), key=order.index)
    query = queries.get("sp-800-53-baseline-controls")
    assert query.title == "SP 800-53 controls in a baseline" and "baseline" in query.parameters
    rows = store.select(query.text, {"baseline": [NamedNode(f"{SP.iri}/selection/moderate")]})
    assert [row["notation"].value for row in rows] == [labels[i] for i in expected]
    assert Counter(row["kind"].value for row in rows) == {"control": 177, "enhancement": 110}
    assert {row["withdrawn"].value for row in rows} == {"false"}
    assert rows[0]["family"].value == "AC" and rows[0]["title"].value == "Policy and Procedures"
    every = store.select(query.text)
    assert Counter(row["baselineId"].value for row in every) == BASELINE_SIZES


def test_query_csf_subcategories_by_function(store: Any, csf_json: dict[str, Any]) -> None:
    active = [item for _, item in oscal_items(csf_json) if item["class"] == "subcategory" and not withdrawn(item)]
    query = queries.get("csf-2-subcategories-by-function")
    assert query.title == "CSF 2.0 subcategories by function" and "function" in query.parameters
    rows = store.select(query.text)
    assert [row["subcategory"].value for row in rows] == [item["id"] for item in active]
    assert [row["statement"].value for row in rows] == [prose(item, "statement") for item in active]
    assert sum(int(row["examples"].value) for row in rows) == 363
    assert all(int(row["examples"].value) >= 1 for row in rows)
    governance = store.select(query.text, {"function": [NamedNode(f"{CSF.iri}/GV")]})
    assert len(governance) == 31 and {row["functionName"].value for row in governance} == {"GOVERN"}
    assert sum(int(row["examples"].value) for row in governance) == 119
