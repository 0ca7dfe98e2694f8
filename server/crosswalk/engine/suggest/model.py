"""The ranking model: a linear score over the signals (``signals.FEATURES``), its weights fitted on curated sets.

The weights are fitted by a listwise logistic (softmax) loss: for each subject of a curated set, the probability
the model gives its true targets among all the candidates, with a small L2 penalty. ``fit`` is plain numpy, so the
benchmark refits the weights within each leave-one-set-out fold on the other sets only; ``DEFAULT`` holds the
weights fitted on every curated set (``python -m bench.bench_suggest --fit``), which the service ranks with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crosswalk.engine.suggest.signals import FEATURES

# Fitted on the 23 curated sets (each set's features computed with that set hidden from the mapping index), by
# fit then refine, as `python -m bench.bench_suggest --fit` prints them.
DEFAULT: dict[str, float] = {
    "lexical": 0.955,
    "lexical_rank": 0.394,
    "cosine": 1.714,
    "chain": 1.348,
    "chain_relative": 1.106,
    "neighbour": 0.0,
    "near_target": 0.88,
    "prior": 0.534,
    "hubness": 0.603,
    "reverse_rank": 0.0,
    "leaf": 0.346,
}


@dataclass(frozen=True)
class Group:
    """One subject's candidates: their feature rows and which are true targets."""

    features: np.ndarray  # candidates x FEATURES
    gold: np.ndarray  # bool per candidate


def coefficients(weights: Mapping[str, float]) -> np.ndarray:
    return np.array([float(weights.get(name, 0.0)) for name in FEATURES])


def fit(groups: Sequence[Group], l2: float = 0.01, steps: int = 400, rate: float = 0.1) -> dict[str, float]:
    """Weights maximising the mean log-probability of each subject's true targets under a softmax of the linear
    score over its candidates (Adam on the full batch; the loss is convex, so the start does not matter)."""
    groups = [g for g in groups if g.gold.any() and len(g.gold) > 1]
    if not groups:
        return dict(DEFAULT)
    x = np.concatenate([g.features for g in groups])
    gold = np.concatenate([g.gold.astype(np.float64) / g.gold.sum() for g in groups])
    sizes = np.array([len(g.gold) for g in groups])
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    owner = np.repeat(np.arange(len(groups)), sizes)
    w = coefficients(DEFAULT)
    m, v = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, steps + 1):
        scores = x @ w
        top = np.maximum.reduceat(scores, starts)
        exp = np.exp(scores - top[owner])
        prob = exp / np.add.reduceat(exp, starts)[owner]
        gradient = x.T @ (prob - gold) / len(groups) + 2 * l2 * w
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient**2
        w -= rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return {name: round(float(value), 3) for name, value in zip(FEATURES, w, strict=True)}


def ranking_quality(sets: Sequence[Sequence[Group]], w: np.ndarray) -> float:
    """Mean over sets of the mean over subjects of (first candidate true + reciprocal rank of the first true) / 2."""
    total = 0.0
    for groups in sets:
        value = 0.0
        for group in groups:
            scores = group.features @ w
            best_true = scores[group.gold].max()
            rank = int((scores > best_true).sum())
            value += (float(rank == 0) + 1.0 / (1 + rank)) / 2
        total += value / max(1, len(groups))
    return total / max(1, len(sets))


def refine(sets: Sequence[Sequence[Group]], start: Mapping[str, float], rounds: int = 4) -> dict[str, float]:
    """Coordinate search from ``start`` on the measure the benchmark reports (each set counting alike), since the
    softmax loss is only a smooth stand-in for it."""
    sets = [[g for g in groups if g.gold.any()] for groups in sets]
    sets = [groups for groups in sets if groups]
    w = coefficients(start)
    best = ranking_quality(sets, w)
    for _ in range(rounds):
        improved = False
        for n in range(len(w)):
            for delta in (-1.0, -0.5, -0.25, 0.25, 0.5, 1.0):
                trial = w.copy()
                trial[n] += delta
                value = ranking_quality(sets, trial)
                if value > best + 1e-9:
                    best, w, improved = value, trial, True
        if not improved:
            break
    return {name: round(float(value), 3) for name, value in zip(FEATURES, w, strict=True)}
