"""Baselines through every import format (JSON, CSV, Turtle, JSON-LD) with the CLI, then marginal risk through
GraphQL and the organization's own SPARQL endpoint on the same store; the example organization answers."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from rdflib import Graph

from crosswalk.content import queries
from crosswalk.store.base import bind
from crosswalk.surfaces.cli.main import main
from crosswalk.surfaces.http.app import Settings, create_app
from tests.conftest import REPO, graphql, org_admin
from tests.store_copies import copy_store

EXAMPLE = REPO / "examples" / "open-weight-lab" / "evidence.json"
CBRN = "CBRN Information or Capabilities"
ASK = """query($org: String!) { marginalRisk(org: $org) { label band { notation }
  results { evidenceId score baseline { kind model score illustrative source interval { lower upper } }
            difference { value interval { lower upper } method } band { notation } }
  withoutBaseline { evidenceId } } }"""
TURTLE = """@prefix cw: <https://w3id.org/crosswalk/ontology#> .
@prefix cwv: <https://w3id.org/crosswalk/vocab/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<urn:x:ITEM> a cw:EvidenceItem ; dcterms:identifier "ITEM" ; dcterms:title "iwp run" ;
  cw:evidenceKind cwv:evidence-benchmark-result ;
  cw:benchmark <https://w3id.org/crosswalk/id/mlcommons-ailuminate/1.0/iwp> ; cw:metric "rate" ; cw:score 0.92 ;
  cw:model "m-1" ; cw:metricDirection cwv:direction-higher-is-safer ; cw:metricScale cwv:scale-proportion ;
  cw:scoreLower 0.90 ; cw:scoreUpper 0.94 ; cw:baselineKind cwv:baseline-no-ai ; cw:baselineScore 0.95 ;
  cw:baselineScoreLower 0.94 ; cw:baselineScoreUpper 0.96 ; cw:baselineSource "human control group, study 7" ;
  cw:supports [ a cw:Support ; cw:element <https://w3id.org/crosswalk/id/ai-rmf/1.0/MS-2.6> ;
                cw:implementationStatus cwv:implementation-implemented ] .
"""
CSV_HEAD = ("id,title,kind,benchmark,metric,score,model,direction,scale,score_lower,score_upper,baseline_kind,"
            "baseline_metric,baseline_score,baseline_score_lower,baseline_score_upper,baseline_source,element,status\n")  # fmt: skip
CSV_ROW = "{id},iwp run,benchmark-result,ailuminate:iwp,rate,0.92,m-1,higher-is-safer,proportion,0.90,0.94,no-ai,{metric},0.95,0.94,0.96,study 7,MEASURE 2.6,implemented\n"
JSON_ITEM = {"id": "ITEM", "title": "iwp run", "kind": "benchmark-result", "benchmark": "ailuminate:iwp", "metric": "rate",
             "score": 0.92, "model": "m-1", "direction": "higher-is-safer", "scale": "proportion",
             "interval": [0.90, 0.94], "baseline": {"kind": "no-ai", "score": 0.95, "interval": [0.94, 0.96],
             "source": "human control group, study 7"},
             "supports": [{"element": "MEASURE 2.6", "status": "implemented"}]}  # fmt: skip
ORGS = ("mr-json", "mr-csv", "mr-ttl", "mr-jsonld")


def _import(store: Path, file: Path, org: str, *flags: str) -> Any:
    return CliRunner().invoke(main, ["evidence", "import", str(file), "--org", org, "--store", str(store), *flags])


@pytest.fixture(scope="module")
def imported(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("marginal")
    store = folder / "store"
    copy_store(built_store, store)
    new_org = ("--name", "Format lab", "--role", "initial-developer", "--release", "open-weight")
    (folder / "a.json").write_text(json.dumps({"evidence": [JSON_ITEM]}))
    (folder / "a.csv").write_text(CSV_HEAD + CSV_ROW.format(id="ITEM", metric="rate"))
    (folder / "a.ttl").write_text(TURTLE)
    Graph().parse(data=TURTLE, format="turtle").serialize(folder / "a.jsonld", format="json-ld")
    for org, name in zip(ORGS, ("a.json", "a.csv", "a.ttl", "a.jsonld"), strict=True):
        result = _import(store, folder / name, org, *new_org)
        assert result.exit_code == 0, result.output
    assert _import(store, EXAMPLE, "open-weight-lab").exit_code == 0
    # a later CSV (no organization block) keeps the example's thresholds
    (folder / "more.csv").write_text(CSV_HEAD + CSV_ROW.format(id="OWL-BENCH-900", metric="rate"))
    assert _import(store, folder / "more.csv", "open-weight-lab").exit_code == 0
    (folder / "bad.csv").write_text(CSV_HEAD + CSV_ROW.format(id="BAD", metric="another rate"))
    bad = _import(store, folder / "bad.csv", "mr-csv")
    assert bad.exit_code != 0 and "row 2 [baseline.metric]" in bad.output and "is not the item's metric" in bad.output
    with TestClient(create_app(Settings(store=store, query_timeout=60))) as client:
        yield client


@pytest.mark.parametrize("org", ORGS)
def test_every_format_carries_the_baseline(imported: TestClient, org: str) -> None:
    answer = graphql(imported, ASK, org_admin(imported, org), org=org)["marginalRisk"]
    cbrn = next(r for r in answer if r["label"] == CBRN)
    (result,) = cbrn["results"]
    assert result["baseline"]["kind"] == "no-ai" and result["baseline"]["score"] == 0.95
    assert result["baseline"]["interval"] == {"lower": 0.94, "upper": 0.96}
    difference = result["difference"]
    assert math.isclose(difference["value"], 0.03) and difference["method"] == "intervals"
    assert math.isclose(difference["interval"]["lower"], 0.0) and math.isclose(difference["interval"]["upper"], 0.06)
    assert "BAD" not in json.dumps(answer)  # the rejected CSV wrote nothing


def test_the_example_organization_answers(imported: TestClient) -> None:
    headers = org_admin(imported, "open-weight-lab")
    answer = graphql(imported, ASK, headers, org="open-weight-lab")["marginalRisk"]
    by_label = {r["label"]: r for r in answer}
    assert by_label[CBRN]["band"] is not None  # thresholds survived the later CSV import
    baselines = [r["baseline"] for r in answer for r in r["results"] if r["evidenceId"].startswith("OWL-BENCH-0")]
    assert baselines and all(b["illustrative"] and "Illustrative" in b["source"] for b in baselines)
    unbaselined = {r["evidenceId"] for risk in answer for r in risk["withoutBaseline"]}
    assert {"OWL-BENCH-005", "OWL-BENCH-007"} <= unbaselined


def test_the_organization_sparql_endpoint_reaches_the_same_differences(imported: TestClient) -> None:
    headers = org_admin(imported, "open-weight-lab")
    answer = graphql(imported, ASK, headers, org="open-weight-lab")["marginalRisk"]
    from_graphql = {(risk["label"], r["evidenceId"], round(r["difference"]["value"], 9))
                    for risk in answer for r in risk["results"]}  # fmt: skip
    text = bind(queries.text("marginal-risk-by-risk"), None)  # the empty VALUES slot left open: every risk
    response = imported.post(
        "/orgs/open-weight-lab/sparql", content=text,
        headers={**headers, "content-type": "application/sparql-query", "accept": "application/json"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    from_sparql = {(b["riskName"]["value"], b["id"]["value"], round(float(b["difference"]["value"]), 9)) for b in rows}
    assert from_sparql == from_graphql and len(from_sparql) > 10
    public = imported.post("/sparql", content=text,
                           headers={"content-type": "application/sparql-query", "accept": "application/json"})  # fmt: skip
    assert public.status_code == 200 and public.json()["results"]["bindings"] == []
