"""SPARQL 1.1 Graph Store HTTP Protocol, read side: GET and HEAD /graphs?graph=IRI or /graphs?default.

For tools that mirror a catalog. Only public graphs are served: any other IRI (an organization's graph included) is
a 404 that reads the same as a graph that does not exist. ``?default`` is the endpoint's default graph, the union
of the public graphs (as N-Quads, every triple keeps its graph). Written by the exchange layer's RDF writers and
streamed, so memory stays at a few chunks whatever the graph's size.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response, StreamingResponse

from crosswalk.content.iri_base import IriBase
from crosswalk.engine.read_models import Engine
from crosswalk.exchange.exports import FORMATS, ExportContext, Scope
from crosswalk.surfaces.http.export_routes import stream
from crosswalk.surfaces.http.negotiation import FORMAT_NAMES, JSON_LD, N_TRIPLES, TURTLE, accepted_types, choose

N_QUADS = "application/n-quads"
# Media type -> the export format that writes it (the same writers as /export and `crosswalk export`).
GRAPH_FORMATS = {TURTLE: "turtle", N_TRIPLES: "ntriples", N_QUADS: "nquads", JSON_LD: "jsonld"}
OFFERS = tuple(GRAPH_FORMATS)
USAGE = "GET /graphs?graph=IRI (a public named graph) or /graphs?default (the union of the public graphs)"


def build_graph_store_router(get_engine: Callable[[], Engine], base: IriBase) -> APIRouter:
    router = APIRouter()

    @router.api_route("/graphs", methods=["GET", "HEAD"], summary="A public named graph (Graph Store Protocol, read)")
    async def graph(request: Request) -> Response:
        params = parse_qs(request.url.query, keep_blank_values=True)
        names = params.get("graph", [])
        if ("default" in params) == bool(names) or len(names) > 1:
            return PlainTextResponse(f"name one graph: {USAGE}", status_code=400)
        format_name = (params.get("format") or [""])[0]
        accept = accepted_types(request.headers.get("accept")) or ["*/*"]
        if format_name:
            accept = [FORMAT_NAMES.get(format_name.lower(), format_name), *accept]
        media_type = choose(accept, OFFERS)
        if media_type is None:
            return PlainTextResponse(f"a graph is available as {', '.join(OFFERS)}", status_code=406)
        ctx = ExportContext(get_engine(), base)
        public = await run_in_threadpool(ctx.engine.public_graph_names)
        if names:
            stored = base.stored(names[0])
            if stored not in public:
                return PlainTextResponse(f"no public graph {names[0]!r}", status_code=404)
            graphs = [stored]
        else:
            graphs = public
        headers = {"vary": "Accept"}
        if request.method == "HEAD":
            return Response(b"", media_type=media_type, headers=headers)
        writer = FORMATS[GRAPH_FORMATS[media_type]].writer
        chunks = stream(lambda out: writer(ctx, Scope(graphs=graphs), out))
        first = await run_in_threadpool(next, chunks, b"")
        return StreamingResponse(chain([first], chunks), media_type=media_type, headers=headers)

    return router
