"""The AI 600-1 and SP 800-218A catalogs and NIST's official mapping sets, checked against the reference data.

Counts come from the reference PROVENANCE.md files; texts are compared verbatim, so a generator that drifts from the
document (or a committed file that drifts from its generator) fails here.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from crosswalk.content import sssom_tsv
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate import ai_600_1, official_mappings, sp_800_218a
from crosswalk.content.generate.builder import CW, CWV, slug
from crosswalk.content.mapping_records import Problem, to_graph

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("CROSSWALK_REFERENCE", Path(__file__).resolve().parents[2] / "shared" / "reference"))
AI600 = FRAMEWORK_VERSIONS["ai-600-1/2024-07"]
SSDF = FRAMEWORK_VERSIONS["sp-800-218a/2024-07"]
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def load(*parts: str) -> Any:
    return json.loads(REFERENCE.joinpath(*parts).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def g600() -> Graph:
    return ai_600_1.build(REFERENCE)


@pytest.fixture(scope="module")
def g218() -> Graph:
    return sp_800_218a.build(REFERENCE)


@pytest.fixture(scope="module")
def sets() -> dict[str, sssom_tsv.MappingSetFile]:
    return {s.set_id: s for s in official_mappings.build_sets(REFERENCE)}


def of_type(graph: Graph, kind: str) -> list[URIRef]:
    return [node for node in graph.subjects(RDF.type, CW[kind]) if isinstance(node, URIRef)]


def text(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    value = graph.value(node, predicate)
    return None if value is None else str(value)


# ---------------------------------------------------------------- AI 600-1


def test_ai_600_1_version_metadata(g600: Graph) -> None:
    version = URIRef(AI600.iri)
    assert g600.value(version, DCTERMS.issued) == Literal("2024-07-26", datatype=XSD_DATE)
    assert g600.value(version, CW.status) == CWV["status-final"]
    assert g600.value(version, CW.completeness) == CWV["completeness-complete"]
    assert g600.value(version, DCTERMS.license) == URIRef("https://www.usa.gov/government-works")
    assert g600.value(version, DCTERMS.source) == URIRef("https://doi.org/10.6028/NIST.AI.600-1")
    attribution = text(g600, version, CW.attribution) or ""
    assert "NIST" in attribution and "Cloud Security Alliance" in attribution and "ai-atlas-nexus" in attribution
    assert g600.value(version, CW.elementCount) == Literal(12 + 212)


def test_ai_600_1_risks(g600: Graph) -> None:
    reference = load(AI600.reference_folder, "gai-risks.json")["risks"]
    assert len(reference) == 12 and len(of_type(g600, "Risk")) == 12
    for risk in reference:
        node = URIRef(AI600.element_base + risk["id"].removeprefix("gai-"))
        assert text(g600, node, SKOS.prefLabel) == risk["name"]
        assert text(g600, node, CW.statement) == risk["definition"]
        assert g600.value(node, CW.order) == Literal(risk["number"])
        assert text(g600, node, CW.sourceSection) == risk["section"]
        assert g600.value(node, SKOS.notation) is None  # the document gives risks no identifiers
        assert g600.value(node, CW.description) is None  # the extracted narrative is not verbatim
        characteristics = set(g600.objects(node, CW.trustworthyCharacteristic))
        assert characteristics == {CWV[f"tc-{slug(name)}"] for name in risk["trustworthy_ai_characteristics"]}
        categories = {text(g600, c, SKOS.prefLabel) for c in g600.objects(node, CW.riskCategory)}
        assert categories == set(risk["footnote5_categories"])


def test_ai_600_1_actions_verbatim(g600: Graph) -> None:
    reference = load(AI600.reference_folder, "ai-600-1-actions.json")["actions"]
    nodes = of_type(g600, "SuggestedAction")
    assert len(reference) == len(nodes) == 212
    assert Counter(a["function"] for a in reference) == {"GOVERN": 58, "MAP": 39, "MEASURE": 72, "MANAGE": 43}
    for action in reference:
        node = URIRef(AI600.element_base + action["action_id"])
        assert text(g600, node, SKOS.notation) == action["action_id"]
        assert text(g600, node, CW.statement) == action["suggested_action"]
        assert g600.value(node, CW.textFidelity) == CWV["fidelity-verbatim"]
        assert text(g600, node, CW.sourceDocument) == "NIST AI 600-1"
        assert text(g600, node, CW.sourceSection) == "3"
        assert text(g600, node, CW.sourceTable) == f"{action['subcategory_id']} table"
        assert g600.value(node, CW.sourcePage) is None  # the reference gives no pages
        assert g600.value(node, CW.partOf) is None  # subcategories belong to the AI RMF catalog
        actors = {text(g600, a, SKOS.prefLabel) for a in g600.objects(node, CW.aiActor)}
        assert actors == set(action["ai_actor_tasks"])
    misprint = URIRef(AI600.element_base + "GV-4.3-001")
    assert text(g600, misprint, SKOS.hiddenLabel) == "GV4.3--001"


def test_ai_600_1_every_risk_tag(g600: Graph) -> None:
    reference = load(AI600.reference_folder, "ai-600-1-actions.json")["actions"]
    for action in reference:
        tags = list(g600.objects(URIRef(AI600.element_base + action["action_id"]), CW.riskTag))
        assert len(tags) == len(action["gai_risks"]), action["action_id"]
        assert {text(g600, t, SKOS.prefLabel) for t in tags} == set(action["gai_risks"]), action["action_id"]
    per_risk = Counter(text(g600, risk, SKOS.prefLabel) for risk in g600.objects(None, CW.riskTag))
    assert per_risk == {
        "CBRN Information or Capabilities": 31,
        "Confabulation": 18,
        "Dangerous, Violent, or Hateful Content": 31,
        "Data Privacy": 29,
        "Environmental Impacts": 4,
        "Harmful Bias and Homogenization": 57,
        "Human-AI Configuration": 58,
        "Information Integrity": 73,
        "Information Security": 51,
        "Intellectual Property": 28,
        "Obscene, Degrading, and/or Abusive Content": 14,
        "Value Chain and Component Integration": 36,
    }


def test_ai_600_1_document_order(g600: Graph) -> None:
    order = {text(g600, n, SKOS.notation): int(str(g600.value(n, CW.order))) for n in of_type(g600, "SuggestedAction")}
    assert sorted(order.values()) == list(range(1, 213))
    # The PDF prints GV4.3--001 first in the GOVERN 4.3 table; the reference lists it last.
    assert order["GV-4.2-003"] < order["GV-4.3-001"] < order["GV-4.3-002"] < order["GV-4.3-003"]
    assert order["GV-1.1-001"] == 1 and order["MG-4.3-003"] == 212


# ---------------------------------------------------------------- SP 800-218A


def test_sp_800_218a_counts(g218: Graph) -> None:
    assert [len(of_type(g218, k)) for k in ("PracticeGroup", "Practice", "Task", "AISpecificAddition")] == [
        4,
        20,
        48,
        86,
    ]
    priorities = Counter(g218.objects(None, CW.priority))
    assert priorities == {CWV["priority-high"]: 21, CWV["priority-medium"]: 22, CWV["priority-low"]: 5}
    types = Counter(g218.objects(None, CW.additionType))
    assert types == {CWV["addition-recommendation"]: 59, CWV["addition-consideration"]: 16, CWV["addition-note"]: 11}
    assert sum(1 for t in of_type(g218, "Task") if not list(g218.subjects(CW.partOf, t))) == 10
    assert g218.value(URIRef(SSDF.iri), CW.elementCount) == Literal(4 + 20 + 48 + 86)


def test_sp_800_218a_new_and_modified(g218: Graph) -> None:
    def with_status(kind: str, status: str) -> set[str]:
        nodes = set(g218.subjects(CW.profileStatus, CWV[f"profile-{status}"])) & set(of_type(g218, kind))
        return {text(g218, n, SKOS.notation) or "" for n in nodes}

    assert with_status("Task", "new") == {"PO.5.3", "PS.1.2", "PS.1.3", "PW.3.1", "PW.3.2", "PW.3.3"}
    assert with_status("Task", "modified") == {"PO.1.3", "PS.3.2", "PW.2.1"}
    assert with_status("Practice", "new") == {"PW.3"}
    assert with_status("Practice", "modified") == {"PO.5", "PS.1"}
    assert len(with_status("Task", "unchanged")) == 39 and len(with_status("Practice", "unchanged")) == 17


def test_sp_800_218a_verbatim_and_located(g218: Graph) -> None:
    profile = load(SSDF.reference_folder, "sp-800-218a-profile.json")
    base = SSDF.element_base
    for group in profile["groups"]:
        node = URIRef(base + group["id"])
        assert text(g218, node, SKOS.notation) == group["id"]
        assert f"{text(g218, node, SKOS.prefLabel)} ({group['id']})" == group["name"]
    for practice in profile["practices"]:
        node = URIRef(base + practice["id"])
        assert text(g218, node, SKOS.prefLabel) == practice["name"]
        assert text(g218, node, CW.statement) == practice["text"]
        assert text(g218, node, CW.sourcePage) == str(practice["page"])
        assert g218.value(node, CW.partOf) == URIRef(base + practice["group"])
    for task in profile["tasks"]:
        node = URIRef(base + task["id"])
        assert text(g218, node, SKOS.notation) == task["id"]
        assert text(g218, node, CW.statement) == task["text_without_id"]
        assert g218.value(node, CW.priority) == CWV[f"priority-{task['priority'].lower()}"]
        assert text(g218, node, CW.sourcePage) == str(task["page"])
        assert (text(g218, node, CW.sourceSection), text(g218, node, CW.sourceTable)) == ("3", "Table 1")
        assert g218.value(node, CW.partOf) == URIRef(base + task["practice"])
        for order, addition in enumerate(task["additions"], start=1):
            item = URIRef(base + addition["id"])
            assert text(g218, item, SKOS.notation) == addition["id"]
            assert text(g218, item, CW.statement) == addition["text"]
            assert g218.value(item, CW.additionType) == CWV[f"addition-{addition['type']}"]
            assert g218.value(item, CW.partOf) == node and g218.value(item, CW.order) == Literal(order)


# ---------------------------------------------------------------- mapping sets


def test_ai_600_1_to_ai_rmf(sets: dict[str, sssom_tsv.MappingSetFile]) -> None:
    rows = sets["ai-600-1-to-ai-rmf"].rows
    actions = {a["action_id"]: a for a in load(AI600.reference_folder, "ai-600-1-actions.json")["actions"]}
    assert len(rows) == 212 and {r.subject_label for r in rows} == set(actions)
    for row in rows:
        action = actions[row.subject_label]
        alt = action["subcategory_alt_id"]
        assert (row.subject_id, row.object_id, row.object_label) == (
            f"ai600:{row.subject_label}",
            f"airmf:{alt}",
            action["subcategory_id"],
        )
        assert row.record_id == f"cwmap:ai-600-1-to-ai-rmf/{row.subject_label}--{alt}"
        assert (row.ir8477_style, row.ir8477_relationship, row.ir8477_property) == (
            "supportive",
            "supports",
            "example-of",
        )
        assert (row.predicate_id, row.mapping_provenance, row.review_status) == (
            "skos:relatedMatch",
            "nist-official",
            "source-published",
        )
        assert (row.author_label, row.mapping_date, row.ir8477_strength) == ("NIST", "2024-07-26", "")
        assert row.relationship_explanation == (
            f"AI 600-1 Section 3 lists {row.subject_label} among the suggested actions for {action['subcategory_id']}."
        )


def test_sp_800_218a_to_ai_rmf(sets: dict[str, sssom_tsv.MappingSetFile]) -> None:
    rows = sets["sp-800-218a-to-ai-rmf"].rows
    folder = REFERENCE / SSDF.reference_folder
    with (folder / "sp-800-218a-to-ai-rmf.csv").open(encoding="utf-8", newline="") as handle:
        pairs = [(p["sp800_218a_task_id"], p["ai_rmf_subcategory_id"]) for p in csv.DictReader(handle)]
    raw = {
        t["id"]: t["informative_references"]["raw"]
        for t in load(SSDF.reference_folder, "sp-800-218a-profile.json")["tasks"]
    }
    assert len(rows) == len(pairs) == 138
    assert [(r.subject_label, r.object_label) for r in rows] == pairs
    assert len({r.subject_label for r in rows}) == 31 and len({r.object_label for r in rows}) == 48
    for row in rows:
        assert row.subject_id == f"ssdfai:{row.subject_label}" and row.object_id.startswith("airmf:")
        assert (row.ir8477_style, row.ir8477_relationship, row.predicate_id) == (
            "crosswalk",
            "related-to",
            "skos:relatedMatch",
        )
        assert (row.mapping_provenance, row.review_status, row.author_label) == (
            "nist-official",
            "source-published",
            "NIST",
        )
        assert f'"{raw[row.subject_label]}"' in row.relationship_explanation
    explained = rows[0].relationship_explanation
    assert explained == 'SP 800-218A Table 1 lists "AI RMF: Map 1.3, 1.5, 1.6" in the Informative References of PO.1.1.'


def test_mapping_sets_round_trip_and_convert(sets: dict[str, sssom_tsv.MappingSetFile], tmp_path: Path) -> None:
    for set_id, mapping_set in sets.items():
        assert {"ai600", "ssdfai"} & set(mapping_set.curie_map) and "airmf" in mapping_set.curie_map
        path = tmp_path / f"{set_id}.sssom.tsv"
        sssom_tsv.write(mapping_set, path)
        again = sssom_tsv.read(path)
        assert again.metadata == mapping_set.metadata
        assert [{**vars(r), "line": 0} for r in again.rows] == [vars(r) for r in mapping_set.rows]
        problems: list[Problem] = []
        to_graph(again, problems)
        assert problems == []


# ---------------------------------------------------------------- committed files match their generators


def test_committed_files_are_current(g600: Graph, g218: Graph, sets: dict[str, sssom_tsv.MappingSetFile]) -> None:
    for spec, graph in ((AI600, g600), (SSDF, g218)):
        committed = Graph().parse(REPO / "ontology" / "catalogs" / spec.catalog_file, format="turtle")
        assert set(committed) == set(graph), f"regenerate {spec.catalog_file}"
    for set_id, mapping_set in sets.items():
        committed_text = (REPO / "mappings" / f"{set_id}.sssom.tsv").read_text(encoding="utf-8")
        assert committed_text == sssom_tsv.dumps(mapping_set), f"regenerate {set_id}.sssom.tsv"
