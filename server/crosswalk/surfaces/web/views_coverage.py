"""The coverage dashboard of an organization (its viewers only): the engine's coverage report, as GraphQL
``coverage`` answers it, with charts by function, category or objective, AI 600-1 risk tag and value-chain role; the
gaps with what would close them; stale and planned evidence; each covered or partial element with its evidence and
the mapping path it counts through; a second framework beside it; CSV and a printable report."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, UnknownVersion, find_version
from crosswalk.engine import coverage as coverage_engine
from crosswalk.engine import readiness
from crosswalk.engine.accounts import AccessDenied
from crosswalk.engine.coverage import UnknownOrganization
from crosswalk.engine.evidence.model import check_org_id
from crosswalk.engine.marginal_risk import MarginalRisk
from crosswalk.engine.records import ElementRecord, MappingRecord
from crosswalk.surfaces.web.render import PREFIX, Web
from crosswalk.surfaces.web.session import WebSession

CLOSE_WITH = 8  # what evidence for a gap would also cover: the strongest few
DEFAULT_FRAMEWORK = "ai-rmf"
CSV_HEADER = [
    "element", "notation", "status", "group", "evidence", "via", "stale evidence", "planned", "reason", "paths",
]  # fmt: skip


@dataclass
class Chart:
    title: str
    groups: list[coverage_engine.GroupScore]


@dataclass
class Dashboard:
    report: coverage_engine.CoverageReport
    summary: coverage_engine.GroupScore
    charts: list[Chart]
    close_with: dict[str, list[tuple[str, str, str, int]]]
    elements: dict[str, ElementRecord]
    records: dict[str, MappingRecord]


def by_role(report: coverage_engine.CoverageReport) -> list[coverage_engine.GroupScore]:
    scores: dict[str, coverage_engine.GroupScore] = {}
    for element in report.elements:
        for role in element.roles or ["(any role)"]:
            scores.setdefault(role, coverage_engine.GroupScore(role)).add(element.status)
    return sorted(scores.values(), key=lambda g: g.key)


def dashboard(web: Web, org: str, framework: str, full: bool = True) -> Dashboard:
    engine = web.engine
    report = coverage_engine.compute(engine, org, framework)
    spec = FRAMEWORK_VERSIONS[report.version]
    charts = []
    names = {"grandparent": "By function or group", "parent": "By category, objective or practice"}
    levels = ["grandparent", "parent"] if spec.summary_level == "grandparent" else ["parent"]
    for level in levels:
        groups = report.groups(level)
        if len(groups) > 1 or (groups and groups[0].key != "-"):
            charts.append(Chart(names[level], groups))
    risks = report.groups("risk")
    if any(g.key != "(no risk tag)" for g in risks):
        charts.append(Chart("By AI 600-1 risk tag", risks))
    roles = by_role(report)
    if any(g.key != "(any role)" for g in roles):
        charts.append(Chart("By value-chain role", roles))
    close_with: dict[str, list[tuple[str, str, str, int]]] = {}
    wanted: set[str] = set()
    records: set[str] = set()
    if full:
        for e in report.elements:
            if e.status == "gap":
                close_with[e.element] = coverage_engine.reach(engine, e.element)[:CLOSE_WITH]
                wanted.update(t for t, *_ in close_with[e.element])
            for c in [*e.contributions, *e.stale]:
                wanted.add(c.from_element)
                records.update(c.path)
    return Dashboard(
        report, report.summary(), charts, close_with, web.cache.elements(wanted), web.cache.mappings(records)
    )


def report_csv(report: coverage_engine.CoverageReport) -> str:
    """The CLI's `crosswalk coverage --format csv` columns, and the mapping paths evidence counts through."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for e in report.elements:
        writer.writerow(
            [
                e.element, e.notation or e.label or "", e.status, e.parent_notation or "",
                ";".join(sorted({c.evidence_id for c in e.contributions})),
                ";".join(sorted({c.via for c in e.contributions})),
                ";".join(sorted({c.evidence_id for c in e.stale})), ";".join(e.planned), e.reason or "",
                ";".join(sorted({" > ".join(c.path) for c in e.contributions if c.path})),
            ]
        )  # fmt: skip
    return buffer.getvalue()


def build_coverage_router(web: Web) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def start(request: Request, org: str) -> tuple[WebSession, str]:
        session = web.session(request)
        session.require("read", check_org_id(org))
        return session, org

    async def render(request: Request, org: str, framework: str, compare: str, template: str) -> Response:
        session = web.session(request)
        try:
            session.require("read", check_org_id(org))
        except AccessDenied as denied:
            return web.refused(request, session, denied)
        except ValueError as error:
            return web.bad_request(request, session, str(error))
        profile = await run_in_threadpool(web.engine.evidence.organization, org)
        if profile is None:
            return web.html(request, session, "coverage_empty.html", title="Coverage", org_id=org)
        try:
            marginal = await run_in_threadpool(MarginalRisk(web.engine).compute, org)
            tiers = await run_in_threadpool(readiness.coverage_by_tier, web.engine, org, readiness.READINESS_VERSION)
        except (UnknownOrganization, LookupError, ValueError):
            marginal, tiers = [], []
        try:
            find_version(framework)
            main = await run_in_threadpool(dashboard, web, org, framework)
            other = await run_in_threadpool(dashboard, web, org, compare, False) if compare else None
        except (UnknownVersion, LookupError) as error:
            return web.bad_request(request, session, str(error.args[0]))
        return web.html(
            request, session, template, title=f"Coverage: {org}", org_id=org, profile=profile, d=main, other=other,
            framework=framework, compare=compare, marginal=marginal, tiers=tiers,
            frameworks=sorted({s.framework for s in FRAMEWORK_VERSIONS.values()
            if s.assessed_kinds}), versions=sorted(k for k, s in FRAMEWORK_VERSIONS.items() if s.assessed_kinds),
        )  # fmt: skip

    @router.get(PREFIX + "/orgs/{org}/coverage")
    async def page(request: Request, org: str, framework: str = DEFAULT_FRAMEWORK, compare: str = "") -> Response:
        return await render(request, org, framework, compare, "coverage.html")

    @router.get(PREFIX + "/orgs/{org}/report")
    async def printable(request: Request, org: str, framework: str = DEFAULT_FRAMEWORK) -> Response:
        return await render(request, org, framework, "", "report.html")

    @router.get(PREFIX + "/orgs/{org}/coverage.csv")
    async def download(request: Request, org: str, framework: str = DEFAULT_FRAMEWORK) -> Response:
        try:
            session, org = start(request, org)
        except AccessDenied as denied:
            return web.refused(request, web.session(request), denied)
        except ValueError as error:
            return web.bad_request(request, web.session(request), str(error))
        try:
            report = await run_in_threadpool(coverage_engine.compute, web.engine, org, framework)
        except (UnknownVersion, LookupError) as error:
            return web.bad_request(request, session, str(error.args[0]))
        name = f"{org}-{report.version.replace('/', '-')}-coverage.csv"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(report_csv(report), media_type="text/csv; charset=utf-8", headers=headers)

    return router
