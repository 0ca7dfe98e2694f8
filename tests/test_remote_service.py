"""The service on a remote store (Oxigraph server and Virtuoso, each started here on loopback with a small content
set): the tenancy matrix, public SPARQL that never sees an organization's graphs, and two service instances over
one store that answer each other's writes within a second."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from jwt.algorithms import RSAAlgorithm

from crosswalk.content import namespaces as ns
from crosswalk.engine.accounts import SSOConfig
from crosswalk.store import open_store
from crosswalk.surfaces.cli.main import main
from crosswalk.surfaces.http.app import Settings, create_app
from tests.conftest import REPO, graphql
from tests.remote_servers import _stop, start_oxigraph, start_virtuoso
from tests.test_tenancy import (
    AUDIENCE,
    CALLERS,
    EXAMPLE,
    ISSUER,
    MAY,
    ORG_A,
    ORG_B,
    READS,
    SIGNING_KEY,
    WRITES,
    _headers,
    matrix_tokens,
)  # fmt: skip

# A small content set: the frameworks the example evidence and the matrix name, and two official sets.
GRAPHS = [ns.ONTOLOGY_GRAPH, *(ns.GRAPH + f"catalog/{v}" for v in ("ai-rmf/1.0", "ai-600-1/2024-07", "ai-800-1/ipd",
          "ai-800-1/2pd", "sp-800-218a/2024-07", "mitre-atlas/5.6.0", "owasp-llm-top10/2025", "mlcommons-ailuminate/1.0", "stanford-helm/safety", "ibm-attaq/1.0", "iso-iec-42001/2023")), ns.GRAPH + "mappings/ai-800-1-ipd-to-ai-rmf",
          ns.GRAPH + "mappings/ai-600-1-to-ai-rmf"]  # fmt: skip
STARTERS = {"oxigraph-server": start_oxigraph, "virtuoso": start_virtuoso}
PS_1_1 = "https://w3id.org/crosswalk/id/sp-800-218a/2024-07/PS.1.1"
CROSSWALK = f'{{ crosswalk(from: "{PS_1_1}", toFramework: "ai-rmf", maxHops: 1) {{ target {{ notation }} }} }}'


@pytest.fixture(scope="module", params=list(STARTERS))
def remote(
    request: pytest.FixtureRequest, built_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Settings, dict[str, str]]]:
    """A server of its own holding the small content set and two organizations' evidence (imported with the CLI
    through --store URL); the service's settings and every caller's token."""
    folder = tmp_path_factory.mktemp(f"remote-{request.param}")
    location, process = STARTERS[request.param](folder / "data")
    try:
        source = open_store(built_store)
        content = {graph: [quad.triple for quad in source.quads([graph])] for graph in GRAPHS}
        source.close()
        target = open_store(location)
        target.replace_graphs(content)
        target.close()
        runner = CliRunner()
        imported = runner.invoke(main, ["evidence", "import", str(EXAMPLE), "--org", ORG_A, "--store", location])
        assert imported.exit_code == 0, imported.output
        rival = folder / "rival.csv"
        rival.write_text("id,title,kind,element,status\nRIV-1,Rival policy,policy,GOVERN 1.1,implemented\n")
        imported = runner.invoke(main, ["evidence", "import", str(rival), "--org", ORG_B, "--name", "Rival", "--role",
                                        "deployer", "--release", "api", "--store", location])  # fmt: skip
        assert imported.exit_code == 0, imported.output
        jwks = folder / "jwks.json"
        public = RSAAlgorithm.to_jwk(SIGNING_KEY.public_key(), as_dict=True)
        jwks.write_text(json.dumps({"keys": [{**public, "kid": "k1", "use": "sig"}]}))
        accounts = folder / "accounts.sqlite"
        tokens = matrix_tokens(accounts)
        settings = Settings(
            store=location, query_timeout=20, accounts=accounts, sso=SSOConfig(ISSUER, AUDIENCE, str(jwks))
        )
        yield location, settings, tokens
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def service(remote: tuple[str, Settings, dict[str, str]]) -> Iterator[tuple[TestClient, dict[str, str]]]:
    _, settings, tokens = remote
    with TestClient(create_app(settings)) as client:
        yield client, tokens


# A subset of the matrix (every surface, the callers that differ in kind): the whole one runs on the embedded store.
SOME_CALLERS = ("anonymous", "viewer-a", "editor-a", "admin-b", "expired", "jwt-admin-a")
assert set(SOME_CALLERS) <= set(CALLERS)


@pytest.mark.parametrize("who", SOME_CALLERS)
@pytest.mark.parametrize("surface", [*READS, *WRITES])
def test_tenancy_matrix_on_a_remote_store(service: tuple[TestClient, dict[str, str]], surface: str, who: str) -> None:
    client, tokens = service
    allowed, seen = {**READS, **WRITES}[surface](client, _headers(tokens, who), who)
    assert allowed == (who in MAY[surface]), (surface, who, seen[:300])
    if not allowed:
        assert "OWL-" not in seen and "Open Weight Lab" not in seen, seen[:300]


def _rows(client: TestClient, path: str, query: str, headers: dict[str, str] | None = None) -> list[dict[str, str]]:
    answer = client.get(
        path, params={"query": query}, headers={**(headers or {}), "accept": "application/sparql-results+json"}
    )
    assert answer.status_code == 200, answer.text
    return [{k: v["value"] for k, v in b.items()} for b in answer.json()["results"]["bindings"]]


def test_public_sparql_never_sees_an_organization(service: tuple[TestClient, dict[str, str]]) -> None:
    """Forwarded to the store's server with the public graphs as the dataset: an organization's graph is invisible
    whether the query names it in FROM, FROM NAMED or GRAPH, or scans every graph."""
    client, tokens = service
    org_graph = f"{ns.GRAPH}org/{ORG_A}"
    items = "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT ?i WHERE { ?i a cw:EvidenceItem }"
    assert _rows(client, "/sparql", items) == []
    cw = "PREFIX cw: <https://w3id.org/crosswalk/ontology#> "
    for own in (
        f"{cw}SELECT ?s FROM <{org_graph}> WHERE {{ ?s a cw:EvidenceItem }}",
        f"{cw}SELECT ?g FROM NAMED <{org_graph}> WHERE {{ GRAPH ?g {{ ?s a cw:EvidenceItem }} }}",
        f"define input:default-graph-uri <{org_graph}> {cw}SELECT ?s WHERE {{ ?s a cw:EvidenceItem }}",
    ):
        # Oxigraph server: the protocol's dataset replaces the query's (no rows); Virtuoso would add the query's
        # graphs to it, so such a query is refused there (400) before it reaches the server
        answer = client.get("/sparql", params={"query": own}, headers={"accept": "application/sparql-results+json"})
        assert answer.status_code in (200, 400), answer.text
        assert "OWL-" not in answer.text and (answer.status_code == 400 or answer.json()["results"]["bindings"] == [])
    for sneaky in (f"BIND(<{org_graph}> AS ?g)", f"VALUES ?g {{ <{org_graph}> }}"):
        assert _rows(client, "/sparql", f"{cw}SELECT ?s WHERE {{ {sneaky} GRAPH ?g {{ ?s a cw:EvidenceItem }} }}") == []
    assert _rows(client, "/sparql", f"SELECT ?s WHERE {{ GRAPH <{org_graph}> {{ ?s ?p ?o }} }} LIMIT 5") == []
    graphs = {r["g"] for r in _rows(client, "/sparql", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == set(GRAPHS)  # the public ones, all of them, and nothing else (no meta or system graph)
    own = _rows(client, f"/orgs/{ORG_A}/sparql", items, _headers(tokens, "admin-a"))
    assert own and all(f"/org/{ORG_A}/" in r["i"] for r in own)
    rival = _rows(client, f"/orgs/{ORG_B}/sparql", items, _headers(tokens, "admin-b"))
    assert [r["i"].rsplit("/", 1)[-1] for r in rival] == ["RIV-1"]
    refused = client.get(
        "/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}
    )
    assert refused.status_code == 400
    bad = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert bad.status_code == 400 and "syntax" in bad.text.lower()
    turtle = client.get(
        "/sparql", params={"query": f"CONSTRUCT WHERE {{ <{PS_1_1}> ?p ?o }}"}, headers={"accept": "text/turtle"}
    )
    assert (
        turtle.status_code == 200
        and turtle.headers["content-type"].startswith("text/turtle")
        and "PS.1.1" in turtle.text
    )


def test_two_instances_answer_each_others_writes_within_a_second(remote: tuple[str, Settings, dict[str, str]]) -> None:
    """Two service instances over one store: evidence recorded through one is read through the other at once, and a
    mapping set imported by a third writer (the CLI) reaches both instances' mapping index within a second."""
    location, settings, tokens = remote
    admin = _headers(tokens, "admin-a")
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        assert graphql(second, CROSSWALK)["crosswalk"] == []
        record = (
            'mutation($org: String!) { recordEvidence(org: $org, items: [{id: "TWO-1", title: "through the first", '
            'kind: "policy", supports: [{element: "GOVERN 1.4", status: "implemented"}]}]) { created } }'
        )
        recorded = graphql(first, record, admin, org=ORG_A)
        assert recorded["recordEvidence"]["created"] == ["TWO-1"]
        seen = graphql(second, 'query($org: String!) { evidence(org: $org, id: "TWO-1") { title } }', admin, org=ORG_A)
        assert seen["evidence"] == {"title": "through the first"}

        imported = CliRunner().invoke(
            main, ["import", str(REPO / "tests/fixtures/third-party.sssom.tsv"), "--store", location]
        )
        assert imported.exit_code == 0, imported.output
        written = time.monotonic()
        answered: dict[str, float] = {}
        while len(answered) < 2 and time.monotonic() - written < 1.0:  # both answer the new set by 1 s after it
            for name, client in (("first", first), ("second", second)):
                if (
                    name not in answered
                    and {"target": {"notation": "GOVERN 1.1"}} in graphql(client, CROSSWALK)["crosswalk"]
                ):
                    answered[name] = time.monotonic() - written
            time.sleep(0.02)
        assert set(answered) == {"first", "second"}, answered
