"""Mapping suggestions and their review through the public surfaces (GraphQL, CLI), on a store copy and a temporary
copy of mappings/: ranked candidates with reasons, curators only for the queue, accept (SSSOM row and store),
reject, defer, the decisions recorded, and suggestions counting nowhere (crosswalks, inferred chains, coverage)
until accepted."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswalk.content import sssom_tsv
from crosswalk.content.mapping_records import to_graph
from crosswalk.engine.accounts import AccountStore
from crosswalk.surfaces.cli.main import main
from crosswalk.surfaces.http.access import accounts_location
from crosswalk.surfaces.http.app import Settings, create_app
from tests.conftest import REPO, graphql, graphql_errors, org_admin, sparql_rows
from tests.store_copies import copy_store

SET = "ai-800-1-ipd-to-ai-rmf"
PRACTICE = "https://w3id.org/crosswalk/id/ai-800-1/ipd/practice-4.2"
SUGGEST = """query($e: String!, $to: String!, $first: Int!) { suggestMappings(element: $e, toVersion: $to,
  version: "ai-800-1/ipd", first: $first) { rank score target { iri version } reasons { kind text weight records terms } } }"""
QUEUE = """query($status: String!, $first: Int!, $after: String) { suggestionQueue(set: "SET_ID", status: $status,
  first: $first, after: $after) { totalCount nextCursor items { id set score status reasons acceptedAs
  subject { iri } target { iri notation } decisions { action agent at reason record } } } }""".replace("SET_ID", SET)
ENQUEUE = """mutation { queueSuggestions(fromVersion: "ai-800-1/ipd", toVersion: "ai-rmf/1.0",
  element: "Practice 4.2", first: 5) }"""
CROSSWALK = """query($to: String!) { crosswalk(from: "Practice 4.2", version: "ai-800-1/ipd", toFramework: $to)
  { derived target { iri } } }"""
INFERRED = "SELECT (COUNT(?m) AS ?n) WHERE { GRAPH <https://w3id.org/crosswalk/graph/inferred> { ?m a <https://w3id.org/crosswalk/ontology#Mapping> } }"


@pytest.fixture(scope="module")
def review_app(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path]]:
    root = tmp_path_factory.mktemp("suggest")
    store, mappings = root / "store", root / "mappings"
    copy_store(built_store, store)
    shutil.copytree(REPO / "mappings", mappings)
    app = create_app(Settings(store=store, query_timeout=90, mappings=mappings))
    with TestClient(app) as client:
        yield client, mappings


def curator(client: TestClient) -> dict[str, str]:
    settings = client.app.state.settings  # type: ignore[attr-defined]
    with AccountStore(str(accounts_location(settings.store, settings.accounts))) as accounts:
        token = accounts.issue_token("cora@curators.test", "curator").token
    return {"authorization": f"Bearer {token}"}


def assert_path(client: TestClient, start: str, end: str, records: list[str]) -> None:
    """The records of a chain reason are asserted records that lead, end to end, from ``start`` to ``end``."""
    values = " ".join(f"<{r}>" for r in records)
    rows = sparql_rows(
        client,
        f"PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT ?m ?s ?o WHERE {{ VALUES ?m {{ {values} }} "
        "?m a cw:Mapping ; cw:subject ?s ; cw:object ?o ; cw:provenance ?p "
        "FILTER (?p != <https://w3id.org/crosswalk/vocab/provenance-inferred>) }",
    )
    ends = {row["m"]: {row["s"], row["o"]} for row in rows}
    assert set(ends) == set(records)
    at = start
    for record in records:
        assert at in ends[record], (record, at)
        (at,) = ends[record] - {at}
    assert at == end


def test_suggestions_are_ranked_with_reasons_that_hold(review_app: tuple[TestClient, Path]) -> None:
    client, _ = review_app
    ranked = graphql(client, SUGGEST, e="Practice 4.2", to="ai-rmf/1.0", first=10)["suggestMappings"]
    assert [s["rank"] for s in ranked] == list(range(1, 11))
    assert [s["score"] for s in ranked] == sorted((s["score"] for s in ranked), reverse=True)
    assert {s["target"]["version"] for s in ranked} == {"ai-rmf/1.0"}
    mapped = {h["target"]["iri"] for h in graphql(client, CROSSWALK, to="ai-rmf")["crosswalk"] if not h["derived"]}
    assert not mapped & {s["target"]["iri"] for s in ranked}, "an element's existing targets are not suggested"
    kinds = set()
    for suggestion in ranked:
        assert suggestion["reasons"], suggestion
        for reason in suggestion["reasons"]:
            kinds.add(reason["kind"])
            if reason["kind"] == "shared-terms":
                assert reason["terms"] and all(t in reason["text"] for t in reason["terms"])
            if reason["kind"] == "chain" and not reason["text"].startswith("reached by its "):
                assert_path(client, PRACTICE, suggestion["target"]["iri"], reason["records"])
    assert {"shared-terms", "chain"} <= kinds
    errors = graphql_errors(client, SUGGEST, e="Practice 4.2", to="no-such/1.0", first=5)
    assert errors and "unknown framework" in errors[0]
    assert "between 1 and 100" in graphql_errors(client, SUGGEST, e="Practice 4.2", to="ai-rmf/1.0", first=0)[0]


def test_only_curators_queue_and_review(review_app: tuple[TestClient, Path]) -> None:
    client, _ = review_app
    for headers in (None, org_admin(client, "suggest-lab")):
        for query, variables in ((ENQUEUE, {}), (QUEUE, {"status": "pending", "first": 5})):
            response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
            codes = {e["extensions"]["code"] for e in response.json()["errors"]}
            assert codes == ({"UNAUTHENTICATED"} if headers is None else {"FORBIDDEN"})
        reject = 'mutation { rejectSuggestion(id: "s-000000000000", reason: "no") { id } }'
        assert graphql_errors(client, reject, headers)


def test_review_accept_reject_defer(review_app: tuple[TestClient, Path]) -> None:
    client, mappings = review_app
    cora = curator(client)
    inferred_before = sparql_rows(client, INFERRED)[0]["n"]
    reachable_before = {h["target"]["iri"] for h in graphql(client, CROSSWALK, to="ai-rmf")["crosswalk"]}
    queued = graphql(client, ENQUEUE, cora)["queueSuggestions"]
    assert len(queued) == 5 and graphql(client, ENQUEUE, cora)["queueSuggestions"] == []  # queued once
    first = graphql(client, QUEUE, cora, status="pending", first=2)["suggestionQueue"]
    assert first["totalCount"] == 5 and len(first["items"]) == 2 and first["nextCursor"]
    rest = graphql(client, QUEUE, cora, status="pending", first=10, after=first["nextCursor"])["suggestionQueue"]
    items = first["items"] + rest["items"]
    assert {i["id"] for i in items} == set(queued) and all(i["reasons"] and i["status"] == "pending" for i in items)

    # Pending suggestions count nowhere: no new crosswalk target, the same inferred graph, nothing on /sparql.
    assert {h["target"]["iri"] for h in graphql(client, CROSSWALK, to="ai-rmf")["crosswalk"]} == reachable_before
    assert sparql_rows(client, INFERRED)[0]["n"] == inferred_before
    assert sparql_rows(client, "SELECT ?s WHERE { ?s a <https://w3id.org/crosswalk/ontology#MappingSuggestion> }") == []

    # Coverage: implemented evidence on Practice 4.2; a gap target of a pending suggestion stays a gap.
    org = "suggest-lab"
    admin = org_admin(client, org)
    graphql(
        client,
        'mutation { upsertOrganization(id: "suggest-lab", name: "S", roles: ["initial-developer"], '
        'releaseTypes: ["api"]) { id } }',
        admin,
    )
    graphql(
        client,
        'mutation { recordEvidence(org: "suggest-lab", items: [{id: "RT-1", title: "red team", '
        'kind: "policy", supports: [{element: "Practice 4.2", version: "ai-800-1/ipd", status: "implemented"}]}]) '
        "{ created } }",
        admin,
    )
    coverage_query = '{ coverage(org: "suggest-lab", framework: "ai-rmf") { elements { status element { iri } } } }'

    def status() -> dict[str, str]:
        data = graphql(client, coverage_query, admin)["coverage"]["elements"]
        return {e["element"]["iri"]: e["status"] for e in data}

    gaps = [i for i in items if status()[i["target"]["iri"]] == "gap"]
    assert gaps, "some suggested target is a gap for this organization"
    chosen = gaps[0]

    original = (REPO / "mappings" / f"{SET}.sssom.tsv").read_text(encoding="utf-8")
    accept = """mutation($id: String!) { acceptSuggestion(id: $id, relationship: "subset-of", rationale: "semantic",
      strength: 6, explanation: "Red-teaming the model for misuse is one instance of what the subcategory asks.",
      author: "ann@curators.test") { record file suggestion { status acceptedAs decisions { action agent record } } } }"""
    bad = accept.replace('"subset-of"', '"supports"')
    assert "is not a set-theory relationship" in graphql_errors(client, bad, cora, id=chosen["id"])[0]
    done = graphql(client, accept, cora, id=chosen["id"])["acceptSuggestion"]
    assert done["file"] == f"{SET}.sssom.tsv" and done["suggestion"]["status"] == "accepted"
    assert done["suggestion"]["decisions"] == [
        {"action": "accept", "agent": "cora@curators.test", "record": done["record"]}
    ]
    assert "already accepted" in graphql_errors(client, accept, cora, id=chosen["id"])[0]

    # The SSSOM file: one full row more, readable and valid; the checkout's own file untouched.
    assert (REPO / "mappings" / f"{SET}.sssom.tsv").read_text(encoding="utf-8") == original
    written = sssom_tsv.read(mappings / f"{SET}.sssom.tsv")
    assert len(written.rows) == len(sssom_tsv.parse(original).rows) + 1
    row = written.rows[-1]
    problems: list = []
    to_graph(written, problems)
    assert problems == []
    assert (row.subject_id, row.object_id.split(":")[0], row.ir8477_relationship, row.ir8477_rationale) == (
        "ai8001ipd:practice-4.2",
        "airmf",
        "subset-of",
        "semantic",
    )
    assert (row.author_label, row.reviewer_label, row.mapping_provenance, row.review_status) == (
        "ann@curators.test",
        "cora@curators.test",
        "curated",
        "reviewed",
    )
    assert row.mapping_date and row.ir8477_strength == "6" and row.predicate_id == "skos:broadMatch"
    assert chosen["id"] in row.comment
    # The store: the record in its set's graph, the crosswalk engine and coverage count it.
    record_rows = sparql_rows(client, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{done['record']}> ?p ?o }} }}")
    hits = {h["target"]["iri"]: h["derived"] for h in graphql(client, CROSSWALK, to="ai-rmf")["crosswalk"]}
    assert hits[chosen["target"]["iri"]] is False
    assert status()[chosen["target"]["iri"]] == "partial"
    assert record_rows == [{"g": f"https://w3id.org/crosswalk/graph/mappings/{SET}"}]  # /sparql sees it at once
    assert int(sparql_rows(client, INFERRED)[0]["n"]) >= int(inferred_before)

    others = [i["id"] for i in items if i["id"] != chosen["id"]]
    reject = 'mutation($id: String!) { rejectSuggestion(id: $id, reason: "different concern") { status decisions { action reason } } }'
    rejected = graphql(client, reject, cora, id=others[0])["rejectSuggestion"]
    assert rejected == {"status": "rejected", "decisions": [{"action": "reject", "reason": "different concern"}]}
    defer = 'mutation($id: String!) { deferSuggestion(id: $id, reason: "ask the second reader") { status } }'
    assert graphql(client, defer, cora, id=others[1])["deferSuggestion"]["status"] == "deferred"
    assert (
        "needs a reason" in graphql_errors(client, defer.replace("ask the second reader", " "), cora, id=others[2])[0]
    )
    assert graphql(client, QUEUE, cora, status="deferred", first=5)["suggestionQueue"]["totalCount"] == 1
    assert graphql(client, QUEUE, cora, status="pending", first=5)["suggestionQueue"]["totalCount"] == 2
    # A pair queued before (rejected, deferred, accepted) is not queued again; the accepted target is now mapped, so
    # the next candidate down takes its place.
    again = graphql(client, ENQUEUE, cora)["queueSuggestions"]
    assert len(again) == 1 and not set(again) & set(queued)


def test_cli_suggest_and_review(store_copy: Path, tmp_path: Path) -> None:
    mappings = tmp_path / "mappings"
    shutil.copytree(REPO / "mappings", mappings)
    runner = CliRunner()
    for command in (["suggest", "--help"], ["review", "--help"], ["review", "accept", "--help"]):
        result = runner.invoke(main, command)
        assert result.exit_code == 0 and "Usage" in result.output
    store = ["--store", str(store_copy)]
    bad = runner.invoke(main, ["suggest", "--from", "nope", "--to", "ai-rmf/1.0", *store])
    assert bad.exit_code == 1 and "unknown framework" in bad.output
    result = runner.invoke(
        main,
        [
            "suggest",
            "--from",
            "ai-800-1/ipd",
            "--to",
            "ai-rmf/1.0",
            "--element",
            "Practice 2.1",
            "--top",
            "3",
            "--queue",
            "--as",
            "cli-curator",
            "--format",
            "json",
            *store,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "queued 3 new pending suggestion(s)" in result.output
    listed = runner.invoke(main, ["review", "list", "--set", SET, "--format", "json", *store])
    pending = [i for i in json.loads(listed.stdout) if i["subject"].endswith("practice-2.1")]
    assert len(pending) == 3
    first, second, third = (i["id"] for i in pending)
    failed = runner.invoke(
        main,
        [
            "review",
            "accept",
            first,
            "--relationship",
            "intersects-with",
            "--explanation",
            "too short",
            "--mappings",
            str(mappings),
            *store,
        ],
    )
    assert failed.exit_code == 1 and "rationale" in failed.output
    assert (mappings / f"{SET}.sssom.tsv").read_text() == (REPO / "mappings" / f"{SET}.sssom.tsv").read_text()
    accepted = runner.invoke(
        main,
        [
            "review",
            "accept",
            first,
            "--relationship",
            "intersects-with",
            "--rationale",
            "semantic",
            "--strength",
            "4",
            "--explanation",
            "Both set an unacceptable level of risk, for misuse and in general.",
            "--as",
            "cli-curator",
            "--mappings",
            str(mappings),
            *store,
        ],
    )
    assert accepted.exit_code == 0, accepted.output
    row = sssom_tsv.read(mappings / f"{SET}.sssom.tsv").rows[-1]
    assert (row.subject_id, row.author_label, row.review_status) == (
        "ai8001ipd:practice-2.1",
        "cli-curator",
        "unreviewed",
    )
    assert runner.invoke(main, ["review", "reject", second, "--reason", "not the same concern", *store]).exit_code == 0
    assert runner.invoke(main, ["review", "defer", third, "--reason", "read again", *store]).exit_code == 0
    again = runner.invoke(main, ["review", "reject", second, "--reason", "twice", *store])
    assert again.exit_code == 1 and "already rejected" in again.output
    statuses = {
        s: json.loads(runner.invoke(main, ["review", "list", "--status", s, "--format", "json", *store]).stdout)
        for s in ("accepted", "rejected", "deferred")
    }
    assert [i["id"] for i in statuses["accepted"]] == [first] and statuses["accepted"][0]["acceptedAs"]
    assert [i["id"] for i in statuses["rejected"]] == [second]
    assert [i["id"] for i in statuses["deferred"]] == [third]
    # The store took the record, in its set's graph.
    record = accepted.output.split(" as ", 1)[1].split(";", 1)[0]
    query = tmp_path / "record.rq"
    query.write_text(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{record}> a <https://w3id.org/crosswalk/ontology#Mapping> }} }}")
    shown = runner.invoke(main, ["query", str(query), "--format", "csv", *store])
    assert shown.exit_code == 0 and f"https://w3id.org/crosswalk/graph/mappings/{SET}" in shown.stdout


NEW_SET = "owasp-llm-top10-2025-to-ai-rmf-1.0"  # no set maps the OWASP LLM Top 10 2025 to the AI RMF
NEW_SET_IRI = f"https://w3id.org/crosswalk/mappings/{NEW_SET}"


CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


def assert_new_set_file(path: Path, curator_name: str, rows: int, license_iri: str) -> sssom_tsv.MappingSetFile:
    """A set file written by the first acceptance: the metadata header every curated set has (with the license its
    curator chose), and valid rows."""
    written = sssom_tsv.read(path)
    meta = written.metadata
    assert meta["mapping_set_id"] == NEW_SET_IRI and written.set_id == NEW_SET
    assert (meta["subject_source"], meta["object_source"]) == (
        "https://w3id.org/crosswalk/id/owasp-llm-top10/2025",
        "https://w3id.org/crosswalk/id/ai-rmf/1.0",
    )
    assert "owasp-llm-top10/2025" in meta["mapping_set_title"] and "ai-rmf/1.0" in meta["mapping_set_title"]
    assert meta["mapping_set_description"] and meta["license"] == license_iri
    assert meta["creator_label"] == [curator_name] and meta["mapping_date"]
    assert [d["slot_name"] for d in meta["extension_definitions"]] == list(sssom_tsv.EXTENSION_COLUMNS)
    prefixes = {row.subject_id.split(":")[0] for row in written.rows} | {
        r.object_id.split(":")[0] for r in written.rows
    }
    assert prefixes <= set(meta["curie_map"]) and "airmf" in prefixes
    assert len(written.rows) == rows
    problems: list = []
    to_graph(written, problems)
    assert problems == []
    return written


def test_accepting_into_a_set_that_has_no_file_yet_creates_it(review_app: tuple[TestClient, Path]) -> None:
    client, mappings = review_app
    cora = curator(client)
    path = mappings / f"{NEW_SET}.sssom.tsv"
    assert not path.exists()
    enqueue = """mutation { queueSuggestions(fromVersion: "owasp-llm-top10/2025", toVersion: "ai-rmf/1.0",
      element: "LLM01", first: 2) }"""
    queued = graphql(client, enqueue, cora)["queueSuggestions"]
    assert len(queued) == 2 and not path.exists()  # queued for the new set; no file until something is accepted
    listed = graphql(client, QUEUE.replace(SET, NEW_SET), cora, status="pending", first=5)["suggestionQueue"]
    assert {i["id"] for i in listed["items"]} == set(queued) and {i["set"] for i in listed["items"]} == {NEW_SET}
    accept = """mutation($id: String!, $license: String) { acceptSuggestion(id: $id, relationship: "intersects-with",
      rationale: "semantic", strength: 3, explanation: "Both concern manipulated inputs steering an AI system.",
      author: "ann@curators.test", license: $license) { record file suggestion { status } } }"""
    unknown = graphql_errors(client, accept, cora, id=queued[0], license="all rights reserved")
    assert "neither one of cc-by-4.0, cc-by-sa-4.0, cc0-1.0 nor an http(s) IRI" in unknown[0] and not path.exists()
    done = graphql(client, accept, cora, id=queued[0], license="cc0-1.0")["acceptSuggestion"]
    assert done["file"] == path.name and done["suggestion"]["status"] == "accepted"
    written = assert_new_set_file(path, "cora@curators.test", 1, CC0)
    licensed = sparql_rows(client, f"SELECT ?l WHERE {{ <{NEW_SET_IRI}> <http://purl.org/dc/terms/license> ?l }}")
    assert licensed == [{"l": CC0}]
    row = written.rows[0]
    assert (row.ir8477_style, row.ir8477_relationship, row.mapping_provenance, row.review_status) == (
        "set-theory",
        "intersects-with",
        "curated",
        "reviewed",
    )
    assert (row.author_label, row.reviewer_label) == ("ann@curators.test", "cora@curators.test")
    assert queued[0] in row.comment and row.predicate_id == "skos:relatedMatch"
    # The store: the record in the new set's graph with the set's metadata; the crosswalk engine follows it.
    graphs = sparql_rows(client, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{done['record']}> ?p ?o }} }}")
    assert graphs == [{"g": f"https://w3id.org/crosswalk/graph/mappings/{NEW_SET}"}]
    titles = sparql_rows(
        client,
        f"SELECT ?t ?s WHERE {{ <{NEW_SET_IRI}> <http://purl.org/dc/terms/title> ?t ; "
        "<https://w3id.org/crosswalk/ontology#subjectSource> ?s }",
    )
    assert titles == [{"t": written.metadata["mapping_set_title"], "s": written.metadata["subject_source"]}]
    walked = """{ crosswalk(from: "LLM01", version: "owasp-llm-top10/2025", toFramework: "ai-rmf")
      { derived target { iri } } }"""
    reached = {h["target"]["iri"]: h["derived"] for h in graphql(client, walked)["crosswalk"]}
    target = expand_object(row.object_id, written)
    assert reached[target] is False
    # The second acceptance appends to the file the first one wrote, under the set's license: it cannot change it.
    relicensed = graphql_errors(client, accept, cora, id=queued[1], license="cc-by-4.0")
    assert f"the set {NEW_SET} is licensed {CC0}" in relicensed[0]
    graphql(client, accept, cora, id=queued[1])
    assert_new_set_file(path, "cora@curators.test", 2, CC0)


def expand_object(curie: str, mapping_set: sssom_tsv.MappingSetFile) -> str:
    prefix, local = curie.split(":", 1)
    return mapping_set.curie_map[prefix] + local


def test_cli_accept_creates_a_new_set_file(store_copy: Path, tmp_path: Path) -> None:
    mappings = tmp_path / "mappings"
    shutil.copytree(REPO / "mappings", mappings)
    runner = CliRunner()
    store = ["--store", str(store_copy)]
    suggested = runner.invoke(
        main,
        [
            *("suggest", "--from", "owasp-llm-top10/2025", "--to", "ai-rmf/1.0", "--element", "LLM02", "--top", "1"),
            *("--queue", "--as", "cli-curator", "--format", "json", *store),
        ],
    )
    assert suggested.exit_code == 0, suggested.output
    assert "queued 1 new pending suggestion(s)" in suggested.output
    listed = runner.invoke(main, ["review", "list", "--set", NEW_SET, "--format", "json", *store])
    (item,) = [i for i in json.loads(listed.stdout) if i["subject"].endswith("LLM02")]
    assert item["set"] == NEW_SET and not (mappings / f"{NEW_SET}.sssom.tsv").exists()
    accept = [
        *("review", "accept", item["id"], "--relationship", "intersects-with", "--rationale", "semantic"),
        *("--strength", "3", "--explanation", "Both concern information an AI system should not disclose."),
        *("--as", "cli-curator", "--mappings", str(mappings), *store),
    ]
    unlicensed = runner.invoke(main, [*accept, "--license", "ftp://example.org/license"])
    assert unlicensed.exit_code == 1 and "nor an http(s) IRI" in unlicensed.output
    assert not (mappings / f"{NEW_SET}.sssom.tsv").exists()
    accepted = runner.invoke(main, accept)
    assert accepted.exit_code == 0, accepted.output
    written = assert_new_set_file(mappings / f"{NEW_SET}.sssom.tsv", "cli-curator", 1, CC_BY)  # the default
    assert written.rows[0].subject_id.endswith(":LLM02") and written.rows[0].review_status == "unreviewed"
    assert (REPO / "mappings" / f"{NEW_SET}.sssom.tsv").exists() is False
    bad = runner.invoke(main, ["review", "list", "--set", "../etc", *store])
    assert bad.exit_code == 1 and "not a mapping set id" in bad.output


def test_bad_suggestion_arguments_are_named_and_a_long_id_is_not_echoed_whole(client: TestClient) -> None:
    ask = """query($element: String!, $first: Int!) { suggestMappings(element: $element, toVersion: "ai-rmf/1.0",
      version: "ai-800-1/ipd", first: $first) { score } }"""
    for first in (0, 101):
        (message,) = graphql_errors(client, ask, element="Practice 4.2", first=first)
        assert message == "first must be between 1 and 100"
    (message,) = graphql_errors(client, ask, element="x" * 100_000, first=5)
    assert message.startswith("unknown element 'xxx") and message.endswith("… (100,000 characters)")
    assert len(message) < 300
