"""OSCAL 1.2 mapping collections, written map by map.

One OSCAL ``mapping`` per mapping set and pair of framework versions (source and target resources are the
version IRIs), one ``map`` per record. OSCAL's own fields carry what OSCAL can say (relationship token, matching
rationale, the ends as control id-refs); every other IR 8477 field travels in props in our namespace, so a
read-back is lossless. Relationships OSCAL has no token for (supports, related to, ...) use our vocabulary with
``ns`` set, as the metaschema allows. The collection-level method, rationale and status are derived from the
records: method from the SEMAPV justifications, status 'complete' only when every record is reviewed.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby
from typing import IO, Any

from crosswalk import __version__
from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.content.vocabulary import vocabulary
from crosswalk.exchange.exports.source import ExportContext, Record, RecordRef, Scope, local_id, split_iri
from crosswalk.exchange.oscal_common import (
    CANONICAL,
    DESCRIPTION,
    EXPLANATION,
    OSCAL_VERSION,
    PROP_NS,
    RECORD_PROPS,
    RELATIONSHIP_NS,
    SCHEMA_URI,
    SET_PROPS,
    stable_uuid,
    to_token,
)

HUMAN = {ns.SEMAPV + "ManualMappingCuration", ns.SEMAPV + "MappingReview"}
REVIEWED = {ns.VOCAB + "review-reviewed", ns.VOCAB + "review-source-published"}
_CW = ns.ONTOLOGY


def _text(value: str) -> str:
    """Prop values are OSCAL strings: no leading, trailing or line-breaking whitespace."""
    return " ".join(value.split())


def _props(
    fields: dict[str, list[Any]], table: tuple[tuple[str, str, str], ...], base: IriBase
) -> list[dict[str, str]]:
    props = []
    for name, predicate, kind in table:
        for term in sorted(str(t.value) for t in fields.get(predicate, [])):
            text = base.public(term) if kind == "iri" else _text(term)
            if text:
                props.append({"name": name, "ns": PROP_NS, "value": text})
    return props


def _item(iri: str, version: str | None, base: IriBase) -> dict[str, Any]:
    id_ref = to_token(local_id(iri, version)) if version else split_iri(iri)[1] or iri
    return {"type": "control", "id-ref": id_ref, "links": [{"href": base.public(iri), "rel": CANONICAL}]}


def _resource(version: str | None, iri: str, base: IriBase) -> dict[str, str]:
    return {"type": "catalog", "href": base.public(version) if version else split_iri(iri)[0] or iri}


def map_entry(record: Record, base: IriBase) -> dict[str, Any]:
    vocab = vocabulary()
    relationship = vocab.relationship_by_iri(record.text(_CW + "relationship") or "")
    entry: dict[str, Any] = {"uuid": stable_uuid(record.iri)}
    if relationship.oscal:
        entry["relationship"] = relationship.oscal
    else:
        entry.update({"ns": RELATIONSHIP_NS, "relationship": relationship.notation})
    rationale = record.text(_CW + "rationale")
    if rationale:
        entry["matching-rationale"] = vocab.notation_of(rationale)
    entry["sources"] = [_item(record.subject, record.subject_version, base)]
    entry["targets"] = [_item(record.object, record.object_version, base)]
    entry["props"] = _props(record.fields, RECORD_PROPS, base)
    entry["links"] = [{"href": base.public(record.iri), "rel": CANONICAL}]
    explanation = record.text(EXPLANATION)
    if explanation:
        entry["remarks"] = explanation
    return entry


def _header(ctx: ExportContext, scope: Scope, set_fields: dict[str, dict[str, list[Any]]]) -> dict[str, Any]:
    """uuid, metadata and provenance of the collection, from the sets and a summary of their records."""
    summary = ctx.summary(scope)
    methods = {"human" if justification in HUMAN else "automation" for justification, *_ in summary}
    rationales = Counter({r: n for _, r, _, n in summary if r})
    reviewed = all(status in REVIEWED for *_, status, _ in summary)
    sets = scope.sets
    dates = sorted(str(t.value) for s in sets for t in set_fields.get(s.iri, {}).get(ns.DCTERMS + "date", []))
    only = set_fields.get(sets[0].iri, {}) if len(sets) == 1 else {}
    title = str(only[ns.DCTERMS + "title"][0].value) if only.get(ns.DCTERMS + "title") else ""
    description = str(only[DESCRIPTION][0].value) if only.get(DESCRIPTION) else ""
    version = dates[-1] if dates else __version__
    metadata: dict[str, Any] = {
        "title": _text(title) or f"crosswalk mapping sets: {', '.join(s.id for s in sets)}",
        "last-modified": f"{dates[-1]}T00:00:00Z" if dates else "2025-01-01T00:00:00Z",
        "version": version,
        "oscal-version": OSCAL_VERSION,
        "links": [{"href": ctx.base.public(s.iri), "rel": "related"} for s in sets],
    }
    provenance = {
        "method": "hybrid" if len(methods) > 1 else (methods.pop() if methods else "human"),
        "matching-rationale": vocabulary().notation_of(rationales.most_common(1)[0][0]) if rationales else "semantic",
        "status": "complete" if reviewed and summary else "draft",
        "mapping-description": description or "Mappings between AI risk-management frameworks (crosswalk).",
    }
    return {
        "uuid": stable_uuid("mapping-collection", *scope.set_iris, version),
        "metadata": metadata,
        "provenance": provenance,
    }


def _back_matter(scope: Scope, set_fields: dict[str, dict[str, list[Any]]], base: IriBase) -> dict[str, Any]:
    resources = []
    for info in scope.sets:
        fields = set_fields.get(info.iri, {})
        resource: dict[str, Any] = {"uuid": stable_uuid(info.iri)}
        title = fields.get(ns.DCTERMS + "title")
        if title:
            resource["title"] = _text(str(title[0].value))
        if fields.get(DESCRIPTION):
            resource["description"] = str(fields[DESCRIPTION][0].value)
        resource["props"] = [
            {"name": "mapping-set", "ns": PROP_NS, "value": base.public(info.iri)},
            *_props(fields, SET_PROPS, base),
        ]
        resource["rlinks"] = [{"href": base.public(info.iri)}]
        resources.append(resource)
    return {"resources": resources}


def _group_key(ref: RecordRef) -> tuple[str, str, str]:
    """Records are grouped by set and by the versions of their ends (or, for foreign concepts, namespaces)."""
    return (
        ref.set_iri,
        ref.subject_version or split_iri(ref.subject)[0],
        ref.object_version or split_iri(ref.object)[0],
    )


def write_collection(ctx: ExportContext, scope: Scope, out: IO[bytes]) -> None:
    def emit(text: str) -> None:
        out.write(text.encode("utf-8"))

    set_fields = ctx.triples_of(scope.set_iris)
    emit(f'{{"$schema": {json.dumps(SCHEMA_URI)},\n "mapping-collection": {{')
    for key, part in _header(ctx, scope, set_fields).items():
        emit(f"\n  {json.dumps(key)}: {json.dumps(part, ensure_ascii=False)},")
    emit('\n  "mappings": [')
    position = {iri: index for index, iri in enumerate(scope.set_iris)}
    order = sorted(ctx.record_order(scope), key=lambda ref: (position[ref.set_iri], *_group_key(ref)[1:]))
    for number, ((set_iri, _, _), members) in enumerate(groupby(order, key=_group_key)):
        refs = list(members)
        mapping = {
            "uuid": stable_uuid(set_iri, *_group_key(refs[0])[1:]),
            "source-resource": _resource(refs[0].subject_version, refs[0].subject, ctx.base),
            "target-resource": _resource(refs[0].object_version, refs[0].object, ctx.base),
            "props": [{"name": "mapping-set", "ns": PROP_NS, "value": ctx.base.public(set_iri)}],
        }
        emit(("," if number else "") + "\n   " + json.dumps(mapping, ensure_ascii=False)[:-1] + ',\n    "maps": [')
        for index, record in enumerate(ctx.records_in(refs)):
            emit(("," if index else "") + "\n     " + json.dumps(map_entry(record, ctx.base), ensure_ascii=False))
        emit("\n    ]}")
    back = json.dumps(_back_matter(scope, set_fields, ctx.base), ensure_ascii=False)
    emit(f'\n  ],\n  "back-matter": {back}\n }}\n}}\n')
