"""One writer, many readers: a real `crosswalk serve` process holds the store; the CLI reads beside it, sends its
writes to it (--server), backs it up during writes, and the service's crosswalks follow a mapping import at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crosswalk.engine.accounts import AccountStore, default_accounts_path
from crosswalk.surfaces.cli.main import main
from tests.browser import _free_port
from tests.conftest import REPO
from tests.store_copies import copy_store

EXAMPLE = REPO / "examples" / "open-weight-lab" / "evidence.json"
THIRD_PARTY = REPO / "tests" / "fixtures" / "third-party.sssom.tsv"


@dataclass
class Served:
    url: str
    store: Path
    tokens: dict[str, str]  # role name -> token


@pytest.fixture(scope="module")
def served(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A `crosswalk serve` process over its own copy of the built store, with an organization and tokens."""
    store = tmp_path_factory.mktemp("served") / "store"
    copy_store(built_store, store)
    with AccountStore(default_accounts_path(store)) as accounts:
        tokens = {}
        for org in ("open-weight-lab", "busy-lab", "other-lab"):
            accounts.create_org(org, org)
        tokens["editor"] = accounts.issue_token("ed@lab", "editor", "open-weight-lab").token
        tokens["admin"] = accounts.issue_token("ad@lab", "admin", "open-weight-lab").token
        tokens["busy"] = accounts.issue_token("ad@busy", "admin", "busy-lab").token
        tokens["viewer"] = accounts.issue_token("vi@lab", "viewer", "open-weight-lab").token
        tokens["curator"] = accounts.issue_token("cu@site", "curator").token
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "server")}
    process = subprocess.Popen(
        [sys.executable, "-m", "crosswalk.surfaces.cli.main", "serve", "--store", str(store), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(url + "/health", timeout=5) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"crosswalk serve did not start: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        time.sleep(0.3)
    try:
        yield Served(url, store, tokens)
    finally:
        process.terminate()
        process.wait(30)


def cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def graphql(served: Served, query: str, token: str, **variables: Any) -> dict[str, Any]:
    request = urllib.request.Request(
        served.url + "/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        body = json.loads(answer.read())
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


ITEMS = "query($org: String!) { organization(id: $org) { evidence { id } } }"


def test_read_commands_work_beside_the_running_service(served: Served, tmp_path: Path) -> None:
    rows = cli("query", "framework-versions", "--store", str(served.store), "--format", "json")
    assert rows.exit_code == 0, rows.output
    assert "ai-rmf/1.0" in {row["version"] for row in json.loads(rows.output)}
    out = tmp_path / "set.sssom.tsv"
    exported = cli("export", "--format", "sssom-tsv", "--set", "ai-600-1-to-ai-rmf", "--out", str(out),
                   "--store", str(served.store))  # fmt: skip
    assert exported.exit_code == 0, exported.output
    records = [line for line in out.read_text().splitlines() if line and not line.startswith(("#", "subject_id"))]
    assert len(records) == 213


def test_a_write_without_server_says_the_store_is_held_and_how_to_reach_the_service(served: Served) -> None:
    result = cli("evidence", "import", str(EXAMPLE), "--org", "open-weight-lab", "--store", str(served.store))
    assert result.exit_code == 1
    assert "held by another process" in result.output and "--server" in result.output


def test_evidence_sent_to_the_service_reads_back_over_graphql_and_beside_it(served: Served, tmp_path: Path) -> None:
    sent = cli("evidence", "import", str(EXAMPLE), "--org", "open-weight-lab", "--server", served.url,
               "--token", served.tokens["admin"])  # fmt: skip
    assert sent.exit_code == 0, sent.output
    items = json.loads(EXAMPLE.read_text(encoding="utf-8"))["evidence"]
    assert f"imported {len(items)} items for open-weight-lab ({len(items)} new, 0 updated" in sent.output
    read_back = graphql(served, ITEMS, served.tokens["viewer"], org="open-weight-lab")
    assert sorted(item["id"] for item in read_back["organization"]["evidence"]) == sorted(item["id"] for item in items)
    # A reader opened afterwards sees what the service committed.
    coverage = cli("coverage", "--org", "open-weight-lab", "--framework", "ai-rmf", "--format", "json",
                   "--store", str(served.store))  # fmt: skip
    assert coverage.exit_code == 0, coverage.output
    assert json.loads(coverage.output)["summary"]["covered"] > 0
    # The same file again through the environment variables: nothing changes.
    again = CliRunner(env={"CROSSWALK_SERVER": served.url, "CROSSWALK_TOKEN": served.tokens["editor"]}).invoke(
        main, ["evidence", "import", str(EXAMPLE), "--org", "open-weight-lab"]
    )
    assert again.exit_code == 0 and f"(0 new, 0 updated, {len(items)} unchanged" in again.output, again.output
    # an editor may not change the profile (here: a risk threshold) through an import; the admin may
    changed = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    changed["organization"]["riskThresholds"][0]["upper"] = 0.004  # a gap below the next band, not an overlap
    profile_file = tmp_path / "thresholds.json"
    profile_file.write_text(json.dumps(changed), encoding="utf-8")
    refused = cli("evidence", "import", str(profile_file), "--org", "open-weight-lab", "--server", served.url,
                  "--token", served.tokens["editor"])  # fmt: skip
    assert refused.exit_code == 1 and "may not manage-org" in refused.output, refused.output
    retracted = cli("evidence", "retract", items[0]["id"], "--org", "open-weight-lab", "--reason", "superseded",
                    "--server", served.url, "--token", served.tokens["editor"])  # fmt: skip
    assert retracted.exit_code == 0, retracted.output


def test_the_service_reports_the_same_errors_as_a_local_run(served: Served, store_copy: Path, tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["evidence"][1]["supports"][0]["element"] = "GOVERN 99.9"
    data["evidence"][2]["kind"] = "rumour"
    data["organization"]["id"] = "busy-lab"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    remote = cli("evidence", "import", str(bad), "--org", "other-lab", "--server", served.url,
                 "--token", served.tokens["busy"])  # fmt: skip
    assert remote.exit_code == 1 and "may not write-evidence for organization 'other-lab'" in remote.output
    remote = cli("evidence", "import", str(bad), "--org", "busy-lab", "--server", served.url,
                 "--token", served.tokens["busy"])  # fmt: skip
    local = cli("evidence", "import", str(bad), "--org", "busy-lab", "--store", str(store_copy))
    assert remote.exit_code == local.exit_code == 1
    assert "GOVERN 99.9" in remote.output and "rumour" in remote.output and "nothing was written" in remote.output
    assert remote.output == local.output
    viewer = cli("evidence", "import", str(EXAMPLE), "--org", "open-weight-lab", "--server", served.url,
                 "--token", served.tokens["viewer"])  # fmt: skip
    assert viewer.exit_code == 1 and "may not write-evidence" in viewer.output


def test_a_mapping_import_into_the_running_service_answers_at_once(served: Served, tmp_path: Path) -> None:
    text = THIRD_PARTY.read_text(encoding="utf-8").replace("acme-to-nist-ai", "served-import")
    # a pair no set of ours asserts: SP 800-218A PW.1.1 to AI RMF MANAGE 4.3
    text += "ssdf:PW.1.1\tPW.1.1\tskos:relatedMatch\trmf:MG-4.3\tMANAGE 4.3\tsemapv:ManualMappingCuration\t0.7\t" \
        "orcid:0000-0002-1825-0097\tadded for the one-writer test\n"  # fmt: skip
    source = tmp_path / "served-import.sssom.tsv"
    source.write_text(text, encoding="utf-8")
    query = """query { crosswalk(from: "sp-800-218a/2024-07/PW.1.1", toFramework: "ai-rmf", maxHops: 1) {
        target { notation } paths { steps { mapping { mappingSet } } } } }"""

    def sets_reaching_mg43() -> set[str]:
        hits = graphql(served, query, served.tokens["viewer"])["crosswalk"]
        return {
            step["mapping"]["mappingSet"]
            for hit in hits
            if hit["target"]["notation"] == "MANAGE 4.3"
            for path in hit["paths"]
            for step in path["steps"]
        }

    assert not any("served-import" in s for s in sets_reaching_mg43())
    refused = cli("import", str(source), "--server", served.url, "--token", served.tokens["admin"])
    assert refused.exit_code == 1 and "may not publish-content" in refused.output
    imported = cli("import", str(source), "--server", served.url, "--token", served.tokens["curator"])
    assert imported.exit_code == 0, imported.output
    assert "imported served-import: 4 record(s)" in imported.output
    assert any("served-import" in s for s in sets_reaching_mg43())
    # and the public SPARQL endpoint has the new graph without a restart
    ask = "ASK { GRAPH ?g { ?m ?p ?o } FILTER(CONTAINS(STR(?g), 'served-import')) }"
    request = urllib.request.Request(
        served.url + "/sparql",
        data=ask.encode(),
        headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        assert json.loads(answer.read())["boolean"] is True


def test_a_backup_taken_during_writes_restores_to_a_consistent_store(served: Served, tmp_path: Path) -> None:
    items = json.loads(EXAMPLE.read_text(encoding="utf-8"))["evidence"]
    batches = []
    for n in range(4):  # each a new batch of new items, so a torn one would show as a partial count
        data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        data["organization"]["id"] = "busy-lab"
        for item in data["evidence"]:
            item["id"] = f"{item['id']}-b{n}"
        path = tmp_path / f"batch-{n}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        batches.append(path)
    results: list[Any] = []

    def write() -> None:
        for path in batches:
            results.append(cli("evidence", "import", str(path), "--org", "busy-lab", "--server", served.url,
                               "--token", served.tokens["busy"]))  # fmt: skip

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(1.0)
    backup = tmp_path / "backup"
    taken = cli("backup", "--store", str(served.store), "--out", str(backup))
    writer.join()
    assert taken.exit_code == 0, taken.output
    assert all(result.exit_code == 0 for result in results), [r.output for r in results]
    restored = tmp_path / "restored"
    put_back = cli("restore", "--from", str(backup), "--store", str(restored))
    assert put_back.exit_code == 0, put_back.output
    assert default_accounts_path(restored).exists()
    # the same checks as the live store: the named queries answer, and every batch is all or nothing
    versions = cli("query", "framework-versions", "--store", str(restored), "--format", "json")
    live = cli("query", "framework-versions", "--store", str(served.store), "--format", "json")
    assert versions.exit_code == 0 and json.loads(versions.output) == json.loads(live.output)
    count = """PREFIX cw: <https://w3id.org/crosswalk/ontology#>
    SELECT (COUNT(DISTINCT ?item) AS ?n) WHERE { GRAPH <https://w3id.org/crosswalk/graph/org/busy-lab> {
      ?item a cw:EvidenceItem } }"""
    query_file = tmp_path / "count.rq"
    query_file.write_text(count)
    counted = cli("query", str(query_file), "--store", str(restored), "--format", "json")
    assert counted.exit_code == 0, counted.output
    n = int(json.loads(counted.output)[0]["n"])
    assert n % len(items) == 0 and n <= len(items) * len(batches)
    again = cli("restore", "--from", str(backup), "--store", str(restored))
    assert again.exit_code == 1 and "--force" in again.output
