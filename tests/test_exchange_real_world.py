"""Issue 16: third-party SSSOM as it is published (lenient import, alias sets) and OSCAL catalogs and profiles as
frameworks, on NIST's real files in ../shared/reference, through the CLI, GraphQL and the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from rdflib import URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import unregister_missing
from crosswalk.exchange.imports import ImportOptions, ImportRejected, import_file
from crosswalk.exchange.oscal_common import model_problems
from crosswalk.store import open_store
from crosswalk.surfaces.cli.main import main
from crosswalk.surfaces.http.app import Settings, create_app
from tests.conftest import graphql, org_admin
from tests.exchange_support import DATA, catalogs_only_store, named_graph
from tests.store_copies import copy_store

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
SP80053 = REFERENCE / "nist-sp-800-53r5"
CATALOG = SP80053 / "NIST_SP-800-53_rev5_catalog-5.0.1.json"
CSF = REFERENCE / "nist-csf-2.0" / "NIST_CSF_v2.0_catalog.json"
CW = ns.ONTOLOGY
IMPORTED_53 = ns.ID + "imported/sp-800-53/5.0.1"
CONFABULATION = ns.ID + "ai-600-1/2024-07/confabulation"
LLM09 = ns.ID + "owasp-llm-top10/2025/LLM09"


@pytest.fixture(scope="module", autouse=True)
def registry() -> Iterator[None]:
    """Imported versions join the process-wide framework registry; later test modules see only the project's."""
    yield
    unregister_missing(set())


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ontology and every catalog, no mapping set: what the tests copy and import into."""
    return catalogs_only_store(tmp_path_factory.mktemp("real-world"))


@pytest.fixture
def store_path(base: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    copy_store(base, target)
    return target


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def fails(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 1, result.output
    return result.output


def count(path: Path, query: str) -> int:
    store = open_store(path)
    try:
        return int(store.select(query)[0]["n"].value)
    finally:
        store.close()


# -- SSSOM as it is published ----------------------------------------------------------------


def test_a_lenient_import_reports_every_row_of_a_file_with_each_defect(store_path: Path) -> None:
    """tests/fixtures/as-published.sssom.tsv: one row per defect real files carry (rows 7 to 16)."""
    out = run("import", str(DATA / "as-published.sssom.tsv"), "--store", str(store_path))
    assert "10 row(s): 0 imported, 7 imported with a change, 3 skipped" in out
    notes = {int(line.split()[1].rstrip(":")): line for line in out.splitlines() if line.startswith("  line ")}
    assert set(notes) == set(range(7, 17))
    assert "placeholder namespace" in notes[7] and "justification" not in notes[7]  # LLMBasedMatching kept as given
    assert "prefix 'airmf' not declared, resolved from the well-known prefix table" in notes[8]
    assert "predicate 'noMatch' read as skos:exactMatch with modifier Not" in notes[9]
    assert "skipped: predicate 'sameAs' has no prefix and no single meaning" in notes[10]
    assert "skipped: empty object_id" in notes[11]
    assert "similarity_score '1.7' is not a number from 0 to 1: dropped" in notes[12]
    assert "justification 'semapv:Guessing' recorded as semapv:UnspecifiedMatching" in notes[15]
    assert "skipped: unknown element ai-rmf/1.0/GV-1.9; did you mean" in notes[16]
    assert "imported nexus-to-nist: 7 record(s)" in out
    store = open_store(store_path)
    try:
        graph = named_graph(store, ns.imported_graph("nexus-to-nist"))
    finally:
        store.close()

    def record(subject: str) -> URIRef:
        iri = URIRef("urn:crosswalk:undeclared-prefix:nexus:" + subject)
        return next(r for r in graph.subjects(URIRef(CW + "subject"), iri))

    def rel(subject: str) -> str:
        return str(graph.value(record(subject), URIRef(CW + "relationship"))).removeprefix(ns.VOCAB)

    assert str(graph.value(record("risk-confabulation"), URIRef(CW + "justification"))) == (
        ns.SEMAPV + "LLMBasedMatching"
    )
    assert graph.value(record("risk-privacy"), URIRef(CW + "object")) == URIRef(ns.ID + "ai-rmf/1.0/MP-4.1")
    for no_match in ("risk-toxicity", "risk-ip", "risk-energy"):  # noMatch, sssom:NoTermFound, modifier Not
        assert rel(no_match) == "rel-supportive-no-relationship", no_match
    assert graph.value(record("risk-leak"), URIRef(ns.SSSOM + "similarity_score")) is None
    assert "similarity_score given as '1.7'" in str(graph.value(record("risk-leak"), RDFS.comment))
    cbrn = record("risk-cbrn")
    assert str(graph.value(cbrn, URIRef(CW + "justification"))) == ns.SEMAPV + "UnspecifiedMatching"
    assert "mapping_justification given as 'semapv:Guessing'" in str(graph.value(cbrn, RDFS.comment))


def test_strict_rejects_the_whole_file_and_a_curie_map_resolves_prefixes(store_path: Path, tmp_path: Path) -> None:
    before = open_store(store_path)
    graphs = before.named_graphs()
    before.close()
    out = fails("import", str(DATA / "as-published.sssom.tsv"), "--strict", "--store", str(store_path))
    assert "nothing was imported" in out and "as-published.sssom.tsv:10 [predicate_id]: 'sameAs'" in out
    after = open_store(store_path)
    assert after.named_graphs() == graphs
    after.close()
    prefixes = tmp_path / "prefixes.yaml"
    prefixes.write_text("nexus: https://nexus.example.org/risk/\n")
    out = run("import", str(DATA / "as-published.sssom.tsv"), "--curie-map", str(prefixes), "--store", str(store_path))
    assert "placeholder" not in out and "nexus.example.org" not in out  # declared by the user: no change to state
    query = (
        "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?m cw:subject ?s "
        'FILTER(STRSTARTS(STR(?s), "https://nexus.example.org/risk/")) }'
    )
    assert count(store_path, query) == 7


def _alias_files(tmp_path: Path) -> tuple[Path, Path]:
    header = (
        "#curie_map:\n#  nexus: https://nexus.example.org/risk/\n#  owasp: https://w3id.org/crosswalk/id/owasp-llm-top10/2025/\n"
        "#  ai600: https://w3id.org/crosswalk/id/ai-600-1/2024-07/\n#mapping_set_id: https://nexus.example.org/{id}\n"
        "#license: https://creativecommons.org/licenses/by/4.0/\n"
        "subject_id\tpredicate_id\tobject_id\tmapping_justification\tmapping_provenance\n"
    )
    third = tmp_path / "nexus-to-owasp.sssom.tsv"
    third.write_text(
        header.format(id="nexus-to-owasp")
        + "nexus:confabulation\tskos:exactMatch\towasp:LLM09\tsemapv:ManualMappingCuration\tcurated\n"
    )
    alias = tmp_path / "nexus-aliases.sssom.tsv"
    alias.write_text(
        header.format(id="nexus-aliases")
        + "nexus:confabulation\tskos:exactMatch\tai600:confabulation\tsemapv:ManualMappingCuration\timported\n"
    )
    return third, alias


CROSSWALK = """query($from: String!) { crosswalk(from: $from, toFramework: "owasp-llm-top10/2025") {
  relationship { notation } target { iri } paths { steps { mapping { recordId } } } } }"""


def test_an_alias_set_makes_a_third_party_set_answer_a_crosswalk_about_an_ai_600_1_risk(
    store_path: Path, tmp_path: Path
) -> None:
    third, alias = _alias_files(tmp_path)
    run("import", str(third), "--store", str(store_path))
    app = create_app(Settings(store=store_path, query_timeout=60))
    with TestClient(app) as client:
        before = graphql(client, CROSSWALK, **{"from": CONFABULATION})["crosswalk"]
    assert before == []  # the third party's id is nobody we know
    out = run("import", str(alias), "--store", str(store_path))  # an alias set: exactMatch rows, 'imported'
    assert "imported nexus-aliases: 1 record(s)" in out
    with TestClient(create_app(Settings(store=store_path, query_timeout=60))) as client:
        found = graphql(client, CROSSWALK, **{"from": CONFABULATION})["crosswalk"]
    assert [(r["target"]["iri"], r["relationship"]["notation"]) for r in found] == [(LLM09, "equivalent")]
    assert len(found[0]["paths"][0]["steps"]) == 1  # the alias is identity, not a hop
    # --alias says the same of a file that does not state its provenance; a row that is no alias is refused.
    bad = tmp_path / "bad-alias.sssom.tsv"
    bad.write_text(
        alias.read_text().replace("nexus-aliases", "bad-aliases").replace("skos:exactMatch", "skos:broadMatch")
    )
    out = fails("import", str(bad), "--alias", "--strict", "--store", str(store_path))
    assert "an alias row is skos:exactMatch between one of our elements and another project's id" in out


# -- OSCAL catalogs and profiles as frameworks -----------------------------------------------------

KIND_COUNTS = """PREFIX cw: <https://w3id.org/crosswalk/ontology#>
SELECT ?kind (COUNT(?e) AS ?n) (SUM(IF(EXISTS { ?e cw:withdrawn true }, 1, 0)) AS ?withdrawn) WHERE {
  VALUES ?version {} ?e cw:inVersion ?version ; a ?kind } GROUP BY ?kind"""


def kinds(path: Path, version: str) -> dict[str, tuple[int, int]]:
    from pyoxigraph import NamedNode

    store = open_store(path)
    try:
        rows = store.select(KIND_COUNTS, {"version": [NamedNode(version)]})
    finally:
        store.close()
    return {r["kind"].value.removeprefix(CW): (int(r["n"].value), int(r["withdrawn"].value)) for r in rows}


def test_the_sp_800_53_catalog_and_its_baselines_import_as_a_framework_and_selections(store_path: Path) -> None:
    out = run("import", str(CATALOG), "--framework", "sp-800-53", "--store", str(store_path))
    assert f"imported framework version imported/sp-800-53/5.0.1: 2,315 element(s) into {ns.GRAPH}imported/" in out
    found = kinds(store_path, IMPORTED_53)
    assert found["ControlFamily"] == (20, 0)
    assert found["Control"] == (322, 24) and found["ControlEnhancement"] == (867, 158)  # 1,189 items, 182 withdrawn
    assert found["StatementItem"][0] == 2315 - 1209
    store = open_store(store_path)
    try:
        graph = named_graph(store, ns.imported_catalog_graph("imported/sp-800-53", "5.0.1"))
    finally:
        store.close()
    ac2 = URIRef(IMPORTED_53 + "/ac-2")
    statement = str(graph.value(ac2, URIRef(CW + "statement")))
    assert statement.startswith("a. Define and document the types of accounts allowed and specifically prohibited")
    assert "[Assignment: organization-defined" in statement and graph.value(ac2, URIRef(CW + "parametersRendered"))
    assert str(graph.value(URIRef(IMPORTED_53 + "/ac-2_smt.a"), URIRef(CW + "partOf"))) == str(ac2)
    assert str(graph.value(ac2, URIRef("http://csrc.nist.gov/ns/oscal#sort-id"))) == "ac-02"  # props kept
    withdrawn = URIRef(IMPORTED_53 + "/ac-2.10")
    assert graph.value(withdrawn, URIRef(CW + "withdrawn")) and graph.value(withdrawn, URIRef(CW + "incorporatedInto"))
    version = URIRef(IMPORTED_53)
    assert str(graph.value(version, URIRef(ns.DCTERMS + "title"))).startswith("NIST Special Publication 800-53 Rev")
    assert str(graph.value(version, URIRef(CW + "versionLabel"))) == "5.0.1"
    # It does not touch the generated catalog of the same standard, and the resolver and /id pages know it.
    assert kinds(store_path, ns.ID + "sp-800-53/5.0.1")["Control"] == (322, 24)
    with TestClient(create_app(Settings(store=store_path, query_timeout=60))) as client:
        page = client.get("/id/imported/sp-800-53/5.0.1/ac-2", headers={"Accept": "text/turtle"})
        assert page.status_code == 200 and "Account Management" in page.text
    expected = {"LOW": 149, "MODERATE": 287, "HIGH": 370, "PRIVACY": 96}
    for name, members in expected.items():
        profile = SP80053 / f"NIST_SP-800-53_rev5_{name}-baseline_profile.json"
        out = run("import", str(profile), "--selects", "imported/sp-800-53/5.0.1", "--name", name.lower(),
                  "--store", str(store_path))  # fmt: skip
        assert f"imported selection {ns.ID}imported/selection/{name.lower()} of imported/sp-800-53/5.0.1: " in out
        assert f": {members} element(s)" in out


def test_a_profile_scopes_coverage(store_path: Path, tmp_path: Path) -> None:
    run("import", str(CATALOG), "--framework", "sp-800-53", "--store", str(store_path))
    profile = SP80053 / "NIST_SP-800-53_rev5_LOW-baseline_profile.json"
    run("import", str(profile), "--selects", "imported/sp-800-53/5.0.1", "--name", "low-imported",
        "--store", str(store_path))  # fmt: skip
    evidence = tmp_path / "evidence.json"
    evidence.write_text(json.dumps({
        "organization": {"id": "fed-lab", "name": "Fed Lab", "roles": ["deployer"], "releaseTypes": ["api"]},
        "evidence": [{"id": "AC-POL", "title": "Account management procedure", "kind": "policy",
                      "produced": "2026-01-01", "supports": [
                          {"element": "AC-2", "version": "imported/sp-800-53/5.0.1", "status": "implemented"},
                          {"element": "SC-7(3)", "version": "imported/sp-800-53/5.0.1", "status": "implemented"}]}],
    }))  # fmt: skip
    run("evidence", "import", str(evidence), "--org", "fed-lab", "--store", str(store_path))
    whole = json.loads(run("coverage", "--org", "fed-lab", "--framework", "imported/sp-800-53/5.0.1",
                           "--format", "json", "--store", str(store_path)))  # fmt: skip
    low = json.loads(run("coverage", "--org", "fed-lab", "--selection", "low-imported", "--format", "json",
                         "--store", str(store_path)))  # fmt: skip
    assert len(whole["elements"]) == 1007 and len(low["elements"]) == 149  # active items; the LOW baseline's ids
    covered = {e["notation"] for e in low["elements"] if e["status"] == "covered"}
    assert "AC-2" in covered and "SC-7(3)" not in covered  # SC-7(3) is no LOW control
    with TestClient(create_app(Settings(store=store_path, query_timeout=60))) as client:
        query = """query($org: String!, $sel: String) { coverage(org: $org, selection: $sel) {
          version selection summary { covered applicable } elements { status } } }"""
        data = graphql(client, query, org_admin(client, "fed-lab"), org="fed-lab", sel="low-imported")["coverage"]
        generated = graphql(client, query.replace("selection: $sel", 'framework: "sp-800-53/5.0.1", selection: $sel'),
                            org_admin(client, "fed-lab"), org="fed-lab", sel="moderate")["coverage"]  # fmt: skip
    assert (
        data["version"] == "imported/sp-800-53/5.0.1" and data["selection"] == ns.ID + "imported/selection/low-imported"
    )
    assert data["summary"]["applicable"] == len(data["elements"]) == 149 and data["summary"]["covered"] >= 1
    assert generated["summary"]["applicable"] == 287  # the generated catalog's own MODERATE baseline scopes too


def test_an_imported_catalog_exports_valid_oscal_and_reimports_to_the_same_graph(store_path: Path, base: Path,
                                                                               tmp_path: Path) -> None:  # fmt: skip
    run("import", str(CSF), "--framework", "csf", "--store", str(store_path))
    found = kinds(store_path, ns.ID + "imported/csf/1.2.0")
    assert found["ControlFamily"] == (6, 0)
    assert found["Control"] == (22 + 12, 12) and found["ControlEnhancement"] == (106 + 79, 79)
    assert found["ImplementationExample"] == (363, 0)
    out = tmp_path / "csf.json"
    run("export", "--format", "oscal-catalog", "--version", "imported/csf/1.2.0", "--out", str(out),
        "--store", str(store_path))  # fmt: skip
    document = json.loads(out.read_text())
    assert model_problems(document, "catalog") == []
    assert document["catalog"] == json.loads(CSF.read_text())["catalog"]
    other = tmp_path / "other"
    copy_store(base, other)
    run("import", str(out), "--framework", "csf", "--version", "1.2.0", "--store", str(other))
    graphs = []
    for path in (store_path, other):
        store = open_store(path)
        try:
            graphs.append(named_graph(store, ns.imported_catalog_graph("imported/csf", "1.2.0")))
        finally:
            store.close()
    for graph in graphs:  # the file the version was derived from is named, nothing else differs
        graph.remove((None, PROV.wasDerivedFrom, None))
    assert len(graphs[0]) > 5_000 and isomorphic(graphs[0], graphs[1])


def test_the_high_resolved_profile_catalog_and_invalid_catalogs(store_path: Path, tmp_path: Path) -> None:
    resolved = SP80053 / "NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json"
    run("import", str(resolved), "--framework", "sp-800-53-high", "--store", str(store_path))
    found = kinds(store_path, ns.ID + "imported/sp-800-53-high/5.1.1-u4")
    assert found["ControlFamily"] == (18, 0) and found["Control"][0] == 188 and found["ControlEnhancement"][0] == 182
    broken = json.loads(CATALOG.read_text())
    broken["catalog"]["uuid"] = "not-a-uuid"
    del broken["catalog"]["metadata"]["title"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    store = open_store(store_path)
    try:
        with pytest.raises(ImportRejected) as caught:
            import_file(store, path, options=ImportOptions(framework="broken"))
    finally:
        store.close()
    messages = [str(p) for p in caught.value.problems]
    assert any("[$.catalog.uuid]" in m for m in messages) and any("$.catalog.metadata" in m for m in messages)


def test_an_oscal_map_of_several_targets_stays_one_record_per_pair(store_path: Path, tmp_path: Path) -> None:
    """A map with our props and a canonical link (as our exports write) and two targets: two records, not one."""
    document = json.loads((DATA / "third-party.oscal.json").read_text())
    entry = document["mapping-collection"]["mappings"][0]["maps"][0]
    assert len(entry["sources"]) * len(entry["targets"]) == 2
    entry["links"] = [{"href": ns.MAPPINGS + "acme-pairs/r-1", "rel": "canonical"}]
    entry["props"] = [
        {"name": name, "ns": CW, "value": value}
        for name, value in (
            ("record-id", "r-1"), ("mapping-style", ns.VOCAB + "style-set-theory"),
            ("relationship", ns.VOCAB + "rel-subset-of"), ("rationale", ns.VOCAB + "rationale-semantic"),
            ("justification", ns.SEMAPV + "ManualMappingCuration"), ("review-status", ns.VOCAB + "review-unreviewed"),
            ("predicate", ns.SKOS + "narrowMatch"), ("provenance", ns.VOCAB + "provenance-curated"),
        )
    ]  # fmt: skip
    path = tmp_path / "pairs.json"
    path.write_text(json.dumps(document))
    store = open_store(store_path)
    try:
        report = import_file(store, path)
        graph = named_graph(store, report.sets[0][1])
    finally:
        store.close()
    records = set(graph.subjects(RDF.type, URIRef(CW + "Mapping")))
    targeted = {
        (str(graph.value(r, URIRef(CW + "recordId"))), str(graph.value(r, URIRef(CW + "object")))) for r in records
    }
    assert len([t for t in targeted if t[0].startswith("r-1")]) == 2
    assert {o for _, o in targeted} >= {ns.ID + "ai-rmf/1.0/GV-1.1", ns.ID + "ai-rmf/1.0/MS-2.7"}
    merged = [r for r in records if len(set(graph.objects(r, URIRef(CW + "object")))) > 1]
    assert merged == []
