"""Fuzz run: at least 10,000 generated requests against a real `crosswalk serve` on loopback.

GraphQL documents with random arguments (anonymous, and with a viewer token of the example organization), SPARQL
text (random and mutated good queries, SERVICE and crashing ones among them), organization endpoints with random
ids and tokens. Prints the count of answers by status, the slowest request, and every 5xx (there should be none).
Bounded in count and time; run on demand: ``python -m bench.bench_fuzz --store data/store``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import string
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.serving import served
from crosswalk.engine.accounts import AccountStore, default_accounts_path

ORG = "open-weight-lab"
IDS = ["GOVERN 1.1", "ai-rmf/1.0", "ai-800-1", "airmf:GV-1.1", ORG, "LLM01", "MEASURE 2.7", "x" * 300, ""]
DOCS = [
    ("query($s: String!) { element(id: $s) { iri notation mappings { other { iri } } } }", "s"),
    ("query($s: String!) { search(text: $s, first: 20) { iri } }", "s"),
    ("query($s: String!) { tree(version: $s, first: 5) { totalCount } }", "s"),
    ('query($s: String!) { crosswalk(from: $s, toFramework: "ai-600-1", maxHops: 2) { hops } }', "s"),
    (
        'query($s: String!) { matrix(fromVersion: $s, toFramework: "ai-rmf", maxHops: 1) { cells { relationship } } }',
        "s",
    ),
    ('query($s: String!) { coverage(org: $s, framework: "ai-800-1") { summary { score } } }', "s"),
    ('query($s: String!) { evidence(org: "open-weight-lab", id: $s) { id } }', "s"),
]
SPARQL = [
    "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT ?s WHERE { ?s a cw:Function } LIMIT 5",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }",
]


def noise(rng: random.Random, size: int) -> str:
    alphabet = string.printable + "éü∑ΩЖ中{}<>\"'\\\x00"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, size)))


def mutate(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + noise(rng, 12) + text[at + rng.randint(0, 8) :]


def request_maker(rng: random.Random, token: str) -> Callable[[httpx.Client], httpx.Response]:
    kind = rng.random()
    headers = {"authorization": f"Bearer {token}"} if rng.random() < 0.5 else {}
    if kind < 0.45:
        doc, var = rng.choice(DOCS)
        value = rng.choice(IDS) if rng.random() < 0.3 else noise(rng, 40)
        doc = doc if rng.random() < 0.85 else mutate(rng, doc)
        return lambda c: c.post("/graphql", json={"query": doc, "variables": {var: value}}, headers=headers)
    if kind < 0.85:
        text = (
            rng.choice(SPARQL)
            if rng.random() < 0.1
            else (mutate(rng, rng.choice(SPARQL[:2])) if rng.random() < 0.6 else noise(rng, 200))
        )
        accept = rng.choice(["*/*", "application/json", "text/csv", "text/turtle", "image/png", "x/y;q=z"])
        return lambda c: c.post("/sparql", content=text.encode("utf-8", "replace"),
                                headers={"content-type": "application/sparql-query", "accept": accept})  # fmt: skip
    org = ORG if rng.random() < 0.5 else quote(noise(rng, 20), safe="")
    path = rng.choice([f"/orgs/{org}/sparql", f"/org/{org}/evidence/{quote(noise(rng, 10), safe='')}"])
    return lambda c: c.get(path, params={"query": "ASK { ?s ?p ?o }"}, headers=headers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("data/store"), help="a loaded store with the example org")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=900.0, help="stop after this long, whatever the count")
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}; run `make load` first")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="crosswalk-fuzz-") as scratch:
        store = Path(scratch) / "store"
        shutil.copytree(args.store, store)
        with AccountStore(default_accounts_path(store)) as accounts:
            if accounts.organization(ORG) is None:
                accounts.create_org(ORG, "Open Weight Lab")
            token = accounts.issue_token("fuzz@bench", "viewer", ORG).token
        statuses: Counter[int] = Counter()
        failures: list[str] = []
        slowest = (0.0, "")
        stop_at = time.monotonic() + args.seconds
        with served(store, "--query-timeout", "5") as (base, _), httpx.Client(base_url=base, timeout=60) as client:
            for number in range(args.requests):
                if time.monotonic() > stop_at:
                    break
                make = request_maker(rng, token)
                started = time.perf_counter()
                response = make(client)
                took = time.perf_counter() - started
                statuses[response.status_code] += 1
                label = f"{response.request.method} {str(response.request.url)[:140]}"
                if took > slowest[0]:
                    slowest = (took, label)
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} {label}: {response.text[:200]}")
                if number and number % 1000 == 0:
                    print(f"  {number:,} requests ...", file=sys.stderr)
        total = sum(statuses.values())
        print(f"requests: {total:,} (seed {args.seed})")
        for status, count in sorted(statuses.items()):
            print(f"  {status}: {count:,}")
        print(f"5xx: {sum(c for s, c in statuses.items() if s >= 500)}")
        print(f"slowest: {slowest[0] * 1000:.0f} ms  {slowest[1]}")
        for failure in failures[:20]:
            print("  " + failure)


if __name__ == "__main__":
    main()
