"""CSV for spreadsheets: one row per record, both ends with their notation and title, every field spelled out."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from crosswalk.content import namespaces as ns
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.records import ElementRecord
from crosswalk.exchange.exports.source import ExportContext, Record, Scope, local_id, version_key, write_record_table

COLUMNS = [
    "mapping_set", "record", "subject", "subject_version", "subject_id", "subject_notation", "subject_title",
    "style", "relationship", "rationale", "property", "strength",
    "object", "object_version", "object_id", "object_notation", "object_title",
    "provenance", "justification", "review_status", "author", "reviewer", "date", "explanation", "comment",
    "predicate", "predicate_modifier",
]  # fmt: skip
_CW = ns.ONTOLOGY


def _end(record: Record, side: str, elements: dict[str, ElementRecord]) -> dict[str, str]:
    iri = record.subject if side == "subject" else record.object
    version = record.subject_version if side == "subject" else record.object_version
    element = elements.get(iri)
    return {
        side: iri,
        f"{side}_version": version_key(version),
        f"{side}_id": local_id(iri, version),
        f"{side}_notation": (element.notation or "") if element else "",
        f"{side}_title": (element.label or element.statement or "") if element else "",
    }


def row(record: Record, elements: dict[str, ElementRecord], to_public: Callable[[str], str]) -> dict[str, str]:
    vocab = vocabulary()

    def label(predicate: str) -> str:
        iri = record.text(predicate)
        return vocab.labels.get(iri, vocab.notation_of(iri)) if iri else ""

    out = {
        "mapping_set": to_public(record.set_iri),
        "record": to_public(record.iri),
        "style": vocab.notation_of(record.text(_CW + "mappingStyle") or ""),
        "relationship": label(_CW + "relationship"),
        "rationale": label(_CW + "rationale"),
        "property": label(_CW + "relationshipProperty"),
        "strength": record.text(_CW + "strength") or "",
        "provenance": label(_CW + "provenance"),
        "justification": (record.text(_CW + "justification") or "").removeprefix(ns.SEMAPV),
        "review_status": label(_CW + "reviewStatus"),
        "author": "|".join(record.texts(ns.DCTERMS + "creator")),
        "reviewer": record.text(_CW + "reviewer") or "",
        "date": record.text(ns.DCTERMS + "date") or "",
        "explanation": record.text(_CW + "explanation") or "",
        "comment": record.text(ns.RDFS + "comment") or "",
        "predicate": record.text(_CW + "skosPredicate") or "",
        "predicate_modifier": record.text(_CW + "predicateModifier") or "",
    }
    for side in ("subject", "object"):
        for key, text in _end(record, side, elements).items():
            out[key] = to_public(text) if key == side else text
    return out


def write_csv(ctx: ExportContext, scope: Scope, out: IO[bytes]) -> None:
    write_record_table(ctx, scope, out, COLUMNS, lambda record, elements: row(record, elements, ctx.base.public))
