"""Catalog of NIST AI 100-2 E2025 (Adversarial Machine Learning: A Taxonomy and Terminology of Attacks and
Mitigations) from the normalized view of NIST's CPRT dataset AI_TAXONOMY_1_0_0 in the reference.

Elements: the 2 taxonomies (cw:Taxonomy, PredAI and GenAI), the 5 objectives (cw:Objective, NISTAML.01-.05), the
25 attacks (cw:Hazard, NISTAML.011-.051, as ATLAS techniques are) and the 9 mitigation passages (cw:Mitigation).
NIST's ids are the notations; a statement is the first CPRT paragraph carrying the id marker, verbatim, and every
further one is a reified cw:description with its own section and page. An attack can sit under different objectives
in the two taxonomies (NISTAML.013: availability in PredAI, integrity in GenAI), so each (taxonomy, objective) pair of
the PDF's index is a cw:TaxonomyPlacement; the errata of 2025-06-03 (item 1) are kept beside the printed index.
Mitigations have no NIST ids: their local ids are ours (``mitigations-<section>``), flagged cw:identifierAssigned.
Pages are PDF pages (the reference gives no printed page numbers for them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.builder import CW, CWV, CatalogBuilder, Locator, load_json

SPEC = FRAMEWORK_VERSIONS["ai-100-2/e2025"]
JSON_FILE = "nist-ai-100-2.json"
DOCUMENT = "NIST AI 100-2 E2025"
LICENSE = "https://www.usa.gov/government-works"
PUBLISHER = "National Institute of Standards and Technology (NIST)"
DOI = "https://doi.org/10.6028/NIST.AI.100-2e2025"
VISUA = "https://github.com/xtksystems/visua"
VISUA_COMMIT = "8fad027e1ec532f1cbbcfb348b5e9114f9050e35"
EXPECTED_COUNTS = {"taxonomies": 2, "objectives": 5, "attacks": 25, "mitigations": 9}
INDEX_PAGES = ("x", "xi")  # the printed taxonomy index; PDF pages 10-11 (reference PROVENANCE.md)
ATTRIBUTION = (
    "Vassilev A, Oprea A, Fordyce A, Anderson H, Davies X, Hamin M (2025) Adversarial Machine Learning: A Taxonomy "
    "and Terminology of Attacks and Mitigations. (National Institute of Standards and Technology, Gaithersburg, MD), "
    f"NIST Artificial Intelligence (AI) Report, NIST AI 100-2 E2025. {DOI}. U.S. Government work, not subject to "
    "copyright in the United States (17 U.S.C. §105). Texts as in NIST's CPRT dataset AI_TAXONOMY_1_0_0 v1.0.0, "
    f"read through the normalized file corpus/ai-threats/nist-ai-100-2.json of {VISUA} @ {VISUA_COMMIT[:8]}; the "
    "ids and words are NIST's, the arrangement as RDF is the crosswalk project's."
)


def load(reference_dir: Path) -> dict[str, Any]:
    """The reference file, checked against the counts its PROVENANCE.md promises."""
    data: dict[str, Any] = load_json(reference_dir / SPEC.reference_folder / JSON_FILE)
    for key, expected in EXPECTED_COUNTS.items():
        if len(data[key]) != expected:
            raise ValueError(f"{JSON_FILE}: {len(data[key])} {key}, expected {expected}")
    return data


def placements(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(attack, taxonomy, objective, basis) for every pair of the index, with the errata's corrections marked."""
    found = []
    for taxonomy in data["taxonomies"]:
        for branch in taxonomy["objectives"]:
            corrected = branch["attacks"]
            printed = branch.get("attacksAsPrinted", corrected)
            for attack in dict.fromkeys([*printed, *corrected]):
                if attack in printed and attack in corrected:
                    basis = "printed"
                else:
                    basis = "errata-added" if attack in corrected else "errata-removed"
                found.append((attack, taxonomy["id"], branch["objective"], basis))
    by_attack = {(a, t, o, b != "errata-removed") for a, t, o, b in found}
    listed = {
        (attack["id"], p["taxonomy"], p["objective"], not p.get("onlyAsPrinted", False))
        for attack in data["attacks"]
        for p in attack["objectives"]
    }
    if by_attack != listed:
        raise ValueError(f"{JSON_FILE}: taxonomy lists and attack objectives disagree: {by_attack ^ listed}")
    return found


def section_titles(data: dict[str, Any]) -> dict[str, str]:
    """Section number -> "2.1.2 Attacker Goals and Objectives", with the PDF's heading where CPRT's differs."""
    return {s["id"]: f"{s['id']} {s.get('titleInPdf', s['title'])}" for s in data["sections"]}


def build(reference_dir: Path) -> Graph:
    data = load(reference_dir)
    b = CatalogBuilder(SPEC)
    b.framework(
        title="NIST AI 100-2: Adversarial Machine Learning, A Taxonomy and Terminology of Attacks and Mitigations",
        description="NIST's taxonomy and terminology of adversarial machine learning: attacks on predictive and "
        "generative AI systems, classified by attacker objective, with their mitigations.",
        publisher=PUBLISHER,
    )
    publication = data["source"]["publication"]
    b.version(
        title=f"{DOCUMENT}, {publication['title']}",
        version_label="E2025",
        publisher=PUBLISHER,
        issued=publication["published"],
        status="final",
        completeness="partial",
        license_iri=LICENSE,
        attribution=ATTRIBUTION,
        source=DOI,
        derived_from=[
            f"NIST CPRT dataset {data['source']['dataset']} v{data['source']['datasetVersion']} (released "
            f"{data['source']['datasetReleased']})",
            f"{VISUA}/blob/{VISUA_COMMIT}/corpus/ai-threats/{JSON_FILE}",
        ],
        completeness_note="The 2 taxonomies, 5 objectives and 25 attacks with their NISTAML ids, and the 9 "
        "mitigation passages. Statements are NIST's paragraphs carrying each id marker (for a marker-only section "
        "head, the section's first paragraph), verbatim as in CPRT, bracketed citations kept; NIST does not label "
        "them definitions. A mitigation's statement is only the first paragraph of its section or inline "
        "'Mitigations.' paragraph. NIST numbers no mitigations: their ids (mitigations-<section>) are assigned by "
        "the crosswalk project and they have no notation. The taxonomy names PredAI and GenAI are the document's "
        "abbreviations, not NIST ids. Taxonomy placements follow the printed index (pp. x-xi) and the errata of "
        "2025-06-03, item 1, which NIST calls not official changes. Pages are PDF pages. Not cataloged: the glossary, "
        "the sections' further text and the mitigation lists.",
    )
    titles = section_titles(data)
    taxonomy_nodes = _taxonomies(b, data, titles)
    objective_nodes = _terms(b, "Objective", data["objectives"], titles)
    for objective in data["objectives"]:
        for taxonomy in objective["taxonomies"]:
            b.add(objective_nodes[objective["id"]], CW.partOf, taxonomy_nodes[taxonomy])
    attack_nodes = _terms(b, "Hazard", data["attacks"], titles)
    for attack, taxonomy, objective, basis in placements(data):
        placement = BNode(f"{SPEC.prefix}-placement-{attack}-{taxonomy}-{objective}".replace(".", "_"))
        b.add(attack_nodes[attack], CW.placement, placement)
        b.graph.add((placement, RDF.type, CW.TaxonomyPlacement))
        b.graph.add((placement, CW.taxonomy, taxonomy_nodes[taxonomy]))
        b.graph.add((placement, CW.objective, objective_nodes[objective]))
        b.graph.add((placement, CW.placementBasis, CWV[f"placement-{basis}"]))
        if basis != "errata-removed":
            b.add(attack_nodes[attack], CW.partOf, objective_nodes[objective])
    _mitigations(b, data, titles, taxonomy_nodes, {**objective_nodes, **attack_nodes})
    return b.finish()


def _taxonomies(b: CatalogBuilder, data: dict[str, Any], titles: dict[str, str]) -> dict[str, URIRef]:
    """PredAI and GenAI, located at their section (2, 3); where the index that places their attacks is, as a note."""
    section_pages = {s["id"]: s["page"] for s in data["sections"]}
    nodes = {}
    for order, taxonomy in enumerate(data["taxonomies"], start=1):
        section = taxonomy["domainSection"]
        node = b.element(
            "Taxonomy",
            taxonomy["id"],
            locator=Locator(DOCUMENT, section=titles[section], pdf_page=section_pages[section]),
            label=taxonomy["name"],
            order=order,
        )
        b.text(
            node,
            SKOS.scopeNote,
            f"Objectives and attacks as placed in the document's taxonomy index, printed pages {INDEX_PAGES[0]}-"
            f"{INDEX_PAGES[1]} (PDF pages {taxonomy['indexPage']}-{taxonomy['indexPageEnd']}), with NIST's errata of "
            "2025-06-03 (item 1) recorded beside the printed index (cw:placement).",
        )
        nodes[taxonomy["id"]] = node
    return nodes


def _terms(b: CatalogBuilder, kind: str, items: list[dict[str, Any]], titles: dict[str, str]) -> dict[str, URIRef]:
    """Objectives or attacks with every definition NIST gives (their parents are added by the caller)."""
    nodes = {}
    for order, item in enumerate(items, start=1):
        first, *further = item["definitions"]
        node = b.element(
            kind,
            item["id"],
            locator=Locator(DOCUMENT, section=titles[first["section"]], pdf_page=first["page"]),
            notation=item["id"],
            label=item["name"],
            statement=first["text"],
            order=order,
        )
        _note_cprt_defects(b, node, first)
        for n, definition in enumerate(further, start=2):
            _further_definition(b, node, f"{item['id']}-{n}", definition, titles)
        nodes[item["id"]] = node
    return nodes


def _further_definition(
    b: CatalogBuilder, node: URIRef, key: str, definition: dict[str, Any], titles: dict[str, str]
) -> None:
    """A second or third paragraph carrying the id, as cw:description plus a reified copy with its locator."""
    text = Literal(definition["text"], lang="en")
    b.add(node, CW.description, text)
    statement = BNode(f"{SPEC.prefix}-definition-{key}".replace(".", "_"))
    for predicate, value in (
        (RDF.type, RDF.Statement),
        (RDF.subject, node),
        (RDF.predicate, CW.description),
        (RDF.object, text),
        (CW.textFidelity, CWV["fidelity-verbatim"]),
        (CW.sourceDocument, Literal(DOCUMENT)),
        (CW.sourceSection, Literal(titles[definition["section"]])),
        (CW.sourcePdfPage, Literal(definition["page"])),
        (RDFS.comment, Literal(f"{definition['taxonomy']} taxonomy: {definition['textSelection']}", lang="en")),
    ):
        b.graph.add((statement, predicate, value))
    _note_cprt_defects(b, statement, definition)


def _note_cprt_defects(b: CatalogBuilder, node: URIRef | BNode, definition: dict[str, Any]) -> None:
    for defect in definition.get("cprtVersusPdf", []):
        note = f"Kept as in NIST's CPRT text: “{defect['cprt']}”; the PDF reads “{defect['pdf']}”."
        b.graph.add((node, SKOS.editorialNote, Literal(note, lang="en")))


def _mitigations(
    b: CatalogBuilder,
    data: dict[str, Any],
    titles: dict[str, str],
    taxonomy_nodes: dict[str, URIRef],
    term_nodes: dict[str, URIRef],
) -> None:
    """The 5 "Mitigations" sections and 4 inline "Mitigations." paragraphs, part of the taxonomy of their section."""
    domains = {t["domainSection"]: t["id"] for t in data["taxonomies"]}
    order_in: dict[str, int] = {}
    for mitigation in data["mitigations"]:
        section = mitigation["id"].split("#")[0]
        taxonomy = domains[section.split(".")[0]]
        order_in[taxonomy] = order_in.get(taxonomy, 0) + 1
        is_section = mitigation["kind"] == "section"
        if not is_section and not mitigation["firstParagraph"].startswith("Mitigations."):
            raise ValueError(f"{mitigation['id']}: an inline mitigation paragraph starts with 'Mitigations.'")
        where = (
            f"section {titles[section]}, in {titles[mitigation['parentSection']]}"
            if is_section
            else f"the inline “Mitigations.” paragraph of section {titles[section]}"
        )
        node = b.element(
            "Mitigation",
            f"mitigations-{section}",
            locator=Locator(DOCUMENT, section=titles[section], pdf_page=mitigation["page"]),
            label=mitigation["title"] if is_section else None,
            statement=mitigation["firstParagraph"],
            parent=taxonomy_nodes[taxonomy],
            order=order_in[taxonomy],
        )
        b.add(node, CW.identifierAssigned, Literal(True))
        b.add(node, CW.textCompleteness, Literal("paragraph"))
        b.text(
            node,
            SKOS.editorialNote,
            f"Identifier assigned by the crosswalk project: NIST numbers no mitigations. This is {where}; the "
            "statement is its first paragraph.",
        )
        for term in mitigation["attackIdsInParentSection"]:  # the ids NIST's enclosing section carries
            b.add(node, DCTERMS.subject, term_nodes[term])


__all__ = ["SPEC", "build", "load", "placements"]
