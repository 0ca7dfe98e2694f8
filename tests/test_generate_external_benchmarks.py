"""External benchmark and index catalogs (AILuminate, AttaQ, HELM, FMTI) against the reference data: counts from the
reference README, verbatim texts, hierarchy, version metadata, SHACL, and the committed files."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import FrameworkVersionSpec
from crosswalk.content.generate.external_benchmarks import (
    AILUMINATE,
    ATTAQ,
    FMTI_1_1,
    FMTI_2025,
    HELM_CLASSIC,
    HELM_SAFETY,
    SPECS,
    build_catalog,
    write_all,
)
from crosswalk.content.generate.external_benchmarks_stanford import helm_local_id
from tests.conftest import reference_json

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("CROSSWALK_REFERENCE", Path(__file__).resolve().parents[2] / "shared" / "reference"))
PREFIXES = "\n".join(f"PREFIX {prefix}: <{iri}>" for prefix, iri in ns.PREFIXES.items())
VERBATIM = URIRef(ns.VOCAB + "fidelity-verbatim")

pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"reference data not found at {REFERENCE}")


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {spec.key: build_catalog(spec, REFERENCE) for spec in SPECS}


@pytest.fixture(scope="module")
def readme() -> str:
    return (REFERENCE / "README.md").read_text(encoding="utf-8")


def select(graph: Graph, query: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in graph.query(PREFIXES + "\n" + query)]  # type: ignore[arg-type]


def count(graph: Graph, cls: str) -> int:
    [(n,)] = select(graph, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a cw:{cls} ; cw:inVersion ?v }}")
    return int(n)


def readme_numbers(readme: str, folder: str, pattern: str) -> tuple[int, ...]:
    [row] = [line for line in readme.splitlines() if line.startswith(f"| {folder} |")]
    match = re.search(pattern, row)
    assert match, f"README row for {folder} no longer says {pattern!r}"
    return tuple(int(group.replace(",", "")) for group in match.groups())


def reference_csv(relative: str) -> list[dict[str, str]]:
    with (REFERENCE / relative).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def helm_schema(name: str) -> dict[str, Any]:
    with (REFERENCE / "stanford-helm" / "schemas" / f"schema_{name}.yaml").open(encoding="utf-8") as handle:
        schema: dict[str, Any] = yaml.safe_load(handle)
    return schema


# ---------------------------------------------------------------- counts from the reference README
def test_ailuminate_counts(graphs: dict[str, Graph], readme: str) -> None:
    hazards, groups = readme_numbers(readme, "mlcommons-ailuminate", r"(\d+) hazards in (\d+) groups")
    g = graphs[AILUMINATE.key]
    assert (count(g, "Hazard"), count(g, "Category"), count(g, "Benchmark")) == (hazards, groups, 1) == (12, 3, 1)


def test_attaq_counts(graphs: dict[str, Graph], readme: str) -> None:
    classes, questions = readme_numbers(readme, "ibm-attaq", r"(\d+) classes, ([\d,]+) questions")
    g = graphs[ATTAQ.key]
    assert (count(g, "Hazard"), count(g, "Benchmark")) == (classes, 1) == (7, 1)
    descriptions = {str(d) for (d,) in select(g, "SELECT ?d WHERE { ?b a cw:Benchmark ; cw:description ?d }")}
    assert f"{questions:,} adversarial questions" in descriptions
    assert questions == 1402


def test_helm_counts(graphs: dict[str, Graph], readme: str) -> None:
    scenario_groups, metrics = readme_numbers(readme, "stanford-helm", r"classic: (\d+) scenario groups, (\d+) metrics")
    classic = graphs[HELM_CLASSIC.key]
    assert (count(classic, "Benchmark"), count(classic, "Metric")) == (scenario_groups, metrics) == (128, 119)
    assert count(classic, "Category") == len(helm_schema("classic")["metric_groups"]) == 29
    safety = graphs[HELM_SAFETY.key]  # PROVENANCE.md: 7 run groups, 31 metrics
    assert (count(safety, "Benchmark"), count(safety, "Metric"), count(safety, "Category")) == (7, 31, 6)


def test_fmti_counts(graphs: dict[str, Graph], readme: str) -> None:
    v1_indicators, v1_subdomains, v25_indicators, v25_subdomains = readme_numbers(
        readme,
        "stanford-fmti",
        r"v1\.x: (\d+) indicators in (\d+) subdomains; 2025: (\d+) indicators in (\d+) subdomains",
    )
    for spec, indicators, subdomains in ((FMTI_1_1, v1_indicators, v1_subdomains), (FMTI_2025, v25_indicators, 19)):
        g = graphs[spec.key]
        assert count(g, "Metric") == indicators == 100
        assert count(g, "Category") == 3 + subdomains
    # The README's 20 counts the 2025 CSV's distinct strings, where "Accountability " (trailing space) and
    # "Accountability" are one subdomain.
    raw = {(row["Domain"], row["Subdomain"]) for row in reference_csv("stanford-fmti/fmti-2025-indicators.csv")}
    assert len(raw) == v25_subdomains == 20
    assert len({(domain.strip(), sub.strip()) for domain, sub in raw}) == 19


def test_element_count_recorded_on_versions(graphs: dict[str, Graph]) -> None:
    expected = {AILUMINATE: 16, ATTAQ: 8, HELM_SAFETY: 44, HELM_CLASSIC: 276, FMTI_1_1: 126, FMTI_2025: 122}
    for spec, total in expected.items():
        [(n,)] = select(graphs[spec.key], f"SELECT ?n WHERE {{ <{spec.iri}> cw:elementCount ?n }}")
        assert int(n) == total, spec.key


# ---------------------------------------------------------------- AILuminate
def test_ailuminate_statements_are_verbatim_definitions(graphs: dict[str, Graph]) -> None:
    data = reference_json("mlcommons-ailuminate/ailuminate-v1.0-hazards.json")
    rows = select(
        graphs[AILUMINATE.key],
        """SELECT ?uid ?label ?statement ?fidelity ?group WHERE {
               ?h a cw:Hazard ; skos:notation ?uid ; skos:prefLabel ?label ; cw:statement ?statement ;
                  cw:textFidelity ?fidelity ; cw:partOf/skos:prefLabel ?group }""",
    )
    assert {str(uid): (str(label), str(statement), str(group)) for uid, label, statement, _, group in rows} == {
        h["hazard_uid"]: (h["name"], h["definition"], h["group"]) for h in data["hazards"]
    }
    assert {fidelity for *_, fidelity, _ in rows} == {VERBATIM}


def test_ailuminate_groups_under_the_benchmark(graphs: dict[str, Graph]) -> None:
    data = reference_json("mlcommons-ailuminate/ailuminate-v1.0-hazards.json")
    rows = select(
        graphs[AILUMINATE.key],
        """SELECT ?label ?statement ?order WHERE {
               ?g a cw:Category ; skos:prefLabel ?label ; cw:statement ?statement ; cw:order ?order ;
                  cw:partOf ?b . ?b a cw:Benchmark FILTER NOT EXISTS { ?b cw:partOf ?any } }""",
    )
    assert sorted((int(o), str(label), str(s)) for label, s, o in rows) == [
        (n, g["name"], g["description"]) for n, g in enumerate(data["groups"], start=1)
    ]


def test_ailuminate_readme_names_are_alt_labels(graphs: dict[str, Graph]) -> None:
    rows = select(graphs[AILUMINATE.key], "SELECT ?uid ?alt WHERE { ?h skos:notation ?uid ; skos:altLabel ?alt }")
    assert {str(uid): str(alt) for uid, alt in rows} == {
        "ssh": "Suicide & Self-Harm",
        "ipv": "Intellectual Property Violations",
        "ncr": "Non-Violent Crimes",
        "prv": "Privacy Violations",
    }


# ---------------------------------------------------------------- AttaQ
def test_attaq_classes(graphs: dict[str, Graph]) -> None:
    data = reference_json("ibm-attaq/attaq-categories.json")
    g = graphs[ATTAQ.key]
    rows = select(
        g,
        """SELECT ?label ?order WHERE { ?c a cw:Hazard ; skos:prefLabel ?label ; cw:order ?order ;
                                           cw:partOf/a cw:Benchmark }""",
    )
    assert sorted((int(o), str(label)) for label, o in rows) == [(c["n"], c["name"]) for c in data["categories"]]
    # The reference has no class definitions, identifiers or per-class counts: none are written.
    assert select(g, "SELECT ?c WHERE { ?c a cw:Hazard { ?c cw:statement|skos:notation|cw:description ?x } }") == []
    quote = data["source_text"].split('"')[1]
    assert (None, URIRef(ns.ONTOLOGY + "description"), Literal(quote, lang="en")) in g


# ---------------------------------------------------------------- HELM
@pytest.mark.parametrize("spec", [HELM_SAFETY, HELM_CLASSIC], ids=lambda spec: spec.version)
def test_helm_texts_are_the_schema_verbatim(graphs: dict[str, Graph], spec: FrameworkVersionSpec) -> None:
    schema = helm_schema(spec.version)
    g = graphs[spec.key]
    for cls, key in (("Benchmark", "run_groups"), ("Metric", "metrics"), ("Category", "metric_groups")):
        rows = select(
            g,
            f"""SELECT ?name ?label ?statement WHERE {{
                   ?e a cw:{cls} ; skos:notation ?name ; skos:prefLabel ?label
                   OPTIONAL {{ ?e cw:statement ?statement ; cw:textFidelity cwv:fidelity-verbatim }} }}""",
        )
        found = {str(n): (str(label), str(s) if s is not None else None) for n, label, s in rows}
        assert found == {item["name"]: (item["display_name"], item.get("description")) for item in schema[key]}


def test_helm_local_ids_are_curie_safe_and_notations_exact(graphs: dict[str, Graph]) -> None:
    g = graphs[HELM_CLASSIC.key]
    ids = [str(i) for (i,) in select(g, "SELECT ?i WHERE { ?e cw:inVersion ?v ; dcterms:identifier ?i }")]
    assert len(ids) == len(set(ids)) == 276
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", i) for i in ids)
    assert helm_local_id("exact_match@5") == "exact_match-5"
    rows = select(g, 'SELECT ?i WHERE { ?e skos:notation "selective_acc@10" ; dcterms:identifier ?i }')
    assert [str(i) for (i,) in rows] == ["metric-selective_acc-10"]
    # Names shared by a run group and a metric group ("calibration") or a metric stay apart.
    rows = select(g, 'SELECT ?i WHERE { ?e skos:notation "calibration" ; dcterms:identifier ?i }')
    assert sorted(str(i) for (i,) in rows) == ["calibration", "metric-group-calibration"]


def test_helm_hierarchy(graphs: dict[str, Graph]) -> None:
    classic = graphs[HELM_CLASSIC.key]
    rows = select(classic, 'SELECT ?p WHERE { ?e skos:notation "mmlu" ; cw:partOf/skos:notation ?p }')
    assert sorted(str(p) for (p,) in rows) == [
        "ablation_multiple_choice",
        "calibration",
        "knowledge",
        "question_answering",
    ]
    rows = select(classic, 'SELECT ?m WHERE { ?m a cw:Metric ; cw:partOf/skos:notation "calibration_detailed" }')
    assert len(rows) == 9
    safety = graphs[HELM_SAFETY.key]
    rows = select(safety, 'SELECT ?c WHERE { ?e cw:partOf/skos:notation "safety_scenarios" ; skos:notation ?c }')
    assert sorted(str(c) for (c,) in rows) == [
        "anthropic_red_team",
        "bbq",
        "harm_bench",
        "simple_safety_tests",
        "xstest",
    ]
    top = select(
        safety, "SELECT ?n WHERE { ?e a cw:Benchmark ; skos:notation ?n FILTER NOT EXISTS { ?e cw:partOf ?p } }"
    )
    assert sorted(str(n) for (n,) in top) == ["harm_bench_gcg_transfer", "safety_scenarios"]


def test_helm_todo_run_groups_are_flagged(graphs: dict[str, Graph]) -> None:
    todo = {g["name"] for g in helm_schema("classic")["run_groups"] if g.get("todo")}
    rows = select(graphs[HELM_CLASSIC.key], "SELECT ?n WHERE { ?e skos:editorialNote ?note ; skos:notation ?n }")
    assert {str(n) for (n,) in rows} == todo
    assert len(todo) == 15


# ---------------------------------------------------------------- FMTI
@pytest.mark.parametrize(
    ("spec", "file"),
    [(FMTI_1_1, "fmti-indicators-v1.0-v1.1.csv"), (FMTI_2025, "fmti-2025-indicators.csv")],
    ids=["1.1", "2025"],
)
def test_fmti_indicators_verbatim(graphs: dict[str, Graph], spec: FrameworkVersionSpec, file: str) -> None:
    rows = select(
        graphs[spec.key],
        """SELECT ?name ?definition ?sub ?domain WHERE {
               ?i a cw:Metric ; skos:prefLabel ?name ; cw:statement ?definition ;
                  cw:textFidelity cwv:fidelity-verbatim ; cw:partOf ?s .
               ?s a cw:Category ; skos:prefLabel ?sub ; cw:partOf ?d .
               ?d a cw:Category ; skos:prefLabel ?domain FILTER NOT EXISTS { ?d cw:partOf ?x }
               FILTER NOT EXISTS { ?i skos:notation ?n } }""",
    )
    found = {str(n): (str(d), str(s), str(dom)) for n, d, s, dom in rows}
    expected = {
        r["Indicator"].strip(): (r["Definition"].strip(), r["Subdomain"].strip(), r["Domain"])
        for r in reference_csv(f"stanford-fmti/{file}")
    }
    assert found == expected


def test_fmti_2025_accountability_is_one_subdomain(graphs: dict[str, Graph]) -> None:
    rows = select(
        graphs[FMTI_2025.key],
        'SELECT ?i WHERE { ?s a cw:Category ; skos:prefLabel "Accountability"@en . ?i cw:partOf ?s }',
    )
    assert len(rows) == 3


def test_fmti_1_1_scores_sheet_names(graphs: dict[str, Graph]) -> None:
    rows = select(graphs[FMTI_1_1.key], "SELECT ?label ?alt WHERE { ?i skos:prefLabel ?label ; skos:altLabel ?alt }")
    found = {str(label): str(alt) for label, alt in rows}
    assert len(found) == 8
    assert found["Copyrighted data"] == "Data copyright status"
    assert select(graphs[FMTI_2025.key], "SELECT ?i WHERE { ?i skos:altLabel ?alt }") == []


def test_fmti_versions(graphs: dict[str, Graph]) -> None:
    both = graphs[FMTI_1_1.key] + graphs[FMTI_2025.key]
    rows = select(both, "SELECT ?v ?latest WHERE { ?v a cw:FrameworkVersion ; cw:isLatestVersion ?latest }")
    assert {str(v): latest.toPython() for v, latest in rows} == {FMTI_1_1.iri: False, FMTI_2025.iri: True}
    assert (URIRef(FMTI_2025.iri), URIRef(ns.ONTOLOGY + "previousVersion"), URIRef(FMTI_1_1.iri)) in both


# ---------------------------------------------------------------- metadata and locators
def test_licenses_attribution_and_sources(graphs: dict[str, Graph]) -> None:
    expected = {
        AILUMINATE: "https://creativecommons.org/licenses/by/4.0/",
        ATTAQ: "https://opensource.org/licenses/MIT",
        HELM_SAFETY: "https://www.apache.org/licenses/LICENSE-2.0",
        HELM_CLASSIC: "https://www.apache.org/licenses/LICENSE-2.0",
        FMTI_1_1: "https://creativecommons.org/licenses/by/4.0/",
        FMTI_2025: "https://creativecommons.org/licenses/by/4.0/",
    }
    for spec, license_iri in expected.items():
        rows = select(
            graphs[spec.key],
            f"SELECT ?l ?a ?s WHERE {{ <{spec.iri}> dcterms:license ?l ; cw:attribution ?a ; dcterms:source ?s }}",
        )
        assert [str(lic) for lic, _, _ in rows] == [license_iri], spec.key


def test_locators_have_no_pages(graphs: dict[str, Graph]) -> None:
    for spec in SPECS:
        g = graphs[spec.key]
        assert select(g, "SELECT ?e WHERE { ?e cw:sourcePage|cw:sourcePdfPage ?p }") == []
        missing = "SELECT ?e WHERE { ?e cw:inVersion ?v FILTER NOT EXISTS { ?e cw:sourceDocument ?d } }"
        assert select(g, missing) == [], spec.key


# ---------------------------------------------------------------- SHACL
def test_catalogs_conform_to_shapes(graphs: dict[str, Graph]) -> None:
    from crosswalk.content.validation import shacl_problems

    union = Graph()
    for graph in graphs.values():
        union += graph
    assert shacl_problems(union, {}, {}) == []


# ---------------------------------------------------------------- files
def test_write_all(tmp_path: Path, graphs: dict[str, Graph]) -> None:
    written = write_all(REFERENCE, tmp_path)
    assert [p.name for p in written] == [f"{spec.framework}-{spec.version}.ttl" for spec in SPECS]
    for path, spec in zip(written, SPECS, strict=True):
        assert isomorphic(Graph().parse(path, format="turtle"), graphs[spec.key])


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.key)
def test_committed_catalogs_are_current(graphs: dict[str, Graph], spec: FrameworkVersionSpec) -> None:
    committed = Graph().parse(REPO / "ontology" / "catalogs" / spec.catalog_file, format="turtle")
    assert isomorphic(committed, graphs[spec.key]), f"regenerate {spec.catalog_file}"
