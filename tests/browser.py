"""Headless Chromium against a live service on loopback, for the tests of pages (the web app, the query editor).

Debian's chromium is installed by `make test` (target `browser`); Playwright drives it through its executable path, so
no browser is downloaded. The live service runs its own copy of the session's built store, in a thread of this process.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from crosswalk.surfaces.http.app import Settings, create_app
from tests.store_copies import copy_store

CHROMIUM = os.environ.get("CROSSWALK_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which this closed network
# refuses many at a time.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveService:
    """A uvicorn server in a thread; `url` is where it answers."""

    def __init__(self, settings: Settings) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.settings = settings
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="live-service", daemon=True)

    def __enter__(self) -> LiveService:
        self._thread.start()
        deadline = time.monotonic() + 120
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the live service did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)


@pytest.fixture(scope="session")
def live_store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("store-live") / "store"
    copy_store(built_store, target)
    return target


@pytest.fixture(scope="session")
def live_service(live_store: Path) -> Iterator[LiveService]:
    with LiveService(Settings(store=live_store, query_timeout=90)) as service:
        yield service


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """A headless Chromium, shared by the session (each test takes a fresh context)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: `make test` installs Debian's chromium (target browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def page(chromium: object) -> Iterator[object]:
    """A fresh browser context and page; console errors are collected on `page.console_errors`."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    new_page.console_errors = errors
    try:
        yield new_page
    finally:
        context.close()
