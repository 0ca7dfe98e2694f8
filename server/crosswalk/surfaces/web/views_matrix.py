"""The crosswalk matrix: two framework versions as a heatmap (the strongest relationship per pair, as the GraphQL
``matrix`` field computes it), filtered by element kind, relationship, provenance and asserted/derived; a cell opens
its records and paths; the selection downloads as CSV, SSSOM or OSCAL through the /export writers."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from markupsafe import Markup

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, FrameworkVersionSpec, UnknownVersion, find_version
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.mapping_index import MAX_HOPS_LIMIT, CrosswalkResult, TooExpensive
from crosswalk.exchange.exports import ExportContext, ExportError, Selection, get_format
from crosswalk.surfaces.web.paths import SYMBOLS, crosswalk_views, path_elements, relationship_labels
from crosswalk.surfaces.web.render import PREFIX, Web, element_name

BUDGET_SECONDS = 5.0
DOWNLOADS = {"csv": "csv", "sssom": "sssom-tsv", "oscal": "oscal-mapping"}
SHOW = ("both", "asserted", "derived")


@dataclass
class MatrixQuery:
    """What the form asks: validated, with the defaults filled in (AI RMF subcategories x AI 600-1 actions)."""

    source: FrameworkVersionSpec
    target: FrameworkVersionSpec
    row_kinds: tuple[str, ...]
    column_kinds: tuple[str, ...]
    relationships: frozenset[str]  # empty: every relationship
    provenances: frozenset[str]  # empty: any provenance
    show: str
    hops: int

    def params(self) -> dict[str, object]:
        return {
            "from": self.source.key, "to": self.target.key, "rows": list(self.row_kinds),
            "cols": list(self.column_kinds), "rel": sorted(self.relationships), "prov": sorted(self.provenances),
            "show": self.show, "hops": self.hops,
        }  # fmt: skip

    def query_string(self) -> str:
        return urlencode(self.params(), doseq=True)


def parse(
    source: str, target: str, rows: list[str], cols: list[str], rel: list[str], prov: list[str], show: str, hops: int
) -> MatrixQuery:
    if show not in SHOW:
        raise ValueError(f"show must be one of {', '.join(SHOW)}")
    if not 1 <= hops <= MAX_HOPS_LIMIT:
        raise ValueError(f"hops must be between 1 and {MAX_HOPS_LIMIT}")
    unknown = [r for r in rel if r not in SYMBOLS]
    if unknown:
        raise ValueError(f"unknown relationship {unknown[0]!r}; known: {', '.join(SYMBOLS)}")
    from_spec, to_spec = find_version(source), find_version(target)
    return MatrixQuery(
        from_spec, to_spec,
        tuple(rows) or from_spec.assessed_kinds, tuple(cols) or to_spec.assessed_kinds,
        frozenset(rel), frozenset(prov), show, hops,
    )  # fmt: skip


@dataclass
class Matrix:
    query: MatrixQuery
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], CrosswalkResult]  # after the filters
    all_cells: int  # before them
    provenance_of: dict[str, str]  # record IRI -> provenance notation
    row_kinds: list[str]
    column_kinds: list[str]

    def records(self) -> set[str]:
        return {step.record for result in self.cells.values() for path in result.paths for step in path}


def compute(web: Web, q: MatrixQuery) -> Matrix:
    engine, cache = web.engine, web.cache

    def kinds(spec: FrameworkVersionSpec) -> list[str]:
        iris = cache.memo(("order", spec.iri, ()), lambda: engine.reference.version_element_iris(spec.iri))
        return sorted({e.kind for e in cache.elements(iris).values()})

    rows = cache.memo(
        ("order", q.source.iri, q.row_kinds), lambda: engine.reference.version_element_iris(q.source.iri, q.row_kinds)
    )
    columns = cache.memo(
        ("order", q.target.iri, q.column_kinds),
        lambda: engine.reference.version_element_iris(q.target.iri, q.column_kinds),
    )
    cells = cache.memo(
        ("matrix", q.source.iri, q.row_kinds, q.target.key, q.hops),
        lambda: engine.mapping_index.matrix(rows, q.target.key, q.hops, BUDGET_SECONDS),
    )
    wanted = set(columns)
    in_columns = {key: r for key, r in cells.items() if key[1] in wanted}
    records = {s.record for r in in_columns.values() for path in r.paths for s in path}
    vocab = vocabulary()
    provenance_of = {iri: vocab.notation_of(m.provenance) for iri, m in cache.mappings(records).items()}
    kept: dict[tuple[str, str], CrosswalkResult] = {}
    for key, result in in_columns.items():
        if q.relationships and result.relationship not in q.relationships:
            continue
        if (q.show == "asserted" and result.derived) or (q.show == "derived" and not result.derived):
            continue
        if q.provenances:
            paths = [p for p in result.paths if all(provenance_of.get(s.record) in q.provenances for s in p)]
            if not paths:
                continue
            result = CrosswalkResult(
                result.source, result.target, result.relationship, result.relationship_iri, result.strength,
                all(len(p) > 1 for p in paths), paths,
            )  # fmt: skip
        kept[key] = result
    return Matrix(q, rows, columns, kept, len(in_columns), provenance_of, kinds(q.source), kinds(q.target))


def heatmap(web: Web, matrix: Matrix) -> Markup:
    """The table, built as one string: 15,000 cells are too many for a template loop to stay fast."""
    elements = web.cache.elements([*matrix.rows, *matrix.columns])
    q = matrix.query
    labels = relationship_labels()

    def short(iri: str) -> str:
        record = elements.get(iri)
        return (record.notation or record.id) if record else iri.rsplit("/", 1)[-1]

    base = f"{PREFIX}/matrix/cell?from={quote(q.source.key)}&to={quote(q.target.key)}&hops={q.hops}"
    out = ['<table class="heat" id="heatmap" aria-describedby="legend-h"><thead><tr><th scope="col">'
           '<span class="sr-only">rows / columns</span></th>']  # fmt: skip
    column_names = [short(c) for c in matrix.columns]
    for iri, name in zip(matrix.columns, column_names, strict=True):
        title = escape(element_name(elements.get(iri), iri), quote=True)
        local = escape(iri.removeprefix(ns.ID), quote=True)
        out.append(f'<th scope="col" title="{title}" data-iri="{local}"><span>{escape(name)}</span></th>')
    out.append("</tr></thead><tbody>")
    for row in matrix.rows:
        name = short(row)
        local = quote(row.removeprefix(ns.ID), safe="/")
        title = escape(element_name(elements.get(row), row), quote=True)
        out.append(
            f'<tr><th scope="row" title="{title}" data-iri="{escape(row.removeprefix(ns.ID), quote=True)}">'
            f'<a href="{PREFIX}/element/{local}">{escape(name)}</a></th>'
        )
        for column, column_name in zip(matrix.columns, column_names, strict=True):
            result = matrix.cells.get((row, column))
            if result is None:
                out.append("<td></td>")
                continue
            css, symbol = SYMBOLS.get(result.relationship, ("k-rel", "?"))
            kind = "derived" if result.derived else "asserted"
            href = f"{base}&r={local}&c={quote(column.removeprefix(ns.ID), safe='/')}"
            text = f"{name} × {column_name}: {labels.get(result.relationship, result.relationship)}, {kind}"
            out.append(
                f'<td class="{css}{" d" if result.derived else ""}" data-rel="{result.relationship}" '
                f'data-derived="{str(result.derived).lower()}"><a href="{escape(href, quote=True)}" '
                f'aria-label="{escape(text, quote=True)}">{symbol}</a></td>'
            )
        out.append("</tr>")
    out.append("</tbody></table>")
    return Markup("".join(out))


def build_matrix_router(web: Web) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get(PREFIX + "/matrix")
    async def page(
        request: Request,
        source: str = Query("ai-rmf/1.0", alias="from"),
        target: str = Query("ai-600-1", alias="to"),
        rows: list[str] = Query(default=[]),  # noqa: B008 -- FastAPI's declaration style
        cols: list[str] = Query(default=[]),  # noqa: B008
        rel: list[str] = Query(default=[]),  # noqa: B008
        prov: list[str] = Query(default=[]),  # noqa: B008
        show: str = "both",
        hops: int = 2,
    ) -> Response:
        session = web.session(request)
        try:
            q = parse(source, target, rows, cols, rel, prov, show, hops)
            matrix = await run_in_threadpool(compute, web, q)
            table = await run_in_threadpool(heatmap, web, matrix)
        except (UnknownVersion, ValueError, TooExpensive) as error:
            return web.bad_request(request, session, str(error))
        labels = relationship_labels()
        counts = Counter((r.relationship, r.derived) for r in matrix.cells.values())
        legend = [
            (css, symbol, labels.get(n, n), n, counts[(n, False)], counts[(n, True)])
            for n, (css, symbol) in SYMBOLS.items()
        ]
        return web.html(
            request, session, "matrix.html", title="Crosswalk matrix", m=matrix, q=q, table=table, legend=legend,
            versions=sorted(FRAMEWORK_VERSIONS), provenances=sorted({*matrix.provenance_of.values(), *q.provenances}),
            downloads=DOWNLOADS, filled=len(matrix.cells),
        )  # fmt: skip

    @router.get(PREFIX + "/matrix/cell")
    async def cell(
        request: Request,
        r: str,
        c: str,
        source: str = Query(alias="from"),
        target: str = Query(alias="to"),
        hops: int = 2,
        fragment: bool = False,
    ) -> Response:
        session = web.session(request)
        engine = web.engine
        row, column = ns.ID + r.strip("/"), ns.ID + c.strip("/")
        try:
            q = parse(source, target, [], [], [], [], "both", hops)
            results = await run_in_threadpool(engine.mapping_index.crosswalk, row, q.target.key, hops)
        except (UnknownVersion, ValueError, TooExpensive) as error:
            return web.bad_request(request, session, str(error))
        found = [result for result in results if result.target == column]
        views = await run_in_threadpool(crosswalk_views, web.cache.mappings, found)
        elements = await run_in_threadpool(web.cache.elements, {row, column, *path_elements(views)})
        return web.html(
            request, session, "cell_fragment.html" if fragment else "cell.html", title="Matrix cell",
            row=row, column=column, crosswalks=views, elements=elements, q=q,
        )  # fmt: skip

    @router.get(PREFIX + "/matrix/export/{kind}")
    async def download(
        request: Request,
        kind: str,
        source: str = Query("ai-rmf/1.0", alias="from"),
        target: str = Query("ai-600-1", alias="to"),
        rows: list[str] = Query(default=[]),  # noqa: B008
        cols: list[str] = Query(default=[]),  # noqa: B008
        rel: list[str] = Query(default=[]),  # noqa: B008
        prov: list[str] = Query(default=[]),  # noqa: B008
        show: str = "both",
        hops: int = 2,
    ) -> Response:
        session = web.session(request)
        if kind not in DOWNLOADS:
            return web.bad_request(request, session, f"download as one of {', '.join(DOWNLOADS)}", status=404)
        try:
            q = parse(source, target, rows, cols, rel, prov, show, hops)
            matrix = await run_in_threadpool(compute, web, q)
            fmt = get_format(DOWNLOADS[kind])
            ctx = ExportContext(web.engine, web.base)
            scope = await run_in_threadpool(ctx.resolve, Selection(records=frozenset(matrix.records())), fmt.scope)
            out = io.BytesIO()
            await run_in_threadpool(fmt.writer, ctx, scope, out)
        except (UnknownVersion, ValueError, TooExpensive, ExportError) as error:
            return web.bad_request(request, session, str(error))
        name = f"{q.source.key}-x-{q.target.key}".replace("/", "-")
        headers = {"Content-Disposition": f'attachment; filename="{name}{fmt.extension}"'}
        return Response(out.getvalue(), media_type=fmt.media_type, headers=headers)

    return router
