"""SSSOM TSV and SSSOM JSON: every field of every record, the IR 8477 ones in declared extension columns.

The header (curie map, extension definitions) is worked out from two small queries before the first row, then
rows are written as records arrive in batches. A record's predicate_id is the one stored with it, which the
loader took from the file and SHACL checked against the alignment in ontology/vocab.ttl.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import IO, Any

from pyoxigraph import NamedNode

from crosswalk.content import namespaces as ns
from crosswalk.content import queries, sssom_tsv
from crosswalk.content.frameworks import element_prefixes
from crosswalk.content.iri_base import IriBase
from crosswalk.content.sssom_slots import MAPPING_SLOTS, MORE_EXTENSIONS, MULTIVALUED, RECORD_COLUMNS, SET_FIELDS
from crosswalk.content.vocabulary import vocabulary
from crosswalk.exchange.exports.source import ExportContext, Record, Scope, SetInfo, split_iri
from crosswalk.store.base import text_of as value

_ALWAYS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
_STANDARD_PREFIXES = ("cw", "cwv", "cwmap", "semapv", "skos")
_NAME = re.compile(r"[^A-Za-z0-9_]")


class Curies:
    """Compact IRIs against the project's prefixes, inventing a prefix for any other namespace in use."""

    def __init__(self, base: IriBase, iris: Iterable[str]) -> None:
        known = {p: ns.PREFIXES[p] for p in (*_STANDARD_PREFIXES, "prov", "owl", "rdfs", "dcterms")}
        known.update(element_prefixes())
        self.known = {prefix: base.public(namespace) for prefix, namespace in known.items()}
        self.used: dict[str, str] = {p: self.known[p] for p in _STANDARD_PREFIXES}
        for iri in iris:
            self.curie(base.public(iri))

    def curie(self, iri: str) -> str:
        match = max((n for n in self.known.values() if iri.startswith(n)), key=len, default=None)
        if match is None:
            match = split_iri(iri)[0] or iri
            self.known[self._new_prefix(match)] = match
        prefix = next(p for p, n in self.known.items() if n == match)
        self.used.setdefault(prefix, match)
        return f"{prefix}:{iri[len(match) :]}"

    def _new_prefix(self, namespace: str) -> str:
        words = [w for w in re.split(r"[/#:.]+", namespace.split("://", 1)[-1]) if w]
        stem = _NAME.sub("_", words[-1] if words else "ns") or "ns"
        stem = stem if stem[0].isalpha() else "ns_" + stem
        name, number = stem, 1
        while name in self.known:
            number += 1
            name = f"{stem}{number}"
        return name


class _Layout:
    """The columns, curie map and header of one export, decided before any row is written."""

    def __init__(self, ctx: ExportContext, scope: Scope) -> None:
        self.ctx, self.scope = ctx, scope
        rows = ctx.store.select(queries.text("api/export-set-predicates"), {"set": _nodes(scope.set_iris)})
        predicates = {value(r, "p") or "" for r in rows}
        self.columns = ["record_id"] + [
            column for column, (predicate, _) in RECORD_COLUMNS.items() if column in _ALWAYS or predicate in predicates
        ]
        self.extras = sorted(
            p.removeprefix(ns.SSSOM)
            for p in predicates
            if p.startswith(ns.SSSOM) and p[len(ns.SSSOM) :] in MAPPING_SLOTS
        )
        self.columns += [c for c in self.extras if c not in self.columns]
        if len(scope.sets) > 1:
            self.columns.append("mapping_set")
        self.order = ctx.record_order(scope)
        self.curies = Curies(ctx.base, [*ctx.terms_used(scope), *(ref.iri for ref in self.order), *scope.set_iris])
        self.header = self._header()

    def _header(self) -> dict[str, Any]:
        base = self.ctx.base
        sets = self.scope.sets
        fields = self.ctx.triples_of(s.iri for s in sets)
        metadata: dict[str, Any] = {"curie_map": dict(self.curies.used)}
        if len(sets) == 1:
            metadata["mapping_set_id"] = base.public(sets[0].iri)
            metadata.update(_set_fields(fields.get(sets[0].iri, {}), base))
        else:
            metadata.update(_combined(sets, fields, base))
        metadata.setdefault("license", "https://creativecommons.org/licenses/by/4.0/")
        definitions = [d for d in sssom_tsv.extension_definitions() if d["slot_name"] in self.columns]
        definitions += [
            {"slot_name": slot, "property": prop, "type_hint": "xsd:string", "description": text}
            for slot, (prop, text) in MORE_EXTENSIONS.items()
            if slot in self.columns
        ]
        metadata["extension_definitions"] = definitions
        return metadata

    def row(self, record: Record) -> dict[str, str | list[str]]:
        vocab, base = vocabulary(), self.ctx.base
        out: dict[str, str | list[str]] = {"record_id": self.curies.curie(base.public(record.iri))}
        for column in self.columns[1:]:
            if column == "mapping_set":
                out[column] = self.curies.curie(base.public(record.set_iri))
                continue
            predicate, kind = RECORD_COLUMNS.get(column, (ns.SSSOM + column, "text"))
            terms = [str(t.value) for t in record.terms(predicate)]  # type: ignore[union-attr]
            if kind == "curie":
                terms = [self.curies.curie(base.public(t)) for t in terms]
            elif kind == "notation":
                terms = [vocab.notation_of(t) for t in terms]
            terms = sorted(terms)
            if terms:
                out[column] = terms if column in MULTIVALUED or column == "derived_from" else "|".join(terms)
        return out


def _set_fields(fields: dict[str, list[Any]], base: IriBase) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, (predicate, kind) in SET_FIELDS.items():
        values = sorted(str(t.value) for t in fields.get(predicate, []))
        if values:
            out[key] = values if kind == "list" else base.public(values[0]) if kind == "iri" else values[0]
    for predicate, terms in sorted(fields.items()):
        slot = predicate.removeprefix(ns.SSSOM)
        if predicate.startswith(ns.SSSOM) and slot not in out and terms:
            out[slot] = str(terms[0].value)
    return out


def _combined(sets: list[SetInfo], fields: dict[str, dict[str, list[Any]]], base: IriBase) -> dict[str, Any]:
    licenses = {str(t.value) for s in sets for t in fields.get(s.iri, {}).get(ns.DCTERMS + "license", [])}
    out: dict[str, Any] = {
        "mapping_set_id": base.public(ns.MAPPINGS + "combined"),
        "mapping_set_title": f"crosswalk mapping sets ({len(sets)})",
        "mapping_set_description": "Several mapping sets in one file; the mapping_set column names each record's "
        "set, whose license applies: " + "; ".join(s.id for s in sets),
    }
    if len(licenses) == 1:
        out["license"] = licenses.pop()
    return out


def _nodes(iris: list[str]) -> list[Any]:
    return [NamedNode(i) for i in iris]


def _clean(text: str) -> str:
    """TSV cells hold no tabs or newlines."""
    return " ".join(text.split())


def write_tsv(ctx: ExportContext, scope: Scope, out: IO[bytes]) -> None:
    layout = _Layout(ctx, scope)
    import yaml  # here, not at import: a service that never exports SSSOM never loads it

    header = yaml.safe_dump(layout.header, sort_keys=False, allow_unicode=True, width=10_000)
    out.write("".join(f"#{line}\n" for line in header.splitlines()).encode("utf-8"))
    out.write(("\t".join(layout.columns) + "\n").encode("utf-8"))
    for record in ctx.records_in(layout.order):
        row = layout.row(record)
        cells = [row.get(column, "") for column in layout.columns]
        line = "\t".join(_clean("|".join(c) if isinstance(c, list) else c) for c in cells)
        out.write((line + "\n").encode("utf-8"))


def _json_row(row: dict[str, str | list[str]]) -> dict[str, Any]:
    """Extension slots go into SSSOM's ``other`` slot as one JSON object: sssom-py's JSON reader accepts only the
    standard slots on a mapping (its TSV reader keeps extension columns), so this is how they travel losslessly."""
    standard = {k: v for k, v in row.items() if k in MAPPING_SLOTS and v != ""}
    extensions = {k: v for k, v in row.items() if k not in MAPPING_SLOTS and v != ""}
    if "other" in standard:
        extensions["other"] = standard.pop("other")
    if extensions:
        standard["other"] = json.dumps(extensions, ensure_ascii=False, sort_keys=True)
    return standard


def write_json(ctx: ExportContext, scope: Scope, out: IO[bytes]) -> None:
    """SSSOM JSON as sssom-py reads it: the curie map in "@context" too, extension slots inside ``other``."""
    layout = _Layout(ctx, scope)
    context = {**layout.header["curie_map"], "@vocab": ns.SSSOM}
    header = dict(layout.header)
    header["extension_definitions"] = [  # the schema's ExtensionDefinition has these three slots only
        {k: d[k] for k in ("slot_name", "property", "type_hint")} for d in header["extension_definitions"]
    ]
    head = json.dumps({"@context": context, **header}, ensure_ascii=False, indent=1)
    out.write((head[:-2] + ',\n "mappings": [').encode("utf-8"))
    for index, record in enumerate(ctx.records_in(layout.order)):
        row = _json_row(layout.row(record))
        out.write((("," if index else "") + "\n  " + json.dumps(row, ensure_ascii=False)).encode("utf-8"))
    out.write(b"\n ]\n}\n")
