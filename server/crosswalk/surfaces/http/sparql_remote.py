"""SPARQL on a remote store: researchers' queries go to the store's own SPARQL server, each with its dataset named.

The public endpoint's dataset is the public graphs (``default-graph-uri`` and ``named-graph-uri`` of the protocol,
which override the query's own FROM and FROM NAMED), an organization's endpoint adds that organization's graphs;
no query ever sees another organization's. No snapshot and no worker process: the server runs the query under its
own time limit, and this service stops waiting at the endpoint's.
"""

from __future__ import annotations

import threading
from collections.abc import Collection

from crosswalk.content.namespaces import GRAPH, is_public_graph
from crosswalk.store.base import StoreError
from crosswalk.store.remote import DatasetRefused, RemoteStore, StoreTimeout
from crosswalk.surfaces.http.negotiation import GRAPH_OFFERS, RESULT_OFFERS, choose
from crosswalk.surfaces.http.sparql_worker import Dataset, OrgScope, QueryAnswer, QueryFailed, refuse_unsafe

NO_GRAPH = GRAPH + "none"  # a dataset of one graph that does not exist: nothing to read


class RemoteSparql:
    """The query runner of the SPARQL endpoints over a remote store (the same ``execute`` as the worker pool)."""

    def __init__(self, store: RemoteStore, *, timeout: float = 30.0, service_allowlist: Collection[str] = ()) -> None:
        self.store = store
        self.timeout = timeout
        self.service_allowlist = frozenset(service_allowlist)
        self._public: tuple[str, list[str]] | None = None  # (generation, public graphs)
        self._lock = threading.Lock()

    def public_graphs(self) -> list[str]:
        """The store's public graphs, listed again only when the store's generation has moved."""
        generation = self.store.generation()
        with self._lock:
            if self._public is None or self._public[0] != generation:
                self._public = (generation, [g for g in self.store.named_graphs() if is_public_graph(g)])
            return self._public[1]

    def execute(
        self,
        text: str,
        accept: list[str],
        timeout: float | None = None,
        scope: OrgScope | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> QueryAnswer:
        """As the worker pool's. A requested ``dataset`` is limited to the graphs the caller may read; on a remote
        store its default and named graphs are passed as one list (the protocol's both parameters), and a dataset
        left empty by the limit names one graph that does not exist, never none (which would mean everything)."""
        limit = self.timeout if timeout is None else timeout
        refuse_unsafe(text, self.service_allowlist)
        result_type = choose(accept, RESULT_OFFERS) or RESULT_OFFERS[0]
        graph_type = choose(accept, GRAPH_OFFERS) or GRAPH_OFFERS[0]
        readable = [*self.public_graphs(), *(scope.graphs if scope is not None else ())]
        graphs = readable
        if dataset is not None:
            limited = dataset.readable(readable)
            graphs = list(dict.fromkeys([*limited.default, *limited.named])) or [NO_GRAPH]
        try:
            media_type, body = self.store.answer(text, result_type, graph_type, graphs, timeout=limit)
        except SyntaxError as error:
            raise QueryFailed(400, f"SPARQL syntax error: {error}") from None
        except DatasetRefused as refused:
            raise QueryFailed(400, str(refused)) from None
        except StoreTimeout:
            raise QueryFailed(
                503, f"query stopped: it ran longer than the {limit:g} s limit (set with --query-timeout)"
            ) from None
        except (StoreError, ValueError, OSError) as error:
            raise QueryFailed(502, f"the store could not run the query: {error}") from None
        return QueryAnswer(media_type, body)

    def close(self) -> None:
        return None
