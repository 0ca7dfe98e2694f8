"""IRIs of organization resources (/org/{org}, /org/{org}/evidence/{id}, ...): answered to the organization's viewers
only, from its own graphs, by the same content negotiation as every other IRI page."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pyoxigraph import NamedNode

from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.engine.accounts import AccessDenied, Principal
from crosswalk.engine.evidence.model import check_org_id
from crosswalk.engine.read_models import Engine
from crosswalk.surfaces.http import pages
from crosswalk.surfaces.http.access import DENIED_STATUS
from crosswalk.surfaces.http.dereference import HTML, Describer, negotiate


def build_org_pages_router(
    get_engine: Callable[[], Engine], who: Callable[[Request], Principal], base: IriBase
) -> APIRouter:
    router = APIRouter()

    async def answer(request: Request, org: str, path: str) -> Response:
        try:
            who(request).require("read", check_org_id(org))
        except AccessDenied as denied:
            return PlainTextResponse(denied.message, status_code=DENIED_STATUS[denied.code])
        except ValueError as error:
            return PlainTextResponse(str(error), status_code=400)
        media_type = negotiate(request)
        if media_type is None:
            return PlainTextResponse("not acceptable; offered as text/html and RDF", status_code=406)
        engine = get_engine()
        own = set(engine.evidence.graphs(org))
        iri = base.from_path(f"org/{org}" + (f"/{path.strip('/')}" if path.strip("/") else ""))
        triples = await run_in_threadpool(engine.describe, iri, own.__contains__)
        if not triples:
            return PlainTextResponse(f"nothing is recorded under {base.public(iri)} for {org!r}", status_code=404)
        describer = Describer(engine, base)
        if media_type != HTML:
            return Response(await run_in_threadpool(describer.rdf, triples, media_type), media_type=media_type)
        rows = [
            (t.predicate.value, str(t.object.value), isinstance(t.object, NamedNode))  # type: ignore[union-attr]
            for t in triples
            if t.subject == NamedNode(iri)
        ]
        title = next((value for predicate, value, _ in rows if predicate in (ns.DCTERMS + "title",)), "")
        return HTMLResponse(pages.generic_page(base, iri, title, rows))

    @router.get("/org/{org}", summary="An organization (its viewers only; content-negotiated)")
    async def organization(org: str, request: Request) -> Response:
        return await answer(request, org, "")

    @router.get("/org/{org}/{path:path}", summary="An organization's evidence item or support (its viewers only)")
    async def resource(org: str, path: str, request: Request) -> Response:
        return await answer(request, org, path)

    return router
