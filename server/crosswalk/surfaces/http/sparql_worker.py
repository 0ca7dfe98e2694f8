"""Public SPARQL execution in worker processes.

Why processes: Oxigraph cannot cancel a running query, so a query past its time limit is stopped by ending
the process that runs it. Why a snapshot: each worker holds an in-memory copy of the public graphs only
(ontology, catalogs, mappings), so the public endpoint can never see an organization's private graph.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue
import re
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from crosswalk.store.embedded import OxigraphStore
from crosswalk.surfaces.http.negotiation import GRAPH_OFFERS, RESULT_OFFERS, choose

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
class QueryAnswer:
    media_type: str
    body: bytes


def looks_like_update(text: str) -> bool:
    return bool(_UPDATE.match(text))


def run_query(store: OxigraphStore, text: str, accept: list[str]) -> tuple[int, str, bytes]:
    """Execute one query and serialise it; returns (status, media type or error, body)."""
    if looks_like_update(text):
        return 403, "this SPARQL endpoint is read-only: updates are not accepted", b""
    result_type = choose(accept, RESULT_OFFERS) or RESULT_OFFERS[0]
    graph_type = choose(accept, GRAPH_OFFERS) or GRAPH_OFFERS[0]
    try:
        media_type, body = store.answer(text, result_type, graph_type)
    except SyntaxError as error:
        return 400, f"SPARQL syntax error: {error}", b""
    except (OSError, ValueError) as error:
        return 500, f"query failed: {error}", b""
    return 200, media_type, body


def _worker_main(snapshot: str, connection: Connection) -> None:
    store = OxigraphStore.from_snapshot(snapshot)
    connection.send(("ready", "", b""))
    while True:
        try:
            message = connection.recv()
        except EOFError:
            return
        if message is None:
            return
        text, accept = message
        connection.send(run_query(store, text, accept))


class _Worker:
    def __init__(self, context: mp.context.BaseContext, snapshot: Path) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(str(snapshot), child), daemon=True)  # type: ignore[attr-defined]
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if not self.ready:
            if not self.connection.poll(timeout):
                self.kill()
                raise QueryFailed(503, "the SPARQL worker did not start in time")
            self.connection.recv()
            self.ready = True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class SparqlWorkerPool:
    """A few worker processes over a snapshot of the public graphs, each query under a time limit."""

    def __init__(
        self, snapshot: Path, *, workers: int = 1, timeout: float = 30.0, start_timeout: float = 120.0
    ) -> None:
        self.snapshot = snapshot
        self.timeout = timeout
        self.start_timeout = start_timeout
        self._context = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        for _ in range(max(1, workers)):
            self._idle.put(_Worker(self._context, snapshot))

    def execute(self, text: str, accept: list[str], timeout: float | None = None) -> QueryAnswer:
        limit = self.timeout if timeout is None else timeout
        if looks_like_update(text):
            raise QueryFailed(403, "this SPARQL endpoint is read-only: updates are not accepted")
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            raise QueryFailed(503, "all SPARQL workers are busy; try again shortly") from None
        try:
            worker.wait_ready(self.start_timeout)
        except QueryFailed:
            self._replace()
            raise
        worker.connection.send((text, accept))
        if not worker.connection.poll(limit):
            worker.kill()
            self._replace()
            raise QueryFailed(
                503, f"query stopped: it ran longer than the {limit:g} s limit (set with --query-timeout)"
            )
        status, info, body = worker.connection.recv()
        self._idle.put(worker)
        if status != 200:
            raise QueryFailed(status, info)
        return QueryAnswer(info, body)

    def _replace(self) -> None:
        if not self._closed:
            self._idle.put(_Worker(self._context, self.snapshot))

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
