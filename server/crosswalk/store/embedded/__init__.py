"""The embedded backend: pyoxigraph on disk (RocksDB), or in memory for tests and workers."""

from __future__ import annotations

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

from crosswalk.store.base import Bindings, Row, StoreError, bind

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


class OxigraphStore:
    def __init__(self, store: Store, path: Path | None) -> None:
        self._store = store
        self.path = path

    @property
    def location(self) -> str | None:
        return None if self.path is None else str(self.path)

    @classmethod
    def open(cls, location: str | None) -> OxigraphStore:
        if location is None:
            return cls(Store(), None)
        path = Path(location)
        path.mkdir(parents=True, exist_ok=True)
        try:
            return cls(Store(str(path)), path)
        except OSError as error:
            raise StoreError(
                f"cannot open the store at {path}: {error}. Is another crosswalk process using it?"
            ) from error

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
        names = [variable.value for variable in result.variables]
        rows: list[Row] = []
        for solution in result:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = value
            rows.append(row)
        return rows

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
            self._store.update(" ;\n".join(parts))
            if self.path is not None:
                self._store.flush()

    def update(self, sparql_update: str) -> None:
        self._store.update(sparql_update)
        if self.path is not None:
            self._store.flush()

    def add_quads(self, quads: Iterable[Quad]) -> None:
        self._store.extend(quads)
        if self.path is not None:
            self._store.flush()

    def add_triples(self, graph: str, triples: Iterable[Triple]) -> None:
        name = NamedNode(graph)
        self._store.extend(Quad(t.subject, t.predicate, t.object, name) for t in triples)
        if self.path is not None:
            self._store.flush()

    def named_graphs(self) -> list[str]:
        return sorted(graph.value for graph in self._store.named_graphs() if isinstance(graph, NamedNode))

    def quads(self, graphs: Sequence[str]) -> Iterable[Quad]:
        for graph in graphs:
            yield from self._store.quads_for_pattern(None, None, None, NamedNode(graph))

    def default_graph_quads(self) -> Iterable[Quad]:
        return self._store.quads_for_pattern(None, None, None, DefaultGraph())

    def close(self) -> None:
        if self.path is not None:
            self._store.flush()
        del self._store
