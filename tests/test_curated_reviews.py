"""Second reading of the curated sets: every row reviewed, the corrections it made, the disputes it settled and the
records it added, checked in the committed TSVs, against the catalogs' texts and the reference, and in the store."""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache

import pytest
import rdflib
from fastapi.testclient import TestClient

from crosswalk.content import sssom_tsv
from crosswalk.content.sssom_tsv import MappingRow
from tests.conftest import PREFIXES, REFERENCE, REPO, sparql_rows

MAPPINGS = REPO / "mappings"
CATALOGS = REPO / "ontology" / "catalogs"
CW = rdflib.Namespace("https://w3id.org/crosswalk/ontology#")
SECOND_READER = "crosswalk second reader"

# set -> (rows, corrected, relationship counts) after the second reading
REVIEWED_SETS: dict[str, tuple[int, int, dict[str, int]]] = {
    "benchmarks-to-ai-600-1-risks": (60, 9, {"supports": 55, "no-relationship": 5}),
    "benchmarks-to-ai-rmf-measure": (49, 2, {"supports": 48, "no-relationship": 1}),
    "benchmarks-to-ai-800-1-ipd": (22, 0, {"supports": 19, "no-relationship": 3}),
    "fmti-to-ai-800-1-ipd": (47, 0, {"supports": 41, "no-relationship": 6}),
    "fmti-to-ai-rmf": (52, 0, {"supports": 48, "no-relationship": 4}),
    "owasp-llm-2025-to-ai-600-1-risks": (28, 1, {"subset-of": 3, "intersects-with": 21, "no-relationship": 4}),
    "owasp-llm-2025-to-sp-800-218a": (61, 0, {"is-supported-by": 58, "no-relationship": 3}),
    "atlas-mitigations-to-nist": (58, 0, {"supports": 54, "no-relationship": 4}),
}
CORRECTED = "Review: corrected; "
SETTLED = "Settled by a third reader (2026-12-02): "


def rows_of(set_id: str) -> list[MappingRow]:
    return sssom_tsv.read(MAPPINGS / f"{set_id}.sssom.tsv").rows


def record(set_id: str, local: str) -> MappingRow:
    hits = [r for r in rows_of(set_id) if r.record_id == f"cwmap:{set_id}/{local}"]
    assert len(hits) == 1, local
    return hits[0]


@cache
def statements(catalog: str) -> dict[str, str]:
    """Local id -> verbatim statement (and description, where the element has one) of one catalog."""
    graph = rdflib.Graph().parse(CATALOGS / f"{catalog}.ttl")
    texts: dict[str, str] = {}
    for predicate in (CW.statement, CW.description):
        for element, text in graph.subject_objects(predicate):
            local = str(element).rsplit("/", 1)[-1]
            texts[local] = (texts.get(local, "") + " " + str(text)).strip()
    return texts


def assert_quotes(explanation: str, quotes: dict[str, tuple[str, ...]]) -> None:
    """Each phrase occurs in the explanation and, verbatim, in the cited element's text (catalog:local-id)."""
    for cited, phrases in quotes.items():
        catalog, local = cited.split(":", 1)
        for phrase in phrases:
            assert phrase.lower() in explanation.lower(), phrase
            assert phrase.lower() in statements(catalog)[local].lower(), (cited, phrase)


@pytest.mark.parametrize("set_id", sorted(REVIEWED_SETS))
def test_every_row_of_a_reviewed_set_has_a_reviewer_and_a_verdict(set_id: str) -> None:
    rows = rows_of(set_id)
    expected_rows, expected_corrected, relationships = REVIEWED_SETS[set_id]
    assert len(rows) == expected_rows
    assert all(r.reviewer_label == SECOND_READER for r in rows)
    assert Counter(r.review_status for r in rows) == {"reviewed": expected_rows}
    corrected = [r for r in rows if CORRECTED in r.comment]
    assert len(corrected) == expected_corrected
    assert len(rows) - len(corrected) == expected_rows - expected_corrected  # agreed rows
    assert Counter(r.ir8477_relationship for r in rows) == relationships
    for row in rows:
        assert row.relationship_explanation and row.mapping_provenance == "curated"
        assert row.ir8477_strength or row.ir8477_relationship == "no-relationship"
        negative = row.ir8477_relationship == "no-relationship"
        assert (row.predicate_modifier == "Not") == negative, row.record_id
        assert not negative or row.ir8477_strength == "0", row.record_id
    header = (MAPPINGS / f"{set_id}.sssom.tsv").read_text(encoding="utf-8")
    assert "Reviewed by a second reader" in header


def test_no_curated_row_is_left_disputed() -> None:
    disputed = []
    for path in sorted(MAPPINGS.glob("*.sssom.tsv")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        disputed += [r["record_id"] for r in csv.DictReader(lines, delimiter="\t") if r["review_status"] == "disputed"]
    assert disputed == []


SETTLED_ROWS = {
    ("ai-800-1-ipd-to-ai-600-1-actions", "practice-7.3--GV-2.1-001"): ("intersects-with", "6"),
    ("ai-800-1-ipd-to-ai-rmf", "practice-4.1--MS-1.1"): ("intersects-with", "5"),
    ("ai-800-1-ipd-to-ai-rmf", "recommendation-6.2.3--MG-2.4"): ("no-relationship", "0"),
    ("ai-800-1-ipd-to-ai-rmf", "practice-7.1--MS-2.8"): ("no-relationship", "0"),
    ("ai-800-1-ipd-to-ai-rmf", "practice-7.2--MS-2.8"): ("no-relationship", "0"),
}


@pytest.mark.parametrize(("set_id", "local"), sorted(SETTLED_ROWS))
def test_the_formerly_disputed_rows_are_settled_with_a_reason(set_id: str, local: str) -> None:
    row = record(set_id, local)
    relationship, strength = SETTLED_ROWS[(set_id, local)]
    assert (row.ir8477_relationship, row.ir8477_strength, row.review_status) == (relationship, strength, "reviewed")
    assert SETTLED in row.comment and "pending a third reader" not in row.comment
    predicate = "skos:relatedMatch"  # intersects-with and no-relationship alike
    assert row.predicate_id == predicate and (row.predicate_modifier == "Not") == (relationship == "no-relationship")


def test_model_theft_is_read_the_same_way_against_ai_600_1_intellectual_property() -> None:
    """LLM10 (model extraction) and Practice 3.3 (theft prevention) both stand outside AI 600-1's IP risk."""
    llm10 = record("owasp-llm-2025-to-ai-600-1-risks", "LLM10--intellectual-property")
    practice = record("ai-800-1-ipd-to-ai-600-1-risks", "practice-3.3--intellectual-property")
    assert llm10.ir8477_relationship == practice.ir8477_relationship == "no-relationship"
    assert llm10.predicate_modifier == practice.predicate_modifier == "Not"
    assert CORRECTED in llm10.comment and "practice-3.3" in llm10.comment and "MS-2.7-001" in llm10.comment
    assert "LLM10" in practice.comment
    # the reason, in AI 600-1 itself: its model-theft and extraction action is not tagged Intellectual Property
    with (REFERENCE / "nist-ai-600-1" / "ai-600-1-actions.csv").open(encoding="utf-8") as handle:
        action = next(row for row in csv.reader(handle) if row[0] == "MS-2.7-001")
    assert "model theft or exposure of model weights" in action[3] and "extraction" in action[3]
    assert "Information Security" in action[4] and "Intellectual Property" not in action[4]
    # model theft stays mapped where AI 600-1 puts it
    security = record("owasp-llm-2025-to-ai-600-1-risks", "LLM10--information-security")
    assert security.ir8477_relationship == "intersects-with"


ADDED = {
    "practice-4.2--MS-1.2": (
        "intersects-with",
        "5",
        {
            "ai-800-1-ipd:practice-4.2": ("assess whether threat actors could bypass model and system safeguards",),
            "ai-rmf-1.0:MS-1.2": ("effectiveness of existing controls", "regularly assessed and updated"),
        },
    ),
    "practice-5.2--MG-1.2": (
        "intersects-with",
        "4",
        {
            "ai-800-1-ipd:practice-5.2": ("safeguards proportionate to the model",),
            "ai-rmf-1.0:MG-1.2": ("prioritized based on impact, likelihood, and available resources or methods",),
        },
    ),
    "recommendation-5.3.1--GV-2.3": (
        "no-relationship",
        "0",
        {
            "ai-800-1-ipd:recommendation-5.3.1": ("determine whether the deployment should proceed",),
            "ai-rmf-1.0:GV-2.3": ("executive leadership of the organization takes responsibility for decisions",),
        },
    ),
    "recommendation-7.1.5--GV-2.3": (
        "no-relationship",
        "0",
        {
            "ai-800-1-ipd:recommendation-7.1.5": ("internal structure and internal governance process",),
            "ai-rmf-1.0:GV-2.3": ("executive leadership of the organization takes responsibility for decisions",),
        },
    ),
}


@pytest.mark.parametrize("local", sorted(ADDED))
def test_the_records_the_outside_reading_found_missing_are_added_and_reviewed(local: str) -> None:
    row = record("ai-800-1-ipd-to-ai-rmf", local)
    relationship, strength, quotes = ADDED[local]
    assert (row.ir8477_relationship, row.ir8477_strength, row.ir8477_rationale) == (relationship, strength, "semantic")
    assert row.review_status == "reviewed" and row.reviewer_label == SECOND_READER
    assert row.comment.startswith("Review: added by the second reader")
    assert_quotes(row.relationship_explanation, quotes)


def test_the_added_records_agree_with_the_recommendation_rows_they_generalise() -> None:
    """The outside reading's grounds: 5.2.3 -> MS-1.2 and 3.3.3 -> MG-1.2 were already mapped."""
    for local, added in (
        ("recommendation-5.2.3--MS-1.2", "practice-4.2--MS-1.2"),
        ("recommendation-3.3.3--MG-1.2", "practice-5.2--MG-1.2"),
    ):
        existing = record("ai-800-1-ipd-to-ai-rmf", local)
        new = record("ai-800-1-ipd-to-ai-rmf", added)
        assert existing.ir8477_relationship == new.ir8477_relationship == "intersects-with"
        assert existing.ir8477_strength == new.ir8477_strength


def test_no_ai_800_1_item_supports_govern_2_3_and_the_set_says_why() -> None:
    rows = [r for r in rows_of("ai-800-1-ipd-to-ai-rmf") if r.object_id == "airmf:GV-2.3"]
    assert {r.ir8477_relationship for r in rows} == {"no-relationship"} and len(rows) == 2
    # the reason holds in the ipd's own text: nothing in it names executive or senior leadership or a board
    text = (REFERENCE / "nist-ai-800-1" / "ai-800-1-ipd.json").read_text(encoding="utf-8").lower()
    for word in ("leadership", "senior management", "c-suite", "board of directors"):
        assert word not in text, word


ATTAQ_CLASSES = {
    "deception--information-integrity": 2,
    "deception--dangerous-violent-or-hateful-content": 2,
    "discrimination--harmful-bias-and-homogenization": 3,
    "discrimination--dangerous-violent-or-hateful-content": 3,
    "harmful-information--dangerous-violent-or-hateful-content": 3,
    "personally-identifiable-information-pii--data-privacy": 4,
    "sexual-content--obscene-degrading-and-or-abusive-content": 2,
    "substance-abuse--dangerous-violent-or-hateful-content": 3,
    "violence--dangerous-violent-or-hateful-content": 4,
}


def test_strengths_that_rest_on_a_class_name_alone_are_low_and_say_so() -> None:
    attaq = statements("ibm-attaq-1.0")
    for local, strength in ATTAQ_CLASSES.items():
        row = record("benchmarks-to-ai-600-1-risks", local)
        subject = row.subject_id.split(":", 1)[1]
        assert subject not in attaq  # the class has no statement or description in the catalog
        assert row.ir8477_strength == str(strength) and strength <= 4
        assert CORRECTED in row.comment and "known by their names only" in row.comment
    positive = [r for r in rows_of("benchmarks-to-ai-600-1-risks") if r.subject_id.startswith("attaq:")]
    assert all(int(r.ir8477_strength) <= 4 for r in positive)
    for local in ("metric-group-fairness--MS-2.11", "metric-group-robustness--MS-2.5"):
        row = record("benchmarks-to-ai-rmf-measure", local)
        assert row.subject_id.split(":", 1)[1] not in statements("stanford-helm-classic")
        assert row.ir8477_strength == "4" and CORRECTED in row.comment


def test_the_store_holds_the_review(client: TestClient) -> None:
    """As loaded: per reviewed set, every record reviewed by the second reader; nowhere a disputed record."""
    rows = sparql_rows(
        client,
        PREFIXES
        + """SELECT ?g (COUNT(?m) AS ?n) (SUM(IF(STR(?r) = "crosswalk second reader", 1, 0)) AS ?second) WHERE {
              GRAPH ?g { ?m a cw:Mapping ; cw:reviewStatus cwv:review-reviewed . OPTIONAL { ?m cw:reviewer ?r } } }
            GROUP BY ?g""",
    )
    by_set = {r["g"].rsplit("/", 1)[-1]: (int(r["n"]), int(r["second"])) for r in rows}
    for set_id, (expected_rows, _, _) in REVIEWED_SETS.items():
        assert by_set[set_id] == (expected_rows, expected_rows), set_id
    disputed = sparql_rows(client, PREFIXES + "SELECT ?m WHERE { GRAPH ?g { ?m cw:reviewStatus cwv:review-disputed } }")
    assert disputed == []
