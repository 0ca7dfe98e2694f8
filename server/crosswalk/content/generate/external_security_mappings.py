"""Official mapping sets that the sources publish about OWASP, ATLAS and ISO/IEC 42001, as SSSOM TSV.

Every record is a statement its publisher printed (``source-published``): a concept crosswalk (related-to,
skos:relatedMatch), since none of the sources types its links. A pair printed more than once is one record whose
explanation cites every printing.
"""

from __future__ import annotations

import re
from pathlib import Path

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate import iso_42001, mitre_atlas, owasp_llm
from crosswalk.content.generate.builder import load_json
from crosswalk.content.generate.official_mappings import ai_rmf_alt_ids, published_metadata, published_row
from crosswalk.content.sssom_tsv import MappingSetFile

ATLAS, ISO_42001 = mitre_atlas.ATLAS, iso_42001.ISO_42001
OWASP_1_1, OWASP_2025 = owasp_llm.OWASP_1_1, owasp_llm.OWASP_2025

AI_RMF = FRAMEWORK_VERSIONS["ai-rmf/1.0"]
SP_800_218A = FRAMEWORK_VERSIONS["sp-800-218a/2024-07"]
NIST_LICENSE = "https://www.usa.gov/government-works"
OWASP_ITEM = re.compile(r"^(LLM(?:0[1-9]|10))(?:-(\d+[a-z]?))?$")  # LLM05, LLM05-1, LLM03-7d


def owasp_2025_to_atlas(reference_dir: Path) -> MappingSetFile:
    set_id = "owasp-llm-2025-to-atlas"
    atlas = mitre_atlas.load_atlas(reference_dir)
    names = mitre_atlas.display_names(atlas)
    cited: dict[tuple[str, str], list[owasp_llm.AtlasCitation]] = {}
    for citation in owasp_llm.atlas_citations(reference_dir):
        if citation.atlas_id not in names:
            raise ValueError(f"{citation.notation} cites {citation.atlas_id}, which is not in ATLAS {ATLAS.version}")
        cited.setdefault((citation.entry, citation.atlas_id), []).append(citation)
    rows = []
    for (entry, atlas_id), citations in cited.items():
        first = citations[0]
        where = "; and ".join(f'"{c.link_text}" ({c.url}) under "{c.section}"' for c in citations)
        rows.append(
            published_row(
                set_id,
                (OWASP_2025, entry, first.notation),
                (ATLAS, atlas_id, atlas_id),
                author="OWASP",
                provenance="source-official",
                date=owasp_llm.EDITION_2025.issued,
                explanation=f"OWASP {first.notation} ({first.title}) cites MITRE ATLAS {atlas_id} "
                f"({names[atlas_id]}): {where}.",
            )
        )
    return MappingSetFile(
        metadata=published_metadata(
            set_id,
            OWASP_2025,
            ATLAS,
            title="OWASP Top 10 for LLM Applications 2025 to MITRE ATLAS (the entries' own references)",
            description="The MITRE ATLAS techniques and tactics that each OWASP 2025 entry cites in its Reference "
            "Links or Related Frameworks and Taxonomies section: a concept crosswalk (related-to), one record "
            "per entry and ATLAS id (an id in a link's text or target counts).",
            license_iri=owasp_llm.LICENSE,
            creator="crosswalk project (transcribed from the OWASP Top 10 for LLM Applications 2025)",
            date=owasp_llm.EDITION_2025.issued,
            see_also=[f"{owasp_llm.REPO}/tree/{owasp_llm.COMMIT}/{owasp_llm.EDITION_2025.repo_folder}"],
        ),
        rows=rows,
    )


def sp_800_218a_to_owasp(reference_dir: Path) -> MappingSetFile:
    set_id = "sp-800-218a-to-owasp-llm-1.1"
    profile = load_json(reference_dir / SP_800_218A.reference_folder / "sp-800-218a-profile.json")
    notation = {entry["id"]: entry["notation"] for entry in owasp_llm.entries(reference_dir, owasp_llm.EDITION_1_1)}
    rows = []
    for task in profile["tasks"]:
        references = task["informative_references"]
        items: dict[str, list[str]] = {}
        for cited in references["owasp_llm_v1_1"]:
            match = OWASP_ITEM.match(cited)
            if match is None or match.group(1) not in notation:
                raise ValueError(f"{task['id']}: unknown OWASP v1.1 reference {cited!r}")
            items.setdefault(match.group(1), []).append(cited)
        for item, citations in items.items():
            strategies = [c for c in citations if c != item]
            explanation = (
                f'SP 800-218A Table 1 lists "{references["raw"]}" in the Informative References of {task["id"]}.'
            )
            if strategies:
                cites = (
                    f"{strategies[0]} cites a prevention strategy"
                    if len(strategies) == 1
                    else (f"{', '.join(strategies)} cite prevention strategies")
                )
                explanation += (
                    f" {cites} of OWASP v1.1 {item}, numbered as in the v1.1 PDF; the archived v1.1 markdown's "
                    f"numbering does not match NIST's citations, so the record points to the entry {item}."
                )
            rows.append(
                published_row(
                    set_id,
                    (SP_800_218A, task["id"], task["id"]),
                    (OWASP_1_1, item, notation[item]),
                    author="NIST",
                    provenance="nist-official",
                    date="2024-07-26",
                    explanation=explanation,
                    comment=f"cited as {', '.join(citations)}",
                )
            )
    return MappingSetFile(
        metadata=published_metadata(
            set_id,
            SP_800_218A,
            OWASP_1_1,
            title="NIST SP 800-218A tasks to OWASP Top 10 for LLM Applications v1.1 (Informative References)",
            description="The OWASP LLM Top 10 v1.1 entries that SP 800-218A Table 1 cites in each task's "
            "Informative References column: a concept crosswalk (related-to), one record per task and entry; a "
            "citation of a prevention strategy (LLM05-1) is recorded against its entry, as cited in the comment.",
            license_iri=NIST_LICENSE,
            creator="crosswalk project (transcribed from the NIST publication)",
            date="2024-07-26",
            see_also=["https://doi.org/10.6028/NIST.SP.800-218A"],
        ),
        rows=rows,
    )


def ai_rmf_to_iso_42001(reference_dir: Path) -> MappingSetFile:
    set_id = "ai-rmf-to-iso-iec-42001"
    alt_ids = ai_rmf_alt_ids(reference_dir)
    mispaired = iso_42001.mispaired_titles(reference_dir)
    pairs: dict[tuple[str, str], list[iso_42001.CrosswalkRow]] = {}
    for printed in iso_42001.crosswalk_rows(reference_dir):
        pairs.setdefault((printed.subcategory, printed.iso_id), []).append(printed)
    rows = []
    for (subcategory, iso_id), printings in pairs.items():
        explanation = (
            f"The AI RMF to ISO/IEC FDIS 42001 crosswalk (Microsoft, published by NIST) lists {iso_id} "
            f"against {subcategory}."
        )
        notes = []
        if any(p.printed != iso_id for p in printings):
            notes.append(f'printed as "{printings[0].printed}" in the extracted table, read as {iso_id}')
        if len(printings) > 1:
            notes.append(f"listed {len(printings)} times for {subcategory}")
        if any(p.line in mispaired for p in printings):
            notes.append("the title printed with this id here differs from the one printed with it elsewhere")
        rows.append(
            published_row(
                set_id,
                (AI_RMF, alt_ids[subcategory], subcategory),
                (ISO_42001, iso_id, iso_id),
                author="Microsoft (crosswalk published by NIST)",
                provenance="imported",
                explanation=explanation,
                comment="; ".join(notes),
            )
        )
    return MappingSetFile(
        metadata=published_metadata(
            set_id,
            AI_RMF,
            ISO_42001,
            title="NIST AI RMF 1.0 subcategories to ISO/IEC 42001 clauses and Annex B controls (AIRC crosswalk)",
            description="The NIST AI RMF to ISO/IEC FDIS 42001 crosswalk, authored by Microsoft and published by "
            "NIST on the AI Resource Center: an unlabelled concept crosswalk (related-to), one record per AI RMF "
            "subcategory and ISO/IEC 42001 identifier. Identifiers only: ISO/IEC 42001 text is copyrighted by ISO.",
            license_iri=iso_42001.LICENSE,
            creator="crosswalk project (from the CSA extraction of the NIST-published crosswalk)",
            date=None,
            see_also=[iso_42001.CROSSWALK_PDF, "https://airc.nist.gov/airmf-resources/crosswalks/"],
        ),
        rows=rows,
    )


def atlas_mitigations_to_techniques(reference_dir: Path) -> MappingSetFile:
    set_id = "atlas-mitigations-to-techniques"
    atlas = mitre_atlas.load_atlas(reference_dir)
    released = mitre_atlas.issued(atlas)
    names = mitre_atlas.display_names(atlas)
    rows = []
    for mitigation in atlas["mitigations"]:
        uses: dict[str, list[str]] = {}
        for link in mitigation["techniques"]:
            if not link["id"].startswith("AML.T0") or link["id"] not in names:
                raise ValueError(f"{mitigation['id']} lists {link['id']}, which is not an ATLAS technique")
            uses.setdefault(link["id"], []).append(" ".join(str(link.get("use") or "").split()))
        for technique_id, texts in uses.items():
            quoted = "; ".join(f'"{text}"' for text in texts if text)
            rows.append(
                published_row(
                    set_id,
                    (ATLAS, mitigation["id"], mitigation["id"]),
                    (ATLAS, technique_id, technique_id),
                    author="MITRE",
                    provenance="source-official",
                    date=released,
                    explanation=f"ATLAS lists mitigation {mitigation['id']} ({mitigation['name']}) for technique "
                    f"{technique_id} ({names[technique_id]})" + (f": {quoted}" if quoted else "."),
                    comment=f"listed {len(texts)} times in ATLAS.yaml" if len(texts) > 1 else "",
                )
            )
    return MappingSetFile(
        metadata=published_metadata(
            set_id,
            ATLAS,
            ATLAS,
            title="MITRE ATLAS 5.6.0 mitigations to the techniques they are listed for",
            description="Each ATLAS mitigation's techniques list (ATLAS.yaml), with ATLAS's text on how the "
            "mitigation applies: a concept crosswalk (related-to), not a claim that the mitigation supports the "
            "technique.",
            license_iri=mitre_atlas.LICENSE,
            creator="crosswalk project (transcribed from MITRE ATLAS.yaml)",
            date=released,
            see_also=[f"{mitre_atlas.REPO}/blob/{mitre_atlas.COMMIT}/dist/ATLAS.yaml"],
        ),
        rows=rows,
    )


def build_sets(reference_dir: Path) -> list[MappingSetFile]:
    return [
        owasp_2025_to_atlas(reference_dir),
        sp_800_218a_to_owasp(reference_dir),
        ai_rmf_to_iso_42001(reference_dir),
        atlas_mitigations_to_techniques(reference_dir),
    ]


__all__ = ["build_sets"]
