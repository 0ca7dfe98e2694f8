"""Any OSCAL 1.x catalog (JSON) as a framework version of its own: schema-valid, then elements with our IRIs.

The catalog is read by the generators' own reader (content/generate/oscal_catalog_reader) and written with their
builder and OSCAL helpers (oscal_elements: statements with parameters rendered and marked, withdrawn status,
successors, related links), so an imported SP 800-53 reads like the generated one. Groups become cw:ControlFamily,
top-level controls cw:Control, nested controls cw:ControlEnhancement, the lettered items of a statement
cw:StatementItem and example parts cw:ImplementationExample; every OSCAL prop is kept as a literal of
``<prop ns>#<name>``. Each group and control also keeps its OSCAL object (without its children) as
cw:oscalSource, and the version its catalog's uuid, metadata and back-matter, so that an export rebuilds the
catalog and re-imports to the same graph.

The version is ``imported/<framework>/<version>``: its IRIs (…/id/imported/sp-800-53/5.0.1/ac-2) never collide with
a generated catalog of the same standard, and its graph is graph/imported/catalog/<framework>/<version>, which a
load keeps. Its registry facts (prefix, assessed kinds) are stated on the version node and registered at once.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, STATIC_VERSIONS, FrameworkVersionSpec
from crosswalk.content.generate.builder import CW, CatalogBuilder, Locator, TripleList
from crosswalk.content.generate.oscal_catalog_reader import Catalog, Control, Group, Part, catalog_from_document
from crosswalk.content.generate.oscal_elements import add_links, add_statement
from crosswalk.content.iri_base import IriBase
from crosswalk.content.mapping_records import Problem
from crosswalk.engine.declared_versions import register_declared
from crosswalk.exchange.imports.common import ImportOptions, ImportRejected
from crosswalk.exchange.oscal_common import OSCAL_NS, model_problems
from crosswalk.store.base import GraphStore

ASSESSED = ("Control", "ControlEnhancement")
NO_LICENSE = ns.VOCAB + "license-not-stated"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_CHILDREN = ("controls", "groups")


def prop_predicate(name: str, namespace: str | None) -> URIRef:
    return URIRef(f"{(namespace or OSCAL_NS).rstrip('/#')}#{name}")


def slug_of(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-.") or "catalog"


def read(text: str, file: str, options: ImportOptions) -> tuple[dict[str, Any], FrameworkVersionSpec]:
    """The parsed, schema-valid document and the version it becomes; ImportRejected with JSON paths otherwise."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRejected([Problem(file, error.lineno, None, None, f"not valid JSON: {error.msg}")]) from error
    messages = model_problems(document, "catalog")
    if messages:
        raise ImportRejected([Problem(file, None, None, *m.split(": ", 1)) for m in messages])
    metadata = document["catalog"]["metadata"]
    framework = options.framework or slug_of(Path(file).stem.split(".")[0])
    version = options.version or slug_of(str(metadata["version"]))
    problems = [
        Problem(file, None, None, flag, f"{value!r} is not an id (lower-case letters, digits, '.', '-', '_')")
        for flag, value in (("--framework", framework), ("--version", version))
        if not _SLUG.match(value)
    ]
    if problems:
        raise ImportRejected(problems)
    key = f"{ns.IMPORTED_FRAMEWORK_PREFIX}{framework}"
    prefix = options.prefix or "imp-" + re.sub(r"[^a-z0-9]+", "", f"{framework}{version}")
    spec = FrameworkVersionSpec(key, version, prefix, "", "", assessed_kinds=ASSESSED, imported=True)
    clash = next((s for s in FRAMEWORK_VERSIONS.values() if s.prefix == prefix and s.key != spec.key), None)
    if clash is not None or spec.key in STATIC_VERSIONS:
        reason = f"the CURIE prefix {prefix!r} is already {clash.key}'s; give --prefix" if clash else "reserved id"
        raise ImportRejected([Problem(file, None, None, "--prefix", reason)])
    return document, spec


def build(document: dict[str, Any], spec: FrameworkVersionSpec, file: str) -> CatalogBuilder:
    catalog = catalog_from_document(document)
    data = document["catalog"]
    metadata = data["metadata"]
    publisher = _publisher(metadata)
    b = CatalogBuilder(spec, graph=TripleList())  # type: ignore[arg-type]
    b.framework(
        title=metadata["title"],
        description="An OSCAL catalog imported as a framework (the file: prov:wasDerivedFrom of its version).",
        publisher=publisher,
    )
    license_iri = next((link["href"] for link in metadata.get("links", []) if link.get("rel") == "license"), None)
    b.version(
        title=metadata["title"],
        version_label=str(metadata["version"]),
        publisher=publisher,
        issued=str(metadata.get("published") or metadata["last-modified"])[:10],
        status="final",
        completeness="complete",
        license_iri=license_iri or NO_LICENSE,
        attribution=f"{metadata['title']}, version {metadata['version']}, {publisher}; imported from the OSCAL "
        f"catalog of uuid {data['uuid']}" + ("" if license_iri else "; the catalog states no license"),
        source=f"urn:uuid:{data['uuid']}",
        derived_from=[file],
        latest=False,
        completeness_note="Imported from an OSCAL catalog: every group, control and nested control, each statement "
        "item and example part, with the catalog's text (parameters in the bracketed form NIST prints, marked "
        "cw:parametersRendered), withdrawn status and successors, and every prop.",
    )
    version = URIRef(spec.iri)
    b.add(version, CW.importedCatalog, Literal(True))
    b.add(version, CW.curiePrefix, Literal(spec.prefix))
    for kind in spec.assessed_kinds:
        b.add(version, CW.assessedKind, CW[kind])
    head = {k: data[k] for k in ("uuid", "metadata", "params", "back-matter") if k in data}
    b.add(version, CW.oscalSource, Literal(json.dumps(head, ensure_ascii=False)))
    notations: dict[str, str] = {}
    walker = _Walker(b, catalog, metadata["title"], notations)
    for order, group in enumerate(data.get("groups", []), start=1):
        walker.group(group, catalog.groups[order - 1], None, order)
    for order, control in enumerate(data.get("controls", []), start=1):
        walker.control(control, catalog.controls[order - 1], None, order, None, 0)
    walker.links()
    return b


class _Walker:
    """Walks the JSON and the reader's objects side by side (the JSON for cw:oscalSource, the objects for text)."""

    def __init__(self, b: CatalogBuilder, catalog: Catalog, title: str, notations: dict[str, str]) -> None:
        self.b, self.catalog, self.title, self.notations = b, catalog, title, notations
        self.pending: list[tuple[URIRef, Control | Group]] = []

    def _common(self, node: URIRef, raw: dict[str, Any], item: Control | Group) -> None:
        self.b.add(node, CW.oscalSource, Literal(json.dumps(_own(raw), ensure_ascii=False)))
        for prop in item.props:
            self.b.add(node, prop_predicate(prop.name, prop.ns), Literal(prop.value))
        self.pending.append((node, item))

    def group(self, raw: dict[str, Any], group: Group, parent: URIRef | None, order: int) -> None:
        local = group.id or f"group-{order}"
        notation = group.label or local
        self.notations[local] = notation
        section = f"{notation}: {group.title}"
        node = self.b.element(
            "ControlFamily", local, locator=Locator(self.title, section=section), notation=notation,
            label=group.title, parent=parent, order=order,
        )  # fmt: skip
        self._common(node, raw, group)
        for part in group.parts_named("overview"):
            self.b.text(node, CW.description, self.catalog.render(part.prose or "").text.strip())
        for position, (raw_group, sub) in enumerate(zip(raw.get("groups", []), group.groups, strict=True), 1):
            self.group(raw_group, sub, node, position)
        for position, (raw_control, control) in enumerate(zip(raw.get("controls", []), group.controls, strict=True), 1):
            self.control(raw_control, control, node, position, section, 0)

    def control(
        self, raw: dict[str, Any], control: Control, parent: URIRef | None, order: int, section: str | None, depth: int
    ) -> None:
        notation = control.label or control.id
        self.notations[control.id] = notation
        node = self.b.element(
            "Control" if depth == 0 else "ControlEnhancement", control.id,
            locator=Locator(self.title, section=section), notation=notation, label=control.title, parent=parent,
            order=order,
        )  # fmt: skip
        self._common(node, raw, control)
        for statement in control.parts_named("statement"):
            add_statement(self.b, node, self.catalog.statement_text(statement))
            self._items(statement, node, notation, section)
        for guidance in control.parts_named("guidance"):
            self.b.text(node, CW.description, self.catalog.render(guidance.prose or "").text.strip())
        for position, example in enumerate(control.parts_named("example"), start=1):
            if example.id:
                self._part("ImplementationExample", example, node, f"{notation} Ex{position}", position, section)
        for position, (child_raw, child) in enumerate(zip(raw.get("controls", []), control.controls, strict=True), 1):
            self.control(child_raw, child, node, position, section, depth + 1)

    def _items(self, holder: Part, parent: URIRef, notation: str, section: str | None) -> None:
        for position, item in enumerate((p for p in holder.parts if p.id and p.name == "item"), start=1):
            item_notation = f"{notation} {item.label}" if item.label else f"{notation} ({item.id})"
            node = self._part("StatementItem", item, parent, item_notation, position, section)
            self._items(item, node, notation, section)

    def _part(self, kind: str, part: Part, parent: URIRef, notation: str, order: int, section: str | None) -> URIRef:
        node = self.b.element(
            kind, str(part.id), locator=Locator(self.title, section=section), notation=notation,
            label=part.title, parent=parent, order=order,
        )  # fmt: skip
        rendered = self.catalog.statement_text(part)
        if rendered.text:
            add_statement(self.b, node, rendered)
        for prop in part.props:
            self.b.add(node, prop_predicate(prop.name, prop.ns), Literal(prop.value))
        return node

    def links(self) -> None:
        """Links as the generators read them; a link to an id the catalog does not hold (a resolved profile's
        catalog leaves out the families it does not select) is kept as a comment, not made an element."""
        for node, item in self.pending:
            held = []
            for link in item.links:
                target = link.target_id
                if target is not None and link.rel and self.catalog.owner_of(target) is None:
                    text = f"OSCAL links this element ({link.rel}) to {link.href}, which the catalog does not hold."
                    self.b.add(node, RDFS.comment, Literal(text))
                else:
                    held.append(link)
            add_links(self.b, node, replace(item, links=tuple(held)), self.catalog, lambda i: self.notations.get(i, i))


def _own(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k not in _CHILDREN}


def _publisher(metadata: dict[str, Any]) -> str:
    parties = {p["uuid"]: p.get("name", "") for p in metadata.get("parties", [])}
    for role in ("publisher", "creator", "author"):
        for responsible in metadata.get("responsible-parties", []):
            if responsible.get("role-id") == role:
                names = [parties.get(u, "") for u in responsible.get("party-uuids", [])]
                if any(names):
                    return ", ".join(n for n in names if n)
    return next((name for name in parties.values() if name), "not stated in the catalog")


def write(text: str, file: str, store: GraphStore, base: IriBase, options: ImportOptions) -> tuple[str, str, int]:
    """Validate, build and write the version's graph in one transaction; register it. (key, graph, elements)."""
    document, spec = read(text, file, options)
    try:
        builder = build(document, spec, file)
    except ValueError as error:  # a link to nothing, a parameter nobody defines
        raise ImportRejected([Problem(file, None, None, None, str(error))]) from error
    builder.finish()
    triples: TripleList = builder.graph  # type: ignore[assignment]
    elements = next(int(o) for s, p, o in reversed(triples.triples) if p == CW.elementCount)
    store.replace_graphs({spec.graph: triples.oxigraph()})  # the builder mints stored IRIs (under ns.ID) already
    register_declared(store)
    return spec.key, spec.graph, elements
