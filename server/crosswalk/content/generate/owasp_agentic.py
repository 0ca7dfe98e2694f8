"""Catalog of the OWASP Top 10 for Agentic Applications 2026 (ASI01-ASI10) and its official mapping set, Appendix A
"OWASP Agentic AI Security Mapping Matrix" -> OWASP Top 10 for LLM Applications 2025.

The final text exists only as a PDF; the reference reads it through Visua's page-cited extraction (wording unchanged,
CC BY-SA 4.0). Entries are cw:Risk with the Description paragraphs verbatim; their 86 "Prevention and Mitigation
Guidelines" items are cw:Mitigation parts, numbered in the PDF but without ids of their own, so their local ids
(``ASI01-prevention-1``) are ours. IBM AI Atlas Nexus texts in the reference are paraphrases and are not used.
Appendix A's other columns cite the Agentic AI Threats & Mitigations guide (T-codes) and AIVSS core risks, which the
graph does not catalog: they stay text on the entry (cw:agenticThreatReference, cw:aivssCoreRiskReference).
The PDF's printed page is its physical page minus one (reference ``pageNumbering``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.builder import CW, CatalogBuilder, Locator, load_json
from crosswalk.content.generate.official_mappings import published_metadata, published_row
from crosswalk.content.sssom_tsv import MappingSetFile

SPEC = FRAMEWORK_VERSIONS["owasp-agentic-top10/2026"]
OWASP_LLM_2025 = FRAMEWORK_VERSIONS["owasp-llm-top10/2025"]
JSON_FILE = "owasp-agentic-top10.json"
LLM_2025_FILE = "owasp-llm-top10-2025.json"
SET_ID = "owasp-agentic-2026-to-owasp-llm-2025"
DOCUMENT = "OWASP Top 10 for Agentic Applications 2026"
APPENDIX_A = "Appendix A - OWASP Agentic AI Security Mapping Matrix"
LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"  # as the OWASP LLM catalogs record CC BY-SA 4.0
PUBLISHER = "OWASP GenAI Security Project – Agentic Security Initiative (OWASP Foundation)"
AUTHOR = "OWASP GenAI Security Project – Agentic Security Initiative"
VISUA = "https://github.com/xtksystems/visua"
VISUA_COMMIT = "8fad027e1ec532f1cbbcfb348b5e9114f9050e35"
EXPECTED_COUNTS = {"risks": 10, "preventionStrategies": 86, "appendixMappings": 62}
LLM_COLUMN = "owasp-llm-top10"
LABEL_COLUMNS = {"owasp-agentic-threats": CW.agenticThreatReference, "owasp-aivss": CW.aivssCoreRiskReference}


def load(reference_dir: Path) -> dict[str, Any]:
    """The extraction, checked against its own counts and the ones PROVENANCE.md promises."""
    data: dict[str, Any] = load_json(reference_dir / SPEC.reference_folder / JSON_FILE)
    risks = data["risks"]
    found = {
        "risks": len(risks),
        "preventionStrategies": sum(len(r["preventionStrategies"]) for r in risks),
        "appendixMappings": sum(len(r["relatedFrameworks"]) for r in risks),
    }
    for key, expected in EXPECTED_COUNTS.items():
        if found[key] != expected or data["counts"][key] != expected:
            raise ValueError(f"{JSON_FILE}: {found[key]} {key} (file says {data['counts'][key]}), expected {expected}")
    for risk in risks:
        if risk["description"] != risk["descriptionParagraphs"][0]:
            raise ValueError(f"{risk['id']}: description is not the first Description paragraph")
        unknown = {cell["targetScheme"] for cell in risk["relatedFrameworks"]} - {LLM_COLUMN, *LABEL_COLUMNS}
        if unknown:
            raise ValueError(f"{risk['id']}: Appendix A column(s) {sorted(unknown)} not handled")
    return data


def attribution(data: dict[str, Any]) -> str:
    source = data["source"]
    return (
        f"{source['attribution']} {source['licenseNotice']} (the PDF's notice). Text from "
        f"{source['url']} (SHA-256 {source['sha256']}) as extracted by Visua ({VISUA} @ {VISUA_COMMIT[:8]}, "
        f"corpus/ai-threats/{JSON_FILE}): “{source['changes']}” Changes by the crosswalk project: each entry's id, "
        "title, Description and Prevention and Mitigation Guidelines recorded as RDF with the wording unchanged, "
        "Appendix A's OWASP LLM Top 10 column as a mapping set; shared under the same license."
    )


def printed_page(pdf_page: int) -> str:
    return str(pdf_page - 1)


def locator(risk: dict[str, Any], section: str, *pdf_pages: int) -> list[Locator]:
    where = f"{risk['id']} {risk['title']}: {section}"
    return [Locator(DOCUMENT, section=where, page=printed_page(p), pdf_page=p) for p in dict.fromkeys(pdf_pages)]


def build(reference_dir: Path) -> Graph:
    data = load(reference_dir)
    b = CatalogBuilder(SPEC)
    b.framework(
        title="OWASP Top 10 for Agentic Applications",
        description="A community list of the ten most critical security risks of autonomous, tool-using AI agent "
        "systems, with examples, attack scenarios and prevention and mitigation guidelines.",
        publisher=PUBLISHER,
    )
    source = data["source"]
    b.version(
        title=DOCUMENT,
        version_label="2026",
        publisher=PUBLISHER,
        issued=source["released"],
        status="final",
        completeness="partial",
        license_iri=LICENSE,
        attribution=attribution(data),
        source=source["landingPage"],
        derived_from=[source["url"], f"{VISUA}/blob/{VISUA_COMMIT}/corpus/ai-threats/{JSON_FILE}"],
        completeness_note="All ten entries with their id, title and Description (every paragraph, verbatim), "
        "and all 86 Prevention and Mitigation Guidelines items, verbatim with their pages. The items are numbered "
        "within each entry but have no ids: their local ids (ASIxx-prevention-n) are assigned by the crosswalk "
        "project and they have no notation. Not cataloged: Common Examples of the Vulnerability, Example Attack "
        "Scenarios and References (not in the extraction). Appendix A's OWASP LLM Top 10 (2025) column is the "
        f"mapping set {SET_ID}; its T-code and AIVSS columns are kept as text on the entries. Pages: cw:sourcePdfPage "
        "is the PDF page, cw:sourcePage the printed page (PDF page minus one).",
    )
    for order, risk in enumerate(data["risks"], start=1):
        description_page = next(s["page"] for s in risk["sections"] if s["name"] == "Description")
        [description] = locator(risk, "Description", description_page)
        node = b.element(
            "Risk",
            risk["id"],
            locator=description,
            notation=risk["id"],
            label=risk["title"],
            statement="\n\n".join(risk["descriptionParagraphs"]),
            order=order,
        )
        for paragraph in risk.get("preventionIntro", []):  # a note before ASI02's guidelines
            b.text(node, CW.description, paragraph)
        for cell in risk["relatedFrameworks"]:
            if cell["targetScheme"] in LABEL_COLUMNS:
                b.add(node, LABEL_COLUMNS[cell["targetScheme"]], Literal(cell["text"]))
        for n, strategy in enumerate(risk["preventionStrategies"], start=1):
            if strategy["label"] != str(n):
                raise ValueError(f"{risk['id']}: prevention item {n} is labelled {strategy['label']!r}")
            pages = [strategy["page"], strategy.get("pageEnd", strategy["page"])]
            first, *more = locator(risk, "Prevention and Mitigation Guidelines", *pages)
            item = b.element(
                "Mitigation",
                f"{risk['id']}-prevention-{n}",
                locator=first,
                statement=strategy["text"],
                parent=node,
                order=n,
            )
            for extra in more:
                b.locate(item, extra)
            b.add(item, CW.identifierAssigned, Literal(True))
            b.text(
                item,
                SKOS.editorialNote,
                f"Identifier assigned by the crosswalk project: item {n} of the numbered Prevention and Mitigation "
                f"Guidelines of {risk['id']}; OWASP gives the items no ids.",
            )
    return b.finish()


def llm_2025_titles(reference_dir: Path) -> dict[str, str]:
    """LLM01 -> Prompt Injection, from the OWASP LLM 2025 reference the LLM catalog is generated from."""
    entries = load_json(reference_dir / OWASP_LLM_2025.reference_folder / LLM_2025_FILE)["entries"]
    return {entry["id"]: entry["title"] for entry in entries}


def appendix_a_to_llm_2025(reference_dir: Path) -> MappingSetFile:
    """One record per Appendix A cell of the OWASP LLM Top 10 (2025) column: a concept crosswalk (related-to), as
    the matrix types none of its links."""
    data = load(reference_dir)
    titles = llm_2025_titles(reference_dir)
    rows = []
    for risk in data["risks"]:
        for cell in risk["relatedFrameworks"]:
            if cell["targetScheme"] != LLM_COLUMN:
                continue
            entry, _, year = cell["id"].partition(":")
            if year != OWASP_LLM_2025.version or entry not in titles:
                raise ValueError(f"{risk['id']}: Appendix A cites {cell['id']}, not an OWASP LLM 2025 entry")
            pages = list(dict.fromkeys([cell["page"], cell.get("pageEnd", cell["page"])]))
            where = (
                f"PDF page {pages[0]}, printed page {printed_page(pages[0])}"
                if len(pages) == 1
                else f"PDF pages {pages[0]}-{pages[1]}, printed pages {printed_page(pages[0])}-{printed_page(pages[1])}"
            )
            comment = ""
            if cell.get("idAsPrinted"):
                comment = f'printed as "{cell["idAsPrinted"]}", without ":2025"'
            rows.append(
                published_row(
                    SET_ID,
                    (SPEC, risk["id"], risk["id"]),
                    (OWASP_LLM_2025, entry, cell["id"]),
                    author=AUTHOR,
                    provenance="source-official",
                    date=data["source"]["released"],
                    explanation=f"{APPENDIX_A} ({where}) lists "
                    f'"{cell["text"]}" in the OWASP LLM Top 10 (2025) column of {risk["id"]} ({risk["title"]}); '
                    f"OWASP LLM 2025 {entry} is {titles[entry]}.",
                    comment=comment,
                )
            )
    source = data["source"]
    return MappingSetFile(
        metadata=published_metadata(
            SET_ID,
            SPEC,
            OWASP_LLM_2025,
            title="OWASP Top 10 for Agentic Applications 2026 to OWASP Top 10 for LLM Applications 2025 (Appendix A)",
            description="The OWASP LLM Top 10 (2025) column of Appendix A, the OWASP Agentic AI Security Mapping "
            "Matrix: a concept crosswalk (related-to), one record per cell. The matrix types none of its links (the "
            "SKOS predicates and confidences in IBM AI Atlas Nexus's mapping of the same pairs are IBM's judgement "
            "and are not used). Its T-code and AIVSS columns are kept as text on the ASI entries.",
            license_iri=LICENSE,
            creator=f"crosswalk project (transcribed from {APPENDIX_A} of the {DOCUMENT})",
            date=source["released"],
            see_also=[source["landingPage"], source["url"]],
        ),
        rows=rows,
    )


def build_sets(reference_dir: Path) -> list[MappingSetFile]:
    return [appendix_a_to_llm_2025(reference_dir)]


__all__ = ["OWASP_LLM_2025", "SET_ID", "SPEC", "appendix_a_to_llm_2025", "build", "build_sets", "load"]
