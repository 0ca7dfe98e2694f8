"""What the layers promise beyond their import rules: one content root per load, one negotiation table, evidence
ids normalised the same way for duplicates and IRIs, organization ids checked on reads, stores opened by location."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswalk.store import StoreError, open_store
from crosswalk.surfaces.cli.main import main
from tests.conftest import REPO, graphql_errors
from tests.store_copies import copy_store

CHAIN_RULES = "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?r a cw:ChainRule }"
INFERRED = (
    "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH <https://w3id.org/crosswalk/graph/inferred> "
    "{ ?m a <https://w3id.org/crosswalk/ontology#Mapping> } }"
)


def _count(store: Path, query: str) -> int:
    opened = open_store(store)
    try:
        return int(opened.select(query)[0]["n"].value)  # type: ignore[union-attr]
    finally:
        opened.close()


def test_a_load_infers_with_the_chain_rules_of_the_root_it_loads(tmp_path: Path, built_store: Path) -> None:
    """A content root whose table composes only subset-of with subset-of: the store holds that one rule and the
    inferred graph only what it composes, not what the package's own table would."""
    root = tmp_path / "content"
    for folder in ("ontology", "mappings", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    rules = root / "ontology" / "chain-rules.tsv"
    lines = rules.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#") or line.startswith("first\t")]
    kept = [line for line in lines if line.startswith("subset-of\tsubset-of\t")]
    assert len(kept) == 1
    rules.write_text("\n".join([*header, *kept]) + "\n", encoding="utf-8")

    store = tmp_path / "store"
    result = CliRunner(env={"CROSSWALK_DATA": str(root)}).invoke(main, ["load", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert _count(store, CHAIN_RULES) == 1
    own_rules = copy_store(built_store, tmp_path / "own")  # the package's own root, loaded with its own rules
    assert _count(own_rules, CHAIN_RULES) > 1
    assert _count(store, INFERRED) < _count(own_rules, INFERRED)
    composed = open_store(store)
    try:
        relationships = {
            row["r"].value  # type: ignore[union-attr]
            for row in composed.select(
                "SELECT DISTINCT ?r WHERE { GRAPH <https://w3id.org/crosswalk/graph/inferred> "
                "{ ?m <https://w3id.org/crosswalk/ontology#relationship> ?r } }"
            )
        }
    finally:
        composed.close()
    assert relationships <= {"https://w3id.org/crosswalk/vocab/rel-subset-of"}


def test_format_names_mean_the_same_on_every_surface(client: TestClient) -> None:
    """?format=json is the JSON form of whatever the answer is: SPARQL results for a SELECT, JSON-LD for an IRI."""
    select = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "format": "json"})
    assert select.status_code == 200
    assert select.headers["content-type"].startswith("application/sparql-results+json")
    construct = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "format": "json"})
    assert construct.headers["content-type"].startswith("application/ld+json")
    element = client.get("/id/ai-rmf/1.0/GV-1.1", params={"format": "json"})
    assert element.status_code == 200 and element.headers["content-type"].startswith("application/ld+json")
    assert (
        client.get("/id/ai-rmf/1.0/GV-1.1", params={"format": "nt"})
        .headers["content-type"]
        .startswith("application/n-triples")
    )
    assert client.get("/id/ai-rmf/1.0/GV-1.1", headers={"accept": "image/png"}).status_code == 406


@pytest.fixture
def fresh_store(store_copy: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    copy_store(store_copy, target)
    return target


def _import(store: Path, file: Path, org: str = "id-check") -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        [
            "evidence",
            "import",
            str(file),
            "--org",
            org,
            "--name",
            "Id check",
            "--role",
            "deployer",
            "--release",
            "api",
            "--store",
            str(store),
        ],
    )
    return result.exit_code, result.output


def test_ids_that_name_the_same_item_are_one_id(fresh_store: Path, tmp_path: Path) -> None:
    header = "id,title,kind,element,status\n"
    both = tmp_path / "both.csv"
    both.write_text(header + "EV-1,first,policy,GOVERN 1.1,implemented\nEV 1,second,policy,MAP 1.1,implemented\n")
    code, output = _import(fresh_store, both)
    assert code == 1
    assert "duplicate id 'EV 1' (first at row 2 'EV-1', the same item)" in output

    first = tmp_path / "first.csv"
    first.write_text(header + "EV-1,first,policy,GOVERN 1.1,implemented\n")
    assert _import(fresh_store, first)[0] == 0
    later = tmp_path / "later.csv"
    later.write_text(header + "EV 1,second,policy,MAP 1.1,implemented\n")
    code, output = _import(fresh_store, later)
    assert code == 1
    assert "'EV 1' names the same item as the stored id 'EV-1'; use that id" in output
    again = tmp_path / "again.csv"
    again.write_text(header + "EV-1,first again,policy,GOVERN 1.2,implemented\n")
    code, output = _import(fresh_store, again)
    assert code == 0 and "1 updated" in output, output


def test_reads_check_organization_ids(client: TestClient) -> None:
    for bad in ("../other", "Open Weight Lab", "x" * 80, "a\\nb"):
        errors = graphql_errors(client, "query($o: String!) { organization(id: $o) { id } }", o=bad)
        assert any("is not an organization id" in message for message in errors), (bad, errors)


def test_stores_open_by_location(tmp_path: Path) -> None:
    memory = open_store("memory:")
    assert memory.location is None and memory.named_graphs() == []
    memory.close()
    folder = open_store(str(tmp_path / "s"))
    assert folder.location == str(tmp_path / "s")
    folder.close()
    with pytest.raises(StoreError, match="no store backend for ftp:// locations"):
        open_store("ftp://example.org/store")
