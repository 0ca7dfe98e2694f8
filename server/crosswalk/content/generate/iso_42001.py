"""Identifier-only catalog of ISO/IEC 42001:2023: the clause and Annex B ids that the AI RMF to ISO/IEC 42001
crosswalk (authored by Microsoft, published by NIST on the AI Resource Center) cites.

ISO's text is copyrighted and not free, so elements carry no statement and no label: the crosswalk's titles are ISO's
clause titles, not NIST's wording. Main-body clauses (requirements) are cw:Practice, Annex B items (implementation
guidance for the Annex A controls) cw:Recommendation; there is no hierarchy, since the crosswalk cites leaves only.
The crosswalk cites the FDIS; its ids are taken to be those of the published 2023 edition.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.builder import CatalogBuilder, Locator

ISO_42001 = FRAMEWORK_VERSIONS["iso-iec-42001/2023"]

CSV_FILE = "ai-rmf-to-iso-iec-42001.csv"
CROSSWALK_PDF = "https://airc.nist.gov/docs/NIST_AI_RMF_to_ISO_IEC_42001_Crosswalk.pdf"
CSA_FILE = (
    "https://github.com/CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards/tree/"
    "7d418867b0650a0982683b90af1bd0a42357a227/reference/nist.gov/ai-rmf-crosswalks"
)
# The identifiers are facts; the CSV they were read from is a CC0-1.0 extraction (CSA) of a Microsoft-authored
# crosswalk that NIST publishes, so neither ISO's copyright nor a U.S. Government-work claim applies to them.
LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"
DOCUMENT = "ISO/IEC 42001:2023"
ATTRIBUTION = (
    "ISO/IEC 42001 text is copyrighted by ISO; only identifiers are recorded. The identifiers are those cited by "
    f"the NIST AI RMF to ISO/IEC FDIS 42001 crosswalk (authored by Microsoft, published by NIST on the AI Resource "
    f"Center, {CROSSWALK_PDF}), read from the CC0-1.0 table extraction in CloudSecurityAlliance-DataSets/"
    "dataset-public-laws-regulations-standards (reference/nist.gov/ai-rmf-crosswalks @ 7d418867)."
)
# Damaged ids in the extraction, corrected where the row says which id it is: (AI RMF subcategory, printed) -> id.
CORRECTIONS = {("GOVERN 2.1", "72"): "7.2"}  # title "Competence" is clause 7.2; the dot was lost in the PDF table


@dataclass(frozen=True)
class CrosswalkRow:
    line: int  # line of the CSV (header = 1)
    subcategory: str  # "GOVERN 1.1"
    iso_id: str  # corrected id
    printed: str  # id as extracted
    title: str  # as printed; ISO wording, never written to a catalog or set
    annex: str  # "main body" | "Annex B"


@cache
def crosswalk_rows(reference_dir: Path) -> tuple[CrosswalkRow, ...]:
    path = reference_dir / ISO_42001.reference_folder / CSV_FILE
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            printed = record["iso_iec_42001_clause"]
            key = (record["ai_rmf_subcategory"], printed)
            if record["extraction_flag"] and key not in CORRECTIONS:
                raise ValueError(f"{CSV_FILE}:{line}: flagged id {printed!r} has no correction")
            iso_id = CORRECTIONS.get(key, printed)
            if (record["annex"] == "Annex B") != iso_id.startswith("B."):
                raise ValueError(f"{CSV_FILE}:{line}: {iso_id} does not belong to {record['annex']!r}")
            rows.append(
                CrosswalkRow(
                    line=line,
                    subcategory=record["ai_rmf_subcategory"],
                    iso_id=iso_id,
                    printed=printed,
                    title=" ".join(record["iso_iec_42001_title"].split()),
                    annex=record["annex"],
                )
            )
    return tuple(rows)


def sort_key(iso_id: str) -> tuple[int, tuple[int, ...]]:
    annex = iso_id.startswith("B.")
    return (1 if annex else 0, tuple(int(part) for part in iso_id.removeprefix("B.").split(".")))


def identifiers(reference_dir: Path) -> list[str]:
    """Distinct ids in document order: clauses 4-10, then Annex B."""
    return sorted({row.iso_id for row in crosswalk_rows(reference_dir)}, key=sort_key)


def _words(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def mispaired_titles(reference_dir: Path) -> set[int]:
    """CSV lines whose printed title is not (a fragment of) the title the crosswalk prints most often for the id,
    ignoring case and punctuation (the extraction splits and joins wrapped cells)."""
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    rows = crosswalk_rows(reference_dir)
    for row in rows:
        titles[row.iso_id][_words(row.title)] += 1
    lines = set()
    for row in rows:
        usual, title = titles[row.iso_id].most_common(1)[0][0], _words(row.title)
        if title not in usual and usual not in title:
            lines.add(row.line)
    return lines


def build(reference_dir: Path) -> Graph:
    rows = crosswalk_rows(reference_dir)
    annex_of = {row.iso_id: row.annex for row in rows}
    b = CatalogBuilder(ISO_42001)
    b.framework(
        title="ISO/IEC 42001 Information technology — Artificial intelligence — Management system",
        description="International standard for establishing, implementing, maintaining and continually improving "
        "an AI management system within an organization.",
        publisher="ISO/IEC (ISO/IEC JTC 1/SC 42)",
    )
    ids = identifiers(reference_dir)
    b.version(
        title="ISO/IEC 42001:2023 Information technology — Artificial intelligence — Management system",
        version_label="2023",
        publisher="ISO/IEC (ISO/IEC JTC 1/SC 42)",
        issued="2023-12-18",
        status="final",
        completeness="partial",
        license_iri=LICENSE,
        attribution=ATTRIBUTION,
        source="https://www.iso.org/standard/81230.html",
        derived_from=[CROSSWALK_PDF, f"{CSA_FILE}/{CSV_FILE}"],
        completeness_note=f"Identifiers only: the {len(ids)} clause and Annex B ids cited by the NIST-published AI "
        "RMF to ISO/IEC FDIS 42001 crosswalk (no titles, no text: ISO/IEC 42001 text is copyrighted by ISO; only "
        "identifiers are recorded). The crosswalk cites the FDIS; its ids are taken to be the 2023 edition's. "
        "The extraction's '72' (GOVERN 2.1, title Competence) is read as 7.2.",
    )
    for order, iso_id in enumerate(ids, start=1):
        annex = annex_of[iso_id] == "Annex B"
        b.element(
            "Recommendation" if annex else "Practice",
            iso_id,
            locator=Locator(DOCUMENT, section="Annex B" if annex else iso_id),
            notation=iso_id,
            order=order,
        )
    return b.finish()


__all__ = ["CORRECTIONS", "CrosswalkRow", "build", "crosswalk_rows", "identifiers", "mispaired_titles"]
