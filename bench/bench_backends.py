"""Benchmark the store backends against each other: the embedded store, Oxigraph server and Virtuoso.

Prints, on each backend as a ratio against the embedded store measured in the same run: one organization's
coverage of the AI RMF (the engine's coverage computation), a crosswalk (mapping index built once, then read), the
mapping index's build, and a named query; then, on Oxigraph server, how that organization's coverage time changes
as the store holds 10, 100 and 1,000 organizations. The servers are started here on loopback (Oxigraph server from
the ``oxigraph`` package, Virtuoso from Debian's ``virtuoso-opensource``) and stopped at the end.

Run on demand: ``python -m bench.bench_backends [--store data/store] [--orgs 10,100,1000] [--items 20]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
from tests.remote_servers import _stop, start_oxigraph, start_virtuoso

from bench.timing import timed
from crosswalk.engine import coverage
from crosswalk.engine.evidence.model import (
    EvidenceRecord,
    Organization,
    SupportClaim,
    evidence_triples,
    org_graph,
    organization_triples,
)
from crosswalk.engine.evidence.store import import_batch
from crosswalk.engine.evidence.validate import concepts
from crosswalk.engine.read_models import Engine
from crosswalk.store import GraphStore, open_store

RMF_SUBCATEGORY = "https://w3id.org/crosswalk/ontology#Subcategory"
START = "https://w3id.org/crosswalk/id/ai-800-1/ipd/recommendation-2.1.2"  # an AI 800-1 (first draft) practice
NAMED = "600-1-actions-by-risk"
KINDS = ["policy", "procedure", "test-report", "model-card"]


def rmf_elements(store: GraphStore) -> list[str]:
    rows = store.select(
        "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT ?e WHERE { ?e a cw:Subcategory ; "
        "cw:inVersion <https://w3id.org/crosswalk/id/ai-rmf/1.0> }"
    )
    return sorted(row["e"].value for row in rows)  # type: ignore[union-attr]


def records(org: str, count: int, elements: list[str], rng: random.Random) -> list[EvidenceRecord]:
    return [
        EvidenceRecord(
            id=f"{org}-{n}",
            title=f"Evidence {n} of {org}",
            kind=rng.choice(KINDS),
            produced="2025-06-01",
            valid_until="2027-06-01",
            source=f"generated {n}",
            supports=[
                SupportClaim(e, rng.choice(["implemented", "planned"]), resolved=e) for e in rng.sample(elements, 3)
            ],
        )
        for n in range(count)
    ]


def background(store: GraphStore, first: int, last: int, items: int, elements: list[str], rng: random.Random) -> None:
    """Organizations ``first``..``last - 1``, written in bulk (unvalidated), so a large store builds in minutes."""
    schemes = concepts()
    quads = []
    for n in range(first, last):
        org = f"org-{n}"
        graph = pyoxigraph.NamedNode(org_graph(org))
        triples = organization_triples(Organization(org, org, ["initial-developer"], ["open-weight"]), schemes)
        for record in records(org, items, elements, rng):
            triples += evidence_triples(org, record, schemes)
        quads += [pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    store.add_quads(quads)


def measure(store: GraphStore, elements: list[str], items: int, repeat: int) -> dict[str, float]:
    engine = Engine(store)
    started = time.perf_counter()
    engine.mapping_index  # noqa: B018 -- its build is one of the figures
    built = (time.perf_counter() - started) * 1000
    org = Organization("measured", "Measured", ["initial-developer"], ["open-weight"])
    import_batch(store, engine.resolver, org, records("measured", items, elements, random.Random(3)))
    return {
        "coverage (ms)": timed(lambda: coverage.compute(engine, "measured", "ai-rmf"), repeat),
        "crosswalk (ms)": timed(lambda: engine.mapping_index.crosswalk(START, "ai-rmf", 2), repeat),
        "mapping index build (ms)": built,
        f"named query {NAMED} (ms)": timed(lambda: engine.named(NAMED), repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("data/store"), help="a store loaded by `crosswalk load`")
    parser.add_argument("--orgs", default="10,100,1000")
    parser.add_argument("--items", type=int, default=20, help="evidence items of each organization")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backends", default="oxigraph-server,virtuoso")
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}; run `crosswalk load --store {args.store}` first")
    source = open_store(args.store)
    graphs = {g: [q.triple for q in source.quads([g])] for g in source.named_graphs() if "/graph/org/" not in g}
    source.close()
    starters: dict[str, Callable[[Path], tuple[str, object]]] = {
        "oxigraph-server": start_oxigraph,  # type: ignore[dict-item]
        "virtuoso": start_virtuoso,  # type: ignore[dict-item]
    }
    with tempfile.TemporaryDirectory(prefix="crosswalk-bench-backends-") as scratch:
        results: dict[str, dict[str, float]] = {}
        servers = {}
        locations = {"embedded": str(Path(scratch) / "embedded")}
        for name in args.backends.split(","):
            locations[name], servers[name] = starters[name](Path(scratch) / name)
        try:
            for name, location in locations.items():
                store = open_store(location)
                started = time.perf_counter()
                store.replace_graphs(graphs)
                seconds = time.perf_counter() - started
                print(f"{name}: loaded {sum(map(len, graphs.values())):,} triples in {seconds:.1f} s", flush=True)
                elements = rmf_elements(store)
                results[name] = measure(store, elements, args.items, args.repeat)
                if name != "oxigraph-server":
                    store.close()
                    continue
                growth, held, rng = [], 0, random.Random(11)
                for size in sorted(int(n) for n in args.orgs.split(",")):
                    background(store, held, size, args.items, elements, rng)
                    held = size
                    engine = Engine(store)
                    growth.append(
                        (size, timed(lambda e=engine: coverage.compute(e, "measured", "ai-rmf"), args.repeat))
                    )
                store.close()
                results["growth"] = dict((str(n), ms) for n, ms in growth)
        finally:
            for process in servers.values():
                _stop(process)  # type: ignore[arg-type]
    anchor = results["embedded"]
    print(f"\n{'figure':32} " + " ".join(f"{name:>22}" for name in locations))
    for figure, base in anchor.items():
        cells = [f"{results[name][figure]:9.1f} ({results[name][figure] / base:5.1f}x)" for name in locations]
        print(f"{figure:32} " + " ".join(f"{cell:>22}" for cell in cells))
    if "growth" in results:
        first = next(iter(results["growth"].values()))
        print("\none organization's coverage on Oxigraph server as the store grows:")
        for size, ms in results["growth"].items():
            print(f"  {int(size):>5} organizations: {ms:8.1f} ms ({ms / first:4.2f}x the first)")


if __name__ == "__main__":
    main()
