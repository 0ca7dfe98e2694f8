# ruff: noqa: E501 -- the table of pages and their GraphQL questions reads better unwrapped
"""Benchmark the web app: each page's HTML time in a real `crosswalk serve` process (first request and median of
the following ones) against anchors measured in the same run (GET /health, and the GraphQL question the page
answers), then the AI RMF x AI 600-1 heatmap drawn in headless Chromium against a small page drawn the same way.

Run on demand after `make load` (the example organization's evidence): ``python -m bench.bench_web --store
data/store``. Prints figures and ratios; asserts nothing. Goal: every page <= 200 ms, the heatmap drawn <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.serving import served
from crosswalk.engine.accounts import AccountStore
from crosswalk.engine.accounts.db import default_accounts_path

ORG = "open-weight-lab"
PAGES = [
    ("home", "/", None),
    ("search", "/app/search?q=model+weights", '{ search(text: "model weights", first: 100) { notation } }'),
    ("framework tree", "/app/frameworks/ai-rmf/1.0", '{ tree(version: "ai-rmf/1.0", first: 500) { totalCount } }'),
    ("element", "/app/element/ai-rmf/1.0/MS-2.7?to=ai-600-1",
     '{ crosswalk(from: "MS-2.7", toFramework: "ai-600-1") { target { notation } paths { steps { mapping { recordId } } } } }'),
    ("matrix 72x212", "/app/matrix?from=ai-rmf/1.0&to=ai-600-1",
     '{ matrix(fromVersion: "ai-rmf/1.0", toFramework: "ai-600-1", kinds: ["Subcategory"]) { cells { row column relationship } } }'),
    ("matrix cell", "/app/matrix/cell?from=ai-rmf/1.0&to=ai-600-1&hops=2&r=ai-rmf/1.0/GV-1.1&c=ai-600-1/2024-07/GV-1.1-001", None),
    ("dashboard", f"/app/orgs/{ORG}/coverage?framework=ai-rmf",
     f'{{ coverage(org: "{ORG}", framework: "ai-rmf") {{ summary {{ score }} elements {{ status closeWith {{ level }} }} }} }}'),
    ("dashboard + 800-1", f"/app/orgs/{ORG}/coverage?framework=ai-rmf&compare=ai-800-1", None),
    ("printable report", f"/app/orgs/{ORG}/report?framework=ai-rmf", None),
    ("evidence", f"/app/orgs/{ORG}/evidence", f'{{ organization(id: "{ORG}") {{ evidence {{ id reach {{ level }} }} }} }}'),
    ("edition diff", "/app/diff?framework=owasp-llm-top10",
     '{ diff(fromVersion: "owasp-llm-top10/1.1", toVersion: "owasp-llm-top10/2025") { added { notation } } }'),
]  # fmt: skip


def median_ms(client: httpx.Client, send: object, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = send()  # type: ignore[operator]
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return statistics.median(samples)


def draw_times(base: str, headers: dict[str, str], repeat: int) -> tuple[list[float], list[float]]:
    """Heatmap drawn (ms from navigation start to the page's 'heatmap-drawn' mark) and, as the anchor, the home
    page's load event, both in headless Chromium."""
    from playwright.sync_api import sync_playwright
    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    heat, anchor = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, extra_http_headers=headers)
        page = context.new_page()
        page.goto(f"{base}/app/matrix?from=ai-rmf/1.0&to=ai-600-1")  # warm-up
        for _ in range(repeat):
            page.goto(f"{base}/app/matrix?from=ai-rmf/1.0&to=ai-600-1")
            page.wait_for_selector("#heatmap[data-drawn]")
            heat.append(page.evaluate("performance.getEntriesByName('heatmap-drawn')[0].startTime"))
            page.goto(f"{base}/")
            page.wait_for_load_state("load")
            anchor.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
        browser.close()
    return heat, anchor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("data/store"))
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}; run `make load` first")
    with tempfile.TemporaryDirectory(prefix="crosswalk-bench-web-") as scratch:
        copy = Path(scratch) / "store"
        shutil.copytree(args.store, copy)
        accounts_file = default_accounts_path(args.store)
        if accounts_file.exists():
            shutil.copy(accounts_file, default_accounts_path(copy))
        with AccountStore(default_accounts_path(copy)) as accounts:
            if accounts.organization(ORG) is None:
                accounts.create_org(ORG, ORG)
            token = accounts.issue_token("bench@web", "viewer", ORG).token
        headers = {"authorization": f"Bearer {token}"}
        with served(copy) as (base, _), httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            health = median_ms(client, lambda: client.get("/health"), args.repeat)
            print(f"anchor GET /health: {health:.1f} ms (median of {args.repeat})")
            print(
                f"{'page':20} {'first':>8} {'median':>8} {'graphql':>8} {'vs graphql':>10} {'vs health':>10}  <=200 ms"
            )
            for name, path, question in PAGES:
                started = time.perf_counter()
                client.get(path).raise_for_status()
                first = (time.perf_counter() - started) * 1000
                page = median_ms(client, lambda p=path: client.get(p), args.repeat)  # type: ignore[misc]
                api = (
                    median_ms(client, lambda q=question: client.post("/graphql", json={"query": q}), args.repeat)
                    if question else None
                )  # fmt: skip
                versus = f"{page / api:10.2f}" if api else f"{'-':>10}"
                api_text = f"{api:8.1f}" if api else f"{'-':>8}"
                verdict = "yes" if page <= 200 else "NO"
                print(f"{name:20} {first:8.1f} {page:8.1f} {api_text} {versus} {page / health:10.1f}  {verdict}")
            if os.environ.get("CROSSWALK_SKIP_BROWSER") == "1":
                return
            heat, anchor = draw_times(base, headers, max(3, args.repeat // 2))
            drawn, small = statistics.median(heat), statistics.median(anchor)
            verdict = "yes" if drawn <= 1000 else "NO"
            print(f"heatmap AI RMF x AI 600-1 drawn in Chromium: median {drawn:.0f} ms (min {min(heat):.0f}, max "
                  f"{max(heat):.0f}); home page loaded in {small:.0f} ms; ratio {drawn / small:.1f}; <= 1 s: {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
