"""Benchmark: cold start, named queries through /sparql against pyoxigraph directly, and GraphQL questions
against the hand-written SPARQL of the same answer.

Run on demand (``make bench`` or ``python -m bench.bench_surfaces``); prints figures and ratios, asserts nothing.
The server runs as a real process (``crosswalk serve``) on a free loopback port; the direct runs use a copy of
the same store, opened in this process. A GraphQL question's ratio is against its SPARQL sent to the same
service's /sparql (same client, JSON results both ways), the two asked in turns; the in-process pyoxigraph time
is printed beside it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph

from bench.serving import served
from bench.timing import timed, timed_together
from crosswalk.content import queries

NAMED = [
    "subcategories-without-600-1-actions",
    "600-1-actions-per-risk-per-function",
    "800-218a-tasks-per-subcategory",
    "mapping-records-by-type",
]

# A GraphQL question and the SPARQL a hand-written client would send pyoxigraph for the same answer.
GRAPHQL_CASES = {
    "element with parent and mappings": (
        '{ element(id: "MEASURE 2.7") { notation statement parent { notation } '
        "mappings { direction relationship { label } other { notation } mapping { explanation strength } } } }",
        """PREFIX cw: <https://w3id.org/crosswalk/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?statement ?parent ?other ?rel ?explanation ?strength WHERE {
          ?e skos:notation "MEASURE 2.7" ; cw:statement ?statement ; cw:partOf/skos:notation ?parent .
          { ?m cw:subject ?e ; cw:object ?o } UNION { ?m cw:object ?e ; cw:subject ?o }
          ?m cw:relationship/skos:prefLabel ?rel . OPTIONAL { ?o skos:notation ?other }
          OPTIONAL { ?m cw:explanation ?explanation } OPTIONAL { ?m cw:strength ?strength } }""",
    ),
    "SP 800-218A tree, three levels": (
        '{ tree(version: "sp-800-218a/2024-07") { items { notation children { items { notation '
        "children { items { notation statement } } } } } } }",
        """PREFIX cw: <https://w3id.org/crosswalk/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?g ?p ?t ?statement WHERE {
          ?group a cw:PracticeGroup ; skos:notation ?g . ?practice cw:partOf ?group ; skos:notation ?p .
          ?task cw:partOf ?practice ; skos:notation ?t ; cw:statement ?statement }""",
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("data/store"), help="a loaded store (crosswalk load)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--skip-load", action="store_true", help="do not time a load into an empty store")
    parser.add_argument("--graphql-only", action="store_true", help="only the GraphQL questions")
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}; run `crosswalk load --store {args.store}` first")

    with tempfile.TemporaryDirectory(prefix="crosswalk-bench-") as scratch:
        load_store = Path(scratch) / "fresh"
        started = time.perf_counter()
        if not args.skip_load:
            subprocess.run(
                [sys.executable, "-m", "crosswalk.surfaces.cli.main", "load", "--store", str(load_store)],
                check=True,
                capture_output=True,
            )
        load_seconds = time.perf_counter() - started

        direct_copy = Path(scratch) / "direct"
        shutil.copytree(args.store, direct_copy)
        direct = pyoxigraph.Store(str(direct_copy))

        with served(args.store) as (base, cold_start), httpx.Client(base_url=base, timeout=30) as client:
            if not args.skip_load:
                print(f"load into an empty store (validate + write): {load_seconds:6.2f} s")
            print(f"cold start (process start to first SPARQL answer): {cold_start:6.2f} s\n")
            print(f"{'named query via /sparql':45} {'http ms':>9} {'direct ms':>10} {'ratio':>7}")
            for name in [] if args.graphql_only else NAMED:
                text = queries.get(name).text
                http_ms = timed(
                    lambda t=text: client.post("/sparql", data={"query": t}).raise_for_status(), args.repeat
                )
                direct_ms = timed(
                    lambda t=text: direct.query(t, use_default_graph_as_union=True).serialize(
                        format=pyoxigraph.QueryResultsFormat.JSON
                    ),
                    args.repeat,
                )
                print(f"{name:45} {http_ms:9.2f} {direct_ms:10.2f} {http_ms / direct_ms:6.1f}x")

            print(
                f"\n{'GraphQL question (ratio: against /sparql)':45} {'first ms':>9} {'graphql ms':>10} "
                f"{'sparql ms':>10} {'direct ms':>10} {'ratio':>7}"
            )
            for label, (graphql, sparql) in GRAPHQL_CASES.items():
                started = time.perf_counter()  # the first time anything asks this: nothing of it is kept yet
                client.post("/graphql", json={"query": graphql}).raise_for_status().json()
                first_ms = (time.perf_counter() - started) * 1000
                graphql_ms, sparql_ms, direct_ms = timed_together(
                    [
                        lambda q=graphql: client.post("/graphql", json={"query": q}).raise_for_status().json(),
                        lambda s=sparql: (
                            client.post(
                                "/sparql", data={"query": s}, headers={"Accept": "application/sparql-results+json"}
                            )
                            .raise_for_status()
                            .json()
                        ),
                        lambda s=sparql: list(direct.query(s, use_default_graph_as_union=True)),  # type: ignore[arg-type]
                    ],
                    args.repeat,
                )
                ratio = graphql_ms / sparql_ms
                print(
                    f"{label:45} {first_ms:9.2f} {graphql_ms:10.2f} {sparql_ms:10.2f} {direct_ms:10.2f} {ratio:6.1f}x"
                )


if __name__ == "__main__":
    main()
