"""SPARQL execution in worker processes, for the public endpoint and organizations' own.

Why processes: Oxigraph cannot cancel a running query, so a query past its time limit is stopped by ending
the process that runs it. What a worker reads (``PublicSource``): for a store on disk, a copy holding its public
graphs only (``OxigraphStore.public_copy``: made when public content changed, not at every start), opened read-only,
and for an organization's queries the store itself, opened read-only and reopened after that organization's writes;
for a store in memory, an N-Quads snapshot of the public graphs loaded into the worker's memory, beside which it keeps
copies of the organizations' graphs its queries needed. Every query over more than the public copy names its dataset:
the public graphs plus one organization's for that organization's endpoint, so no query ever sees another
organization's graphs. A dataset the request names (``default-graph-uri`` / ``named-graph-uri``, or the query's FROM /
FROM NAMED) is cut down to the graphs the caller may read: a graph the caller may not read is the same as a graph
that does not exist, empty."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

from crosswalk.surfaces.http.sparql_guard import ServiceRefused, check_services

_UPDATE = re.compile(
    r"^\s*((PREFIX|BASE)\s[^\n]*\n\s*|#[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


class QueryFailed(Exception):
    """A query the endpoint refuses or cannot run; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a request names: default graphs (their merge is the default graph) and named graphs."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    def readable(self, graphs: Collection[str]) -> Dataset:
        """Only the graphs in ``graphs``; the others are left out, as if empty."""
        allowed = set(graphs)
        return Dataset(tuple(g for g in self.default if g in allowed), tuple(g for g in self.named if g in allowed))


@dataclass(frozen=True)
class QueryAnswer:
    media_type: str
    body: bytes


@dataclass(frozen=True)
class PublicSource:
    """Where the workers read: ``path`` holds the public graphs only, a store folder (the public copy, beside the
    service's store at ``store``, for organizations' queries) or, with ``snapshot``, an N-Quads file (the service's
    store is in memory)."""

    path: Path
    snapshot: bool = False
    store: Path | None = None


def looks_like_update(text: str) -> bool:
    return bool(_UPDATE.match(text))


@dataclass(frozen=True)
class OrgScope:
    """An organization's own endpoint: the public graphs plus ``graphs``, as of write ``generation``.

    ``data`` reads the organization's graphs (N-Quads) from the service's store; it is called only for a worker over
    an in-memory snapshot that does not hold that generation yet (a worker over a store on disk reopens it)."""

    key: str
    generation: int
    graphs: tuple[str, ...]
    data: Callable[[], bytes]


def refuse_unsafe(text: str, service_allowlist: Collection[str]) -> None:
    """What no query runner runs: updates (the endpoints are read-only), and SERVICE to an endpoint off the list."""
    if looks_like_update(text):
        raise QueryFailed(403, "this SPARQL endpoint is read-only: updates are not accepted")
    try:
        check_services(text, service_allowlist)
    except ServiceRefused as refused:
        raise QueryFailed(400, str(refused)) from None


class QueryRunner(Protocol):
    """What the SPARQL endpoints run queries with: the worker pool (embedded store) or the remote store's server."""

    def execute(
        self,
        text: str,
        accept: list[str],
        timeout: float | None = None,
        scope: OrgScope | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> QueryAnswer: ...

    def close(self) -> None: ...


WORKER_MODULE = "crosswalk.surfaces.http.sparql_process"  # what a worker process runs (its entry: serve_worker)
MAX_ORGS_PER_WORKER = 8  # organizations' graphs a worker keeps beside the public ones; the least recent go first


def _worker_command(source: PublicSource, fd: int) -> list[str]:
    kind = "snapshot" if source.snapshot else "copy"
    return [sys.executable, "-m", WORKER_MODULE, str(fd), kind, str(source.path), str(source.store or "")]


class _Worker:
    """A worker process, ``python -m`` WORKER_MODULE (not started by multiprocessing: a fresh interpreter that
    imports only the query side, without the service's modules or a resource tracker beside it). It ends when its
    connection closes, the service's end included."""

    def __init__(self, source: PublicSource, generation: int = 0) -> None:
        self.generation = generation
        ours, theirs = socket.socketpair()
        package = str(Path(__file__).resolve().parents[3])  # the folder holding crosswalk/, whatever sys.path says
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(
            _worker_command(source, theirs.fileno()), pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL
        )
        theirs.close()
        self.connection = Connection(ours.detach())
        self.ready = False
        self.holds: dict[str, int] = {}  # organization key -> generation the worker holds (mirrors its copy)

    def wait_ready(self, timeout: float) -> None:
        if not self.ready:
            if not self.connection.poll(timeout):
                self.kill()
                raise QueryFailed(503, "the SPARQL worker did not start in time")
            self.connection.recv()
            self.ready = True

    def kill(self) -> None:
        self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.connection.close()


class SparqlWorkerPool:
    """A few worker processes over the public graphs (``source``), each query under a time limit.

    A query that outlives its limit, or crashes its worker, costs only itself: that worker is ended and replaced,
    and the next request is answered by a fresh one. SERVICE is refused before a query reaches a worker, unless its
    endpoint is on ``service_allowlist``."""

    def __init__(
        self,
        source: PublicSource,
        *,
        workers: int = 1,
        timeout: float = 30.0,
        start_timeout: float = 120.0,
        service_allowlist: Collection[str] = (),
    ) -> None:
        self.source = source
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.service_allowlist = frozenset(service_allowlist)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self.generation = 0  # of the public graphs; a worker started on older ones is retired when it comes back
        for _ in range(max(1, workers)):
            self._idle.put(_Worker(source, self.generation))

    def execute(
        self,
        text: str,
        accept: list[str],
        timeout: float | None = None,
        scope: OrgScope | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> QueryAnswer:
        """Run ``text`` over the public graphs (and ``scope``'s), or over ``dataset`` limited to those; relative
        IRIs resolve against ``base_iri`` (the endpoint's address)."""
        limit = self.timeout if timeout is None else timeout
        refuse_unsafe(text, self.service_allowlist)
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            raise QueryFailed(503, "all SPARQL workers are busy; try again shortly") from None
        if worker.generation != self.generation:  # public content changed since it started: start a fresh one
            worker.kill()
            worker = _Worker(self.source, self.generation)
        try:
            worker.wait_ready(self.start_timeout)
        except QueryFailed:
            self._replace()
            raise
        try:
            worker.connection.send((text, accept, self._scope_message(worker, scope), dataset, base_iri))
            if not worker.connection.poll(limit):
                worker.kill()
                self._replace()
                raise QueryFailed(
                    503, f"query stopped: it ran longer than the {limit:g} s limit (set with --query-timeout)"
                )
            status, info, body = worker.connection.recv()
        except (EOFError, OSError):
            # The worker died under this query (a crash in the query engine): replace it; the next query is answered.
            worker.kill()
            self._replace()
            raise QueryFailed(
                400, "the query could not be run: it stopped the query engine; the engine was restarted"
            ) from None
        self._give_back(worker)
        if status != 200:
            raise QueryFailed(status, info)
        return QueryAnswer(info, body)

    def _scope_message(
        self, worker: _Worker, scope: OrgScope | None
    ) -> tuple[str, tuple[str, ...], bool, bytes | None] | None:
        """(key, graphs, whether the worker's view of them is stale, their N-Quads for a snapshot worker)."""
        if scope is None:
            return None
        stale = worker.holds.get(scope.key) != scope.generation
        data = scope.data() if stale and self.source.snapshot else None
        worker.holds.pop(scope.key, None)
        worker.holds[scope.key] = scope.generation
        while len(worker.holds) > MAX_ORGS_PER_WORKER:
            worker.holds.pop(next(iter(worker.holds)))
        return scope.key, scope.graphs, stale, data

    def _replace(self) -> None:
        if not self._closed:
            self._idle.put(_Worker(self.source, self.generation))

    def reload(self, source: PublicSource) -> None:
        """Serve the public graphs anew (after a load or an import; the same folder, or a new snapshot): idle workers
        are replaced at once, a busy one when its query is answered, so no query sees a mix and none is cut short."""
        self.source = source
        self.generation += 1
        stale: list[_Worker] = []
        while True:
            try:
                stale.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in stale:
            self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.connection.send(None)
        worker.kill()
        self._replace()

    def _give_back(self, worker: _Worker) -> None:
        if worker.generation != self.generation:
            self._retire(worker)
        else:
            self._idle.put(worker)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            with contextlib.suppress(OSError):
                worker.connection.send(None)
            worker.kill()
