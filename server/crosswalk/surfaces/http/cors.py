"""Cross-origin reads (CORS), so a query editor on another origin can call the endpoints from a browser.

The public surfaces (/sparql, /graphs) answer any origin, without credentials: they hold nothing private. An
organization's endpoint (/orgs/{org}/sparql) answers only the configured origins (``Settings.cors_origins``,
``serve --cors-origin``, CROSSWALK_CORS_ORIGINS); its callers send their token in the Authorization header, so no
cookie (credentials) is ever needed. A preflight from any other origin is refused (403) and gets no CORS headers.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENV_VAR = "CROSSWALK_CORS_ORIGINS"
PUBLIC_PATHS = re.compile(r"^/(sparql|graphs)/?$")
ORG_PATHS = re.compile(r"^/orgs/[^/]+/sparql/?$")
METHODS = "GET, HEAD, POST, OPTIONS"
PUBLIC_HEADERS = "Accept, Content-Type"
ORG_HEADERS = "Accept, Content-Type, Authorization"
MAX_AGE = "600"
Allowed = tuple[list[tuple[bytes, bytes]], str]


def origins_from(value: str | None) -> tuple[str, ...]:
    """Origins from a comma- or space-separated list (the environment variable's form)."""
    return tuple(part.rstrip("/") for part in re.split(r"[\s,]+", value or "") if part)


class CorsPolicy:
    """Adds CORS headers to the endpoints' answers and answers their preflights (OPTIONS)."""

    def __init__(self, app: ASGIApp, org_origins: Collection[str] = ()) -> None:
        self.app = app
        self.org_origins = frozenset(origin.rstrip("/") for origin in org_origins)

    def _allowed(self, path: str, origin: str) -> Allowed | None:
        """The CORS headers for a request from ``origin`` to ``path`` and the request headers a preflight may name;
        None when that origin is not allowed."""
        if PUBLIC_PATHS.match(path):
            return [(b"access-control-allow-origin", b"*")], PUBLIC_HEADERS
        if ORG_PATHS.match(path) and origin in self.org_origins:
            return [(b"access-control-allow-origin", origin.encode()), (b"vary", b"Origin")], ORG_HEADERS
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        path: str = scope.get("path", "")
        governed = PUBLIC_PATHS.match(path) or ORG_PATHS.match(path)
        if not origin or not governed:
            await self.app(scope, receive, send)
            return
        allowed = self._allowed(path, origin)
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        if preflight:
            await self._preflight(send, allowed)
            return
        if allowed is None:
            await self.app(scope, receive, send)
            return
        extra, _ = allowed

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_cors)

    @staticmethod
    async def _preflight(send: Send, allowed: Allowed | None) -> None:
        if allowed is None:
            body = b"cross-origin requests from this origin are not allowed here"
            status = 403
            headers: list[tuple[bytes, bytes]] = [(b"content-type", b"text/plain; charset=utf-8")]
        else:
            extra, allow_headers = allowed
            body, status = b"", 204
            headers = [
                *extra,
                (b"access-control-allow-methods", METHODS.encode()),
                (b"access-control-allow-headers", allow_headers.encode()),
                (b"access-control-max-age", MAX_AGE.encode()),
            ]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
