"""The CoSAI Risk Map catalog and its own mapping sets, checked against the reference: counts from its README and
derived CSVs, texts verbatim against the YAML, the 128 risk-control pairs, each official set's records, the ATLAS
version note, license and attribution, the shapes, and the committed files byte for byte (the named queries,
exports and GraphQL on a loaded store are in test_cosai_surfaces.py).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from crosswalk.content import sssom_tsv
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate import builder, official_mappings
from crosswalk.content.generate import cosai_risk_map_mappings as cosai_sets
from crosswalk.content.generate.all_sources import OFFICIAL_SETS
from crosswalk.content.validation import shacl_problems
from tests.cosai_support import ALL_RISKS, APACHE, SET_IDS, SPEC, VERSION, derived_csv, upstream_yaml

REPO = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- fixtures: the reference, read independently


@pytest.fixture(scope="module")
def folder(reference: Path) -> Path:
    return reference / "cosai-risk-map"


@pytest.fixture(scope="module")
def catalog(reference: Path) -> Graph:
    return builder.build_catalog(SPEC, reference)


@pytest.fixture(scope="module")
def sets(reference: Path) -> dict[str, sssom_tsv.MappingSetFile]:
    return {s.set_id: s for s in cosai_sets.build_sets(reference)}


@pytest.fixture(scope="module")
def mapping_csv(folder: Path) -> list[dict[str, str]]:
    return derived_csv(folder, "cosai-framework-mappings.csv")


def of_type(graph: Graph, kind: str) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, builder.CW[kind]) if isinstance(s, URIRef)}


def local(node: object) -> str:
    """The local id of a CoSAI element (any node: rdflib types a graph lookup as Node | None)."""
    return str(node).removeprefix(SPEC.element_base)


def flat(paragraphs: list[Any]) -> list[str]:
    return [str(p).strip() for item in paragraphs for p in (item if isinstance(item, list) else [item])]


# ---------------------------------------------------------------- counts


def test_every_element_count_matches_the_reference(catalog: Graph, folder: Path) -> None:
    expected = {
        "Risk": len(derived_csv(folder, "cosai-risks.csv")),
        "Control": len(derived_csv(folder, "cosai-controls.csv")),
        "SystemComponent": len(derived_csv(folder, "cosai-components.csv")),
        "Persona": len(derived_csv(folder, "cosai-personas.csv")),
    }
    assert expected == {"Risk": 36, "Control": 35, "SystemComponent": 23, "Persona": 10}  # the reference README
    assert {kind: len(of_type(catalog, kind)) for kind in expected} == expected
    in_version = set(catalog.subjects(builder.CW.inVersion, VERSION))
    categories = of_type(catalog, "Category")
    assert len(categories) == 5 + 6 + 3 + 7  # risk, control and component categories, component subcategories
    assert in_version == categories | {n for kind in expected for n in of_type(catalog, kind)}
    assert catalog.value(VERSION, builder.CW.elementCount) == Literal(len(in_version))


@pytest.mark.parametrize(
    ("kind", "csv_name", "count"), [("Risk", "cosai-risks.csv", 5), ("Control", "cosai-controls.csv", 6)]
)
def test_risks_and_controls_sit_in_their_categories(
    catalog: Graph, folder: Path, kind: str, csv_name: str, count: int
) -> None:
    expected = Counter(row["category"] for row in derived_csv(folder, csv_name))
    got = Counter(local(catalog.value(node, builder.CW.partOf)) for node in of_type(catalog, kind))
    assert got == expected and len(got) == count
    if kind == "Risk":
        assert expected["risksDeploymentAndInfrastructure"] == 14 and expected["risksSupplyChainAndDevelopment"] == 7
        schema = json.loads((folder / "schemas" / "risks.schema.json").read_text(encoding="utf-8"))
        enum = schema["definitions"]["risk"]["properties"]["category"]["enum"]
        order = {local(s): int(str(o)) for s, o in catalog.subject_objects(builder.CW.order) if local(s) in enum}
        assert sorted(order, key=order.__getitem__) == enum  # the schema's order


def test_components_sit_in_their_subcategories_with_their_data_flow_edges(catalog: Graph, folder: Path) -> None:
    rows = derived_csv(folder, "cosai-components.csv")
    for row in rows:
        node = URIRef(SPEC.element_base + row["id"])
        parent = catalog.value(node, builder.CW.partOf)
        assert local(parent) == (row["subcategory"] or row["category"])
        if row["subcategory"]:
            assert local(catalog.value(parent, builder.CW.partOf)) == row["category"]
    edges = {(row["id"], target) for row in rows for target in row["edges_to"].split(";") if target}
    assert len(edges) == 32
    assert {(local(s), local(o)) for s, o in catalog.subject_objects(builder.CW.dataFlowTo)} == edges


def test_personas_with_the_two_legacy_ones_deprecated(catalog: Graph, folder: Path) -> None:
    personas = upstream_yaml(folder, "personas.yaml")["personas"]
    legacy = {p["id"] for p in personas if p.get("deprecated") is True}
    assert legacy == {row["id"] for row in derived_csv(folder, "cosai-personas.csv") if row["deprecated"] == "true"}
    assert legacy == {"personaModelCreator", "personaModelConsumer"}
    deprecated = {local(s) for s in catalog.subjects(OWL.deprecated, Literal(True))}
    assert deprecated == legacy
    assert len(of_type(catalog, "Persona")) - len(deprecated) == 8


def test_the_six_cited_frameworks_are_recorded_on_the_version(catalog: Graph, folder: Path) -> None:
    declared = upstream_yaml(folder, "frameworks.yaml")["frameworks"]
    cited = {str(v) for v in catalog.objects(VERSION, builder.CW.citedFramework)}
    assert len(declared) == len(cited) == 6
    for framework in declared:
        assert any(value.startswith(f"{framework['versionId']} ({framework['name']}") for value in cited)


# ---------------------------------------------------------------- texts


@pytest.mark.parametrize(
    ("file", "key", "field"),
    [("risks.yaml", "risks", "shortDescription"), ("controls.yaml", "controls", "description"),
     ("components.yaml", "components", "description"), ("personas.yaml", "personas", "description")],
)  # fmt: skip
def test_titles_and_texts_are_verbatim(catalog: Graph, folder: Path, file: str, key: str, field: str) -> None:
    for entry in upstream_yaml(folder, file)[key]:
        node = URIRef(SPEC.element_base + entry["id"])
        assert catalog.value(node, SKOS.prefLabel) == Literal(entry["title"], lang="en")
        assert catalog.value(node, SKOS.notation) == Literal(entry["id"])
        statement = catalog.value(node, builder.CW.statement)
        assert catalog.value(node, builder.CW.textFidelity) == builder.CWV["fidelity-verbatim"]
        paragraphs = entry[field]
        if all(isinstance(p, str) for p in paragraphs):
            assert str(statement) == "\n\n".join(p.strip() for p in paragraphs)
        for text in flat(paragraphs):
            assert text in str(statement)


def test_risk_narratives_examples_and_references(catalog: Graph, folder: Path) -> None:
    risks = upstream_yaml(folder, "risks.yaml")["risks"]
    examples = references = 0
    for risk in risks:
        node = URIRef(SPEC.element_base + risk["id"])
        description = str(catalog.value(node, builder.CW.description))
        assert all(text in description for text in flat(risk["longDescription"]))
        got_examples = {str(e) for e in catalog.objects(node, SKOS.example)}
        assert got_examples == {e.strip() for e in risk.get("examples", [])}
        examples += len(got_examples)
        got_references = {str(r) for r in catalog.objects(node, builder.CW.reference)}
        assert all(f"[{r['id']}] {r['title']}. {r['url']}" in got_references for r in risk["externalReferences"])
        references += len(got_references)
        assert {local(p) for p in catalog.objects(node, builder.CW.persona)} == set(risk["personas"])
    assert (examples, references) == (58, 66)


def test_stride_and_iso_22989_values_stay_labels(catalog: Graph, mapping_csv: list[dict[str, str]]) -> None:
    for framework, count in (("stride", 37), ("iso-22989", 6)):
        rows = [r for r in mapping_csv if r["framework"] == framework]
        assert len(rows) == count
        got = {
            (local(s), str(v))
            for s, v in catalog.subject_objects(builder.CW.externalMappingValue)
            if str(v).startswith(f"{framework}: ")
        }
        assert got == {(r["entity_id"], f"{framework}: {r['value']}") for r in rows}
    assert not [s for s in catalog.subjects() if "stride" in str(s).lower() or "22989" in str(s)]


# ---------------------------------------------------------------- risk-control pairs


def test_the_128_pairs_are_the_reference_pairs_and_all_risk_controls_are_marked(
    catalog: Graph, sets: dict[str, sssom_tsv.MappingSetFile], folder: Path
) -> None:
    pairs = {(row["control_id"], row["risk_id"]) for row in derived_csv(folder, "cosai-risk-control.csv")}
    assert len(pairs) == 128
    rows = sets[SET_IDS["controls"]].rows
    assert len(rows) == 128
    assert {(r.subject_id.removeprefix("cosai:"), r.object_id.removeprefix("cosai:")) for r in rows} == pairs
    controls = upstream_yaml(folder, "controls.yaml")["controls"]
    assert {c["id"] for c in controls if c["risks"] == "all"} == ALL_RISKS
    marked = {local(s) for s in catalog.subjects(builder.CW.appliesToAllRisks, Literal(True))}
    assert marked == ALL_RISKS
    assert not {control for control, _ in pairs} & ALL_RISKS  # "risks: all" is not expanded into records
    explicit = sum(len(c["risks"]) for c in controls if isinstance(c["risks"], list))
    assert explicit == 128 and explicit + len(ALL_RISKS) * 36 == 380  # what expanding "all" would have given


# ---------------------------------------------------------------- CoSAI's mappings to the frameworks we catalog


@pytest.mark.parametrize(
    ("framework", "entity", "records", "subjects", "targets"),
    [("mitre-atlas", "risk", 38, 20, 25), ("mitre-atlas", "control", 17, 10, 14),
     ("nist-ai-rmf", "control", 15, 8, 10), ("owasp-top10-llm", "risk", 25, 19, 9),
     ("owasp-top10-llm", "control", 8, 7, 6)],
)  # fmt: skip
def test_each_official_set_holds_cosai_values(
    sets: dict[str, sssom_tsv.MappingSetFile],
    catalog: Graph,
    mapping_csv: list[dict[str, str]],
    framework: str,
    entity: str,
    records: int,
    subjects: int,
    targets: int,
) -> None:
    expected = [r for r in mapping_csv if r["framework"] == framework and r["entity_type"] == entity]
    assert (len(expected), len({r["entity_id"] for r in expected}), len({r["framework_id"] for r in expected})) == (
        records,
        subjects,
        targets,
    )
    kind = "Risk" if entity == "risk" else "Control"
    rows = [
        r
        for r in sets[SET_IDS[framework]].rows
        if URIRef(SPEC.element_base + r.subject_id[6:]) in of_type(catalog, kind)
    ]
    assert len(rows) == records
    objects = {(r.subject_id.removeprefix("cosai:"), r.object_label) for r in rows}
    if framework == "nist-ai-rmf":  # CoSAI's MEASURE-2.7 is the AI RMF's MEASURE 2.7
        assert objects == {(r["entity_id"], r["framework_id"].replace("-", " ", 1)) for r in expected}
    else:
        assert objects == {(r["entity_id"], r["framework_id"]) for r in expected}
    for row in rows:
        assert (row.mapping_provenance, row.review_status) == ("source-official", "source-published")
        assert (row.ir8477_style, row.ir8477_relationship, row.predicate_id) == (
            "crosswalk",
            "related-to",
            "skos:relatedMatch",
        )
        assert "No external framework maintainer has reviewed or endorsed them" in row.relationship_explanation


def test_set_record_counts_and_targets_exist_in_our_catalogs(
    sets: dict[str, sssom_tsv.MappingSetFile], reference: Path
) -> None:
    assert {set_id: len(sets[set_id].rows) for set_id in SET_IDS.values()} == {
        SET_IDS["controls"]: 128, SET_IDS["mitre-atlas"]: 55, SET_IDS["nist-ai-rmf"]: 15, SET_IDS["owasp-top10-llm"]: 33,
    }  # fmt: skip
    targets = {"atlas": "mitre-atlas/5.6.0", "airmf": "ai-rmf/1.0", "owasp2025": "owasp-llm-top10/2025"}
    for prefix, key in targets.items():
        graph = builder.build_catalog(FRAMEWORK_VERSIONS[key], reference)
        spec = FRAMEWORK_VERSIONS[key]
        cited = {r.object_id for s in sets.values() for r in s.rows if r.object_id.startswith(f"{prefix}:")}
        assert cited
        for curie in cited:
            node = URIRef(spec.element_base + curie.split(":", 1)[1])
            assert (node, builder.CW.inVersion, URIRef(spec.iri)) in graph, curie


def test_atlas_records_link_5_6_0_and_say_cosai_pins_5_0_1(
    sets: dict[str, sssom_tsv.MappingSetFile], mapping_csv: list[dict[str, str]], reference: Path
) -> None:
    cited = [r for r in mapping_csv if r["framework"] == "mitre-atlas"]
    assert {r["pinned_version"] for r in cited} == {"5.0.1"}
    with (reference / "mitre-atlas" / "ATLAS.yaml").open(encoding="utf-8") as handle:
        matrix = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["matrices"][0]
    in_5_6_0 = {item["id"] for key in ("techniques", "mitigations") for item in matrix[key]}
    missing = sorted({r["framework_id"] for r in cited} - in_5_6_0)
    assert missing == cosai_sets.atlas_ids_missing(reference) == []  # all 39 ids exist in 5.6.0 (none left out)
    assert len({r["framework_id"] for r in cited}) == 39
    for row in sets[SET_IDS["mitre-atlas"]].rows:
        atlas_id = row.object_id.removeprefix("atlas:")
        assert row.comment == f"CoSAI cites {atlas_id} @ ATLAS 5.0.1; linked to the 5.6.0 element of the same id"


# ---------------------------------------------------------------- license, attribution, committed files


def test_license_and_attribution(catalog: Graph, sets: dict[str, sssom_tsv.MappingSetFile], folder: Path) -> None:
    assert (folder / "LICENSE.md").read_text(encoding="utf-8").lstrip().startswith("Apache License")
    for name in ("risks.yaml", "controls.yaml", "components.yaml", "personas.yaml"):
        assert (folder / "yaml" / name).read_text(encoding="utf-8").startswith("# Copyright 2025 Google LLC")
    assert catalog.value(VERSION, DCTERMS.license) == URIRef(APACHE)
    attribution = str(catalog.value(VERSION, builder.CW.attribution))
    for words in ("Copyright 2025 Google LLC", "Coalition for Secure AI", "OASIS", "Apache License, Version 2.0"):
        assert words in attribution
    assert all(s.metadata["license"] == APACHE for s in sets.values())
    assert not list(catalog.subjects(builder.CW.sourcePage)) and not list(catalog.subjects(builder.CW.sourcePdfPage))


def test_generator_output_is_the_committed_files_byte_for_byte(reference: Path, tmp_path: Path) -> None:
    [catalog_file] = builder.write_catalogs([SPEC], reference, tmp_path)
    assert catalog_file.read_bytes() == (REPO / "ontology" / "catalogs" / SPEC.catalog_file).read_bytes()
    written = official_mappings.write_sets(cosai_sets.build_sets(reference), tmp_path)
    assert {p.name for p in written} == {f"{set_id}.sssom.tsv" for set_id in SET_IDS.values()}
    for path in written:
        assert path.read_bytes() == (REPO / "mappings" / path.name).read_bytes(), path.name


def test_the_generate_command_writes_the_cosai_sets(reference: Path) -> None:
    """`crosswalk generate` writes every set of OFFICIAL_SETS; the CoSAI builder is one of them and builds them all."""
    assert cosai_sets.build_sets in OFFICIAL_SETS
    built = {s.set_id for s in cosai_sets.build_sets(reference)}
    assert set(SET_IDS.values()) <= built


def test_the_shapes_accept_the_catalog_and_catch_broken_links(catalog: Graph) -> None:
    assert shacl_problems(catalog, {}, {}) == []
    broken = Graph()
    broken += catalog
    risk, control = URIRef(SPEC.element_base + "riskPromptInjection"), URIRef(SPEC.element_base + "controlRedTeaming")
    broken.add((control, builder.CW.persona, risk))  # a persona link to a risk
    broken.add((control, builder.CW.componentScope, Literal("some")))  # neither "all" nor "none"
    broken.add((URIRef(SPEC.element_base + "componentTheModel"), builder.CW.dataFlowTo, control))
    problems = {(p.node, p.field) for p in shacl_problems(broken, {}, {})}
    assert problems == {
        (str(control), "cw:persona"),
        (str(control), "cw:componentScope"),
        (SPEC.element_base + "componentTheModel", "cw:dataFlowTo"),
    }


@pytest.mark.parametrize(
    ("file", "key", "field", "count"),
    [("lifecycle-stage.yaml", "lifecycleStages", "lifecycleStage", 8), ("impact-type.yaml", "impactTypes", "impactType", 10),
     ("actor-access.yaml", "actorAccessLevels", "actorAccess", 9)],
)  # fmt: skip
def test_the_controlled_vocabularies_and_their_use(
    catalog: Graph, folder: Path, file: str, key: str, field: str, count: int
) -> None:
    terms = upstream_yaml(folder, file)[key]
    scheme = URIRef(SPEC.element_base + file.removesuffix(".yaml"))
    in_scheme = set(catalog.subjects(SKOS.inScheme, scheme))
    assert len(terms) == len(in_scheme) == count
    for term in terms:
        node = URIRef(f"{scheme}/{term['id']}")
        assert node in in_scheme and catalog.value(node, SKOS.notation) == Literal(term["id"])
        assert catalog.value(node, SKOS.prefLabel) == Literal(term["title"], lang="en")
        assert catalog.value(node, SKOS.definition) == Literal(term["description"].strip(), lang="en")
        assert (node, builder.CW.inVersion, None) not in catalog  # a value, not an element
    link = builder.CW[field]
    for csv_name in ("cosai-risks.csv", "cosai-controls.csv"):
        for row in derived_csv(folder, csv_name):
            got = {str(t).rsplit("/", 1)[1] for t in catalog.objects(URIRef(SPEC.element_base + row["id"]), link)}
            assert got == {v for v in row[field].split(";") if v}, row["id"]


def test_an_atlas_id_missing_from_5_6_0_is_reported_and_left_out(reference: Path, tmp_path: Path) -> None:
    """On a copy of the reference where one risk cites an id ATLAS 5.6.0 does not have (AML.T0999)."""
    for folder in ("mitre-atlas", "nist-ai-rmf-1.0", "owasp-llm-top10"):
        (tmp_path / folder).symlink_to(reference / folder)
    shutil.copytree(reference / "cosai-risk-map", tmp_path / "cosai-risk-map")
    risks = tmp_path / "cosai-risk-map" / "yaml" / "risks.yaml"
    risks.chmod(0o644)
    text = risks.read_text(encoding="utf-8")
    assert text.count("- AML.T0020@5.0.1") == 1
    risks.write_text(text.replace("- AML.T0020@5.0.1", "- AML.T0999@5.0.1"), encoding="utf-8")
    assert cosai_sets.atlas_ids_missing(tmp_path) == ["AML.T0999"]
    [atlas_set] = [s for s in cosai_sets.build_sets(tmp_path) if s.set_id == SET_IDS["mitre-atlas"]]
    assert len(atlas_set.rows) == 54 and not [r for r in atlas_set.rows if "AML.T0999" in r.object_id]
