"""What every page shares: the templates (autoescaped), the read models, the session, and the answer for refusals.

Pages are rendered on the server from the engine's read models, the same objects GraphQL asks, so a page and an
API call never disagree. Every value goes through Jinja2's autoescaping; links to our own resources are local paths.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from crosswalk import __version__
from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.accounts import AccessDenied, Authenticator
from crosswalk.engine.read_models import Engine
from crosswalk.engine.records import ElementRecord
from crosswalk.surfaces.web.cache import PublicCache
from crosswalk.surfaces.web.session import CsrfRefused, Sessions, WebSession

HERE = Path(__file__).parent
PREFIX = "/app"
SPARQL_EDITOR = "/sparql-editor"

ENVIRONMENT = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def element_path(iri: str) -> str:
    """The page of an element: /app/element/<framework>/<version>/<local id>."""
    return PREFIX + "/element/" + quote(iri.removeprefix(ns.ID), safe="/")


def element_name(element: ElementRecord | None, iri: str = "") -> str:
    """How a person names an element: its notation (or id), then its title or first words."""
    if element is None:
        return iri.removeprefix(ns.ID)
    head = element.notation or element.id
    words = (element.label or element.statement or "").split()
    tail = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return f"{head} — {tail}" if tail and tail != head else head


def label(iri: str | None) -> str:
    """A vocabulary term's label ('subset of', 'NIST official'), else its notation."""
    if not iri:
        return ""
    vocab = vocabulary()
    return vocab.labels.get(iri, vocab.notation_of(iri))


def notation(iri: str | None) -> str:
    return vocabulary().notation_of(iri) if iri else ""


def local_path(iri: str) -> str:
    """Our own IRIs as local paths (/id/..., /mappings/...), so links work on any host."""
    path = IriBase.path_of(iri)
    return quote(path, safe="/:#") if path else iri


ENVIRONMENT.globals.update(
    local_path=local_path,
    element_path=element_path,
    element_name=element_name,
    label=label,
    notation=notation,
    version=__version__,
)
ENVIRONMENT.filters["pct"] = lambda value: f"{100 * float(value):.0f}%"


@dataclass
class Web:
    """The pages' view of the service: read models, credentials, IRI base."""

    get_engine: Callable[[], Engine]
    get_authenticator: Callable[[], Authenticator]
    sessions: Sessions
    base: IriBase
    cache: PublicCache

    @property
    def engine(self) -> Engine:
        return self.get_engine()

    def session(self, request: Request) -> WebSession:
        return self.sessions.read(request)

    def html(
        self, request: Request, session: WebSession, template: str, status: int = 200, **values: Any
    ) -> HTMLResponse:
        org = session.org()
        body = ENVIRONMENT.get_template(template).render(
            request=request,
            session=session,
            org=org,
            orgs=session.roles(),
            csrf=session.csrf,
            path=request.url.path,
            sparql_editor=SPARQL_EDITOR,
            **values,
        )
        response = HTMLResponse(body, status_code=status)
        self.sessions.save(request, response, session)
        return response

    def refused(self, request: Request, session: WebSession, denied: AccessDenied) -> HTMLResponse:
        """401 (sign in) or 403 (no role here), as a page that says why and shows no organization data."""
        status = 401 if denied.code == "UNAUTHENTICATED" else 403
        return self.html(request, session, "refused.html", status=status, reason=denied.message, code=status)

    def bad_request(self, request: Request, session: WebSession, reason: str, status: int = 400) -> HTMLResponse:
        return self.html(request, session, "refused.html", status=status, reason=reason, code=status)

    def csrf_refused(self, request: Request, session: WebSession, refused: CsrfRefused) -> HTMLResponse:
        return self.bad_request(request, session, str(refused), status=403)

    def redirect(self, request: Request, session: WebSession, to: str, *, rotate: bool = False) -> Response:
        response = RedirectResponse(to, status_code=303)
        self.sessions.save(request, response, session, rotate=rotate)
        return response
