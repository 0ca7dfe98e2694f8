"""How long the pytest part of `make test` takes, against issue 14's goal of 90 s, and where the time goes.

Run on demand (`make bench-tests`): it runs the whole suite once in a child process, so it takes as long as the suite.
It prints the wall time, its ratio to the goal, the slowest tests and how much of the total their setup and calls take.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

GOAL_SECONDS = 90.0
REPO = Path(__file__).resolve().parents[1]
DURATION = re.compile(r"^([\d.]+)s (setup|call|teardown)\s+(\S+)", re.MULTILINE)


def run_suite(extra: list[str], slowest: int) -> tuple[float, str, int]:
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--durations={slowest}", *extra],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started, finished.stdout, finished.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slowest", type=int, default=25, help="how many of the slowest phases to list")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (for example a subset of tests)")
    args = parser.parse_args()
    seconds, output, code = run_suite(args.pytest_args, args.slowest)
    summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
    print(f"pytest: {seconds:.1f} s wall ({summary}); exit code {code}")
    print(f"goal: {GOAL_SECONDS:.0f} s; ratio {seconds / GOAL_SECONDS:.2f}x the goal")
    phases = [(float(s), kind, test) for s, kind, test in DURATION.findall(output)]
    listed = sum(s for s, _, _ in phases)
    print(f"the {len(phases)} slowest phases take {listed:.1f} s ({listed / seconds:.0%} of the run):")
    for spent, kind, test in phases:
        print(f"  {spent:7.1f} s  {kind:<8} {test}")


if __name__ == "__main__":
    main()
