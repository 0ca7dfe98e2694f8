"""NIST OLIR template rows (IR 8278A r1): focal and reference elements, rationale, relationship, strength, comments.

OLIR reads a row as "focal element <relationship> reference element" (IR 8477 Table 5: CSF PR.AC-2 is a superset
of Privacy Framework PR.AC-P2). The focal document is NIST's: by default the object of our records (most sets map
a source onto a NIST framework), so the relationship is the record's inverse; ``focal=subject`` flips that.
Identifiers are local ids, which never contain the ':' OLIR forbids.
"""

from __future__ import annotations

from typing import IO

from crosswalk.content import namespaces as ns
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.records import ElementRecord
from crosswalk.exchange.exports.source import ExportContext, Record, Scope, local_id, write_record_table

COLUMNS = [
    "Focal Document Element", "Focal Document Element Description",
    "Reference Document Element", "Reference Document Element Description",
    "Mapping Style", "Rationale", "Relationship", "Relationship Type", "Relationship Property",
    "Relationship Explanation", "Strength of Relationship", "Comments",
]  # fmt: skip
STYLE_NAMES = {
    "crosswalk": "concept crosswalk",
    "supportive": "supportive relationship",
    "set-theory": "set theory relationship",
    "structural": "structural relationship",
}
_CW = ns.ONTOLOGY


def _words(notation: str, style: str) -> str:
    if style == "set-theory" and notation == "no-relationship":
        return "not related to"  # OLIR's spelling (IR 8278A r1)
    return notation.replace("-", " ")


def _description(element: ElementRecord | None) -> str:
    if element is None:
        return ""
    return " ".join((element.statement or element.label or element.notation or "").split())


def row(record: Record, elements: dict[str, ElementRecord], focal_side: str) -> dict[str, str]:
    vocab = vocabulary()
    relationship = vocab.relationship_by_iri(record.text(_CW + "relationship") or "")
    if focal_side == "object":
        focal, focal_version = record.object, record.object_version
        reference, reference_version = record.subject, record.subject_version
        relationship = vocab.relationship_by_iri(relationship.inverse)
    else:
        focal, focal_version = record.subject, record.subject_version
        reference, reference_version = record.object, record.object_version
    style = relationship.style
    words = "" if style == "crosswalk" else _words(relationship.notation, style)
    prop = record.text(_CW + "relationshipProperty")
    rationale = record.text(_CW + "rationale")
    return {
        "Focal Document Element": local_id(focal, focal_version),
        "Focal Document Element Description": _description(elements.get(focal)),
        "Reference Document Element": local_id(reference, reference_version),
        "Reference Document Element Description": _description(elements.get(reference)),
        "Mapping Style": STYLE_NAMES.get(style, style),
        "Rationale": vocab.notation_of(rationale) if rationale else "",
        "Relationship": words if style == "set-theory" else "",
        "Relationship Type": words if style != "set-theory" else "",
        "Relationship Property": vocab.notation_of(prop).replace("-", " ") if prop else "",
        "Relationship Explanation": record.text(_CW + "explanation") or "",
        "Strength of Relationship": record.text(_CW + "strength") or "",
        "Comments": record.text(ns.RDFS + "comment") or "",
    }


def write_olir(ctx: ExportContext, scope: Scope, out: IO[bytes]) -> None:
    write_record_table(ctx, scope, out, COLUMNS, lambda record, elements: row(record, elements, scope.focal))
