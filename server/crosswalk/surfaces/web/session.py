"""Who is signed in to the pages: credentials in an HttpOnly, SameSite=Strict cookie, verified on every request.

The cookie holds the credentials themselves (API tokens or SSO JWTs), never a server-side session, so each request
checks them against the accounts file exactly as an Authorization header is checked: expiry and revocation take
effect on the next page. A second cookie binds a random session id that the CSRF token of every form is derived
from (an HMAC with the service's secret); a form that writes is refused unless its token matches.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import Response

from crosswalk.engine.accounts import ROLES, AccessDenied, Authenticator, Forbidden, Principal, Unauthenticated
from crosswalk.engine.evidence.audit import Agent

SESSION_COOKIE = "cw_session"
SID_COOKIE = "cw_sid"
MAX_CREDENTIALS = 4
MAX_COOKIE_BYTES = 3800  # browsers keep cookies up to 4 KB
SECRET_ENV = "CROSSWALK_WEB_SECRET"


class CsrfRefused(ValueError):
    """A form that writes came without the session's CSRF token (or from another origin)."""


def web_secret() -> bytes:
    """The key CSRF tokens are derived from: CROSSWALK_WEB_SECRET, else random per process (forms opened before a
    restart must be reloaded)."""
    configured = os.environ.get(SECRET_ENV)
    return configured.encode() if configured else secrets.token_bytes(32)


@dataclass
class WebSession:
    """The request's signed-in state: every credential that still checks out, the chosen organization."""

    principals: list[Principal] = field(default_factory=list)
    credentials: list[str] = field(default_factory=list)
    active_org: str | None = None
    dropped: list[str] = field(default_factory=list)  # why a stored credential no longer counts
    sid: str = ""
    csrf: str = ""
    new_sid: bool = False
    all_orgs: Callable[[], list[str]] = list

    @property
    def signed_in(self) -> bool:
        return bool(self.principals)

    @property
    def subject(self) -> str:
        return self.principals[0].subject if self.principals else "anonymous"

    def roles(self) -> dict[str, str]:
        """organization -> the highest role any credential grants there (site administrators: every one)."""
        held: dict[str, str] = {}
        for principal in self.principals:
            for org, role in principal.org_roles.items():
                if org not in held or ROLES[role].rank > ROLES[held[org]].rank:
                    held[org] = role
        if any(p.site_admin for p in self.principals):
            for org in self.all_orgs():
                held.setdefault(org, "site-admin")
        return dict(sorted(held.items()))

    def org(self) -> str | None:
        """The organization the pages show: the chosen one if still held, else the first held."""
        held = self.roles()
        if self.active_org in held:
            return self.active_org
        return next(iter(held), None)

    def allows(self, action: str, org: str) -> bool:
        return any(p.allows(action, org) for p in self.principals)

    def require(self, action: str, org: str) -> Principal:
        """The credential that allows ``action`` in ``org`` (its subject is who the audit trail names); otherwise
        Unauthenticated (nobody signed in) or Forbidden, with the accounts layer's reasons."""
        for principal in self.principals:
            if principal.allows(action, org):
                return principal
        if not self.principals:
            Principal("anonymous", "anonymous").require(action, org)
        reasons: list[AccessDenied] = []
        for principal in self.principals:
            try:
                principal.require(action, org)
            except AccessDenied as denied:
                reasons.append(denied)
        raise Forbidden("; ".join(r.message for r in reasons))

    def agent(self, action: str, org: str) -> Agent:
        principal = self.require(action, org)
        return Agent(principal.subject, principal.method)


def _decode(value: str | None) -> dict[str, object]:
    if not value:
        return {}
    try:
        data = json.loads(base64.urlsafe_b64decode(value.encode() + b"=" * (-len(value) % 4)))
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def encode(credentials: Sequence[str], org: str | None) -> str:
    raw = json.dumps({"c": list(credentials), "o": org}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class Sessions:
    """Reads the cookies into a ``WebSession`` and writes them back; derives and checks CSRF tokens."""

    def __init__(self, authenticator: Callable[[], Authenticator], secret: bytes) -> None:
        self._authenticator = authenticator
        self._secret = secret

    def csrf_for(self, sid: str) -> str:
        return hmac.new(self._secret, b"csrf:" + sid.encode(), hashlib.sha256).hexdigest()[:40]

    def verify(self, credential: str) -> Principal:
        """A credential as the Authorization header would carry it; Unauthenticated if it does not check out."""
        return self._authenticator().from_authorization_header(f"Bearer {credential.strip()}")

    def read(self, request: Request) -> WebSession:
        data = _decode(request.cookies.get(SESSION_COOKIE))
        stored = [c for c in data.get("c", []) if isinstance(c, str)][:MAX_CREDENTIALS]  # type: ignore[attr-defined]
        org = data.get("o")
        sid = request.cookies.get(SID_COOKIE) or ""
        session = WebSession(active_org=org if isinstance(org, str) else None, sid=sid)
        if len(sid) < 32:
            session.sid, session.new_sid = secrets.token_urlsafe(32), True
        session.csrf = self.csrf_for(session.sid)
        authenticator = self._authenticator()
        session.all_orgs = lambda: sorted(authenticator.accounts.org_ids())
        header = request.headers.get("authorization")
        if header:  # a script calling the pages with a token directly (benchmarks, curl)
            try:
                session.principals.append(authenticator.from_authorization_header(header))
            except Unauthenticated as refused:
                session.dropped.append(refused.message)
            session.principals = [p for p in session.principals if p.authenticated]
        for credential in stored:
            try:
                principal = self.verify(credential)
            except Unauthenticated as refused:
                session.dropped.append(refused.message)
                continue
            session.principals.append(principal)
            session.credentials.append(credential)
        return session

    def check_csrf(self, request: Request, session: WebSession, token: str | None) -> None:
        """Refuse a write whose form token is not this session's, or that another origin sent."""
        origin = request.headers.get("origin")
        if origin and origin != "null" and origin.rstrip("/") != str(request.base_url).rstrip("/"):
            raise CsrfRefused(f"a form from {origin} may not write here")
        if session.new_sid or not token or not hmac.compare_digest(token, session.csrf):
            raise CsrfRefused("the form's session token is missing or stale: reload the page and try again")

    def save(self, request: Request, response: Response, session: WebSession, *, rotate: bool = False) -> None:
        """Write the cookies back: HttpOnly, SameSite=Strict, Secure when served over https."""
        secure = request.url.scheme == "https"
        if rotate or session.new_sid:
            if rotate:
                session.sid = secrets.token_urlsafe(32)
            response.set_cookie(SID_COOKIE, session.sid, httponly=True, samesite="strict", secure=secure, path="/")
        if session.credentials:
            value = encode(session.credentials, session.active_org)
            if len(value) > MAX_COOKIE_BYTES:
                raise ValueError("too many or too long credentials for one browser session; sign out first")
            response.set_cookie(SESSION_COOKIE, value, httponly=True, samesite="strict", secure=secure, path="/")
        elif SESSION_COOKIE in request.cookies:
            response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=secure)
