"""The browser set-up itself: Debian's chromium, driven by Playwright, reaches the live service and runs its GraphQL."""

from __future__ import annotations

from typing import Any


def test_chromium_reads_the_live_service(page: Any, live_service: Any) -> None:
    page.goto(live_service.url + "/")
    assert page.title() == "crosswalk"
    answer = page.evaluate(
        """async () => {
            const response = await fetch('/graphql', {method: 'POST', headers: {'content-type': 'application/json'},
              body: JSON.stringify({query: '{ frameworks { versions { id } } }'})});
            return (await response.json()).data.frameworks.flatMap(f => f.versions.map(v => v.id));
        }"""
    )
    assert "ai-rmf/1.0" in answer
