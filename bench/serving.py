"""A real `crosswalk serve` process on a free loopback port, for the benchmarks that measure the service itself."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(store: Path, *extra: str, ready_within: float = 60.0) -> Iterator[tuple[str, float]]:
    """(base URL, seconds from process start to the first SPARQL answer); the process ends with the block."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "crosswalk.surfaces.cli.main", "serve", "--store", str(store), "--port", str(port),
         *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_within
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                try:
                    if client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    sys.exit(f"server did not become ready in {ready_within:g} s")
                time.sleep(0.02)
        yield base, time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(10)
