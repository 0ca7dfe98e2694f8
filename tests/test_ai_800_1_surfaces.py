"""AI 800-1 in the graph: both drafts, the curated crosswalk, value chain and openness, through the public surfaces."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswalk.surfaces.cli.main import main
from tests.conftest import PREFIXES, REPO, graphql, reference_json, sparql_rows

IPD = "https://w3id.org/crosswalk/id/ai-800-1/ipd"
SECOND = "https://w3id.org/crosswalk/id/ai-800-1/2pd"


def test_initial_draft_counts_and_verbatim_texts(client: TestClient) -> None:
    rows = sparql_rows(
        client,
        PREFIXES
        + f"""SELECT ?kind (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e cw:inVersion <{IPD}> ; a ?type .
              FILTER(STRSTARTS(STR(?type), STR(cw:))) BIND(STRAFTER(STR(?type), "#") AS ?kind) }} GROUP BY ?kind""",
    )
    counts = {r["kind"]: int(r["n"]) for r in rows}
    assert counts == {
        "Objective": 7,
        "Practice": 21,
        "Recommendation": 83,
        "DocumentationExample": 32,
        "KeyChallenge": 7,
        "GlossaryTerm": 10,
        "SafeguardCategory": 5,
        "ImplementationMethod": 14,
    }
    reference = reference_json("nist-ai-800-1/ai-800-1-ipd.json")
    expected = {f"Practice {p['id']}": p["title"] for p in reference["practices"]}
    expected.update({r["id"]: r["text"] for p in reference["practices"] for r in p["recommendations"]})
    data = graphql(
        client,
        'query($ids: [String!]!) { elements(ids: $ids, version: "ai-800-1/ipd") { notation statement textFidelity locator { page pdfPage } } }',
        ids=list(expected),
    )["elements"]
    assert {e["notation"]: e["statement"] for e in data} == expected
    assert all(e["textFidelity"] == "verbatim" and e["locator"]["page"] and e["locator"]["pdfPage"] for e in data)


def test_completeness_is_visible(client: TestClient) -> None:
    versions = graphql(
        client,
        "{ frameworks { id versions { id status completeness isLatest previousVersion elementCount verbatimCount paraphraseCount completenessNote } } }",
    )["frameworks"]
    drafts = {v["id"]: v for f in versions if f["id"] == "ai-800-1" for v in f["versions"]}
    ipd, second = drafts["ai-800-1/ipd"], drafts["ai-800-1/2pd"]
    assert (ipd["completeness"], ipd["isLatest"], ipd["status"]) == ("complete", False, "draft")
    assert ipd["verbatimCount"] == ipd["elementCount"] == 179
    assert (second["completeness"], second["isLatest"], second["previousVersion"]) == ("partial", True, "ai-800-1/ipd")
    assert 0 < second["verbatimCount"] < second["elementCount"]
    assert second["completenessNote"]
    rows = sparql_rows(
        client, f"PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT ?c WHERE {{ <{SECOND}> cw:completeness ?c }}"
    )
    assert rows == [{"c": "https://w3id.org/crosswalk/vocab/completeness-partial"}]


def test_second_draft_never_shows_first_draft_wording(client: TestClient) -> None:
    ipd_texts = {
        r["s"]
        for r in sparql_rows(client, PREFIXES + f"SELECT ?s WHERE {{ ?e cw:inVersion <{IPD}> ; cw:statement ?s }}")
    }
    second = sparql_rows(
        client,
        PREFIXES
        + f"""SELECT ?e ?s ?fidelity ?source WHERE {{ ?e cw:inVersion <{SECOND}> ; cw:statement ?s ;
              cw:textFidelity/skos:notation ?fidelity . OPTIONAL {{ ?e cw:textSource ?source }} }}""",
    )
    assert second, "the second draft has some known wording"
    for row in second:
        assert row["fidelity"] in {"verbatim", "paraphrase"}
        # Every 2pd text is attested by a source that quotes or describes the 2pd itself (T1..T11 in the
        # reference's PROVENANCE), never taken from the first draft; a quote may equal ipd wording only where
        # such a source shows the 2pd kept it (the "Misuse Risk" definition).
        assert row.get("source", "").startswith("T"), f"{row['e']} names the 2pd source of its wording"
    carried_over = [row["e"].rsplit("/", 1)[-1] for row in second if row["s"] in ipd_texts]
    assert carried_over == ["term-misuse-risk"]
    unknown = graphql(
        client, '{ element(id: "Practice 3.2", version: "ai-800-1/2pd") { statement revises { notation version } } }'
    )
    assert unknown["element"]["statement"] is None  # the 2pd wording of Practice 3.2 is not known
    assert unknown["element"]["revises"] == [{"notation": "Practice 3.3", "version": "ai-800-1/ipd"}]


def test_every_practice_and_recommendation_has_an_ai_rmf_record(client: TestClient) -> None:
    rows = sparql_rows(
        client,
        PREFIXES
        + f"""SELECT ?item (COUNT(?m) AS ?n) (SUM(IF(BOUND(?rationale) && BOUND(?explanation), 1, 0)) AS ?complete) WHERE {{
              ?e cw:inVersion <{IPD}> ; skos:notation ?item .
              {{ ?e a cw:Practice }} UNION {{ ?e a cw:Recommendation }}
              OPTIONAL {{ ?m cw:subject ?e ; cw:object/cw:inVersion <https://w3id.org/crosswalk/id/ai-rmf/1.0> ;
                          cw:mappingStyle cwv:style-set-theory ; cw:relationship ?type .
                          OPTIONAL {{ ?m cw:rationale ?rationale }} OPTIONAL {{ ?m cw:explanation ?explanation }} }}
            }} GROUP BY ?item""",
    )
    assert len(rows) == 21 + 83
    missing = [r["item"] for r in rows if int(r["n"]) == 0]
    assert missing == []
    assert all(int(r["n"]) == int(r["complete"]) for r in rows)


def test_no_mapping_points_to_a_missing_element(client: TestClient) -> None:
    rows = sparql_rows(
        client,
        PREFIXES
        + """SELECT ?m ?end WHERE { ?m a cw:Mapping . { ?m cw:subject ?end } UNION { ?m cw:object ?end }
               FILTER NOT EXISTS { ?end cw:inVersion ?v } }""",
    )
    assert rows == []


def test_what_a_practice_corresponds_to_and_why(client: TestClient) -> None:
    data = graphql(
        client,
        """{ element(id: "Practice 4.2", version: "ai-800-1/ipd") { mappings(direction: FROM, toFramework: "ai-rmf") {
              relationship { notation } other { notation kind } mapping { rationale { notation } strength explanation provenance { notation } justification } } } }""",
    )["element"]["mappings"]
    assert data
    for view in data:
        assert view["other"]["kind"] == "Subcategory"
        assert view["relationship"]["notation"] in {
            "subset-of",
            "intersects-with",
            "equal",
            "superset-of",
            "no-relationship",
        }
        record = view["mapping"]
        assert record["rationale"]["notation"] in {"syntactic", "semantic", "functional"}
        assert record["explanation"] and record["provenance"]["notation"] == "curated"
        assert record["justification"] == "semapv:ManualMappingCuration"
        assert 0 <= record["strength"] <= 10


def test_subcategories_no_800_1_item_touches(client: TestClient, store_copy: Path) -> None:
    data = graphql(client, '{ untouched(version: "ai-rmf/1.0", by: "ai-800-1/ipd", kind: "Subcategory") { notation } }')
    through_graphql = [e["notation"] for e in data["untouched"]]
    result = CliRunner().invoke(
        main, ["query", "ai-rmf-subcategories-untouched-by-800-1", "--store", str(store_copy), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    through_sparql = [row["subcategory"] for row in json.loads(result.output)]
    assert through_graphql == through_sparql
    touched = set()
    for name in (REPO / "mappings").glob("ai-800-1-ipd-to-ai-rmf.sssom.tsv"):
        lines = [line for line in name.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        for row in csv.DictReader(lines, delimiter="\t"):
            if row.get("predicate_modifier") != "Not":
                touched.add(row["object_id"].split(":", 1)[1])
    assert len(through_graphql) == 72 - len(touched)


def test_practices_that_address_a_risk(client: TestClient) -> None:
    data = graphql(
        client,
        """{ element(id: "cbrn-information-or-capabilities") { label
              mappings(direction: TO, toFramework: "ai-800-1/ipd") { relationship { notation } other { notation } mapping { strength explanation } } } }""",
    )["element"]
    assert data["label"] == "CBRN Information or Capabilities"
    practices = {m["other"]["notation"] for m in data["mappings"] if m["relationship"]["notation"] == "is-supported-by"}
    assert "Practice 4.1" in practices  # measuring capabilities of concern
    assert all(m["mapping"]["explanation"] for m in data["mappings"])


def test_value_chain_and_release_fit(client: TestClient) -> None:
    path = REPO / "mappings" / "curation" / "ai-800-1-ipd-applicability.tsv"
    with path.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle, delimiter="\t"))
    assert len(table) == 21
    open_weight = Counter(row["open_weight"] for row in table)
    fits = graphql(client, '{ releaseFit(releaseType: "open-weight", applicability: ["applies"]) { notation } }')[
        "releaseFit"
    ]
    assert len(fits) == open_weight["applies"]
    partial = graphql(
        client, '{ releaseFit(releaseType: "open-weight", applicability: ["partial", "not-applicable"]) { notation } }'
    )
    assert len(partial["releaseFit"]) == open_weight["partial"] + open_weight["not-applicable"]
    practice = graphql(
        client,
        '{ element(id: "Practice 3.1", version: "ai-800-1/ipd") { valueChainRoles { notation } valueChainReason releaseApplicability { releaseType applicability reason } } }',
    )["element"]
    assert {"notation": "initial-developer"} in practice["valueChainRoles"] and practice["valueChainReason"]
    assert {a["releaseType"] for a in practice["releaseApplicability"]} == {"open-weight", "api", "closed"}
    assert all(a["reason"] for a in practice["releaseApplicability"])


def test_announced_changes_of_the_second_draft(client: TestClient) -> None:
    notes = graphql(client, '{ frameworkVersion(id: "ai-800-1/2pd") { notes { text fidelity } } }')["frameworkVersion"][
        "notes"
    ]
    verbatim = [n["text"] for n in notes if n["fidelity"] == "verbatim"]
    assert any("Addressing Open Models" in text for text in verbatim)
