"""SPARQL 1.1 Protocol at /sparql: methods, content negotiation, read-only, errors and time limits."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph
import pytest
from fastapi.testclient import TestClient

from crosswalk.surfaces.http.app import Settings, create_app
from tests.conftest import sparql_rows
from tests.store_copies import copy_store

COUNT = (
    "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT (COUNT(?s) AS ?n) "
    "WHERE { ?s a cw:Subcategory ; cw:inVersion <https://w3id.org/crosswalk/id/ai-rmf/1.0> }"
)
CONSTRUCT = (
    "PREFIX cw: <https://w3id.org/crosswalk/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "CONSTRUCT { ?s skos:notation ?n } WHERE { ?s a cw:Function ; skos:notation ?n ; "
    "cw:inVersion <https://w3id.org/crosswalk/id/ai-rmf/1.0> }"
)


def test_get_post_form_and_direct_body(client: TestClient) -> None:
    answers = [
        client.get("/sparql", params={"query": COUNT}),
        client.post("/sparql", data={"query": COUNT}),
        client.post("/sparql", content=COUNT, headers={"content-type": "application/sparql-query"}),
    ]
    for response in answers:
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert response.json()["results"]["bindings"][0]["n"]["value"] == "72"


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_result_formats(client: TestClient, accept: str, media_type: str) -> None:
    response = client.get("/sparql", params={"query": COUNT}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "72" in response.text


def test_csv_is_parseable(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": COUNT, "format": "csv"})
    assert list(csv.DictReader(io.StringIO(response.text))) == [{"n": "72"}]


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
        ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
        ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
    ],
)
def test_graph_formats(client: TestClient, accept: str, rdf_format: pyoxigraph.RdfFormat) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    triples = list(pyoxigraph.parse(response.content, format=rdf_format))
    assert sorted(t.object.value for t in triples) == ["GOVERN", "MANAGE", "MAP", "MEASURE"]


def test_updates_are_refused(client: TestClient) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    for response in (
        client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"}),
        client.post("/sparql", data={"update": update}),
        client.get("/sparql", params={"query": update}),
        client.post(
            "/sparql",
            content="PREFIX x: <urn:x>\nDELETE WHERE { ?s ?p ?o }",
            headers={"content-type": "application/sparql-query"},
        ),
    ):
        assert response.status_code == 403
        assert "read-only" in response.text
    still = client.get("/sparql", params={"query": COUNT}).json()
    assert still["results"]["bindings"][0]["n"]["value"] == "72"


def test_bad_requests_are_clear(client: TestClient) -> None:
    syntax = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert syntax.status_code == 400 and syntax.text.startswith("SPARQL syntax error: error at 1:")
    described = client.get("/sparql")  # no query: the service description
    assert described.status_code == 200 and described.headers["content-type"].startswith("text/turtle")
    assert client.get("/sparql", params={"query": ""}).status_code == 400
    assert (
        "unsupported content type" in client.post("/sparql", content=b"x", headers={"content-type": "image/png"}).text
    )
    big = client.post(
        "/sparql",
        content="SELECT * WHERE { ?s ?p ?o } #" + "x" * 120_000,
        headers={"content-type": "application/sparql-query"},
    )
    assert big.status_code == 413 and "query too large" in big.text
    assert client.get("/sparql", params={"query": COUNT, "format": "yaml"}).status_code == 400


def test_long_queries_are_stopped(store_copy: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    copy_store(store_copy, store)
    app = create_app(Settings(store=store, query_timeout=1.0))
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    with TestClient(app) as slow_client:
        response = slow_client.get("/sparql", params={"query": heavy})
        assert response.status_code == 503
        assert "ran longer than the 1 s limit" in response.text
        # the endpoint recovers with a fresh worker
        again = slow_client.get("/sparql", params={"query": COUNT})
        assert again.status_code == 200 and json.loads(again.text)["results"]["bindings"][0]["n"]["value"] == "72"


AI_RMF_GRAPH = "https://w3id.org/crosswalk/graph/catalog/ai-rmf/1.0"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_default_graph_uri_chooses_the_dataset(client: TestClient) -> None:
    """The issue's case: counting every triple with default-graph-uri set to the AI RMF catalog graph counts that
    graph's triples (as /graphs serves them), not every graph's."""

    def count(**params: str) -> int:
        response = client.get("/sparql", params={"query": COUNT_ALL, **params}, headers={"accept": "application/json"})
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    served = client.get("/graphs", params={"graph": AI_RMF_GRAPH}, headers={"accept": "application/n-triples"})
    in_graph = len(served.text.splitlines())
    assert count(**{"default-graph-uri": AI_RMF_GRAPH}) == in_graph
    assert in_graph > 1000 and count() > in_graph
    named = client.get(
        "/sparql",
        params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": AI_RMF_GRAPH},
        headers={"accept": "application/json"},
    ).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [AI_RMF_GRAPH]


def test_service_description_lists_the_catalogs(client: TestClient) -> None:
    from rdflib import Graph, Namespace

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    graph = Graph().parse(data=client.get("/sparql", headers={"accept": "text/turtle"}).text, format="turtle")
    entries = {str(graph.value(e, sd.name)): graph.value(e, sd.graph) for e in graph.subjects(sd.name, None)}
    node = entries[AI_RMF_GRAPH]
    served = client.get("/graphs", params={"graph": AI_RMF_GRAPH}, headers={"accept": "application/n-triples"})
    values = {str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]: o.toPython() for p, o in graph.predicate_objects(node)}
    assert values["triples"] == len(served.text.splitlines())
    (stated,) = sparql_rows(
        client,
        "PREFIX cw: <https://w3id.org/crosswalk/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?title ?label WHERE { <https://w3id.org/crosswalk/id/ai-rmf/1.0> dcterms:title ?title ; "
        "cw:versionLabel ?label }",
    )
    assert (values["title"], values["versionInfo"]) == (stated["title"], stated["label"])
