"""A purpose-built mapping set over real catalogs: A-r1->B-r2->C for every pair of relationship types, loaded once.

Used by the crosswalk engine tests (composition) and the coverage tests (each relationship type, one hop).
"""

from __future__ import annotations

import csv
import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswalk.content import sssom_tsv
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.surfaces.cli.main import main
from crosswalk.surfaces.http.app import Settings, create_app
from tests.conftest import REPO
from tests.store_copies import copy_store

RULES_FILE = REPO / "ontology" / "chain-rules.tsv"
RMF = FRAMEWORK_VERSIONS["ai-rmf/1.0"]
GAI = FRAMEWORK_VERSIONS["ai-600-1/2024-07"]
IPD = FRAMEWORK_VERSIONS["ai-800-1/ipd"]

# style of each relationship notation, and the SKOS predicate a record of it carries
STYLE = {
    "equal": "set-theory",
    "subset-of": "set-theory",
    "superset-of": "set-theory",
    "intersects-with": "set-theory",
    "supports": "supportive",
    "is-supported-by": "supportive",
    "identical": "supportive",
    "equivalent": "supportive",
    "contrary": "supportive",
    "related-to": "crosswalk",
    "parent-child": "structural",
    "child-parent": "structural",
}
SKOS = {
    "equal": "skos:exactMatch",
    "identical": "skos:exactMatch",
    "equivalent": "skos:closeMatch",
    "subset-of": "skos:broadMatch",
    "child-parent": "skos:broadMatch",
    "superset-of": "skos:narrowMatch",
    "parent-child": "skos:narrowMatch",
}
INVERSE = {
    "subset-of": "superset-of",
    "superset-of": "subset-of",
    "supports": "is-supported-by",
    "is-supported-by": "supports",
    "parent-child": "child-parent",
    "child-parent": "parent-child",
}


def chain_rules() -> dict[tuple[str, str], str]:
    with RULES_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {(row["first"], row["second"]): row["result"] for row in rows}


def _local_ids(spec_prefix: str, folder: str, pattern: str) -> list[str]:
    text = (REPO / "ontology" / "catalogs" / folder).read_text(encoding="utf-8")
    return sorted(
        {token.split(":", 1)[1] for token in text.split() if token.startswith(f"{spec_prefix}:") and pattern in token}
    )


def _row(set_id: str, subject: str, relationship: str, obj: str) -> sssom_tsv.MappingRow:
    style = STYLE[relationship]
    return sssom_tsv.MappingRow(
        record_id=f"cwmap:{set_id}/{subject.split(':')[1]}--{obj.split(':')[1]}",
        subject_id=subject,
        predicate_id=SKOS.get(relationship, "skos:relatedMatch"),
        object_id=obj,
        mapping_justification="semapv:ManualMappingCuration",
        ir8477_style=style,
        ir8477_relationship=relationship,
        ir8477_rationale="semantic" if style == "set-theory" else "",
        ir8477_strength="5",
        mapping_provenance="suggested",
        review_status="unreviewed",
        relationship_explanation=f"test case {subject} {relationship} {obj}",
    )


CASES: list[tuple[str, str]] = sorted(set(itertools.product(STYLE, STYLE)))


@pytest.fixture(scope="session")
def composition(
    tmp_path_factory: pytest.TempPathFactory, built_store: Path
) -> Iterator[tuple[TestClient, dict[str, tuple[str, str, str]]]]:
    """A data root with the real catalogs and one mapping set holding A-r1->B-r2->C for every pair of types, loaded
    over a copy of the session's store: the catalogs are unchanged and kept, the package's sets are dropped, and the
    chains are inferred from this one set (what a user's reload after replacing the mapping sets does)."""
    root = tmp_path_factory.mktemp("composition")
    shutil.copytree(REPO / "ontology", root / "ontology")
    shutil.copytree(REPO / "queries", root / "queries")
    (root / "mappings").mkdir()
    a_ids = _local_ids("airmf", "ai-rmf-1.0.ttl", "playbook-question")
    b_ids = _local_ids("ai600", "ai-600-1-2024-07.ttl", "-0")
    c_ids = _local_ids("ai8001ipd", "ai-800-1-ipd.ttl", "-")
    assert len(a_ids) >= len(CASES) and len(b_ids) >= len(CASES) and len(c_ids) >= len(CASES)
    rows, cases = [], {}
    for number, (first, second) in enumerate(CASES):
        a, b, c = f"airmf:{a_ids[number]}", f"ai600:{b_ids[number]}", f"ai8001ipd:{c_ids[number]}"
        rows += [_row("composition", a, first, b), _row("composition", b, second, c)]
        cases[f"{first}|{second}"] = (
            RMF.element_base + a_ids[number],
            GAI.element_base + b_ids[number],
            IPD.element_base + c_ids[number],
        )
    metadata = sssom_tsv.standard_metadata(
        set_id="composition",
        title="Composition test cases",
        description="A-r1->B-r2->C for every pair of relationship types",
        license_iri="https://creativecommons.org/publicdomain/zero/1.0/",
        subject_source=RMF.iri,
        object_source=IPD.iri,
        creator="tests",
        curie_map={"airmf": RMF.element_base, "ai600": GAI.element_base, "ai8001ipd": IPD.element_base},
        mapping_date="2026-11-24",
    )
    sssom_tsv.write(sssom_tsv.MappingSetFile(metadata, rows), root / "mappings" / "composition.sssom.tsv")
    store = copy_store(built_store, root / "store")
    runner = CliRunner(env={"CROSSWALK_DATA": str(root)})
    result = runner.invoke(main, ["load", "--store", str(store)])
    assert result.exit_code == 0, result.output
    with TestClient(create_app(Settings(store=store))) as client:
        yield client, cases
