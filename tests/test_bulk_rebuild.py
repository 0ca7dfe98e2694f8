"""The on-disk bulk rebuild (what `crosswalk load` writes with): graphs computed while the content is written land
with it, and a failure on the way leaves the store as it was, with no fresh copy left beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.store import open_store
from crosswalk.store.embedded.rebuild import loading_folder

P = NamedNode("urn:test:p")


def _triples(name: str, count: int) -> list[Triple]:
    return [Triple(NamedNode(f"urn:test:{name}:{i}"), P, Literal(i)) for i in range(count)]


def _count(store_path: Path, graph: str) -> int:
    store = open_store(str(store_path))
    try:
        return int(store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"].value)
    finally:
        store.close()


def test_later_graphs_are_written_with_the_content_and_other_graphs_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = open_store(str(path))
    store.replace_graphs({"urn:g:kept": _triples("kept", 3), "urn:g:content": _triples("old", 5)})
    seen = []

    def later() -> dict[str, list[Triple]]:
        seen.append(len(store.named_graphs()))  # the store is readable meanwhile
        return {"urn:g:derived": _triples("derived", 70_000)}  # more than one batch

    store.bulk_replace_graphs({"urn:g:content": _triples("new", 40_000)}, later=later)
    store.close()
    assert seen == [2]
    assert [_count(path, g) for g in ("urn:g:content", "urn:g:derived", "urn:g:kept")] == [40_000, 70_000, 3]
    assert not loading_folder(path).exists()


@pytest.mark.parametrize("failure", ["later raises", "a graph written twice"])
def test_a_failure_during_the_rebuild_leaves_the_store_as_it_was(tmp_path: Path, failure: str) -> None:
    path = tmp_path / "store"
    store = open_store(str(path))
    store.replace_graphs({"urn:g:content": _triples("old", 5)})

    def later() -> dict[str, list[Triple]]:
        if failure == "later raises":
            raise LookupError("no such rule")
        return {"urn:g:content": _triples("twice", 1)}

    with pytest.raises((LookupError, ValueError)):
        store.bulk_replace_graphs({"urn:g:content": _triples("new", 40_000)}, later=later)
    assert not loading_folder(path).exists()
    assert store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:g:content> { ?s ?p ?o } }")[0]["n"].value == "5"
    store.close()
    assert _count(path, "urn:g:content") == 5
