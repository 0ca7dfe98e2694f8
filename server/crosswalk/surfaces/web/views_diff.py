"""Edition diff: two versions of a framework side by side (the engine's diff, as GraphQL ``diff`` answers it):
added, removed, renumbered, reworded with the changed words marked, merged, and unknown against a partial version."""

from __future__ import annotations

import difflib
from collections import defaultdict

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from markupsafe import Markup, escape

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, UnknownVersion
from crosswalk.surfaces.web.render import PREFIX, Web


def word_diff(old: str | None, new: str | None) -> tuple[Markup, Markup]:
    """The two texts with the words only one of them has marked (<del> in the old, <ins> in the new)."""
    a, b = (old or "").split(), (new or "").split()
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "equal":
            left.append(str(escape(before)))
            right.append(str(escape(after)))
            continue
        if before:
            left.append(f"<del>{escape(before)}</del>")
        if after:
            right.append(f"<ins>{escape(after)}</ins>")
    return Markup(" ".join(left)), Markup(" ".join(right))


def versioned() -> dict[str, list[str]]:
    """framework -> its version ids, for the frameworks with more than one."""
    found: dict[str, list[str]] = defaultdict(list)
    for key, spec in FRAMEWORK_VERSIONS.items():
        found[spec.framework].append(key)
    return {f: v for f, v in sorted(found.items()) if len(v) > 1}


def build_diff_router(web: Web) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get(PREFIX + "/diff")
    async def page(request: Request, framework: str = "", old: str = "", new: str = "") -> Response:
        session = web.session(request)
        issued = {v.id: v.issued for v in await run_in_threadpool(web.cache.versions)}
        choices = {f: sorted(v, key=lambda k: (issued.get(k, ""), k)) for f, v in versioned().items()}
        framework = framework or (old.split("/", 1)[0] if old else next(iter(choices)))
        if framework not in choices:
            known = ", ".join(choices)
            return web.bad_request(request, session, f"{framework!r} has no two versions to compare; choose {known}")
        versions = choices[framework]
        old, new = old or versions[0], new or versions[-1]
        try:
            result = await run_in_threadpool(web.cache.memo, ("diff", old, new), lambda: web.engine.diff(old, new))
        except (UnknownVersion, ValueError) as error:
            return web.bad_request(request, session, str(error))
        rows = []
        for change in result.changes:
            left, right = word_diff(change.old.statement, change.new.statement)
            rows.append((change, left, right))
        order = {"merged": 0, "renumbered": 1, "reworded": 2, "wording unknown": 3, "unchanged": 4}
        rows.sort(key=lambda r: (min(order.get(k, 5) for k in r[0].kinds), r[0].old.notation or ""))
        counts: dict[str, int] = defaultdict(int)
        for change in result.changes:
            for kind in change.kinds:
                counts[kind] += 1
        return web.html(
            request, session, "diff.html", title=f"Edition diff: {old} → {new}", choices=choices,
            framework=framework, old=old, new=new, d=result, rows=rows, counts=dict(counts),
        )  # fmt: skip

    return router
