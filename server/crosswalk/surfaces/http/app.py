"""The HTTP service: GraphQL at /graphql (GraphiQL on GET), SPARQL at /sparql and /orgs/{org}/sparql, IRI pages and
exports, over one store; every request's caller is read from its Authorization header (API token or SSO JWT)."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from crosswalk import __version__
from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.engine.accounts import AccountStore, Authenticator, Principal, SSOConfig
from crosswalk.engine.evidence.model import check_org_id
from crosswalk.engine.read_models import Engine
from crosswalk.store import GraphStore, open_store
from crosswalk.surfaces.graphql import Context, Loaders, schema
from crosswalk.surfaces.http.access import accounts_location, authenticator_for, caller
from crosswalk.surfaces.http.dereference import build_dereference_router
from crosswalk.surfaces.http.export_routes import build_export_router
from crosswalk.surfaces.http.graphql_route import ThreadedGraphQLRouter
from crosswalk.surfaces.http.limits import MAX_BODY_BYTES, BodyLimit
from crosswalk.surfaces.http.org_pages import build_org_pages_router
from crosswalk.surfaces.http.sparql_endpoint import build_router
from crosswalk.surfaces.http.sparql_worker import OrgScope, SparqlWorkerPool


@dataclass
class Settings:
    store: str | Path | None  # a store location: a folder, or memory:
    query_timeout: float = 30.0
    sparql_workers: int = 1
    backend: str | None = None  # default: the one the store location names
    accounts: str | Path | None = None  # the accounts file; default: beside the store folder (in memory for memory:)
    sso: SSOConfig | None = None  # single sign-on; default: the CROSSWALK_SSO_* environment, if set
    service_allowlist: tuple[str, ...] = ()  # SERVICE endpoints a SPARQL query may name; none by default
    mappings: Path | None = None  # where accepted suggestions are written; default: the content root's mappings/


def public_snapshot(store: GraphStore, directory: Path, name: str = "public.nq") -> Path:
    """Write the public graphs (never an organization's) to N-Quads for the SPARQL workers."""
    graphs = [g for g in store.named_graphs() if ns.is_public_graph(g)]
    path = directory / name
    pyoxigraph.serialize(store.quads(graphs), output=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    return path


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    state: dict[str, object] = {}
    base = IriBase.from_env()

    def get_engine() -> Engine:
        engine = state["engine"]
        assert isinstance(engine, Engine)
        return engine

    def who(request: Request) -> Principal:
        authenticator = state["authenticator"]
        assert isinstance(authenticator, Authenticator)
        return caller(authenticator, request)

    def org_scope(request: Request) -> OrgScope:
        org = check_org_id(request.path_params["org"])
        who(request).require("read", org)
        engine = get_engine()
        graphs = tuple(engine.evidence.graphs(org))
        return OrgScope(org, engine.evidence.generation(org), graphs, lambda: engine.store.nquads(graphs))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        active = store or open_store(settings.store, settings.backend)
        accounts = AccountStore(accounts_location(settings.store, settings.accounts))
        with tempfile.TemporaryDirectory(prefix="crosswalk-sparql-") as scratch:
            pool = SparqlWorkerPool(
                public_snapshot(active, Path(scratch)),
                workers=settings.sparql_workers,
                timeout=settings.query_timeout,
                service_allowlist=settings.service_allowlist,
            )
            engine = Engine(active, settings.mappings)
            engine.mapping_index  # noqa: B018 -- built now, so the first crosswalk request does not wait
            snapshots = iter(range(1, 1_000_000))
            engine.on_mappings_changed.append(
                lambda: pool.refresh(public_snapshot(active, Path(scratch), f"public-{next(snapshots)}.nq"))
            )
            state["engine"] = engine
            state["pool"] = pool
            state["authenticator"] = authenticator_for(accounts, settings.sso)
            try:
                yield
            finally:
                pool.close()
                accounts.close()
                if store is None:
                    active.close()

    app = FastAPI(
        title="crosswalk",
        version=__version__,
        description="AI risk-management standards as a knowledge graph: GraphQL at /graphql, SPARQL at /sparql.",
        lifespan=lifespan,
    )

    app.state.settings = settings
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)

    async def context_getter(request: Request) -> Context:
        engine = get_engine()
        return Context(engine=engine, loaders=Loaders.create(engine), principal=who(request))

    app.include_router(
        ThreadedGraphQLRouter(schema, context_getter=context_getter, graphql_ide="graphiql"), prefix="/graphql"
    )

    def get_pool() -> SparqlWorkerPool:
        pool = state["pool"]
        assert isinstance(pool, SparqlWorkerPool)
        return pool

    app.include_router(build_router(get_pool, org_scope))
    app.include_router(build_org_pages_router(get_engine, who, base))
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
