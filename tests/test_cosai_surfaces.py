"""The CoSAI Risk Map on a store loaded by `crosswalk load`: the two named queries with real rows, GraphQL, and the
catalog's and sets' exports validated by the standards' own tools and read back."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode
from rdflib.compare import isomorphic
from sssom.parsers import parse_sssom_json, parse_sssom_table
from sssom.validators import validate

from crosswalk.content import namespaces as ns
from crosswalk.content import queries, sssom_tsv
from crosswalk.content.generate import builder
from crosswalk.exchange.imports import comparable, import_file
from crosswalk.exchange.oscal_common import schema_problems, semantic_problems
from crosswalk.store import GraphStore, open_store
from tests.conftest import graphql
from tests.cosai_support import ALL_RISKS, APACHE, SET_IDS, SPEC, derived_csv, upstream_yaml
from tests.exchange_support import catalog_schema, catalogs_only_store, exported, named_graph
from tests.store_copies import copy_store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def folder(reference: Path) -> Path:
    return reference / "cosai-risk-map"


@pytest.fixture(scope="module")
def mapping_csv(folder: Path) -> list[dict[str, str]]:
    return derived_csv(folder, "cosai-framework-mappings.csv")


# ---------------------------------------------------------------- named queries on a loaded store


@pytest.fixture(scope="module")
def store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    target = tmp_path_factory.mktemp("cosai") / "store"
    copy_store(built_store, target)
    opened = open_store(target)
    yield opened
    opened.close()


def test_controls_for_a_risk(store: GraphStore, folder: Path) -> None:
    risk = next(r for r in upstream_yaml(folder, "risks.yaml")["risks"] if r["id"] == "riskPromptInjection")
    rows = store.select(
        queries.text("cosai-controls-for-risk"), {"risk": [NamedNode(SPEC.element_base + "riskPromptInjection")]}
    )
    by_basis: dict[str, set[str]] = {}
    for row in rows:
        by_basis.setdefault(row["basis"].value, set()).add(row["controlId"].value)  # type: ignore[union-attr]
    assert by_basis == {"listed for the risk": set(risk["controls"]), "applies to all risks": ALL_RISKS}
    assert rows[0]["basis"].value == "listed for the risk"  # type: ignore[union-attr]
    assert {row["riskTitle"].value for row in rows} == {"Prompt Injection"}  # type: ignore[union-attr]


def test_risks_per_owasp_2025_entry(store: GraphStore, mapping_csv: list[dict[str, str]]) -> None:
    rows = store.select(queries.text("cosai-risks-per-owasp-llm-2025"))
    got = {(row["entryId"].value, row["riskId"].value) for row in rows if "riskId" in row}  # type: ignore[union-attr]
    expected = {
        (r["value"], r["entity_id"])
        for r in mapping_csv
        if r["framework"] == "owasp-top10-llm" and r["entity_type"] == "risk"
    }
    assert got == expected and len(got) == 25
    unmapped = {row["entryId"].value for row in rows if "riskId" not in row}  # type: ignore[union-attr]
    assert unmapped == {f"LLM{n:02d}:2025" for n in range(1, 11)} - {entry for entry, _ in expected} == {"LLM08:2025"}
    assert len(rows) == 26


# ---------------------------------------------------------------- exports of the CoSAI data, validated by the standards' tools


def test_the_catalog_exports_a_valid_oscal_catalog(store: GraphStore) -> None:
    document = json.loads(exported(store, "oscal-catalog", version=SPEC.key))
    assert schema_problems(document, catalog_schema()) == []
    text = json.dumps(document)
    assert "riskPromptInjection" in text and "controlRedTeaming" in text


def test_the_sets_export_valid_sssom_and_oscal_mapping_collections(store: GraphStore, tmp_path: Path) -> None:
    logging.disable(logging.WARNING)  # sssom-py warns about every extension column it does not model
    try:
        for set_id in SET_IDS.values():
            expected = len(
                store.select(f"SELECT ?m WHERE {{ ?m <{builder.CW}inMappingSet> <{ns.mapping_set_iri(set_id)}> }}")
            )
            assert expected == len(sssom_tsv.read(REPO / "mappings" / f"{set_id}.sssom.tsv").rows)
            for format_name, parse in (("sssom-tsv", parse_sssom_table), ("sssom-json", parse_sssom_json)):
                path = tmp_path / f"{set_id}.{format_name}"
                path.write_bytes(exported(store, format_name, sets=(set_id,)))
                frame = parse(str(path))
                reports = validate(frame, fail_on_error=False)
                assert len(frame.df) == expected, (set_id, format_name)
                assert [r.message for report in reports.values() for r in report.results] == [], (set_id, format_name)
            document = json.loads(exported(store, "oscal-mapping", sets=(set_id,)))
            assert schema_problems(document) == [] and semantic_problems(document) == [], set_id
            assert sum(len(m["maps"]) for m in document["mapping-collection"]["mappings"]) == expected, set_id
    finally:
        logging.disable(logging.NOTSET)


def test_a_cosai_risk_through_graphql(client: TestClient, folder: Path, mapping_csv: list[dict[str, str]]) -> None:
    data = graphql(
        client,
        """{ element(id: "cosai:riskPromptInjection") { kind label statement
               mappings { relationship { notation } other { notation } } }
             frameworkVersion(id: "cosai-risk-map/2026-06-10") { license } }""",
    )
    risk = next(r for r in upstream_yaml(folder, "risks.yaml")["risks"] if r["id"] == "riskPromptInjection")
    element = data["element"]
    assert (element["kind"], element["label"]) == ("Risk", "Prompt Injection")
    assert element["statement"] == "\n\n".join(p.strip() for p in risk["shortDescription"])
    cited = [r for r in mapping_csv if r["entity_id"] == "riskPromptInjection"]
    linked = {m["other"]["notation"] for m in element["mappings"] if m["relationship"]["notation"] == "related-to"}
    assert set(risk["controls"]) | {r["framework_id"] for r in cited if r["framework"] != "stride"} <= linked
    assert not linked & {r["value"] for r in cited if r["framework"] == "stride"}  # labels, never linked elements
    assert data["frameworkVersion"]["license"] == APACHE


def test_the_sets_round_trip_through_sssom_tsv(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Exported and imported into a store with only the catalogs, each set reads back as the graph that was loaded."""
    fresh = open_store(catalogs_only_store(tmp_path_factory.mktemp("cosai-fresh")))
    try:
        for set_id in (SET_IDS["controls"], SET_IDS["mitre-atlas"]):
            path = tmp_path_factory.mktemp("cosai-export") / f"{set_id}.sssom.tsv"
            path.write_bytes(exported(store, "sssom-tsv", sets=(set_id,)))
            import_file(fresh, path)
            original = comparable(named_graph(store, ns.mapping_set_graph(set_id)))
            read_back = comparable(named_graph(fresh, ns.imported_graph(set_id)))
            assert len(original) > 500 and isomorphic(original, read_back), set_id
    finally:
        fresh.close()
