"""The remote backend: any SPARQL 1.1 server through the Query, Update and Graph Store protocols over HTTP.

Reads bind values the way the embedded store does (terms serialised by pyoxigraph into ``VALUES``, never text
pasted) and see the union of the named graphs as their default graph (how depends on the server: its dialect).
Writes are one update request each, with the generation marker replaced in the same request (an evidence batch
on a server that keeps a failed request's earlier operations, Virtuoso: staged, then applied by one operation).
A large replacement (a load) goes up through the Graph Store Protocol, one PUT per graph: each graph is replaced
whole, but the graphs of one load one after another (a reader during a load may see some graphs new and others
old). Staging graphs and one MOVE per graph would make the switch one request, but Oxigraph server copies a MOVE
quad by quad (over 60 s for the project's 290,000 triples) and Virtuoso fails it ("SR171: Transaction timed out").
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress

import pyoxigraph
from pyoxigraph import NamedNode, Quad, QueryBoolean, QuerySolutions, Triple

from crosswalk.content import queries
from crosswalk.content.namespaces import META_GRAPH
from crosswalk.store import updates
from crosswalk.store.base import Batch, Bindings, ContentGeneration, Row, StoreError, bind, rows_of
from crosswalk.store.remote.config import Endpoints, parse_remote
from crosswalk.store.remote.protocol import SparqlClient, StoreTimeout

__all__ = ["DatasetRefused", "RemoteStore", "StoreTimeout"]

# A query's own dataset clauses and Virtuoso's pragmas, anywhere in the text (a word in a string or comment is
# refused too: strict on purpose, since keywords cannot be escaped, nothing that names a dataset gets past this).
_OWN_DATASET = re.compile(r"\b(FROM|DEFINE)\b", re.IGNORECASE)


class DatasetRefused(StoreError):
    """A query that names its own dataset, on a server that would add it to the one the service gives."""


STAGING_PREFIX = "urn:crosswalk:staging:"  # graphs of the store's own bookkeeping, never listed
_RESULT_FORMATS = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
}
_OUT_RESULTS = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
_OUT_GRAPHS = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
    "application/n-quads": pyoxigraph.RdfFormat.N_QUADS,
}


def _media(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _ntriples(triples: Iterable[Triple]) -> bytes:
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples).encode("utf-8")


class RemoteStore:
    def __init__(self, endpoints: Endpoints) -> None:
        self.endpoints = endpoints
        self.dialect = endpoints.dialect
        self._client = SparqlClient(endpoints)
        self._graphs: tuple[str, list[str]] | None = None  # (generation, named graphs) for the "dataset" dialect

    @classmethod
    def open(cls, location: str | None, read_only: bool = False) -> RemoteStore:
        """``read_only`` changes nothing here: a SPARQL server holds no lock, readers and writers share it."""
        if location is None:
            raise StoreError("a remote store needs a URL")
        scheme, _, rest = location.partition("://")
        return cls(parse_remote(scheme, rest))

    @property
    def location(self) -> str | None:
        return self.endpoints.location

    # reads

    def _union_dataset(self) -> list[str] | None:
        """The explicit dataset a read needs for union-default-graph semantics (None: the server gives them)."""
        if self.dialect.union != "dataset":
            return None
        generation = self.generation()
        if self._graphs is None or self._graphs[0] != generation:
            self._graphs = (generation, self.named_graphs())
        return self._graphs[1]

    def _results(self, text: str, dataset: Sequence[str] | None, timeout: float | None = None) -> object:
        response = self._client.query(text, self.dialect.results, dataset, timeout=timeout)
        media = _media(response.headers.get("content-type", ""))
        if media not in _RESULT_FORMATS:
            raise StoreError(f"the store answered a SELECT or ASK with {media or 'no content type'}")
        return pyoxigraph.parse_query_results(response.content, format=_RESULT_FORMATS[media])

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        result = self._results(bind(query, bindings), self._union_dataset())
        if not isinstance(result, QuerySolutions):
            raise TypeError("select() needs a SELECT query")
        return rows_of(result)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._results(bind(query, bindings), self._union_dataset())
        if isinstance(result, QuerySolutions) and [v.value for v in result.variables] == ["__ASK_RETVAL"]:
            # Virtuoso answers a POSTed ASK as a one-row SELECT of an integer
            return any(row["__ASK_RETVAL"] is not None and row["__ASK_RETVAL"].value in ("1", "true") for row in result)
        if not isinstance(result, QueryBoolean):
            raise TypeError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        response = self._client.query(bind(query, bindings), "application/n-triples", self._union_dataset())
        media = _media(response.headers.get("content-type", ""))
        if media not in _GRAPH_FORMATS:
            raise TypeError("construct() needs a CONSTRUCT or DESCRIBE query")
        return list(pyoxigraph.parse(response.content, format=_GRAPH_FORMATS[media]))

    def answer(
        self,
        query: str,
        result_type: str,
        graph_type: str,
        dataset: Sequence[str] | None = None,
        timeout: float | None = None,
    ) -> tuple[str, bytes]:
        """Run a researcher's query over exactly ``dataset`` (the default graph is their union, and only they are
        named graphs: the protocol's dataset overrides the query's FROM) and serialise it as the embedded store
        does: (media type, body). SyntaxError for a query the server rejects, StoreTimeout past ``timeout``."""
        if not self.dialect.protocol_dataset_wins and _OWN_DATASET.search(query):
            raise DatasetRefused(
                "on this store a query may not name its own dataset (FROM, FROM NAMED, define): the endpoint's "
                "dataset is fixed; use GRAPH <...> inside the query instead"
            )
        accept = f"{self.dialect.results}, application/n-triples;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5"
        response = self._client.query(query, accept, dataset if dataset is not None else [], timeout=timeout)
        media = _media(response.headers.get("content-type", ""))
        if media in _GRAPH_FORMATS:
            triples = pyoxigraph.parse(response.content, format=_GRAPH_FORMATS[media])
            return graph_type, pyoxigraph.serialize(triples, format=_OUT_GRAPHS[graph_type]) or b""
        if media not in _RESULT_FORMATS:
            raise StoreError(f"the store answered with {media or 'no content type'}")
        results = pyoxigraph.parse_query_results(response.content, format=_RESULT_FORMATS[media])
        return result_type, results.serialize(format=_OUT_RESULTS[result_type]) or b""

    def backup(self, target: str) -> None:
        raise StoreError(
            "a remote store is backed up by its own server (Oxigraph server: `oxigraph backup`; Virtuoso: its backup "
            "functions); `crosswalk backup` copies an embedded store"
        )

    def named_graphs(self) -> list[str]:
        rows = self._client.query(queries.text("api/named-graphs"), self.dialect.results, union=False)
        result = pyoxigraph.parse_query_results(
            rows.content, format=_RESULT_FORMATS[_media(rows.headers.get("content-type", ""))]
        )
        hidden = (*self.dialect.system_graphs, STAGING_PREFIX, META_GRAPH)  # META_GRAPH covers its content marker
        graphs = {
            term.value
            for solution in result  # type: ignore[union-attr]
            if isinstance(term := solution["graph"], NamedNode) and not term.value.startswith(hidden)
        }
        return sorted(graphs)

    def quads(self, graphs: Sequence[str]) -> Iterable[Quad]:
        for graph in graphs:
            name = NamedNode(graph)
            data = self._client.get_graph(graph) if self.endpoints.gsp else self._construct_graph(graph)
            for triple in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES):
                yield Quad(triple.subject, triple.predicate, triple.object, name)

    def _construct_graph(self, graph: str) -> bytes:
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {NamedNode(graph)} {{ ?s ?p ?o }} }}"
        return self._client.query(text, "application/n-triples", union=False).content

    def nquads(self, graphs: Sequence[str]) -> bytes:
        return pyoxigraph.serialize(self.quads(graphs), format=pyoxigraph.RdfFormat.N_QUADS) or b""

    def _markers(self) -> tuple[str, ContentGeneration]:
        """(the generation, the content markers), in one read."""
        response = self._client.query(queries.text("api/store-generation"), self.dialect.results, union=False)
        result = pyoxigraph.parse_query_results(
            response.content, format=_RESULT_FORMATS[_media(response.headers.get("content-type", ""))]
        )
        names = ("generation", *ContentGeneration._fields)
        values = ["", "", ""]
        for solution in result:  # type: ignore[union-attr]
            values = ["" if solution[name] is None else solution[name].value for name in names]
            break
        return values[0], ContentGeneration(*values[1:])

    def generation(self) -> str:
        return self._markers()[0]

    def content_generation(self) -> ContentGeneration:
        return self._markers()[1]

    # writes: each one request, the generation marker (and the content markers of the public graphs written)
    # replaced in it

    def _write(self, operations: Sequence[str], graphs: Iterable[str] = ()) -> None:
        if operations:
            bump = updates.bump_generation(uuid.uuid4().hex, updates.content_markers(graphs))
            self._client.update(" ;\n".join([*operations, bump]))

    def update(self, sparql_update: str, graphs: Iterable[str] = ()) -> None:
        self._write([sparql_update], graphs)

    def bulk_replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> None:
        self.replace_graphs(graphs)  # large loads already go by Graph Store Protocol PUTs

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> None:
        materialised = {graph: list(triples) for graph, triples in graphs.items()}
        if not materialised:
            return
        if self.endpoints.gsp is None or sum(map(len, materialised.values())) <= self.dialect.bulk_triples:
            self._write(updates.replace_graphs(materialised), materialised)
            return
        # The bulk path: one PUT per graph (each replaces its graph whole), then one update drops the graphs
        # replaced by nothing and moves the markers, so caches rebuild once the last graph is in.
        for graph, triples in materialised.items():
            if triples:
                self._client.put_graph(graph, _ntriples(triples))
        emptied = [f"DROP SILENT GRAPH {NamedNode(g)}" for g, triples in materialised.items() if not triples]
        self._write(emptied or [f"DROP SILENT GRAPH {NamedNode(STAGING_PREFIX + 'none')}"], materialised)

    def write_batch(self, batch: Batch) -> None:
        """One update request where the server runs a request as one transaction; elsewhere (Virtuoso) the batch is
        staged, then applied by one operation (updates.staged_batch). A failed batch's staging graph is dropped
        here if the server still answers; one left behind is never listed and no query matches its records."""
        if self.dialect.atomic_requests:
            self._write([updates.batch_update(batch)], batch.graphs())
            return
        staging = f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        token = uuid.uuid4().hex
        markers = dict.fromkeys([META_GRAPH, *updates.content_markers(batch.graphs())], token)
        stage, apply = updates.staged_batch(batch, staging, markers)
        try:
            for operation in stage:  # one request each: Virtuoso refuses a request that compiles past 10,000 lines
                self._client.update(operation)
            self._client.update(apply)
        except StoreError:
            with suppress(StoreError):
                self._client.update(f"DROP SILENT GRAPH {NamedNode(staging)}")
            raise

    def add_quads(self, quads: Iterable[Quad]) -> None:
        by_graph: dict[str, list[Triple]] = {}
        for quad in quads:
            if not isinstance(quad.graph_name, NamedNode):
                raise StoreError("a remote store holds named graphs only")
            by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
        self._add(by_graph)

    def add_triples(self, graph: str, triples: Iterable[Triple]) -> None:
        self._add({graph: list(triples)})

    def _add(self, graphs: Mapping[str, list[Triple]]) -> None:
        if self.endpoints.gsp is None or sum(map(len, graphs.values())) <= self.dialect.bulk_triples:
            self._write(updates.insert_data(graphs), graphs)
            return
        for graph, triples in graphs.items():
            self._client.put_graph(graph, _ntriples(triples), replace=False)
        self._client.update(updates.bump_generation(uuid.uuid4().hex, updates.content_markers(graphs)))

    def close(self) -> None:
        self._client.close()
