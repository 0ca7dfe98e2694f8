"""The query editor at /sparql-editor, in headless Chromium: pick a named query, run it, see its rows; nothing is
requested from outside the service."""

from __future__ import annotations

from typing import Any

from crosswalk.content import queries
from tests.browser import LiveService
from tests.conftest import sparql_rows


def test_pick_a_named_query_run_it_see_rows(page: Any, live_service: LiveService, client: Any) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_service.url + "/sparql-editor")
    public = [name for name, query in queries.registry().items() if query.public]
    buttons = page.locator("#example-list .example")
    buttons.first.wait_for()
    assert buttons.count() == len(public)
    example = page.locator('.example[data-name="framework-versions"]')
    assert queries.get("framework-versions").title in example.inner_text()
    example.click()
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for(timeout=120_000)
    expected = sparql_rows(client, queries.get("framework-versions").text)
    assert rows.count() == len(expected) > 5
    shown = page.locator(".yasr table tbody").inner_text()
    assert all(row["version"] in shown for row in expected)
    assert page.locator(".yasqe .CodeMirror").inner_text().count("SELECT") >= 1
    assert page.locator(".yasr_downloadIcon, .yasr_btn.yasr_downloadIcon").count() >= 1  # results downloadable
    outside = [url for url in requested if not url.startswith((live_service.url, "data:", "blob:"))]
    assert outside == [], outside
    assert page.console_errors == []


def test_prefixes_are_preloaded_and_examples_open_by_link(page: Any, live_service: LiveService) -> None:
    page.goto(live_service.url + "/sparql-editor?example=subcategories-without-600-1-actions")
    page.locator(".yasr table tbody tr").first.wait_for(timeout=120_000)
    assert "PREFIX" in page.locator(".yasqe .CodeMirror").inner_text()
    page.goto(live_service.url + "/sparql-editor")
    page.locator(".yasqe .CodeMirror").first.wait_for()
    text = page.evaluate("() => document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert "PREFIX cw: <https://w3id.org/crosswalk/ontology#>" in text
