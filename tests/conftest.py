"""Fixtures that build small real stores from the project's own files, once per test session."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswalk.engine.accounts import AccountStore
from crosswalk.surfaces.cli.main import main
from crosswalk.surfaces.http.access import accounts_location
from crosswalk.surfaces.http.app import Settings, create_app
from tests.store_copies import copy_store

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("CROSSWALK_REFERENCE", REPO.parent / "shared" / "reference"))


def reference_json(relative: str) -> Any:
    with (REFERENCE / relative).open(encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="session")
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.fail(f"reference data not found at {REFERENCE}; set CROSSWALK_REFERENCE")
    return REFERENCE


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder, shared by its xdist workers (each has its own folder inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by `crosswalk load` from the committed catalogs and mappings, once per run: the first worker to
    ask builds it while the others wait for it (a lock file), then every worker copies it. Never opened afterwards."""
    folder = _run_folder(tmp_path_factory) / "store-built"
    folder.mkdir(exist_ok=True)
    store, done = folder / "store", folder / "built"
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            result = CliRunner().invoke(main, ["load", "--store", str(store)])
            assert result.exit_code == 0, result.output
            # One open and close flushes the load's write-ahead log into sorted tables, so every copy links those
            # instead of copying and replaying the log again.
            pyoxigraph.Store(str(store)).flush()
            done.touch()
    return store


@pytest.fixture(scope="session")
def loaded_store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The copy the session's app serves (and GraphQL mutations write to)."""
    target = tmp_path_factory.mktemp("store") / "store"
    copy_store(built_store, target)
    return target


@pytest.fixture(scope="session")
def store_copy(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second copy for the CLI tests, since a store folder opens in one place at a time."""
    target = tmp_path_factory.mktemp("store-copy") / "store"
    copy_store(built_store, target)
    return target


@pytest.fixture(scope="session")
def client(loaded_store: Path) -> Iterator[TestClient]:
    app = create_app(Settings(store=loaded_store, query_timeout=90))
    with TestClient(app) as test_client:
        yield test_client


_ADMIN_TOKENS: dict[tuple[str, str], str] = {}


def org_admin(client: TestClient, org: str) -> dict[str, str]:
    """Headers carrying an admin token of ``org`` in the accounts file of the client's app (the organization is
    registered there first): what an organization's own admin sends."""
    settings = client.app.state.settings  # type: ignore[attr-defined]
    path = str(accounts_location(settings.store, settings.accounts))
    if (path, org) not in _ADMIN_TOKENS:
        with AccountStore(path) as accounts:
            if accounts.organization(org) is None:
                accounts.create_org(org, org)
            _ADMIN_TOKENS[(path, org)] = accounts.issue_token(f"admin@{org}", "admin", org).token
    return {"authorization": f"Bearer {_ADMIN_TOKENS[(path, org)]}"}


def graphql(client: TestClient, query: str, headers: dict[str, str] | None = None, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def graphql_errors(
    client: TestClient, query: str, headers: dict[str, str] | None = None, **variables: Any
) -> list[str]:
    response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code in (200, 400), response.text
    return [error["message"] for error in response.json().get("errors", [])]


def sparql_rows(client: TestClient, query: str) -> list[dict[str, str]]:
    response = client.post(
        "/sparql", content=query, headers={"content-type": "application/sparql-query", "accept": "application/json"}
    )
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


pytest_plugins = ["tests.composition", "tests.browser", "tests.sparql_support"]

PREFIXES = """
PREFIX cw: <https://w3id.org/crosswalk/ontology#>
PREFIX cwv: <https://w3id.org/crosswalk/vocab/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
