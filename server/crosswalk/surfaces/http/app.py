"""The HTTP service: GraphQL at /graphql (GraphiQL on GET), SPARQL at /sparql, over one store."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from strawberry.fastapi import GraphQLRouter

from crosswalk import __version__
from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.engine.read_models import Engine
from crosswalk.store import GraphStore, open_store
from crosswalk.surfaces.graphql import Context, Loaders, schema
from crosswalk.surfaces.http.dereference import build_dereference_router
from crosswalk.surfaces.http.export_routes import build_export_router
from crosswalk.surfaces.http.sparql_endpoint import build_router
from crosswalk.surfaces.http.sparql_worker import SparqlWorkerPool

MAX_BODY_BYTES = 1_000_000


@dataclass
class Settings:
    store: str | Path | None  # a store location: a folder, or memory:
    query_timeout: float = 30.0
    sparql_workers: int = 1
    backend: str | None = None  # default: the one the store location names


def public_snapshot(store: GraphStore, directory: Path) -> Path:
    """Write the public graphs (never an organization's) to N-Quads for the SPARQL workers."""
    graphs = [g for g in store.named_graphs() if ns.is_public_graph(g)]
    path = directory / "public.nq"
    pyoxigraph.serialize(store.quads(graphs), output=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    return path


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    state: dict[str, object] = {}
    base = IriBase.from_env()

    def get_engine() -> Engine:
        engine = state["engine"]
        assert isinstance(engine, Engine)
        return engine

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        active = store or open_store(settings.store, settings.backend)
        with tempfile.TemporaryDirectory(prefix="crosswalk-sparql-") as scratch:
            pool = SparqlWorkerPool(
                public_snapshot(active, Path(scratch)),
                workers=settings.sparql_workers,
                timeout=settings.query_timeout,
            )
            engine = Engine(active)
            engine.mapping_index  # noqa: B018 -- built now, so the first crosswalk request does not wait
            state["engine"] = engine
            state["pool"] = pool
            try:
                yield
            finally:
                pool.close()
                if store is None:
                    active.close()

    app = FastAPI(
        title="crosswalk",
        version=__version__,
        description="AI risk-management standards as a knowledge graph: GraphQL at /graphql, SPARQL at /sparql.",
        lifespan=lifespan,
    )

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return PlainTextResponse(f"request body too large: over {MAX_BODY_BYTES} bytes", status_code=413)
        return await call_next(request)

    async def context_getter() -> Context:
        return Context(engine=get_engine(), loaders=Loaders.create(get_engine()))

    app.include_router(GraphQLRouter(schema, context_getter=context_getter, graphql_ide="graphiql"), prefix="/graphql")

    def get_pool() -> SparqlWorkerPool:
        pool = state["pool"]
        assert isinstance(pool, SparqlWorkerPool)
        return pool

    app.include_router(build_router(get_pool))
    app.include_router(build_dereference_router(get_engine, base))
    app.include_router(build_export_router(get_engine, base))

    @app.get("/health", summary="Liveness and what is loaded")
    async def health() -> JSONResponse:
        engine = state.get("engine")
        loaded = len(engine.reference.versions()) if isinstance(engine, Engine) else 0
        return JSONResponse({"status": "ok", "version": __version__, "frameworkVersions": loaded})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> str:
        return (
            "<!doctype html><title>crosswalk</title><h1>crosswalk</h1>"
            "<ul><li><a href='/graphql'>GraphQL (GraphiQL)</a></li>"
            "<li><a href='/sparql'>SPARQL endpoint</a> (SPARQL 1.1 Protocol)</li>"
            "<li><a href='/docs'>HTTP API docs</a></li></ul>"
        )

    return app
