"""The HTTP service: GraphQL at /graphql (GraphiQL on GET), SPARQL at /sparql and /orgs/{org}/sparql, IRI pages and
exports, over one store; every request's caller is read from its Authorization header (API token or SSO JWT)."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pyoxigraph
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from crosswalk import __version__
from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.engine.accounts import AccountStore, Authenticator, Principal, SSOConfig
from crosswalk.engine.evidence.model import check_org_id
from crosswalk.engine.read_models import Engine
from crosswalk.engine.store_watch import Follower
from crosswalk.store import GraphStore, open_store
from crosswalk.store.embedded import OxigraphStore
from crosswalk.surfaces import web
from crosswalk.surfaces.graphql import Context, Loaders, schema
from crosswalk.surfaces.http.access import accounts_location, authenticator_for, caller
from crosswalk.surfaces.http.cors import ENV_VAR as CORS_ENV_VAR
from crosswalk.surfaces.http.cors import CorsPolicy, origins_from
from crosswalk.surfaces.http.dereference import build_dereference_router
from crosswalk.surfaces.http.export_routes import build_export_router
from crosswalk.surfaces.http.graph_store import build_graph_store_router
from crosswalk.surfaces.http.graphql_route import ThreadedGraphQLRouter
from crosswalk.surfaces.http.limits import MAX_BODY_BYTES, BodyLimit
from crosswalk.surfaces.http.org_pages import build_org_pages_router
from crosswalk.surfaces.http.service_description import describe_service, serialise
from crosswalk.surfaces.http.sparql_editor import ASSETS, EDITOR_PATH, build_editor_router, static_files
from crosswalk.surfaces.http.sparql_endpoint import build_router
from crosswalk.surfaces.http.sparql_worker import OrgScope, PublicSource, QueryRunner, SparqlWorkerPool
from crosswalk.surfaces.http.write_routes import UPLOAD_PATHS, build_write_router


@dataclass
class Settings:
    store: str | Path | None  # a store location: a folder, memory:, or a remote store's URL or .toml file
    query_timeout: float = 30.0
    sparql_workers: int = 1
    backend: str | None = None  # default: the one the store location names
    accounts: str | Path | None = None  # the accounts file; default: beside the store folder (in memory for memory:)
    sso: SSOConfig | None = None  # single sign-on; default: the CROSSWALK_SSO_* environment, if set
    service_allowlist: tuple[str, ...] = ()  # SERVICE endpoints a SPARQL query may name; none by default
    max_upload_bytes: int = 512_000_000  # evidence files, mapping files and content archives sent to the writes
    # Origins whose pages may call organizations' SPARQL endpoints from a browser (CORS); default: the
    # CROSSWALK_CORS_ORIGINS environment (comma- or space-separated). The public endpoint answers any origin.
    cors_origins: tuple[str, ...] | None = None

    mappings: Path | None = None  # where accepted suggestions are written; default: the content root's mappings/


def public_source(store: GraphStore, directory: Path, generation: int = 0) -> PublicSource:
    """What the SPARQL workers read: for a store on disk, its copy holding the public graphs only (made again only
    when public content changed, so a start copies nothing) and the store itself for organizations' queries, both
    opened read-only; else the public graphs (never an organization's) written to N-Quads in ``directory``."""
    if isinstance(store, OxigraphStore) and store.location is not None:
        return PublicSource(Path(store.public_copy()), store=Path(store.location))
    graphs = [g for g in store.named_graphs() if ns.is_public_graph(g)]
    path = directory / f"public-{generation}.nq"
    pyoxigraph.serialize(store.quads(graphs), output=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    return PublicSource(path, snapshot=True)


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
    async def lifespan(running: FastAPI) -> AsyncIterator[None]:
        active = store or open_store(settings.store, settings.backend)
        accounts = AccountStore(accounts_location(settings.store, settings.accounts))
        with tempfile.TemporaryDirectory(prefix="crosswalk-sparql-") as scratch:
            pool: QueryRunner
            if isinstance(active, OxigraphStore):
                pool = SparqlWorkerPool(
                    public_source(active, Path(scratch)),
                    workers=settings.sparql_workers,
                    timeout=settings.query_timeout,
                    service_allowlist=settings.service_allowlist,
                )
            else:  # a remote store: its own server answers, over the public dataset
                from crosswalk.store.remote import RemoteStore
                from crosswalk.surfaces.http.sparql_remote import RemoteSparql

                assert isinstance(active, RemoteStore)
                allowed = settings.service_allowlist
                pool = RemoteSparql(active, timeout=settings.query_timeout, service_allowlist=allowed)
            engine = Engine(active, settings.mappings)  # its read models are built on first use, not at start
            # but for element ids, which nearly every GraphQL request resolves: read beside the start, not before it
            warming = threading.Thread(target=engine.resolver.warm, name="crosswalk-warm-ids", daemon=True)
            warming.start()
            engine.on_mappings_changed.append(published)  # an accepted suggestion: as after an import
            state["engine"] = engine
            running.state.engine = engine  # what tests of several instances look at (its store watch)
            state["pool"] = pool
            state["scratch"] = Path(scratch)
            state["authenticator"] = authenticator_for(accounts, settings.sso)
            # other instances may write a remote store: follow it from a thread, so their writes are answered here
            # within a second (the embedded store has one writer, this service, which refreshes itself)
            follower = None if isinstance(active, OxigraphStore) else Follower(engine.follow_eagerly).start()
            try:
                yield
            finally:
                if follower is not None:
                    follower.stop()
                pool.close()
                accounts.close()
                # a read under way holds the store open: a warm-up still reading is waited for, so the store is
                # closed (its lock let go) when the service has stopped, and a next writer can open it at once
                warming.join()
                if store is None:
                    active.close()

    app = FastAPI(
        title="crosswalk",
        version=__version__,
        description="AI risk-management standards as a knowledge graph: GraphQL at /graphql, SPARQL at /sparql.",
        lifespan=lifespan,
    )

    app.state.settings = settings
    app.add_middleware(
        BodyLimit, max_bytes=MAX_BODY_BYTES, uploads=UPLOAD_PATHS, upload_bytes=settings.max_upload_bytes
    )
    cors_origins = settings.cors_origins
    if cors_origins is None:
        cors_origins = origins_from(os.environ.get(CORS_ENV_VAR))
    app.add_middleware(CorsPolicy, org_origins=cors_origins)

    async def context_getter(request: Request) -> Context:
        engine = get_engine()
        return Context(engine=engine, loaders=Loaders.create(engine), principal=who(request))

    app.include_router(
        ThreadedGraphQLRouter(schema, context_getter=context_getter, graphql_ide="graphiql"), prefix="/graphql"
    )

    def get_pool() -> QueryRunner:
        return cast(QueryRunner, state["pool"])

    def published() -> None:
        """Public graphs were rewritten through this service (a load, a mapping import): the engine's read models
        and the public SPARQL workers follow before the write is answered (a remote store's server needs nothing)."""
        engine = get_engine()
        engine.refresh()
        pool = get_pool()
        if isinstance(pool, SparqlWorkerPool):
            scratch = state["scratch"]
            assert isinstance(scratch, Path)
            old = pool.source
            pool.reload(public_source(engine.store, scratch, engine.public_generation))
            if old.snapshot:
                old.path.unlink(missing_ok=True)
        engine.mapping_index  # noqa: B018 -- rebuilt now, not on the next reader's time

    app.include_router(build_write_router(get_engine, who, published))

    def describe(endpoint: str, scope: OrgScope | None, media_type: str) -> bytes:
        """The service description; the public graphs' sizes are counted once per service start."""
        editor = endpoint.rsplit("/sparql", 1)[0] + EDITOR_PATH if scope is None else None
        own = scope.graphs if scope is not None else ()
        return serialise(describe_service(endpoint, get_engine().public_graphs, own, editor), media_type)

    app.include_router(build_router(get_pool, org_scope, describe))
    app.include_router(build_graph_store_router(get_engine, base))
    app.include_router(build_editor_router())
    app.mount(ASSETS, static_files(), name="sparql-editor-assets")
    app.include_router(build_org_pages_router(get_engine, who, base))
    app.include_router(build_dereference_router(get_engine, base))
    app.include_router(build_export_router(get_engine, base))

    def get_authenticator() -> Authenticator:
        authenticator = state["authenticator"]
        assert isinstance(authenticator, Authenticator)
        return authenticator

    web.mount(app, get_engine, get_authenticator, base)  # Home at /, the pages under /app

    @app.get("/health", summary="Liveness and what is loaded")
    async def health() -> JSONResponse:
        engine = state.get("engine")
        loaded = len(engine.reference.versions()) if isinstance(engine, Engine) else 0
        return JSONResponse({"status": "ok", "version": __version__, "frameworkVersions": loaded})

    return app
