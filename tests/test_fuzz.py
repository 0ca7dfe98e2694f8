"""Fuzzing the public surfaces with generated input: GraphQL arguments and SPARQL text. Whatever arrives, the answer
is a 2xx or 4xx with a reason, never a 5xx, a traceback or a masked unexpected error."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
NUMBER = st.integers(min_value=-(2**31), max_value=2**31 - 1)
NEAR_IDS = st.sampled_from(["GOVERN 1.1", "ai-rmf/1.0", "ai-800-1", "airmf:GV-1.1", "open-weight-lab", "LLM01", ""])
VALUE = st.one_of(TEXT, NEAR_IDS)
# field -> (query with $s, $t: String and $n: Int)
FIELDS: dict[str, str] = {
    "element": "query($s: String!) { element(id: $s) { iri notation } }",
    "elements": "query($s: String!, $t: String) { elements(ids: [$s], version: $t) { iri } }",
    "search": "query($s: String!, $n: Int!) { search(text: $s, first: $n) { iri } }",
    "frameworkVersion": "query($s: String!) { frameworkVersion(id: $s) { id title } }",
    "tree": "query($s: String!, $n: Int!, $t: String) { tree(version: $s, first: $n, after: $t) { totalCount } }",
    "crosswalk": "query($s: String!, $t: String!, $n: Int!) { crosswalk(from: $s, toFramework: $t, maxHops: $n) { hops } }",
    "matrix": "query($s: String!, $t: String!) { matrix(fromVersion: $s, toFramework: $t, maxHops: 1) { rows { iri } } }",
    "untouched": "query($s: String!, $t: String!) { untouched(version: $s, by: $t) { iri } }",
    "diff": "query($s: String!, $t: String!) { diff(fromVersion: $s, toVersion: $t) { added { notation } } }",
    "mappings": "query($t: String, $n: Int!, $s: String) { mappings(set: $t, first: $n, after: $s) { totalCount } }",
    "releaseFit": "query($s: String!) { releaseFit(releaseType: $s) { iri } }",
    "coverage": "query($s: String!, $t: String!) { coverage(org: $s, framework: $t) { version } }",
    "evidence": "query($s: String!, $t: String!) { evidence(org: $s, id: $t) { id } }",
    "record": "mutation($s: String!, $t: String!) { recordEvidence(org: $s, items: [{id: $t, title: $t, kind: $t, "
    "supports: [{element: $t, status: $t}]}]) { created } }",
}
GOOD_QUERIES = [
    "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT ?s WHERE { ?s a cw:Function } LIMIT 3",
    'PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ASK { ?s skos:notation "GOVERN 1.1" }',
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
    'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "risk")) } LIMIT 1',
]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _variables(query: str, s: str, t: str, n: int) -> dict[str, Any]:
    return {name: value for name, value in (("s", s), ("t", t), ("n", n)) if f"${name}" in query}


@SETTINGS
@given(field=st.sampled_from(sorted(FIELDS)), s=VALUE, t=VALUE, n=NUMBER)
def test_graphql_arguments(client: TestClient, field: str, s: str, t: str, n: int) -> None:
    query = FIELDS[field]
    response = client.post("/graphql", json={"query": query, "variables": _variables(query, s, t, n)})
    assert response.status_code in (200, 400), response.text
    for error in response.json().get("errors", []):
        assert error["message"] != "Unexpected error.", (field, s, t, n)
        assert "Traceback" not in error["message"]


@SETTINGS
@given(
    text=st.one_of(
        TEXT,
        st.builds(
            lambda query, at, insert: query[:at] + insert + query[at:],
            st.sampled_from(GOOD_QUERIES),
            st.integers(min_value=0, max_value=120),
            TEXT,
        ),
    ),
    accept=st.sampled_from(["*/*", "application/json", "text/csv", "text/turtle", "image/png", "", "a/b;q=x"]),
)
def test_sparql_text(client: TestClient, text: str, accept: str) -> None:
    response = client.post(
        "/sparql", content=text.encode("utf-8"), headers={"content-type": "application/sparql-query", "accept": accept}
    )
    # 406 only where nothing acceptable can be produced (the SPARQL 1.1 Protocol's answer to image/png)
    unproducible = accept in ("image/png", "a/b;q=x")
    allowed = (200, 400, 403, 413, 406) if unproducible else (200, 400, 403, 413)
    assert response.status_code in allowed, (text, accept, response.status_code, response.text[:200])


def test_every_fuzzed_document_is_valid_graphql(client: TestClient) -> None:
    """With sensible values each document runs (so the fuzz exercises resolvers, not just the validator)."""
    sensible = {"s": "ai-rmf/1.0", "t": "ai-600-1", "n": 2}
    for field, query in FIELDS.items():
        body = client.post("/graphql", json={"query": query, "variables": _variables(query, **sensible)}).json()
        validation = [e["message"] for e in body.get("errors", []) if "Cannot query field" in e["message"]]
        assert validation == [] and (body.get("data") is not None or body.get("errors")), (field, body)
