"""OSCAL 1.2 catalogs of framework versions: top-level elements with parts become groups, the rest controls.

Control ids are the elements' local ids as OSCAL tokens (``oscal_common.to_token``), the same id-refs the mapping
collections use, so a GRC tool can join the two. Each control links to its element IRI (rel 'canonical') and
carries its notation as the conventional 'label' prop, its text as the 'statement' part. A catalog is a nested
document of at most a few thousand elements, so it is built in memory, unlike the mapping exports.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import IO, Any

from crosswalk.content.iri_base import IriBase
from crosswalk.engine.records import ElementRecord, VersionRecord
from crosswalk.exchange.exports.source import ExportContext, ExportError, Scope, local_id
from crosswalk.exchange.oscal_common import CANONICAL, OSCAL_VERSION, PROP_NS, stable_uuid, to_token

CATALOG_SCHEMA_URI = f"http://csrc.nist.gov/ns/oscal/{OSCAL_VERSION}/oscal-catalog-schema.json"


def _line(text: str) -> str:
    return " ".join(text.split())


def _control(element: ElementRecord, children: dict[str, list[ElementRecord]], base: IriBase) -> dict[str, Any]:
    """A control (or a group: OSCAL gives both the same fields), its descendants nested as controls."""
    token = to_token(local_id(element.iri, element.version))
    title = _line(element.label or element.notation or element.id)
    props = [{"name": "label", "value": _line(element.notation)}] if element.notation else []
    for name, value in (
        ("text-fidelity", element.fidelity),
        ("source-section", element.section),
        ("source-table", element.table),
        ("source-page", element.page),
    ):
        if value and _line(value):
            props.append({"name": name, "ns": PROP_NS, "value": _line(value)})
    node: dict[str, Any] = {"id": token, "class": to_token(element.kind or "Element"), "title": title}
    if props:
        node["props"] = props
    node["links"] = [{"href": base.public(element.iri), "rel": CANONICAL}]
    if element.statement:
        node["parts"] = [{"id": f"{token}_smt", "name": "statement", "prose": element.statement}]
    kids = [_control(child, children, base) for child in children.get(element.iri, [])]
    if kids:
        node["controls"] = kids
    return node


def catalog(ctx: ExportContext, version_iri: str) -> dict[str, Any]:
    repository = ctx.engine
    versions = repository.reference.versions([version_iri])
    if not versions:
        raise ExportError(f"framework version {version_iri} is not loaded")
    version: VersionRecord = versions[0]
    order = repository.reference.version_element_iris(version_iri)
    elements = repository.reference.elements(order)
    children: dict[str, list[ElementRecord]] = defaultdict(list)
    roots: list[ElementRecord] = []
    for iri in order:
        element = elements.get(iri)
        if element is None:
            continue
        if element.parent and element.parent in elements:
            children[element.parent].append(element)
        else:
            roots.append(element)
    groups = [_control(root, children, ctx.base) for root in roots if children.get(root.iri)]
    controls = [_control(root, children, ctx.base) for root in roots if not children.get(root.iri)]
    links = [{"href": ctx.base.public(version.iri), "rel": CANONICAL}, {"href": version.license, "rel": "license"}]
    if version.source:
        links.append({"href": version.source, "rel": "reference"})
    remarks = version.attribution + (f"\n\n{version.completeness_note}" if version.completeness_note else "")
    document: dict[str, Any] = {
        "uuid": stable_uuid("catalog", version.iri, version.issued),
        "metadata": {
            "title": _line(version.title),
            "published": f"{version.issued}T00:00:00Z",
            "last-modified": f"{version.issued}T00:00:00Z",
            "version": _line(version.label),
            "oscal-version": OSCAL_VERSION,
            "props": [
                {"name": "framework", "ns": PROP_NS, "value": version.framework_id},
                {"name": "status", "ns": PROP_NS, "value": version.status},
                {"name": "completeness", "ns": PROP_NS, "value": version.completeness},
            ],
            "links": links,
            "remarks": remarks,
        },
    }
    if groups:
        document["groups"] = groups
    if controls:
        document["controls"] = controls
    return {"$schema": CATALOG_SCHEMA_URI, "catalog": document}


def write_catalog(ctx: ExportContext, scope: Scope, out: IO[bytes]) -> None:
    if scope.version is None:
        raise ExportError("an OSCAL catalog needs a framework version")
    from crosswalk.content.frameworks import find_version
    from crosswalk.exchange.exports.oscal_catalog_rebuild import rebuilt

    imported = find_version(scope.version).imported  # an imported catalog goes back out as it came in
    document = rebuilt(ctx, scope.version) if imported else catalog(ctx, scope.version)
    out.write(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
