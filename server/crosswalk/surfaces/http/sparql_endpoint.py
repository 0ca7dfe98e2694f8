"""SPARQL 1.1 Protocol at /sparql: GET, HEAD and POST (form or direct body), read-only, content-negotiated.

The dataset is the caller's readable graphs (their union is the default graph) unless the request names one:
``default-graph-uri`` / ``named-graph-uri`` (which override the query's own FROM / FROM NAMED, as the Protocol says)
or else the query's FROM / FROM NAMED; a named graph the caller may not read is empty. A GET without a query is the
SPARQL 1.1 Service Description (HTML browsers are sent to the query editor).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from crosswalk.engine.accounts import AccessDenied
from crosswalk.surfaces.http.negotiation import (
    FORMAT_NAMES,
    GRAPH_OFFERS,
    HTML,
    JSON_LD,
    N_TRIPLES,
    RESULT_OFFERS,
    TURTLE,
    accepted_types,
    choose,
)
from crosswalk.surfaces.http.sparql_guard import dataset_clauses, query_form
from crosswalk.surfaces.http.sparql_worker import Dataset, OrgScope, QueryFailed, QueryRunner

MAX_QUERY_BYTES = 100_000
DENIED_STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403}
USAGE = (
    "Send a SPARQL query: GET /sparql?query=..., or POST with a form field 'query', "
    "or POST a body of type application/sparql-query."
)
READ_ONLY = "this SPARQL endpoint is read-only: updates are not accepted"
EDITOR_PATH = "/sparql-editor"
DESCRIPTION_OFFERS = (TURTLE, JSON_LD, N_TRIPLES, HTML)  # a browser (text/html first) is sent to the editor

ScopeOf = Callable[[Request], OrgScope | None]
Params = dict[str, list[str]]
# (endpoint IRI, the caller's organization scope or None, media type) -> the service description, serialised
Describe = Callable[[str, OrgScope | None, str], bytes]


def build_router(
    get_pool: Callable[[], QueryRunner], org_scope: ScopeOf | None = None, describe: Describe | None = None
) -> APIRouter:
    """/sparql over the public graphs, and, with ``org_scope``, /orgs/{org}/sparql over the public graphs plus that
    organization's (``org_scope`` checks the caller and raises AccessDenied). ``get_pool`` is called per request:
    the pool starts with the app, after the routes exist. ``describe`` writes the service description."""
    router = APIRouter()
    register(router, "/sparql", get_pool, lambda _: None, "SPARQL 1.1 query over the public graphs", describe)
    if org_scope is not None:
        register(
            router, "/orgs/{org}/sparql", get_pool, org_scope,
            "SPARQL 1.1 query over the public graphs and one organization's own (its viewers only)", describe,
        )  # fmt: skip
    return router


def _text(message: str, status: int) -> Response:
    return PlainTextResponse(message, status_code=status)


def requested_dataset(params: Params, text: str) -> Dataset | None:
    """The dataset the request names: the protocol's parameters first, else the query's FROM / FROM NAMED."""
    default, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    if not default and not named:
        default, named = dataset_clauses(text)
    if not default and not named:
        return None
    return Dataset(tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named)))


def register(
    router: APIRouter,
    path: str,
    get_pool: Callable[[], QueryRunner],
    scope_of: ScopeOf,
    about: str,
    describe: Describe | None = None,
) -> None:
    async def scoped(request: Request) -> OrgScope | Response | None:
        try:
            return await run_in_threadpool(scope_of, request)
        except AccessDenied as denied:
            return _text(denied.message, DENIED_STATUS[denied.code])
        except ValueError as error:  # a malformed organization id
            return _text(str(error), 400)

    async def answer(request: Request, query: str | None, params: Params, head: bool = False) -> Response:
        if not query or not query.strip():
            return _text(USAGE, 400)
        if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            return _text(f"query too large: over {MAX_QUERY_BYTES} bytes", 413)
        header = accepted_types(request.headers.get("accept"))
        accept = list(header)
        format_name = (params.get("format") or [""])[0]
        if format_name:
            alias = FORMAT_NAMES.get(format_name.lower())
            if alias is None:
                known = ", ".join(sorted(FORMAT_NAMES))
                return _text(f"unknown format {format_name!r}; known: {known}", 400)
            accept = [alias, *accept]
        scope = await scoped(request)  # who may ask comes before anything else is said
        if isinstance(scope, Response):
            return scope
        # 406 when nothing accepted is a form the endpoint writes; an RDF type asked of a SELECT (or a results type
        # of a CONSTRUCT) still gets the default form of that answer, as before.
        offers = (*RESULT_OFFERS, *GRAPH_OFFERS)
        if header and choose(accept, offers) is None:
            form = query_form(query) or "SPARQL"
            return _text(f"cannot answer a {form} query as {', '.join(header)}; available: {', '.join(offers)}", 406)
        dataset = requested_dataset(params, query)
        try:
            endpoint = str(request.url.replace(query=""))
            result = await run_in_threadpool(get_pool().execute, query, accept, None, scope, dataset, endpoint)
        except QueryFailed as failure:
            return _text(failure.message, failure.status)
        return _respond(result.body, result.media_type, head)

    async def service_description(request: Request, head: bool) -> Response:
        if describe is None:
            return _text(USAGE, 400)
        chosen = choose(accepted_types(request.headers.get("accept")) or ["*/*"], DESCRIPTION_OFFERS)
        if chosen is None:
            return _text(f"the service description is available as {', '.join(DESCRIPTION_OFFERS[:3])}", 406)
        if chosen == HTML:
            return RedirectResponse(EDITOR_PATH, status_code=303)
        scope = await scoped(request)
        if isinstance(scope, Response):
            return scope
        endpoint = str(request.url.replace(query=""))
        body = await run_in_threadpool(describe, endpoint, scope, chosen)
        return _respond(body, chosen, head)

    @router.api_route(path, methods=["GET", "HEAD"], summary=f"{about} (GET; no query: the service description)")
    async def sparql_get(request: Request) -> Response:
        params = parse_qs(request.url.query, keep_blank_values=True)
        head = request.method == "HEAD"
        if "update" in params:
            return _text(READ_ONLY, 403)
        queries = params.get("query")
        if queries is None:
            return await service_description(request, head)
        if len(queries) > 1:
            return _text(f"exactly one 'query' parameter is allowed; this request has {len(queries)}", 400)
        return await answer(request, queries[0], params, head)

    @router.post(path, summary=f"{about} (POST form or direct body)")
    async def sparql_post(request: Request) -> Response:
        media_type, _, parameters = request.headers.get("content-type", "").partition(";")
        content_type = media_type.strip().lower()
        charset = parse_qs(parameters.replace(";", "&").replace(" ", "")).get("charset", ["utf-8"])[0].strip('"')
        raw = await request.body()
        if len(raw) > MAX_QUERY_BYTES * 4:
            return _text(f"request too large: over {MAX_QUERY_BYTES * 4} bytes", 413)
        params = parse_qs(request.url.query, keep_blank_values=True)
        if content_type == "application/sparql-update" or "update" in params:
            return _text(READ_ONLY, 403)
        bodied = content_type in ("application/sparql-query", "application/x-www-form-urlencoded")
        if bodied and charset.lower() not in ("utf-8", "utf8"):
            return _text(f"the body must be UTF-8, not {charset}", 415)
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            body = None
        if content_type == "application/sparql-query":
            if body is None:
                return _text("the query body is not UTF-8", 400)
            if "query" in params:
                return _text("a query in the body and another in the URL: send exactly one", 400)
            return await answer(request, body, params)
        if content_type == "application/x-www-form-urlencoded":
            if body is None:
                return _text("the form body is not UTF-8", 400)
            form = parse_qs(body, keep_blank_values=True)
            if "update" in form:
                return _text(READ_ONLY, 403)
            merged = {key: [*params.get(key, []), *form.get(key, [])] for key in {*params, *form}}
            queries = merged.get("query") or []
            if len(queries) > 1:
                return _text(f"exactly one 'query' parameter is allowed; this request has {len(queries)}", 400)
            return await answer(request, queries[0] if queries else None, merged)
        return _text(f"unsupported content type {content_type or '(none)'!r}. {USAGE}", 415)


def _respond(body: bytes, media_type: str, head: bool) -> Response:
    """The answer; for HEAD, its headers only (with the length the body would have)."""
    if not head:
        return Response(content=body, media_type=media_type)
    return Response(content=b"", media_type=media_type, headers={"content-length": str(len(body))})
