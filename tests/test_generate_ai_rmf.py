"""The AI RMF 1.0 generator against the reference data: counts, verbatim statements, hierarchy, locators."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rdflib import Graph

from crosswalk.content import namespaces as ns
from crosswalk.content.generate.ai_rmf import SPEC, build

REFERENCE = Path(os.environ.get("CROSSWALK_REFERENCE", Path(__file__).resolve().parents[2] / "shared" / "reference"))
FOLDER = REFERENCE / SPEC.reference_folder
PREFIXES = "\n".join(f"PREFIX {prefix}: <{iri}>" for prefix, iri in ns.PREFIXES.items())

pytestmark = pytest.mark.skipif(not FOLDER.is_dir(), reason=f"reference data not found at {FOLDER}")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build(REFERENCE)


@pytest.fixture(scope="module")
def core() -> dict:
    with (FOLDER / "ai-rmf-1.0-core.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def select(graph: Graph, query: str) -> list[tuple]:
    return [tuple(row) for row in graph.query(PREFIXES + "\n" + query)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cls", "expected"),
    [("Function", 4), ("Category", 19), ("Subcategory", 72), ("SuggestedAction", 459), ("DocumentationQuestion", 294)],
)
def test_element_counts(graph: Graph, cls: str, expected: int) -> None:
    [(count,)] = select(graph, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a cw:{cls} ; cw:inVersion ?v }}")
    assert int(count) == expected


def test_element_count_recorded_on_version(graph: Graph) -> None:
    [(count,)] = select(graph, f"SELECT ?n WHERE {{ <{SPEC.iri}> cw:elementCount ?n }}")
    assert int(count) == 4 + 19 + 72 + 459 + 294


def test_subcategory_statements_are_verbatim(graph: Graph, core: dict) -> None:
    rows = select(
        graph,
        """SELECT ?notation ?statement ?fidelity WHERE {
               ?s a cw:Subcategory ; skos:notation ?notation ; cw:statement ?statement ; cw:textFidelity ?fidelity }""",
    )
    found = {str(notation): str(statement) for notation, statement, _ in rows}
    assert found == {sub["id"]: sub["statement"] for sub in core["subcategories"]}
    assert {str(fidelity) for *_, fidelity in rows} == {ns.VOCAB + "fidelity-verbatim"}


def test_every_subcategory_has_one_category_parent(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?s (COUNT(DISTINCT ?parent) AS ?parents) (COUNT(DISTINCT ?category) AS ?categories) WHERE {
               ?s a cw:Subcategory .
               OPTIONAL { ?s cw:partOf ?parent }
               OPTIONAL { ?s cw:partOf ?category . ?category a cw:Category }
           } GROUP BY ?s""",
    )
    assert len(rows) == 72
    assert all((int(parents), int(categories)) == (1, 1) for _, parents, categories in rows)


def test_alt_id_lookup(graph: Graph) -> None:
    rows = select(graph, 'SELECT ?s WHERE { ?s skos:hiddenLabel "GV-1.1" ; skos:notation "GOVERN 1.1" }')
    assert [str(s) for (s,) in rows] == [SPEC.element_base + "GV-1.1"]


def test_function_statements_are_not_claimed_verbatim(graph: Graph) -> None:
    rows = select(graph, "SELECT ?f ?fid WHERE { ?f a cw:Function ; cw:textFidelity ?fid }")
    assert len(rows) == 4
    assert {str(fid) for _, fid in rows} == {ns.VOCAB + "fidelity-paraphrase"}


def test_playbook_elements_have_no_notation_and_a_parent(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?e WHERE {
               { ?e a cw:SuggestedAction } UNION { ?e a cw:DocumentationQuestion }
               FILTER (EXISTS { ?e skos:notation ?x } || NOT EXISTS { ?e cw:partOf/a cw:Subcategory }
                       || NOT EXISTS { ?e cw:statement ?t })
           }""",
    )
    assert rows == []


def test_playbook_statement_only_where_wording_differs(graph: Graph, core: dict) -> None:
    rows = select(graph, "SELECT ?n ?p WHERE { ?s cw:playbookStatement ?p ; skos:notation ?n }")
    expected = {
        sub["id"]: sub["statement_playbook_json"]
        for sub in core["subcategories"]
        if sub["statement_playbook_json"] != sub["statement"]
    }
    assert {str(n): str(p) for n, p in rows} == expected


def test_locators(graph: Graph) -> None:
    assert select(graph, "SELECT ?e WHERE { ?e cw:sourcePage|cw:sourcePdfPage ?p }") == []
    rows = select(
        graph, 'SELECT ?table WHERE { ?s skos:notation "MEASURE 2.7" ; cw:sourceSection "5.3" ; cw:sourceTable ?table }'
    )
    assert [str(t) for (t,) in rows] == ["Table 3"]
    rows = select(
        graph,
        'SELECT ?sec WHERE { ?a cw:partOf/skos:notation "MANAGE 2.2" ; a cw:SuggestedAction ; cw:sourceSection ?sec }',
    )
    assert {str(s) for (s,) in rows} == {"MANAGE 2.2 Suggested Actions"}


def test_catalog_conforms_to_shapes(graph: Graph) -> None:
    from crosswalk.content.validation import shacl_problems

    assert shacl_problems(graph, {}, {}) == []


def test_playbook_text_kept(graph: Graph) -> None:
    """Every Subcategory has its About text; nested bullets (147) and the 2 list lead-ins (over 15 + 5 actions)
    are kept on the actions; reference subheadings are not references."""
    [(abouts,)] = select(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s a cw:Subcategory ; cw:description ?d }")
    assert int(abouts) == 72
    [(notes,)] = select(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s a cw:SuggestedAction ; cw:description ?d }")
    assert int(notes) == 147 + 15 + 5
    assert select(graph, 'SELECT ?r WHERE { ?s cw:reference ?r FILTER STRSTARTS(STR(?r), "#") }') == []
