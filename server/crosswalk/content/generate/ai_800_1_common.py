"""What the NIST AI 800-1 generators share: reference files, the framework node, locators and fidelity checks.

Two editions are catalogued separately (ipd complete, 2pd partial); both write the same framework node, so its
triples are defined once here and merge cleanly when the catalogs are loaded together.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, FrameworkVersionSpec
from crosswalk.content.generate.builder import CW, CatalogBuilder, Locator, load_json

REFERENCE_FOLDER = "nist-ai-800-1"
IPD_FILE = "ai-800-1-ipd.json"
V2_FILE = "ai-800-1-2pd.json"

IPD_SPEC: FrameworkVersionSpec = FRAMEWORK_VERSIONS["ai-800-1/ipd"]
V2_SPEC: FrameworkVersionSpec = FRAMEWORK_VERSIONS["ai-800-1/2pd"]

TITLE = "Managing Misuse Risk for Dual-Use Foundation Models"
PUBLISHER = "National Institute of Standards and Technology (NIST), U.S. Department of Commerce"
LICENSE = "https://www.usa.gov/government-works"
FRAMEWORK_DESCRIPTION = (
    "NIST AI 800-1: guidelines from the U.S. AI Safety Institute at NIST for managing the risk that dual-use "
    "foundation models are deliberately misused to cause harm, organised as objectives, practices, "
    "recommendations and documentation examples."
)


class FidelityError(ValueError):
    """The reference data does not have the fidelity, shape or counts a generator relies on."""


def load_reference(reference_dir: Path, file_name: str) -> dict[str, Any]:
    data = load_json(reference_dir / REFERENCE_FOLDER / file_name)
    if not isinstance(data, dict):
        raise FidelityError(f"{file_name}: expected a JSON object")
    return data


def add_framework(builder: CatalogBuilder) -> URIRef:
    """The framework node, identical in both catalogs."""
    return builder.framework(TITLE, FRAMEWORK_DESCRIPTION, PUBLISHER)


def add_creator(builder: CatalogBuilder, creator: str) -> None:
    builder.add(URIRef(builder.spec.iri), DCTERMS.creator, Literal(creator))


def require_verbatim(item: dict[str, Any], what: str, source: str | None = None) -> None:
    """Refuse to write text as the document's own words unless the reference says it is verbatim."""
    if item.get("fidelity") != "verbatim":
        raise FidelityError(f"{what}: fidelity is {item.get('fidelity')!r}, not 'verbatim'")
    if source is not None and item.get("source") != source:
        raise FidelityError(f"{what}: source is {item.get('source')!r}, not {source!r}")


def page_number(value: object) -> str | None:
    """A single printed page ("12"); ranges and presumed pages ("1 (presumed)") are not pages."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.isdigit():
        return value
    return None


def pdf_page_number(value: object) -> int | None:
    """A single PDF page; the 2pd reference also gives pages derived from the printed folio ("17 (derived: ...)")."""
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = re.fullmatch(r"(\d+)(?: \(derived: [^)]*\))?", value)
        if match:
            return int(match.group(1))
    return None


def locator(
    document: str, item_locator: dict[str, Any] | None, section: str | None = None, table: str | None = None
) -> Locator:
    """A builder locator from a reference locator, keeping only single pages."""
    loc = item_locator or {}
    return Locator(
        document,
        section=section,
        table=table,
        page=page_number(loc.get("printed_page")),
        pdf_page=pdf_page_number(loc.get("pdf_page")),
    )


def add_note_refs(builder: CatalogBuilder, node: URIRef, item: dict[str, Any]) -> None:
    for ref in item.get("endnote_refs", []):
        builder.add(node, CW.noteRef, Literal(str(ref)))
