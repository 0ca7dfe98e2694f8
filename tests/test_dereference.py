"""IRIs that answer: content negotiation, redirects of other spellings, 404s with suggestions, /export/ downloads.

The app is the service's own (create_app) with the dereference router included, as app.py will include it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.engine.read_models import Engine
from crosswalk.exchange.imports import import_file
from crosswalk.exchange.oscal_common import schema_problems
from crosswalk.store import GraphStore, open_store
from crosswalk.surfaces.http.app import Settings, create_app
from crosswalk.surfaces.http.dereference import build_dereference_router
from tests.conftest import graphql, sparql_rows
from tests.exchange_support import DATA
from tests.store_copies import copy_store

GV11 = ns.ID + "ai-rmf/1.0/GV-1.1"


def _client(store: GraphStore) -> Iterator[TestClient]:
    """The service's app plus the dereference router (a second copy once app.py includes it: same behaviour, as
    both read the base from CROSSWALK_BASE_IRI when the app is made)."""
    repository = Engine(store)
    app = create_app(Settings(store=None, query_timeout=20), store=store)
    app.include_router(build_dereference_router(lambda: repository))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def store(loaded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """A copy of the loaded store with a third-party set imported, as a deployment would have it."""
    target = tmp_path_factory.mktemp("deref") / "store"
    copy_store(loaded_store, target)
    opened = open_store(target)
    import_file(opened, DATA / "third-party.sssom.tsv")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    yield from _client(store)


def test_an_element_iri_answers_in_every_format(client: TestClient) -> None:
    page = client.get("/id/ai-rmf/1.0/GV-1.1", headers={"accept": "text/html,application/xhtml+xml;q=0.9"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["vary"] == "Accept" and f"<{GV11}>" in page.headers["link"]
    html = page.text
    assert "Legal and regulatory requirements involving AI are understood, managed, and documented." in html
    assert 'href="/id/ai-rmf/1.0/GV-1"' in html and 'href="/id/ai-rmf/1.0/GV"' in html  # its place in the tree
    assert 'href="/id/ai-rmf/1.0/GV-1.1-playbook-action-1"' in html  # its parts
    assert 'href="/mappings/ai-600-1-to-ai-rmf/GV-1.1-001--GV-1.1"' in html  # its mappings, with links
    assert 'href="/id/ai-600-1/2024-07/GV-1.1-001"' in html and "is supported by" in html
    for accept, rdf_format in (
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ):
        answer = client.get("/id/ai-rmf/1.0/GV-1.1", headers={"accept": accept})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(accept)
        graph = Graph().parse(data=answer.text, format=rdf_format)
        assert (URIRef(GV11), SKOS.notation, Literal("GOVERN 1.1")) in graph, accept
        assert (None, URIRef(ns.ONTOLOGY + "object"), URIRef(GV11)) in graph  # the records pointing at it
    assert client.get("/id/ai-rmf/1.0/GV-1.1?format=ttl").headers["content-type"].startswith("text/turtle")
    assert client.get("/id/ai-rmf/1.0/GV-1.1", headers={"accept": "image/png"}).status_code == 406
    assert (
        client.get("/id/ai-rmf/1.0/GV-1.1", headers={"accept": "*/*"}).headers["content-type"].startswith("text/html")
    )


def test_frameworks_versions_sets_records_and_vocabulary_answer(client: TestClient) -> None:
    for path, expected in (
        ("/id/ai-rmf", "NIST AI Risk Management Framework"),
        ("/id/ai-rmf/1.0", "/export/oscal-catalog?version=ai-rmf/1.0"),
        ("/mappings/ai-600-1-to-ai-rmf", 'href="/mappings/ai-600-1-to-ai-rmf/GV-1.1-001--GV-1.1"'),
        ("/mappings/ai-600-1-to-ai-rmf/GV-1.1-001--GV-1.1", "among the suggested actions for GOVERN 1.1"),
        ("/vocab/rel-subset-of", "subset of"),
        ("/ontology", "cw:Mapping"),
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert expected in answer.text, path
    turtle = client.get("/mappings/ai-600-1-to-ai-rmf/GV-1.1-001--GV-1.1", headers={"accept": "text/turtle"}).text
    assert "nist-official" in turtle


def test_other_spellings_redirect_to_the_canonical_iri(client: TestClient) -> None:
    spellings = ("GOVERN%201.1", "gv-1.1", "GV%201.1", "GOVERN-1.1")
    paths = [*(f"/id/ai-rmf/1.0/{s}" for s in spellings), "/id/GOVERN%201.1", "/id/airmf:GV-1.1"]
    for path in paths:
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 301, path
        assert answer.headers["location"] == "/id/ai-rmf/1.0/GV-1.1", path
    kept = client.get("/id/ai-rmf/1.0/GOVERN%201.1?format=ttl", follow_redirects=False)
    assert kept.headers["location"] == "/id/ai-rmf/1.0/GV-1.1?format=ttl"
    resolved = client.get("/resolve", params={"id": "MEASURE 2.7"}, follow_redirects=False)
    assert resolved.status_code == 303 and resolved.headers["location"] == "/id/ai-rmf/1.0/MS-2.7"
    assert client.get("/id/ai-rmf/1.0/GOVERN%201.1").url.path == "/id/ai-rmf/1.0/GV-1.1"


def test_unknown_ids_get_a_404_with_suggestions_and_ambiguous_ones_a_choice(client: TestClient) -> None:
    answer = client.get("/id/ai-rmf/1.0/GV-1.9", headers={"accept": "text/html"})
    assert answer.status_code == 404
    assert "Did you mean" in answer.text and "/resolve?id=GV-1.3&amp;version=ai-rmf%2F1.0" in answer.text
    plain = client.get("/resolve", params={"id": "GOVERN 9.9"}, headers={"accept": "text/plain"})
    assert plain.status_code == 404 and "did you mean" in plain.text
    ambiguous = client.get("/resolve", params={"id": "LLM01"}, follow_redirects=False)
    assert ambiguous.status_code == 300
    assert "owasp-llm-top10/1.1" in ambiguous.text and "owasp-llm-top10/2025" in ambiguous.text
    assert client.get("/mappings/no-such-set").status_code == 404


def test_everything_on_a_page_is_escaped(client: TestClient) -> None:
    answer = client.get("/id/ai-rmf/1.0/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers={"accept": "text/html"})
    assert answer.status_code == 404
    assert "<script>" not in answer.text and "&lt;script&gt;" in answer.text


def test_an_imported_set_answers_like_our_own(client: TestClient) -> None:
    page = client.get("/id/sp-800-218a/2024-07/PS.1.1").text
    assert "https://mappings.example.org/acme/acme-to-nist-ai.sssom.tsv" in page
    record = next(part.split('"')[0] for part in page.split('href="/mappings/acme-to-nist-ai/')[1:])
    answer = client.get(f"/mappings/acme-to-nist-ai/{record}")
    assert answer.status_code == 200 and "imported" in answer.text
    data = graphql(
        client,
        '{ crosswalk(from: "PS.1.1", version: "sp-800-218a/2024-07", toFramework: "ai-rmf", maxHops: 1)'
        " { target { notation } } }",
    )
    assert {hit["target"]["notation"] for hit in data["crosswalk"]} == {"GOVERN 1.1"}


def test_exports_download_and_stream(client: TestClient) -> None:
    index = client.get("/export").json()
    assert {"sssom-tsv", "oscal-mapping", "oscal-catalog", "olir", "csv", "turtle"} <= {
        f["name"] for f in index["formats"]
    }
    assert "ai-600-1-to-ai-rmf" in {s["id"] for s in index["sets"]}
    tsv = client.get("/export/sssom-tsv", params={"set": "ai-600-1-to-ai-rmf"})
    assert tsv.status_code == 200 and tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert 'filename="ai-600-1-to-ai-rmf.sssom.tsv"' in tsv.headers["content-disposition"]
    assert tsv.text.count("\ncwmap:ai-600-1-to-ai-rmf/") == 212
    catalog = client.get("/export/oscal-catalog", params={"version": "ai-rmf/1.0"})
    assert catalog.status_code == 200 and catalog.json()["catalog"]["metadata"]["oscal-version"] == "1.2.1"
    with client.stream("GET", "/export/sssom-tsv", params={"set": "inferred"}) as response:
        chunks = list(response.iter_raw())
    assert len(chunks) > 10  # streamed as written, not one body
    inferred = sparql_rows(
        client,
        "SELECT (COUNT(?m) AS ?n) WHERE { GRAPH <https://w3id.org/crosswalk/graph/inferred> "
        "{ ?m a <https://w3id.org/crosswalk/ontology#Mapping> } }",
    )
    assert int(inferred[0]["n"]) > 3000
    assert b"".join(chunks).count(b"\ncwmap:inferred/") == int(inferred[0]["n"])
    collection = client.get("/export/oscal-mapping", params={"set": "owasp-llm-2025-to-atlas"})
    assert schema_problems(collection.json()) == []
    turtle = client.get("/export/turtle", params={"graph": "mappings/owasp-llm-1.1-to-2025"})
    assert Graph().parse(data=turtle.text, format="turtle")
    missing = client.get("/export/sssom-tsv", params={"set": "ai-600-1-to-ai-rmff"})
    assert missing.status_code == 404 and "did you mean ai-600-1-to-ai-rmf" in missing.text
    assert client.get("/export/docx").status_code == 404
    private = client.get("/export/turtle", params={"graph": "https://w3id.org/crosswalk/graph/org/x"})
    assert private.status_code == 404


def test_a_configured_base_is_used_for_links_and_answers(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSWALK_BASE_IRI", "http://127.0.0.1:8000")
    local = IriBase.from_env().public(GV11)
    assert local == "http://127.0.0.1:8000/id/ai-rmf/1.0/GV-1.1"
    for client in _client(store):
        answer = client.get("/id/ai-rmf/1.0/GV-1.1", headers={"accept": "text/turtle"})
        assert answer.status_code == 200 and f"<{local}>" in answer.headers["link"]
        graph = Graph().parse(data=answer.text, format="turtle")
        assert (URIRef(local), SKOS.notation, Literal("GOVERN 1.1")) in graph
        assert local in client.get("/id/ai-rmf/1.0/GV-1.1").text
        tsv = client.get("/export/sssom-tsv", params={"set": "http://127.0.0.1:8000/mappings/owasp-llm-1.1-to-2025"})
        assert "mapping_set_id: http://127.0.0.1:8000/mappings/owasp-llm-1.1-to-2025" in tsv.text
