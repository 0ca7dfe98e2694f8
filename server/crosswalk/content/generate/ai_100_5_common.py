"""What the two NIST AI 100-5 generators share: the reference files, version metadata, page spans and text checks.

The reference (``nist-ai-100-5``) is a verbatim text extraction of the NIST PDF. Its NIST-text fields are written
as cw:statement (verbatim, extraction artifacts included); its ``*_clean`` copies repair those artifacts and are
written as cw:editorialText, never as the statement. Items the reference gives no page for are located in the
reference's own page text (``source/ai-100-5-pages.txt``); where that finds no single page, the enclosing item's
pages are written, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, FrameworkVersionSpec
from crosswalk.content.generate.builder import CW, CWV, CatalogBuilder, Locator, load_json

REFERENCE_FOLDER = "nist-ai-100-5"
PLAN_FILE = "ai-100-5.json"
PAGES_FILE = "source/ai-100-5-pages.txt"
PLAN_SPEC: FrameworkVersionSpec = FRAMEWORK_VERSIONS["ai-100-5/2024-07"]
STANDARDS_SPEC: FrameworkVersionSpec = FRAMEWORK_VERSIONS["ai-100-5-standards/2024-07"]

DOCUMENT = "NIST AI 100-5"
PUBLISHER = "National Institute of Standards and Technology (NIST), U.S. Department of Commerce"
LICENSE = "https://www.usa.gov/government-works"
REVISION_NOTE = (
    "This is the original July 2024 edition; NIST later revised it as NIST AI 100-5e2025, which is not catalogued "
    "(its text was not collected), so this version is not marked latest."
)


class FidelityError(ValueError):
    """The reference data does not have the shape, counts or texts the generators rely on."""


@cache
def load_plan(reference_dir: Path) -> dict[str, Any]:
    data = load_json(reference_dir / REFERENCE_FOLDER / PLAN_FILE)
    if not isinstance(data, dict):
        raise FidelityError(f"{PLAN_FILE}: expected a JSON object")
    return data


def attribution(data: dict[str, Any], part: str) -> str:
    doc, src = data["document"], data["source"]
    return (
        f"Credit: National Institute of Standards and Technology (NIST), {doc['id']}, “{doc['title']}” "
        f"({doc['series']}), {doc['date_on_title_page']}, {doc['doi']}. {doc['license']} {part} Text from a "
        f"third-party PyMuPDF extraction of {doc['url']} (GitHub {src['repo']} {src['path']} at commit "
        f"{src['commit']}; PDF SHA-256 {doc['pdf_sha256_per_source_manifest']} per that repository's manifest), "
        "via shared/reference nist-ai-100-5/ai-100-5.json."
    )


def issued(data: dict[str, Any]) -> str:
    """NIST's release date, the reference's ``document.release_date`` ("2024-07-26 (NIST release date; ...)")."""
    date = str(data["document"]["release_date"]).split(" ", 1)[0]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise FidelityError(f"release date {data['document']['release_date']!r} does not start with a date")
    return date


def derived_from(data: dict[str, Any]) -> list[str]:
    src = data["source"]
    return [
        f"GitHub {src['repo']} {src['path']} at commit {src['commit']}: {src['records']}",
        "shared/reference nist-ai-100-5/ai-100-5.json and source/ai-100-5-pages.txt",
    ]


def add_framework(builder: CatalogBuilder, title: str, description: str) -> URIRef:
    return builder.framework(title, description, PUBLISHER)


# ---------------------------------------------------------------- pages


@dataclass(frozen=True)
class Span:
    """The pages an item runs over: PDF positions and, where known, printed numbers (first and last)."""

    pdf: tuple[int, int]
    printed: tuple[int, int] | None

    @classmethod
    def of(cls, item: dict[str, Any]) -> Span | None:
        pdf = item.get("pdf_pages") or ([item["pdf_page"]] if "pdf_page" in item else [])
        printed = item.get("printed_pages") or ([item["printed_page"]] if "printed_page" in item else [])
        if not pdf:
            return None
        return cls((pdf[0], pdf[-1]), (printed[0], printed[-1]) if printed else None)

    @classmethod
    def join(cls, spans: list[Span]) -> Span:
        first, last = min(spans, key=lambda s: s.pdf[0]), max(spans, key=lambda s: s.pdf[1])
        printed = (first.printed[0], last.printed[1]) if first.printed and last.printed else None
        return cls((first.pdf[0], last.pdf[1]), printed)


_MARKER = re.compile(r"^===== PDF page (\d+) \(printed page ([^)]*)\) =====$")


def normalise(lines: list[str]) -> str:
    """The reference's own normalisation: lines joined with a space, or without one after '-' or '—'."""
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        text += line if (not text or text.endswith(("-", "—"))) else " " + line
    return re.sub(r" {2,}", " ", text)


@dataclass(frozen=True)
class PageText:
    pages: dict[int, tuple[str, int | None]]  # PDF page -> (normalised text, printed page)

    @classmethod
    def read(cls, reference_dir: Path) -> PageText:
        path = reference_dir / REFERENCE_FOLDER / PAGES_FILE
        pages: dict[int, tuple[str, int | None]] = {}
        current: tuple[int, int | None] | None = None
        lines: list[str] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), "===== PDF page 0 (printed page end) ====="]:
            marker = _MARKER.match(line)
            if not marker:
                lines.append(line)
                continue
            if current is not None:
                pages[current[0]] = (normalise(lines), current[1])
            printed = marker.group(2)
            current, lines = (int(marker.group(1)), int(printed) if printed.isdigit() else None), []
        return cls(pages)

    def contains(self, text: str) -> bool:
        return any(text in page for page, _ in self.pages.values())

    def locate(self, text: str, within: Span | None = None) -> Span | None:
        """The single page whose text holds ``text`` (inside ``within``, if given); None if none or several."""
        low, high = within.pdf if within else (1, max(self.pages))
        found = [n for n, (page, _) in self.pages.items() if low <= n <= high and text in page]
        if len(found) != 1:
            return None
        printed = self.pages[found[0]][1]
        return Span((found[0], found[0]), (printed, printed) if printed is not None else None)


def locate(builder: CatalogBuilder, node: URIRef, span: Span, section: str, table: str | None = None) -> None:
    """Write the first page as cw:sourcePage / cw:sourcePdfPage and, for a run over pages, the last as *End."""
    printed = span.printed
    builder.locate(
        node,
        Locator(
            DOCUMENT, section=section, table=table, page=str(printed[0]) if printed else None, pdf_page=span.pdf[0]
        ),
    )
    if span.pdf[1] != span.pdf[0]:
        builder.add(node, CW.sourcePdfPageEnd, Literal(span.pdf[1]))
        if printed:
            builder.add(node, CW.sourcePageEnd, Literal(str(printed[1])))


# ---------------------------------------------------------------- texts and ids


def assigned(builder: CatalogBuilder, node: URIRef, by_reference: bool, note: str) -> None:
    """Mark a local id the document does not print (such elements get no skos:notation)."""
    origin = "identifier-reference-assigned" if by_reference else "identifier-project-assigned"
    builder.add(node, CW.identifierOrigin, CWV[origin])
    builder.add(node, SKOS.editorialNote, Literal(note, lang="en"))


def editorial_copy(builder: CatalogBuilder, node: URIRef, item: dict[str, Any], field: str) -> None:
    """The reference's ``<field>_clean`` copy, where it differs, with the list of its changes."""
    clean = item.get(f"{field}_clean")
    if clean is None or clean == item[field]:
        return
    builder.text(node, CW.editorialText, clean)
    changes = "; ".join(item.get("editorial_changes", []))
    builder.text(node, SKOS.editorialNote, f"cw:editorialText is the reference's editorial copy ({changes}).")


NOTE_MARKER = re.compile(r"\[fn(\d+)\]")


def note_refs(builder: CatalogBuilder, node: URIRef, *texts: str | None) -> None:
    """Footnote markers, read from the clean copies where the reference brackets them."""
    for number in sorted({int(n) for text in texts if text for n in NOTE_MARKER.findall(text)}):
        builder.add(node, CW.noteRef, Literal(str(number)))


def require_in_pages(pages: PageText, text: str, what: str) -> None:
    if not pages.contains(text):
        raise FidelityError(f"{what}: {text[:60]!r} is not in the reference's page text")


def source_iri(data: dict[str, Any]) -> str:
    return str(data["document"]["doi"])


__all__ = [
    "DOCUMENT",
    "LICENSE",
    "PLAN_SPEC",
    "PUBLISHER",
    "REVISION_NOTE",
    "STANDARDS_SPEC",
    "FidelityError",
    "PageText",
    "Span",
    "add_framework",
    "assigned",
    "attribution",
    "derived_from",
    "editorial_copy",
    "issued",
    "load_plan",
    "locate",
    "normalise",
    "note_refs",
    "require_in_pages",
    "source_iri",
]
