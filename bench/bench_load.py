"""Load run: mixed traffic from concurrent clients against a real `crosswalk serve` on loopback, for a fixed time.

Kinds: coverage over GraphQL (a viewer of the example organization), element pages and crosswalk queries over
GraphQL, named SPARQL queries on /sparql, and evidence writes (one editor token, one small item a request). Bounded in
time and in count. Prints requests per second, p50/p95/p99 per kind and the errors (there should be none), once with
one SPARQL worker and once with several.

    python -m bench.bench_load --store data/store [--seconds 60] [--clients 16] [--workers 1 3]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import httpx

from bench.serving import served
from crosswalk.content import queries
from crosswalk.engine.accounts import AccountStore, default_accounts_path

REPO = Path(__file__).resolve().parents[1]
ORG = "open-weight-lab"
EXAMPLE = REPO / "examples" / ORG / "evidence.json"
COVERAGE = 'query { coverage(org: "open-weight-lab", framework: "ai-800-1") { summary { score covered gap } } }'
ELEMENT = """query($id: String!) { element(id: $id) { iri notation statement parent { notation }
  mappings { relationship { notation } other { iri notation } } } }"""
CROSSWALK = """query($id: String!) { crosswalk(from: $id, toFramework: "ai-600-1", maxHops: 2) {
  hops derived target { iri } } }"""
ELEMENTS = ["GOVERN 1.1", "MEASURE 2.7", "MANAGE 4.3", "MAP 1.1", "GOVERN 6.2", "MEASURE 2.6"]
NAMED = ["framework-versions", "subcategories-without-600-1-actions", "benchmarks-for-600-1-risk",
         "cosai-controls-for-risk", "csf-2-subcategories-by-function"]  # fmt: skip
RECORD = """mutation($n: String!) { recordEvidence(org: "open-weight-lab", items: [{id: $n, title: "load run note",
  kind: "policy", supports: [{element: "GOVERN 1.1", status: "implemented"}]}]) { created updated } }"""


def kinds(viewer: str, editor: str) -> dict[str, Callable[[httpx.Client, random.Random], httpx.Response]]:
    def graphql(client: httpx.Client, token: str, query: str, **variables: object) -> httpx.Response:
        return client.post("/graphql", json={"query": query, "variables": variables},
                           headers={"authorization": f"Bearer {token}"})  # fmt: skip

    return {
        "coverage (GraphQL)": lambda c, r: graphql(c, viewer, COVERAGE),
        "element (GraphQL)": lambda c, r: graphql(c, viewer, ELEMENT, id=r.choice(ELEMENTS)),
        "crosswalk (GraphQL)": lambda c, r: graphql(c, viewer, CROSSWALK, id=r.choice(ELEMENTS)),
        "named query (SPARQL)": lambda c, r: c.post(
            "/sparql",
            content=queries.get(r.choice(NAMED)).text,
            headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"},
        ),
        "evidence write (GraphQL)": lambda c, r: graphql(c, editor, RECORD, n=f"LOAD-{r.randrange(200)}"),
    }


def failed(response: httpx.Response) -> str | None:
    if response.status_code != 200:
        return f"{response.status_code}: {response.text[:200]}"
    if "graphql" in str(response.url) and response.json().get("errors"):
        return str(response.json()["errors"])[:200]
    return None


def drive(base: str, seconds: float, clients: int, limit: int, viewer: str, editor: str) -> None:
    table = kinds(viewer, editor)
    names = list(table)
    weights = [3, 4, 4, 3, 1]  # a read-heavy mix, one write in fifteen
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    sent = 0

    def client_loop(seed: int) -> None:
        nonlocal sent
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.monotonic() < deadline:
                with lock:
                    if sent >= limit:
                        return
                    sent += 1
                kind = rng.choices(names, weights)[0]
                started = time.perf_counter()
                try:
                    problem = failed(table[kind](client, rng))
                except httpx.HTTPError as error:
                    problem = f"transport: {error}"
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies[kind].append(elapsed)
                    if problem:
                        errors.append(f"{kind}: {problem}")

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    total = sum(len(v) for v in latencies.values())
    print(f"  {total:,} requests in {wall:.1f} s: {total / wall:.1f} requests/s; errors: {len(errors)}")
    print(f"  {'kind':<26} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in names:
        samples = sorted(latencies[kind])
        if not samples:
            continue
        cuts = statistics.quantiles(samples, n=100) if len(samples) > 1 else [samples[0]] * 99
        print(f"  {kind:<26} {len(samples):>6} {statistics.median(samples):>8.1f} {cuts[94]:>8.1f} {cuts[98]:>8.1f}")
    for error in errors[:10]:
        print(f"  error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=Path("data/store"), help="A loaded store to copy (not touched).")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 3], help="SPARQL worker counts to run with.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crosswalk-load-"))
    store = work / "store"
    shutil.copytree(args.store, store)
    subprocess.run(
        [sys.executable, "-m", "crosswalk.surfaces.cli.main", "evidence", "import", str(EXAMPLE), "--org", ORG,
         "--store", str(store)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    with AccountStore(default_accounts_path(store)) as accounts:
        if accounts.organization(ORG) is None:
            accounts.create_org(ORG, ORG)
        viewer = accounts.issue_token("load-viewer", "viewer", ORG).token
        editor = accounts.issue_token("load-editor", "editor", ORG).token
    try:
        for workers in args.workers:
            with served(store, "--sparql-workers", str(workers), ready_within=180) as (base, _):
                print(f"{args.clients} clients for {args.seconds:g} s, {workers} SPARQL worker(s):")
                drive(base, args.seconds, args.clients, args.max_requests, viewer, editor)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
