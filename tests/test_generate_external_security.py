"""The OWASP LLM Top 10 (2025, v1.1), MITRE ATLAS 5.6.0 and ISO/IEC 42001 catalogs and their official mapping sets,
checked against the reference data: counts from the PROVENANCE.md files, texts verbatim, every mapping end an element.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from crosswalk.content import sssom_tsv
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, FrameworkVersionSpec
from crosswalk.content.generate import external_security as ext
from crosswalk.content.generate.builder import CW, CWV, build_catalog
from crosswalk.content.mapping_records import Problem, to_graph

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("CROSSWALK_REFERENCE", Path(__file__).resolve().parents[2] / "shared" / "reference"))
OWASP = REFERENCE / "owasp-llm-top10"
ATLAS_DIR = REFERENCE / "mitre-atlas"
ISO_CSV = REFERENCE / "nist-ai-rmf-crosswalks" / "ai-rmf-to-iso-iec-42001.csv"
AI_RMF = FRAMEWORK_VERSIONS["ai-rmf/1.0"]
SSDF = FRAMEWORK_VERSIONS["sp-800-218a/2024-07"]

pytestmark = pytest.mark.skipif(not OWASP.is_dir(), reason=f"reference data not found at {REFERENCE}")


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Graph]:
    return {spec.key: build_catalog(spec, REFERENCE) for spec in ext.SPECS}


@pytest.fixture(scope="module")
def sets() -> dict[str, sssom_tsv.MappingSetFile]:
    return {s.set_id: s for s in ext.build_sets(REFERENCE)}


@pytest.fixture(scope="module")
def atlas_yaml() -> dict[str, Any]:
    with (ATLAS_DIR / "ATLAS.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return dict(data["matrices"][0])


def owasp_json(version: str) -> list[dict[str, Any]]:
    return list(json.loads((OWASP / f"owasp-llm-top10-{version}.json").read_text(encoding="utf-8"))["entries"])


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def of_type(graph: Graph, kind: str) -> list[URIRef]:
    return [node for node in graph.subjects(RDF.type, CW[kind]) if isinstance(node, URIRef)]


def by_notation(graph: Graph, kind: str, predicate: URIRef) -> dict[str, str]:
    return {str(graph.value(n, SKOS.notation)): str(graph.value(n, predicate)) for n in of_type(graph, kind)}


# ---------------------------------------------------------------- OWASP


@pytest.mark.parametrize(("spec", "version"), [(ext.OWASP_2025, "2025"), (ext.OWASP_1_1, "1.1")])
def test_owasp_entries_verbatim(catalogs: dict[str, Graph], spec: FrameworkVersionSpec, version: str) -> None:
    graph = catalogs[spec.key]
    entries = owasp_json(version)
    assert len(of_type(graph, "Risk")) == 10 == len(entries)
    assert graph.value(URIRef(spec.iri), CW.elementCount) == Literal(10)
    suffix = ":2025" if version == "2025" else ""
    assert by_notation(graph, "Risk", CW.statement) == {
        e["id"] + suffix: e["sections"]["Description"]["text"] for e in entries
    }
    assert by_notation(graph, "Risk", SKOS.prefLabel) == {e["id"] + suffix: e["title"] for e in entries}
    folder = OWASP / ("v2025-md" if version == "2025" else "v1.1-md")
    for entry in entries:  # the JSON's text is the markdown's Description section
        markdown = (folder / entry["file"]).read_text(encoding="utf-8")
        assert entry["sections"]["Description"]["text"] in markdown
        node = URIRef(spec.element_base + entry["id"])
        assert graph.value(node, CW.textFidelity) == CWV["fidelity-verbatim"]
        assert graph.value(node, CW.partOf) is None and graph.value(node, CW.sourcePage) is None


def test_owasp_versions(catalogs: dict[str, Graph]) -> None:
    new, old = catalogs[ext.OWASP_2025.key], catalogs[ext.OWASP_1_1.key]
    v2025, v11 = URIRef(ext.OWASP_2025.iri), URIRef(ext.OWASP_1_1.iri)
    assert new.value(v2025, CW.isLatestVersion) == Literal(True)
    assert old.value(v11, CW.isLatestVersion) == Literal(False)
    assert new.value(v2025, CW.previousVersion) == v11
    for graph, version in ((new, v2025), (old, v11)):
        assert graph.value(version, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
        assert "OWASP Foundation" in str(graph.value(version, CW.attribution))
        assert (
            graph.value(version, CW.completeness) == CWV["completeness-complete"]
        )  # every entry is an element; only entry sections are omitted
    assert [str(t) for t in old.objects(URIRef(ext.OWASP_1_1.element_base + "LLM05"), SKOS.prefLabel)] == [
        "Supply-Chain Vulnerabilities"
    ]


# ---------------------------------------------------------------- ATLAS


def test_atlas_counts(catalogs: dict[str, Graph]) -> None:
    graph = catalogs[ext.ATLAS.key]
    techniques = of_type(graph, "Hazard")
    subs = [t for t in techniques if graph.value(t, CW.partOf) is not None]
    counts = (len(of_type(graph, "Objective")), len(techniques), len(subs), len(of_type(graph, "Recommendation")))
    assert counts == (16, 170, 69, 35)
    assert graph.value(URIRef(ext.ATLAS.iri), CW.elementCount) == Literal(16 + 170 + 35)
    assert str(graph.value(URIRef(ext.ATLAS.iri), CW.versionLabel)) == "5.6.0"
    assert graph.value(URIRef(ext.ATLAS.iri), DCTERMS.license) == URIRef("https://www.apache.org/licenses/LICENSE-2.0")
    assert "MITRE" in str(graph.value(URIRef(ext.ATLAS.iri), CW.attribution))


def test_atlas_texts_and_structure(catalogs: dict[str, Graph], atlas_yaml: dict[str, Any]) -> None:
    graph = catalogs[ext.ATLAS.key]
    base = ext.ATLAS.element_base
    for kind, key in (("Objective", "tactics"), ("Hazard", "techniques"), ("Recommendation", "mitigations")):
        items = atlas_yaml[key]
        assert by_notation(graph, kind, CW.statement) == {i["id"]: i["description"].strip() for i in items}
        assert by_notation(graph, kind, SKOS.prefLabel) == {i["id"]: i["name"] for i in items}
    for technique in atlas_yaml["techniques"]:
        node = URIRef(base + technique["id"])
        parent = technique.get("subtechnique-of")
        assert graph.value(node, CW.partOf) == (URIRef(base + parent) if parent else None)
        tactics = {URIRef(base + t) for t in technique.get("tactics", [])}
        assert set(graph.objects(node, DCTERMS.subject)) == tactics
        assert bool(tactics) != bool(parent)  # techniques name their tactics, sub-techniques their technique
    assert all(graph.value(m, CW.partOf) is None for m in of_type(graph, "Recommendation"))


def test_atlas_csv_counts_agree(atlas_yaml: dict[str, Any]) -> None:
    """The derived CSVs in the reference list the same ids as the YAML the catalog is built from."""
    for name, key in (("tactics", "tactics"), ("techniques", "techniques"), ("mitigations", "mitigations")):
        assert [r["id"] for r in csv_rows(ATLAS_DIR / f"atlas-{name}.csv")] == [i["id"] for i in atlas_yaml[key]]


# ---------------------------------------------------------------- ISO/IEC 42001


def test_iso_identifiers_only(catalogs: dict[str, Graph]) -> None:
    graph = catalogs[ext.ISO_42001.key]
    rows = csv_rows(ISO_CSV)
    printed = {r["iso_iec_42001_clause"] for r in rows}
    assert len(printed) == 66 and "72" in printed  # README: 66 distinct ids, one damaged
    expected = (printed - {"72"}) | {"7.2"}
    elements = of_type(graph, "Practice") + of_type(graph, "Recommendation")
    assert {str(graph.value(e, SKOS.notation)) for e in elements} == expected
    assert {str(graph.value(e, SKOS.notation)) for e in of_type(graph, "Recommendation")} == {
        i for i in expected if i.startswith("B.")
    }
    assert list(graph.objects(None, CW.statement)) == [] and list(graph.objects(None, SKOS.prefLabel)) == []
    version = URIRef(ext.ISO_42001.iri)
    assert "only identifiers are recorded" in str(graph.value(version, CW.attribution))
    assert graph.value(version, CW.completeness) == CWV["completeness-partial"]


# ---------------------------------------------------------------- shapes and committed files


def test_catalogs_conform_to_shapes(catalogs: dict[str, Graph]) -> None:
    from crosswalk.content.validation import shacl_problems

    combined = Graph()
    for graph in catalogs.values():
        combined += graph
    assert shacl_problems(combined, {}, {}) == []


def test_committed_files_are_current(catalogs: dict[str, Graph], sets: dict[str, sssom_tsv.MappingSetFile]) -> None:
    for spec in ext.SPECS:
        committed = Graph().parse(REPO / "ontology" / "catalogs" / spec.catalog_file, format="turtle")
        assert set(committed) == set(catalogs[spec.key]), f"regenerate {spec.catalog_file}"
    for set_id, mapping_set in sets.items():
        committed_text = (REPO / "mappings" / f"{set_id}.sssom.tsv").read_text(encoding="utf-8")
        assert committed_text == sssom_tsv.dumps(mapping_set), f"regenerate {set_id}.sssom.tsv"


def test_write_all(tmp_path: Path) -> None:
    paths = ext.write_all(REFERENCE, tmp_path, tmp_path)
    assert sorted(p.name for p in paths) == sorted(
        [s.catalog_file for s in ext.SPECS]
        + [f"{s}.sssom.tsv" for s in ("owasp-llm-2025-to-atlas", "sp-800-218a-to-owasp-llm-1.1")]
        + [f"{s}.sssom.tsv" for s in ("ai-rmf-to-iso-iec-42001", "atlas-mitigations-to-techniques")]
    )


# ---------------------------------------------------------------- mapping sets


def test_every_mapping_end_is_an_element(catalogs: dict[str, Graph], sets: dict[str, sssom_tsv.MappingSetFile]) -> None:
    elements: set[str] = set()
    graphs = [*catalogs.values()]
    for spec in (AI_RMF, SSDF):
        graphs.append(Graph().parse(REPO / "ontology" / "catalogs" / spec.catalog_file, format="turtle"))
    for graph in graphs:
        elements |= {str(s) for s in graph.subjects(CW.inVersion, None)}
    for mapping_set in sets.values():
        problems: list[Problem] = []
        rdf = to_graph(mapping_set, problems)
        assert problems == []
        ends = {str(o) for p in (CW.subject, CW.object) for o in rdf.objects(None, p)}
        assert ends and ends <= elements, sorted(ends - elements)[:5]


def test_mapping_sets_conform_to_shapes(catalogs: dict[str, Graph], sets: dict[str, sssom_tsv.MappingSetFile]) -> None:
    from crosswalk.content.validation import shacl_problems

    data = Graph()
    for graph in catalogs.values():
        data += graph
    for name in ("crosswalk.ttl", "vocab.ttl"):  # the styles and relationship types the records point to
        data.parse(REPO / "ontology" / name, format="turtle")
    for spec in (AI_RMF, SSDF):
        data.parse(REPO / "ontology" / "catalogs" / spec.catalog_file, format="turtle")
    for mapping_set in sets.values():
        data += to_graph(mapping_set, [])
    assert shacl_problems(data, {}, {}) == []


def test_mapping_sets_fields_and_round_trip(sets: dict[str, sssom_tsv.MappingSetFile], tmp_path: Path) -> None:
    provenance = {
        "owasp-llm-2025-to-atlas": ("source-official", "OWASP"),
        "sp-800-218a-to-owasp-llm-1.1": ("nist-official", "NIST"),
        "ai-rmf-to-iso-iec-42001": ("imported", "Microsoft (crosswalk published by NIST)"),
        "atlas-mitigations-to-techniques": ("source-official", "MITRE"),
    }
    assert set(sets) == set(provenance)
    for set_id, mapping_set in sets.items():
        for row in mapping_set.rows:
            assert (row.mapping_provenance, row.author_label) == provenance[set_id]
            assert (row.ir8477_style, row.ir8477_relationship, row.predicate_id) == (
                "crosswalk",
                "related-to",
                "skos:relatedMatch",
            )
            assert row.review_status == "source-published" and row.relationship_explanation
        ids = [row.record_id for row in mapping_set.rows]
        assert len(ids) == len(set(ids))
        path = tmp_path / f"{set_id}.sssom.tsv"
        sssom_tsv.write(mapping_set, path)
        again = sssom_tsv.read(path)
        assert again.metadata == mapping_set.metadata
        assert [{**vars(r), "line": 0} for r in again.rows] == [vars(r) for r in mapping_set.rows]


def pairs(mapping_set: sssom_tsv.MappingSetFile) -> list[tuple[str, str]]:
    return [(r.subject_id.split(":", 1)[1], r.object_id.split(":", 1)[1]) for r in mapping_set.rows]


def test_owasp_2025_to_atlas(sets: dict[str, sssom_tsv.MappingSetFile]) -> None:
    refs = csv_rows(OWASP / "owasp-llm-2025-to-atlas-refs.csv")
    assert len(refs) == 14  # README; LLM03 -> AML.T0010 is listed under two sections
    found = pairs(sets["owasp-llm-2025-to-atlas"])
    csv_pairs = {(r["owasp_llm_2025_id"], r["atlas_id"]) for r in refs}
    assert len(csv_pairs) == 13 and csv_pairs <= set(found)
    # The CSV missed LLM02, whose sections are level-4 headings in the markdown.
    assert sorted(set(found) - csv_pairs) == [("LLM02", f"AML.T0024.00{n}") for n in range(3)]
    assert len(found) == 16
    [t0010] = [r for r in sets["owasp-llm-2025-to-atlas"].rows if r.object_id == "atlas:AML.T0010"]
    assert '"Reference Links"' in t0010.relationship_explanation
    assert '"Related Frameworks and Taxonomies"' in t0010.relationship_explanation


def test_sp_800_218a_to_owasp(sets: dict[str, sssom_tsv.MappingSetFile]) -> None:
    expected: dict[tuple[str, str], list[str]] = {}
    for task in csv_rows(REFERENCE / "nist-sp-800-218a" / "sp-800-218a-tasks.csv"):
        for cited in filter(None, task["owasp_llm_v1_1_refs"].split(";")):
            expected.setdefault((task["task_id"], cited[:5]), []).append(cited)
    mapping_set = sets["sp-800-218a-to-owasp-llm-1.1"]
    assert pairs(mapping_set) == list(expected)
    for row in mapping_set.rows:
        citations = expected[(row.subject_label, row.object_label)]
        assert row.comment == f"cited as {', '.join(citations)}"
        assert ("numbered as in the v1.1 PDF" in row.relationship_explanation) == any("-" in c for c in citations)
    assert mapping_set.curie_map["ssdfai"] == "https://w3id.org/crosswalk/id/sp-800-218a/2024-07/"


def test_ai_rmf_to_iso_42001(sets: dict[str, sssom_tsv.MappingSetFile]) -> None:
    rows = csv_rows(ISO_CSV)
    assert len(rows) == 281  # README
    mapping_set = sets["ai-rmf-to-iso-iec-42001"]
    found = pairs(mapping_set)
    labels = Counter(r.subject_label for r in mapping_set.rows)
    assert len(labels) == 72
    # 281 printed pairs: MANAGE 1.1 -> B.6.2.4 is printed twice, so 280 records.
    assert len(found) == 280 == len({(r["ai_rmf_subcategory"], r["iso_iec_42001_clause"]) for r in rows})
    assert ("GV-2.1", "7.2") in found and not any(o == "72" for _, o in found)
    assert mapping_set.curie_map["airmf"] == "https://w3id.org/crosswalk/id/ai-rmf/1.0/"
    assert "mapping_date" not in mapping_set.metadata  # the crosswalk is undated
    assert all(r.object_label == r.object_id.split(":", 1)[1] for r in mapping_set.rows)  # no ISO titles


def test_atlas_mitigations_to_techniques(sets: dict[str, sssom_tsv.MappingSetFile], atlas_yaml: dict[str, Any]) -> None:
    links = [(m["id"], t["id"]) for m in atlas_yaml["mitigations"] for t in m["techniques"]]
    assert len(links) == 246
    mapping_set = sets["atlas-mitigations-to-techniques"]
    assert pairs(mapping_set) == list(dict.fromkeys(links))
    from_csv = [
        (r["id"], t) for r in csv_rows(ATLAS_DIR / "atlas-mitigations.csv") for t in r["technique_ids"].split(";")
    ]
    assert set(from_csv) == set(links)
    first = mapping_set.rows[0]
    use = " ".join(atlas_yaml["mitigations"][0]["techniques"][0]["use"].split())
    assert first.relationship_explanation.startswith("ATLAS lists mitigation AML.M0000 (")
    assert first.relationship_explanation.endswith(f'"{use}"')
    assert all(re.fullmatch(r"atlas:AML\.T\d{4}(\.\d{3})?", r.object_id) for r in mapping_set.rows)
