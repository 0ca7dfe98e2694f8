"""The web app for governance teams: server-rendered pages over the engine's read models, under /app (Home at /).

The HTTP app mounts it with ``mount``; the pages, their templates and their static files (one CSS file, small
vanilla JS modules) travel inside the package, so the pages work with no build step and no outside request.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from crosswalk.content.iri_base import IriBase
from crosswalk.engine.accounts import Authenticator
from crosswalk.engine.read_models import Engine
from crosswalk.surfaces.web.cache import PublicCache
from crosswalk.surfaces.web.render import HERE, PREFIX, Web
from crosswalk.surfaces.web.session import Sessions, web_secret
from crosswalk.surfaces.web.views_coverage import build_coverage_router
from crosswalk.surfaces.web.views_diff import build_diff_router
from crosswalk.surfaces.web.views_evidence import build_evidence_router
from crosswalk.surfaces.web.views_framework import build_framework_router
from crosswalk.surfaces.web.views_home import build_home_router
from crosswalk.surfaces.web.views_matrix import build_matrix_router


def mount(
    app: FastAPI, get_engine: Callable[[], Engine], get_authenticator: Callable[[], Authenticator], base: IriBase
) -> None:
    """Add the pages and /app/static to ``app``."""
    web = Web(get_engine, get_authenticator, Sessions(get_authenticator, web_secret()), base, PublicCache(get_engine))
    for build in (
        build_home_router,
        build_framework_router,
        build_matrix_router,
        build_coverage_router,
        build_evidence_router,
        build_diff_router,
    ):
        app.include_router(build(web))
    app.mount(PREFIX + "/static", StaticFiles(directory=HERE / "static"), name="web-static")


__all__ = ["mount"]
