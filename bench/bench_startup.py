"""Benchmark: start-up of `crosswalk serve` on a loaded store, to its first SPARQL and first GraphQL answers.

Run on demand (``python -m bench.bench_startup --store data/store``); prints figures and ratios, asserts nothing.
The anchor, measured in the same run, is a bare Python process that imports pyoxigraph, opens the same store
read-only and answers one SPARQL query: the least any service over this store could do. The service is timed from
spawn until both its first /sparql and its first /graphql answers have arrived (the port is polled), and its peak
RSS is that of its process tree (the service and its SPARQL workers: the sum of each one's peak, /proc VmHWM).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.serving import free_port

GOAL_SECONDS = 0.45
GOAL_MB = 150.0
SPARQL = 'SELECT ?e ?n WHERE { VALUES ?n { "GOVERN 1.1" } ?e <http://www.w3.org/2004/02/skos/core#notation> ?n }'
GRAPHQL = '{ element(id: "GV-1.1") { iri notation } }'  # the AI RMF's GOVERN 1.1, by its short id

ANCHOR = """
import sys, pyoxigraph
store = pyoxigraph.Store.read_only(sys.argv[1])
body = store.query(sys.argv[2], use_default_graph_as_union=True).serialize(format=pyoxigraph.QueryResultsFormat.JSON)
assert body and b"GV-1.1" in body
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def anchor(store: Path) -> tuple[float, float]:
    """(seconds from spawn to the answer, peak RSS in MB) of the bare pyoxigraph process."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", ANCHOR, str(store), SPARQL], capture_output=True, check=True, text=True)
    return time.perf_counter() - started, int(out.stdout.strip()) / 1024


def tree(pid: int) -> list[int]:
    """The process and all its descendants (from /proc's children lists)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue
    return found


def peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def serve_once(store: Path, timeout: float) -> tuple[float, float, float, float]:
    """(seconds to the first SPARQL answer, to the first GraphQL answer, to both, peak RSS of the tree in MB)."""
    port = free_port()
    command = [sys.executable, "-m", "crosswalk.surfaces.cli.main", "serve", "--store", str(store), "--port", str(port)]
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sparql_at = graphql_at = 0.0
    peak = 0
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=timeout) as client:
            while not (sparql_at and graphql_at):
                if time.perf_counter() - started > timeout or server.poll() is not None:
                    sys.exit(f"the service ended or did not answer within {timeout:g} s")
                try:
                    if not sparql_at:
                        answer = client.get("/sparql", params={"query": SPARQL})
                        if answer.status_code == 200 and "GV-1.1" in answer.text:
                            sparql_at = time.perf_counter() - started
                    if not graphql_at:
                        answer = client.post("/graphql", json={"query": GRAPHQL})
                        if answer.status_code == 200 and answer.json()["data"]["element"]["notation"] == "GOVERN 1.1":
                            graphql_at = time.perf_counter() - started
                except httpx.TransportError:
                    time.sleep(0.005)
        peak = sum(peak_kb(pid) for pid in tree(server.pid))
    finally:
        server.terminate()
        server.wait(15)
    return sparql_at, graphql_at, max(sparql_at, graphql_at), peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("data/store"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    if not (args.store / "CURRENT").exists():
        sys.exit(f"no loaded store at {args.store}; run `crosswalk load --store {args.store}` first")

    anchor(args.store)  # warm the page cache and the bytecode, for the anchor as for the service
    anchors = [anchor(args.store) for _ in range(args.runs)]
    serve_once(args.store, args.timeout)
    runs = [serve_once(args.store, args.timeout) for _ in range(args.runs)]

    anchor_s = statistics.median(a[0] for a in anchors)
    anchor_mb = statistics.median(a[1] for a in anchors)
    sparql_s, graphql_s, both_s, mb = (statistics.median(r[i] for r in runs) for i in range(4))
    print(f"median of {args.runs} runs over {args.store}")
    print(f"anchor (python + pyoxigraph, read-only open, one SPARQL answer): {anchor_s:6.3f} s {anchor_mb:7.1f} MB")
    print(f"crosswalk serve, first /sparql answer:                          {sparql_s:6.3f} s")
    print(f"crosswalk serve, first /graphql answer:                         {graphql_s:6.3f} s")
    print(f"crosswalk serve, both answered (peak RSS of its process tree):  {both_s:6.3f} s {mb:7.1f} MB")
    print(f"ratio against the anchor:  time {both_s / anchor_s:5.1f}x   RSS {mb / anchor_mb:5.1f}x")
    print(f"ratio against the goal:    time {both_s / GOAL_SECONDS:5.2f}x   RSS {mb / GOAL_MB:5.2f}x  "
          f"(goal {GOAL_SECONDS} s, {GOAL_MB:g} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
