"""The worker process's side of the SPARQL endpoints: it opens what ``PublicSource`` names and answers the queries
its connection sends, one at a time, until the connection closes (see sparql_worker for the pool and the why)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from crosswalk.content.namespaces import is_public_graph
from crosswalk.store.embedded import OxigraphStore
from crosswalk.surfaces.http.negotiation import GRAPH_OFFERS, RESULT_OFFERS, choose
from crosswalk.surfaces.http.sparql_worker import MAX_ORGS_PER_WORKER, Dataset, PublicSource, looks_like_update


def run_query(
    store: OxigraphStore,
    text: str,
    accept: list[str],
    dataset: Sequence[str] | None = None,
    requested: Dataset | None = None,
    base_iri: str | None = None,
    raise_io: bool = False,
) -> tuple[int, str, bytes]:
    """Execute one query over ``dataset`` (the graphs the caller may read; their union is the default graph), or
    over the ``requested`` dataset cut down to those graphs; returns (status, media type or error, body).
    ``raise_io``: a storage error (OSError) is raised, for the caller to reopen the store and try again."""
    if looks_like_update(text):
        return 403, "this SPARQL endpoint is read-only: updates are not accepted", b""
    result_type = choose(accept, RESULT_OFFERS) or RESULT_OFFERS[0]
    graph_type = choose(accept, GRAPH_OFFERS) or GRAPH_OFFERS[0]
    named: Sequence[str] | None = None
    if requested is not None and dataset is not None:
        chosen = requested.readable(dataset)
        dataset, named = chosen.default, chosen.named
    try:
        media_type, body = store.answer(text, result_type, graph_type, dataset, named, base_iri)
    except SyntaxError as error:
        return 400, f"SPARQL syntax error: {error}", b""
    except (OSError, ValueError) as error:
        if raise_io and isinstance(error, OSError):
            raise
        return 400, f"the query could not be run: {error}", b""
    return 200, media_type, body


class _WorkerStore:
    """A worker's stores: the public graphs (a read-only copy, or an in-memory snapshot that also takes copies of
    organizations' graphs), and for a store on disk, the store itself for organizations' queries."""

    def __init__(self, source: PublicSource) -> None:
        self.source = source
        if source.snapshot:
            self.public_store = OxigraphStore.from_snapshot(str(source.path))
        else:
            self.public_store = OxigraphStore.open(str(source.path), read_only=True)
        held = self.public_store.named_graphs()
        self.public = [graph for graph in held if is_public_graph(graph)]
        # The copy holds public graphs only, so its union is the public dataset; should it ever hold another graph,
        # every query names the public ones instead (a snapshot worker's store holds organizations' copies too).
        self._union = not source.snapshot and len(self.public) == len(held)
        self._full: OxigraphStore | None = None  # the service's store, opened for an organization's first query

    def public_query(self, requested: Dataset | None) -> tuple[OxigraphStore, list[str] | None]:
        """The store and dataset of a public query: the union of the copy's graphs, a list only to cut down a
        requested dataset (an in-memory snapshot lists its public graphs always: it holds organizations' too)."""
        listed = not self._union or requested is not None
        return self.public_store, (self.public if listed else None)

    def org_query(self, graphs: tuple[str, ...], stale: bool, data: bytes | None) -> tuple[OxigraphStore, list[str]]:
        """The store and dataset of an organization's query, its ``graphs`` made current first (the store reopened,
        or the copy sent loaded)."""
        if self.source.snapshot:
            if stale:
                self.public_store.replace_from_nquads(graphs, data or b"")
            return self.public_store, [*self.public, *graphs]
        if stale or self._full is None:
            self.reopen()
        assert self._full is not None
        return self._full, [*self.public, *graphs]

    def reopen(self) -> None:
        """See what the service has committed since (an organization's writes; files its compaction replaced)."""
        if self._full is not None:
            self._full.close()
        assert self.source.store is not None
        self._full = OxigraphStore.open(str(self.source.store), read_only=True)

    def drop(self, graphs: tuple[str, ...]) -> None:
        """Forget a copy of an organization's graphs (a snapshot worker keeps only a few)."""
        if self.source.snapshot:
            self.public_store.replace_from_nquads(graphs, b"")


def _worker_main(source: PublicSource, connection: Connection) -> None:
    worker = _WorkerStore(source)
    held: dict[str, tuple[str, ...]] = {}  # organization key -> its graphs, least recently used first
    connection.send(("ready", "", b""))
    while True:
        try:
            message = connection.recv()
        except EOFError:
            return
        if message is None:
            return
        text, accept, scope, requested, base_iri = message
        if scope is None:
            store, dataset = worker.public_query(requested)
            connection.send(run_query(store, text, accept, dataset, requested, base_iri))
            continue
        key, graphs, stale, data = scope
        store, dataset = worker.org_query(graphs, stale, data)
        held.pop(key, None)
        held[key] = graphs
        while len(held) > MAX_ORGS_PER_WORKER:
            worker.drop(held.pop(next(iter(held))))
        try:
            answer = run_query(store, text, accept, dataset, requested, base_iri, raise_io=not source.snapshot)
        except OSError:  # a read-only open met a file the service's compaction has since removed: reopened, again
            worker.reopen()
            store, dataset = worker.org_query(graphs, False, None)
            answer = run_query(store, text, accept, dataset, requested, base_iri)
        connection.send(answer)


def serve_worker(argv: Sequence[str]) -> None:
    """A worker process's entry: the connection's file descriptor and the source, as ``_worker_command`` wrote."""
    fd, kind, path, store = argv
    source = PublicSource(Path(path), kind == "snapshot", Path(store) if store else None)
    _worker_main(source, Connection(int(fd)))


if __name__ == "__main__":
    serve_worker(sys.argv[1:])
