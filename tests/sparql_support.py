"""A small real service for the SPARQL Protocol tests: the W3C protocol test data (tests/fixtures/w3c-protocol) in
a store of its own, as public graphs and as one organization's graphs, with viewer tokens for two organizations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
from fastapi.testclient import TestClient

from crosswalk.content import namespaces as ns
from crosswalk.engine.accounts import AccountStore
from crosswalk.engine.evidence.model import history_graph, org_graph
from crosswalk.store import open_store
from crosswalk.surfaces.http.access import accounts_location
from crosswalk.surfaces.http.app import Settings, create_app

W3C = Path(__file__).resolve().parent / "fixtures" / "w3c-protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/"
ORG, OTHER_ORG = "w3c-lab", "other-lab"
CORS_ORIGIN = "https://editor.example.org"


def public_graph(n: int) -> str:
    return f"{ns.IMPORTED_GRAPH_PREFIX}w3c-protocol-data{n}"


# Where each W3C graph (http://kasei.us/.../dataN.rdf) lives, per endpoint under test: on /sparql all three are
# public graphs; on the organization's endpoint data1 and data2 are its own graphs and data3 a public one.
GRAPHS = {
    "public": {1: public_graph(1), 2: public_graph(2), 3: public_graph(3)},
    "org": {1: org_graph(ORG), 2: history_graph(ORG), 3: public_graph(3)},
}


def w3c_triples(n: int) -> list[pyoxigraph.Triple]:
    return list(pyoxigraph.parse(path=str(W3C / f"data{n}.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES))


@dataclass
class ProtocolService:
    client: TestClient
    headers: dict[str, dict[str, str]]  # endpoint kind -> headers a reader sends (the org's viewer token)
    paths: dict[str, str]  # endpoint kind -> path
    other_org: dict[str, str]  # a viewer of another organization


def build_store(path: Path) -> None:
    store = open_store(path)
    try:
        for n in (1, 2, 3):
            store.add_triples(public_graph(n), w3c_triples(n))
        store.add_triples(org_graph(ORG), w3c_triples(1))
        store.add_triples(history_graph(ORG), w3c_triples(2))
        store.add_triples(org_graph(OTHER_ORG), w3c_triples(3))
    finally:
        store.close()


@pytest.fixture(scope="module")
def protocol_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProtocolService]:
    store = tmp_path_factory.mktemp("w3c-protocol") / "store"
    build_store(store)
    tokens = {}
    with AccountStore(str(accounts_location(store, None))) as accounts:
        for org in (ORG, OTHER_ORG):
            accounts.create_org(org, org)
            tokens[org] = accounts.issue_token(f"viewer@{org}", "viewer", org).token
    app = create_app(Settings(store=store, query_timeout=30, cors_origins=(CORS_ORIGIN,)))
    with TestClient(app) as client:
        yield ProtocolService(
            client,
            {"public": {}, "org": {"authorization": f"Bearer {tokens[ORG]}"}},
            {"public": "/sparql", "org": f"/orgs/{ORG}/sparql"},
            {"authorization": f"Bearer {tokens[OTHER_ORG]}"},
        )
