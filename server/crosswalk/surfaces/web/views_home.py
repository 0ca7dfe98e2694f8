"""Home (frameworks with their counts, search, the signed-in user's organizations), sign in, sign out, switch."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from crosswalk.content.frameworks import UnknownVersion
from crosswalk.engine.accounts import Unauthenticated
from crosswalk.engine.evidence.model import check_org_id
from crosswalk.engine.records import VersionRecord
from crosswalk.surfaces.web.render import PREFIX, Web
from crosswalk.surfaces.web.session import MAX_CREDENTIALS, CsrfRefused

MAX_SEARCH = 100


def safe_next(target: str | None) -> str:
    """Only a local path: a sign-in link must never send anyone to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def frameworks(versions: list[VersionRecord]) -> list[tuple[str, str, list[VersionRecord]]]:
    """(framework id, title, versions) in a stable order, latest version first."""
    grouped: dict[str, list[VersionRecord]] = defaultdict(list)
    titles: dict[str, str] = {}
    for record in versions:
        grouped[record.framework_id].append(record)
        titles[record.framework_id] = record.framework_title
    return [
        (fid, titles[fid], sorted(grouped[fid], key=lambda v: (not v.latest, v.id)))
        for fid in sorted(grouped, key=lambda f: titles[f].lower())
    ]


def build_home_router(web: Web) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    async def home(request: Request) -> Response:
        session = web.session(request)
        versions = await run_in_threadpool(web.cache.versions)
        return web.html(request, session, "home.html", frameworks=frameworks(versions), total=len(versions))

    @router.get(PREFIX + "/search")
    async def search(request: Request, q: str = "", version: str = "") -> Response:
        session = web.session(request)
        text = q.strip()
        if len(text) > 200:
            return web.bad_request(request, session, "search text is limited to 200 characters")
        engine = web.engine
        try:
            version_iri = engine.reference.version_iri(version) if version else None
        except UnknownVersion as error:
            return web.bad_request(request, session, str(error))
        hits: list[str] = []
        if text:
            hits = await run_in_threadpool(
                web.cache.memo, ("search", text, version_iri), lambda: engine.reference.search(text, version_iri)
            )
        elements = await run_in_threadpool(web.cache.elements, hits[:MAX_SEARCH])
        versions = {v.iri: v for v in await run_in_threadpool(web.cache.versions)}
        results = [(elements[i], versions.get(elements[i].version)) for i in hits[:MAX_SEARCH] if i in elements]
        return web.html(
            request, session, "search.html", q=text, version=version, results=results, total=len(hits),
            shown=len(results), versions=sorted(versions.values(), key=lambda v: v.id),
        )  # fmt: skip

    @router.get(PREFIX + "/signin")
    async def signin_form(request: Request, next: str = "/") -> Response:
        session = web.session(request)
        return web.html(request, session, "signin.html", next=safe_next(next), error=None, sso=_sso(web))

    @router.post(PREFIX + "/signin")
    async def signin(request: Request) -> Response:
        session = web.session(request)
        form = await request.form()
        target = safe_next(str(form.get("next") or "/"))
        try:
            web.sessions.check_csrf(request, session, str(form.get("csrf") or ""))
        except CsrfRefused as refused:
            return web.csrf_refused(request, session, refused)
        credential = str(form.get("token") or "").strip()
        try:
            principal = await run_in_threadpool(web.sessions.verify, credential)
            if not principal.authenticated:
                raise Unauthenticated("give a token")
        except Unauthenticated as refused:
            return web.html(
                request, session, "signin.html", status=401, next=target, error=refused.message, sso=_sso(web)
            )
        if credential not in session.credentials:
            session.credentials = [credential, *session.credentials][:MAX_CREDENTIALS]
            session.principals.insert(0, principal)
        session.active_org = next(iter(principal.org_roles), session.active_org)
        try:
            return web.redirect(request, session, target, rotate=True)
        except ValueError as error:
            return web.bad_request(request, session, str(error))

    @router.post(PREFIX + "/signout")
    async def signout(request: Request) -> Response:
        session = web.session(request)
        form = await request.form()
        try:
            web.sessions.check_csrf(request, session, str(form.get("csrf") or ""))
        except CsrfRefused as refused:
            return web.csrf_refused(request, session, refused)
        session.credentials, session.principals, session.active_org = [], [], None
        return web.redirect(request, session, "/", rotate=True)

    @router.post(PREFIX + "/switch")
    async def switch(request: Request) -> Response:
        session = web.session(request)
        form = await request.form()
        try:
            web.sessions.check_csrf(request, session, str(form.get("csrf") or ""))
            org = check_org_id(str(form.get("org") or ""))
        except CsrfRefused as refused:
            return web.csrf_refused(request, session, refused)
        except ValueError as error:
            return web.bad_request(request, session, str(error))
        if org not in session.roles():
            return web.bad_request(request, session, f"you hold no role in {org!r}", status=403)
        session.active_org = org
        target = safe_next(str(form.get("next") or "/"))
        if target.startswith(PREFIX + "/orgs/"):
            target = f"{PREFIX}/orgs/{org}/" + target.split("/", 4)[-1]
        return web.redirect(request, session, target)

    return router


def _sso(web: Web) -> str | None:
    verifier = web.get_authenticator().sso
    return None if verifier is None else verifier.config.issuer
