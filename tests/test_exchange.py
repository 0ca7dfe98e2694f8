"""Exports validated by the standards' own tools, lossless round trips, and third-party imports, end to end."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode
from rdflib import URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF
from sssom.parsers import parse_sssom_json, parse_sssom_table
from sssom.validators import validate

from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.content.sssom_slots import MAPPING_SLOTS
from crosswalk.engine.inference import INFERRED_GRAPH
from crosswalk.engine.publish import load
from crosswalk.engine.read_models import Engine
from crosswalk.exchange.exports import FORMATS, ExportContext, ExportError, Selection
from crosswalk.exchange.imports import ImportOptions, ImportRejected, comparable, import_file
from crosswalk.exchange.oscal_common import schema_problems, semantic_problems
from crosswalk.store import GraphStore, open_store
from crosswalk.surfaces.cli.exchange import export_command, import_command
from tests.conftest import REPO
from tests.exchange_support import DATA, catalog_schema, catalogs_only_store, exported, named_graph
from tests.store_copies import copy_store

SET_IDS = sorted(p.name.removesuffix(".sssom.tsv") for p in (REPO / "mappings").glob("*.sssom.tsv"))
CW = ns.ONTOLOGY
GV11_IRI = ns.ID + "ai-rmf/1.0/GV-1.1"


@pytest.fixture(scope="module")
def store(loaded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """A private copy of the loaded store, open for the module (the CLI tests use their own copies)."""
    target = tmp_path_factory.mktemp("exchange") / "store"
    copy_store(loaded_store, target)
    opened = open_store(target)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return catalogs_only_store(tmp_path_factory.mktemp("fresh"))


@pytest.fixture
def with_actions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Catalogs and the 600-1 actions set, so an imported record to an AI RMF subcategory chains on to its actions."""
    return catalogs_only_store(tmp_path_factory.mktemp("with-actions"), sets=["ai-600-1-to-ai-rmf"])


def _sssom_validated(path: Path, parse: Callable[[Path], Any]) -> tuple[int, list[str]]:
    """(mappings read, validation messages) from sssom-py's reader and validator (schema, prefixes, CURIEs)."""
    logging.disable(logging.WARNING)  # sssom-py warns about every extension column it does not model
    try:
        frame = parse(path)
        rows = len(frame.df)
        reports = validate(frame, fail_on_error=False)
    finally:
        logging.disable(logging.NOTSET)
    return rows, [result.message for report in reports.values() for result in report.results]


# -- exports, validated by the standards' tools ---------------------------------------------------


def test_every_mapping_set_exports_valid_sssom_tsv_and_json(store: GraphStore, tmp_path: Path) -> None:
    for set_id in [*SET_IDS, "inferred"]:
        tsv = tmp_path / f"{set_id}.sssom.tsv"
        tsv.write_bytes(exported(store, "sssom-tsv", sets=(set_id,)))
        expected = len(store.select(f"SELECT ?m WHERE {{ ?m <{CW}inMappingSet> <{ns.mapping_set_iri(set_id)}> }}"))
        assert _sssom_validated(tsv, parse_sssom_table) == (expected, []), set_id
        # sssom-py validates the standard slots and sets the declared extension columns aside; they are there:
        lines = [line for line in tsv.read_text().splitlines() if not line.startswith("#")]
        columns = set(lines[0].split("\t"))
        assert {"ir8477_style", "ir8477_relationship", "mapping_provenance", "relationship_explanation"} <= columns
        assert all(f"#- slot_name: {c}" in tsv.read_text() for c in columns - MAPPING_SLOTS), set_id
        if set_id in SET_IDS[:4]:  # JSON: the same validator, through sssom-py's JSON reader
            js = tmp_path / f"{set_id}.sssom.json"
            js.write_bytes(exported(store, "sssom-json", sets=(set_id,)))
            assert _sssom_validated(js, lambda p: parse_sssom_json(str(p))) == (expected, []), set_id


def test_the_sssom_cli_validator_accepts_an_export(store: GraphStore, tmp_path: Path) -> None:
    from click.testing import CliRunner as SssomRunner
    from sssom.cli import main as sssom_main

    path = tmp_path / "official.sssom.tsv"
    path.write_bytes(exported(store, "sssom-tsv", sets=("ai-600-1-to-ai-rmf",)))
    result = SssomRunner().invoke(sssom_main, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_sssom_predicate_follows_the_ontology_alignment(store: GraphStore) -> None:
    rows = exported(store, "sssom-tsv", sets=("owasp-llm-1.1-to-2025",)).decode().splitlines()
    table = list(csv.DictReader([r for r in rows if not r.startswith("#")], delimiter="\t"))
    alignment = {"subset-of": "skos:broadMatch", "equal": "skos:exactMatch", "intersects-with": "skos:relatedMatch"}
    assert table and all(row["predicate_id"] == alignment[row["ir8477_relationship"]] for row in table)


def test_every_mapping_set_exports_a_valid_oscal_mapping_collection(store: GraphStore) -> None:
    for set_id in SET_IDS:
        document = json.loads(exported(store, "oscal-mapping", sets=(set_id,)))
        assert schema_problems(document) == [], set_id
        assert semantic_problems(document) == [], set_id
        collection = document["mapping-collection"]
        maps = [m for mapping in collection["mappings"] for m in mapping["maps"]]
        expected = len(store.select(f"SELECT ?m WHERE {{ ?m <{CW}inMappingSet> <{ns.mapping_set_iri(set_id)}> }}"))
        assert len(maps) == expected, set_id
        assert collection["provenance"]["status"] in ("complete", "draft")


def test_our_oscal_checks_catch_what_the_schema_lets_through(store: GraphStore) -> None:
    document = json.loads(exported(store, "oscal-mapping", sets=("owasp-llm-1.1-to-2025",)))
    entry = document["mapping-collection"]["mappings"][0]["maps"][0]
    entry["relationship"] = "kind-of-like"  # a valid token, so the JSON Schema accepts it
    assert schema_problems(document) == []
    problems = semantic_problems(document)
    assert problems and "maps[0].relationship" in problems[0] and "kind-of-like" in problems[0]
    entry["relationship"] = "subset-of"
    document["mapping-collection"]["provenance"]["status"] = "finished"
    assert any("status" in p for p in schema_problems(document))


def test_the_oscal_validator_reads_unicode_letter_patterns() -> None:
    document = {"mapping-collection": {"uuid": "not-a-uuid"}}
    problems = schema_problems(document)
    assert any("uuid" in p and "UUIDDatatype" in p for p in problems)
    token = {"name": "Ärger-1", "value": "x"}  # \p{L}: a non-ASCII letter is a valid token start
    assert not any("Ärger" in p for p in schema_problems({"mapping-collection": {"metadata": {"props": [token]}}}))


def test_every_catalog_exports_a_valid_oscal_catalog(store: GraphStore) -> None:
    from crosswalk.content.frameworks import FRAMEWORK_VERSIONS

    oscal_catalog = catalog_schema()
    for key in FRAMEWORK_VERSIONS:
        document = json.loads(exported(store, "oscal-catalog", version=key))
        assert schema_problems(document, oscal_catalog) == [], key
    rmf = json.loads(exported(store, "oscal-catalog", version="ai-rmf/1.0"))["catalog"]
    govern = next(g for g in rmf["groups"] if g["id"] == "GV")
    gv1 = next(c for c in govern["controls"] if c["id"] == "GV-1")
    gv11 = next(c for c in gv1["controls"] if c["id"] == "GV-1.1")
    assert {"name": "label", "value": "GOVERN 1.1"} in gv11["props"]
    assert gv11["links"][0]["href"] == ns.ID + "ai-rmf/1.0/GV-1.1"


def test_olir_rows_read_from_the_focal_document(store: GraphStore) -> None:
    text = exported(store, "olir", sets=("owasp-llm-1.1-to-2025",)).decode("utf-8")
    rows = {r["Reference Document Element"]: r for r in csv.DictReader(io.StringIO(text))}
    # LLM03 (v1.1) is a subset of LLM04:2025; the focal 2025 entry is therefore a superset of the v1.1 one.
    assert rows["LLM03"]["Focal Document Element"] == "LLM04"
    assert rows["LLM03"]["Relationship"] == "superset of"
    assert rows["LLM03"]["Rationale"] == "semantic" and rows["LLM03"]["Strength of Relationship"] == "8"
    flipped = exported(store, "olir", sets=("owasp-llm-1.1-to-2025",), focal="subject").decode("utf-8")
    assert "subset of" in flipped


def test_csv_and_rdf_exports(store: GraphStore) -> None:
    text = exported(store, "csv", sets=("ai-600-1-to-ai-rmf",)).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 212 and rows[0]["object_notation"].startswith(("GOVERN", "MAP", "MEASURE", "MANAGE"))
    from rdflib import Graph

    for name, rdf_format in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")):
        graph = Graph()
        graph.parse(data=exported(store, name, graph="mappings/owasp-llm-1.1-to-2025").decode(), format=rdf_format)
        assert isomorphic(graph, named_graph(store, ns.mapping_set_graph("owasp-llm-1.1-to-2025"))), name


def test_large_exports_are_written_as_they_are_read(store: GraphStore) -> None:
    class Counting(io.RawIOBase):
        writes = 0

        def writable(self) -> bool:
            return True

        def write(self, data: object) -> int:
            self.writes += 1
            return len(data)  # type: ignore[arg-type]

    ctx = ExportContext(Engine(store))
    sink = Counting()
    FORMATS["oscal-mapping"].writer(ctx, ctx.resolve(Selection(("inferred",)), "mappings"), sink)
    assert sink.writes > 3000  # the 3,740 inferred records: one write per map, not one document at the end


def test_a_selection_that_names_nothing_is_refused(store: GraphStore) -> None:
    with pytest.raises(ExportError, match="did you mean ai-600-1-to-ai-rmf"):
        exported(store, "sssom-tsv", sets=("ai-600-1-to-ai-rmff",))
    with pytest.raises(ExportError, match="framework version"):
        exported(store, "oscal-catalog", version="ai-rmf/9")


# -- round trips -------------------------------------------------------------------------------


# Between them these sets use every record field and all three styles (set theory with rationales, negations,
# reviewers and comments; supportive with properties; crosswalk).
ROUND_TRIP_SETS = ("ai-800-1-ipd-to-ai-rmf", "ai-800-1-ipd-to-ai-600-1-risks", "owasp-llm-2025-to-atlas")


@pytest.mark.parametrize(
    ("format_name", "set_ids"),
    [("sssom-tsv", ROUND_TRIP_SETS), ("oscal-mapping", ROUND_TRIP_SETS), ("sssom-json", ROUND_TRIP_SETS[1:2])],
)
def test_an_export_read_back_gives_an_isomorphic_graph(
    store: GraphStore, fresh: Path, tmp_path: Path, format_name: str, set_ids: tuple[str, ...]
) -> None:
    """Compared: the set's named graph as loaded and as imported, each through imports.comparable (which drops
    line numbers and the import's file provenance, and reads 'imported' + declared provenance as the latter)."""
    target = open_store(fresh)
    try:
        for set_id in set_ids:
            path = tmp_path / f"{set_id}{FORMATS[format_name].extension}"
            path.write_bytes(exported(store, format_name, sets=(set_id,)))
            import_file(target, path)
            original = comparable(named_graph(store, ns.mapping_set_graph(set_id)))
            read_back = comparable(named_graph(target, ns.imported_graph(set_id)))
            assert len(original) > 50 and isomorphic(original, read_back), (set_id, format_name)
    finally:
        target.close()


def test_round_trip_under_a_configured_base(store: GraphStore, fresh: Path, tmp_path: Path) -> None:
    base = IriBase("https://crosswalk.example.org/")
    text = exported(store, "sssom-tsv", base=base, sets=("owasp-llm-1.1-to-2025",))
    assert b"https://crosswalk.example.org/id/owasp-llm-top10/1.1/" in text and b"w3id.org/crosswalk/id" not in text
    path = tmp_path / "owasp.sssom.tsv"
    path.write_bytes(text)
    target = open_store(fresh)
    try:
        import_file(target, path, base=base)
        read_back = comparable(named_graph(target, ns.imported_graph("owasp-llm-1.1-to-2025")))
    finally:
        target.close()
    assert isomorphic(comparable(named_graph(store, ns.mapping_set_graph("owasp-llm-1.1-to-2025"))), read_back)


# -- third-party imports -----------------------------------------------------------------------


def _chains_through(store: GraphStore, set_id: str) -> int:
    """Inferred mappings derived from at least one record of the imported set."""
    query = (
        "PREFIX cw: <https://w3id.org/crosswalk/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { VALUES ?inferred {} VALUES ?imported {} "
        "GRAPH ?inferred { ?m prov:wasDerivedFrom ?r } GRAPH ?imported { ?r a cw:Mapping } }"
    )
    bound = {"inferred": [NamedNode(INFERRED_GRAPH)], "imported": [NamedNode(ns.imported_graph(set_id))]}
    return int(store.select(query, bound)[0]["n"].value)


def test_a_third_party_sssom_set_with_its_own_prefixes_is_imported(fresh: Path, tmp_path: Path) -> None:
    source = DATA / "third-party.sssom.tsv"
    assert _sssom_validated(source, parse_sssom_table) == (3, [])  # it is valid SSSOM to begin with
    result = CliRunner().invoke(import_command, [str(source), "--store", str(fresh)])
    assert result.exit_code == 0, result.output
    assert "imported acme-to-nist-ai: 3 record(s)" in result.output
    assert "graph/inferred now holds" in result.output
    target = open_store(fresh)
    try:
        graph = named_graph(target, ns.imported_graph("acme-to-nist-ai"))
        records = set(graph.subjects(RDF.type, URIRef(CW + "Mapping")))
        assert len(records) == 3
        assert all(
            graph.value(r, URIRef(CW + "provenance")) == URIRef(ns.VOCAB + "provenance-imported") for r in records
        )
        subjects = {str(graph.value(r, URIRef(CW + "subject"))) for r in records}
        assert subjects == {ns.ID + "sp-800-218a/2024-07/PS.1.1", "https://controls.example.org/acme/v3#AC-7"}
        exact = next(r for r in records if str(graph.value(r, URIRef(CW + "object"))).endswith("MS-2.7"))
        assert str(graph.value(exact, URIRef(CW + "relationship"))) == ns.VOCAB + "rel-equivalent"
        assert str(graph.value(exact, URIRef(ns.SSSOM + "confidence"))) == "0.65"
        set_node = URIRef("https://mappings.example.org/acme/acme-to-nist-ai.sssom.tsv")
        entity = graph.value(set_node, PROV.wasDerivedFrom)
        assert str(entity).startswith("urn:sha256:") and graph.value(set_node, PROV.generatedAtTime) is not None
        assert str(graph.value(set_node, URIRef(ns.SSSOM + "mapping_tool"))) == "acme-mapper"
        # Like our own sets, it answers queries: GV-1.1's mappings now include the ACME set's record.
        from crosswalk.engine.read_models import Engine

        repository = Engine(target)
        gv11 = ns.ID + "ai-rmf/1.0/GV-1.1"
        found = repository.reference.mappings([m for m, _ in repository.reference.mapping_iris_of([gv11])[gv11]])
        assert any(m.set_iri == str(set_node) for m in found.values())
        assert any(s.iri == str(set_node) for s in repository.reference.mapping_sets())
        ps11 = ns.ID + "sp-800-218a/2024-07/PS.1.1"
        assert any(r.target == gv11 for r in repository.mapping_index.crosswalk(ps11, "ai-rmf"))
        # Its own export carries its prefixes' IRIs and its unmodelled SSSOM slots.
        text = exported(target, "sssom-tsv", sets=("acme-to-nist-ai",)).decode()
        assert "https://controls.example.org/acme/v3#" in text and "confidence" in text
    finally:
        target.close()


def test_a_third_party_oscal_collection_is_imported(fresh: Path) -> None:
    """Its own catalog (a foreign href), our AI RMF by version IRI with a notation for an id-ref, a 1:2 map."""
    target = open_store(fresh)
    try:
        report = import_file(target, DATA / "third-party.oscal.json")
        (set_id, graph_iri, records) = report.sets[0]
        assert records == 3 and graph_iri == ns.imported_graph(set_id)
        graph = named_graph(target, graph_iri)
    finally:
        target.close()
    pairs = {
        (str(graph.value(r, URIRef(CW + "subject"))), str(graph.value(r, URIRef(CW + "object"))),
         str(graph.value(r, URIRef(CW + "relationship"))).removeprefix(ns.VOCAB))
        for r in graph.subjects(RDF.type, URIRef(CW + "Mapping"))
    }  # fmt: skip
    acme = "https://controls.example.org/acme/v3#"
    assert pairs == {
        (acme + "AC-7", GV11_IRI, "rel-subset-of"),
        (acme + "AC-7", ns.ID + "ai-rmf/1.0/MS-2.7", "rel-subset-of"),
        (acme + "AC-8", ns.ID + "ai-rmf/1.0/GV-1.2", "rel-equivalent"),
    }
    assert set(graph.objects(None, URIRef(CW + "rationale"))) == {URIRef(ns.VOCAB + "rationale-semantic")}


def test_imported_graphs_survive_a_reload_and_chain_like_our_own(with_actions: Path, tmp_path: Path) -> None:
    """PS.1.1 equal to GV-1.1 (imported), GV-1.1 supported by GV-1.1-001 (ours): an inferred PS.1.1 to GV-1.1-001."""
    source = tmp_path / "reload.sssom.tsv"
    text = (DATA / "third-party.sssom.tsv").read_text().replace("acme-to-nist-ai", "survivor")
    text = text.replace("skos:relatedMatch\trmf:GV-1.1", "skos:exactMatch\trmf:GV-1.1")  # related-to never chains
    source.write_text(text)
    target = open_store(with_actions)
    try:
        import_file(target, source)
        chains = _chains_through(target, "survivor")
        root = with_actions.parent / "root"
        load(target, root=root)
        assert ns.imported_graph("survivor") in target.named_graphs()
        assert _chains_through(target, "survivor") == chains > 0  # the reload infers through it again
    finally:
        target.close()


def test_an_invalid_file_is_rejected_with_located_messages_and_nothing_written(fresh: Path, tmp_path: Path) -> None:
    lines = (DATA / "third-party.sssom.tsv").read_text().splitlines(keepends=True)
    body = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    lines[body + 1] = lines[body + 1].replace("rmf:GV-1.1", "rmf:GV-1.9")  # no such subcategory
    lines[body + 2] = lines[body + 2].replace("semapv:LexicalMatching", "semapv:Guessing")
    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text("".join(lines))
    target = open_store(fresh)
    try:
        before = target.named_graphs()
        with pytest.raises(ImportRejected) as caught:
            import_file(target, bad, options=ImportOptions(strict=True))
        assert target.named_graphs() == before
    finally:
        target.close()
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 2, messages  # both, each where it is
    assert (
        f"bad.sssom.tsv:{body + 2} " in messages[0] and "unknown element ai-rmf/1.0/GV-1.9; did you mean" in messages[0]
    )
    assert messages[1].startswith(f"bad.sssom.tsv:{body + 3} [mapping_justification]: 'semapv:Guessing'")
    undeclared = tmp_path / "undeclared.sssom.tsv"
    undeclared.write_text("".join(lines).replace("\tcomment\n", "\tmy_notes\n"))
    with pytest.raises(ImportRejected, match=r"my_notes.*not an SSSOM slot"):
        target = open_store(fresh)
        try:
            import_file(target, undeclared, options=ImportOptions(strict=True))
        finally:
            target.close()


def test_importing_a_loaded_set_again_is_refused(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "again.sssom.tsv"
    path.write_bytes(exported(store, "sssom-tsv", sets=("owasp-llm-1.1-to-2025",)))
    with pytest.raises(ImportRejected, match="already loaded"):
        import_file(store, path)


def test_an_invalid_oscal_collection_is_rejected(fresh: Path, tmp_path: Path) -> None:
    document = {"mapping-collection": {"uuid": "3e1c5b7a-1d2e-4f3a-8b4c-5d6e7f8a9b0c", "metadata": {}}}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    target = open_store(fresh)
    try:
        with pytest.raises(ImportRejected, match=r"\$\.mapping-collection.*provenance"):
            import_file(target, path)
    finally:
        target.close()


def test_cli_export_writes_the_file_and_fails_cleanly(store_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "set.sssom.tsv"
    result = CliRunner().invoke(
        export_command,
        ["--format", "sssom-tsv", "--set", "sp-800-218a-to-ai-rmf", "--out", str(out), "--store", str(store_copy)],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("#curie_map:")
    missing = tmp_path / "none.json"
    result = CliRunner().invoke(
        export_command,
        ["--format", "oscal-mapping", "--set", "no-such-set", "--out", str(missing), "--store", str(store_copy)],
    )
    assert result.exit_code == 1 and "no mapping set 'no-such-set'" in result.output
    assert not missing.exists() and not list(tmp_path.glob(".crosswalk-export-*"))
