"""Catalog of NIST SP 800-53 Rev. 5 at Release 5.0.1, from NIST's OSCAL catalog: 20 families, 322 controls and 867
control enhancements (1,189 items, 182 of them withdrawn), with the SP 800-53B LOW, MODERATE, HIGH and PRIVACY
baselines of Release 5.1.1 as named selections (cw:Selection) of this version's elements.

Local ids are NIST's OSCAL ids (``ac``, ``ac-2``, ``ac-2.1``); notations are the identifiers SP 800-53 prints
(``AC``, ``AC-2``, ``AC-2(1)``: the OSCAL label, and for a family its upper-cased id, as in the family table).
Statements are the OSCAL statement parts, one line per item ("a. ...", "1. ..."), with parameters written the way the
publication prints them (cw:parametersRendered); the discussion ("guidance") is cw:description. A baseline lists
OSCAL ids; an id this catalog does not hold is recorded as cw:unresolvedMember, never made an element.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.builder import CW, CatalogBuilder, Locator, load_json
from crosswalk.content.generate.oscal_catalog_reader import (
    Catalog,
    Control,
    Group,
    plain_text,
    profile_control_ids,
    read_catalog,
)
from crosswalk.content.generate.oscal_elements import add_links, add_statement

SPEC = FRAMEWORK_VERSIONS["sp-800-53/5.0.1"]
CATALOG_FILE = "NIST_SP-800-53_rev5_catalog-5.0.1.json"
RELEASE = "5.0.1"
REPO = "https://github.com/usnistgov/oscal-content"
CATALOG_COMMIT = "a849dbca4649e0cc626fefdd46cf5232c8308f4c"
PROFILES_COMMIT = "941c978d14c57379fbf6f7fb388f675067d5bff7"
UPSTREAM = "nist.gov/SP800-53/rev5/json"
LICENSE = "https://www.usa.gov/government-works"
PUBLISHER = "National Institute of Standards and Technology (Joint Task Force)"
TITLE = "Security and Privacy Controls for Information Systems and Organizations"
DOCUMENT = f"NIST SP 800-53 Rev. 5, {TITLE} (OSCAL catalog, Release {RELEASE})"
ATTRIBUTION = (
    f"NIST SP 800-53 Revision 5, {TITLE}, Joint Task Force, National Institute of Standards and Technology, "
    "https://doi.org/10.6028/NIST.SP.800-53r5 (U.S. Government work; usnistgov/oscal-content waives the rights "
    f"worldwide under CC0 1.0). Taken from NIST's OSCAL catalog, Release {RELEASE} (OSCAL 1.0.0, last modified "
    f"2021-06-08), {REPO} @ {CATALOG_COMMIT[:8]} ({UPSTREAM}/NIST_SP-800-53_rev5_catalog.json), and the SP 800-53B "
    f"baseline profiles of Release 5.1.1 (version 5.1.1+u4), @ {PROFILES_COMMIT[:8]}. Changes: families, controls "
    "and enhancements recorded as RDF with their text unchanged, parameters written in the bracketed form the "
    "publication prints; the baselines recorded as lists of this catalog's elements."
)
KINDS = {"SP800-53": "Control", "SP800-53-enhancement": "ControlEnhancement"}


@dataclass(frozen=True)
class Baseline:
    key: str  # "low"
    name: str  # "LOW", as in the profile's file name
    label: str

    @property
    def file(self) -> str:
        return f"NIST_SP-800-53_rev5_{self.name}-baseline_profile.json"


BASELINES = (
    Baseline("low", "LOW", "SP 800-53B LOW baseline"),
    Baseline("moderate", "MODERATE", "SP 800-53B MODERATE baseline"),
    Baseline("high", "HIGH", "SP 800-53B HIGH baseline"),
    Baseline("privacy", "PRIVACY", "SP 800-53B PRIVACY baseline"),
)


def load(reference_dir: Path) -> Catalog:
    catalog = read_catalog(reference_dir / SPEC.reference_folder / CATALOG_FILE)
    if catalog.metadata["version"] != RELEASE:
        raise ValueError(f"{CATALOG_FILE} is release {catalog.metadata['version']}, expected {RELEASE}")
    return catalog


def selection_iri(baseline: Baseline) -> URIRef:
    return URIRef(f"{SPEC.iri}/selection/{baseline.key}")


def build(reference_dir: Path) -> Graph:
    catalog = load(reference_dir)
    b = CatalogBuilder(SPEC)
    b.framework(
        title="NIST SP 800-53, Security and Privacy Controls for Information Systems and Organizations",
        description="A catalog of security and privacy controls for information systems and organizations, "
        "organized in families, with control enhancements, discussion and related controls.",
        publisher=PUBLISHER,
    )
    b.version(
        title=f"NIST SP 800-53 Rev. 5, {TITLE} (Release {RELEASE})",
        version_label=f"Revision 5, Release {RELEASE}",
        publisher=PUBLISHER,
        issued="2021-06-08",
        status="final",
        completeness="complete",
        license_iri=LICENSE,
        attribution=ATTRIBUTION,
        source="https://doi.org/10.6028/NIST.SP.800-53r5",
        derived_from=[f"{REPO}/blob/{CATALOG_COMMIT}/{UPSTREAM}/NIST_SP-800-53_rev5_catalog.json"],
        latest=False,
        completeness_note=f"Release {RELEASE} of SP 800-53 Rev. 5 in full, from NIST's OSCAL catalog: 20 families, "
        "322 controls (24 withdrawn) and 867 control enhancements (158 withdrawn), each with its statement (one "
        "line per item, parameters in the bracketed form the publication prints, cw:parametersRendered) and "
        "discussion (cw:description), related controls (cw:relatedTo) and references (cw:reference); withdrawn "
        "items are cw:withdrawn true with their successors (cw:incorporatedInto, cw:movedTo). dcterms:issued is "
        "the OSCAL catalog's last-modified date; SP 800-53 Rev. 5 itself was published in September 2020. Later "
        "releases (5.1.1, 5.2.0) are not in the reference data, so controls added after 5.0.1 are missing and this "
        "is not the latest release. The SP 800-53B baselines are those of Release 5.1.1 (cw:Selection). The "
        "OSCAL metadata title still reads 'for Federal Information Systems and Organizations' (Revision 4's "
        "title). OSCAL has no page numbers, so none are recorded.",
    )
    labels = {control.id: str(control.label) for control in catalog.all_controls()}
    labels.update({str(group.id): str(group.id).upper() for group in catalog.all_groups()})
    for order, family in enumerate(catalog.groups, start=1):
        add_family(b, catalog, family, order, labels)
    for baseline in BASELINES:
        add_baseline(b, reference_dir, baseline)
    return b.finish()


def add_family(b: CatalogBuilder, catalog: Catalog, family: Group, order: int, labels: dict[str, str]) -> None:
    if family.cls != "family" or family.id is None:
        raise ValueError(f"unexpected group {family.id} ({family.cls})")
    section = f"{family.id.upper()}: {family.title} family"
    node = b.element(
        "ControlFamily",
        family.id,
        locator=Locator(DOCUMENT, section=section),
        notation=family.id.upper(),
        label=family.title,
        order=order,
    )
    for overview in family.parts_named("overview"):
        b.text(node, CW.description, plain_text(overview.prose or "").strip())
    for position, control in enumerate(family.controls, start=1):
        add_control(b, catalog, control, node, position, section, labels)


def add_control(
    b: CatalogBuilder,
    catalog: Catalog,
    control: Control,
    parent: URIRef,
    order: int,
    section: str,
    labels: dict[str, str],
) -> None:
    """A control or an enhancement (nested control), with its statement, discussion, links and enhancements."""
    node = b.element(
        KINDS[str(control.cls)],
        control.id,
        locator=Locator(DOCUMENT, section=section),
        notation=control.label,
        label=control.title,
        parent=parent,
        order=order,
    )
    for statement in control.parts_named("statement"):
        add_statement(b, node, catalog.statement_text(statement))
    for guidance in control.parts_named("guidance"):
        b.text(node, CW.description, catalog.render(guidance.prose or "").text.strip())
    add_links(b, node, control, catalog, labels.__getitem__)
    for link in control.links:
        resource = catalog.resources.get(link.href.lstrip("#")) if link.rel == "reference" else None
        if resource is not None:
            citation = resource.get("citation", {}).get("text") or resource["title"]
            b.add(node, CW.reference, Literal(plain_text(citation)))
    for position, enhancement in enumerate(control.controls, start=1):
        add_control(b, catalog, enhancement, node, position, section, labels)


def add_baseline(b: CatalogBuilder, reference_dir: Path, baseline: Baseline) -> URIRef:
    """A baseline profile as a cw:Selection of this version's elements; unknown ids are kept apart, as strings."""
    path = reference_dir / SPEC.reference_folder / baseline.file
    profile = load_profile_metadata(path)
    node = selection_iri(baseline)
    g = b.graph
    g.add((node, RDF.type, CW.Selection))
    g.add((node, DCTERMS.identifier, Literal(baseline.key)))
    g.add((node, DCTERMS.title, Literal(profile["title"], lang="en")))
    g.add((node, SKOS.prefLabel, Literal(baseline.label, lang="en")))
    g.add((node, OWL.versionInfo, Literal(profile["version"])))
    g.add((node, DCTERMS.modified, Literal(profile["last-modified"][:10], datatype=XSD.date)))
    g.add((node, CW.selectionOf, URIRef(SPEC.iri)))
    g.add((node, DCTERMS.license, URIRef(LICENSE)))
    g.add((node, CW.attribution, Literal(ATTRIBUTION)))
    g.add((node, DCTERMS.source, URIRef(f"{REPO}/blob/{PROFILES_COMMIT}/{UPSTREAM}/{baseline.file}")))
    ids = profile_control_ids(path)
    members = [i for i in ids if (b.iri(i), CW.inVersion, URIRef(SPEC.iri)) in g]
    for member in members:
        g.add((node, SKOS.member, b.iri(member)))
    for missing in (i for i in ids if i not in members):
        g.add((node, CW.unresolvedMember, Literal(missing)))
    g.add((node, CW.memberCount, Literal(len(members))))
    g.add((node, DCTERMS.description, Literal(
        f"The {baseline.name} baseline of SP 800-53B as NIST's OSCAL profile (Release 5.1.1, version "
        f"{profile['version']}) selects it: {len(ids)} control and enhancement ids, of which {len(members)} are "
        f"elements of this Release {RELEASE} catalog and {len(ids) - len(members)} are not (cw:unresolvedMember). "
        "The profile selects by id only (no parameter settings or alterations).", lang="en")))  # fmt: skip
    return node


def load_profile_metadata(path: Path) -> dict[str, str]:
    metadata: dict[str, str] = load_json(path)["profile"]["metadata"]
    return metadata


__all__ = ["BASELINES", "SPEC", "Baseline", "build", "load", "selection_iri"]
