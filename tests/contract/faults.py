"""A faulty network between the service and a SPARQL server: a loopback proxy for the update endpoint that passes
the first ``allowed`` writes and then cuts the connection of every later one before it reaches the server (the
store sees "cannot reach"). Queries go to the server directly."""

from __future__ import annotations

import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from crosswalk.store.remote import RemoteStore
from crosswalk.store.remote.config import Endpoints

PASSED_HEADERS = ("content-type", "authorization")
RETURNED_HEADERS = ("content-type", "www-authenticate")


class CutAfter:
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
                headers = {k: v for k, v in self.headers.items() if k.lower() in PASSED_HEADERS}
                answer = httpx.post(upstream, content=body, headers=headers, timeout=120)
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() in RETURNED_HEADERS:
                        self.send_header(key, value)
                self.send_header("content-length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args: object) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = self._server.server_address[1]
        path = urlsplit(upstream).path
        self.store = RemoteStore(replace(endpoints, update=f"http://127.0.0.1:{port}{path}"))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> CutAfter:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.store.close()
        self._server.shutdown()
        self._server.server_close()
