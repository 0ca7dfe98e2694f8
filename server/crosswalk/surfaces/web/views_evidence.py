"""An organization's evidence: its items with their reach; a CSV or JSON upload that is validated whole and shows
every problem before anything is written, then written on confirmation; one item recorded, edited or retracted in a
form. Reads need a viewer, writes an editor; every write goes through the engine's evidence service, audited as the
signed-in caller's."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine import coverage as coverage_engine
from crosswalk.engine.accounts import AccessDenied
from crosswalk.engine.evidence.model import EvidenceRecord, Organization, SupportClaim, check_org_id
from crosswalk.engine.evidence.validate import EvidenceProblem, EvidenceRejected
from crosswalk.exchange.evidence_files import READERS, EvidenceFormatError, read
from crosswalk.surfaces.web.render import PREFIX, Web
from crosswalk.surfaces.web.session import CsrfRefused, WebSession

FIELDS = ("id", "title", "kind", "link", "content_hash", "owner", "produced", "valid_until", "metric", "score", "model")
UPLOAD_FORMATS = (".csv", ".json")


@dataclass
class Item:
    id: str
    title: str
    kind: str
    fields: dict[str, str]
    retracted: bool
    supports: list[dict[str, str]] = field(default_factory=list)
    reach: list[tuple[str, str, str, int]] = field(default_factory=list)


def items_of(web: Web, org: str) -> list[Item]:
    """The organization's items with what each covers in every framework (as GraphQL ``reach`` reads it)."""
    engine = web.engine
    items: dict[str, Item] = {}
    for value in engine.evidence.rows(org):
        item = items.get(value["item"])
        if item is None:
            item = items[value["item"]] = Item(
                value["id"], value["title"], value["kind"],
                {"link": value.get("link", ""), "owner": value.get("owner", ""), "produced": value.get("produced", ""),
                 "valid_until": value.get("validUntil", ""), "content_hash": value.get("hash", ""),
                 "metric": value.get("metric", ""), "score": value.get("score", ""), "model": value.get("model", "")},
                value.get("retracted") == "true",
            )  # fmt: skip
        if "element" in value:
            item.supports.append(value)
    for item in items.values():
        found: dict[str, tuple[str, str, str, int]] = {}
        for support in item.supports:
            if support.get("status") not in coverage_engine.LEVEL_OF_STATUS:
                continue
            found.setdefault(support["element"], (support["element"], "covered", "direct", 0))
            for target, level, relationship, hops in coverage_engine.reach(engine, support["element"]):
                if support.get("status") == "partially-implemented":
                    level = "partial"
                if target not in found or (found[target][1] == "partial" and level == "covered"):
                    found[target] = (target, level, relationship, hops)
        item.reach = sorted(found.values(), key=lambda r: (r[3], r[0]))
    return sorted(items.values(), key=lambda i: i.id)


def profile_for(web: Web, session: WebSession, org: str, block: Organization | None) -> tuple[Organization, str]:
    """The profile a write keeps: the stored one; a file's organization block only from an admin of ``org``."""
    stored = web.engine.evidence.organization(org)
    note = ""
    if block is not None and block.id == org and session.allows("manage-org", org):
        return block, "the file's organization block updates the profile"
    if block is not None:
        note = "the file's organization block was ignored (it names another organization or needs an admin)"
    if stored is not None:
        return stored, note
    record = web.get_authenticator().accounts.organization(org)
    return Organization(org, record.name if record else org), note


def record_from_form(form: FormData) -> EvidenceRecord:
    """One item from the form; supports are lines 'element | status | version | reason'."""
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    supports = []
    for line in str(form.get("supports") or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + ["", "", ""]
        supports.append(SupportClaim(parts[0], parts[1], parts[2] or None, parts[3] or None))
    return EvidenceRecord(
        id=values["id"], title=values["title"], kind=values["kind"], supports=supports,
        link=values["link"] or None, content_hash=values["content_hash"] or None, owner=values["owner"] or None,
        produced=values["produced"] or None, valid_until=values["valid_until"] or None,
        metric=values["metric"] or None, score=values["score"] or None, model=values["model"] or None,
        source="the form",
    )  # fmt: skip


def parse_upload(name: str, content: bytes) -> tuple[Organization | None, list[EvidenceRecord]]:
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_FORMATS and suffix not in READERS:
        raise EvidenceFormatError(f"{name}: upload a .csv or .json file")
    with tempfile.TemporaryDirectory(prefix="crosswalk-upload-") as folder:
        path = Path(folder) / ("upload" + suffix)
        path.write_bytes(content)
        return read(path)


def build_evidence_router(web: Web) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    base = PREFIX + "/orgs/{org}/evidence"

    async def page(request: Request, session: WebSession, org: str, status: int = 200, **values: object) -> Response:
        items = await run_in_threadpool(items_of, web, org)
        vocab = vocabulary()
        reach_elements = {t for i in items for t, *_ in i.reach[:12]}
        reach_elements |= {s["element"] for i in items for s in i.supports}
        elements = await run_in_threadpool(web.cache.elements, reach_elements)
        values.setdefault("form", {})
        return web.html(
            request, session, "evidence.html", status=status, title=f"Evidence: {org}", org_id=org, items=items,
            elements=elements, can_write=session.allows("write-evidence", org),
            kinds=sorted(vocab.schemes["evidence-kind"]), statuses=sorted(vocab.schemes["implementation-status"]),
            **values,
        )  # fmt: skip

    async def writer(request: Request, org: str) -> tuple[WebSession, FormData] | Response:
        """The session and form of a write, once the org id, the CSRF token and the editor role check out."""
        session = web.session(request)
        try:
            check_org_id(org)
            form = await request.form()
            web.sessions.check_csrf(request, session, str(form.get("csrf") or ""))
            session.require("write-evidence", org)
        except AccessDenied as denied:
            return web.refused(request, session, denied)
        except CsrfRefused as refused:
            return web.csrf_refused(request, session, refused)
        except ValueError as error:
            return web.bad_request(request, session, str(error))
        return session, form

    @router.get(base)
    async def index(request: Request, org: str, edit: str = "") -> Response:
        session = web.session(request)
        try:
            session.require("read", check_org_id(org))
        except AccessDenied as denied:
            return web.refused(request, session, denied)
        except ValueError as error:
            return web.bad_request(request, session, str(error))
        form: dict[str, str] = {}
        if edit:
            for item in await run_in_threadpool(items_of, web, org):
                if item.id == edit:
                    form = {"id": item.id, "title": item.title, "kind": item.kind, **item.fields}
                    form["supports"] = "\n".join(
                        f"{s['element'].rsplit('/id/', 1)[-1]} | {s.get('status', '')} | | {s.get('reason', '')}"
                        for s in item.supports
                    )
        return await page(request, session, org, form=form, editing=bool(form))

    @router.post(base + "/upload")
    async def upload(request: Request, org: str) -> Response:
        checked = await writer(request, org)
        if isinstance(checked, Response):
            return checked
        session, form = checked
        file = form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            return await page(request, session, org, status=400, upload_error="choose a CSV or JSON file to upload")
        content = await file.read()
        return await check(request, session, org, file.filename, content)

    async def check(request: Request, session: WebSession, org: str, name: str, content: bytes) -> Response:
        try:
            block, records = await run_in_threadpool(parse_upload, name, content)
        except EvidenceFormatError as error:
            return await page(request, session, org, status=400, upload_error=str(error))
        profile, note = await run_in_threadpool(profile_for, web, session, org, block)
        try:
            report = await run_in_threadpool(web.engine.evidence.check_batch, profile, records)
        except EvidenceRejected as rejected:
            problems: list[EvidenceProblem] = list(rejected.problems)
            return await page(request, session, org, status=422, problems=problems, upload_name=name, note=note)
        return await page(
            request, session, org, preview=report, upload_name=name, upload_content=content.decode("utf-8"), note=note
        )

    @router.post(base + "/confirm")
    async def confirm(request: Request, org: str) -> Response:
        checked = await writer(request, org)
        if isinstance(checked, Response):
            return checked
        session, form = checked
        name, content = str(form.get("name") or ""), str(form.get("content") or "").encode("utf-8")
        try:
            block, records = await run_in_threadpool(parse_upload, name, content)
            profile, _ = await run_in_threadpool(profile_for, web, session, org, block)
            agent = session.agent("write-evidence", org)
            report = await run_in_threadpool(web.engine.evidence.import_batch, profile, records, agent)
        except EvidenceFormatError as error:
            return await page(request, session, org, status=400, upload_error=str(error))
        except EvidenceRejected as rejected:  # the evidence changed since the check: show why, write nothing
            return await page(request, session, org, status=422, problems=list(rejected.problems), upload_name=name)
        return await page(request, session, org, written=report)

    @router.post(base + "/item")
    async def record_item(request: Request, org: str) -> Response:
        checked = await writer(request, org)
        if isinstance(checked, Response):
            return checked
        session, form = checked
        record = record_from_form(form)
        try:
            profile, _ = await run_in_threadpool(profile_for, web, session, org, None)
            agent = session.agent("write-evidence", org)
            report = await run_in_threadpool(web.engine.evidence.import_batch, profile, [record], agent)
        except EvidenceRejected as rejected:
            refill = {name: str(form.get(name) or "") for name in (*FIELDS, "supports")}
            return await page(
                request, session, org, status=422, item_problems=list(rejected.problems), form=refill, editing=True
            )
        return await page(request, session, org, written=report)

    @router.post(base + "/retract")
    async def retract_item(request: Request, org: str) -> Response:
        checked = await writer(request, org)
        if isinstance(checked, Response):
            return checked
        session, form = checked
        item_id, reason = str(form.get("id") or ""), str(form.get("reason") or "")
        try:
            agent = session.agent("write-evidence", org)
            await run_in_threadpool(web.engine.evidence.retract, org, item_id, reason, agent)
        except EvidenceRejected as rejected:
            return await page(request, session, org, status=422, retract_problems=list(rejected.problems))
        return await page(request, session, org, retracted=item_id)

    return router
