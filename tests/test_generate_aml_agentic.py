"""NIST AI 100-2 E2025 and the OWASP Top 10 for Agentic Applications 2026: both catalogs, the Appendix A set and the
two named queries, against the reference data (counts from PROVENANCE.md and the reference README, texts verbatim,
pages, license) and on a store built by `crosswalk load`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pyoxigraph import Literal as OxLiteral
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS, XSD

from crosswalk.content import queries, sssom_tsv
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate import ai_100_2, owasp_agentic
from crosswalk.content.generate.builder import CW, CWV, build_catalog, write_catalogs
from crosswalk.content.generate.official_mappings import write_sets
from crosswalk.content.mapping_records import to_graph
from crosswalk.content.validation import shacl_problems
from crosswalk.store import GraphStore, open_store
from crosswalk.surfaces.cli.main import main
from tests.conftest import REPO, reference_json
from tests.store_copies import copy_store

AML, ASI, LLM = ai_100_2.SPEC, owasp_agentic.SPEC, FRAMEWORK_VERSIONS["owasp-llm-top10/2025"]
AML_JSON = f"{AML.reference_folder}/nist-ai-100-2.json"
ASI_JSON = f"{ASI.reference_folder}/owasp-agentic-top10.json"
ERRATA_REMOVED, ERRATA_ADDED = CWV["placement-errata-removed"], CWV["placement-errata-added"]


@pytest.fixture(scope="module")
def aml(reference: Path) -> Graph:
    return build_catalog(AML, reference)


@pytest.fixture(scope="module")
def asi(reference: Path) -> Graph:
    return build_catalog(ASI, reference)


@pytest.fixture(scope="module")
def appendix(reference: Path) -> sssom_tsv.MappingSetFile:
    [mapping_set] = owasp_agentic.build_sets(reference)
    return mapping_set


@pytest.fixture(scope="module")
def aml_ref(reference: Path) -> dict[str, Any]:
    return dict(reference_json(AML_JSON))


@pytest.fixture(scope="module")
def asi_ref(reference: Path) -> list[dict[str, Any]]:
    return list(reference_json(ASI_JSON)["risks"])


@pytest.fixture(scope="module")
def store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    target = tmp_path_factory.mktemp("aml-agentic") / "store"
    copy_store(built_store, target)
    opened = open_store(target)
    yield opened
    opened.close()


def csv_rows(reference: Path, relative: str) -> list[dict[str, str]]:
    with (reference / relative).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def of_type(graph: Graph, kind: str) -> list[URIRef]:
    return sorted(n for n in graph.subjects(RDF.type, CW[kind]) if isinstance(n, URIRef))


def node(spec: Any, local_id: str) -> URIRef:
    return URIRef(spec.element_base + local_id)


def strings(graph: Graph, subject: Any, predicate: URIRef) -> set[str]:
    return {str(o) for o in graph.objects(subject, predicate)}


def pdf_pages(graph: Graph, subject: Any) -> set[int]:
    return {int(o) for o in graph.objects(subject, CW.sourcePdfPage)}


# ---------------------------------------------------------------- NIST AI 100-2 E2025


def test_aml_counts_and_ids(aml: Graph, aml_ref: dict[str, Any], reference: Path) -> None:
    kinds = {kind: len(of_type(aml, kind)) for kind in ("Taxonomy", "Objective", "Hazard", "Mitigation")}
    assert kinds == {"Taxonomy": 2, "Objective": 5, "Hazard": 25, "Mitigation": 9}  # reference README
    assert aml.value(URIRef(AML.iri), CW.elementCount) == Literal(41)
    ids = csv_rows(reference, f"{AML.reference_folder}/nistaml-ids.csv")
    assert len(ids) == 30
    for kind, cls in (("objective", "Objective"), ("attack", "Hazard")):
        expected = {row["id"]: row["name"] for row in ids if row["kind"] == kind}
        found = {str(aml.value(n, SKOS.notation)): str(aml.value(n, SKOS.prefLabel)) for n in of_type(aml, cls)}
        assert found == expected
    assert sorted(expected) == [
        f"NISTAML.0{n}" for n in (11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26, 27)
    ] + [f"NISTAML.0{n}" for n in (31, 32, 33, 34, 35, 36, 37, 38, 39, 51)]
    # "Model Poisoning" names three ids: availability, integrity, supply chain (PROVENANCE.md)
    poisoning = {
        str(aml.value(n, SKOS.notation))
        for n in of_type(aml, "Hazard")
        if str(aml.value(n, SKOS.prefLabel)) == "Model Poisoning"
    }
    assert poisoning == {"NISTAML.011", "NISTAML.026", "NISTAML.051"}
    taxonomies = {str(aml.value(n, DCTERMS.identifier)): aml.value(n, SKOS.notation) for n in of_type(aml, "Taxonomy")}
    assert taxonomies == {"PredAI": None, "GenAI": None}  # abbreviations, not NIST ids
    for taxonomy in aml_ref["taxonomies"]:
        subject = node(AML, taxonomy["id"])
        [section] = [s for s in aml_ref["sections"] if s["id"] == taxonomy["domainSection"]]
        assert strings(aml, subject, CW.sourceSection) == {f"{section['id']} {section['title']}"}
        assert pdf_pages(aml, subject) == {section["page"]} and aml.value(subject, CW.partOf) is None
        assert "printed pages x-xi (PDF pages 10-11)" in str(aml.value(subject, SKOS.scopeNote))


def test_aml_definitions_verbatim_with_section_and_page(aml: Graph, aml_ref: dict[str, Any], reference: Path) -> None:
    titles = ai_100_2.section_titles(aml_ref)
    located: set[tuple[str, str]] = set()
    for item in aml_ref["objectives"] + aml_ref["attacks"]:
        subject = node(AML, item["id"])
        first, *further = item["definitions"]
        assert aml.value(subject, CW.statement) == Literal(first["text"], lang="en")
        assert aml.value(subject, CW.textFidelity) == CWV["fidelity-verbatim"]
        assert strings(aml, subject, CW.sourceSection) == {titles[first["section"]]}
        assert pdf_pages(aml, subject) == {first["page"]} and aml.value(subject, CW.sourcePage) is None
        located.add((first["section"], item["id"]))
        assert strings(aml, subject, CW.description) == {d["text"] for d in further}
        for definition in further:
            [statement] = [
                s for s in aml.subjects(RDF.subject, subject) if str(aml.value(s, RDF.object)) == definition["text"]
            ]
            assert aml.value(statement, RDF.predicate) == CW.description
            assert aml.value(statement, CW.textFidelity) == CWV["fidelity-verbatim"]
            assert strings(aml, statement, CW.sourceSection) == {titles[definition["section"]]}
            assert pdf_pages(aml, statement) == {definition["page"]}
            assert str(aml.value(statement, RDFS.comment)).startswith(f"{definition['taxonomy']} taxonomy")
            located.add((definition["section"], item["id"]))
    cprt = {
        (r["section"], r["nistaml_id"])
        for r in csv_rows(reference, f"{AML.reference_folder}/cprt-section-to-nistaml.csv")
    }
    assert located == cprt and len(cprt) == 36  # every definition, read against NIST's CPRT relationships
    by_id = {r["id"]: r["definition"] for r in csv_rows(reference, f"{AML.reference_folder}/nistaml-ids.csv")}
    assert {
        str(aml.value(n, SKOS.notation)): str(aml.value(n, CW.statement))
        for n in of_type(aml, "Objective") + of_type(aml, "Hazard")
    } == by_id
    assert titles["2.1.2"] == "2.1.2 Attacker Goals and Objectives"  # the PDF heading where CPRT's differs


def test_aml_cprt_word_defects_are_kept_and_flagged(aml: Graph) -> None:
    notes = {str(o) for o in aml.objects(None, SKOS.editorialNote) if "CPRT" in str(o)}
    assert notes == {
        "Kept as in NIST's CPRT text: “pa rameters3”; the PDF reads “parameters3”.",
        "Kept as in NIST's CPRT text: “itis”; the PDF reads “it is”.",
    }
    assert any("model pa rameters3" in text for text in strings(aml, node(AML, "NISTAML.03"), CW.description))


def test_aml_taxonomy_placements_follow_index_and_errata(aml: Graph, aml_ref: dict[str, Any]) -> None:
    placed: dict[tuple[str, str], set[str]] = {}
    removed: set[tuple[str, str, str]] = set()
    added: set[tuple[str, str, str]] = set()
    for attack in of_type(aml, "Hazard"):
        for placement in aml.objects(attack, CW.placement):
            key = (str(aml.value(aml.value(placement, CW.taxonomy), DCTERMS.identifier)),
                   str(aml.value(aml.value(placement, CW.objective), SKOS.notation)))  # fmt: skip
            basis = aml.value(placement, CW.placementBasis)
            triple = (*key, str(aml.value(attack, SKOS.notation)))
            if basis == ERRATA_REMOVED:
                removed.add(triple)
                continue
            if basis == ERRATA_ADDED:
                added.add(triple)
            placed.setdefault(key, set()).add(triple[2])
    expected = {(t["id"], b["objective"]): set(b["attacks"]) for t in aml_ref["taxonomies"] for b in t["objectives"]}
    assert placed == expected
    sizes = {key: len(attacks) for key, attacks in placed.items()}  # PROVENANCE.md
    assert sizes == {
        ("PredAI", "NISTAML.01"): 4, ("PredAI", "NISTAML.02"): 7, ("PredAI", "NISTAML.03"): 4,
        ("PredAI", "NISTAML.05"): 1, ("GenAI", "NISTAML.01"): 2, ("GenAI", "NISTAML.02"): 6,
        ("GenAI", "NISTAML.03"): 9, ("GenAI", "NISTAML.04"): 1, ("GenAI", "NISTAML.05"): 1,
    }  # fmt: skip
    per_taxonomy = {t: set().union(*(a for (tt, _), a in placed.items() if tt == t)) for t in ("PredAI", "GenAI")}
    assert {t: len(a) for t, a in per_taxonomy.items()} == {"PredAI": 15, "GenAI": 15}
    assert per_taxonomy["PredAI"] & per_taxonomy["GenAI"] == {f"NISTAML.0{n}" for n in (13, 23, 24, 33, 51)}
    assert removed == {("GenAI", "NISTAML.01", f"NISTAML.0{n}") for n in (13, 15, 18)}  # printed, errata item 1
    assert added == {("GenAI", "NISTAML.01", f"NISTAML.0{n}") for n in (16, 17)}
    # cw:partOf: the objectives an attack sits under in either taxonomy, without the errata's removals
    assert {str(aml.value(o, SKOS.notation)) for o in aml.objects(node(AML, "NISTAML.013"), CW.partOf)} == {
        "NISTAML.01", "NISTAML.02"
    }  # fmt: skip
    assert {str(aml.value(o, SKOS.notation)) for o in aml.objects(node(AML, "NISTAML.018"), CW.partOf)} == {
        "NISTAML.02", "NISTAML.03", "NISTAML.04"
    }  # fmt: skip
    assert set(aml.objects(node(AML, "NISTAML.04"), CW.partOf)) == {node(AML, "GenAI")}


def test_aml_mitigations_have_our_ids_and_no_notation(aml: Graph, aml_ref: dict[str, Any]) -> None:
    titles = ai_100_2.section_titles(aml_ref)
    mitigations = aml_ref["mitigations"]
    assert len(mitigations) == 9 and Counter(m["kind"] for m in mitigations) == {"section": 5, "inline-paragraph": 4}
    for mitigation in mitigations:
        section = mitigation["id"].split("#")[0]
        subject = node(AML, f"mitigations-{section}")
        assert (subject, RDF.type, CW.Mitigation) in aml
        assert aml.value(subject, SKOS.notation) is None
        assert aml.value(subject, CW.identifierAssigned) == Literal(True)
        assert "Identifier assigned by the crosswalk project" in str(aml.value(subject, SKOS.editorialNote))
        assert aml.value(subject, CW.statement) == Literal(mitigation["firstParagraph"], lang="en")
        assert strings(aml, subject, CW.sourceSection) == {titles[section]}
        assert pdf_pages(aml, subject) == {mitigation["page"]}
        taxonomy = "PredAI" if section.startswith("2.") else "GenAI"
        assert aml.value(subject, CW.partOf) == node(AML, taxonomy)
        subjects = {str(aml.value(o, SKOS.notation)) for o in aml.objects(subject, DCTERMS.subject)}
        assert subjects == set(mitigation["attackIdsInParentSection"])
    assert sorted(str(aml.value(n, DCTERMS.identifier)) for n in of_type(aml, "Mitigation")) == [
        f"mitigations-{s}" for s in ("2.2.5", "2.3.1", "2.3.2", "2.3.3", "2.3.4", "2.4.5", "3.2.3", "3.3.3", "3.4.4")
    ]
    assert "mitigations-<section>" in str(aml.value(URIRef(AML.iri), CW.completenessNote))


def test_aml_version_license_and_attribution(aml: Graph) -> None:
    version = URIRef(AML.iri)
    assert (AML.framework, AML.version, AML.prefix) == ("ai-100-2", "e2025", "ai1002")
    assert aml.value(version, DCTERMS.license) == URIRef("https://www.usa.gov/government-works")
    attribution = str(aml.value(version, CW.attribution))
    assert "NIST AI 100-2 E2025" in attribution and "17 U.S.C. §105" in attribution and "Vassilev A" in attribution
    assert aml.value(version, DCTERMS.issued) == Literal("2025-03-24", datatype=XSD.date)
    assert aml.value(version, CW.status) == CWV["status-final"]
    assert aml.value(version, DCTERMS.source) == URIRef("https://doi.org/10.6028/NIST.AI.100-2e2025")


# ---------------------------------------------------------------- OWASP Top 10 for Agentic Applications 2026


def test_asi_counts(asi: Graph, asi_ref: list[dict[str, Any]], reference: Path) -> None:
    assert len(of_type(asi, "Risk")) == 10 and len(of_type(asi, "Mitigation")) == 86  # reference README
    assert asi.value(URIRef(ASI.iri), CW.elementCount) == Literal(96)
    entries = csv_rows(reference, f"{ASI.reference_folder}/asi-entries.csv")
    per_entry = {e["id"]: int(e["n_prevention_strategies"]) for e in entries}
    assert list(per_entry.values()) == [9, 8, 9, 9, 7, 9, 9, 10, 9, 7]  # PROVENANCE.md
    found = Counter(str(asi.value(asi.value(m, CW.partOf), SKOS.notation)) for m in of_type(asi, "Mitigation"))
    assert found == per_entry
    titles = {str(asi.value(n, SKOS.notation)): str(asi.value(n, SKOS.prefLabel)) for n in of_type(asi, "Risk")}
    assert titles == {e["id"]: e["title"] for e in entries}
    assert titles["ASI06"] == "Memory & Context Poisoning" and titles["ASI02"] == "Tool Misuse and Exploitation"


def test_asi_descriptions_and_strategies_verbatim_with_pages(
    asi: Graph, asi_ref: list[dict[str, Any]], reference: Path
) -> None:
    first_paragraphs = {
        e["id"]: e["description"] for e in csv_rows(reference, f"{ASI.reference_folder}/asi-entries.csv")
    }
    for risk in asi_ref:
        subject = node(ASI, risk["id"])
        statement = str(asi.value(subject, CW.statement))
        assert statement == "\n\n".join(risk["descriptionParagraphs"])
        assert statement.startswith(first_paragraphs[risk["id"]])
        assert asi.value(subject, CW.textFidelity) == CWV["fidelity-verbatim"]
        [description_page] = [s["page"] for s in risk["sections"] if s["name"] == "Description"]
        assert pdf_pages(asi, subject) == {description_page}
        assert strings(asi, subject, CW.sourcePage) == {str(description_page - 1)}  # printed "Page N" = PDF - 1
        assert strings(asi, subject, CW.sourceSection) == {f"{risk['id']} {risk['title']}: Description"}
        for n, strategy in enumerate(risk["preventionStrategies"], start=1):
            item = node(ASI, f"{risk['id']}-prevention-{n}")
            assert asi.value(item, CW.statement) == Literal(strategy["text"], lang="en")
            assert asi.value(item, CW.partOf) == subject and asi.value(item, CW.order) == Literal(n)
            pages = {strategy["page"], strategy.get("pageEnd", strategy["page"])}
            assert pdf_pages(asi, item) == pages
            assert strings(asi, item, CW.sourcePage) == {str(p - 1) for p in pages}
            assert asi.value(item, SKOS.notation) is None and asi.value(item, CW.identifierAssigned) == Literal(True)
    [intro] = [r["preventionIntro"] for r in asi_ref if "preventionIntro" in r]
    assert strings(asi, node(ASI, "ASI02"), CW.description) == set(intro)


def test_asi_uses_no_ibm_paraphrase(asi: Graph, reference: Path) -> None:
    with (reference / ASI.reference_folder / "ibm-ai-atlas-nexus" / "owasp_asi_data.yaml").open(encoding="utf-8") as f:
        ibm = yaml.safe_load(f)["entries"]
    assert len(ibm) == 10
    texts = " ".join(str(o) for o in asi.objects(None, None) if isinstance(o, Literal))
    for entry in ibm:  # IBM's ASI02 and ASI09 descriptions start in OWASP's words, then diverge
        for key in ("description", "concern"):
            assert entry[key] not in texts, f"IBM's {key} of {entry['id']} is in the catalog"
        statement = str(asi.value(node(ASI, entry["name"][:5]), CW.statement))
        assert statement and entry["description"] not in statement


def test_asi_license_and_attribution(asi: Graph, reference: Path) -> None:
    source = reference_json(ASI_JSON)["source"]
    version = URIRef(ASI.iri)
    assert (ASI.framework, ASI.version) == ("owasp-agentic-top10", "2026")
    assert asi.value(version, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
    attribution = str(asi.value(version, CW.attribution))
    assert source["attribution"] in attribution and source["changes"] in attribution
    assert "CC BY-SA 4.0" in attribution and "same license" in attribution
    assert asi.value(version, DCTERMS.issued) == Literal("2025-12-09", datatype=XSD.date)
    assert asi.value(version, CW.completeness) == CWV["completeness-partial"]


def test_asi_t_codes_and_aivss_stay_labels(asi: Graph, reference: Path) -> None:
    cells = csv_rows(reference, f"{ASI.reference_folder}/asi-appendix-a-mappings.csv")
    assert Counter(c["target_scheme"] for c in cells) == {
        "owasp-llm-top10": 23, "owasp-agentic-threats": 27, "owasp-aivss": 12
    }  # fmt: skip
    for scheme, predicate in (
        ("owasp-agentic-threats", CW.agenticThreatReference),
        ("owasp-aivss", CW.aivssCoreRiskReference),
    ):
        expected = {(c["asi_id"], c["text_as_printed"]) for c in cells if c["target_scheme"] == scheme}
        found = {(str(asi.value(s, SKOS.notation)), str(o)) for s, o in asi.subject_objects(predicate)}
        assert found == expected
    assert "T6 Goal Manipulation" in strings(asi, node(ASI, "ASI01"), CW.agenticThreatReference)
    notations = {str(n) for n in asi.objects(None, SKOS.notation)}
    assert notations == {f"ASI{n:02d}" for n in range(1, 11)}  # no element invented for a T-code or AIVSS name


# ---------------------------------------------------------------- Appendix A -> OWASP LLM 2025


def pairs(mapping_set: sssom_tsv.MappingSetFile) -> list[tuple[str, str]]:
    return [(r.subject_id.split(":", 1)[1], r.object_id.split(":", 1)[1]) for r in mapping_set.rows]


def test_appendix_a_set(appendix: sssom_tsv.MappingSetFile, reference: Path) -> None:
    cells = [
        c
        for c in csv_rows(reference, f"{ASI.reference_folder}/asi-appendix-a-mappings.csv")
        if c["target_scheme"] == "owasp-llm-top10"
    ]
    assert len(appendix.rows) == 23 == len(cells)
    assert pairs(appendix) == [(c["asi_id"], c["target_id"].split(":")[0]) for c in cells]
    assert Counter(o for _, o in pairs(appendix)) == {
        "LLM01": 6, "LLM06": 6, "LLM02": 3, "LLM04": 2, "LLM05": 2, "LLM09": 2, "LLM03": 1, "LLM08": 1
    }  # fmt: skip
    assert {s for s, _ in pairs(appendix)} == {f"ASI{n:02d}" for n in range(1, 11)}
    for row, cell in zip(appendix.rows, cells, strict=True):
        assert (row.ir8477_style, row.ir8477_relationship, row.predicate_id) == (
            "crosswalk",
            "related-to",
            "skos:relatedMatch",
        )
        assert (row.mapping_provenance, row.review_status) == ("source-official", "source-published")
        assert row.author_label == "OWASP GenAI Security Project – Agentic Security Initiative"
        assert f'"{cell["text_as_printed"]}"' in row.relationship_explanation
        first, last = int(cell["page"]), int(cell["pageEnd"] or cell["page"])
        where = f"PDF page {first}, printed page {first - 1}"
        if last != first:
            where = f"PDF pages {first}-{last}, printed pages {first - 1}-{last - 1}"
        assert f"({where})" in row.relationship_explanation
        assert row.object_label == cell["target_id"] and row.mapping_date == "2025-12-09"
        assert row.comment == (
            f'printed as "{cell["id_as_printed"]}", without ":2025"' if cell["id_as_printed"] else ""
        )
    assert sum(1 for r in appendix.rows if r.comment) == 3
    assert appendix.set_id == "owasp-agentic-2026-to-owasp-llm-2025"
    assert appendix.metadata["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert appendix.curie_map["owasp2025"] == LLM.element_base and appendix.curie_map["asi2026"] == ASI.element_base


def test_appendix_a_pairs_equal_ibm_sssom(appendix: sssom_tsv.MappingSetFile, reference: Path) -> None:
    """PROVENANCE.md: IBM's 23 pairs are Appendix A's; IBM's predicates and confidences are IBM's own, not used."""
    path = reference / ASI.reference_folder / "ibm-ai-atlas-nexus" / "owasp_asi2owasp_llm.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    ibm = list(csv.DictReader(lines, delimiter="\t"))
    assert len(ibm) == 23
    assert Counter((r["subject_label"][:5], r["object_label"][:5]) for r in ibm) == Counter(pairs(appendix))
    assert Counter(r["predicate_id"] for r in ibm) == {
        "skos:relatedMatch": 16, "skos:narrowMatch": 4, "skos:broadMatch": 3
    }  # fmt: skip
    assert {r.predicate_id for r in appendix.rows} == {"skos:relatedMatch"}
    assert not any("IBM" in r.relationship_explanation or r.comment.startswith("0.") for r in appendix.rows)


# ---------------------------------------------------------------- shapes, committed files, CLI


def test_catalogs_and_set_conform_to_shapes(aml: Graph, asi: Graph, appendix: sssom_tsv.MappingSetFile) -> None:
    data = aml + asi
    for name in ("crosswalk.ttl", "vocab.ttl"):
        data.parse(REPO / "ontology" / name, format="turtle")
    for spec in (LLM, FRAMEWORK_VERSIONS["owasp-llm-top10/1.1"]):  # 2025's previous version is 1.1
        data.parse(REPO / "ontology" / "catalogs" / spec.catalog_file, format="turtle")
    problems: list[Any] = []
    data += to_graph(appendix, problems)
    assert problems == [] and shacl_problems(data, {}, {}) == []
    ends = {str(o) for p in (CW.subject, CW.object) for o in to_graph(appendix, []).objects(None, p)}
    elements = {str(s) for s in data.subjects(CW.inVersion, None)}
    assert len(ends) == 10 + 8 and ends <= elements


def test_shapes_refuse_a_notation_on_an_assigned_id(aml: Graph) -> None:
    data = Graph() + aml
    data.parse(REPO / "ontology" / "vocab.ttl", format="turtle")
    data.add((node(AML, "mitigations-2.2.5"), SKOS.notation, Literal("M-2.2.5")))
    messages = [str(p) for p in shacl_problems(data, {}, {})]
    assert any("never invent an identifier" in m for m in messages), messages


def test_generators_reproduce_committed_files_byte_for_byte(reference: Path, tmp_path: Path) -> None:
    written = write_catalogs([AML, ASI], reference, tmp_path) + write_sets(
        owasp_agentic.build_sets(reference), tmp_path
    )
    assert sorted(p.name for p in written) == sorted(
        ["ai-100-2-e2025.ttl", "owasp-agentic-top10-2026.ttl", "owasp-agentic-2026-to-owasp-llm-2025.sssom.tsv"]
    )
    for path in written:
        folder = REPO / ("mappings" if path.name.endswith(".tsv") else "ontology/catalogs")
        assert path.read_bytes() == (folder / path.name).read_bytes(), f"regenerate {path.name}"


def test_cli_generate_writes_the_new_set(reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    (data / "ontology" / "catalogs").mkdir(parents=True)
    (data / "mappings").mkdir()
    monkeypatch.setenv("CROSSWALK_DATA", str(data))
    result = CliRunner().invoke(main, ["generate", "--reference", str(reference)])
    assert result.exit_code == 0, result.output
    for relative in ("mappings/owasp-agentic-2026-to-owasp-llm-2025.sssom.tsv", "ontology/catalogs/ai-100-2-e2025.ttl",
                     "ontology/catalogs/owasp-agentic-top10-2026.ttl"):  # fmt: skip
        assert (data / relative).read_bytes() == (REPO / relative).read_bytes()


# ---------------------------------------------------------------- named queries on a loaded store


def test_query_ai_100_2_attacks_by_objective(store: GraphStore, aml_ref: dict[str, Any]) -> None:
    query = queries.get("ai-100-2-attacks-by-objective")
    assert query.title == "AI 100-2 attacks by objective" and query.public
    rows = [{k: v.value for k, v in row.items()} for row in store.select(query.text)]  # type: ignore[union-attr]
    names = {a["id"]: a["name"] for a in aml_ref["attacks"] + aml_ref["objectives"]}
    expected = [
        (t["id"], b["objective"], names[b["objective"]], a, names[a])
        for t in aml_ref["taxonomies"]
        for b in sorted(t["objectives"], key=lambda b: b["objective"])
        for a in sorted(b["attacks"])
    ]
    assert [(r["taxonomy"], r["objective"], r["objectiveName"], r["attack"], r["attackName"]) for r in rows] == expected
    assert len(rows) == 35
    assert {(r["objective"], r["attack"]) for r in rows if r["basis"] == "errata-added"} == {
        ("NISTAML.01", "NISTAML.016"), ("NISTAML.01", "NISTAML.017")
    }  # fmt: skip
    integrity = store.select(query.text, {"objective": [OxLiteral("NISTAML.02")]})
    assert Counter(row["taxonomy"].value for row in integrity) == {"PredAI": 7, "GenAI": 6}  # type: ignore[union-attr]


def test_query_llm_2025_for_agentic_threat(store: GraphStore, reference: Path) -> None:
    query = queries.get("owasp-llm-2025-for-agentic-threat")
    assert query.title == "OWASP LLM 2025 entries an agentic threat maps to"
    rows = [{k: v.value for k, v in row.items()} for row in store.select(query.text)]  # type: ignore[union-attr]
    cells = csv_rows(reference, f"{ASI.reference_folder}/asi-appendix-a-mappings.csv")
    llm = [(c["asi_id"], c["target_id"]) for c in cells if c["target_scheme"] == "owasp-llm-top10"]
    assert sorted((r["threat"], r["llmEntry"]) for r in rows) == sorted(llm) and len(rows) == 23
    memory = store.select(query.text, {"threat": [OxLiteral("ASI06")]})
    found = {row["llmEntry"].value: row["llmName"].value for row in memory}  # type: ignore[union-attr]
    assert found == {"LLM01:2025": "Prompt Injection", "LLM04:2025": "Data and Model Poisoning",
                     "LLM08:2025": "Vector and Embedding Weaknesses"}  # fmt: skip
    t_codes = {
        c["text_as_printed"] for c in cells if c["asi_id"] == "ASI06" and c["target_scheme"] == "owasp-agentic-threats"
    }
    for row in memory:
        assert set(row["agenticThreats"].value.split("; ")) == t_codes  # type: ignore[union-attr]
        assert re.search(r"\(PDF pages 40-41, printed pages 39-40\)", row["explanation"].value)  # type: ignore[union-attr]
