"""The researchers' endpoint beyond the W3C manifest: the dataset limited to readable graphs, protocol errors, the
service description, CORS and the Graph Store Protocol read side, on a small real store (tests/sparql_support.py)."""

from __future__ import annotations

import json

import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from crosswalk.content import queries
from crosswalk.engine.evidence.model import history_graph, org_graph
from crosswalk.surfaces.http.cors import origins_from
from tests.sparql_support import CORS_ORIGIN, KASEI, ORG, OTHER_ORG, ProtocolService, public_graph

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
SH = Namespace("http://www.w3.org/ns/shacl#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
ASK_DATA1 = f"ASK {{ <{KASEI}data1.rdf> a ?type }}"
JSON = {"accept": "application/sparql-results+json"}


def ask(
    service: ProtocolService, path: str, query: str, headers: dict[str, str] | None = None, **params: object
) -> bool:
    response = service.client.get(path, params={"query": query, **params}, headers={**JSON, **(headers or {})})
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


# -- the dataset is the caller's to read -------------------------------------------------------------------------


def test_protocol_dataset_holds_only_readable_graphs(protocol_service: ProtocolService) -> None:
    own = protocol_service.headers["org"]
    org_path = protocol_service.paths["org"]
    # the organization's own graph, named as the default graph: seen on its endpoint, empty on /sparql
    assert ask(protocol_service, org_path, ASK_DATA1, own, **{"default-graph-uri": org_graph(ORG)})
    assert not ask(protocol_service, "/sparql", ASK_DATA1, **{"default-graph-uri": org_graph(ORG)})
    # ... and on another organization's endpoint, by its own viewer
    other = f"/orgs/{OTHER_ORG}/sparql"
    assert not ask(
        protocol_service, other, ASK_DATA1, protocol_service.other_org, **{"default-graph-uri": org_graph(ORG)}
    )
    # a public graph by name is the only graph of the dataset
    assert ask(protocol_service, "/sparql", ASK_DATA1, **{"default-graph-uri": public_graph(1)})
    assert not ask(protocol_service, "/sparql", ASK_DATA1, **{"default-graph-uri": public_graph(2)})


def test_from_clauses_are_limited_too(protocol_service: ProtocolService) -> None:
    from_org = f"ASK FROM <{org_graph(ORG)}> {{ <{KASEI}data1.rdf> a ?type }}"
    assert not ask(protocol_service, "/sparql", from_org)
    assert ask(protocol_service, protocol_service.paths["org"], from_org, protocol_service.headers["org"])
    named = f"ASK FROM NAMED <{history_graph(ORG)}> {{ GRAPH ?g {{ ?s a ?type }} }}"
    assert not ask(protocol_service, "/sparql", named)
    assert not ask(protocol_service, f"/orgs/{OTHER_ORG}/sparql", named, protocol_service.other_org)
    assert ask(protocol_service, protocol_service.paths["org"], named, protocol_service.headers["org"])
    # FROM a public graph is honoured (and GRAPH then sees no named graph)
    assert ask(protocol_service, "/sparql", f"ASK FROM <{public_graph(1)}> {{ <{KASEI}data1.rdf> a ?type }}")
    assert not ask(protocol_service, "/sparql", f"ASK FROM <{public_graph(1)}> {{ GRAPH ?g {{ ?s ?p ?o }} }}")


def test_an_unreadable_graph_reads_like_a_missing_one(protocol_service: ProtocolService) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    answers = [
        protocol_service.client.get("/sparql", params={"query": count, "default-graph-uri": graph}, headers=JSON)
        for graph in (org_graph(ORG), "https://w3id.org/crosswalk/graph/org/no-such-org")
    ]
    assert answers[0].status_code == answers[1].status_code == 200
    assert answers[0].content == answers[1].content
    assert answers[0].json()["results"]["bindings"][0]["n"]["value"] == "0"


# -- protocol errors ---------------------------------------------------------------------------------------------


def test_protocol_errors_are_clear(protocol_service: ProtocolService) -> None:
    client = protocol_service.client
    two = client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D")
    assert two.status_code == 400 and "exactly one 'query'" in two.text
    in_both = client.post(
        "/sparql?query=ASK%20%7B%7D", content="ASK {}", headers={"content-type": "application/sparql-query"}
    )
    assert in_both.status_code == 400
    png = client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "image/png"})
    assert png.status_code == 406 and "application/sparql-results+json" in png.text
    construct = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"accept": "text/csv"})
    assert construct.status_code == 200 and construct.headers["content-type"].startswith("text/turtle")  # its default
    anonymous = client.get(f"/orgs/{ORG}/sparql", params={"query": "ASK {}"}, headers={"accept": "image/png"})
    assert anonymous.status_code == 401  # who may ask is checked first
    syntax = client.get("/sparql", params={"query": "ASK {"})
    assert syntax.status_code == 400 and syntax.text.startswith("SPARQL syntax error: error at 1:")
    utf16 = client.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"content-type": "application/sparql-query; charset=UTF-16"},
    )
    assert utf16.status_code == 415 and "UTF-8" in utf16.text
    assert client.post("/sparql", content="ASK {}", headers={"content-type": "text/plain"}).status_code == 415


def test_head_answers_like_get_without_a_body(protocol_service: ProtocolService) -> None:
    client = protocol_service.client
    select = {"query": "SELECT ?s WHERE { ?s a ?t }"}
    got = client.get("/sparql", params=select, headers=JSON)
    head = client.head("/sparql", params=select, headers=JSON)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))
    assert client.head("/sparql").status_code == 200


# -- the service description -------------------------------------------------------------------------------------


def description(protocol_service: ProtocolService, media_type: str, path: str = "/sparql", **headers: str) -> Graph:
    response = protocol_service.client.get(path, headers={"accept": media_type, **headers})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    return Graph().parse(
        data=response.content, format={"text/turtle": "turtle", "application/ld+json": "json-ld"}[media_type]
    )


@pytest.mark.parametrize("media_type", ["text/turtle", "application/ld+json"])
def test_service_description(protocol_service: ProtocolService, media_type: str) -> None:
    graph = description(protocol_service, media_type)
    (service,) = graph.subjects(SD.endpoint, None)
    assert str(service) == "http://testserver/sparql"
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = {str(f).rsplit("/", 1)[1] for f in graph.objects(service, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "Turtle", "JSON-LD"} <= formats
    dataset = graph.value(service, SD.defaultDataset)
    named = {
        str(graph.value(entry, SD.name)): graph.value(entry, SD.graph)
        for entry in graph.objects(dataset, SD.namedGraph)
    }
    assert set(named) == {public_graph(n) for n in (1, 2, 3)}  # never an organization's graph
    for iri, node in named.items():
        nt = protocol_service.client.get("/graphs", params={"graph": iri}, headers={"accept": "application/n-triples"})
        assert graph.value(node, VOID.triples).toPython() == len(nt.text.splitlines()) == 1
        assert str(graph.value(node, DCTERMS.title)) == f"Imported mapping set: w3c-protocol-data{iri[-1]}"
    public = {name: q for name, q in queries.registry().items() if q.public}
    executables = set(graph.subjects(SH.select, None))
    assert len(executables) == len(public)
    for node in executables:
        name = str(graph.value(node, DCTERMS.identifier))
        assert graph.value(node, SH.select) == Literal(public[name].text)
        assert str(node) == f"http://testserver/sparql-editor?example={name}"
        assert (node, URIRef("https://schema.org/target"), service) in graph


def test_service_description_for_browsers_and_organizations(protocol_service: ProtocolService) -> None:
    client = protocol_service.client
    browser = client.get(
        "/sparql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, follow_redirects=False
    )
    assert browser.status_code == 303 and browser.headers["location"] == "/sparql-editor"
    assert client.get("/sparql", headers={"accept": "image/png"}).status_code == 406
    assert client.get(protocol_service.paths["org"], headers={"accept": "text/turtle"}).status_code == 401
    graph = description(
        protocol_service, "text/turtle", protocol_service.paths["org"], **protocol_service.headers["org"]
    )
    names = {str(name) for name in graph.objects(None, SD.name)}
    assert {org_graph(ORG), history_graph(ORG), public_graph(3)} <= names
    assert org_graph(OTHER_ORG) not in names


# -- CORS --------------------------------------------------------------------------------------------------------


def preflight(protocol_service: ProtocolService, path: str, origin: str, headers: str = "content-type") -> object:
    return protocol_service.client.options(
        path,
        headers={"origin": origin, "access-control-request-method": "POST", "access-control-request-headers": headers},
    )


def test_cors_public_endpoint_any_origin_no_credentials(protocol_service: ProtocolService) -> None:
    for path in ("/sparql", "/graphs"):
        answer = preflight(protocol_service, path, "https://anywhere.example")
        assert answer.status_code == 204  # type: ignore[attr-defined]
        headers = answer.headers  # type: ignore[attr-defined]
        assert headers["access-control-allow-origin"] == "*"
        assert {"GET", "POST", "OPTIONS"} <= {m.strip() for m in headers["access-control-allow-methods"].split(",")}
        assert "access-control-allow-credentials" not in headers
    got = protocol_service.client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"origin": "https://anywhere.example"}
    )
    assert got.status_code == 200 and got.headers["access-control-allow-origin"] == "*"
    posted = protocol_service.client.post(
        "/sparql", content="ASK {}", headers={"origin": "https://x.example", "content-type": "application/sparql-query"}
    )
    assert posted.headers["access-control-allow-origin"] == "*"


def test_cors_org_endpoint_only_configured_origins(protocol_service: ProtocolService) -> None:
    path = protocol_service.paths["org"]
    allowed = preflight(protocol_service, path, CORS_ORIGIN, "authorization, content-type")
    assert allowed.status_code == 204  # type: ignore[attr-defined]
    assert allowed.headers["access-control-allow-origin"] == CORS_ORIGIN  # type: ignore[attr-defined]
    assert "Authorization" in allowed.headers["access-control-allow-headers"]  # type: ignore[attr-defined]
    refused = preflight(protocol_service, path, "https://evil.example", "authorization")
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert "access-control-allow-origin" not in refused.headers  # type: ignore[attr-defined]
    headers = protocol_service.headers["org"]
    ok = protocol_service.client.get(
        path, params={"query": ASK_DATA1}, headers={**headers, "origin": CORS_ORIGIN, **JSON}
    )
    assert ok.headers["access-control-allow-origin"] == CORS_ORIGIN and ok.json()["boolean"] is True
    foreign = protocol_service.client.get(
        path, params={"query": ASK_DATA1}, headers={**headers, "origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in foreign.headers


def test_cors_origins_from_the_environment() -> None:
    assert origins_from("https://a.example, https://b.example/  http://localhost:3000") == (
        "https://a.example", "https://b.example", "http://localhost:3000",
    )  # fmt: skip
    assert origins_from(None) == ()


# -- Graph Store Protocol, read side -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
        ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
        ("application/n-quads", pyoxigraph.RdfFormat.N_QUADS),
        ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
    ],
)
def test_graph_store_serves_public_graphs(
    protocol_service: ProtocolService, accept: str, rdf_format: pyoxigraph.RdfFormat
) -> None:
    response = protocol_service.client.get("/graphs", params={"graph": public_graph(2)}, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    parsed = list(pyoxigraph.parse(response.content, format=rdf_format))
    assert [str(q.subject.value) for q in parsed] == [f"{KASEI}data2.rdf"]


def test_graph_store_default_and_refusals(protocol_service: ProtocolService) -> None:
    client = protocol_service.client
    default = client.get("/graphs?default", headers={"accept": "application/n-quads"})
    graphs = {q.graph_name.value for q in pyoxigraph.parse(default.content, format=pyoxigraph.RdfFormat.N_QUADS)}
    assert graphs == {public_graph(n) for n in (1, 2, 3)}
    missing = client.get("/graphs", params={"graph": "https://w3id.org/crosswalk/graph/org/no-such-org"})
    for private in (org_graph(ORG), history_graph(ORG)):
        hidden = client.get("/graphs", params={"graph": private}, headers=protocol_service.headers["org"])
        assert hidden.status_code == missing.status_code == 404
        assert hidden.text.replace(private, "") == missing.text.replace(
            "https://w3id.org/crosswalk/graph/org/no-such-org", ""
        )
    head = client.head("/graphs", params={"graph": public_graph(1)}, headers={"accept": "text/turtle"})
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"].startswith("text/turtle")
    assert client.get("/graphs").status_code == 400
    assert client.get("/graphs", params={"graph": public_graph(1)}, headers={"accept": "image/png"}).status_code == 406
    assert json.loads(client.get("/graphs", params={"graph": public_graph(1), "format": "jsonld"}).content)
