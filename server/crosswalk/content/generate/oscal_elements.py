"""What OSCAL catalogs share once they become RDF: withdrawn status, successor and related links, and statements whose
parameters were rendered. Used by every generator that reads a catalog through ``oscal_catalog_reader``."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from crosswalk.content.generate.builder import CW, CWV, CatalogBuilder
from crosswalk.content.generate.oscal_catalog_reader import Catalog, Control, Group, Rendered

# OSCAL link rels naming a withdrawn item's successor -> predicate. NIST writes them with hyphens (SP 800-53) or
# underscores (CSF 2.0, CAPORDINO).
SUCCESSOR_RELS: dict[str, URIRef] = {
    "incorporated-into": CW.incorporatedInto,
    "incorporated_into": CW.incorporatedInto,
    "moved-to": CW.movedTo,
    "moved_to": CW.movedTo,
}
RELATED_RELS: dict[str, URIRef] = {"related": CW.relatedTo}
RENDERED_TEXT_SOURCE = (
    "NIST's OSCAL prose, with each parameter placeholder ({{ insert: param, id }}) written as the publication prints "
    'it: [Assignment: <parameter label>] or [Selection: <choice>; <choice>] ("Selection (one or more)" where more '
    "than one may be chosen), and OSCAL markup (links, emphasis) as plain text."
)


def add_statement(b: CatalogBuilder, node: URIRef, rendered: Rendered) -> None:
    """The statement, verbatim; where parameters were filled in, say so and how."""
    b.text(node, CW.statement, rendered.text)
    b.add(node, CW.textFidelity, CWV["fidelity-verbatim"])
    if rendered.parameters:
        b.add(node, CW.parametersRendered, Literal(True))
        b.add(node, CW.textSource, Literal(RENDERED_TEXT_SOURCE))


def add_links(
    b: CatalogBuilder, node: URIRef, item: Control | Group, catalog: Catalog, notation_of: Callable[[str], str]
) -> None:
    """Withdrawn status, successors and related elements from the item's links. Local ids are the OSCAL ids; a link
    to a statement item points at the element holding it, and a comment names the item."""
    if item.withdrawn:
        b.add(node, CW.withdrawn, Literal(True))
    for link in item.links:
        predicate = SUCCESSOR_RELS.get(link.rel or "") or RELATED_RELS.get(link.rel or "")
        target = link.target_id
        if predicate is None or target is None:
            continue
        owner = catalog.owner_of(target)
        if owner is None:
            raise ValueError(f"{item.id}: link {link.rel} to {link.href} names nothing in the catalog")
        b.add(node, predicate, b.iri(owner))
        if owner != target:
            part = catalog.parts[target]
            item_name = f"item {part.label} of the statement" if part.label else f"the {part.name} part"
            b.add(
                node,
                RDFS.comment,
                Literal(
                    f"OSCAL links this element ({link.rel}) to {item_name} of {notation_of(owner)} (part {target})."
                ),
            )


__all__ = ["RELATED_RELS", "RENDERED_TEXT_SOURCE", "SUCCESSOR_RELS", "add_links", "add_statement"]
