"""The backends every contract test runs on: the embedded store, Oxigraph server and Virtuoso (both started on
loopback by tests/remote_servers.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from crosswalk.store import GraphStore, open_store
from tests.remote_servers import oxigraph_server, virtuoso_server  # noqa: F401 -- session fixtures

BACKENDS = ("embedded", "oxigraph-server", "virtuoso")
SERVER_FIXTURE = {"oxigraph-server": "oxigraph_server", "virtuoso": "virtuoso_server"}


def location_of(request: pytest.FixtureRequest, backend: str) -> str:
    return "memory:" if backend == "embedded" else str(request.getfixturevalue(SERVER_FIXTURE[backend]))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(request: pytest.FixtureRequest, backend: str) -> Iterator[GraphStore]:
    opened = open_store(location_of(request, backend))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def graph() -> str:
    """A graph IRI of this test's own (the servers are shared by the session)."""
    return f"urn:contract:{uuid.uuid4().hex}:"
