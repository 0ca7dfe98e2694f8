"""Second reading of the AI 100-2, OWASP agentic and AI RMF -> CSF 2.0 curated sets: every drafted row has the second
reader's verdict (agreed or corrected, with the reason and the original explanation), the rows the second reader added
are marked and unreviewed, the corrections hold against the catalogs and the other sets, and the store holds it all."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from crosswalk.content import sssom_tsv
from crosswalk.content.sssom_tsv import MappingRow
from tests.conftest import PREFIXES, REFERENCE, REPO, sparql_rows

FIRST, SECOND = "crosswalk curators", "crosswalk second reader"
AGREED, CORRECTED, ADDED = "Review: agreed.", "Review: corrected; ", "Review: added by the second reader; "

# set -> (drafted rows, corrected, added, relationship counts after the reading)
READ: dict[str, tuple[int, int, int, dict[str, int]]] = {
    "ai-100-2-to-atlas": (
        57, 2, 4, {"equal": 2, "superset-of": 10, "subset-of": 23, "intersects-with": 21, "no-relationship": 5}
    ),
    "ai-100-2-to-ai-600-1-risks": (40, 1, 2, {"subset-of": 13, "intersects-with": 25, "no-relationship": 4}),
    "owasp-agentic-2026-to-ai-600-1-risks": (18, 0, 1, {"subset-of": 4, "intersects-with": 12, "no-relationship": 3}),
    "owasp-agentic-2026-to-ai-800-1-ipd": (11, 0, 1, {"is-supported-by": 4, "no-relationship": 8}),
    "ai-rmf-to-csf-2.0": (45, 0, 3, {"intersects-with": 43, "subset-of": 1, "no-relationship": 4}),
}  # fmt: skip


def rows_of(set_id: str) -> list[MappingRow]:
    return sssom_tsv.read(REPO / "mappings" / f"{set_id}.sssom.tsv").rows


def record(set_id: str, local: str) -> MappingRow:
    hits = [r for r in rows_of(set_id) if r.record_id == f"cwmap:{set_id}/{local}"]
    assert len(hits) == 1, local
    return hits[0]


@pytest.mark.parametrize("set_id", sorted(READ))
def test_every_drafted_row_has_the_second_readers_verdict(set_id: str) -> None:
    drafted_count, corrected_count, added_count, relationships = READ[set_id]
    rows = rows_of(set_id)
    drafted = [r for r in rows if r.author_label == FIRST]
    added = [r for r in rows if r.author_label == SECOND]
    assert (len(drafted), len(added), len(rows)) == (drafted_count, added_count, drafted_count + added_count)
    assert {(r.reviewer_label, r.review_status) for r in drafted} == {(SECOND, "reviewed")}
    corrected = [r for r in drafted if CORRECTED in r.comment]
    agreed = [r for r in drafted if r.comment.endswith(AGREED)]
    assert len(corrected) == corrected_count and len(agreed) == drafted_count - corrected_count
    assert not {r.record_id for r in corrected} & {r.record_id for r in agreed}
    for row in added:  # one reader so far: the second reader drafted it, nobody has reviewed it
        assert (row.reviewer_label, row.review_status) == ("", "unreviewed"), row.record_id
        assert row.comment.startswith(ADDED) and row.comment.endswith("(one reader; unreviewed)."), row.record_id
    assert Counter(r.ir8477_relationship for r in rows) == relationships
    header = (REPO / "mappings" / f"{set_id}.sssom.tsv").read_text(encoding="utf-8")
    assert "reviewed by a second" in header.lower() and "review_status unreviewed)" not in header


# (set, record) -> (relationship, strength, predicate) after the correction, and what the comment must name
CORRECTIONS = {
    ("ai-100-2-to-atlas", "NISTAML.021--AML.T0043.004"): (("intersects-with", "5", "skos:relatedMatch"), "NISTAML.023"),
    ("ai-100-2-to-atlas", "NISTAML.037--AML.T0020"): (("intersects-with", "6", "skos:relatedMatch"), "NISTAML.013"),
    ("ai-100-2-to-ai-600-1-risks", "NISTAML.031--intellectual-property"): (
        ("no-relationship", "0", "skos:relatedMatch"), "MS-2.7-001"
    ),
}  # fmt: skip


@pytest.mark.parametrize(("set_id", "local"), sorted(CORRECTIONS))
def test_corrections_say_what_changed_and_keep_the_original(set_id: str, local: str) -> None:
    row = record(set_id, local)
    (relationship, strength, predicate), named = CORRECTIONS[(set_id, local)]
    assert (row.ir8477_relationship, row.ir8477_strength, row.predicate_id) == (relationship, strength, predicate)
    assert (row.predicate_modifier == "Not") == (relationship == "no-relationship")
    assert CORRECTED in row.comment and f"-> {relationship}" in row.comment and named in row.comment
    original = row.comment.split(" Original explanation: ", 1)[1]
    assert original and original != row.relationship_explanation


def taxonomies() -> dict[str, set[str]]:
    data = json.loads((REFERENCE / "nist-ai-100-2-e2025" / "nist-ai-100-2.json").read_text(encoding="utf-8"))
    return {a["id"]: set(a["taxonomies"]) for a in data["attacks"]}


def test_no_atlas_technique_sits_between_attacks_of_different_taxonomies() -> None:
    """A ⊆ T ⊆ B makes attack A a case of attack B, so A's NIST taxonomies must lie within B's. The draft had
    NISTAML.037 (GenAI) containing AML.T0020, which contains NISTAML.012 (predictive AI only)."""
    placed = taxonomies()
    inside: dict[str, set[str]] = {}  # technique -> attacks it contains (attack subset-of or equal to it)
    around: dict[str, set[str]] = {}  # technique -> attacks that contain it (superset-of or equal)
    for row in rows_of("ai-100-2-to-atlas"):
        attack, technique = row.subject_id.split(":", 1)[1], row.object_id
        if row.ir8477_relationship in ("subset-of", "equal"):
            inside.setdefault(technique, set()).add(attack)
        if row.ir8477_relationship in ("superset-of", "equal"):
            around.setdefault(technique, set()).add(attack)
    chains = [(a, t, b) for t in inside for a in inside[t] for b in around.get(t, ()) if a != b]
    assert chains  # the check has something to check (AML.T0056 inside NISTAML.038 and equal to NISTAML.035)
    assert [(a, t, b) for a, t, b in chains if not placed[a] <= placed[b]] == []


def test_model_extraction_is_read_like_model_theft_against_intellectual_property() -> None:
    """NISTAML.031 (model extraction) now agrees with LLM10 and Practice 3.3: outside AI 600-1's IP risk, inside
    Information Security; system-prompt extraction stays an exposure of trade secrets (the model outputs them)."""
    readings = [
        record("ai-100-2-to-ai-600-1-risks", "NISTAML.031--intellectual-property"),
        record("owasp-llm-2025-to-ai-600-1-risks", "LLM10--intellectual-property"),
        record("ai-800-1-ipd-to-ai-600-1-risks", "practice-3.3--intellectual-property"),
    ]
    assert {r.ir8477_relationship for r in readings} == {"no-relationship"}
    security = record("ai-100-2-to-ai-600-1-risks", "NISTAML.031--information-security")
    assert security.ir8477_relationship == "intersects-with"
    prompt = record("ai-100-2-to-ai-600-1-risks", "NISTAML.035--intellectual-property")
    assert prompt.ir8477_relationship == "intersects-with" and prompt.comment == AGREED


def test_the_added_records_fill_gaps_the_set_itself_shows() -> None:
    atlas = {(r.subject_id, r.object_id): r for r in rows_of("ai-100-2-to-atlas")}
    # injection-borne attacks are cases of the injection technique, NISTAML.039 now as well
    for attack, technique in (("016", "AML.T0051.001"), ("017", "AML.T0051.001"), ("039", "AML.T0051")):
        assert atlas[(f"ai1002:NISTAML.{attack}", f"atlas:{technique}")].ir8477_relationship == "subset-of"
    assert atlas[("ai1002:NISTAML.051", "atlas:AML.T0010")].ir8477_relationship == "subset-of"
    risks = {(r.subject_id, r.object_id): r for r in rows_of("ai-100-2-to-ai-600-1-risks")}
    for attack in ("032", "033", "034"):  # every predictive privacy attack on training data now reaches Info Security
        assert (
            risks[(f"ai1002:NISTAML.{attack}", "ai600:information-security")].ir8477_relationship == "intersects-with"
        )
    agentic = {(r.subject_id, r.object_id) for r in rows_of("owasp-agentic-2026-to-ai-600-1-risks")}
    assert {(f"asi2026:{e}", "ai600:data-privacy") for e in ("ASI02", "ASI09", "ASI10")} <= agentic


def test_the_store_holds_the_second_reading(client: TestClient) -> None:
    rows = sparql_rows(
        client,
        PREFIXES
        + """SELECT ?set ?status (COUNT(?m) AS ?n) (SUM(IF(BOUND(?r) && STR(?r) = "crosswalk second reader", 1, 0)) AS ?second)
             WHERE { ?m cw:inMappingSet ?set ; cw:reviewStatus/skos:notation ?status . OPTIONAL { ?m cw:reviewer ?r } }
             GROUP BY ?set ?status""",
    )
    loaded = {(r["set"].rsplit("/", 1)[-1], r["status"]): (int(r["n"]), int(r["second"])) for r in rows}
    for set_id, (drafted, _, added, _) in READ.items():
        assert loaded[(set_id, "reviewed")] == (drafted, drafted), set_id
        assert loaded[(set_id, "unreviewed")] == (added, 0), set_id
