"""What every exporter reads: the selection resolved against the store, and records fetched in batches.

Records are read through named queries (queries/api/export-*.rq, resource-triples.rq): first the ordered list of
record IRIs, then their triples a batch at a time, so an export holds one batch in memory, never a whole set.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

from pyoxigraph import Literal, NamedNode

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, UnknownVersion, find_version
from crosswalk.content.iri_base import IriBase
from crosswalk.content.namespaces import is_public_graph
from crosswalk.engine.inference import INFERRED_SET
from crosswalk.engine.read_models import Engine
from crosswalk.engine.records import ElementRecord
from crosswalk.store.base import GraphStore, Term
from crosswalk.store.base import text_of as value

BATCH = 400
ASSERTED, INFERRED, ALL = "asserted", "inferred", "all"


class ExportError(ValueError):
    """A selection that names nothing exportable; the message lists what exists."""


@dataclass(frozen=True)
class SetInfo:
    iri: str
    id: str
    graph: str


@dataclass
class Selection:
    """What a user asked for: set ids or IRIs ('asserted', 'inferred', 'all'), a graph, a framework version."""

    sets: tuple[str, ...] = ()
    graph: str | None = None
    version: str | None = None
    focal: str = "object"  # OLIR: which side of a record is the focal document
    records: frozenset[str] | None = None  # only these record IRIs of the sets (a page's selection); None: all


@dataclass
class Scope:
    """The selection resolved: exactly which sets, graphs or version an export covers."""

    sets: list[SetInfo] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    version: str | None = None  # version IRI
    focal: str = "object"
    records: frozenset[str] | None = None

    @property
    def set_iris(self) -> list[str]:
        return [s.iri for s in self.sets]


@dataclass(frozen=True)
class RecordRef:
    """Where a record sits, before its fields are read."""

    iri: str
    set_iri: str
    subject: str
    object: str
    subject_version: str | None
    object_version: str | None


@dataclass
class Record:
    """One mapping record: its fields as RDF terms, keyed by predicate IRI, and the versions of its ends."""

    iri: str
    set_iri: str
    subject_version: str | None
    object_version: str | None
    fields: dict[str, list[Term]]

    def terms(self, predicate: str) -> list[Term]:
        return self.fields.get(predicate, [])

    def text(self, predicate: str) -> str | None:
        terms = self.fields.get(predicate)
        return str(terms[0].value) if terms else None  # type: ignore[union-attr]

    def texts(self, predicate: str) -> list[str]:
        return sorted(str(t.value) for t in self.fields.get(predicate, []))  # type: ignore[union-attr]

    @property
    def subject(self) -> str:
        return self.text(ns.ONTOLOGY + "subject") or ""

    @property
    def object(self) -> str:
        return self.text(ns.ONTOLOGY + "object") or ""


@dataclass
class ExportContext:
    """What an export reads from: the engine's read models (the service's own, when serving) and the IRI base."""

    engine: Engine
    base: IriBase = field(default_factory=IriBase.from_env)

    @property
    def store(self) -> GraphStore:
        return self.engine.store

    # -- selection ----------------------------------------------------------------------
    def mapping_sets(self) -> list[SetInfo]:
        rows = self.store.select(queries.text("api/mapping-set-graphs"))
        found = [SetInfo(value(r, "set") or "", value(r, "id") or "", value(r, "graph") or "") for r in rows]
        return [s for s in found if is_public_graph(s.graph)]

    def resolve(self, selection: Selection, scope_kind: str) -> Scope:
        scope = Scope(focal=selection.focal)
        if selection.focal not in ("object", "subject"):
            raise ExportError(f"focal must be 'object' or 'subject', not {selection.focal!r}")
        if scope_kind == "catalog":
            scope.version = self._version(selection.version)
            return scope
        if scope_kind == "graph" and selection.graph:
            scope.graphs = [self._graph(selection.graph)]
            return scope
        if scope_kind == "graph" and not selection.sets:
            scope.graphs = [g for g in self.store.named_graphs() if is_public_graph(g)]
            return scope
        scope.sets = self._sets(selection.sets or (ASSERTED,))
        if selection.records is not None:
            scope.records = selection.records
            used = {ref.set_iri for ref in self.record_order(scope)}
            scope.sets = [s for s in scope.sets if s.iri in used]
            if not scope.sets:
                raise ExportError("the selection holds no mapping records")
        scope.graphs = list(dict.fromkeys(s.graph for s in scope.sets))
        return scope

    def _sets(self, names: Sequence[str]) -> list[SetInfo]:
        known = self.mapping_sets()
        chosen: list[SetInfo] = []
        for name in names:
            stored = self.base.stored(name)
            if name == ALL:
                matches = known
            elif name == ASSERTED:
                matches = [s for s in known if s.iri != INFERRED_SET]
            elif name == INFERRED:
                matches = [s for s in known if s.iri == INFERRED_SET]
            else:
                matches = [s for s in known if name in (s.id, s.iri) or stored == s.iri]
            if not matches:
                ids = [s.id for s in known]
                close = difflib.get_close_matches(name, ids, n=3, cutoff=0.5)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise ExportError(f"no mapping set {name!r}{hint} Known: {', '.join([ASSERTED, INFERRED, ALL, *ids])}")
            chosen += [s for s in matches if s not in chosen]
        return chosen

    def _graph(self, name: str) -> str:
        graph = self.base.stored(name) if "://" in name else ns.GRAPH + name.strip("/")
        public = [g for g in self.store.named_graphs() if is_public_graph(g)]
        if graph not in public:
            shown = ", ".join(g.removeprefix(ns.GRAPH) for g in public)
            raise ExportError(f"no public graph {name!r}; known: {shown}")
        return graph

    def _version(self, key: str | None) -> str:
        if not key:
            raise ExportError(f"an OSCAL catalog needs --version; known: {', '.join(FRAMEWORK_VERSIONS)}")
        try:
            return find_version(self.base.stored(key)).iri
        except UnknownVersion as error:
            raise ExportError(str(error)) from None

    # -- reading ------------------------------------------------------------------------
    def records(self, scope: Scope) -> Iterator[Record]:
        """The scope's records in file order, fetched a batch at a time."""
        return self.records_in(self.record_order(scope))

    def record_order(self, scope: Scope) -> list[RecordRef]:
        """The scope's records in set and file order: IRIs only, no fields."""
        rows = self.store.select(queries.text("api/export-set-records"), {"set": _nodes(scope.set_iris)})
        position = {iri: index for index, iri in enumerate(scope.set_iris)}
        refs = [
            RecordRef(
                value(r, "mapping") or "", value(r, "set") or "", value(r, "subject") or "",
                value(r, "object") or "", value(r, "subjectVersion"), value(r, "objectVersion"),
            )
            for r in rows
        ]  # fmt: skip
        if scope.records is not None:
            refs = [ref for ref in refs if ref.iri in scope.records]
        return sorted(dict.fromkeys(refs), key=lambda ref: position.get(ref.set_iri, 0))

    def records_in(self, refs: Iterable[RecordRef]) -> Iterator[Record]:
        batch: list[RecordRef] = []
        for ref in [*refs, None]:
            if ref is not None:
                batch.append(ref)
            if batch and (ref is None or len(batch) == BATCH):
                fields = self.triples_of(r.iri for r in batch)
                for item in batch:
                    yield Record(item.iri, item.set_iri, item.subject_version, item.object_version, fields[item.iri])
                batch = []

    def triples_of(self, iris: Iterable[str]) -> dict[str, dict[str, list[Term]]]:
        """resource -> predicate -> objects, from the public graphs only."""
        result: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        keys = list(dict.fromkeys(iris))
        for start in range(0, len(keys), BATCH):
            bound = {"resource": _nodes(keys[start : start + BATCH])}
            for row in self.store.select(queries.text("api/resource-triples"), bound):
                if not is_public_graph(value(row, "graph") or ""):
                    continue
                objects = result[value(row, "resource") or ""][value(row, "p") or ""]
                if row["o"] not in objects:
                    objects.append(row["o"])
        return result

    def elements(self, iris: Iterable[str]) -> dict[str, ElementRecord]:
        return self.engine.reference.elements([i for i in iris if i])

    def summary(self, scope: Scope) -> list[tuple[str, str | None, str, int]]:
        """(justification, rationale, review status, records) over the scope's sets."""
        rows = self.store.select(queries.text("api/export-set-summary"), {"set": _nodes(scope.set_iris)})
        return [
            (value(r, "justification") or "", value(r, "rationale"), value(r, "reviewStatus") or "",
             int(value(r, "records") or 0))
            for r in rows
        ]  # fmt: skip

    def terms_used(self, scope: Scope) -> list[str]:
        rows = self.store.select(queries.text("api/export-set-terms"), {"set": _nodes(scope.set_iris)})
        return sorted(value(r, "iri") or "" for r in rows)


def _nodes(iris: Iterable[str]) -> list[NamedNode | Literal]:
    return [NamedNode(i) for i in iris]


def local_id(iri: str, version: str | None) -> str:
    """An element's local id within its version (the IRI minus the version base)."""
    if version and iri.startswith(version + "/"):
        return iri[len(version) + 1 :]
    return split_iri(iri)[1]


def split_iri(iri: str) -> tuple[str, str]:
    """(namespace, local name), cut after the last '#' or '/'."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return (iri[: cut + 1], iri[cut + 1 :]) if cut >= 0 else ("", iri)


def batched(records: Iterable[Record], size: int = BATCH) -> Iterator[list[Record]]:
    """Records in lists of ``size``, so lookups about them (element texts) go in one query per list."""
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


RowOf = Callable[[Record, dict[str, ElementRecord]], dict[str, str]]


def write_record_table(ctx: ExportContext, scope: Scope, out: IO[bytes], columns: list[str], row_of: RowOf) -> None:
    """Spreadsheet-style rows (CSV, OLIR), streamed a batch of records at a time with their elements' texts."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for batch in batched(ctx.records(scope)):
            elements = ctx.elements({iri for r in batch for iri in (r.subject, r.object)})
            writer.writerows(row_of(record, elements) for record in batch)
    finally:
        text.detach()


def version_key(version_iri: str | None) -> str:
    return (version_iri or "").removeprefix(ns.ID)
