"""The crosswalk engine through GraphQL and SPARQL: the composition table case by case on a purpose-built mapping
set, the inverse reading of every relationship type, a real two-hop path, intersects-with never chaining into a set
relationship, matrices and edition diffs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswalk.content import namespaces as ns
from crosswalk.content.loader import read_content
from crosswalk.engine.inference import materialise
from crosswalk.engine.mapping_index import MappingIndex
from crosswalk.store import open_store
from crosswalk.surfaces.cli.main import main
from tests.composition import CASES, INVERSE, IPD, STYLE, chain_rules
from tests.conftest import PREFIXES, graphql, graphql_errors, sparql_rows

CROSSWALK = """query($from: String!) { crosswalk(from: $from, toFramework: "ai-800-1", maxHops: 2) {
  relationship { notation style } derived hops target { iri }
  paths { steps { position direction relationship { notation } mapping { recordId } reaches { iri } } } } }"""


@pytest.mark.parametrize(("first", "second"), CASES, ids=[f"{a}+{b}" for a, b in CASES])
def test_composition_case(
    composition: tuple[TestClient, dict[str, tuple[str, str, str]]], first: str, second: str
) -> None:
    client, cases = composition
    a, b, c = cases[f"{first}|{second}"]
    hits = [h for h in graphql(client, CROSSWALK, **{"from": a})["crosswalk"] if h["target"]["iri"] == c]
    expected = chain_rules().get((first, second))
    if expected is None:
        assert hits == [], f"{first} then {second} must not compose"
        return
    assert len(hits) == 1
    hit = hits[0]
    assert hit["relationship"]["notation"] == expected
    assert hit["derived"] and hit["hops"] == 2
    (path,) = hit["paths"]
    assert [s["reaches"]["iri"] for s in path["steps"]] == [b, c]
    assert [s["relationship"]["notation"] for s in path["steps"]] == [first, second]
    assert [s["direction"] for s in path["steps"]] == ["FROM", "FROM"]


def test_every_type_reads_as_its_inverse_from_the_object(
    composition: tuple[TestClient, dict[str, tuple[str, str, str]]],
) -> None:
    client, cases = composition
    for relationship in STYLE:
        a, b, _ = cases[f"{relationship}|equal"]
        forward = graphql(
            client,
            "query($id: String!) { element(id: $id) { mappings(direction: FROM) { relationship { notation } other { iri } } } }",
            id=a,
        )
        assert {"relationship": {"notation": relationship}, "other": {"iri": b}} in forward["element"]["mappings"]
        backward = graphql(
            client,
            "query($id: String!) { element(id: $id) { mappings(direction: TO) { relationship { notation inverse { notation } } other { iri } } } }",
            id=b,
        )
        seen = [m for m in backward["element"]["mappings"] if m["other"]["iri"] == a]
        assert len(seen) == 1
        inverse = INVERSE.get(relationship, relationship)
        assert seen[0]["relationship"]["notation"] == inverse
        assert seen[0]["relationship"]["inverse"]["notation"] == relationship
        if inverse != relationship:
            assert seen[0]["relationship"]["notation"] != relationship  # never the same one read backwards


def test_the_table_never_chains_intersects_into_a_set_relationship() -> None:
    set_types = {"equal", "subset-of", "superset-of", "intersects-with"}
    for (first, second), result in chain_rules().items():
        if "intersects-with" in (first, second):
            assert result not in set_types, (first, second, result)


def test_a_real_two_hop_path_with_its_records(client: TestClient) -> None:
    hits = graphql(
        client,
        """{ crosswalk(from: "Practice 4.2", version: "ai-800-1/ipd", toFramework: "ai-600-1", maxHops: 2) {
              relationship { notation } derived hops target { notation }
              paths { steps { relationship { notation } mapping { recordId provenance { notation } } reaches { notation } } } } }""",
    )["crosswalk"]
    hit = next(h for h in hits if h["target"]["notation"] == "MS-2.6-001")
    assert hit["derived"] and hit["hops"] == 2 and hit["relationship"]["notation"] == "related-to"
    path = hit["paths"][0]["steps"]
    assert [s["mapping"]["recordId"] for s in path] == [
        "cwmap:ai-800-1-ipd-to-ai-rmf/practice-4.2--MS-2.6",
        "cwmap:ai-600-1-to-ai-rmf/MS-2.6-001--MS-2.6",
    ]
    assert [s["reaches"]["notation"] for s in path] == ["MEASURE 2.6", "MS-2.6-001"]
    assert [s["relationship"]["notation"] for s in path] == ["subset-of", "is-supported-by"]
    direct = [h for h in hits if not h["derived"]]
    assert direct and all(h["hops"] == 1 for h in direct)


def test_inferred_graph_links_each_mapping_to_its_records(client: TestClient) -> None:
    # Two plain selects compared here, rather than one NOT EXISTS per mapping: the same check, a hundred times faster.
    inferred = sparql_rows(
        client,
        PREFIXES + "SELECT ?m WHERE { GRAPH <https://w3id.org/crosswalk/graph/inferred> { ?m a cw:Mapping } }",
    )
    linked = sparql_rows(
        client,
        PREFIXES
        + """SELECT DISTINCT ?m WHERE {
              GRAPH <https://w3id.org/crosswalk/graph/inferred> {
                ?m a cw:Mapping ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?r }
              ?r cw:provenance ?p FILTER(?p != cwv:provenance-inferred) }""",
    )
    assert inferred and {r["m"] for r in linked} == {r["m"] for r in inferred}
    through_intersects = sparql_rows(
        client,
        PREFIXES
        + """SELECT DISTINCT ?type WHERE { GRAPH <https://w3id.org/crosswalk/graph/inferred> {
               ?m cw:relationship ?type ; cw:path/cw:step/cw:readAs cwv:rel-intersects-with } }""",
    )
    assert {r["type"] for r in through_intersects} <= {"https://w3id.org/crosswalk/vocab/rel-related-to"}
    asserted_only = sparql_rows(
        client,
        PREFIXES
        + 'SELECT (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m a cw:Mapping } FILTER(STRSTARTS(STR(?g), "https://w3id.org/crosswalk/graph/mappings/")) }',
    )
    assert int(asserted_only[0]["n"]) > 0


def test_matrix_matches_the_named_query(client: TestClient, store_copy: Path) -> None:
    data = graphql(
        client,
        '{ matrix(fromVersion: "ai-800-1/ipd", toFramework: "ai-rmf/1.0") { cells { row column relationship strength hops } rows { iri notation } columns { iri notation } } }',
    )["matrix"]
    assert len(data["rows"]) == 179  # every element of the version is a row, mapped or not
    cells = {(c["row"], c["column"]): c for c in data["cells"]}
    practice = IPD.element_base + "practice-4.2"
    crosswalk = graphql(
        client,
        'query($f: String!) { crosswalk(from: $f, toFramework: "ai-rmf/1.0") { relationship { notation } strength target { iri } } }',
        f=practice,
    )["crosswalk"]
    targets = {h["target"]["iri"] for h in crosswalk}
    assert {column for row, column in cells if row == practice} == targets
    # The named query over the same versions, bound from the shell, links the same pairs (it reads notations).
    versions = ["--bind", f"from={IPD.iri}", "--bind", "to=https://w3id.org/crosswalk/id/ai-rmf/1.0"]
    result = CliRunner().invoke(
        main, ["query", "crosswalk-matrix", *versions, "--store", str(store_copy), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    named = {(row["row"], row["column"]) for row in json.loads(result.output)}
    notation = {e["iri"]: e["notation"] for e in [*data["rows"], *data["columns"]]}
    assert named == {(notation[row], notation[column]) for row, column in cells}
    unknown = CliRunner().invoke(main, ["query", "crosswalk-matrix", "--bind", "nope=x", "--store", str(store_copy)])
    assert unknown.exit_code == 1 and "no VALUES slot for nope" in unknown.output


def test_limits_and_errors(client: TestClient) -> None:
    assert (
        "maxHops must be between 1 and 4"
        in graphql_errors(client, '{ crosswalk(from: "GV-1.1", toFramework: "ai-600-1", maxHops: 9) { hops } }')[0]
    )
    assert (
        "unknown element" in graphql_errors(client, '{ crosswalk(from: "nope", toFramework: "ai-600-1") { hops } }')[0]
    )
    assert (
        "same framework"
        in graphql_errors(client, '{ diff(fromVersion: "ai-rmf/1.0", toVersion: "ai-800-1/ipd") { unchangedCount } }')[
            0
        ]
    )


def test_owasp_edition_diff(client: TestClient) -> None:
    diff = graphql(
        client,
        """{ diff(fromVersion: "owasp-llm-top10/1.1", toVersion: "owasp-llm-top10/2025") {
              changed { basis kinds from { notation } to { notation } } added { notation } removed { notation } unknown { notation } } }""",
    )["diff"]
    changes = {(c["from"]["notation"], c["to"]["notation"]): c for c in diff["changed"]}
    assert changes[("LLM02", "LLM05:2025")]["kinds"] == ["renumbered", "reworded"]
    assert changes[("LLM07", "LLM06:2025")]["kinds"] == ["merged"]
    assert changes[("LLM10", "LLM10:2025")]["kinds"] == ["merged"]
    assert sorted(a["notation"] for a in diff["added"]) == ["LLM07:2025", "LLM08:2025"]
    assert diff["removed"] == [] and diff["unknown"] == []


def test_800_1_draft_diff_never_claims_removal(client: TestClient) -> None:
    diff = graphql(
        client,
        """{ diff(fromVersion: "ai-800-1/ipd", toVersion: "ai-800-1/2pd") {
              changed { basis kinds from { notation } to { notation } } removed { notation } unknown { notation } } }""",
    )["diff"]
    changes = {(c["from"]["notation"], c["to"]["notation"]): c for c in diff["changed"]}
    assert changes[("Practice 3.3", "Practice 3.2")]["basis"] == "revision link"
    assert "renumbered" in changes[("Practice 3.3", "Practice 3.2")]["kinds"]
    assert diff["removed"] == []  # the second draft is partial: what is not attested is unknown, not removed
    assert len(diff["unknown"]) > 100


def test_the_loaded_chains_are_those_of_every_asserted_record(client: TestClient) -> None:
    """A load infers chains from a scratch copy of only the triples the mapping index reads (engine/mapping_index
    READS); the chains it stored must be those the whole content gives. The records are read over /sparql and
    recomputed here from an index over everything the content root holds."""
    scratch = open_store(None)
    content = read_content()
    for graph, triples in content.graphs.items():
        scratch.add_triples(graph, triples)
    inferred, _ = materialise(MappingIndex.from_store(scratch))
    expected = {t.subject.value for t in inferred if t.predicate.value == ns.ONTOLOGY + "recordId"}
    scratch.close()
    rows = sparql_rows(
        client,
        PREFIXES + "SELECT ?m WHERE { GRAPH <https://w3id.org/crosswalk/graph/inferred> { ?m cw:recordId ?id } }",
    )
    stored = {row["m"] for row in rows}
    assert len(stored) > 7000
    assert stored == expected
