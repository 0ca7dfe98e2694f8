"""SPARQL 1.1 Protocol at /sparql: GET and POST (form or direct body), read-only, content-negotiated."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response

from crosswalk.engine.accounts import AccessDenied
from crosswalk.surfaces.http.negotiation import FORMAT_NAMES, accepted_types
from crosswalk.surfaces.http.sparql_worker import OrgScope, QueryFailed, QueryRunner

MAX_QUERY_BYTES = 100_000
DENIED_STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403}
USAGE = (
    "Send a SPARQL query: GET /sparql?query=..., or POST with a form field 'query', "
    "or POST a body of type application/sparql-query."
)


ScopeOf = Callable[[Request], OrgScope | None]


def build_router(get_pool: Callable[[], QueryRunner], org_scope: ScopeOf | None = None) -> APIRouter:
    """/sparql over the public graphs, and, with ``org_scope``, /orgs/{org}/sparql over the public graphs plus that
    organization's (``org_scope`` checks the caller and raises AccessDenied). ``get_pool`` is called per request:
    the pool starts with the app, after the routes exist."""
    router = APIRouter()
    register(router, "/sparql", get_pool, lambda _: None, "SPARQL 1.1 query over the public graphs")
    if org_scope is not None:
        register(
            router, "/orgs/{org}/sparql", get_pool, org_scope,
            "SPARQL 1.1 query over the public graphs and one organization's own (its viewers only)",
        )  # fmt: skip
    return router


def register(router: APIRouter, path: str, get_pool: Callable[[], QueryRunner], scope_of: ScopeOf, about: str) -> None:
    async def answer(request: Request, query: str | None, format_name: str | None) -> Response:
        if not query or not query.strip():
            return PlainTextResponse(USAGE, status_code=400)
        if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            return PlainTextResponse(f"query too large: over {MAX_QUERY_BYTES} bytes", status_code=413)
        accept = accepted_types(request.headers.get("accept"))
        if format_name:
            alias = FORMAT_NAMES.get(format_name.lower())
            if alias is None:
                known = ", ".join(sorted(FORMAT_NAMES))
                return PlainTextResponse(f"unknown format {format_name!r}; known: {known}", status_code=400)
            accept = [alias, *accept]
        try:
            scope = await run_in_threadpool(scope_of, request)
        except AccessDenied as denied:
            return PlainTextResponse(denied.message, status_code=DENIED_STATUS[denied.code])
        except ValueError as error:  # a malformed organization id
            return PlainTextResponse(str(error), status_code=400)
        try:
            result = await run_in_threadpool(get_pool().execute, query, accept, None, scope)
        except QueryFailed as failure:
            return PlainTextResponse(failure.message, status_code=failure.status)
        return Response(content=result.body, media_type=result.media_type)

    @router.get(path, summary=f"{about} (GET)")
    async def sparql_get(request: Request) -> Response:
        params = request.query_params
        if "update" in params:
            return PlainTextResponse("this SPARQL endpoint is read-only: updates are not accepted", status_code=403)
        return await answer(request, params.get("query"), params.get("format"))

    @router.post(path, summary=f"{about} (POST form or direct body)")
    async def sparql_post(request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        raw = await request.body()
        if len(raw) > MAX_QUERY_BYTES * 4:
            return PlainTextResponse(f"request too large: over {MAX_QUERY_BYTES * 4} bytes", status_code=413)
        if content_type == "application/sparql-update":
            return PlainTextResponse("this SPARQL endpoint is read-only: updates are not accepted", status_code=403)
        format_name = request.query_params.get("format")
        if content_type == "application/sparql-query":
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                return PlainTextResponse("the query body is not UTF-8", status_code=400)
            return await answer(request, text, format_name)
        if content_type == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                return PlainTextResponse("the form body is not UTF-8", status_code=400)
            if "update" in form:
                return PlainTextResponse("this SPARQL endpoint is read-only: updates are not accepted", status_code=403)
            queries = form.get("query") or []
            return await answer(request, queries[0] if queries else None, format_name)
        return PlainTextResponse(f"unsupported content type {content_type or '(none)'!r}. {USAGE}", status_code=415)
