"""Benchmark importing NIST's full SP 800-53 Rev. 5 catalog (5.0.1, 1,189 items) as a framework version.

Prints the median time of `crosswalk import` of the catalog (schema validation included) into an in-memory store,
against an anchor measured in the same run over the same data: parsing the JSON and bulk-loading the very triples
the import writes into a fresh pyoxigraph store, the least any import of that catalog could cost. The goal of
issue 16 is at most 2 s for the import.

Run on demand: ``python -m bench.bench_oscal_import [--repeat 5] [--catalog PATH]``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pyoxigraph

from bench.timing import timed
from crosswalk.content import namespaces as ns
from crosswalk.content.resources import default_reference_dir
from crosswalk.exchange.imports import ImportOptions, import_file
from crosswalk.store import open_store

GOAL_MS = 2000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    default = default_reference_dir() / "nist-sp-800-53r5" / "NIST_SP-800-53_rev5_catalog-5.0.1.json"
    parser.add_argument("--catalog", type=Path, default=default)
    args = parser.parse_args()
    store = open_store("memory:")
    options = ImportOptions(framework="sp-800-53")

    def run_import() -> object:
        return import_file(store, args.catalog, "oscal-catalog", options=options)

    imported_ms = timed(run_import, args.repeat)
    graph = ns.imported_catalog_graph("imported/sp-800-53", "5.0.1")
    quads = list(store.quads([graph]))
    text = args.catalog.read_text(encoding="utf-8")

    def anchor() -> object:
        json.loads(text)
        scratch = pyoxigraph.Store()
        scratch.bulk_extend(quads)
        return scratch

    anchor_ms = timed(anchor, args.repeat)
    print(f"SP 800-53 catalog: {len(quads):,} triples")
    print(f"import (validation included): {imported_ms:8.1f} ms   goal <= {GOAL_MS:.0f} ms: "
          f"{'met' if imported_ms <= GOAL_MS else 'NOT met'}")  # fmt: skip
    print(f"anchor (json parse + bulk load): {anchor_ms:8.1f} ms")
    print(f"ratio import / anchor: {imported_ms / anchor_ms:.1f}x")


if __name__ == "__main__":
    main()
