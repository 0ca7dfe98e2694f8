"""Imports of third-party mapping sets, looked up by format name: read, check everything, then write all at once.

Each imported set goes into its own named graph, graph/imported/<set-id>, which `crosswalk load` never drops
(it manages only catalog/, mappings/, curation/ and inferred), so imports survive reloads. Every record gets
provenance 'imported' (the file's own provenance is kept as cw:declaredProvenance); the set records the file
(name and SHA-256, as a prov:Entity) and the import time. A file that fails any check writes nothing. Chains
through imported records are materialised in graph/inferred with the import, and again by every load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib.namespace import RDF

from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.content.loader import to_oxigraph
from crosswalk.content.mapping_records import Problem
from crosswalk.engine.publish import infer_chains
from crosswalk.exchange.imports import oscal_catalog_import, oscal_import, oscal_profile_import, sssom_import
from crosswalk.exchange.imports.checks import clashes, known_elements, reference_problems, shape_problems
from crosswalk.exchange.imports.common import (
    CW,
    ImportedSet,
    ImportOptions,
    ImportRejected,
    RowNote,
    add_file_provenance,
    comparable,
    options_from_params,
    options_params,
)
from crosswalk.store.base import GraphStore

Reader = Callable[[str, str, GraphStore, IriBase, ImportOptions], tuple[list[ImportedSet], list[Problem]]]


def _no_sets(
    text: str, file: str, store: GraphStore, base: IriBase, options: ImportOptions
) -> tuple[list[ImportedSet], list[Problem]]:
    return [], []


PASSES = 4  # lenient passes: each leaves out the rows the previous one found wrong (references, then shapes)


def _sssom_tsv(
    text: str, file: str, _: GraphStore, base: IriBase, options: ImportOptions
) -> tuple[list[ImportedSet], list[Problem]]:
    metadata, rows, problems = sssom_import.parse_tsv(text, file)
    if problems and options.strict:
        return [], problems
    for problem in problems:  # a row with too many cells: skipped, said
        if problem.line:
            options.skip.setdefault(problem.line, problem.reason)
    return sssom_import.to_sets(metadata, rows, file, base, options)


def _sssom_json(
    text: str, file: str, _: GraphStore, base: IriBase, options: ImportOptions
) -> tuple[list[ImportedSet], list[Problem]]:
    metadata, rows, problems = sssom_import.parse_json(text, file)
    if problems:
        return [], problems
    return sssom_import.to_sets(metadata, rows, file, base, options)


def _json_entries(problems: list[Problem]) -> list[Problem]:
    """Rows of a JSON file are entries, not lines: say which entry."""
    return [
        Problem(p.file, None, p.node, f"mappings[{p.line - 1}]" + (f".{p.field}" if p.field else ""), p.reason)
        if p.line
        else p
        for p in problems
    ]


@dataclass
class ImportReport:
    sets: list[tuple[str, str, int]]  # (set id, graph IRI, records)
    inferred: int = 0  # chained mappings in graph/inferred after the import
    rows: list[RowNote] = field(default_factory=list)  # rows imported with a change, or skipped (lenient mode)
    warnings: list[str] = field(default_factory=list)
    read: int = 0  # rows (or entries) the file holds
    entries: bool = False  # rows are JSON entries, not lines
    versions: list[tuple[str, str, int]] = field(default_factory=list)  # imported catalogs: (key, graph, elements)
    selections: list[tuple[str, str, int]] = field(default_factory=list)  # imported profiles: (IRI, version, members)

    def as_dict(self) -> dict[str, object]:
        """As the service answers POST /imports (JSON)."""
        return {
            "sets": [list(entry) for entry in self.sets], "inferred": self.inferred,
            "rows": [[n.line, n.outcome, n.reason] for n in self.rows], "warnings": self.warnings, "read": self.read,
            "entries": self.entries, "versions": [list(v) for v in self.versions],
            "selections": [list(s) for s in self.selections],
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        return cls(
            [tuple(e) for e in data.get("sets", [])], int(data.get("inferred", 0)),
            [RowNote(int(n[0]), str(n[1]), str(n[2])) for n in data.get("rows", [])],
            [str(w) for w in data.get("warnings", [])], int(data.get("read", 0)), bool(data.get("entries")),
            [tuple(v) for v in data.get("versions", [])], [tuple(s) for s in data.get("selections", [])],
        )  # fmt: skip

    def counts(self) -> dict[str, int]:
        skipped = sum(1 for note in self.rows if note.outcome == "skipped")
        changed = sum(1 for note in self.rows if note.outcome == "changed")
        return {"imported": self.read - skipped - changed, "changed": changed, "skipped": skipped}


Writer = Callable[[str, str, GraphStore, IriBase, ImportOptions], ImportReport]


@dataclass(frozen=True)
class ImportFormat:
    name: str
    reader: Reader
    media_type: str
    description: str
    writer: Writer | None = None  # formats that are not mapping sets (catalogs, profiles) write themselves


IMPORT_FORMATS: dict[str, ImportFormat] = {
    f.name: f
    for f in (
        ImportFormat("sssom", _sssom_tsv, "text/tab-separated-values", "SSSOM TSV (any prefixes via its curie map)"),
        ImportFormat("sssom-json", _sssom_json, "application/json", "SSSOM JSON"),
        ImportFormat("oscal", oscal_import.read, "application/json", "OSCAL 1.2 mapping collection"),
        ImportFormat(
            "oscal-catalog",
            _no_sets,
            "application/json",
            "OSCAL 1.x catalog, as a framework version",
            writer=lambda *args: _catalog(*args),
        ),
        ImportFormat(
            "oscal-profile",
            _no_sets,
            "application/json",
            "OSCAL 1.x profile, as a selection of a version",
            writer=lambda *args: _profile(*args),
        ),
    )
}


def guess_format(path: Path, text: str) -> str:
    if path.suffix.lower() != ".json":
        return "sssom"
    head = text[:4096].lstrip()
    for key, name in (("catalog", "oscal-catalog"), ("profile", "oscal-profile"), ("mapping-collection", "oscal")):
        if head.startswith("{") and head[1:].lstrip().startswith(f'"{key}"'):
            return name
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return "oscal"
    if isinstance(document, dict):
        for key, name in (("catalog", "oscal-catalog"), ("profile", "oscal-profile"), ("mapping-collection", "oscal")):
            if key in document:
                return name
    return "sssom-json"


def _catalog(text: str, file: str, store: GraphStore, base: IriBase, options: ImportOptions) -> ImportReport:
    return ImportReport([], versions=[oscal_catalog_import.write(text, file, store, base, options)])


def _profile(text: str, file: str, store: GraphStore, base: IriBase, options: ImportOptions) -> ImportReport:
    return ImportReport([], selections=[oscal_profile_import.write(text, file, store, base, options)])


def import_file(
    store: GraphStore,
    path: Path,
    format_name: str | None = None,
    base: IriBase | None = None,
    now: str | None = None,
    options: ImportOptions | None = None,
) -> ImportReport:
    """Validate the file against the store, then write each set into its own graph in one transaction.

    Lenient (the default for SSSOM): a row that fails a check is left out with its line and reason, and the file
    is read again without it, until what remains passes every check; set-level problems still reject the file.
    ``options.strict``: any problem rejects the whole file. Either way nothing is half-written.
    """
    base = base or IriBase.from_env()
    options = options or ImportOptions()
    data = path.read_bytes()
    file = path.name
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportRejected([Problem(file, None, None, None, f"not UTF-8 text: {error}")]) from error
    name = format_name or guess_format(path, text)
    if name not in IMPORT_FORMATS:
        known = ", ".join(IMPORT_FORMATS)
        raise ImportRejected([Problem(file, None, None, None, f"unknown import format {name!r}; known: {known}")])
    fmt = IMPORT_FORMATS[name]
    if fmt.writer is not None:  # a catalog or a profile: not a mapping set
        return fmt.writer(text, file, store, base, options)
    for _ in range(PASSES):
        sets, problems = _checked(fmt, text, file, store, base, options)
        by_row = {p.line: p.reason for p in problems if p.line in options.row_lines}
        rest = [p for p in problems if p.line not in options.row_lines]
        if options.strict or rest or not by_row:
            break
        for line, reason in by_row.items():
            options.skip.setdefault(line, reason)
    if not problems and sets and options.row_lines and options.row_lines <= set(options.skip):
        problems = [Problem(file, None, None, None, f"no row could be imported ({len(options.skip)} skipped)")]
        problems += [Problem(file, line, None, None, reason) for line, reason in sorted(options.skip.items())]
    if problems:
        problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or ""))
        raise ImportRejected(_json_entries(problems) if name == "sssom-json" else problems)
    digest = hashlib.sha256(data).hexdigest()
    when = now or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    for imported in sets:
        add_file_provenance(imported, file, digest, fmt.media_type, when)
    new_graphs = {imported.graph_iri: to_oxigraph(imported.graph) for imported in sets}
    # Chains through the imported records join graph/inferred in the same transaction, as a load would build them.
    inferred, stats = infer_chains(store, new_graphs, keep=ns.is_public_graph)
    store.replace_graphs({**new_graphs, ns.INFERRED_GRAPH: inferred})
    return ImportReport(
        [(s.id, s.graph_iri, len(set(s.graph.subjects(RDF.type, CW.Mapping)))) for s in sets],
        sum(stats.values()),
        options.notes(),
        list(options.warnings),
        len(options.row_lines),
        name == "sssom-json",
    )


def _checked(
    fmt: ImportFormat, text: str, file: str, store: GraphStore, base: IriBase, options: ImportOptions
) -> tuple[list[ImportedSet], list[Problem]]:
    """One pass: read, then every check against the store (references, clashes, then SHACL)."""
    sets, problems = fmt.reader(text, file, store, base, options)
    if not problems and not sets:
        problems = [Problem(file, None, None, None, "the file holds no mapping set")]
    if sets:
        elements = known_elements(store)
        for imported in sets:
            problems += clashes(store, imported, file) + reference_problems(imported, file, elements)
    if not problems:  # SHACL on records with known errors would only repeat them
        for imported in sets:
            problems += shape_problems(imported, file)
    return sets, problems


__all__ = [
    "IMPORT_FORMATS",
    "ImportOptions",
    "ImportRejected",
    "ImportReport",
    "ImportedSet",
    "comparable",
    "import_file",
    "options_from_params",
    "options_params",
]
