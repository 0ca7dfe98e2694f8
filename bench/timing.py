"""The one timing helper the benchmarks share."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs after one warm-up, in milliseconds."""
    action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def timed_together(actions: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median wall times (ms) of several actions run in turns, one warm-up each: a load that comes and goes on a
    shared machine falls on all of them alike, so their ratios hold where separate runs of ``timed`` drift apart."""
    for action in actions:
        action()
    samples: list[list[float]] = [[] for _ in actions]
    for _ in range(repeat):
        for action, kept in zip(actions, samples, strict=True):
            started = time.perf_counter()
            action()
            kept.append((time.perf_counter() - started) * 1000)
    return [statistics.median(kept) for kept in samples]
