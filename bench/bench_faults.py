"""Fault run: `kill -9` at random moments during writes, then open the store and check what the kill left.

``--kills`` kills hit an import of a 20,000-item evidence batch (alternating two versions of the same items, so both
the create and the update path are hit); ``--other-kills`` each hit `crosswalk load` and a mapping import. After each
kill the store is opened (counted as failed if it cannot be) and checked: an organization is either as it was before
the batch or as it is after it (its profile's version marker and every item's agree, and it holds none or all of the
items). At the end the same import runs once more, uninterrupted, and must give the state of a clean run into a
fresh copy.

    python -m bench.bench_faults --store data/store [--kills 100] [--other-kills 3] [--items 20000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from pyoxigraph import NamedNode

from crosswalk.content import queries
from crosswalk.engine.evidence.model import org_graph
from crosswalk.store import open_store
from crosswalk.store.base import text_of

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "open-weight-lab" / "evidence.json"
THIRD_PARTY = REPO / "tests" / "fixtures" / "third-party.sssom.tsv"
ORG = "fault-lab"


def batch(path: Path, items: int, version: str) -> None:
    """``items`` evidence items built from the example organization's, all titled with the version marker."""
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    templates = example["evidence"]
    evidence = []
    for n in range(items):
        item = json.loads(json.dumps(templates[n % len(templates)]))
        item["id"] = f"FAULT-{n:06d}"
        item["title"] = f"batch {version}"
        evidence.append(item)
    profile = {**example["organization"], "id": ORG, "name": f"Fault Lab {version}"}
    path.write_text(json.dumps({"organization": profile, "evidence": evidence}), encoding="utf-8")


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "crosswalk.surfaces.cli.main", *args]


def org_state(store_path: Path) -> tuple[str | None, dict[str, int]]:
    """(the profile's names, |-joined; item count per title), read through the engine's own named queries."""
    store = open_store(store_path)
    try:
        graph = {"graph": [NamedNode(org_graph(ORG))]}
        names = {text_of(row, "name") or "" for row in store.select(queries.text("api/org-profile"), graph)}
        items = store.select(queries.text("api/org-item-summaries"), graph)
        titles = Counter(text_of(row, "title") or "" for row in items)
    finally:
        store.close()
    return ("|".join(sorted(names)) or None), dict(titles)


def consistent(state: tuple[str | None, dict[str, int]], items: int) -> bool:
    """None or all of the items, all of one version, and the profile of that same version."""
    name, titles = state
    if not titles:
        return name is None or name.startswith("Fault Lab ")
    if len(titles) != 1:
        return False
    ((title, count),) = titles.items()
    return count == items and name is not None and name == f"Fault Lab {title.removeprefix('batch ')}"


def run(command: list[str], kill_after: float | None) -> tuple[bool, float]:
    """(killed before it ended, seconds it ran)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is None:
        _, err = process.communicate()
        if process.returncode != 0:
            sys.exit(f"{' '.join(command)} failed: {err.decode()[-2000:]}")
        return False, time.perf_counter() - started
    try:
        process.wait(kill_after)
        return False, time.perf_counter() - started
    except subprocess.TimeoutExpired:
        process.kill()  # SIGKILL
        process.wait()
        return True, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=Path("data/store"), help="A loaded store to copy (not touched).")
    parser.add_argument("--kills", type=int, default=100, help="Kills during evidence imports.")
    parser.add_argument(
        "--other-kills", type=int, default=3, help="Kills during a load, and as many during a mapping import."
    )
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=8477)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="crosswalk-faults-"))
    store = work / "store"
    shutil.copytree(args.store, store)
    files = {v: work / f"batch-{v}.json" for v in ("v0", "v1")}
    for version, path in files.items():
        batch(path, args.items, version)
    mapping = work / "fault-import.sssom.tsv"
    mapping.write_text(THIRD_PARTY.read_text(encoding="utf-8").replace("acme-to-nist-ai", "fault-import"))

    def evidence(version: str) -> list[str]:
        return cli("evidence", "import", str(files[version]), "--org", ORG, "--store", str(store))

    # A load reads a copy of the content whose one mapping set changes its title every time: a load of unchanged
    # files writes nothing, and the kills are meant for the write.
    content = work / "content"
    for folder in ("ontology", "mappings", "queries"):
        shutil.copytree(REPO / folder, content / folder)
    edited = content / "mappings" / "ai-600-1-to-ai-rmf.sssom.tsv"
    original = edited.read_text(encoding="utf-8")
    loads = itertools.count()

    def load() -> list[str]:
        title = "#mapping_set_title: "
        edited.write_text(original.replace(title, f"{title}(load {next(loads)}) ", 1), encoding="utf-8")
        return ["env", f"CROSSWALK_DATA={content}", *cli("load", "--store", str(store))]

    operations = {
        "evidence import": lambda: evidence(rng.choice(("v0", "v1"))),
        "load": load,
        "mapping import": lambda: cli("import", str(mapping), "--store", str(store)),
    }
    # The anchors: how long each write takes uninterrupted, measured now (they set the window kills fall in).
    durations: dict[str, float] = {}

    def duration(name: str) -> float:
        if name not in durations:
            _, durations[name] = run(operations[name](), None)
            print(f"uninterrupted {name}: {durations[name]:.1f} s", flush=True)
        return durations[name]

    duration("evidence import")
    public_graphs = _graph_count(store)
    plan = ["evidence import"] * args.kills + ["load", "mapping import"] * args.other_kills

    outcomes: Counter[str] = Counter()
    partial = failed_open = 0
    recoveries: list[float] = []
    kills = 0
    for k, name in enumerate(plan):
        if name != "evidence import" and name not in durations:
            duration(name)
            public_graphs = _graph_count(store)
        killed = False
        while not killed:  # a write that ends before its moment is checked too, then tried again for a kill
            # half the kills anywhere in the run, half in its last 40 % where the write happens
            moment = durations[name] * (rng.uniform(0, 1.0) if k % 2 else rng.uniform(0.6, 1.0))
            killed, elapsed = run(operations[name](), moment)
            if not killed:
                durations[name] = elapsed  # the machine got faster: the next moments follow
            started = time.perf_counter()
            try:
                state = org_state(store)
                graphs = _graph_count(store)
            except OSError as error:
                failed_open += 1
                print(f"kill {k + 1}: the store did not open: {error}", flush=True)
                break
            recoveries.append(time.perf_counter() - started)
            ok = consistent(state, args.items) and graphs >= public_graphs
            partial += not ok
            outcomes[f"{name}: {'killed' if killed else 'finished'}"] += 1
            if not ok:
                print(f"kill {k + 1} ({name}) left a partial state: {state}, {graphs} graphs", flush=True)
        kills += killed
        if (k + 1) % 10 == 0:
            print(f"{k + 1} kills, {partial} partial, {failed_open} failed to open", flush=True)

    # rerun after the last kill: the same state as one clean run into a fresh copy
    run(evidence("v1"), None)
    fresh = work / "fresh"
    shutil.copytree(args.store, fresh)
    run(cli("evidence", "import", str(files["v1"]), "--org", ORG, "--store", str(fresh)), None)
    same = _org_triples(store) == _org_triples(fresh)

    print()
    print(f"kills: {kills} of {len(plan)} planned ({', '.join(f'{v} {k}' for k, v in sorted(outcomes.items()))})")
    print(f"kills that left a partial batch: {partial} (must be 0)")
    print(f"stores that failed to open afterwards: {failed_open} (must be 0)")
    if recoveries:
        print(
            f"time to recover (open + check): median {statistics.median(recoveries):.2f} s, max {max(recoveries):.2f} s"
        )
    print(f"a rerun after the kills gives the state of one clean run: {same}")
    shutil.rmtree(work, ignore_errors=True)


def _graph_count(store_path: Path) -> int:
    store = open_store(store_path)
    try:
        return len(store.named_graphs())
    finally:
        store.close()


def _org_triples(store_path: Path) -> set[str]:
    store = open_store(store_path)
    try:
        return set(store.nquads([org_graph(ORG)]).decode().splitlines())
    finally:
        store.close()


if __name__ == "__main__":
    main()
