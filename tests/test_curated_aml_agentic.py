"""The four curated crosswalks drafted for NIST AI 100-2 E2025 and the OWASP Top 10 for Agentic Applications 2026
(drafted by one reader, read by a second: tests/test_curated_reviews_aml_csf.py): exact counts by relationship type,
full IR 8477 records, every attack or entry of the reference covered, every quote found in the cited element's
catalog text, and both named queries on a loaded store.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from crosswalk.content import queries, sssom_tsv
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, FrameworkVersionSpec
from crosswalk.content.generate.builder import CW
from crosswalk.store import GraphStore, open_store
from tests.conftest import REPO, reference_json
from tests.store_copies import copy_store

AML, ATLAS = FRAMEWORK_VERSIONS["ai-100-2/e2025"], FRAMEWORK_VERSIONS["mitre-atlas/5.6.0"]
AI600, ASI = FRAMEWORK_VERSIONS["ai-600-1/2024-07"], FRAMEWORK_VERSIONS["owasp-agentic-top10/2026"]
IPD = FRAMEWORK_VERSIONS["ai-800-1/ipd"]
QUOTE = re.compile(r"(?<![\w])'([^']{12,}?)'(?![\w])")


@dataclass(frozen=True)
class CuratedSet:
    set_id: str
    subject: FrameworkVersionSpec
    obj: FrameworkVersionSpec
    object_class: URIRef
    style: str
    counts: dict[str, int]


SETS = [
    CuratedSet(
        "ai-100-2-to-atlas",
        AML,
        ATLAS,
        CW.Hazard,
        "set-theory",
        {"equal": 2, "superset-of": 10, "subset-of": 23, "intersects-with": 21, "no-relationship": 5},
    ),
    CuratedSet(
        "ai-100-2-to-ai-600-1-risks",
        AML,
        AI600,
        CW.Risk,
        "set-theory",
        {"subset-of": 13, "intersects-with": 25, "no-relationship": 4},
    ),
    CuratedSet(
        "owasp-agentic-2026-to-ai-600-1-risks",
        ASI,
        AI600,
        CW.Risk,
        "set-theory",
        {"subset-of": 4, "intersects-with": 12, "no-relationship": 3},
    ),
    CuratedSet(
        "owasp-agentic-2026-to-ai-800-1-ipd",
        ASI,
        IPD,
        CW.Practice,
        "supportive",
        {"is-supported-by": 4, "no-relationship": 8},
    ),
]
BY_ID = {s.set_id: s for s in SETS}


@cache
def catalog(spec: FrameworkVersionSpec) -> Graph:
    return Graph().parse(REPO / "ontology" / "catalogs" / spec.catalog_file)


@cache
def mapping_set(set_id: str) -> sssom_tsv.MappingSetFile:
    return sssom_tsv.read(REPO / "mappings" / f"{set_id}.sssom.tsv")


def element(spec: FrameworkVersionSpec, curie: str) -> URIRef:
    return URIRef(spec.element_base + curie.split(":", 1)[1])


def own_texts(graph: Graph, node: URIRef) -> list[str]:
    """The element's statement and NIST's further paragraphs (reified cw:description statements)."""
    found = [str(o) for o in graph.objects(node, CW.statement)]
    return found + [str(graph.value(s, RDF.object)) for s in graph.subjects(RDF.subject, node)]


def cited_texts(graph: Graph, node: URIRef, explanation: str) -> list[str]:
    """The element's own texts, those of its direct parts, and of any element whose id the explanation names."""
    texts = own_texts(graph, node)
    for part in graph.subjects(CW.partOf, node):
        texts += own_texts(graph, part)  # type: ignore[arg-type]
    for named, local in graph.subject_objects(DCTERMS.identifier):
        if "-" in local and re.search(rf"(?<![\w.-]){re.escape(str(local))}(?![\w-])", explanation):
            texts += own_texts(graph, named)  # type: ignore[arg-type]
    return texts


def quotes(explanation: str) -> list[str]:
    """Single-quoted passages, possessive apostrophes (the model's) excepted."""
    masked = re.sub(r"(\w)'s\b", "\\1\x00s", explanation)
    return [q.replace("\x00", "'") for q in QUOTE.findall(masked)]


@cache
def skos_alignment() -> dict[str, str]:
    vocab = Graph().parse(REPO / "ontology" / "vocab.ttl")
    return {
        str(vocab.value(rel, SKOS.notation)): str(vocab.value(rel, CW.skosAlignment)).replace(str(SKOS), "skos:")
        for rel in vocab.subjects(RDF.type, CW.RelationshipType)
        if vocab.value(rel, CW.skosAlignment) is not None
    }


@pytest.mark.parametrize("curated", SETS, ids=lambda s: s.set_id)
def test_counts_by_relationship_type(curated: CuratedSet) -> None:
    rows = mapping_set(curated.set_id).rows
    assert dict(Counter(r.ir8477_relationship for r in rows)) == curated.counts
    assert len({r.record_id for r in rows}) == len(rows) == sum(curated.counts.values())


@pytest.mark.parametrize("curated", SETS, ids=lambda s: s.set_id)
def test_every_row_is_a_full_ir8477_record(curated: CuratedSet) -> None:
    the_set = mapping_set(curated.set_id)
    assert the_set.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert the_set.metadata["mapping_set_id"] == f"https://w3id.org/crosswalk/mappings/{curated.set_id}"
    assert {d["slot_name"] for d in the_set.metadata["extension_definitions"]} >= {"ir8477_style", "review_status"}
    for row in the_set.rows:
        none = row.ir8477_relationship == "no-relationship"
        subject_local, object_local = row.subject_id.split(":", 1)[1], row.object_id.split(":", 1)[1]
        assert row.record_id == f"cwmap:{curated.set_id}/{subject_local}--{object_local}"
        assert row.ir8477_style == curated.style, row.record_id
        assert row.mapping_provenance == "curated" and row.mapping_date, row.record_id
        if row.author_label == "crosswalk curators":  # the first reader's draft, read by the second reader
            assert (row.reviewer_label, row.review_status) == ("crosswalk second reader", "reviewed"), row.record_id
        else:  # a record the second reader added: one reader so far
            assert (row.author_label, row.reviewer_label, row.review_status) == (
                "crosswalk second reader",
                "",
                "unreviewed",
            ), row.record_id
        assert row.mapping_justification == "semapv:ManualMappingCuration", row.record_id
        strength = int(row.ir8477_strength)
        assert strength == 0 if none else 1 <= strength <= 10, row.record_id
        if curated.style == "set-theory":
            assert row.ir8477_rationale in {"semantic", "functional"}, row.record_id
        else:
            assert row.ir8477_property == ("" if none else "example-of"), row.record_id
        expected = "skos:relatedMatch" if none else skos_alignment().get(row.ir8477_relationship, "skos:relatedMatch")
        assert (row.predicate_id, row.predicate_modifier) == (expected, "Not" if none else ""), row.record_id
        assert len(row.relationship_explanation) > 120, row.record_id


@pytest.mark.parametrize("curated", SETS, ids=lambda s: s.set_id)
def test_ids_exist_and_labels_are_the_catalogs(curated: CuratedSet) -> None:
    subjects, objects = catalog(curated.subject), catalog(curated.obj)
    for row in mapping_set(curated.set_id).rows:
        subject, obj = element(curated.subject, row.subject_id), element(curated.obj, row.object_id)
        assert (obj, RDF.type, curated.object_class) in objects, row.record_id
        assert (subject, CW.inVersion, URIRef(curated.subject.iri)) in subjects, row.record_id
        assert row.subject_label == str(subjects.value(subject, SKOS.notation)), row.record_id
        label = objects.value(obj, SKOS.notation) or objects.value(obj, SKOS.prefLabel)
        assert row.object_label == str(label), row.record_id


@pytest.mark.parametrize("curated", SETS, ids=lambda s: s.set_id)
def test_every_attack_or_entry_of_the_reference_has_a_record(curated: CuratedSet) -> None:
    if curated.subject is AML:
        expected = {a["id"] for a in reference_json(f"{AML.reference_folder}/nist-ai-100-2.json")["attacks"]}
        assert len(expected) == 25
    else:
        expected = {r["key"] for r in reference_json(f"{ASI.reference_folder}/owasp-agentic-top10.json")["risks"]}
        assert expected == {f"ASI{n:02d}" for n in range(1, 11)}
    assert {r.subject_id.split(":", 1)[1] for r in mapping_set(curated.set_id).rows} == expected


@pytest.mark.parametrize("curated", SETS, ids=lambda s: s.set_id)
def test_quotes_occur_in_both_cited_elements(curated: CuratedSet) -> None:
    """Every quoted passage is catalog text of the subject or object, and every row quotes both of them."""
    subjects, objects = catalog(curated.subject), catalog(curated.obj)
    for row in mapping_set(curated.set_id).rows:
        explanation = row.relationship_explanation
        subject_texts = cited_texts(subjects, element(curated.subject, row.subject_id), explanation)
        object_texts = cited_texts(objects, element(curated.obj, row.object_id), explanation)
        found = quotes(explanation)
        assert found, row.record_id
        for quote in found:
            assert any(quote in t for t in subject_texts + object_texts), (row.record_id, quote)
        assert any(q in t for q in found for t in subject_texts), row.record_id
        assert any(q in t for q in found for t in object_texts), row.record_id


def test_quote_check_rejects_words_the_element_does_not_print() -> None:
    atlas = catalog(ATLAS)
    texts = cited_texts(atlas, element(ATLAS, "atlas:AML.T0018.000"), "")
    assert any("directly manipulating its weights" in t for t in texts)
    assert not any("federated" in t.lower() for t in texts)  # ATLAS never names federated learning
    assert quotes("NIST's 'the model's weights are here' and 'short'") == ["the model's weights are here"]


# ---------------------------------------------------------------- on a store built by `crosswalk load`


@pytest.fixture(scope="module")
def store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    target = tmp_path_factory.mktemp("curated-aml-agentic") / "store"
    copy_store(built_store, target)
    opened = open_store(target)
    yield opened
    opened.close()


def select(store: GraphStore, text: str) -> list[dict[str, str]]:
    return [{k: v.value for k, v in row.items()} for row in store.select(text)]  # type: ignore[union-attr]


def test_sets_load_with_every_record(store: GraphStore) -> None:
    rows = select(
        store,
        """PREFIX cw: <https://w3id.org/crosswalk/ontology#>
        SELECT ?set (COUNT(?m) AS ?n) WHERE { ?m cw:inMappingSet ?set ; cw:reviewStatus ?status } GROUP BY ?set""",
    )
    loaded = {r["set"].rsplit("/", 1)[1]: int(r["n"]) for r in rows}
    for curated in SETS:
        assert loaded[curated.set_id] == sum(curated.counts.values()), curated.set_id


def test_query_ai_100_2_attacks_without_atlas_technique(store: GraphStore) -> None:
    query = queries.get("ai-100-2-attacks-without-atlas-technique")
    assert query.title == "AI 100-2 attacks no ATLAS technique matches" and query.public
    rows = {r["attack"]: r for r in select(store, query.text)}
    records = mapping_set("ai-100-2-to-atlas").rows
    matched = {r.subject_id.split(":")[1] for r in records if r.ir8477_relationship in {"equal", "superset-of"}}
    all_attacks = {a["id"] for a in reference_json(f"{AML.reference_folder}/nist-ai-100-2.json")["attacks"]}
    assert set(rows) == all_attacks - matched and len(rows) == 16
    # One attack is not even contained in a broader technique: ATLAS only overlaps it.
    assert {a for a, r in rows.items() if not r.get("broaderTechniques")} == {"NISTAML.036"}
    assert rows["NISTAML.039"]["broaderTechniques"] == "AML.T0051 LLM Prompt Injection"  # added by the second reader
    # The second reading made AML.T0043.004 overlap the clean-label backdoor (it serves every backdoor).
    assert rows["NISTAML.021"]["broaderTechniques"] == "AML.T0020 Poison Training Data"
    assert "AML.T0043.004 Insert Backdoor Trigger" in rows["NISTAML.021"]["overlappingTechniques"]
    assert "AML.T0077 LLM Response Rendering" in rows["NISTAML.036"]["overlappingTechniques"]
    assert rows["NISTAML.033"]["broaderTechniques"] == "AML.T0024.000 Infer Training Data Membership"
    assert rows["NISTAML.014"]["notMatchingTechniques"] == "AML.T0034.000 Excessive Queries"
    assert "NISTAML.015" not in rows and "NISTAML.035" not in rows  # AML.T0051.001 and AML.T0056 are equal


def test_query_ai_600_1_risks_touched_by_owasp_agentic(store: GraphStore) -> None:
    query = queries.get("ai-600-1-risks-touched-by-owasp-agentic")
    assert query.title.startswith("AI 600-1 risks the OWASP agentic threats touch")
    rows = select(store, query.text)
    risks = reference_json(f"{AI600.reference_folder}/gai-risks.json")["risks"]
    number = {risk["name"]: risk["number"] for risk in risks}
    untouched = [r["risk"] for r in rows if r["touched"] == "false"]
    assert untouched == sorted(untouched, key=number.__getitem__)  # in AI 600-1 order
    records = mapping_set("owasp-agentic-2026-to-ai-600-1-risks").rows
    objects = catalog(AI600)
    touched = {
        str(objects.value(element(AI600, r.object_id), SKOS.prefLabel))
        for r in records
        if r.ir8477_relationship != "no-relationship"
    }
    assert len(rows) == len(risks) == 12
    assert {r["risk"] for r in rows if r["touched"] == "true"} == touched and len(touched) == 6
    assert [r["touched"] for r in rows] == ["true"] * 6 + ["false"] * 6  # touched risks come first
    by_risk = {r["risk"]: r for r in rows}
    assert by_risk["Information Security"]["threatCount"] == "9"
    assert by_risk["Environmental Impacts"]["notMatching"] == "ASI02 Tool Misuse and Exploitation"
    assert {"CBRN Information or Capabilities", "Intellectual Property"} <= set(untouched)
