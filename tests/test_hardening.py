"""The public surfaces cannot be turned against the service: SERVICE never leaves the machine, a crashing query
costs only itself, bodies are capped whatever their framing, and bad input gets a 4xx with a reason."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosswalk.surfaces.http.app import Settings, create_app
from tests.conftest import org_admin
from tests.store_copies import copy_store

GOOD = "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT (COUNT(?s) AS ?n) WHERE { ?s a cw:Function }"
# Deep enough to overflow the query engine's stack: the worker process dies under it.
CRASHING = "SELECT * WHERE { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }"


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A TCP listener on loopback that records every connection it is offered."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    received.append(connection.recv(4096))
                except OSError:
                    received.append(b"")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", received
    stop.set()
    thread.join(2)
    server.close()


def test_service_is_refused_and_nothing_leaves(client: TestClient, listener: tuple[str, list[bytes]]) -> None:
    endpoint, received = listener
    queries = [
        f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        f"PREFIX e: <{endpoint.rsplit('/', 1)[0]}/> SELECT * WHERE {{ service silent e:sparql {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { BIND(<" + endpoint + "> AS ?x) SERVICE ?x { ?s ?p ?o } }",
    ]
    headers = org_admin(client, "hardening-lab")
    for query in queries:
        for path, extra in (("/sparql", {}), ("/orgs/hardening-lab/sparql", headers)):
            response = client.post(path, content=query, headers={"content-type": "application/sparql-query", **extra})
            assert response.status_code == 400, (path, response.text)
            assert "SERVICE is not allowed" in response.text
    assert received == []
    # words that only look like the keyword are fine
    fine = 'SELECT ?service WHERE { ?service <urn:p> "SERVICE <http://x>" } LIMIT 1'
    assert client.get("/sparql", params={"query": fine}).status_code == 200


def test_a_crashing_query_costs_only_itself(client: TestClient) -> None:
    crashed = client.post("/sparql", content=CRASHING, headers={"content-type": "application/sparql-query"})
    assert crashed.status_code == 400 and "stopped the query engine" in crashed.text
    after = client.get("/sparql", params={"query": GOOD}, headers={"accept": "application/sparql-results+json"})
    assert after.status_code == 200 and after.json()["results"]["bindings"][0]["n"]["value"]


def test_bodies_are_capped_whatever_their_framing(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"query": "{ frameworks { id } }", "padding": "'
        for _ in range(80):
            yield b"x" * 65536
        yield b'"}'

    chunked = client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert chunked.status_code == 413
    declared = client.post("/graphql", content=b"x" * 1_100_000, headers={"content-type": "application/json"})
    assert declared.status_code == 413
    assert client.post("/graphql", json={"query": "{ frameworks { id } }"}).status_code == 200


def test_bad_identifiers_get_a_reason(client: TestClient) -> None:
    headers = org_admin(client, "hardening-lab")
    for path in ("/orgs/Not%20An%20Org/sparql?query=ASK%7B%7D", "/org/Bad_Org/evidence/x"):
        response = client.get(path, headers=headers)
        assert response.status_code == 400 and "is not an organization id" in response.text
    assert client.get("/orgs/hardening-lab/sparql", params={"query": "ASK {}"}).status_code == 401
    unknown = client.post("/graphql", json={"query": '{ element(id: "NOT AN ID 9.9") { iri } }'})
    assert unknown.status_code == 200 and "unknown element" in unknown.json()["errors"][0]["message"]
    deep = client.post(
        "/graphql",
        json={"query": '{ crosswalk(from: "GOVERN 1.1", toFramework: "ai-600-1", maxHops: 9) { hops } }'},
    )
    assert "maxHops must be between 1 and 4" in deep.json()["errors"][0]["message"]


def test_service_allowlist_names_what_it_allows(store_copy: Path, tmp_path: Path) -> None:
    """A configured allowlist is stated in the refusal, and a SERVICE outside it is still refused."""
    store = tmp_path / "store"
    copy_store(store_copy, store)
    settings = Settings(store=store, service_allowlist=("https://query.example.org/sparql",))
    with TestClient(create_app(settings)) as allowed:
        response = allowed.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> {} }"})
        assert response.status_code == 400 and "allowed: https://query.example.org/sparql" in response.text
