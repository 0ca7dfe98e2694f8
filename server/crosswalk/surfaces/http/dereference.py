"""IRIs that answer: GET on a framework, version, element, mapping set, record or vocabulary IRI.

A request path (/id/ai-rmf/1.0/GV-1.1) names the stored IRI under the data's base; the answer is HTML, Turtle,
JSON-LD or N-Triples by content negotiation (or ``?format=``). A description is the resource's own statements
plus what points at it structurally (its parts, versions, records, members), from the public graphs only.
Other spellings of an element ("GOVERN 1.1", "gv-1.1") redirect permanently to the canonical IRI; /resolve?id=
answers 303 See Other; an unknown id is a 404 that suggests the closest ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, urlencode

import pyoxigraph
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from pyoxigraph import NamedNode, Triple

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.iri_base import IriBase
from crosswalk.engine.read_models import Engine
from crosswalk.engine.resolver import AmbiguousElement, UnknownElement
from crosswalk.exchange.exports.rdf_export import prefixes
from crosswalk.surfaces.http import pages
from crosswalk.surfaces.http.negotiation import HTML, JSON_LD, N_TRIPLES, PAGE_OFFERS, TURTLE, choose, requested

RDF_FORMATS = {
    TURTLE: pyoxigraph.RdfFormat.TURTLE,
    JSON_LD: pyoxigraph.RdfFormat.JSON_LD,
    N_TRIPLES: pyoxigraph.RdfFormat.N_TRIPLES,
}
_CW, _RDF_TYPE = ns.ONTOLOGY, ns.RDF + "type"


def negotiate(request: Request) -> str | None:
    """The media type to answer with: ``?format=`` first, then the Accept header; None if nothing fits."""
    wanted = requested(request)
    return None if wanted is None else choose(wanted, PAGE_OFFERS)


class Describer:
    """Reads one resource's description from the store, public graphs only."""

    def __init__(self, repository: Engine, base: IriBase) -> None:
        self.repo, self.base, self.store = repository, base, repository.store

    def triples(self, iri: str) -> list[Triple]:
        return self.repo.describe(iri)

    def rdf(self, triples: list[Triple], media_type: str) -> bytes:
        public = self.base.public

        def term(t: object) -> object:
            return NamedNode(public(t.value)) if isinstance(t, NamedNode) else t

        mapped = [Triple(term(t.subject), term(t.predicate), term(t.object)) for t in triples]  # type: ignore[arg-type]
        return pyoxigraph.serialize(mapped, format=RDF_FORMATS[media_type], prefixes=prefixes(self.base)) or b""

    def html(self, iri: str, triples: list[Triple], page_number: int) -> str:
        own = [t for t in triples if t.subject == NamedNode(iri)]
        types = {t.object.value for t in own if t.predicate.value == _RDF_TYPE}  # type: ignore[union-attr]
        element = (
            self.repo.reference.elements([iri]).get(iri)
            if any(t.predicate.value == _CW + "inVersion" for t in own)
            else None
        )
        title = next((str(t.object.value) for t in own if t.predicate.value in _TITLES), "")  # type: ignore[union-attr]
        if element is not None:
            return pages.element_page(self.repo, self.base, element)
        if _CW + "FrameworkVersion" in types:
            return pages.version_page(self.repo, self.base, iri)
        if _CW + "Framework" in types:
            return pages.framework_page(self.repo, self.base, iri, title)
        if _CW + "MappingSet" in types:
            return pages.set_page(self.repo, self.base, iri, page_number)
        if _CW + "Mapping" in types:
            record = self.repo.reference.mappings([iri]).get(iri)
            if record is not None:
                derived = sorted(t.object.value for t in own if t.predicate.value == ns.PROV + "wasDerivedFrom")  # type: ignore[union-attr]
                return pages.record_page(self.repo, self.base, record, derived)
        rows = [(t.predicate.value, str(t.object.value), isinstance(t.object, NamedNode)) for t in own]  # type: ignore[union-attr]
        return pages.generic_page(self.base, iri, title, rows)


_TITLES = (ns.SKOS + "prefLabel", ns.DCTERMS + "title", ns.RDFS + "label")


def build_dereference_router(get_engine: Callable[[], Engine], base: IriBase | None = None) -> APIRouter:
    """``get_engine`` is called per request (the app's engine exists only once the app has started)."""
    base = base or IriBase.from_env()
    router = APIRouter()

    def describer() -> Describer:
        return Describer(get_engine(), base)

    async def answer(request: Request, iri: str, missing: Callable[[Describer], Response] | None = None) -> Response:
        media_type = negotiate(request)
        if media_type is None:
            offered = ", ".join([HTML, *RDF_FORMATS])
            return PlainTextResponse(f"not acceptable; this resource is offered as {offered}", status_code=406)
        d = describer()
        triples = await run_in_threadpool(d.triples, iri)
        if not triples:
            if missing is not None:
                return await run_in_threadpool(missing, d)
            return _not_found(request, iri.removeprefix(ns.BASE), [], "resource")
        headers = {"Vary": "Accept", "Link": f'<{base.public(iri)}>; rel="canonical"'}
        if media_type == HTML:
            page = request.query_params.get("page", "1")
            html = await run_in_threadpool(d.html, iri, triples, int(page) if page.isdigit() else 1)
            return HTMLResponse(html, headers=headers)
        body = await run_in_threadpool(d.rdf, triples, media_type)
        return Response(body, media_type=media_type, headers=headers)

    @router.get("/id/{path:path}", summary="A framework, version or element IRI (content-negotiated)")
    async def identified(path: str, request: Request) -> Response:
        path = path.strip("/")
        return await answer(request, base.from_path("id/" + path), lambda d: _respell(d, path, request))

    @router.get("/mappings/{path:path}", summary="A mapping set or mapping record IRI (content-negotiated)")
    async def mapping(path: str, request: Request) -> Response:
        return await answer(request, base.from_path("mappings/" + path.strip("/")))

    @router.get("/vocab/{name}", summary="A controlled value of the vocabulary (content-negotiated)")
    async def vocab(name: str, request: Request) -> Response:
        return await answer(request, ns.VOCAB + name)

    @router.get("/ontology", summary="The ontology: classes, properties and controlled values (content-negotiated)")
    async def ontology(request: Request) -> Response:
        media_type = negotiate(request)
        if media_type is None:
            return PlainTextResponse("not acceptable; offered as text/html and RDF", status_code=406)
        d = describer()
        triples = await run_in_threadpool(lambda: [q.triple for q in d.store.quads([ns.ONTOLOGY_GRAPH])])
        if media_type != HTML:
            return Response(await run_in_threadpool(d.rdf, triples, media_type), media_type=media_type)
        label = ns.RDFS + "label"
        labels = [(str(t.subject), str(t.object.value)) for t in triples if t.predicate.value == label]  # type: ignore[union-attr]
        labels = [(iri.strip("<>"), text) for iri, text in labels]
        terms = sorted((iri, label) for iri, label in labels if iri.startswith(ns.ONTOLOGY))
        rows = [(iri, label, False) for iri, label in terms]
        return HTMLResponse(pages.generic_page(base, ns.BASE + "ontology", "crosswalk ontology", rows))

    @router.get("/resolve", summary="Find an element by any spelling of its id; 303 to its IRI")
    async def resolve(request: Request, id: str = "", version: str | None = None) -> Response:
        d = describer()
        try:
            iri = await run_in_threadpool(resolve_spelling, d.repo, id, version)
        except UnknownElement as error:
            return _not_found(request, id, error.suggestions, "element", version)
        except AmbiguousElement as error:
            return _choices(request, id, error.candidates)
        except LookupError as error:  # an unknown version
            return PlainTextResponse(str(error), status_code=404)
        return RedirectResponse(_local(iri, request), status_code=303)

    return router


def resolve_spelling(repository: Engine, key: str, version: str | None) -> str:
    """Engine.resolve, also trying the key with spaces and hyphens swapped ('GV 1.1', 'GOVERN-1.1')."""
    first: LookupError | None = None
    for candidate in dict.fromkeys((key, re.sub(r"\s+", "-", key.strip()), key.replace("-", " "))):
        try:
            return repository.resolve(candidate, version)
        except UnknownElement as error:
            first = first or error
    raise first or UnknownElement(key, [])


def _respell(d: Describer, path: str, request: Request) -> Response:
    """/id/<version>/<key> or /id/<key> where key is a notation or other spelling: redirect, or 404/300."""
    version = next((key for key in FRAMEWORK_VERSIONS if path.startswith(key + "/")), None)
    key = path[len(version) + 1 :] if version else path
    try:
        iri = resolve_spelling(d.repo, key, version)
    except UnknownElement as error:
        return _not_found(request, key, error.suggestions, "element", version)
    except AmbiguousElement as error:
        return _choices(request, key, error.candidates)
    except LookupError:
        return _not_found(request, key, [], "element", version)
    return RedirectResponse(_local(iri, request), status_code=301)


def _local(iri: str, request: Request) -> str:
    path = quote(IriBase.path_of(iri) or iri, safe="/:")
    keep = {k: v for k, v in request.query_params.items() if k == "format"}
    return path + (f"?{urlencode(keep)}" if keep else "")


def _not_found(request: Request, key: str, suggestions: list[str], what: str, version: str | None = None) -> Response:
    targets = [
        (s, "/resolve?" + urlencode({"id": s, **({"version": version} if version else {})})) for s in suggestions
    ]
    if negotiate(request) == HTML:
        return HTMLResponse(pages.not_found_page(key, targets, what), status_code=404)
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    return PlainTextResponse(f"no {what} {key!r}{hint}", status_code=404)


def _choices(request: Request, key: str, versions: list[str]) -> Response:
    targets = [(f"{key} in {v}", "/resolve?" + urlencode({"id": key, "version": v})) for v in versions]
    if negotiate(request) == HTML:
        return HTMLResponse(pages.choices_page(key, targets), status_code=300)
    return PlainTextResponse("\n".join(t for _, t in targets), status_code=300)
