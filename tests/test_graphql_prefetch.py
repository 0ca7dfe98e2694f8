"""Trees and element pages, which GraphQL reads whole in one query and keeps per content version, answer what the
catalogs say: checked against SPARQL over the same service, and asked twice (the second answer from what was kept)."""

from __future__ import annotations

from collections import defaultdict

from fastapi.testclient import TestClient

from tests.conftest import PREFIXES, graphql, sparql_rows

SSDF_AI = "https://w3id.org/crosswalk/id/sp-800-218a/2024-07"

TREE = """query($first: Int!) { tree(version: "sp-800-218a/2024-07") { totalCount items { notation kind
  children(first: $first) { totalCount nextCursor items { notation parent { notation }
    children { totalCount items { notation statement version children { totalCount } } } } } } } }"""


def _parts(client: TestClient) -> dict[str, list[str]]:
    """Notation -> its parts' notations in document order (order, then id), read with SPARQL."""
    rows = sparql_rows(
        client,
        PREFIXES
        + f"""SELECT ?parent ?child ?order ?id WHERE {{
          ?c cw:inVersion <{SSDF_AI}> ; cw:partOf ?p ; skos:notation ?child ; dcterms:identifier ?id .
          ?p skos:notation ?parent . OPTIONAL {{ ?c cw:order ?order }} }}""",
    )
    parts: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for row in rows:
        parts[row["parent"]].append((int(row.get("order", -1)), row["id"], row["child"]))
    return {parent: [child for *_, child in sorted(children)] for parent, children in parts.items()}


def test_tree_of_three_levels_is_the_catalog_part_of_hierarchy(client: TestClient) -> None:
    parts = _parts(client)
    first = graphql(client, TREE, first=100)["tree"]
    assert first == graphql(client, TREE, first=100)["tree"]  # kept, the same answer
    groups = first["items"]
    assert first["totalCount"] == len(groups) and {g["kind"] for g in groups} == {"PracticeGroup"}
    tasks = 0
    for group in groups:
        practices = group["children"]["items"]
        assert [p["notation"] for p in practices] == parts[group["notation"]]
        assert group["children"]["totalCount"] == len(practices) and group["children"]["nextCursor"] is None
        for practice in practices:
            assert practice["parent"] == {"notation": group["notation"]}
            below = practice["children"]["items"]
            assert [t["notation"] for t in below] == parts.get(practice["notation"], [])
            for task in below:
                assert task["version"] == "sp-800-218a/2024-07" and task["statement"]
                assert task["children"]["totalCount"] == len(parts.get(task["notation"], []))
            tasks += len(below)
    assert tasks == 48  # the hand-written SPARQL of bench_surfaces finds as many tasks

    paged = graphql(client, TREE, first=2)["tree"]["items"]
    for group, whole in zip(paged, groups, strict=True):
        assert group["children"]["items"] == whole["children"]["items"][:2]
        assert group["children"]["totalCount"] == whole["children"]["totalCount"]
        assert (group["children"]["nextCursor"] is None) == (whole["children"]["totalCount"] <= 2)


PAGE = """query($id: String!) { element(id: $id) { notation statement parent { notation }
  mappings { direction relationship { notation } other { notation version }
    mapping { recordId explanation strength subject { notation } object { notation } } } } }"""


def test_element_page_has_every_asserted_mapping_with_its_other_end(client: TestClient) -> None:
    first = graphql(client, PAGE, id="MEASURE 2.7")["element"]
    assert first == graphql(client, PAGE, id="MEASURE 2.7")["element"]  # kept, the same answer
    assert first["notation"] == "MEASURE 2.7" and first["parent"] == {"notation": "MEASURE 2"}
    rows = sparql_rows(
        client,
        PREFIXES
        + """SELECT DISTINCT ?record ?other WHERE {
          ?e skos:notation "MEASURE 2.7" ; cw:inVersion <https://w3id.org/crosswalk/id/ai-rmf/1.0> .
          { ?m cw:subject ?e ; cw:object ?o } UNION { ?m cw:object ?e ; cw:subject ?o }
          ?m a cw:Mapping ; cw:recordId ?record .
          FILTER NOT EXISTS { ?m cw:provenance cwv:provenance-inferred }
          OPTIONAL { ?o skos:notation ?other } }""",
    )
    seen = sorted((m["mapping"]["recordId"], (m["other"] or {}).get("notation")) for m in first["mappings"])
    assert seen == sorted((row["record"], row.get("other")) for row in rows)
    for view in first["mappings"]:
        ends = (view["mapping"]["subject"]["notation"], view["mapping"]["object"]["notation"])
        assert ends == (("MEASURE 2.7", view["other"]["notation"]) if view["direction"] == "FROM" else
                        (view["other"]["notation"], "MEASURE 2.7"))  # fmt: skip
