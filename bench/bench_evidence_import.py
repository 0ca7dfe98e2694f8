"""Bulk evidence import: `crosswalk evidence import` of a large validated batch against pyoxigraph's bulk loader.

A file of ``--items`` evidence items (``--supports`` supported elements each: AI 800-1 ipd practices and AI RMF
subcategories, written by notation and version as people write them) is generated from the elements of a loaded
store. Then, in this run:

- the import as a whole process (`crosswalk evidence import FILE --org ORG --store COPY`) into a copy of the store:
  wall time, items/s and peak RSS; once creating every item, and once more with every item changed (the update path,
  which keeps each previous state as history);
- the anchor: the triples the creating import wrote (its organization's graphs, dumped from the store afterwards)
  written by pyoxigraph's bulk loader (``Store.bulk_load``) into a fresh store, in a child process: its load time, its
  whole process and its peak RSS.

Peak RSS is each child's own (``os.wait4``). It prints figures and ratios and asserts nothing.

    python -m bench.bench_evidence_import --store data/store [--items 20000] [--supports 4]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode

from crosswalk.content import namespaces as ns
from crosswalk.engine.evidence.audit import audit_graph
from crosswalk.engine.evidence.model import history_graph, org_graph
from crosswalk.store import open_store

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "open-weight-lab" / "evidence.json"
ORG = "bulk-lab"
VERSIONS = {"ai-800-1/ipd": "Practice", "ai-rmf/1.0": "Subcategory"}
KINDS = ["policy", "procedure", "test-report", "red-team-report", "model-card", "sbom", "audit-finding", "attestation"]
STATUSES = ["implemented", "implemented", "partially-implemented", "planned"]
ELEMENTS = """PREFIX cw: <https://w3id.org/crosswalk/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation WHERE { VALUES ?version {} VALUES ?kind {} ?element cw:inVersion ?version ; a ?kind ;
  skos:notation ?notation } ORDER BY ?notation"""
# The anchor's child: a fresh store, the bulk loader over the dumped N-Quads, flushed; its load time on stdout.
ANCHOR = """
import json, sys, time
import pyoxigraph
started = time.perf_counter()
store = pyoxigraph.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=pyoxigraph.RdfFormat.N_QUADS)
store.flush()
print(json.dumps({"seconds": time.perf_counter() - started, "quads": len(store)}))
"""


@dataclass
class Run:
    seconds: float  # wall time of the whole process
    cpu: float  # its user and system time (steadier than wall time on a shared machine)
    peak_mb: float  # its peak resident set
    stdout: str
    stderr: str


def measure(command: list[str]) -> Run:
    """Run a child to its end: wall time and its own peak RSS (os.wait4, not the max over every child so far)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env={**os.environ, "COLUMNS": "200"})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        run = Run(seconds, cpu, usage.ru_maxrss / 1024, out.read().decode(), err.read().decode())
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}): {run.stderr[-3000:]}")
    return run


def element_notations(store_path: Path) -> list[tuple[str, str]]:
    """(notation, version id) of every AI 800-1 ipd practice and AI RMF subcategory in the store."""
    store = open_store(store_path, read_only=True)
    try:
        found = []
        for version, kind in VERSIONS.items():
            bound = {"version": [NamedNode(ns.ID + version)], "kind": [NamedNode(ns.ONTOLOGY + kind)]}
            found += [(row["notation"].value, version) for row in store.select(ELEMENTS, bound)]  # type: ignore[union-attr]
    finally:
        store.close()
    return found


def generate(path: Path, items: int, supports: int, elements: list[tuple[str, str]], marker: str) -> None:
    """An evidence file of ``items`` items with ``supports`` distinct elements each, the example's profile."""
    rng = random.Random(8477)
    profile = {**json.loads(EXAMPLE.read_text(encoding="utf-8"))["organization"], "id": ORG, "name": "Bulk Lab"}
    evidence = []
    for n in range(items):
        claims: list[dict[str, str]] = []
        for notation, version in rng.sample(elements, supports):
            claim = {"element": notation, "version": version, "status": rng.choice(STATUSES)}
            if n % 50 == 0 and not claims:
                claim = {**claim, "status": "not-applicable", "reason": "no model of ours is released this way"}
            claims.append(claim)
        evidence.append(
            {
                "id": f"BULK-{n:06d}",
                "title": f"Evidence record {n} ({marker})",
                "kind": KINDS[n % len(KINDS)],
                "link": f"https://evidence.example.org/bulk/{n}",
                "contentHash": f"sha256:{rng.getrandbits(256):064x}",
                "owner": f"team-{n % 17}",
                "produced": "2026-03-01",
                "validUntil": "2027-09-30" if n % 10 else "2026-06-30",
                "supports": claims,
            }
        )
    path.write_text(json.dumps({"organization": profile, "evidence": evidence}, indent=1), encoding="utf-8")


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "crosswalk.surfaces.cli.main", *args]


def reported_seconds(stderr: str) -> float | None:
    """The import's own time as the command prints it (from reading the file to the write's end)."""
    found = re.search(r"imported .* in ([0-9.]+) s", " ".join(stderr.split()))
    return float(found.group(1)) if found else None


def dump(store_path: Path, target: Path) -> int:
    """The organization's graphs (evidence, history, audit) as N-Quads; the number of quads."""
    store = open_store(store_path, read_only=True)
    try:
        data = store.nquads([org_graph(ORG), history_graph(ORG), audit_graph(ORG)])
    finally:
        store.close()
    target.write_bytes(data)
    return data.count(b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=Path("data/store"), help="A loaded store to copy (not touched).")
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--supports", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crosswalk-bulk-import-"))
    try:
        elements = element_notations(args.store)
        files = {marker: work / f"evidence-{marker}.json" for marker in ("v1", "v2")}
        for marker, path in files.items():
            generate(path, args.items, args.supports, elements, marker)
        supports = args.items * args.supports
        size = files["v1"].stat().st_size / 2**20
        print(f"{args.items:,} items, {supports:,} supports over {len(elements)} elements ({size:.1f} MB of JSON)")

        store = work / "store"
        shutil.copytree(args.store, store)
        runs = {}
        for marker, label in (("v1", "create"), ("v2", "update")):
            runs[label] = measure(cli("evidence", "import", str(files[marker]), "--org", ORG, "--store", str(store)))
            if label == "create":
                quads = dump(store, work / "written.nq")

        anchor_store = work / "anchor-store"
        anchor = measure([sys.executable, "-c", ANCHOR, str(anchor_store), str(work / "written.nq")])
        loaded = json.loads(anchor.stdout)
        print(f"the creating import wrote {quads:,} quads (anchor loaded {loaded['quads']:,})")
        print()
        rate = args.items / loaded["seconds"]
        print(
            f"anchor, pyoxigraph bulk_load into a fresh store: load {loaded['seconds']:.2f} s ({rate:,.0f} items/s, "
            f"{quads / loaded['seconds']:,.0f} quads/s); whole process {anchor.seconds:.2f} s "
            f"({anchor.cpu:.1f} s CPU), peak RSS {anchor.peak_mb:,.0f} MB"
        )
        for label, run in runs.items():
            own = reported_seconds(run.stderr)
            inside = f", {own:.1f} s by its own count" if own is not None else ""
            print(
                f"crosswalk evidence import ({label}): whole process {run.seconds:.2f} s ({run.cpu:.1f} s CPU)"
                f"{inside}, {args.items / run.seconds:,.0f} items/s, peak RSS {run.peak_mb:,.0f} MB"
            )
        print()
        create = runs["create"]
        print(
            f"import rate / bulk-loader rate: {loaded['seconds'] / create.seconds:.2f} (whole import process vs the "
            f"loader's load; goal >= 0.5), {anchor.seconds / create.seconds:.2f} (whole process vs whole process), "
            f"{anchor.cpu / create.cpu:.2f} (CPU time, whole processes)"
        )
        ratio = create.peak_mb / anchor.peak_mb
        print(f"import peak RSS: {create.peak_mb:,.0f} MB (goal <= 400), {ratio:.1f}x the anchor's")
        print(f"update / create time: {runs['update'].seconds / create.seconds:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
