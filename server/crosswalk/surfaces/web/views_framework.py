"""Framework browser (a version's tree) and the element page: verbatim text, locator, hierarchy, every mapping in
and out read from this element's side, and inferred crosswalks to a chosen framework with their paths."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from markupsafe import Markup

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, UnknownVersion, find_version
from crosswalk.content.iri_base import IriBase
from crosswalk.engine.mapping_index import MAX_HOPS_LIMIT, TooExpensive
from crosswalk.engine.read_models import Engine
from crosswalk.engine.records import ElementRecord
from crosswalk.surfaces.web.cache import PublicCache
from crosswalk.surfaces.web.paths import crosswalk_views, path_elements, read_from
from crosswalk.surfaces.web.render import ENVIRONMENT, PREFIX, Web
from crosswalk.surfaces.web.views_home import frameworks

BUDGET_SECONDS = 5.0
MAX_DEPTH = 6


@dataclass
class Node:
    element: ElementRecord
    children: list[Node] = field(default_factory=list)


def tree(engine: Engine, cache: PublicCache, version_iri: str) -> tuple[list[Node], int]:
    """The version's elements as a tree, read a level at a time (one query per level, not per element)."""
    top = engine.reference.top_elements(version_iri)
    levels = [top]
    children: dict[str, list[str]] = {}
    frontier = top
    while frontier and len(levels) <= MAX_DEPTH:
        found = engine.reference.children(frontier)
        children.update(found)
        frontier = [c for kids in found.values() for c in kids]
        if frontier:
            levels.append(frontier)
    records = cache.elements([i for level in levels for i in level])

    def build(iri: str) -> Node | None:
        record = records.get(iri)
        if record is None:
            return None
        kids = sorted(children.get(iri, []), key=lambda c: (records[c].order or 0) if c in records else 0)
        return Node(record, [n for n in (build(c) for c in kids) if n is not None])

    nodes = [n for n in (build(i) for i in sorted(top, key=lambda t: (records[t].order or 0) if t in records else 0))]
    return [n for n in nodes if n is not None], len(records)


def build_framework_router(web: Web) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get(PREFIX + "/frameworks")
    async def index(request: Request) -> Response:
        session = web.session(request)
        versions = await run_in_threadpool(web.cache.versions)
        return web.html(request, session, "frameworks.html", frameworks=frameworks(versions))

    @router.get(PREFIX + "/frameworks/{version:path}")
    async def browse(request: Request, version: str) -> Response:
        session = web.session(request)
        engine = web.engine
        try:
            spec = find_version(version)
        except UnknownVersion as error:
            return web.bad_request(request, session, str(error), status=404)
        record = await run_in_threadpool(web.cache.version, spec.iri)
        if record is None:
            return web.bad_request(request, session, f"{spec.key} is registered but not loaded", status=404)

        def contents() -> tuple[Markup, int]:
            nodes, count = tree(engine, web.cache, spec.iri)
            return Markup(ENVIRONMENT.get_template("tree.html").render(nodes=nodes)), count

        fragment, count = await run_in_threadpool(web.cache.memo, ("tree", spec.iri), contents)
        notes = await run_in_threadpool(
            web.cache.memo, ("notes", spec.iri), lambda: engine.reference.version_notes(spec.iri)
        )
        return web.html(
            request, session, "framework.html", record=record, tree=fragment, count=count, notes=notes,
            title=record.title or spec.key,
        )  # fmt: skip

    @router.get(PREFIX + "/element/{path:path}")
    async def element(request: Request, path: str, to: str = "", hops: int = 2) -> Response:
        session = web.session(request)
        engine = web.engine
        iri = ns.ID + path.strip("/")
        found = await run_in_threadpool(web.cache.elements, [iri])
        if iri not in found:
            try:
                resolved = await run_in_threadpool(engine.resolve, path)
            except LookupError as error:
                return web.bad_request(request, session, str(error), status=404)
            return web.redirect(request, session, PREFIX + "/element/" + resolved.removeprefix(ns.ID))
        if not 1 <= hops <= MAX_HOPS_LIMIT:
            return web.bad_request(request, session, f"hops must be between 1 and {MAX_HOPS_LIMIT}")
        try:
            values = await run_in_threadpool(_element_values, engine, web.cache, found[iri], to.strip(), hops)
        except (LookupError, TooExpensive, ValueError) as error:
            return web.bad_request(request, session, str(error))
        return web.html(request, session, "element.html", **values)

    return router


def _element_values(engine: Engine, cache: PublicCache, record: ElementRecord, to: str, hops: int) -> dict[str, Any]:
    iri = record.iri
    ancestors: list[str] = []
    parent = record.parent
    while parent and len(ancestors) < MAX_DEPTH:
        ancestors.insert(0, parent)
        parent_record = cache.elements([parent]).get(parent)
        parent = parent_record.parent if parent_record else None
    children = engine.reference.children([iri]).get(iri, [])
    mapping_iris = [m for m, inferred in engine.reference.mapping_iris_of([iri]).get(iri, []) if not inferred]
    mappings = cache.mappings(mapping_iris)
    views = sorted(
        (read_from(m, iri) for m in mappings.values()),
        key=lambda v: (not v.outgoing, v.record.set_iri, v.record.row or 0),
    )
    crosswalks = []
    if to:
        find_version(to)  # an unknown framework is refused with the known ones
        deadline = time.monotonic() + BUDGET_SECONDS
        results = engine.mapping_index.crosswalk(iri, to, hops, deadline)
        crosswalks = crosswalk_views(cache.mappings, results)
    wanted = {*ancestors, *children, *(v.other for v in views), *path_elements(crosswalks)}
    elements = cache.elements(sorted(wanted))
    versions = {v.iri: v for v in cache.versions()}
    annotations = engine.reference.annotations([iri]).get(iri, [])
    return {
        "title": record.notation or record.id,
        "e": record,
        "version_record": versions.get(record.version),
        "ancestors": ancestors,
        "children": children,
        "mappings": views,
        "crosswalks": crosswalks,
        "elements": elements,
        "annotations": annotations,
        "to": to,
        "hops": hops,
        "targets": sorted({spec.framework for spec in FRAMEWORK_VERSIONS.values()}),
        "public_iri": IriBase.from_env().public(iri),
    }
