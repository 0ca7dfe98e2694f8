"""Catalog of MITRE ATLAS 5.6.0 from the official ``ATLAS.yaml``: 16 tactics, 170 techniques (101 techniques and 69
sub-techniques) and 35 mitigations, with ATLAS ids as notations and the descriptions verbatim.

Classes: a technique is a cw:Hazard and a sub-technique a cw:Hazard part of its technique; a mitigation is a top-level
cw:Recommendation. A tactic is a cw:Objective, not a cw:Category: MITRE defines a tactic as the adversary's tactical
objective, and the shapes require a cw:Category to be part of a cw:Function (the AI RMF's hierarchy). Nine techniques
serve more than one tactic, so a technique names its tactics with dcterms:subject instead of cw:partOf. The
mitigation -> technique links are the mapping set ``atlas-mitigations-to-techniques``
(``external_security_mappings``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.builder import CatalogBuilder, Locator

ATLAS = FRAMEWORK_VERSIONS["mitre-atlas/5.6.0"]

TACTIC_CLASS = "Objective"
TECHNIQUE_CLASS = "Hazard"
MITIGATION_CLASS = "Recommendation"
REPO = "https://github.com/mitre-atlas/atlas-data"
COMMIT = "8ee2c689a7d3c65ddf2bfe4950a4f3ecffa6f48b"
LICENSE = "https://www.apache.org/licenses/LICENSE-2.0"
PUBLISHER = "The MITRE Corporation"
DOCUMENT = "MITRE ATLAS 5.6.0 (ATLAS.yaml)"
ATTRIBUTION = (
    "MITRE ATLAS™ (Adversarial Threat Landscape for Artificial-Intelligence Systems), version 5.6.0. "
    "Copyright 2021-2025 MITRE. Licensed under the Apache License, Version 2.0 "
    f"(https://www.apache.org/licenses/LICENSE-2.0). Taken from {REPO} @ {COMMIT[:8]} (dist/ATLAS.yaml, release "
    "v5.6.1 of the data repository; the file's own version field says 5.6.0). Changes: tactics, techniques and "
    "mitigations recorded as RDF with their names and descriptions unchanged; case studies left out."
)


@cache
def load_atlas(reference_dir: Path) -> dict[str, Any]:
    """The ATLAS matrix (tactics, techniques, mitigations) plus the file's version, checked against the counts."""
    path = reference_dir / ATLAS.reference_folder / "ATLAS.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=loader)
    if str(data["version"]) != ATLAS.version:
        raise ValueError(f"ATLAS.yaml is version {data['version']}, expected {ATLAS.version}")
    [matrix] = data["matrices"]
    counts = tuple(len(matrix[key]) for key in ("tactics", "techniques", "mitigations"))
    if counts != (16, 170, 35):
        raise ValueError(f"ATLAS.yaml has {counts} tactics/techniques/mitigations, expected (16, 170, 35)")
    return {"version": str(data["version"]), **matrix}


def issued(atlas: dict[str, Any]) -> str:
    """The file has no release date: the latest modified_date of its tactics, techniques and mitigations."""
    objects = atlas["tactics"] + atlas["techniques"] + atlas["mitigations"]
    return max(str(item["modified_date"]) for item in objects)


def display_names(atlas: dict[str, Any]) -> dict[str, str]:
    """Names as ATLAS displays them, a sub-technique after its technique ("LLM Prompt Injection: Direct")."""
    names = {item["id"]: item["name"] for item in atlas["tactics"] + atlas["techniques"] + atlas["mitigations"]}
    for technique in atlas["techniques"]:
        if "subtechnique-of" in technique:
            names[technique["id"]] = f"{names[technique['subtechnique-of']]}: {technique['name']}"
    return names


def build(reference_dir: Path) -> Graph:
    atlas = load_atlas(reference_dir)
    b = CatalogBuilder(ATLAS)
    b.framework(
        title="MITRE ATLAS (Adversarial Threat Landscape for Artificial-Intelligence Systems)",
        description="A knowledge base of adversary tactics and techniques against AI-enabled systems, based on "
        "real-world attack observations and demonstrations, with mitigations and case studies.",
        publisher=PUBLISHER,
    )
    released = issued(atlas)
    b.version(
        title="MITRE ATLAS 5.6.0",
        version_label=atlas["version"],
        publisher=PUBLISHER,
        issued=released,
        status="final",
        completeness="partial",
        license_iri=LICENSE,
        attribution=ATTRIBUTION,
        source="https://atlas.mitre.org/",
        derived_from=[f"{REPO}/blob/{COMMIT}/dist/ATLAS.yaml"],
        completeness_note="All 16 tactics, 170 techniques (101 techniques, 69 sub-techniques) and 35 mitigations "
        "of the ATLAS matrix; the 57 case studies are not cataloged, nor technique maturity, mitigation "
        f"categories and lifecycle stages. dcterms:issued is {released}, the latest modified_date in ATLAS.yaml "
        "(the file gives no release date).",
    )

    tactic_nodes = {
        tactic["id"]: _element(b, TACTIC_CLASS, "Tactics", tactic, order)
        for order, tactic in enumerate(atlas["tactics"], start=1)
    }
    technique_nodes: dict[str, URIRef] = {}
    sibling_count: dict[str | None, int] = {}
    for technique in atlas["techniques"]:
        parent_id = technique.get("subtechnique-of")
        parent = technique_nodes[parent_id] if parent_id else None  # the file lists a technique before its subs
        sibling_count[parent_id] = sibling_count.get(parent_id, 0) + 1
        node = _element(b, TECHNIQUE_CLASS, "Techniques", technique, sibling_count[parent_id], parent)
        technique_nodes[technique["id"]] = node
        for tactic_id in technique.get("tactics", []):
            b.add(node, DCTERMS.subject, tactic_nodes[tactic_id])
    for order, mitigation in enumerate(atlas["mitigations"], start=1):
        _element(b, MITIGATION_CLASS, "Mitigations", mitigation, order)
    return b.finish()


def _element(
    b: CatalogBuilder, kind: str, section: str, item: dict[str, Any], order: int, parent: URIRef | None = None
) -> URIRef:
    """A tactic, technique or mitigation, with its ATT&CK counterpart."""
    node = b.element(
        kind,
        item["id"],
        locator=Locator(DOCUMENT, section=section),
        notation=item["id"],
        label=item["name"],
        statement=item["description"].strip(),
        parent=parent,
        order=order,
    )
    add_attack_reference(b, node, item)
    return node


def add_attack_reference(b: CatalogBuilder, node: URIRef, item: dict[str, Any]) -> None:
    """The MITRE ATT&CK counterpart ATLAS names for the item, as a link."""
    reference = item.get("ATT&CK-reference")
    if reference and reference.get("url"):
        b.add(node, RDFS.seeAlso, URIRef(reference["url"]))


__all__ = ["MITIGATION_CLASS", "TACTIC_CLASS", "TECHNIQUE_CLASS", "build", "display_names", "issued", "load_atlas"]
