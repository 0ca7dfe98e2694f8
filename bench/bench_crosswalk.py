"""Benchmark the crosswalk engine: materialising every inferred mapping, one element's crosswalk, and the full
AI 800-1 x AI RMF matrix through /graphql against the same matrix computed by SPARQL in pyoxigraph directly.

Run on demand: ``python -m bench.bench_crosswalk --store data/store``; prints figures and ratios, asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph
from crosswalk.store.embedded.oxigraph import OxigraphStore
from fastapi.testclient import TestClient

from bench.timing import timed
from crosswalk.content import queries
from crosswalk.engine.inference import materialise
from crosswalk.engine.mapping_index import MappingIndex
from crosswalk.surfaces.http.app import Settings, create_app

IPD = "https://w3id.org/crosswalk/id/ai-800-1/ipd"
RMF = "https://w3id.org/crosswalk/id/ai-rmf/1.0"
MATRIX = (
    '{ matrix(fromVersion: "ai-800-1/ipd", toFramework: "ai-rmf/1.0") '
    "{ cells { row column relationship strength hops } } }"
)
ONE = (
    '{ crosswalk(from: "Practice 4.2", version: "ai-800-1/ipd", toFramework: "ai-600-1") '
    "{ relationship { notation } strength derived hops target { notation } paths { steps { mapping { recordId } } } } }"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("data/store"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}; run `crosswalk load --store {args.store}` first")
    with tempfile.TemporaryDirectory(prefix="crosswalk-bench-") as scratch:
        copy = Path(scratch) / "direct"
        shutil.copytree(args.store, copy)
        direct = OxigraphStore.open(copy)

        started = time.perf_counter()
        index = MappingIndex.from_store(direct)
        index_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        triples, stats = materialise(index)
        materialise_ms = (time.perf_counter() - started) * 1000
        print(f"asserted records indexed: {index.records:,} in {index_ms:.0f} ms")
        inferred = sum(stats.values())
        print(f"materialised {inferred:,} inferred mappings ({len(triples):,} triples) in {materialise_ms:.0f} ms")
        for kind, count in sorted(stats.items()):
            print(f"  {kind}: {count:,}")

        practice = f"{IPD}/practice-4.2"
        rows = [iri for iri in index.version_of if index.version_of[iri] == IPD]
        one_ms = timed(lambda: index.crosswalk(practice, "ai-600-1"), args.repeat)
        matrix_ms = timed(lambda: index.matrix(rows, "ai-rmf/1.0"), args.repeat)
        print(f"\nengine in process: one element's crosswalk {one_ms:.2f} ms; 800-1 x AI RMF matrix {matrix_ms:.2f} ms")

        sparql = queries.get("crosswalk-matrix").text
        bound = {"from": [pyoxigraph.NamedNode(IPD)], "to": [pyoxigraph.NamedNode(RMF)]}
        sparql_ms = timed(lambda: direct.select(sparql, bound), max(3, args.repeat // 5))
        with TestClient(create_app(Settings(store=args.store))) as client:
            graphql_ms = timed(lambda: client.post("/graphql", json={"query": MATRIX}).raise_for_status(), args.repeat)
            one_graphql_ms = timed(lambda: client.post("/graphql", json={"query": ONE}).raise_for_status(), args.repeat)
        print(f"one element's crosswalk through /graphql (with paths and records): {one_graphql_ms:.1f} ms")
        print(f"800-1 x AI RMF matrix through /graphql: {graphql_ms:.1f} ms")
        print(f"same matrix as SPARQL (queries/crosswalk-matrix.rq) in pyoxigraph directly: {sparql_ms:.1f} ms")
        print(f"ratio graphql / pyoxigraph: {graphql_ms / sparql_ms:.3f}")


if __name__ == "__main__":
    main()
