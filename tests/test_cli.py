"""The command line over real data: load (idempotent, validated, all-or-nothing), query, queries."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosswalk.store import open_store
from crosswalk.surfaces.cli.main import main
from tests.conftest import REPO, reference_json
from tests.store_copies import copy_store


def triple_count(store_dir: Path) -> int:
    store = open_store(store_dir)
    try:
        return int(store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"].value)  # type: ignore[union-attr]
    finally:
        store.close()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the project's data files that a test may break."""
    root = tmp_path / "data"
    for name in ("ontology", "mappings", "queries"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture
def fresh_store(store_copy: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    copy_store(store_copy, target)
    return target


def test_reload_replaces_never_duplicates(fresh_store: Path) -> None:
    before = triple_count(fresh_store)
    result = CliRunner().invoke(main, ["load", "--store", str(fresh_store)])
    assert result.exit_code == 0, result.output
    assert "loaded" in result.output
    assert triple_count(fresh_store) == before


def test_unchanged_content_is_not_loaded_again_and_a_changed_file_is(
    fresh_store: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The store keeps each file's content hash: a reload of the same files (here a copy of them) changes nothing;
    after one mapping set is edited, that set is read and written again and the other graphs are kept."""
    before = triple_count(fresh_store)
    monkeypatch.setenv("CROSSWALK_DATA", str(data_copy))
    again = CliRunner().invoke(main, ["load", "--store", str(fresh_store)])
    assert again.exit_code == 0, again.output
    assert "nothing changed" in " ".join(again.output.split())
    assert triple_count(fresh_store) == before

    path = data_copy / "mappings" / "ai-600-1-to-ai-rmf.sssom.tsv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header_index = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    columns = lines[header_index].rstrip("\n").split("\t")
    row = lines[header_index + 1].rstrip("\n").split("\t")
    record = row[columns.index("record_id")]
    row[columns.index("relationship_explanation")] = "edited for the reload test"
    lines[header_index + 1] = "\t".join(row) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    changed = CliRunner().invoke(main, ["load", "--store", str(fresh_store)])
    assert changed.exit_code == 0, changed.output
    assert "loaded" in changed.output and "unchanged graph(s) kept" in " ".join(changed.output.split())
    query = tmp_path / "explanation.rq"
    query.write_text(
        "PREFIX cw: <https://w3id.org/crosswalk/ontology#>\n"
        f'SELECT ?explanation WHERE {{ ?record cw:recordId "{record}" ; cw:explanation ?explanation }}\n',
        encoding="utf-8",
    )
    answer = CliRunner().invoke(main, ["query", str(query), "--store", str(fresh_store), "--format", "json"])
    assert answer.exit_code == 0, answer.output
    assert json.loads(answer.output) == [{"explanation": "edited for the reload test"}]
    assert triple_count(fresh_store) == before  # the same records, one explanation replaced
    unchanged = CliRunner().invoke(main, ["load", "--store", str(fresh_store)])
    assert "nothing changed" in " ".join(unchanged.output.split())


@pytest.fixture
def failing_load(fresh_store: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """Loads ``data_copy`` (broken by the test) into ``fresh_store``: the load must fail, say that the store was not
    changed, and not have changed it. Returns what it printed."""

    def load() -> str:
        before = triple_count(fresh_store)
        monkeypatch.setenv("CROSSWALK_DATA", str(data_copy))
        result = CliRunner().invoke(main, ["load", "--store", str(fresh_store)])
        assert result.exit_code == 1, result.output
        assert "the store was not changed" in result.output
        assert triple_count(fresh_store) == before
        return str(result.output)

    return load


def edit_first_row(path: Path, **cells: str) -> int:
    """Set columns of a set file's first row; returns that row's line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    columns = lines[header].rstrip("\n").split("\t")
    row = lines[header + 1].rstrip("\n").split("\t")
    for column, value in cells.items():
        row[columns.index(column)] = value
    lines[header + 1] = "\t".join(row) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return header + 2


def test_invalid_mapping_row_stops_the_load_and_changes_nothing(
    data_copy: Path, failing_load: Callable[[], str]
) -> None:
    path = data_copy / "mappings" / "ai-600-1-to-ai-rmf.sssom.tsv"
    # not a supportive relationship; no such subcategory
    line = edit_first_row(path, ir8477_relationship="subset-of", object_id="airmf:GV-1.9")
    output = failing_load()
    assert f"ai-600-1-to-ai-rmf.sssom.tsv:{line} [ir8477_relationship]" in output
    assert "'subset-of' is not a supportive relationship" in output
    assert "unknown element ai-rmf/1.0/GV-1.9; did you mean" in output


def test_a_mapping_row_whose_end_is_no_iri_is_reported_not_a_crash(
    data_copy: Path, failing_load: Callable[[], str]
) -> None:
    line = edit_first_row(data_copy / "mappings" / "ai-600-1-to-ai-rmf.sssom.tsv", object_id="airmf:GV 1.1")
    output = failing_load()  # a space: no IRI at all (before, a ValueError from pyoxigraph)
    assert f"ai-600-1-to-ai-rmf.sssom.tsv:{line} [object_id]" in output and "is not a valid IRI" in output


def test_a_set_id_that_makes_no_iri_is_reported_not_a_crash(data_copy: Path, failing_load: Callable[[], str]) -> None:
    path = data_copy / "mappings" / "ai-600-1-to-ai-rmf.sssom.tsv"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^#mapping_set_id: .*$", "#mapping_set_id: ai 600 to rmf", text), encoding="utf-8")
    output = failing_load()
    assert "ai-600-1-to-ai-rmf.sssom.tsv [mapping_set_id]:" in output and "is not a valid IRI" in output


def test_two_set_files_with_one_set_id_stop_the_load(data_copy: Path, failing_load: Callable[[], str]) -> None:
    """A copy made to start a new set, its id left as it was: before, one file's records silently replaced the
    other's (one id, one graph)."""
    original = data_copy / "mappings" / "owasp-llm-1.1-to-2025.sssom.tsv"
    shutil.copy(original, data_copy / "mappings" / "owasp-llm-1.1-to-2025-draft.sssom.tsv")
    output = " ".join(failing_load().split())
    assert (
        "owasp-llm-1.1-to-2025-draft.sssom.tsv [mapping_set_id]: the same mapping_set_id as owasp-llm-1.1-to-2025.sssom.tsv"
        in output
    )


def test_catalog_failing_its_shapes_stops_the_load(data_copy: Path, failing_load: Callable[[], str]) -> None:
    path = data_copy / "ontology" / "catalogs" / "sp-800-218a-2024-07.ttl"
    text = path.read_text(encoding="utf-8")
    assert "cwv:priority-high" in text
    path.write_text(text.replace("cwv:priority-high", "cwv:priority-urgent", 1), encoding="utf-8")
    output = failing_load()
    assert "sp-800-218a-2024-07.ttl" in output and "cw:priority" in output
    assert "(value: https://w3id.org/crosswalk/vocab/priority-urgent)" in output  # pyshacl's report, as ever


def test_broken_turtle_is_reported_with_its_file(data_copy: Path, failing_load: Callable[[], str]) -> None:
    path = data_copy / "ontology" / "catalogs" / "ai-rmf-1.0.ttl"
    path.write_text(path.read_text(encoding="utf-8") + "\n<oops", encoding="utf-8")
    output = failing_load()
    assert "ai-rmf-1.0.ttl" in output and "not valid Turtle" in output
    # the records that point into the unread catalog are counted once per set, not listed one by one
    assert re.search(r"ai-600-1-to-ai-rmf\.sssom\.tsv: \d+ reference\(s\) into ai-rmf/1\.0 not checked", output)
    assert "unknown element ai-rmf/1.0/" not in output


@pytest.mark.parametrize("name", ["vocab.ttl", "shapes.ttl"])
def test_a_broken_vocabulary_or_shapes_file_is_reported_with_its_file(
    data_copy: Path, failing_load: Callable[[], str], name: str
) -> None:
    path = data_copy / "ontology" / name
    path.write_text(path.read_text(encoding="utf-8") + "\n<oops", encoding="utf-8")
    assert f"{name}: not valid Turtle" in failing_load()


@pytest.mark.parametrize("name", ["ai-600-1-to-ai-rmf.sssom.tsv", "curation/ai-800-1-ipd-applicability.tsv"])
def test_a_mapping_or_curation_file_that_is_not_utf8_is_reported_with_its_line(
    data_copy: Path, failing_load: Callable[[], str], name: str
) -> None:
    path = data_copy / "mappings" / name
    lines = path.read_bytes().count(b"\n")
    path.write_bytes(path.read_bytes() + b"caf\xe9\n")  # Latin-1, as a spreadsheet might save it
    assert f"{Path(name).name}:{lines + 1}: not UTF-8 text: byte 0xe9" in failing_load()


def test_generate_from_reference_data_it_cannot_read_writes_nothing(
    reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A late source that does not parse (the CSF 2.0 catalog; AI RMF and a dozen others come before it) stops the
    whole run before any file is written: every file keeps what it held."""
    broken = tmp_path / "reference"
    shutil.copytree(reference, broken)
    (broken / "nist-csf-2.0" / "NIST_CSF_v2.0_catalog.json").write_text('{"catalog": ', encoding="utf-8")
    data = tmp_path / "data"
    files = [data / "ontology" / "catalogs" / p.name for p in (REPO / "ontology" / "catalogs").glob("*.ttl")]
    files += [data / "mappings" / p.name for p in (REPO / "mappings").glob("*.sssom.tsv")]
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("as it was\n", encoding="utf-8")
    monkeypatch.setenv("CROSSWALK_DATA", str(data))
    result = CliRunner().invoke(main, ["generate", "--reference", str(broken)])
    assert result.exit_code == 1, result.output
    assert "NIST_CSF_v2.0_catalog.json: not valid JSON" in result.output and "no file was written" in result.output
    assert len(files) > 50 and all(path.read_text(encoding="utf-8") == "as it was\n" for path in files)
    assert not [p for p in data.rglob("*") if p.name.endswith(".tmp")]


def test_named_query_from_the_shell(store_copy: Path) -> None:
    result = CliRunner().invoke(
        main, ["query", "subcategories-without-600-1-actions", "--store", str(store_copy), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    served = [row["notation"] for row in json.loads(result.output)]
    with_actions = {
        t["subcategory_id"] for t in reference_json("nist-ai-600-1/ai-600-1-subcategory-tables.json")["subcategories"]
    }
    core = [s["id"] for s in reference_json("nist-ai-rmf-1.0/ai-rmf-1.0-core.json")["subcategories"]]
    assert served == [s for s in core if s not in with_actions]
    assert len(served) == 72 - 49


def test_query_formats_and_files(store_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    csv_out = runner.invoke(main, ["query", "mapping-records-by-type", "--store", str(store_copy), "--format", "csv"])
    assert csv_out.exit_code == 0
    assert "ai-600-1-to-ai-rmf,supportive,supports,nist-official,212" in csv_out.output
    table = runner.invoke(main, ["query", "800-218a-tasks-per-subcategory", "--store", str(store_copy)])
    assert table.exit_code == 0 and "MEASURE 2.7" in table.output
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT (COUNT(?r) AS ?n) WHERE "
        "{ ?r a cw:Risk ; cw:inVersion <https://w3id.org/crosswalk/id/ai-600-1/2024-07> }"
    )
    own = runner.invoke(main, ["query", str(rq), "--store", str(store_copy), "--format", "json"])
    assert json.loads(own.output) == [{"n": "12"}]


def test_query_errors_are_clear(store_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(main, ["query", "no-such-query", "--store", str(store_copy)])
    assert unknown.exit_code == 1 and "no named query 'no-such-query'" in unknown.output
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {")
    broken = runner.invoke(main, ["query", str(bad), "--store", str(store_copy)])
    assert broken.exit_code == 1 and "SPARQL syntax error" in broken.output
    missing = runner.invoke(main, ["query", "framework-versions", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "crosswalk load" in missing.output


def test_queries_lists_at_least_eight(store_copy: Path) -> None:
    result = CliRunner().invoke(main, ["queries"], terminal_width=200)
    assert result.exit_code == 0
    names = [p.stem for p in (REPO / "queries").glob("*.rq")]
    assert len(names) >= 8
    for name in names:
        assert name in result.output
