"""NIST AI 100-5 as loaded: the counts the reference README asks for, the texts verbatim against the reference, and
every editorial id and sub-topic cut marked, read from the service's SPARQL endpoint and IRI pages (not the generator's
graph, which tests/test_generate_ai_100_5.py checks)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from crosswalk.content.generate.ai_100_5_standards import TABLES
from tests.conftest import PREFIXES, REFERENCE, reference_json, sparql_rows

PLAN = "https://w3id.org/crosswalk/id/ai-100-5/2024-07"
STANDARDS = "https://w3id.org/crosswalk/id/ai-100-5-standards/2024-07"


@pytest.fixture(scope="module")
def readme_counts() -> dict[str, int]:
    """The 'Counts to match' of the reference README's nist-ai-100-5 entry, read from its own words."""
    text = (REFERENCE / "README.md").read_text(encoding="utf-8")
    entry = " ".join(text.split("## nist-ai-100-5", 1)[1].split("\n## ", 1)[0].split())
    patterns = {
        "tiers": r"(\d+) tiers",
        "topics": r"(\d+) topics",
        "tier 1": r"tier 1: (\d+)",
        "tier 2": r"tier 2: (\d+)",
        "tier 3": r"tier 3: (\d+)",
        "subtopics": r"(\d+) sub-topics",
        "criteria": r"(\d+) tier criteria",
        "outcomes": r"(\d+) desired outcomes",
        "areas": r"(\d+) activity areas",
        "actions": r"(\d+) actions,",
        "usg": r"(\d+) U\.S\.-government high-priority actions with lead agencies",
        "sc42_published": r"SC 42 (\d+) published",
        "sc42_under_development": r"(\d+) in progress",
        "cen_cenelec_jtc21_not_shared_with_isoiec": r"CEN-CENELEC (\d+)",
        "ieee": r"IEEE (\d+)",
        "itu": r"ITU (\d+)",
        "cta": r"CTA (\d+)",
    }
    counts = {}
    for key, pattern in patterns.items():
        match = re.search(pattern, entry)
        assert match, (key, entry)
        counts[key] = int(match.group(1))
    return counts


@pytest.fixture(scope="module")
def ref() -> Any:
    return reference_json("nist-ai-100-5/ai-100-5.json")


def select(client: TestClient, body: str) -> list[dict[str, str]]:
    return sparql_rows(client, PREFIXES + body)


def test_counts_in_the_store_match_the_reference_readme(
    client: TestClient, readme_counts: dict[str, int], ref: Any
) -> None:
    rows = select(
        client, f"SELECT ?type (COUNT(?e) AS ?n) WHERE {{ ?e cw:inVersion <{PLAN}> ; a ?type }} GROUP BY ?type"
    )
    by_type = {r["type"].rsplit("#", 1)[-1]: int(r["n"]) for r in rows}
    assert by_type["StandardizationTier"] == readme_counts["tiers"] == 3
    assert by_type["StandardsTopic"] == readme_counts["topics"] == 14
    assert by_type["StandardsSubtopic"] == readme_counts["subtopics"] == 38
    assert by_type["TierCriterion"] == readme_counts["criteria"] == 4
    assert by_type["DesiredOutcome"] == readme_counts["outcomes"] == 4
    assert by_type["EngagementAction"] == readme_counts["actions"] == 16
    assert by_type["ImplementationAction"] == readme_counts["usg"] == 21
    characteristics = ref["desired_outcomes"]["standards_characteristics_3_2"]["items"]
    assert by_type["StandardsCharacteristic"] == len(characteristics) == 4
    tiers = select(
        client,
        f"""SELECT ?tier (COUNT(?t) AS ?n) WHERE {{ ?t a cw:StandardsTopic ; cw:inVersion <{PLAN}> ;
              cw:partOf/skos:notation ?tier }} GROUP BY ?tier""",
    )
    assert {r["tier"]: int(r["n"]) for r in tiers} == {
        "4.1": readme_counts["tier 1"], "4.2": readme_counts["tier 2"], "4.3": readme_counts["tier 3"]
    }  # fmt: skip
    areas = select(
        client,
        f"""SELECT (COUNT(?a) AS ?n) WHERE {{ ?a a cw:ActivityArea ; cw:inVersion <{PLAN}> .
              FILTER NOT EXISTS {{ ?a cw:partOf ?up }} }}""",
    )
    assert int(areas[0]["n"]) == readme_counts["areas"] == 3
    leads = select(
        client,
        f"""SELECT ?action (COUNT(?lead) AS ?n) WHERE {{ ?action a cw:ImplementationAction ; cw:inVersion <{PLAN}> .
              OPTIONAL {{ ?action cw:leadAgency ?lead }} }} GROUP BY ?action""",
    )
    assert len(leads) == 21 and all(int(r["n"]) >= 1 for r in leads)
    projects = select(
        client,
        f"""SELECT ?list (COUNT(?p) AS ?n) WHERE {{ ?p a cw:StandardsProject ; cw:inVersion <{STANDARDS}> ;
              cw:partOf ?list }} GROUP BY ?list""",
    )
    per_list = {r["list"].rsplit("/", 1)[-1]: int(r["n"]) for r in projects}
    for table in TABLES:
        expected = readme_counts.get(table.key, len(ref["appendix_b"][table.key]))  # SC 27, A.1.6: not in the README
        assert per_list[table.list_id] == expected == len(ref["appendix_b"][table.key]), table.key


def test_texts_in_the_store_are_the_references_verbatim(client: TestClient, ref: Any) -> None:
    rows = select(
        client,
        f"""SELECT ?id ?statement ?readiness ?summary WHERE {{ ?e cw:inVersion <{PLAN}> ; dcterms:identifier ?id .
              OPTIONAL {{ ?e cw:statement ?statement }} OPTIONAL {{ ?e cw:readinessStatement ?readiness }}
              OPTIONAL {{ ?e cw:executiveSummaryText ?summary }} }}""",
    )
    by_id = {r["id"]: r for r in rows}
    for topic in ref["topics"]:
        assert by_id[topic["id"]]["statement"] == topic["description"]
        assert by_id[topic["id"]].get("summary") == topic["executive_summary_wording"]
        for n, sub in enumerate(topic["subtopics"], start=1):
            row = by_id[f"{topic['id']}-subtopic-{n}"]
            assert (row["statement"], row["readiness"]) == (sub["text"], sub["readiness_statement"])
    for tier in ref["tiers"]:
        assert by_id[f"tier-{tier['tier']}"]["statement"] == tier["intro"]
    usg = [
        a
        for act in ref["recommended_activities"]["activities"]
        for area in [act, *act.get("subsections", [])]
        for a in [(area["section"], n, x) for n, x in enumerate(area.get("usg_high_priority_actions", []), start=1)]
    ]
    assert len(usg) == 21
    for section, n, action in usg:
        assert by_id[f"usg-action-{section}-{n}"]["statement"] == action["text"]


def test_every_editorial_id_and_cut_is_marked_in_the_store(client: TestClient) -> None:
    rows = select(
        client,
        f"""SELECT ?e ?type ?notation ?origin ?note ?completeness WHERE {{
              VALUES ?version {{ <{PLAN}> <{STANDARDS}> }}
              ?e cw:inVersion ?version ; a ?type .
              OPTIONAL {{ ?e skos:notation ?notation }} OPTIONAL {{ ?e cw:identifierOrigin ?origin }}
              OPTIONAL {{ ?e skos:editorialNote ?note }} OPTIONAL {{ ?e cw:textCompleteness ?completeness }} }}""",
    )
    assert rows
    for row in rows:
        assert ("notation" in row) != ("origin" in row), row  # a printed id, or one marked as not NIST's
        assert "origin" not in row or row.get("note"), row
    marked = {(r["e"], r["type"].rsplit("#", 1)[-1], r["origin"].rsplit("/", 1)[-1]) for r in rows if "origin" in r}
    origins = Counter((kind, origin) for _, kind, origin in marked)
    assert origins[("StandardsTopic", "identifier-reference-assigned")] == 14
    assert origins[("StandardsSubtopic", "identifier-reference-assigned")] == 38
    assert len({e for e, _, origin in marked if origin == "identifier-reference-assigned"}) == 52
    subtopics = [r for r in rows if r["type"].endswith("#StandardsSubtopic")]
    assert len({r["e"] for r in subtopics}) == 38
    notes: dict[str, str] = {}
    for row in subtopics:  # the cut is the reference's, and the text a fragment of NIST's
        assert row["completeness"] == "fragment", row
        notes[row["e"]] = notes.get(row["e"], "") + " " + row["note"]
    assert all("Sub-topic cut and id assigned by the reference data" in note for note in notes.values())
    scheme = select(
        client, "SELECT ?note WHERE { <https://w3id.org/crosswalk/vocab/readiness-class> skos:scopeNote ?note }"
    )
    assert "not NIST's own classification" in scheme[0]["note"]
    version = select(client, f"SELECT ?note WHERE {{ <{PLAN}> cw:completenessNote ?note }}")
    assert "assigned by the reference data" in version[0]["note"]


def test_the_iri_page_says_when_an_id_is_not_printed(client: TestClient) -> None:
    html = {"accept": "text/html"}
    page = client.get("/id/ai-100-5/2024-07/T1-02-subtopic-1", headers=html)
    assert page.status_code == 200
    assert "T1-02-subtopic-1: assigned by the reference data, not printed in the document" in page.text
    assert "Editorial note: Sub-topic cut and id assigned by the reference data" in page.text
    action = client.get("/id/ai-100-5/2024-07/usg-action-5.1-5", headers=html).text
    assert "assigned by the project, not printed in the document" in action and "Positional id of ours" in action
    printed = client.get("/id/ai-rmf/1.0/GV-1.1", headers=html).text
    assert "not printed in the document" not in printed and "Editorial note" not in printed
