"""NIST AI 100-5 Appendix B: the standards development projects it lists, as their own framework.

Why a framework of its own (``ai-100-5-standards``) rather than elements of the plan's version: the projects are
the SDOs' documents, not NIST guidance. Kept apart, the plan's catalog stays the plan (coverage and crosswalks over
it count its topics and actions, not a hundred SDO projects), and this catalog can be revised or replaced by a
later landscape without touching the plan's ids.

Appendix B numbers its SDO sections A.1.1-A.1.6 under heading B.1 (a slip kept as printed, as skos:notation).
Each printed table is a cw:StandardsProjectList (positional id of ours) under its section; each row a
cw:StandardsProject whose skos:notation is the identifier as printed and whose local id is that identifier made
IRI-safe. Placeholder identifiers ("prEN XXX") identify nothing, so those rows get no notation and a local id that
adds the title. Status (published / under development) is written only where the table's lead-in says so.
The plan's topics link to the projects their text names (``CITATIONS``); ISO/IEC 42001:2023 links to its catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.ai_100_5_common import (
    DOCUMENT,
    LICENSE,
    REVISION_NOTE,
    STANDARDS_SPEC,
    FidelityError,
    PageText,
    Span,
    add_framework,
    assigned,
    attribution,
    derived_from,
    editorial_copy,
    issued,
    load_plan,
    locate,
    note_refs,
    require_in_pages,
    source_iri,
)
from crosswalk.content.generate.builder import CW, CWV, CatalogBuilder, Locator, slug


@dataclass(frozen=True)
class Section:
    number: str  # as printed ("A.1.1")
    heading: str  # as printed
    text_key: str | None  # appendix_b key of the section's prose


@dataclass(frozen=True)
class ProjectTable:
    key: str  # appendix_b key of the rows
    list_id: str
    section: str
    lead_in: str | None  # the sentence printed before the table, verbatim
    status: str | None  # cwv:project-* where the lead-in says it


SECTIONS = (
    Section("A.1.1", "ISO/IEC JTC 1", "sc42_text"),
    Section("A.1.2", "CEN-CENELEC", "cen_cenelec_text"),
    Section("A.1.3", "IEEE", "ieee_text"),
    Section("A.1.4", "ITU", "itu_text"),
    Section("A.1.5", "Consumer Technology Association", "cta_text"),
    Section("A.1.6", "Non-AI-specific horizontal standards highly relevant to AI", None),
)
TABLES = (
    ProjectTable(
        "sc42_published",
        "list-sc42-published",
        "A.1.1",
        "SC 42’s published projects as of June 2024 include:",
        "published",
    ),
    ProjectTable(
        "sc42_under_development",
        "list-sc42-in-development",
        "A.1.1",
        "SC 42 has the following additional projects under development as of June 2024:",
        "in-development",
    ),
    ProjectTable(
        "jtc1_sc27_under_development",
        "list-sc27-in-development",
        "A.1.1",
        "Beyond SC 42, JTC1 is developing the following standards from subcommittee 27 on cybersecurity:",
        "in-development",
    ),
    ProjectTable(
        "cen_cenelec_jtc21_not_shared_with_isoiec",
        "list-cen-cenelec-jtc21",
        "A.1.2",
        "Projects under development that are not shared with ISO/IEC include:",
        "in-development",
    ),
    ProjectTable("ieee", "list-ieee", "A.1.3", None, None),
    ProjectTable("itu", "list-itu", "A.1.4", None, None),
    ProjectTable(
        "cta",
        "list-cta",
        "A.1.5",
        "In addition to its sector-specific standards (see below), CTA has "
        "developed several horizontal AI standards as of June 2024:",
        "published",
    ),
    ProjectTable(
        "non_ai_specific_highly_relevant",
        "list-non-ai-specific",
        "A.1.6",
        "Several standards that are not AI-specific are nonetheless highly relevant to AI and are sometimes "
        "applied to AI systems. These include:",
        None,
    ),
)
COUNTS = {
    "sc42_published": 28,
    "sc42_under_development": 33,
    "jtc1_sc27_under_development": 2,
    "cen_cenelec_jtc21_not_shared_with_isoiec": 10,
    "ieee": 7,
    "itu": 26,
    "cta": 4,
    "non_ai_specific_highly_relevant": 2,
}


@dataclass(frozen=True)
class Citation:
    """A plan topic whose text names an Appendix B project: (topic, name as printed there, project as listed)."""

    topic: str
    printed: str
    project: str
    footnote: int | None = None  # the name is printed in this footnote of the topic, not in its text
    reading: str | None = None  # why a name printed differently is this project


CITATIONS = (
    Citation("T1-01", "ISO/IEC 22989:2022", "ISO/IEC 22989:2022"),
    Citation(
        "T1-01",
        "ISO/IEC 22989 AMD1",
        "ISO/IEC 22989:2022/AWI Amd 1",
        reading="the amendment of ISO/IEC 22989 that 4.1 says is underway is Appendix B's in-progress "
        "ISO/IEC 22989:2022/AWI Amd 1 (Amendment 1)",
    ),
    Citation("T1-02", "ISO/IEC AWI TS 17847", "ISO/IEC AWI TS 17847"),
    Citation("T1-04", "ISO/IEC 23894:2023", "ISO/IEC 23894:2023"),
    Citation(
        "T1-04",
        "ISO/IEC 42001",
        "ISO/IEC 42001:2023",
        reading="Appendix B lists one ISO/IEC 42001, the published ISO/IEC 42001:2023",
    ),
    Citation(
        "T2-02",
        "ISO/IEC 42001",
        "ISO/IEC 42001:2023",
        footnote=28,
        reading="footnote 28 names ISO/IEC 42001 as an example; Appendix B lists ISO/IEC 42001:2023",
    ),
)
CATALOGUED = {"ISO/IEC 42001:2023": FRAMEWORK_VERSIONS["iso-iec-42001/2023"]}
PLACEHOLDER = re.compile(r"\bX{3,}\b")


def project_local_id(printed: str, title: str) -> str:
    """The printed identifier made IRI-safe; a placeholder identifier ("prEN XXX") is completed by the title."""
    safe = re.sub(r"[^A-Za-z0-9.]+", "-", printed).strip("-")
    return f"{safe}-{slug(title)}" if PLACEHOLDER.search(printed) else safe


def project_rows(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {table.key: data["appendix_b"][table.key] for table in TABLES}


def build(reference_dir: Path) -> Graph:
    data = load_plan(reference_dir)
    rows = project_rows(data)
    for key, expected in COUNTS.items():
        if len(rows[key]) != expected or data["counts"]["appendix_b"][key] != expected:
            raise FidelityError(f"Appendix B {key}: found {len(rows[key])}, want {expected}")
    pages = PageText.read(reference_dir)
    b = CatalogBuilder(STANDARDS_SPEC)
    add_framework(
        b,
        "NIST AI 100-5 Appendix B standards development projects",
        "The AI standards development projects (ISO/IEC JTC 1 SC 42 and SC 27, CEN-CENELEC JTC 21, IEEE, ITU-T, CTA) "
        "and non-AI-specific standards that NIST AI 100-5 Appendix B lists as the current landscape of AI "
        "standardization.",
    )
    _version(b, data)
    sections = {s.number: _section(b, s, data, rows, pages) for s in SECTIONS}
    seen: set[str] = set()
    order_in: dict[str, int] = {}
    for table in TABLES:
        order_in[table.section] = order_in.get(table.section, 0) + 1
        _table(b, table, rows[table.key], sections[table.section], order_in[table.section], pages, seen)
    return b.finish()


def _version(b: CatalogBuilder, data: dict[str, Any]) -> None:
    total = sum(COUNTS.values())
    b.version(
        title=f"{data['document']['id']} Appendix B: standards development projects (July 2024)",
        version_label=data["document"]["date_on_title_page"],
        publisher="National Institute of Standards and Technology (NIST), U.S. Department of Commerce",
        issued=issued(data),
        status="final",
        completeness="complete",
        license_iri=LICENSE,
        attribution=attribution(data, "Project identifiers and titles are the SDOs', as NIST lists them."),
        source=source_iri(data),
        derived_from=derived_from(data),
        latest=False,
        completeness_note=(
            f"Every project row of Appendix B's tables ({total}): ISO/IEC JTC 1 SC 42 published 28 and in progress "
            "33, SC 27 2, CEN-CENELEC JTC 21 10 (not shared with ISO/IEC), IEEE 7, ITU 26, CTA 4, non-AI-specific 2, "
            "under their sections A.1.1-A.1.6 (numbered so in the PDF, under heading B.1). The A.1.7 sectoral "
            "bullets and B.2 are prose, not project lists, and are not elements. List ids are ours "
            "(cwv:identifier-project-assigned). Placeholder identifiers (prCEN/CLC/TR XXX, prEN XXX) are no "
            "notation. The ITU rows were paired (identifier with title) by the reference from the extraction "
            "order. Projects link to nothing themselves; plan topics that name them carry "
            "cw:citesStandardsProject (in the ai-100-5 catalog). ISO/IEC 42001:2023 is cw:catalogedAs the "
            f"iso-iec-42001/2023 identifiers catalog. {REVISION_NOTE}"
        ),
    )


def _section(
    b: CatalogBuilder, section: Section, data: dict[str, Any], rows: dict[str, list[dict[str, Any]]], pages: PageText
) -> URIRef:
    heading = f"{section.number}. {section.heading}"
    start = pages.locate(heading)
    if start is None:
        raise FidelityError(f"Appendix B heading {heading!r} is not on one page of the reference's page text")
    prose = data["appendix_b"][section.text_key] if section.text_key else None
    node = b.element(
        "StandardsLandscapeSection",
        f"section-{section.number}",
        locator=Locator(DOCUMENT),
        notation=section.number,
        label=section.heading,
        statement=prose["text"] if prose else None,
        order=int(section.number.split(".")[-1]),
    )
    tables = [t for t in TABLES if t.section == section.number]
    locate(b, node, Span.join([start, *(_row_span(r) for t in tables for r in rows[t.key])]), section.number)
    if prose:
        require_in_pages(pages, prose["text"][:200], f"section {section.number} text")
        editorial_copy(b, node, prose, "text")
        note_refs(b, node, prose.get("text_clean"))
    b.text(node, SKOS.editorialNote, "Numbered A.1.x under heading B.1 as printed (the PDF's numbering slip).")
    return node


def _table(
    b: CatalogBuilder,
    table: ProjectTable,
    rows: list[dict[str, Any]],
    parent: URIRef,
    order: int,
    pages: PageText,
    seen: set[str],
) -> None:
    span = Span.join([_row_span(r) for r in rows])
    if table.lead_in is not None:
        start = pages.locate(table.lead_in)
        if start is None:
            raise FidelityError(f"lead-in of {table.key} is not on one page of the reference's page text")
        span = Span.join([start, span])
    node = b.element(
        "StandardsProjectList",
        table.list_id,
        locator=Locator(DOCUMENT),
        statement=table.lead_in,
        parent=parent,
        order=order,
    )
    locate(b, node, span, table.section)
    assigned(
        b,
        node,
        False,
        "Positional id of ours for a printed table (columns Project Identifier, Project Title)"
        + ("" if table.lead_in else "; no lead-in sentence is printed before it")
        + ".",
    )
    for n, row in enumerate(rows, start=1):
        printed, title = row["id"], row["title"]
        for text in (printed, title):
            require_in_pages(pages, text, f"{table.key} row {n}")
        local_id = project_local_id(printed, title)
        if local_id in seen:
            raise FidelityError(f"two Appendix B rows make the local id {local_id}")
        seen.add(local_id)
        placeholder = PLACEHOLDER.search(printed) is not None
        p_node = b.element(
            "StandardsProject",
            local_id,
            locator=Locator(DOCUMENT),
            notation=None if placeholder else printed,
            label=title,
            parent=node,
            order=n,
        )
        locate(b, p_node, _row_span(row), table.section)
        if placeholder:
            assigned(
                b,
                p_node,
                False,
                f"NIST prints the placeholder identifier “{printed}” (no number yet); the local id adds the title.",
            )
        if table.status:
            b.add(p_node, CW.projectStatus, CWV[f"project-{table.status}"])
        if row.get("pairing_reconstructed"):
            b.text(
                p_node,
                SKOS.editorialNote,
                "Identifier and title paired by the reference data from the "
                "extraction order of the ITU table (cells wrap and interleave in the text layer).",
            )
        if printed in CATALOGUED:
            b.add(p_node, CW.catalogedAs, URIRef(CATALOGUED[printed].iri))


def _row_span(row: dict[str, Any]) -> Span:
    span = Span.of(row)
    if span is None:
        raise FidelityError(f"Appendix B row {row['id']}: no page")
    return span


def citation_links(data: dict[str, Any]) -> list[tuple[Citation, str]]:
    """Each citation checked against the texts, with the project's local id in this catalog."""
    topics = {t["id"]: t for t in data["topics"]}
    footnotes = {f["n"]: f["text"] for f in data["footnotes"]}
    listed = {row["id"]: row["title"] for rows in project_rows(data).values() for row in rows}
    links = []
    for citation in CITATIONS:
        where = footnotes[citation.footnote] if citation.footnote else topics[citation.topic]["description"]
        if citation.printed not in where:
            raise FidelityError(f"{citation.topic} does not print {citation.printed!r}")
        if citation.project not in listed:
            raise FidelityError(f"Appendix B lists no {citation.project!r}")
        if (citation.printed != citation.project) != (citation.reading is not None):
            raise FidelityError(f"{citation.topic} {citation.printed!r}: a differently printed name needs a reading")
        links.append((citation, project_local_id(citation.project, listed[citation.project])))
    return links


__all__ = ["CATALOGUED", "CITATIONS", "COUNTS", "SECTIONS", "TABLES", "build", "citation_links", "project_local_id"]
