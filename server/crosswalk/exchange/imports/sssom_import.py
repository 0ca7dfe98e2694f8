"""Third-party SSSOM mapping sets (TSV or JSON) to records, with any prefixes their curie map declares.

Rows go through the loader's own conversion (mapping_records.to_graph), so an import is checked exactly like a
project file. What SSSOM cannot say is filled in conservatively: without IR 8477 columns a row is a concept
crosswalk ('related to'), or 'equivalent' for skos:exactMatch / skos:closeMatch, and its predicate is kept as
written; review status defaults to 'unreviewed'. Standard SSSOM slots we do not model are kept verbatim as
``sssom:<slot>`` literals, declared extension slots as literals of their declared property.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV

from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.content.mapping_records import Problem, expand, to_graph
from crosswalk.content.sssom_slots import (
    BUILTIN_PREFIXES,
    MAPPING_SLOTS,
    MORE_EXTENSIONS,
    RECORD_COLUMNS,
    SET_FIELDS,
)
from crosswalk.content.sssom_terms import semapv_justifications
from crosswalk.content.sssom_tsv import EXTENSION_COLUMNS, MappingRow, MappingSetFile
from crosswalk.content.vocabulary import vocabulary
from crosswalk.exchange.imports.common import (
    ALIAS_SET,
    CW,
    ImportedSet,
    ImportOptions,
    mark_imported,
    minted_record_id,
    slug,
)
from crosswalk.exchange.imports.sssom_lenient import mend, no_relationship, resolve_prefixes

_ROW_FIELDS = set(MappingRow.__dataclass_fields__) - {"line"}
_OURS = set(EXTENSION_COLUMNS) | set(MORE_EXTENSIONS)
_EQUIVALENT = {ns.SKOS + "exactMatch", ns.SKOS + "closeMatch"}

Rows = list[tuple[int, dict[str, str]]]


def parse_tsv(text: str, file: str) -> tuple[dict[str, Any], Rows, list[Problem]]:
    """The YAML header and the rows (line number, column -> text); located problems instead of exceptions."""
    lines = text.splitlines(keepends=True)
    body = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    try:
        metadata = yaml.safe_load("".join(line[1:] for line in lines[:body])) or {}
    except yaml.YAMLError as error:
        return {}, [], [Problem(file, 1, None, None, f"the metadata block is not valid YAML: {error}")]
    reader = csv.DictReader(io.StringIO("".join(lines[body:])), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows: Rows = []
    problems: list[Problem] = []
    for offset, record in enumerate(reader):
        if None in record:
            problems.append(Problem(file, body + 2 + offset, None, None, "the row has more cells than the header"))
            continue
        rows.append((body + 2 + offset, {k: (v or "").strip() for k, v in record.items() if k is not None}))
    return (metadata if isinstance(metadata, dict) else {}), rows, problems


def parse_json(text: str, file: str) -> tuple[dict[str, Any], Rows, list[Problem]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return {}, [], [Problem(file, error.lineno, None, None, f"not valid JSON: {error.msg}")]
    if not isinstance(document, dict):
        return {}, [], [Problem(file, None, None, None, "an SSSOM JSON file is an object with a 'mappings' list")]
    mappings = document.pop("mappings", [])
    context = document.pop("@context", None)
    if not document.get("curie_map") and isinstance(context, dict):  # sssom-py writes the prefixes there
        document["curie_map"] = {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")}
    rows: Rows = []
    for index, mapping in enumerate(mappings if isinstance(mappings, list) else []):
        entry = dict(mapping)
        entry.update(_unpacked(entry.pop("other", None)))
        cells = {k: "|".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in entry.items()}
        rows.append((index + 1, cells))
    return document, rows, []


def _unpacked(other: Any) -> dict[str, Any]:
    """Our JSON export packs extension slots into ``other`` as a JSON object; anything else stays ``other``."""
    if other is None:
        return {}
    try:
        packed = json.loads(other) if isinstance(other, str) else None
    except json.JSONDecodeError:
        packed = None
    if isinstance(packed, dict) and set(packed) <= _OURS | {"other"}:
        return packed
    return {"other": other}


def to_sets(
    metadata: dict[str, Any], rows: Rows, file: str, base: IriBase, options: ImportOptions | None = None
) -> tuple[list[ImportedSet], list[Problem]]:
    """The set and its records. Rows in ``options.skip`` are left out; lenient mode mends rows (sssom_lenient) and
    ignores unknown columns with a warning; set-level problems (no id, no license) reject the file in either mode."""
    options = options or ImportOptions(strict=True)
    options.changes.clear()
    options.warnings.clear()
    options.row_lines = {line for line, _ in rows}
    problems: list[Problem] = []
    for key in ("mapping_set_id", "license"):
        if not metadata.get(key):
            problems.append(Problem(file, 1, None, key, f"the mapping set has no {key} (SSSOM requires it)"))
    declared = {
        str(d.get("slot_name")): str(d.get("property", ""))
        for d in metadata.get("extension_definitions") or []
        if isinstance(d, dict)
    }
    columns = {column for _, row in rows for column in row}
    unknown = sorted(columns - MAPPING_SLOTS - _OURS - set(declared) - {"mapping_set"})
    for column in unknown:
        if options.strict:
            problems.append(
                Problem(file, 1, None, column, "not an SSSOM slot and not declared in extension_definitions")
            )
        else:
            options.warn(f"column {column!r} is not an SSSOM slot and not declared in extension_definitions: ignored")
    if problems:
        return [], problems
    kept = [(line, {k: v for k, v in cells.items() if k not in unknown}) for line, cells in rows]
    kept = [(line, cells) for line, cells in kept if line not in options.skip]

    declared_map = {str(k): str(v) for k, v in (metadata.get("curie_map") or {}).items()}
    curie_map = {**BUILTIN_PREFIXES, **options.curie_map, **declared_map}
    if not options.strict:
        resolve_prefixes(kept, curie_map, options)
        for line, cells in kept:
            reason = mend(line, cells, curie_map, options)
            if reason:
                options.skip[line] = reason
        kept = [(line, cells) for line, cells in kept if line not in options.skip]
    set_iri = base.stored(expand(str(metadata["mapping_set_id"]), curie_map) or str(metadata["mapping_set_id"]))
    set_id = slug(set_iri)
    header = {
        "mapping_set_id": ns.mapping_set_iri(set_id),
        "mapping_set_title": metadata.get("mapping_set_title") or f"{set_id} (imported SSSOM mapping set)",
        "license": expand(str(metadata["license"]), curie_map) or str(metadata["license"]),
    }
    for key in ("mapping_set_description", "mapping_date", "creator_label"):
        if metadata.get(key):
            header[key] = metadata[key] if key == "creator_label" else str(metadata[key])
    if isinstance(header.get("creator_label"), str):
        header["creator_label"] = [header["creator_label"]]
    for key in ("subject_source", "object_source"):
        if metadata.get(key):
            header[key] = expand(str(metadata[key]), curie_map) or str(metadata[key])

    mapping_rows: list[MappingRow] = []
    minted: set[str] = set()
    for line, cells in kept:
        mapping_rows.append(_row(line, cells, minted, problems, file, curie_map))
    found: list[Problem] = []
    graph = _with_stored_iris(
        to_graph(MappingSetFile(metadata={**header, "curie_map": curie_map}, rows=mapping_rows), found), base
    )
    problems += [
        Problem(file, p.line, p.node, p.field, p.reason) for p in found
    ]  # to_graph names the set, not the file
    by_line = {int(str(row)): record for record, row in graph.subject_objects(CW.sourceRow)}
    for line, cells in kept:
        if line in by_line:
            _extra_fields(graph, by_line[line], cells, declared, curie_map, base, problems, (file, line))
            justification = graph.value(by_line[line], CW.justification)
            if justification is not None and str(justification) not in semapv_justifications():
                reason = f"{cells['mapping_justification']!r} is not a SEMAPV matching process (content/data)"
                problems.append(Problem(file, line, None, "mapping_justification", reason))
    _extra_set_fields(graph, URIRef(header["mapping_set_id"]), metadata)
    if options.alias or _states_aliases(kept, curie_map):
        problems += alias_problems(graph, {record: line for line, record in by_line.items()}, file)
        graph.add((URIRef(header["mapping_set_id"]), ALIAS_SET, Literal(True)))
    mark_imported(graph)
    lines = {str(record): line for line, record in by_line.items()}
    return [ImportedSet(set_iri, set_id, _renamed(graph, header["mapping_set_id"], set_iri), lines)], problems


def _row(
    line: int, cells: dict[str, str], minted: set[str], problems: list[Problem], file: str, curie_map: dict[str, str]
) -> MappingRow:
    values = {k: v for k, v in cells.items() if k in _ROW_FIELDS and v}
    for required in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
        if not values.get(required):
            problems.append(Problem(file, line, None, required, f"missing value for {required} (SSSOM requires it)"))
            values[required] = values.get(required) or "missing:value"
    if not values.get("record_id"):
        parts = [values["subject_id"], values["predicate_id"], values["object_id"], values["mapping_justification"]]
        record_id, number = minted_record_id(*parts), 1
        while record_id in minted:
            number += 1
            record_id = minted_record_id(*parts, str(number))
        minted.add(record_id)
        values["record_id"] = record_id
    if not (values.get("ir8477_style") and values.get("ir8477_relationship")):
        if values.get("ir8477_style") or values.get("ir8477_relationship"):
            problems.append(
                Problem(file, line, None, "ir8477_style", "give ir8477_style and ir8477_relationship together")
            )
        predicate = expand(values["predicate_id"], curie_map) or ""
        style, relationship = ("supportive", "equivalent") if predicate in _EQUIVALENT else ("crosswalk", "related-to")
        if no_relationship(cells, curie_map):
            style, relationship = "supportive", "no-relationship"
        values["ir8477_style"], values["ir8477_relationship"] = style, relationship
    values.setdefault("mapping_provenance", "imported")
    values.setdefault("review_status", "unreviewed")
    return MappingRow(line=line, **values)


def _states_aliases(rows: Rows, curie_map: dict[str, str]) -> bool:
    """A file of skos:exactMatch rows, each stating provenance 'imported', from a foreign id to one of ours."""
    return bool(rows) and all(
        cells.get("mapping_provenance") == "imported"
        and expand(cells.get("predicate_id", ""), curie_map) == ns.SKOS + "exactMatch"
        and sum((expand(cells.get(c, ""), curie_map) or "").startswith(ns.ID) for c in ("subject_id", "object_id")) == 1
        for _, cells in rows
    )


def alias_problems(graph: Graph, lines: dict[Any, int], file: str) -> list[Problem]:
    """Every record of an alias set must say 'this foreign id is that element of ours': exactMatch, one end ours."""
    problems = []
    for record, line in lines.items():
        ends = [graph.value(record, p) for p in (CW.subject, CW.object)]
        ours = sum(str(end).startswith(ns.ID) for end in ends)
        exact = graph.value(record, CW.skosPredicate) == URIRef(ns.SKOS + "exactMatch")
        if not exact or ours != 1 or graph.value(record, CW.predicateModifier) is not None:
            reason = "an alias row is skos:exactMatch between one of our elements and another project's id"
            problems.append(Problem(file, line, None, "predicate_id", reason))
    return problems


def _extra_fields(
    graph: Graph,
    record: Any,
    cells: dict[str, str],
    declared: dict[str, str],
    curie_map: dict[str, str],
    base: IriBase,
    problems: list[Problem],
    where: tuple[str, int],
) -> None:
    """Columns beyond MappingRow: our extra extensions, unmodelled SSSOM slots, third-party extension slots."""
    vocab = vocabulary()
    for column, text in cells.items():
        if not text or column in _ROW_FIELDS or column == "mapping_set":
            continue
        if column == "declared_provenance":
            concept = vocab.concept("provenance", text)
            if concept is None:
                problems.append(Problem(*where, None, column, f"unknown provenance {text!r}"))
            else:
                graph.add((record, CW.declaredProvenance, URIRef(concept)))
        elif column == "chain_hops" and text.isdigit():
            graph.add((record, CW.hops, Literal(int(text))))
        elif column == "derived_from":
            for curie in text.split("|"):
                graph.add((record, PROV.wasDerivedFrom, URIRef(base.stored(expand(curie, curie_map) or curie))))
        elif column in MAPPING_SLOTS and column not in RECORD_COLUMNS:
            graph.add((record, URIRef(ns.SSSOM + column), Literal(text)))
        elif column in declared:
            prop = expand(declared[column], curie_map)
            if prop is None:
                problems.append(Problem(*where, None, column, f"extension property {declared[column]!r} has no prefix"))
            else:
                graph.add((record, URIRef(prop), Literal(text)))


def _extra_set_fields(graph: Graph, node: URIRef, metadata: dict[str, Any]) -> None:
    modelled = {*SET_FIELDS, "mapping_set_id", "curie_map", "extension_definitions"}
    for key, item in metadata.items():
        if key in modelled or key.startswith("@") or item in (None, "", []):
            continue
        text = "|".join(map(str, item)) if isinstance(item, list) else str(item)
        graph.add((node, URIRef(ns.SSSOM + key), Literal(text)))


def _with_stored_iris(graph: Graph, base: IriBase) -> Graph:
    if base.is_identity:
        return graph
    out = Graph()
    for triple in graph:
        out.add(tuple(URIRef(base.stored(str(t))) if isinstance(t, URIRef) else t for t in triple))  # type: ignore[arg-type]
    return out


def _renamed(graph: Graph, old: str, new: str) -> Graph:
    """The set node under the IRI the file declared (to_graph names it in our namespace)."""
    if old == new:
        return graph
    out = Graph()
    source, target = URIRef(old), URIRef(new)
    for s, p, o in graph:
        out.add((target if s == source else s, p, target if o == source else o))
    return out
