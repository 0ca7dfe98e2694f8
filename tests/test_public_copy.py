"""The public SPARQL workers read a copy of the store that holds its public graphs only (in the store's folder,
named by ``crosswalk-public-copy``): made once, kept across restarts and evidence writes, made again after a public
write, and never holding an organization's graphs (what /sparql answers from; /orgs/ORG/sparql reads the store)."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from crosswalk.engine.accounts import AccountStore, default_accounts_path
from crosswalk.surfaces.http.app import Settings, create_app
from tests.conftest import REPO
from tests.store_copies import copy_store

EXAMPLE = REPO / "examples" / "open-weight-lab" / "evidence.json"
THIRD_PARTY = REPO / "tests" / "fixtures" / "third-party.sssom.tsv"
TOKEN_FILE = "crosswalk-public-copy"
ORG = "open-weight-lab"
EVIDENCE_GRAPHS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), 'open-weight-lab')) }"
IMPORTED = "ASK { GRAPH ?g { ?m ?p ?o } FILTER(CONTAINS(STR(?g), 'copy-import')) }"


def ask(client: TestClient, path: str, query: str, token: str | None = None) -> dict[str, object]:
    headers = {"accept": "application/json", **({"authorization": f"Bearer {token}"} if token else {})}
    response = client.get(path, params={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, object] = json.loads(response.text)
    return body


def count(client: TestClient, path: str, query: str, token: str | None = None) -> int:
    body = ask(client, path, query, token)
    return int(body["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]


def test_the_copy_is_kept_until_public_content_changes(store_copy: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    copy_store(store_copy, store, leave_out=("crosswalk-public*",))
    with AccountStore(default_accounts_path(store)) as accounts:
        accounts.create_org(ORG, ORG)
        admin = accounts.issue_token(f"admin@{ORG}", "admin", ORG).token
        curator = accounts.issue_token("curator@site", "curator").token
    settings = Settings(store=store, query_timeout=60)

    with TestClient(create_app(settings)) as client:
        first = (store / TOKEN_FILE).read_text()
        assert (store / "crosswalk-public" / first / "CURRENT").exists()
        written = client.post(
            f"/orgs/{ORG}/evidence?filename=evidence.json",
            content=EXAMPLE.read_bytes(),
            headers={"authorization": f"Bearer {admin}"},
        )
        assert written.status_code == 200, written.text
        # the organization's endpoint sees its evidence; the public one never does, and the copy was kept
        assert count(client, f"/orgs/{ORG}/sparql", EVIDENCE_GRAPHS, admin) > 0
        assert count(client, "/sparql", EVIDENCE_GRAPHS) == 0
        assert (store / TOKEN_FILE).read_text() == first

    with TestClient(create_app(settings)) as client:  # a restart makes no new copy
        assert (store / TOKEN_FILE).read_text() == first
        assert count(client, "/sparql", EVIDENCE_GRAPHS) == 0
        assert count(client, f"/orgs/{ORG}/sparql", EVIDENCE_GRAPHS, admin) > 0
        assert ask(client, "/sparql", IMPORTED)["boolean"] is False
        text = THIRD_PARTY.read_text(encoding="utf-8").replace("acme-to-nist-ai", "copy-import")
        imported = client.post(
            "/imports?filename=copy-import.sssom.tsv",
            content=text.encode("utf-8"),
            headers={"authorization": f"Bearer {curator}"},
        )
        assert imported.status_code == 200, imported.text
        # a public write: a new copy, which /sparql answers from at once, still without the evidence
        second = (store / TOKEN_FILE).read_text()
        assert second != first and (store / "crosswalk-public" / second / "CURRENT").exists()
        assert ask(client, "/sparql", IMPORTED)["boolean"] is True
        assert count(client, "/sparql", EVIDENCE_GRAPHS) == 0
