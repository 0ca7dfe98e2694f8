"""The clients researchers use, against a live service: SPARQLWrapper and rdflib's SPARQLStore run a named query
over HTTP and get the rows `crosswalk query` prints for the same data (the same built store, copied)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from crosswalk.content import queries
from crosswalk.surfaces.cli.main import main
from tests.browser import LiveService

NAMED = ["framework-versions", "subcategories-without-600-1-actions"]


def cli_rows(store: Path, name: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["query", name, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows, f"{name} has no rows: the comparison would prove nothing"
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def canonical(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


@pytest.mark.parametrize("name", NAMED)
def test_sparqlwrapper_rows_match_the_cli(live_service: LiveService, store_copy: Path, name: str) -> None:
    client = SPARQLWrapper(live_service.url + "/sparql")
    client.setQuery(queries.get(name).text)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    rows = [{key: cell["value"] for key, cell in binding.items()} for binding in answer["results"]["bindings"]]  # type: ignore[index]
    assert canonical(rows) == cli_rows(store_copy, name)


@pytest.mark.parametrize("name", NAMED)
def test_rdflib_sparqlstore_rows_match_the_cli(live_service: LiveService, store_copy: Path, name: str) -> None:
    graph = Graph(store=SPARQLStore(live_service.url + "/sparql", returnFormat="json"))
    result = graph.query(queries.get(name).text)
    names = [str(v) for v in result.vars or []]
    rows = [{key: str(row[key]) for key in names if row[key] is not None} for row in result]
    assert canonical(rows) == cli_rows(store_copy, name)


def test_sparqlwrapper_post_and_other_formats(live_service: LiveService) -> None:
    client = SPARQLWrapper(live_service.url + "/sparql")
    client.setMethod("POST")
    client.setQuery("PREFIX cw: <https://w3id.org/crosswalk/ontology#> ASK { ?v a cw:FrameworkVersion }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True  # type: ignore[index]
    client.setQuery("CONSTRUCT WHERE { <https://w3id.org/crosswalk/id/ai-rmf/1.0> ?p ?o }")
    client.setReturnFormat("turtle")
    graph = Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert len(graph) > 3
