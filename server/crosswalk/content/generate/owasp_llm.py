"""Catalogs of the OWASP Top 10 for LLM Applications, 2025 and v1.1: ten entries each (cw:Risk), with the id as
printed, the title and the Description section verbatim.

Not cataloged: examples, attack scenarios, references, and the prevention and mitigation strategies. SP 800-218A cites
v1.1 strategies as ``LLMxx-n`` numbered as in the v1.1 PDF, which the archived markdown does not match (LLM09 has 8
strategies but NIST cites LLM09-9; LLM03 item 7 has no a-d), so strategy elements numbered from the markdown would
mislabel NIST's references; the 2025 strategies are partly un-numbered or grouped under sub-headings. Also, the shapes
only allow a cw:Recommendation to be part of a cw:Practice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, FrameworkVersionSpec
from crosswalk.content.generate.builder import CW, CatalogBuilder, Locator, load_json

OWASP_2025 = FRAMEWORK_VERSIONS["owasp-llm-top10/2025"]
OWASP_1_1 = FRAMEWORK_VERSIONS["owasp-llm-top10/1.1"]

REPO = "https://github.com/OWASP/www-project-top-10-for-large-language-model-applications"
COMMIT = "020595761a4b7b0c3f9cf01a0457b78f9f1e7f9c"
LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"
PUBLISHER = "OWASP Foundation (OWASP Top 10 for LLM Applications project)"
CITED_SECTIONS = ("Reference Links", "Related Frameworks and Taxonomies")
ATLAS_ID = re.compile(r"AML\.TA?\d{4}(?:\.\d{3})?")  # techniques, sub-techniques, tactics; not case studies (CS)
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")


@dataclass(frozen=True)
class Edition:
    spec: FrameworkVersionSpec
    json_file: str
    folder: str  # markdown folder in the reference
    repo_folder: str  # folder in the OWASP repository
    heading: re.Pattern[str]  # "## LLM01:2025 Prompt Injection" -> (notation, title)
    document: str
    title: str
    version_label: str
    issued: str
    status: str
    latest: bool


EDITION_2025 = Edition(
    OWASP_2025,
    "owasp-llm-top10-2025.json",
    "v2025-md",
    "2_0_vulns",
    re.compile(r"^## (LLM\d{2}:2025) (.+)$", re.M),
    "OWASP Top 10 for LLM Applications 2025",
    "OWASP Top 10 for LLM Applications 2025",
    "2025 (v2.0)",
    "2024-11-18",
    "final",
    True,
)
EDITION_1_1 = Edition(
    OWASP_1_1,
    "owasp-llm-top10-1.1.json",
    "v1.1-md",
    "Archive/1_1_vulns",
    re.compile(r"^## (LLM\d{2}): (.+)$", re.M),
    "OWASP Top 10 for LLM Applications v1.1",
    "OWASP Top 10 for Large Language Model Applications, Version 1.1",
    "1.1",
    "2023-10-16",
    "superseded",
    False,
)


def attribution(edition: Edition) -> str:
    return (
        f"{edition.title}, by the OWASP Top 10 for LLM Applications project, © OWASP Foundation, licensed under "
        f"Creative Commons Attribution-ShareAlike 4.0 International ({LICENSE}). Taken from {REPO} @ {COMMIT[:8]} "
        f"({edition.repo_folder}). Changes: only each entry's identifier, title and Description section are "
        "recorded, as RDF, with the text unchanged; this catalog is shared under the same license."
    )


def entries(reference_dir: Path, edition: Edition) -> list[dict[str, Any]]:
    """The ten entries, each with the notation and title of its markdown heading (checked against the JSON)."""
    folder = reference_dir / edition.spec.reference_folder
    data = load_json(folder / edition.json_file)
    result = []
    for entry in data["entries"]:
        markdown = (folder / edition.folder / entry["file"]).read_text(encoding="utf-8")
        match = edition.heading.search(markdown)
        if match is None or not match.group(1).startswith(entry["id"]) or match.group(2).strip() != entry["title"]:
            raise ValueError(f"{entry['file']}: heading does not match {entry['id']} {entry['title']}")
        result.append({**entry, "notation": match.group(1), "heading": match.group(0)[3:].strip()})
    if len(result) != 10:
        raise ValueError(f"{edition.json_file}: {len(result)} entries, expected 10")
    return result


def build(reference_dir: Path, edition: Edition) -> Graph:
    b = CatalogBuilder(edition.spec)
    b.framework(
        title="OWASP Top 10 for Large Language Model Applications",
        description="A community list of the ten most critical security risks of applications built on large "
        "language models, with examples, prevention and mitigation strategies and attack scenarios.",
        publisher=PUBLISHER,
    )
    version = b.version(
        title=edition.title,
        version_label=edition.version_label,
        publisher=PUBLISHER,
        issued=edition.issued,
        status=edition.status,
        completeness="complete",
        license_iri=LICENSE,
        attribution=attribution(edition),
        source=f"{REPO}/tree/{COMMIT}/{edition.repo_folder}",
        derived_from=[f"{REPO}/tree/{COMMIT}/{edition.repo_folder}"],
        latest=edition.latest,
        completeness_note="Every entry of the edition, with its identifier, title and Description section. The "
        "entries' common examples, prevention and mitigation strategies, attack scenarios and references are not "
        "cataloged as text; the markdown has no page numbers.",
    )
    if edition is EDITION_2025:
        b.add(version, CW.previousVersion, URIRef(OWASP_1_1.iri))
    for order, entry in enumerate(entries(reference_dir, edition), start=1):
        b.element(
            "Risk",
            entry["id"],
            locator=Locator(edition.document, section=entry["heading"]),
            notation=entry["notation"],
            label=entry["title"],
            statement=entry["sections"]["Description"]["text"],
            order=order,
        )
    return b.finish()


def build_2025(reference_dir: Path) -> Graph:
    return build(reference_dir, EDITION_2025)


def build_1_1(reference_dir: Path) -> Graph:
    return build(reference_dir, EDITION_1_1)


@dataclass(frozen=True)
class AtlasCitation:
    """One markdown link in a 2025 entry that names or points to an ATLAS technique or tactic."""

    entry: str  # "LLM01"
    notation: str  # "LLM01:2025"
    title: str
    section: str
    atlas_id: str
    link_text: str
    url: str


@cache
def atlas_citations(reference_dir: Path) -> tuple[AtlasCitation, ...]:
    """ATLAS ids in the 2025 entries' "Reference Links" and "Related Frameworks and Taxonomies" sections, read from
    the markdown (authoritative): an id in a link's text or in its URL counts."""
    folder = reference_dir / OWASP_2025.reference_folder / EDITION_2025.folder
    found = []
    for entry in entries(reference_dir, EDITION_2025):
        section = None
        for line in (folder / entry["file"]).read_text(encoding="utf-8").splitlines():
            heading = re.match(r"^#{3,4} (.+?)\s*$", line)
            if heading:
                section = heading.group(1) if heading.group(1) in CITED_SECTIONS else None
                continue
            if section is None:
                continue
            for link_text, url in LINK.findall(line):
                for atlas_id in dict.fromkeys(ATLAS_ID.findall(f"{link_text} {url}")):
                    found.append(
                        AtlasCitation(entry["id"], entry["notation"], entry["title"], section, atlas_id, link_text, url)
                    )
    return tuple(found)


__all__ = ["EDITION_1_1", "EDITION_2025", "AtlasCitation", "atlas_citations", "build_1_1", "build_2025", "entries"]
