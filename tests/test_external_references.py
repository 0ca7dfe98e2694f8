"""External benchmarks and threat taxonomies as served: counts, official mappings, curated links and the questions
they answer, through /sparql, /graphql and the CLI."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswalk.surfaces.cli.main import main
from tests.conftest import PREFIXES, REFERENCE, graphql, graphql_errors, sparql_rows

ID = "https://w3id.org/crosswalk/id/"


def kinds(client: TestClient, version: str) -> Counter[str]:
    rows = sparql_rows(
        client,
        PREFIXES
        + f"""SELECT ?kind (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e cw:inVersion <{ID}{version}> ; a ?t .
              FILTER(STRSTARTS(STR(?t), STR(cw:))) BIND(STRAFTER(STR(?t), "#") AS ?kind) }} GROUP BY ?kind""",
    )
    return Counter({r["kind"]: int(r["n"]) for r in rows})


def test_catalog_counts(client: TestClient) -> None:
    assert kinds(client, "mlcommons-ailuminate/1.0")["Hazard"] == 12
    assert kinds(client, "ibm-attaq/1.0")["Hazard"] == 7
    assert kinds(client, "owasp-llm-top10/2025")["Risk"] == 10
    assert kinds(client, "owasp-llm-top10/1.1")["Risk"] == 10
    atlas = kinds(client, "mitre-atlas/5.6.0")
    assert (atlas["Objective"], atlas["Hazard"], atlas["Recommendation"]) == (16, 170, 35)
    for version in ("stanford-fmti/1.1", "stanford-fmti/2025"):
        assert kinds(client, version)["Metric"] == 100
    assert kinds(client, "stanford-helm/classic")["Benchmark"] == 128
    assert kinds(client, "stanford-helm/classic")["Metric"] == 119
    versions = {
        v["id"]: v
        for f in graphql(client, "{ frameworks { versions { id license attribution } } }")["frameworks"]
        for v in f["versions"]
    }
    expected = {
        "mlcommons-ailuminate/1.0": "https://creativecommons.org/licenses/by/4.0/",
        "stanford-fmti/2025": "https://creativecommons.org/licenses/by/4.0/",
        "owasp-llm-top10/2025": "https://creativecommons.org/licenses/by-sa/4.0/",
    }
    for version, license_iri in expected.items():
        assert versions[version]["license"] == license_iri and versions[version]["attribution"]
    assert "apache" in versions["mitre-atlas/5.6.0"]["license"].lower()


def test_official_mapping_counts(client: TestClient) -> None:
    sets = {s["id"]: s["recordCount"] for s in graphql(client, "{ mappingSets { id recordCount } }")["mappingSets"]}
    with (REFERENCE / "nist-ai-rmf-crosswalks" / "ai-rmf-to-iso-iec-42001.csv").open(encoding="utf-8") as handle:
        pairs = {(row[0], row[1]) for row in list(csv.reader(handle))[1:]}
    assert len(pairs) + 1 >= sets["ai-rmf-to-iso-iec-42001"] >= 280  # 281 printed pairs, one printed twice
    assert sets["owasp-llm-2025-to-atlas"] >= 14  # the 14 CSV references plus LLM02's three the CSV missed
    assert sets["sp-800-218a-to-owasp-llm-1.1"] > 0
    provenance = sparql_rows(
        client,
        PREFIXES
        + """SELECT ?set ?p (COUNT(?m) AS ?n) WHERE { ?m cw:inMappingSet/dcterms:identifier ?set ; cw:provenance/skos:notation ?p .
              VALUES ?set { "owasp-llm-2025-to-atlas" "sp-800-218a-to-owasp-llm-1.1" "ai-rmf-to-iso-iec-42001" } } GROUP BY ?set ?p""",
    )
    by_set = {r["set"]: r["p"] for r in provenance}
    assert by_set == {
        "owasp-llm-2025-to-atlas": "source-official",
        "sp-800-218a-to-owasp-llm-1.1": "nist-official",
        "ai-rmf-to-iso-iec-42001": "imported",
    }


@pytest.mark.parametrize("version", ["mlcommons-ailuminate/1.0", "ibm-attaq/1.0"])
def test_every_hazard_and_class_links_to_a_600_1_risk(client: TestClient, version: str) -> None:
    rows = sparql_rows(
        client,
        PREFIXES
        + f"""SELECT ?h (COUNT(?m) AS ?n) WHERE {{ ?h a cw:Hazard ; cw:inVersion <{ID}{version}> .
              OPTIONAL {{ ?m cw:subject ?h ; cw:relationship cwv:rel-supports ;
                          cw:object/cw:inVersion <{ID}ai-600-1/2024-07> }} }} GROUP BY ?h""",
    )
    assert rows and all(int(r["n"]) >= 1 for r in rows), [r["h"] for r in rows if r["n"] == "0"]


def test_every_mapping_record_is_complete_and_points_to_existing_ids(client: TestClient) -> None:
    """Each record read with its optional parts bound to it (a FILTER NOT EXISTS alone in a union branch would not see
    ?m, and could never fire), then every missing part named."""
    rows = sparql_rows(
        client,
        PREFIXES
        + """SELECT DISTINCT ?m ?problem WHERE {
              GRAPH ?g { ?m a cw:Mapping } FILTER(STRSTARTS(STR(?g), "https://w3id.org/crosswalk/graph/mappings/"))
              OPTIONAL { ?m cw:subject/cw:inVersion ?subjectVersion }
              OPTIONAL { ?m cw:object/cw:inVersion ?objectVersion }
              OPTIONAL { ?m cw:relationship ?r ; cw:mappingStyle ?s ; cw:provenance ?p ; cw:justification ?j ;
                           cw:reviewStatus ?rs ; cw:skosPredicate ?k BIND(true AS ?complete) }
              OPTIONAL { ?m cw:mappingStyle cwv:style-set-theory BIND(true AS ?setTheory) }
              OPTIONAL { ?m cw:rationale ?rationale }
              OPTIONAL { ?m cw:provenance cwv:provenance-curated BIND(true AS ?curated) }
              OPTIONAL { ?m cw:explanation ?explanation }
              VALUES ?problem { "subject" "object" "field" "rationale" "explanation" }
              FILTER((?problem = "subject" && !BOUND(?subjectVersion)) || (?problem = "object" && !BOUND(?objectVersion))
                     || (?problem = "field" && !BOUND(?complete))
                     || (?problem = "rationale" && BOUND(?setTheory) && !BOUND(?rationale))
                     || (?problem = "explanation" && BOUND(?curated) && !BOUND(?explanation)))
            } LIMIT 20""",
    )
    assert rows == []
    checked = sparql_rows(
        client,
        PREFIXES
        + """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a cw:Mapping }
                      FILTER(STRSTARTS(STR(?g), "https://w3id.org/crosswalk/graph/mappings/")) }""",
    )
    assert int(checked[0]["n"]) > 2000  # every curated and official record was read


def test_which_benchmarks_measure_a_risk(client: TestClient) -> None:
    data = graphql(
        client,
        '{ benchmarksForRisk(risk: "Information Security") { framework strength explanation benchmark { notation label version } } }',
    )
    hits = data["benchmarksForRisk"]
    assert hits and all(h["explanation"] for h in hits)
    assert {h["benchmark"]["version"].split("/")[0] for h in hits} <= {
        "mlcommons-ailuminate",
        "ibm-attaq",
        "stanford-helm",
    }
    same = graphql(client, '{ benchmarksForRisk(risk: "information-security") { benchmark { iri } } }')[
        "benchmarksForRisk"
    ]
    assert len(same) == len(hits)
    assert "unknown GAI risk" in graphql_errors(client, '{ benchmarksForRisk(risk: "Boredom") { strength } }')[0]


def test_risks_no_benchmark_measures(client: TestClient, store_copy: Path) -> None:
    through_graphql = [
        e["label"] for e in graphql(client, "{ risksWithoutBenchmark { label } }")["risksWithoutBenchmark"]
    ]
    result = CliRunner().invoke(
        main, ["query", "600-1-risks-without-benchmark", "--store", str(store_copy), "--format", "json"]
    )
    assert through_graphql == [row["risk"] for row in json.loads(result.output)]
    measured = {
        r["risk"]
        for r in sparql_rows(
            client,
            PREFIXES
            + """SELECT DISTINCT ?risk WHERE {
        ?m cw:relationship cwv:rel-supports ; cw:object ?r ; cw:subject/cw:inVersion/cw:versionOf/dcterms:identifier ?f .
        VALUES ?f { "mlcommons-ailuminate" "ibm-attaq" "stanford-helm" }
        FILTER NOT EXISTS { ?m cw:provenance cwv:provenance-inferred }
        ?r a cw:Risk ; skos:prefLabel ?risk }""",
        )
    }
    assert set(through_graphql).isdisjoint(measured) and len(through_graphql) + len(measured) == 12


def test_benchmarks_for_an_800_1_practice(client: TestClient) -> None:
    hits = graphql(
        client,
        '{ benchmarksForPractice(practice: "Practice 4.1") { route strength framework benchmark { notation } } }',
    )["benchmarksForPractice"]
    assert hits and any(h["route"] == "direct" for h in hits)
    assert all(h["route"] == "direct" or h["route"].startswith("through ") for h in hits)
    assert (
        "not an AI 800-1 practice"
        in graphql_errors(client, '{ benchmarksForPractice(practice: "4.1.1") { route } }')[0]
    )


def test_atlas_techniques_a_practice_defends_against(client: TestClient) -> None:
    hits = graphql(
        client,
        '{ techniquesDefendedBy(element: "Practice 3.3", version: "ai-800-1/ipd") { mitigation { notation } technique { notation } } }',
    )["techniquesDefendedBy"]
    assert hits
    assert all(
        h["mitigation"]["notation"].startswith("AML.M") and h["technique"]["notation"].startswith("AML.T") for h in hits
    )
    task = graphql(client, '{ techniquesDefendedBy(element: "PS.1.1") { technique { notation } } }')[
        "techniquesDefendedBy"
    ]
    assert isinstance(task, list)
