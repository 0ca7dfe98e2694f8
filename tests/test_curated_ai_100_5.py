"""The curated sets into NIST AI 100-5 (AI 800-1 ipd practices, AI 600-1 risks, AI RMF MEASURE, benchmarks) and the
readiness questions they answer, through the files, the named queries on a loaded store and GraphQL."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from crosswalk.content import sssom_tsv
from crosswalk.content.generate.builder import CW
from crosswalk.surfaces.cli.main import main
from tests.conftest import REPO, graphql, graphql_errors, org_admin

PLAN = "https://w3id.org/crosswalk/id/ai-100-5/2024-07/"
IPD = "https://w3id.org/crosswalk/id/ai-800-1/ipd/"
CATALOGS = (
    "ai-100-5-2024-07",
    "ai-800-1-ipd",
    "ai-600-1-2024-07",
    "ai-rmf-1.0",
    "mlcommons-ailuminate-1.0",
    "ibm-attaq-1.0",
    "stanford-helm-safety",
    "stanford-helm-classic",
    "stanford-fmti-1.1",
    "stanford-fmti-2025",
)
# Per set: records by relationship type, and by review status.
EXPECTED = {
    "ai-800-1-ipd-to-ai-100-5": ({"is-supported-by": 29, "no-relationship": 1}, {"reviewed": 30}),
    "ai-600-1-risks-to-ai-100-5": ({"is-supported-by": 24, "no-relationship": 2}, {"reviewed": 25, "unreviewed": 1}),
    "ai-rmf-measure-to-ai-100-5": ({"is-supported-by": 28, "no-relationship": 2}, {"reviewed": 30}),
    "benchmarks-to-ai-100-5": ({"supports": 29, "no-relationship": 2}, {"reviewed": 30, "unreviewed": 1}),
}
READERS = ("crosswalk second reader", "crosswalk third reader")
QUOTE = re.compile(r"(?<![\w])'([^']{12,}?)'(?![\w])")
TEXT_PREDICATES = (CW.statement, CW.description, SKOS.prefLabel, SKOS.definition, CW.readinessStatement)


def path_of(set_id: str) -> Path:
    return REPO / "mappings" / f"{set_id}.sssom.tsv"


@pytest.fixture(scope="module")
def catalogs() -> Graph:
    graph = Graph()
    for name in CATALOGS:
        graph.parse(REPO / "ontology" / "catalogs" / f"{name}.ttl", format="turtle")
    return graph


def expand(curie: str, curie_map: dict[str, str]) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(curie_map[prefix] + local)


def texts_around(graph: Graph, node: URIRef) -> str:
    """The element's own texts, its ancestors' (a sub-topic's topic) and its descendants' (a practice's recommendations)."""
    related = {node, *graph.transitive_objects(node, CW.partOf), *graph.transitive_subjects(CW.partOf, node)}
    return "\n".join(str(o) for n in related for p in TEXT_PREDICATES for o in graph.objects(n, p))


def quotes_of(explanation: str) -> list[str]:
    masked = re.sub(r"(\w)'s\b", "\\1\x00s", explanation)  # a possessive is not a closing quote
    return [q.replace("\x00", "'") for q in QUOTE.findall(masked)]


@pytest.mark.parametrize("set_id", sorted(EXPECTED))
def test_counts_by_relationship_and_review_status(set_id: str) -> None:
    rows = sssom_tsv.read(path_of(set_id)).rows
    by_relationship, by_status = EXPECTED[set_id]
    assert Counter(r.ir8477_relationship for r in rows) == by_relationship
    assert Counter(r.review_status for r in rows) == by_status
    assert len({r.record_id for r in rows}) == len(rows)


@pytest.mark.parametrize("set_id", sorted(EXPECTED))
def test_every_record_is_complete(set_id: str, catalogs: Graph) -> None:
    mapping_set = sssom_tsv.read(path_of(set_id))
    curie_map = mapping_set.curie_map
    for row in mapping_set.rows:
        assert row.mapping_provenance == "curated" and row.ir8477_style == "supportive", row.record_id
        assert (
            row.record_id == f"cwmap:{set_id}/{row.subject_id.split(':', 1)[1]}--{row.object_id.split(':', 1)[1]}"
            or (row.record_id.endswith("--fmti11") and row.subject_id.startswith("fmti11:"))
        ), row.record_id
        assert row.predicate_id == "skos:relatedMatch", row.record_id
        assert row.relationship_explanation and row.author_label and row.mapping_date, row.record_id
        if row.ir8477_relationship == "no-relationship":
            assert row.predicate_modifier == "Not" and row.ir8477_strength == "0", row.record_id
        else:
            assert row.predicate_modifier == "" and 1 <= int(row.ir8477_strength) <= 10, row.record_id
        if row.review_status == "reviewed":  # re-read by a reader other than the record's author
            assert row.reviewer_label in READERS and row.reviewer_label != row.author_label and row.comment, (
                row.record_id
            )
        for end in (row.subject_id, row.object_id):
            assert (expand(end, curie_map), RDF.type, None) in catalogs, (row.record_id, end)
        assert str(expand(row.object_id, curie_map)).startswith(PLAN), row.record_id


@pytest.mark.parametrize("set_id", sorted(EXPECTED))
def test_quotes_occur_in_the_cited_elements(set_id: str, catalogs: Graph) -> None:
    """Each quote is in the subject's, the object's or a cited element's catalog text; each row quotes AI 100-5."""
    mapping_set = sssom_tsv.read(path_of(set_id))
    curie_map = mapping_set.curie_map
    cited = re.compile(r"\b(" + "|".join(map(re.escape, curie_map)) + r"):([\w.-]*\w)")
    for row in mapping_set.rows:
        plan_text = texts_around(catalogs, expand(row.object_id, curie_map))
        other = [expand(row.subject_id, curie_map)]
        other += [expand(f"{p}:{local}", curie_map) for p, local in cited.findall(row.relationship_explanation)]
        other_text = "\n".join(texts_around(catalogs, node) for node in other)
        quotes = quotes_of(row.relationship_explanation)
        assert any(q in plan_text for q in quotes), row.record_id
        for quote in quotes:
            assert quote in plan_text or quote in other_text, (row.record_id, quote)


def test_second_reading_of_the_800_1_set() -> None:
    rows = sssom_tsv.read(path_of("ai-800-1-ipd-to-ai-100-5")).rows
    reviewed = [r for r in rows if r.review_status == "reviewed"]
    corrected = {r.record_id.split("/", 1)[1]: r.ir8477_strength for r in reviewed if "Corrected by" in r.comment}
    assert corrected == {"practice-4.1--T1-02-subtopic-1": "6", "method-B.1.1--T1-07-subtopic-6": "4"}
    assert sum(r.comment.endswith("Second reader agrees.") for r in reviewed) == 17
    added = [r for r in rows if r.author_label == "crosswalk second reader"]
    assert len(added) == 11 and {(r.review_status, r.reviewer_label) for r in added} == {
        ("reviewed", "crosswalk third reader")
    }
    assert all("a third reader, who agrees." in r.comment for r in added)


def test_the_sets_load(client: TestClient) -> None:
    counts = {s["id"]: s["recordCount"] for s in graphql(client, "{ mappingSets { id recordCount } }")["mappingSets"]}
    for set_id in EXPECTED:
        assert counts[set_id] == len(sssom_tsv.read(path_of(set_id)).rows), set_id


# ---------------------------------------------------------------- the readiness questions


def expected_least_ready(catalogs: Graph) -> dict[str, str | None]:
    """Each ipd practice's least ready tier, read from the committed records and the catalog (not the store)."""
    tier_of: dict[str, str] = {}
    for row in sssom_tsv.read(path_of("ai-800-1-ipd-to-ai-100-5")).rows:
        if row.ir8477_relationship != "is-supported-by" or not row.subject_id.startswith("ai8001ipd:practice-"):
            continue
        node = URIRef(PLAN + row.object_id.split(":", 1)[1])
        tier = next(
            t for t in catalogs.transitive_objects(node, CW.partOf) if (t, RDF.type, CW.StandardizationTier) in catalogs
        )
        notation = str(catalogs.value(tier, SKOS.notation))
        practice = "Practice " + row.subject_id.removeprefix("ai8001ipd:practice-")
        tier_of[practice] = max(tier_of.get(practice, notation), notation)
    practices = [str(catalogs.value(p, SKOS.notation)) for p in catalogs.subjects(RDF.type, CW.Practice)]
    return {p: tier_of.get(p) for p in practices if p}


READINESS = """{ practiceReadiness { notation leastReadyTier leastReadyTierTitle practice { iri kind }
  limiting { topic tier readinessClass readinessStatement wording target { id } }
  dependencies { topic tier strength record } } }"""


def test_practice_readiness(client: TestClient, catalogs: Graph) -> None:
    rows = graphql(client, READINESS)["practiceReadiness"]
    assert len(rows) == 21 and all(r["practice"]["kind"] == "Practice" for r in rows)
    assert {r["notation"]: r["leastReadyTier"] for r in rows} == expected_least_ready(catalogs)
    by = {r["notation"]: r for r in rows}
    assert Counter(r["leastReadyTier"] for r in rows) == {"4.1": 15, "4.2": 2, "4.3": 1, None: 3}
    six_one = by["Practice 6.1"]
    assert six_one["leastReadyTierTitle"] == "Needed, but requiring significant foundational work"
    (limit,) = six_one["limiting"]
    assert (limit["topic"], limit["target"]["id"], limit["readinessClass"]) == (
        "T3-02",
        "T3-02-subtopic-1",
        "foundational",
    )
    assert limit["readinessStatement"].startswith("Metrics and potential standards in this area will be important")
    assert len(six_one["dependencies"]) == 4
    four_one = by["Practice 4.1"]
    assert four_one["leastReadyTier"] == "4.2" and [d["target"]["id"] for d in four_one["limiting"]] == [
        "T2-03-subtopic-2"
    ]
    assert four_one["limiting"][0]["wording"] == "Those datasets may also need to be subject to"
    three_one = by["Practice 3.1"]  # a topic-level record: NIST's wording is the tier's title
    assert three_one["limiting"][0]["readinessStatement"] is None
    assert three_one["limiting"][0]["wording"] == "Urgently needed and ready for standardization"
    assert by["Practice 5.1"]["leastReadyTier"] is None and by["Practice 5.1"]["dependencies"] == []
    one = graphql(client, '{ practiceReadiness(practice: "Practice 1.3") { notation leastReadyTier } }')
    assert one["practiceReadiness"] == [{"notation": "Practice 1.3", "leastReadyTier": "4.2"}]
    assert graphql_errors(client, '{ practiceReadiness(practice: "GOVERN 1.1") { notation } }')


def test_practices_on_tier_3(client: TestClient) -> None:
    query = """query($tier: Int!, $version: String!, $kinds: [String!]) {
      practicesOnTier(tier: $tier, version: $version, kinds: $kinds) {
        kind topic targetId readinessClass readinessStatement strength element { notation id } } }"""
    practices = graphql(client, query, tier=3, version="ai-800-1/ipd")["practicesOnTier"]
    assert [(p["element"]["notation"], p["targetId"]) for p in practices] == [("Practice 6.1", "T3-02-subtopic-1")]
    assert practices[0]["readinessClass"] == "foundational" and practices[0]["strength"] == 3
    everything = graphql(client, query, tier=3, version="ai-800-1/ipd", kinds=[])["practicesOnTier"]
    assert sorted(p["element"]["id"] for p in everything) == ["method-B.2.1", "practice-6.1"]
    measure = graphql(client, query, tier=3, version="ai-rmf/1.0", kinds=["Subcategory"])["practicesOnTier"]
    assert sorted((p["element"]["notation"], p["targetId"]) for p in measure) == [
        ("MEASURE 2.12", "T3-03-subtopic-1"),
        ("MEASURE 2.9", "T3-01-subtopic-1"),
        ("MEASURE 2.9", "T3-01-subtopic-2"),
    ]
    on_tier_2 = graphql(client, query, tier=2, version="ai-800-1/ipd")["practicesOnTier"]
    assert sorted(p["element"]["notation"] for p in on_tier_2) == ["Practice 1.3", "Practice 4.1"]
    assert graphql_errors(client, query, tier=4, version="ai-800-1/ipd")


def test_unaddressed_tier_1_topics(client: TestClient, catalogs: Graph) -> None:
    rows = graphql(client, "{ unaddressedTier1Topics { topic title executiveSummary subtopics page element { iri } } }")
    (topic,) = rows["unaddressedTier1Topics"]
    node = URIRef(PLAN + "T1-03")
    assert topic["topic"] == "T1-03" and topic["element"]["iri"] == str(node)
    assert topic["title"] == str(catalogs.value(node, SKOS.prefLabel)) and topic["subtopics"] == 3
    assert topic["executiveSummary"] == str(catalogs.value(node, CW.executiveSummaryText))


COVERAGE_BY_TIER = """query($org: String!) { coverageByReadinessTier(org: $org) {
  tier title summary { applicable covered partial gap notApplicable } elements { status element { notation } } } }"""


def test_coverage_by_readiness_tier(client: TestClient, catalogs: Graph) -> None:
    org = "readiness-lab"
    admin = org_admin(client, org)
    graphql(
        client,
        headers=admin,
        query='mutation { upsertOrganization(id: "readiness-lab", name: "Readiness Lab", roles: ["initial-developer"], '
        'releaseTypes: ["api"]) { id } }',
    )
    items = [
        {
            "id": "MON-1",
            "title": "misuse monitoring",
            "kind": "procedure",
            "supports": [{"element": "Practice 6.1", "status": "implemented"}],
        },
        {
            "id": "EVAL-1",
            "title": "capability evaluations",
            "kind": "test-report",
            "supports": [{"element": "Practice 4.1", "status": "partially-implemented"}],
        },
    ]
    mutation = 'mutation($items: [EvidenceInput!]!) { recordEvidence(org: "readiness-lab", items: $items) { created } }'
    assert graphql(client, mutation, admin, items=items)["recordEvidence"]["created"] == ["MON-1", "EVAL-1"]
    groups = graphql(client, COVERAGE_BY_TIER, admin, org=org)["coverageByReadinessTier"]
    assert [g["tier"] for g in groups] == ["4.1", "4.2", "4.3", None]
    expected = expected_least_ready(catalogs)
    status: dict[str, str] = {}
    for group in groups:
        for element in group["elements"]:
            assert expected[element["element"]["notation"]] == group["tier"], element
            status[element["element"]["notation"]] = element["status"]
        summary = group["summary"]
        counted = Counter(e["status"] for e in group["elements"])
        assert (summary["covered"], summary["partial"], summary["gap"]) == (
            counted["covered"],
            counted["partial"],
            counted["gap"],
        )
    assert sorted(status) == sorted(expected)
    assert status["Practice 6.1"] == "covered" and status["Practice 4.1"] == "partial"
    tier_3 = groups[2]
    assert tier_3["title"] == "Needed, but requiring significant foundational work"
    assert [e["element"]["notation"] for e in tier_3["elements"]] == ["Practice 6.1"]
    assert graphql_errors(client, COVERAGE_BY_TIER, org_admin(client, "no-such-org"), org="no-such-org")
    assert graphql_errors(client, COVERAGE_BY_TIER, org=org)  # anonymous: refused
    wrong = 'query { coverageByReadinessTier(org: "readiness-lab", framework: "ai-rmf") { tier } }'
    assert any("ai-800-1/ipd" in message for message in graphql_errors(client, wrong, admin))


# ---------------------------------------------------------------- the named queries on the loaded store


def run_query(store_copy: Path, name: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["query", name, "--store", str(store_copy), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, str]] = json.loads(result.output)
    return rows


def test_named_queries_on_the_store(store_copy: Path, catalogs: Graph) -> None:
    readiness = run_query(store_copy, "800-1-practice-readiness")
    least = {r["practice"]: r.get("leastReadyTier") for r in readiness}
    assert least == expected_least_ready(catalogs)
    records = [r for r in readiness if "record" in r]
    assert len(records) == 27  # the ipd practices' is-supported-by records (two are methods')
    assert {r["readinessStatement"] for r in records if r["targetId"] == "T1-04-subtopic-3"} == {
        "More foundational work is needed to establish"
    }
    dependents = run_query(store_copy, "ai-100-5-tier-dependents")
    by_version = Counter(r["version"].rsplit("/id/", 1)[1] for r in dependents)
    assert by_version == {"ai-800-1/ipd": 29, "ai-600-1/2024-07": 24, "ai-rmf/1.0": 28}
    assert Counter(r["tier"] for r in dependents) == {"4.1": 67, "4.2": 6, "4.3": 8}
    unaddressed = run_query(store_copy, "ai-100-5-tier-1-topics-unaddressed")
    assert [r["topic"] for r in unaddressed] == ["T1-03"]
