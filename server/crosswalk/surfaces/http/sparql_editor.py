"""The query editor at /sparql-editor: YASGUI (vendored in static/yasgui/, nothing fetched from elsewhere) over
this service's /sparql, with the named queries of queries/ as one-click examples and the project's prefixes
preloaded. Results show as a table and download as CSV or the endpoint's formats."""

from __future__ import annotations

import html
import json
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from crosswalk.content import queries
from crosswalk.content.namespaces import PREFIXES
from crosswalk.store.base import bind

STATIC = Path(__file__).resolve().parent / "static"
EDITOR_PATH = "/sparql-editor"
ASSETS = EDITOR_PATH + "/static"
DEFAULT_QUERY = "SELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n}\nLIMIT 10\n"


def editor_config(endpoint: str = "/sparql") -> dict[str, object]:
    """What the page's script reads: the endpoint, the prefixes and the named queries (public ones only), each
    runnable as it is: an unfilled parameter is ``VALUES ?name { UNDEF }`` (unconstrained), as the CLI runs it."""
    examples = [
        {"name": name, "title": query.title, "description": _about(query), "text": bind(query.text, None)}
        for name, query in queries.registry().items()
        if query.public
    ]
    return {
        "endpoint": endpoint,
        "prefixes": queries.prefix_block() + "\n",
        "prefixMap": dict(PREFIXES),
        "defaultQuery": DEFAULT_QUERY,
        "examples": examples,
    }


def _about(query: queries.NamedQuery) -> str:
    if not query.parameters:
        return query.description
    slots = "; ".join(f"?{name}: {about}" for name, about in query.parameters.items())
    return f"{query.description} Parameters (replace UNDEF in VALUES): {slots}".strip()


def page(config: dict[str, object]) -> str:
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    count = len(config["examples"])  # type: ignore[arg-type]
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>crosswalk SPARQL editor</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{ASSETS}/yasgui/yasgui.min.css">
<link rel="stylesheet" href="{ASSETS}/sparql-editor.css">
</head>
<body>
<header><h1>crosswalk SPARQL editor</h1>
<span>endpoint <code>{html.escape(str(config["endpoint"]))}</code></span>
<a href="/sparql" type="text/turtle">service description</a></header>
<main>
<nav id="examples" aria-label="Named queries">
<h2>Named queries ({count})</h2>
<input id="example-filter" type="search" placeholder="Filter the examples" aria-label="Filter the examples">
<div id="example-list"></div>
</nav>
<div id="editor"></div>
</main>
<script type="application/json" id="editor-config">{data}</script>
<script src="{ASSETS}/yasgui/yasgui.min.js"></script>
<script src="{ASSETS}/sparql-editor.js"></script>
</body>
</html>
"""


def build_editor_router() -> APIRouter:
    router = APIRouter()
    rendered = page(editor_config())

    @router.get(EDITOR_PATH, response_class=HTMLResponse, summary="The SPARQL query editor (YASGUI) with examples")
    async def editor() -> str:
        return rendered

    return router


def static_files() -> StaticFiles:
    """The editor's assets, mounted at ASSETS."""
    return StaticFiles(directory=STATIC)
