"""Content load run: `crosswalk load` into an empty store against pyoxigraph's own bulk load of the same quads.

In one run, alternating, ``--rounds`` times each (the best of each is kept, so a busy machine hurts both alike):
(a) the anchor, a child process that bulk-loads the exact quads a load writes (dumped from the loaded store as
N-Quads) into an empty store with ``Store.bulk_load``; (b) `crosswalk load --store EMPTY` as a whole process;
(c) a second `crosswalk load` of the unchanged content into the store (b) left. Wall seconds and peak RSS are each
child's own (os.wait4). Prints the figures and the ratios of (b) and (c) to (a). Asserts nothing.

    python -m bench.bench_content_load [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

REPO = Path(__file__).resolve().parents[1]
ANCHOR = """
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=pyoxigraph.RdfFormat.N_QUADS)
store.flush()
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str


def child(command: list[str]) -> Run:
    """Run ``command`` to its end: its wall time, its own peak resident set (MB) and its output."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "server") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=REPO)
    assert process.stdout is not None
    output = process.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output}")
    return Run(seconds, usage.ru_maxrss / 1024, output)  # ru_maxrss is in KiB on Linux


def crosswalk_load(store: Path) -> Run:
    return child([sys.executable, "-m", "crosswalk.surfaces.cli.main", "load", "--store", str(store)])


def dump(store: Path, target: Path) -> int:
    """The store's quads as N-Quads (the anchor's input: exactly what the load wrote); returns how many."""
    source = pyoxigraph.Store.read_only(str(store))
    pyoxigraph.serialize(source.quads_for_pattern(None, None, None, None), output=str(target),
                         format=pyoxigraph.RdfFormat.N_QUADS)  # fmt: skip
    return len(source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2, help="Runs of each measurement; the best is kept.")
    args = parser.parse_args()
    loads: list[Run] = []
    reloads: list[Run] = []
    anchors: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="crosswalk-bench-load-") as scratch:
        work = Path(scratch)
        nquads = work / "content.nq"
        for n in range(args.rounds):
            store = work / f"store-{n}"
            loads.append(crosswalk_load(store))
            reloads.append(crosswalk_load(store))
            if n == 0:
                quads = dump(store, nquads)
                print(f"{quads:,} quads ({nquads.stat().st_size / 1e6:.0f} MB of N-Quads)", flush=True)
            anchor_store = work / f"anchor-{n}"
            anchors.append(child([sys.executable, "-c", ANCHOR, str(anchor_store), str(nquads)]))
            shutil.rmtree(anchor_store)
            shutil.rmtree(store)
            print(f"round {n + 1}: anchor {anchors[-1].seconds:.2f} s, load {loads[-1].seconds:.2f} s, "
                  f"reload {reloads[-1].seconds:.2f} s", flush=True)  # fmt: skip
    anchor, load, reload = (min(runs, key=lambda r: r.seconds) for runs in (anchors, loads, reloads))
    print()
    print(f"{'':44} {'wall s':>8} {'peak MB':>8} {'x anchor':>9}")
    for name, run in (
        ("(a) pyoxigraph bulk_load, same quads", anchor),
        ("(b) crosswalk load, empty store", load),
        ("(c) crosswalk load again, unchanged", reload),
    ):
        print(f"{name:44} {run.seconds:8.2f} {run.peak_mb:8.0f} {run.seconds / anchor.seconds:9.2f}")
    print()
    print(f"load / anchor: {load.seconds / anchor.seconds:.2f}x wall (goal <= 1.5x), peak {load.peak_mb:.0f} MB "
          f"(goal <= 300 MB); unchanged reload: {reload.seconds:.2f} s")  # fmt: skip
    print("reload said:", reload.output.strip().splitlines()[-1] if reload.output.strip() else "(nothing)")


if __name__ == "__main__":
    main()
