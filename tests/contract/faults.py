"""A faulty network between the service and a SPARQL server, as loopback proxies: ``CutAfter`` passes the first
``allowed`` writes to the update endpoint and then cuts the connection of every later one before it reaches the
server (the store sees "cannot reach"); ``SlowQueries`` holds every query back before passing it on."""

from __future__ import annotations

import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

import httpx

from crosswalk.store.remote import RemoteStore
from crosswalk.store.remote.config import Endpoints

PASSED_HEADERS = ("content-type", "authorization")
RETURNED_HEADERS = ("content-type", "www-authenticate")


def _forward(handler: BaseHTTPRequestHandler, upstream: str, body: bytes) -> None:
    """Send the request's body to ``upstream`` and its answer back to the client."""
    headers = {k: v for k, v in handler.headers.items() if k.lower() in PASSED_HEADERS}
    answer = httpx.post(upstream, content=body, headers=headers, timeout=120)
    handler.send_response(answer.status_code)
    for key, value in answer.headers.items():
        if key.lower() in RETURNED_HEADERS:
            handler.send_header(key, value)
    handler.send_header("content-length", str(len(answer.content)))
    handler.end_headers()
    handler.wfile.write(answer.content)


class _Proxy:
    """A loopback proxy for one endpoint (``"query"`` or ``"update"``) of ``endpoints``, served by ``handler``;
    ``store`` reaches the server through it."""

    def __init__(
        self, endpoints: Endpoints, endpoint: str, handler: type[BaseHTTPRequestHandler], timeout: float | None = None
    ) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        port = self._server.server_address[1]
        path = urlsplit(getattr(endpoints, endpoint)).path
        proxied = replace(endpoints, **{endpoint: f"http://127.0.0.1:{port}{path}"})
        self.store = RemoteStore(proxied if timeout is None else proxied.with_timeout(timeout))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.store.close()
        self._server.shutdown()
        self._server.server_close()


class CutAfter(_Proxy):
    """``with CutAfter(endpoints, allowed) as cut: cut.store.write_batch(...)``."""

    def __init__(self, endpoints: Endpoints, allowed: int) -> None:
        self.allowed = allowed
        self.passed = 0
        upstream = endpoints.update
        needs_auth = endpoints.user is not None
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                # an unauthenticated first try of a digest exchange writes nothing: it is answered 401 upstream
                write = not needs_auth or "authorization" in self.headers
                if write and proxy.passed >= proxy.allowed:
                    self.close_connection = True
                    self.connection.close()
                    return
                proxy.passed += write
                _forward(self, upstream, body)

            def log_message(self, *args: object) -> None:
                return None

        super().__init__(endpoints, "update", Handler)


class SlowQueries(_Proxy):
    """``with SlowQueries(endpoints, delay, timeout) as slow: slow.store.select(...)``: holds each query ``delay``
    seconds before passing it to the server, as a congested network or an overloaded server would; the server itself
    does no extra work. ``timeout`` is the store's."""

    def __init__(self, endpoints: Endpoints, delay: float, timeout: float) -> None:
        upstream = endpoints.query
        released = threading.Event()  # set on exit, so no handler outlives the test
        self._released = released

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if released.wait(delay):
                    return
                _forward(self, upstream, body)

            def log_message(self, *args: object) -> None:
                return None

        super().__init__(endpoints, "query", Handler, timeout)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._released.set()
        super().__exit__(kind, error, trace)
