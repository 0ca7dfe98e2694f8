"""Benchmark coverage and evidence import at scale, with generated organizations.

Prints, for stores holding N organizations: one organization's coverage of the AI RMF through /graphql against the
same question as raw SPARQL in pyoxigraph (queries/coverage-by-element.rq) and, at the smallest size, against rdflib
running that SPARQL over the same data; how that one organization's time changes as the store grows; and the bulk
import rate with full validation. Background organizations are written in bulk (unvalidated) so a large store can be
built in minutes; the measured organization is imported through the validated path.

Run on demand: ``python -m bench.bench_coverage [--orgs 10,100,1000] [--items 1000] [--background-items 1000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph
from fastapi.testclient import TestClient
from rdflib import Dataset

from bench.timing import timed
from crosswalk.content import queries
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
from crosswalk.store.embedded import OxigraphStore
from crosswalk.surfaces.http.app import Settings, create_app

RMF = "https://w3id.org/crosswalk/id/ai-rmf/1.0"
COVERAGE = (
    '{ coverage(org: "measured", framework: "ai-rmf") { summary { covered partial gap score } elements { status } } }'
)
KINDS = ["policy", "procedure", "test-report", "red-team-report", "benchmark-result", "model-card", "sbom"]


def targets(store: OxigraphStore) -> list[str]:
    query = (
        "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT ?e WHERE { ?e cw:inVersion ?v ; a ?k . "
        "VALUES ?k { cw:Subcategory cw:SuggestedAction cw:Task } }"
    )
    return sorted(row["e"].value for row in store.select(query))  # type: ignore[union-attr]


def generated(org: str, count: int, elements: list[str], rng: random.Random) -> list[EvidenceRecord]:
    return [
        EvidenceRecord(
            id=f"{org}-{n}",
            title=f"Evidence {n} of {org}",
            kind=rng.choice(KINDS),
            produced="2025-06-01",
            valid_until=rng.choice(["2027-06-01", "2027-06-01", "2025-12-31"]),
            supports=[
                SupportClaim(e, rng.choice(["implemented", "partially-implemented", "planned"]), resolved=e)
                for e in rng.sample(elements, 3)
            ],
            source=f"generated {n}",
        )
        for n in range(count)
    ]


def bulk_write(store: OxigraphStore, org: str, records: list[EvidenceRecord]) -> None:
    schemes = concepts()
    graph = pyoxigraph.NamedNode(org_graph(org))
    profile = Organization(org, org, ["initial-developer"], ["open-weight"])
    triples = organization_triples(profile, schemes)
    for record in records:
        triples += evidence_triples(org, record, schemes)
    store.native.bulk_extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in triples)


def rdflib_seconds(store_dir: Path, bound: dict[str, list[pyoxigraph.NamedNode | pyoxigraph.Literal]]) -> float:
    """A straightforward script: everything into an rdflib Dataset, the same SPARQL."""
    dump = store_dir.parent / "dump.nq"
    store = OxigraphStore.open(store_dir)
    store.native.dump(str(dump), format=pyoxigraph.RdfFormat.N_QUADS)
    store.close()
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(dump, format="nquads")
    from crosswalk.store.base import bind

    list(dataset.query(bind(queries.get("coverage-by-element").text, bound)))
    return time.perf_counter() - started


def _sparql_ms(work: Path, bound: dict[str, list[pyoxigraph.NamedNode | pyoxigraph.Literal]]) -> float:
    direct = OxigraphStore.open(work)
    try:
        return timed(lambda: direct.select(queries.get("coverage-by-element").text, bound), 11)
    finally:
        direct.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("data/store"), help="a store loaded by `crosswalk load`")
    parser.add_argument("--orgs", default="10,100,1000")
    parser.add_argument("--items", type=int, default=1000, help="evidence items of the measured organization")
    parser.add_argument("--background-items", type=int, default=1000, help="items of every other organization")
    parser.add_argument("--import-items", type=int, default=10_000)
    parser.add_argument("--rdflib", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}; run `crosswalk load --store {args.store}` first")
    sizes = sorted(int(n) for n in args.orgs.split(","))
    rng = random.Random(7)
    today = pyoxigraph.Literal(
        dt.date.today().isoformat(), datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    )
    bound = {
        "graph": [pyoxigraph.NamedNode(org_graph("measured"))],
        "version": [pyoxigraph.NamedNode(RMF)],
        "kind": [pyoxigraph.NamedNode("https://w3id.org/crosswalk/ontology#Subcategory")],
        "today": [today],
    }
    with tempfile.TemporaryDirectory(prefix="crosswalk-bench-coverage-") as scratch:
        work = Path(scratch) / "store"
        shutil.copytree(args.store, work)
        store = OxigraphStore.open(work)
        elements = targets(store)

        # bulk import rate with full validation (SHACL included)
        batch = generated("importer", args.import_items, elements, rng)
        for record in batch:
            for claim in record.supports:
                claim.resolved = None
        started = time.perf_counter()
        import_batch(store, Engine(store), Organization("importer", "Importer", ["deployer"], ["api"]), batch)
        seconds = time.perf_counter() - started
        rate = len(batch) / seconds
        print(f"validated import: {len(batch):,} items in {seconds:.1f} s = {rate:,.0f} items/s (goal 100,000)")

        measured = generated("measured", args.items, elements, rng)
        for record in measured:
            for claim in record.supports:
                claim.resolved = None
        import_batch(
            store,
            Engine(store),
            Organization("measured", "Measured", ["initial-developer"], ["open-weight"]),
            measured,
        )
        present = 1
        results = []
        for size in sizes:
            while present < size:
                bulk_write(store, f"org-{present}", generated(f"org-{present}", args.background_items, elements, rng))
                present += 1
            store.native.flush()
            store.native.optimize()  # compact now, so background compaction does not compete with the timings
            store.close()
            sparql_ms = _sparql_ms(work, bound)
            with TestClient(create_app(Settings(store=work))) as client:
                # The SPARQL worker loads its snapshot in the background; wait for it, or it competes with the timing.
                client.post("/sparql", data={"query": "ASK {}"}).raise_for_status()
                graphql_ms = timed(lambda: client.post("/graphql", json={"query": COVERAGE}).raise_for_status(), 11)
            results.append((size, graphql_ms, sparql_ms))
            if args.rdflib and len(results) == 1:  # rdflib only at the smallest size: it loads everything in memory
                rdflib_s = rdflib_seconds(work, bound)
                print(
                    f"rdflib, same SPARQL over the {size}-organization data: {rdflib_s:.1f} s; "
                    f"ours {rdflib_s * 1000 / graphql_ms:.0f}x faster (goal >= 20x)"
                )
            print(
                f"{size:5d} organizations: coverage via /graphql {graphql_ms:8.1f} ms, raw pyoxigraph SPARQL "
                f"{sparql_ms:8.1f} ms, ratio {graphql_ms / sparql_ms:.2f} (goal <= 1.5)"
            )
            store = OxigraphStore.open(work)
        store.close()
        first, last = results[0], results[-1]
        print(f"growth {first[0]} -> {last[0]} organizations: /graphql x{last[1] / first[1]:.2f} (goal <= 1.2)")
        subprocess.run(["du", "-sh", str(work)], check=False)


if __name__ == "__main__":
    main()
