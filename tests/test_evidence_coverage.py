"""Evidence and coverage through the CLI, GraphQL and SPARQL: the formula case by case, isolation between
organizations, whole-batch rejection, idempotent re-import, retraction with history, and the example organization."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswalk.engine.coverage import LEVEL_OF_RELATIONSHIP
from crosswalk.surfaces.cli.main import main
from crosswalk.surfaces.http.app import Settings, create_app
from tests.composition import STYLE
from tests.conftest import REPO, graphql, graphql_errors, org_admin, sparql_rows
from tests.store_copies import copy_store

EXAMPLE = REPO / "examples" / "open-weight-lab" / "evidence.json"
COVERAGE = """query($org: String!, $framework: String!) { coverage(org: $org, framework: $framework) {
  version summary { applicable covered partial gap notApplicable score }
  elements { status reason planned element { iri notation }
    contributions { evidenceId level via fromElement { iri } path { recordId } }
    stale { evidenceId } } } }"""


def coverage_by_iri(client: TestClient, org: str, framework: str) -> dict[str, dict]:  # type: ignore[type-arg]
    data = graphql(client, COVERAGE, headers=org_admin(client, org), org=org, framework=framework)["coverage"]
    return {e["element"]["iri"]: e for e in data["elements"]}


def record(client: TestClient, org: str, items: list[dict]) -> dict:  # type: ignore[type-arg]
    mutation = """mutation($org: String!, $items: [EvidenceInput!]!) {
      recordEvidence(org: $org, items: $items) { created updated supportedElements } }"""
    return graphql(client, mutation, headers=org_admin(client, org), org=org, items=items)["recordEvidence"]


def upsert(client: TestClient, org: str, roles: list[str], releases: list[str]) -> None:
    graphql(
        client,
        headers=org_admin(client, org),
        query="mutation($id: String!, $roles: [String!]!, $rel: [String!]!) { upsertOrganization(id: $id, name: $id, roles: $roles, releaseTypes: $rel) { id } }",
        id=org,
        roles=roles,
        rel=releases,
    )


def test_formula_through_each_relationship_type(
    composition: tuple[TestClient, dict[str, tuple[str, str, str]]],
) -> None:
    """Evidence on A, one record A-r->B: B (an AI 600-1 action) is covered, partial or a gap exactly as the formula says."""
    client, cases = composition
    upsert(client, "formula-lab", ["initial-developer"], ["api"])
    items = [
        {
            "id": f"EV-{relationship}",
            "title": f"evidence through {relationship}",
            "kind": "test-report",
            "supports": [{"element": cases[f"{relationship}|equal"][0], "status": "implemented"}],
        }
        for relationship in STYLE
    ]
    assert record(client, "formula-lab", items)["created"] == [i["id"] for i in items]
    coverage = coverage_by_iri(client, "formula-lab", "ai-600-1")
    for relationship in STYLE:
        a, b, _ = cases[f"{relationship}|equal"]
        expected = {"covered": "covered", "partial": "partial", None: "gap"}[LEVEL_OF_RELATIONSHIP.get(relationship)]
        assert coverage[b]["status"] == expected, relationship
        if expected != "gap":
            (contribution,) = coverage[b]["contributions"]
            assert contribution["via"] == relationship and contribution["fromElement"]["iri"] == a
            assert len(contribution["path"]) == 1


def test_formula_direct_partial_expired_planned_and_not_applicable(
    composition: tuple[TestClient, dict[str, tuple[str, str, str]]],
) -> None:
    client, cases = composition
    targets = [
        cases[f"{r}|{s}"][1]
        for r, s in (
            ("related-to", "contrary"),
            ("related-to", "related-to"),
            ("contrary", "contrary"),
            ("contrary", "related-to"),
            ("related-to", "supports"),
        )
    ]
    upsert(client, "direct-lab", ["initial-developer"], ["api"])
    items = [
        {
            "id": "D1",
            "title": "direct",
            "kind": "policy",
            "supports": [{"element": targets[0], "status": "implemented"}],
        },
        {
            "id": "D2",
            "title": "partly",
            "kind": "policy",
            "supports": [{"element": targets[1], "status": "partially-implemented"}],
        },
        {
            "id": "D3",
            "title": "old",
            "kind": "policy",
            "validUntil": "2020-01-01",
            "supports": [{"element": targets[2], "status": "implemented"}],
        },
        {"id": "D4", "title": "later", "kind": "procedure", "supports": [{"element": targets[3], "status": "planned"}]},
        {
            "id": "D5",
            "title": "n/a",
            "kind": "attestation",
            "supports": [{"element": targets[4], "status": "not-applicable", "reason": "we do not do this"}],
        },
    ]
    record(client, "direct-lab", items)
    coverage = coverage_by_iri(client, "direct-lab", "ai-600-1")
    assert coverage[targets[0]]["status"] == "covered" and coverage[targets[0]]["contributions"][0]["via"] == "direct"
    assert coverage[targets[1]]["status"] == "partial"
    assert coverage[targets[2]]["status"] == "gap" and coverage[targets[2]]["stale"] == [{"evidenceId": "D3"}]
    assert coverage[targets[3]]["status"] == "gap" and coverage[targets[3]]["planned"] == ["D4"]
    assert coverage[targets[4]]["status"] == "not-applicable" and coverage[targets[4]]["reason"] == "we do not do this"
    summary = graphql(
        client, COVERAGE, headers=org_admin(client, "direct-lab"), org="direct-lab", framework="ai-600-1"
    )["coverage"]["summary"]
    assert summary["applicable"] == 211 and summary["notApplicable"] == 1
    assert summary["score"] == pytest.approx((summary["covered"] + 0.5 * summary["partial"]) / 211, abs=1e-4)


def test_profile_rules_elements_out(client: TestClient) -> None:
    with (REPO / "mappings" / "curation" / "ai-800-1-ipd-applicability.tsv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle, delimiter="\t"))
    upsert(client, "closed-deployer", ["deployer"], ["closed"])
    coverage = graphql(
        client, COVERAGE, headers=org_admin(client, "closed-deployer"), org="closed-deployer", framework="ai-800-1"
    )["coverage"]
    statuses = {e["element"]["notation"]: e for e in coverage["elements"]}
    for row in table:
        ruled_out = "deployer" not in row["value_chain_roles"].split(";") or row["closed"] == "not-applicable"
        element = statuses[f"Practice {row['practice_id'].removeprefix('practice-')}"]
        assert (element["status"] == "not-applicable") == ruled_out, row["practice_id"]
        if ruled_out:
            assert element["reason"]


@pytest.fixture
def fresh_store(store_copy: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    copy_store(store_copy, target)
    return target


def _triples(store: Path, graph: str) -> int:
    from crosswalk.store import open_store

    opened = open_store(store)
    try:
        rows = opened.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"].value)  # type: ignore[union-attr]
    finally:
        opened.close()


ORG_GRAPH = "https://w3id.org/crosswalk/graph/org/open-weight-lab"
HISTORY = ORG_GRAPH + "/history"


def test_example_organization_import_is_idempotent_and_covers(fresh_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(
        main, ["evidence", "import", str(EXAMPLE), "--org", "open-weight-lab", "--store", str(fresh_store)]
    )
    assert first.exit_code == 0, first.output
    items = json.loads(EXAMPLE.read_text(encoding="utf-8"))["evidence"]
    assert f"imported {len(items)} items" in first.output and f"({len(items)} new, 0 updated" in first.output
    triples = _triples(fresh_store, ORG_GRAPH)
    again = runner.invoke(
        main, ["evidence", "import", str(EXAMPLE), "--org", "open-weight-lab", "--store", str(fresh_store)]
    )
    # the same file again changes nothing: no duplicate, no history entry (a rerun after a crash is one clean run)
    assert again.exit_code == 0 and f"(0 new, 0 updated, {len(items)} unchanged" in again.output
    assert _triples(fresh_store, ORG_GRAPH) == triples
    assert _triples(fresh_store, HISTORY) == 0
    edited = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    edited["evidence"][0]["title"] += " (revised)"
    revised = tmp_path / "revised.json"
    revised.write_text(json.dumps(edited), encoding="utf-8")
    third = runner.invoke(
        main, ["evidence", "import", str(revised), "--org", "open-weight-lab", "--store", str(fresh_store)]
    )
    assert third.exit_code == 0 and f"(0 new, 1 updated, {len(items) - 1} unchanged" in third.output, third.output
    assert _triples(fresh_store, ORG_GRAPH) == triples  # updated in place, never duplicated
    assert _triples(fresh_store, HISTORY) > 0  # the previous state is kept

    out = tmp_path / "coverage.json"
    result = runner.invoke(
        main,
        [
            "coverage",
            "--org",
            "open-weight-lab",
            "--framework",
            "ai-rmf",
            "--store",
            str(fresh_store),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    summary = report["summary"]
    assert summary["applicable"] == 72
    assert summary["covered"] > 0 and summary["gap"] > 0
    expired = {i["id"] for i in items if i.get("validUntil", "9999") < report["date"]}
    stale = {c["evidence_id"] for e in report["elements"] for c in e["stale"]}
    assert stale and stale <= expired
    direct = {
        s["element"] for i in items if i["id"] not in expired for s in i["supports"] if s["status"] == "implemented"
    }
    for element in report["elements"]:
        if element["notation"] in direct:
            assert element["status"] == "covered", element["notation"]
    as_csv = runner.invoke(
        main,
        [
            "coverage",
            "--org",
            "open-weight-lab",
            "--framework",
            "sp-800-218a",
            "--store",
            str(fresh_store),
            "--format",
            "csv",
        ],
    )
    rows = list(csv.DictReader(as_csv.output.splitlines()))
    assert len(rows) == 48 and {r["status"] for r in rows} <= {"covered", "partial", "gap", "not-applicable"}


RDF_EVIDENCE = """@prefix cw: <https://w3id.org/crosswalk/ontology#> .
@prefix cwv: <https://w3id.org/crosswalk/vocab/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix airmf: <https://w3id.org/crosswalk/id/ai-rmf/1.0/> .

<urn:org> a cw:Organization ; dcterms:identifier "rdf-lab" ; skos:prefLabel "RDF Lab" ;
  cw:valueChainRole cwv:role-initial-developer ; cw:releaseTypeOf cwv:release-open-weight .
<urn:item-1> a cw:EvidenceItem ; dcterms:identifier "RDF-1" ; dcterms:title "Governance policy" ;
  cw:evidenceKind cwv:evidence-policy ; cw:supports <urn:s1>, <urn:s2> .
<urn:s1> cw:element airmf:GV-1.1 ; cw:implementationStatus cwv:implementation-partial .
<urn:s2> cw:element airmf:GV-1.2 ; cw:implementationStatus cwv:implementation-implemented .
"""


def test_turtle_evidence_reads_every_status_and_profile_concept(fresh_store: Path, tmp_path: Path) -> None:
    source = tmp_path / "evidence.ttl"
    source.write_text(RDF_EVIDENCE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["evidence", "import", str(source), "--org", "rdf-lab", "--store", str(fresh_store)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "coverage.json"
    args = ["coverage", "--org", "rdf-lab", "--framework", "ai-rmf", "--store", str(fresh_store), "--out", str(out)]
    assert runner.invoke(main, args).exit_code == 0
    status = {e["notation"]: e["status"] for e in json.loads(out.read_text(encoding="utf-8"))["elements"]}
    assert status["GOVERN 1.1"] == "partial" and status["GOVERN 1.2"] == "covered"


def test_a_bad_batch_is_rejected_whole(fresh_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(
        main, ["evidence", "import", str(EXAMPLE), "--org", "open-weight-lab", "--store", str(fresh_store)]
    )
    assert good.exit_code == 0
    before = _triples(fresh_store, ORG_GRAPH)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,title,kind,element,status,valid_until\n"
        "NEW-1,fine,policy,GOVERN 1.1,implemented,2030-01-01\n"
        "NEW-2,typo,policy,GOVERN 1.19,implemented,2030-01-01\n"
        "NEW-3,bad kind,memo,MAP 1.1,implemented,2030-01-01\n"
        "NEW-4,bad date,policy,MAP 1.2,implemented,31/12/2030\n"
        "NEW-5,no reason,policy,MAP 1.3,not-applicable,\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        main, ["evidence", "import", str(bad), "--org", "open-weight-lab", "--store", str(fresh_store)]
    )
    assert result.exit_code == 1
    assert "4 problem(s); nothing was written" in result.output
    assert "row 3 [element]: unknown element 'GOVERN 1.19'; did you mean" in result.output
    assert "row 4 [kind]: unknown kind 'memo'" in result.output
    assert "row 5 [valid_until]: '31/12/2030' is not a date" in result.output
    assert "row 6 [reason]" in result.output
    assert _triples(fresh_store, ORG_GRAPH) == before
    unknown_format = runner.invoke(
        main, ["evidence", "import", str(REPO / "README.md"), "--org", "x", "--store", str(fresh_store)]
    )
    assert unknown_format.exit_code == 1 and "unknown format" in unknown_format.output


def test_organizations_are_isolated(fresh_store: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["evidence", "import", str(EXAMPLE), "--org", "open-weight-lab", "--store", str(fresh_store)]
        ).exit_code
        == 0
    )
    other = fresh_store.parent / "other.json"
    other.write_text(
        json.dumps(
            {
                "organization": {"id": "api-shop", "name": "API Shop", "roles": ["deployer"], "releaseTypes": ["api"]},
                "evidence": [
                    {
                        "id": "SHOP-1",
                        "title": "Shop monitoring",
                        "kind": "procedure",
                        "supports": [{"element": "MANAGE 4.1", "status": "implemented"}],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    assert (
        runner.invoke(
            main, ["evidence", "import", str(other), "--org", "api-shop", "--store", str(fresh_store)]
        ).exit_code
        == 0
    )
    with TestClient(create_app(Settings(store=fresh_store))) as client:
        shop = graphql(client, '{ organization(id: "api-shop") { evidence { id } } }', org_admin(client, "api-shop"))[
            "organization"
        ]["evidence"]
        assert [i["id"] for i in shop] == ["SHOP-1"]
        coverage = json.dumps(
            graphql(client, COVERAGE, headers=org_admin(client, "api-shop"), org="api-shop", framework="ai-rmf")
        )
        assert "OWL-" not in coverage and "SHOP-1" in coverage
        lab = json.dumps(
            graphql(
                client,
                COVERAGE,
                headers=org_admin(client, "open-weight-lab"),
                org="open-weight-lab",
                framework="ai-rmf",
            )
        )
        assert "SHOP-1" not in lab
        assert graphql_errors(
            client, '{ coverage(org: "nobody", framework: "ai-rmf") { version } }', org_admin(client, "nobody")
        )[0].startswith("no organization 'nobody'")
        # the public SPARQL endpoint never sees an organization's graph
        rows = sparql_rows(
            client, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), '/graph/org/')) }"
        )
        assert rows == [{"n": "0"}]
        rows = sparql_rows(
            client, "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT ?e WHERE { ?e a cw:EvidenceItem }"
        )
        assert rows == []


def test_retraction_keeps_history_and_stops_counting(
    composition: tuple[TestClient, dict[str, tuple[str, str, str]]],
) -> None:
    client, cases = composition
    target = cases["supports|supports"][1]
    upsert(client, "retract-lab", ["initial-developer"], ["api"])
    record(
        client,
        "retract-lab",
        [
            {
                "id": "R1",
                "title": "to retract",
                "kind": "policy",
                "supports": [{"element": target, "status": "implemented"}],
            }
        ],
    )
    assert coverage_by_iri(client, "retract-lab", "ai-600-1")[target]["status"] == "covered"
    mutation = 'mutation { retractEvidence(org: "retract-lab", id: "R1", reason: "superseded by R2") }'
    assert graphql(client, mutation, org_admin(client, "retract-lab"))["retractEvidence"] is True
    assert coverage_by_iri(client, "retract-lab", "ai-600-1")[target]["status"] == "gap"
    item = graphql(
        client,
        '{ evidence(org: "retract-lab", id: "R1") { retracted retractionReason } }',
        org_admin(client, "retract-lab"),
    )["evidence"]
    assert item == {"retracted": True, "retractionReason": "superseded by R2"}
    again = 'mutation { retractEvidence(org: "retract-lab", id: "R1", reason: "withdrawn") }'
    assert (
        graphql(client, again, org_admin(client, "retract-lab"))["retractEvidence"] is True
    )  # a second retraction replaces the first's reason
    query = '{ evidence(org: "retract-lab", id: "R1") { retractionReason supports { status } } }'
    item = graphql(client, query, org_admin(client, "retract-lab"))["evidence"]
    assert item == {"retractionReason": "withdrawn", "supports": [{"status": "implemented"}]}
    assert (
        "no evidence item"
        in graphql_errors(
            client,
            'mutation { retractEvidence(org: "retract-lab", id: "R9", reason: "x") }',
            org_admin(client, "retract-lab"),
        )[0]
    )
    bad = graphql_errors(
        client,
        headers=org_admin(client, "retract-lab"),
        query='mutation { recordEvidence(org: "retract-lab", items: [{id: "R2", title: "t", kind: "policy", supports: [{element: "NOPE 1", status: "implemented"}]}]) { created } }',
    )
    assert "unknown element 'NOPE 1'" in bad[0] and "nothing was written" in bad[0]


def test_evidence_reach(client: TestClient) -> None:
    upsert(client, "reach-lab", ["initial-developer"], ["open-weight"])
    record(
        client,
        "reach-lab",
        [
            {
                "id": "RT",
                "title": "red team",
                "kind": "red-team-report",
                "supports": [{"element": "MEASURE 2.7", "status": "implemented"}],
            }
        ],
    )
    reach = graphql(
        client,
        headers=org_admin(client, "reach-lab"),
        query='{ evidence(org: "reach-lab", id: "RT") { reach { level relationship element { notation version } } } }',
    )["evidence"]["reach"]
    versions = {r["element"]["version"] for r in reach}
    assert "ai-rmf/1.0" in versions and len(versions) > 1  # counts in other frameworks too
    gaps = graphql(
        client,
        headers=org_admin(client, "reach-lab"),
        query='{ gaps(org: "reach-lab", framework: "ai-rmf") { element { notation } closeWith { level element { version } } } }',
    )["gaps"]
    assert gaps and all(g["element"]["notation"] != "MEASURE 2.7" for g in gaps)
    assert any(g["closeWith"] for g in gaps)
