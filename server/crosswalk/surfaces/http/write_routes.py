"""The service as the store's single writer: the writes the CLI sends with --server, validated and written here
exactly as the CLI would write them locally (the same library calls, the same reports and error texts).

- ``POST /orgs/{org}/evidence``: an evidence file (JSON, CSV, Turtle, JSON-LD), ``write-evidence`` in ``org``;
  a file that changes the organization's profile needs ``manage-org`` there too.
- ``POST /orgs/{org}/evidence/{item}/retract``: ``{"reason": ...}``, ``write-evidence``.
- ``POST /imports``: a mapping file (SSSOM, OSCAL), ``publish-content`` (curators, site administrators).
- ``POST /load``: a gzipped tar of a content root (ontology/, mappings/, queries/), ``publish-content``.

The caller is checked before the body is read. One write runs at a time; after a write of public content the
service's caches and the public SPARQL workers follow at once (``published``).
"""

from __future__ import annotations

import io
import json
import re
import tarfile
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from crosswalk.content.rejection import Rejected
from crosswalk.engine.accounts import AccessDenied, Principal
from crosswalk.engine.evidence.audit import Agent
from crosswalk.engine.evidence.model import check_org_id
from crosswalk.engine.evidence.service import ProfileProblem
from crosswalk.engine.read_models import Engine
from crosswalk.surfaces.http.access import DENIED_STATUS

# Paths whose bodies may be large uploads (the rest keep the service's small ceiling); limits.BodyLimit reads this.
UPLOAD_PATHS = re.compile(r"^/(orgs/[^/]+/evidence|imports|load)$")
EVIDENCE_SUFFIXES = {"json": ".json", "csv": ".csv", "turtle": ".ttl", "ttl": ".ttl", "jsonld": ".jsonld"}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _error(message: str, status: int, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _rejection(error: Rejected[Any], status: int = 422) -> JSONResponse:
    problems = [
        asdict(problem) if hasattr(problem, "__dataclass_fields__") else str(problem) for problem in error.problems
    ]
    return _error(str(error), status, problems=problems)


def _file_name(request: Request, default: str) -> str:
    """The uploaded file's own name (only its last part, made safe): reports and provenance cite it."""
    given = Path(request.query_params.get("filename") or default).name
    return _SAFE_NAME.sub("_", given)[:120] or default


def _extract(data: bytes, target: Path) -> None:
    """Unpack a content archive: only plain files and folders under ontology/, mappings/ and queries/."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            top = Path(member.name).parts[0] if Path(member.name).parts else ""
            if top not in ("ontology", "mappings", "queries") or not (member.isfile() or member.isdir()):
                raise ValueError(f"unexpected entry in the content archive: {member.name!r}")
        archive.extractall(target, filter="data")


def build_write_router(
    get_engine: Callable[[], Engine],
    who: Callable[[Request], Principal],
    published: Callable[[], None],
) -> APIRouter:
    router = APIRouter(tags=["writes"])
    writing = threading.Lock()

    def allowed(request: Request, action: str, org: str | None = None) -> Principal | JSONResponse:
        """The caller, if it may ``action`` (in ``org``); else the refusal to answer with (401, 403, or 400 for a
        malformed organization id)."""
        try:
            principal = who(request)
            principal.require(action, None if org is None else check_org_id(org))
        except AccessDenied as denied:
            return _error(denied.message, DENIED_STATUS[denied.code])
        except ValueError as error:
            return _error(str(error), 400)
        return principal

    @router.post("/orgs/{org}/evidence", summary="Import an evidence file (what `crosswalk evidence import` sends)")
    async def import_evidence(request: Request, org: str) -> JSONResponse:
        principal = allowed(request, "write-evidence", org)
        if isinstance(principal, JSONResponse):
            return principal
        params = request.query_params
        suffix = EVIDENCE_SUFFIXES.get((params.get("format") or "").lower())
        name = _file_name(request, "evidence.json")
        if suffix and not name.endswith(suffix):
            name += suffix
        body = await request.body()
        engine = get_engine()

        def write() -> JSONResponse:
            # The readers and writers of files are imported by the first write, not at start: serving needs none.
            from crosswalk.exchange.evidence_files import EvidenceFormatError, read

            with tempfile.TemporaryDirectory(prefix="crosswalk-upload-") as scratch:
                path = Path(scratch) / name
                path.write_bytes(body)
                try:
                    file_org, records = read(path)
                except EvidenceFormatError as error:
                    return _error(str(error), 422)
            with writing:
                try:
                    profile = engine.evidence.profile_for(
                        org, file_org, params.get("name"), params.getlist("role"), params.getlist("release")
                    )
                    if engine.evidence.changes_profile(profile):
                        principal.require("manage-org", org)
                    agent = Agent(principal.subject, f"{principal.method} via service")
                    report = engine.evidence.import_batch(profile, records, agent)
                except AccessDenied as denied:
                    return _error(denied.message, DENIED_STATUS[denied.code])
                except ProfileProblem as problem:
                    return _error(str(problem), 422)
                except Rejected as rejected:
                    return _rejection(rejected)
            return JSONResponse({"items": len(records), **asdict(report)})

        return await run_in_threadpool(write)

    @router.post("/orgs/{org}/evidence/{item}/retract", summary="Retract an evidence item")
    async def retract_evidence(request: Request, org: str, item: str) -> JSONResponse:
        principal = allowed(request, "write-evidence", org)
        if isinstance(principal, JSONResponse):
            return principal
        try:
            reason = str(json.loads(await request.body() or b"{}").get("reason") or "")
        except (ValueError, AttributeError):
            return _error('the body must be JSON: {"reason": "..."}', 400)
        engine = get_engine()

        def write() -> JSONResponse:
            with writing:
                try:
                    engine.evidence.retract(
                        org, item, reason, Agent(principal.subject, f"{principal.method} via service")
                    )
                except Rejected as rejected:
                    return _rejection(rejected)
            return JSONResponse({"organization": org, "retracted": item})

        return await run_in_threadpool(write)

    @router.post("/imports", summary="Import a mapping file (what `crosswalk import` sends)")
    async def import_mappings(request: Request) -> JSONResponse:
        refused = allowed(request, "publish-content")
        if isinstance(refused, JSONResponse):
            return refused
        format_name = request.query_params.get("format") or None
        from crosswalk.exchange.imports import ImportRejected, import_file, options_from_params

        try:
            options = options_from_params(request.query_params)
        except ValueError as error:  # json.JSONDecodeError too
            return _error(str(error), 400)
        name = _file_name(request, "mappings.sssom.tsv")
        body = await request.body()
        engine = get_engine()

        def write() -> JSONResponse:
            with tempfile.TemporaryDirectory(prefix="crosswalk-upload-") as scratch, writing:
                path = Path(scratch) / name
                path.write_bytes(body)
                try:
                    report = import_file(engine.store, path, format_name, options=options)
                except ImportRejected as rejected:
                    return _rejection(rejected)
                published()
            return JSONResponse(report.as_dict())

        return await run_in_threadpool(write)

    @router.post("/load", summary="Validate and load a content root (what `crosswalk load` sends)")
    async def load_content(request: Request) -> JSONResponse:
        refused = allowed(request, "publish-content")
        if isinstance(refused, JSONResponse):
            return refused
        body = await request.body()
        engine = get_engine()

        def write() -> JSONResponse:
            from crosswalk.content.loader import LoadError
            from crosswalk.engine.publish import load

            with tempfile.TemporaryDirectory(prefix="crosswalk-content-") as scratch:
                try:
                    _extract(body, Path(scratch))
                except (tarfile.TarError, ValueError, OSError) as error:
                    return _error(f"not a content archive: {error}", 400)
                with writing:
                    try:
                        report = load(engine.store, root=Path(scratch))
                    except LoadError as rejected:
                        return _rejection(rejected)
                    published()
            return JSONResponse(
                {
                    "graphs": report.graphs,
                    "dropped": report.dropped,
                    "seconds": report.seconds,
                    "inferred": report.inferred,
                    "triples": report.triples,
                    "unchanged": report.unchanged,
                }
            )

        return await run_in_threadpool(write)

    return router
