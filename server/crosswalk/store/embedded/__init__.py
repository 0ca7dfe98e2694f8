"""The embedded backend: pyoxigraph on disk (RocksDB), or in memory for tests and workers."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    Store,
    Triple,
)

from crosswalk.content.namespaces import is_public_graph
from crosswalk.store.base import Batch, Bindings, ContentGeneration, Row, StoreBusy, StoreError, bind, rows_of
from crosswalk.store.embedded import public_copy, rebuild
from crosswalk.store.updates import CONTENT_MARKERS, batch_update, content_markers

# Opening beside a writer can meet a file the writer's compaction just removed: such an open is tried again.
READ_ONLY_ATTEMPTS = 8

# The serialisations this backend writes, by media type.
RESULT_FORMATS: dict[str, pyoxigraph.QueryResultsFormat] = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
    "application/n-quads": pyoxigraph.RdfFormat.N_QUADS,
}


def _held(error: OSError) -> bool:
    """Whether an open failed because another process holds the store's lock (RocksDB's LOCK file)."""
    return "lock" in str(error).lower()


class OxigraphStore:
    def __init__(self, store: Store, path: Path | None, *, read_only: bool = False) -> None:
        self._store = store
        self.path = path
        self.read_only = read_only
        self._writes = 0  # the generation: only this process opens the store, so a counter of its writes suffices
        self._content = dict.fromkeys(CONTENT_MARKERS, 0)  # content marker -> writes of its public graphs

    @property
    def location(self) -> str | None:
        return None if self.path is None else str(self.path)

    def generation(self) -> str:
        return str(self._writes)

    def content_generation(self) -> ContentGeneration:
        return ContentGeneration(*(str(self._content[marker]) for marker in CONTENT_MARKERS))

    def _written(self, graphs: Iterable[str] = ()) -> None:
        """After every write: on disk, flushed; the generation (and the content markers of the public ``graphs``
        written) move on once the write is in."""
        if self.path is not None:
            self._store.flush()
        self._writes += 1
        for marker in content_markers(graphs):
            self._content[marker] += 1

    @classmethod
    def open(cls, location: str | None, read_only: bool = False) -> OxigraphStore:
        """Open for writing (one process at a time), or read-only: beside a running writer, seeing what it had
        committed when the store was opened."""
        if location is None:
            return cls(Store(), None)
        path = Path(location)
        if read_only:
            return cls._open_read_only(path)
        rebuild.recover(path)
        path.mkdir(parents=True, exist_ok=True)
        try:
            store = cls(Store(str(path)), path)
        except OSError as error:
            if _held(error):
                raise StoreBusy(str(path)) from error
            raise StoreError(f"cannot open the store at {path}: {error}") from error
        rebuild.clear_leftovers(path)
        return store

    @classmethod
    def _open_read_only(cls, path: Path) -> OxigraphStore:
        if not (path / "CURRENT").exists():
            raise StoreError(f"no store at {path}; run `crosswalk load --store {path}` first")
        for attempt in range(READ_ONLY_ATTEMPTS):
            try:
                return cls(Store.read_only(str(path)), path, read_only=True)
            except (OSError, RuntimeError) as error:
                # RocksDB reports a MANIFEST the writer has just rotated away as "Corruption: ... No such file"
                gone = isinstance(error, OSError) or "No such file or directory" in str(error)
                if attempt == READ_ONLY_ATTEMPTS - 1 or not gone:
                    raise StoreError(f"cannot open the store at {path} read-only: {error}") from error
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def _writable(self) -> Store:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only; writes go to the service that holds it")
        return self._store

    def backup(self, target: str) -> None:
        """A consistent snapshot of the whole store in ``target`` (a new folder), taken while writes go on."""
        self._store.backup(target)

    def public_copy(self) -> str:
        """The folder of a copy of this store holding only its public graphs, as they are now (made again only after
        a write of public graphs): what the public SPARQL workers open read-only."""
        if self.path is None:
            raise StoreError("a store in memory has no copy on disk")
        return str(public_copy.public_copy(self._store, self.path))

    def _public_write(self, graphs: Iterable[str] | None = None) -> None:
        """Before a write of ``graphs`` (None: not known before it is made): if a public one is among them, the copy
        of the public graphs no longer matches. The same graph names move the content markers after the write."""
        if self.path is not None and (graphs is None or any(is_public_graph(g) for g in graphs)):
            public_copy.forget(self.path)

    @classmethod
    def from_snapshot(cls, path: str) -> OxigraphStore:
        """An in-memory store bulk-loaded from an N-Quads file (the public SPARQL workers' copy)."""
        store = Store()
        store.bulk_load(path=path, format=pyoxigraph.RdfFormat.N_QUADS)
        return cls(store, None)

    def replace_from_nquads(self, graphs: Sequence[str], data: bytes) -> None:
        """Drop ``graphs`` and load N-Quads ``data`` (quads of those graphs) in their place: a worker's copy of one
        organization's graphs, refreshed after a write."""
        for graph in graphs:
            self._store.remove_graph(NamedNode(graph))
        if data:
            self._store.load(data, format=pyoxigraph.RdfFormat.N_QUADS)
        self._writes += 1

    def nquads(self, graphs: Sequence[str]) -> bytes:
        """The given graphs as N-Quads bytes."""
        return pyoxigraph.serialize(self.quads(graphs), format=pyoxigraph.RdfFormat.N_QUADS) or b""

    def write_snapshot(self, graphs: Sequence[str], path: str) -> None:
        """The given graphs as an N-Quads file, for from_snapshot."""
        pyoxigraph.serialize(self.quads(graphs), output=path, format=pyoxigraph.RdfFormat.N_QUADS)

    def answer(
        self,
        query: str,
        result_type: str,
        graph_type: str,
        dataset: Sequence[str] | None = None,
        named: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[str, bytes]:
        """Run a query and serialise it: (media type, body). The query sees the union of ``dataset``'s graphs as its
        default graph and only ``named`` (default: ``dataset``) as named graphs, whatever its own FROM and FROM NAMED
        say; every graph when ``dataset`` is None. Relative IRIs resolve against ``base_iri`` (the endpoint's).

        SELECT and ASK answers are written as ``result_type``, CONSTRUCT and DESCRIBE as ``graph_type``. Raises
        SyntaxError for a query that does not parse and OSError or ValueError for one that fails while running.
        """
        if dataset is None:
            result = self._store.query(query, base_iri=base_iri, use_default_graph_as_union=True)
        else:
            graphs: list[NamedNode | BlankNode | DefaultGraph] = [NamedNode(graph) for graph in dataset]
            names: list[NamedNode | BlankNode] = [NamedNode(graph) for graph in (dataset if named is None else named)]
            result = self._store.query(query, base_iri=base_iri, default_graph=graphs, named_graphs=names)
        if isinstance(result, QueryTriples):
            return graph_type, result.serialize(format=GRAPH_FORMATS[graph_type]) or b""
        return result_type, result.serialize(format=RESULT_FORMATS[result_type]) or b""

    @property
    def native(self) -> Store:
        """The pyoxigraph store, for benchmarks that compare against it directly."""
        return self._store

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        result = self._store.query(bind(query, bindings), use_default_graph_as_union=True)
        if not isinstance(result, QuerySolutions):
            raise TypeError("select() needs a SELECT query")
        return rows_of(result)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._store.query(bind(query, bindings), use_default_graph_as_union=True)
        if not isinstance(result, QueryBoolean):
            raise TypeError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        result = self._store.query(bind(query, bindings), use_default_graph_as_union=True)
        if not isinstance(result, QueryTriples):
            raise TypeError("construct() needs a CONSTRUCT or DESCRIBE query")
        return list(result)

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> None:
        # One SPARQL update is one transaction in Oxigraph: either every graph is replaced or none is.
        parts: list[str] = []
        for graph, triples in graphs.items():
            name = str(NamedNode(graph))
            parts.append(f"DROP SILENT GRAPH {name}")
            body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
            parts.append(f"INSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}")
        if parts:
            self._public_write(graphs)
            self._writable().update(" ;\n".join(parts))
            self._written(graphs)

    def bulk_replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> None:
        """replace_graphs for a writer that holds the store alone (the command line's load): on disk, a fresh copy
        is bulk-loaded beside the store and swapped in whole (see rebuild), never a half-written store."""
        if self.path is None:
            self.replace_graphs(graphs)
            return
        self._public_write(graphs)
        old = self._writable()
        fresh = rebuild.build(self.path, old, graphs)
        old.flush()
        del old, self._store
        gc.collect()  # the old store's files are let go of before the swap (RocksDB's lock among them)
        try:
            rebuild.swap(fresh, self.path)
        finally:
            self._store = Store(str(self.path))
        self._written(graphs)

    def update(self, sparql_update: str, graphs: Iterable[str] = ()) -> None:
        graphs = list(graphs)
        self._public_write(graphs)
        self._writable().update(sparql_update)
        self._written(graphs)

    def write_batch(self, batch: Batch) -> None:
        self.update(batch_update(batch), batch.graphs())  # one update: one transaction

    def add_quads(self, quads: Iterable[Quad]) -> None:
        self._public_write()
        written: set[str] = set()

        def noted(quad: Quad) -> Quad:
            if isinstance(quad.graph_name, NamedNode):
                written.add(quad.graph_name.value)
            return quad

        self._writable().extend(noted(quad) for quad in quads)
        self._written(written)

    def add_triples(self, graph: str, triples: Iterable[Triple]) -> None:
        name = NamedNode(graph)
        self._public_write([graph])
        self._writable().extend(Quad(t.subject, t.predicate, t.object, name) for t in triples)
        self._written([graph])

    def named_graphs(self) -> list[str]:
        return sorted(graph.value for graph in self._store.named_graphs() if isinstance(graph, NamedNode))

    def quads(self, graphs: Sequence[str]) -> Iterable[Quad]:
        for graph in graphs:
            yield from self._store.quads_for_pattern(None, None, None, NamedNode(graph))

    def default_graph_quads(self) -> Iterable[Quad]:
        return self._store.quads_for_pattern(None, None, None, DefaultGraph())

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()
        del self._store
