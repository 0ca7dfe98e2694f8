"""The embedded backend: pyoxigraph on disk (RocksDB), or in memory for tests and workers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, Store, Triple

from crosswalk.store.base import Bindings, Row, StoreError, bind


class OxigraphStore:
    def __init__(self, store: Store, path: Path | None) -> None:
        self._store = store
        self.path = path

    @classmethod
    def open(cls, path: Path | None) -> OxigraphStore:
        if path is None:
            return cls(Store(), None)
        path.mkdir(parents=True, exist_ok=True)
        try:
            return cls(Store(str(path)), path)
        except OSError as error:
            raise StoreError(
                f"cannot open the store at {path}: {error}. Is another crosswalk process using it?"
            ) from error

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
