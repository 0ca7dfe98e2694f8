"""Quality and speed of mapping suggestions, leave-one-set-out over the curated sets.

For each curated set in mappings/ (every row provenance curated): hide it (its records leave the mapping index the
suggester reads), suggest for each of its subjects toward its object version (candidates of the kinds its objects
are), and compare with its records; no-relationship records are not in the gold. The ranking model's weights are
refitted for each held-out set on the other sets alone (``bench/suggest_folds.py`` says how nothing of the held-out
set reaches them). Prints recall@1/@5/@10, precision@1 and MRR per set beside a plain TF-IDF cosine baseline over
label and statement on the same candidates, with what limits each set, then the time to suggest for every element
of one version against another.

Definitions (over a set's subjects that have at least one true record): recall@k = share of a subject's true targets
among its first k candidates, averaged; precision@1 = share of subjects whose first candidate is a true target;
MRR = mean reciprocal rank of the first true target within the first 10 (0 if none).

Run on demand: ``python -m bench.bench_suggest --store data/store`` (``--fit`` also prints the weights fitted on
every set, the service's ``model.DEFAULT``); prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench.suggest_baseline import TfidfBaseline
from bench.suggest_folds import Case, Folds, Scores, Subject, curated_cases, model_scores, score
from bench.timing import timed
from crosswalk.content import queries
from crosswalk.content.frameworks import find_version
from crosswalk.content.resources import content_root
from crosswalk.engine.read_models import Engine
from crosswalk.engine.suggest import SuggestCorpus
from crosswalk.engine.suggest.model import DEFAULT, fit, refine
from crosswalk.engine.suggest.signals import COLUMN
from crosswalk.store import open_store

GOAL_R10, GOAL_P1 = 0.7, 0.6


def fitted(folds: Folds, held_out: Case | None, same_target: int = 1) -> dict[str, float]:
    """Weights fitted on every case but ``held_out`` (None: on all), each case scored with its own set hidden and,
    where the held-out set could change its features, with the held-out set hidden too. ``same_target``: how many
    times a set into the held-out set's target version counts (an experiment: 3 gave mean P@1 0.68, MRR 0.76)."""
    sets = []
    into = held_out.to_version if held_out is not None else None
    for case in folds.cases:
        if case is not held_out:
            times = same_target if case.to_version == into else 1
            sets += [[s.group() for s in folds.data(case, held_out)]] * times
    return refine(sets, fit([g for groups in sets for g in groups]))


def limits(case: Case, subjects: Sequence[Subject], ours: Scores) -> str:
    """Why a set stays below a goal, from its shape: few subjects, many targets per subject (recall@1 capped), many
    candidates, or true targets the words alone rank low (median BM25 rank of a subject's best true target)."""
    notes = []
    per_subject = statistics.mean(len(g) for g in case.gold.values())
    if len(case.gold) < 15:
        notes.append(f"{len(case.gold)} subjects: one subject moves P@1 by {1 / len(case.gold):.2f}")
    if per_subject >= 1.5:
        notes.append(
            f"{per_subject:.1f} targets/subject (R@1 <= {statistics.mean(1 / len(g) for g in case.gold.values()):.2f})"
        )
    ranks = []
    for subject in subjects:
        lexical = subject.features[:, COLUMN["lexical"]]
        order = {subject.iris[n]: r for r, n in enumerate(np.argsort(-lexical, kind="stable"), start=1)}
        ranks.append(min((order[g] for g in subject.gold if g in order), default=len(subject.iris) + 1))
    notes.append(f"words alone rank the best true target {statistics.median(ranks):.0f} (median)")
    return "; ".join(notes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("data/store"))
    parser.add_argument("--mappings", type=Path, default=None, help="default: the content root's mappings/")
    parser.add_argument("--fit", action="store_true", help="also print the weights fitted on every curated set")
    parser.add_argument(
        "--same-target",
        type=int,
        default=1,
        help="how many times a training set into the held-out set's version counts (default 1)",
    )
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}; run `crosswalk load --store {args.store}` first")
    store = open_store(args.store)
    started = time.perf_counter()
    corpus = SuggestCorpus(store)
    rows = store.select(queries.text("api/mapping-edges"))
    print(f"corpus: {len(corpus.elements):,} elements read in {(time.perf_counter() - started) * 1000:.0f} ms")
    cases = curated_cases(corpus, args.mappings or content_root().mappings)
    folds = Folds(corpus, rows, cases)
    header = f"{'held-out set':42} {'subj':>4} {'cand':>5}  {'R@1':>5} {'R@5':>5} {'R@10':>5} {'P@1':>5} {'MRR':>5}"
    print(header + "   baseline R@10  P@1   MRR   goals")
    ours_all, base_all, wins, notes = [], [], 0, []
    for case in cases:
        subjects = folds.data(case)
        ours = model_scores(subjects, fitted(folds, case, args.same_target))
        candidates = corpus.candidates(case.to_version, case.kinds)
        baseline = TfidfBaseline(corpus, candidates)
        base = score(case.gold, lambda s, b=baseline: b.rank(s, 10))
        ours_all.append(ours)
        base_all.append(base)
        wins += ours.mrr > base.mrr
        missed = [name for name, ok in (("R@10", ours.recall[10] >= GOAL_R10), ("P@1", ours.p1 >= GOAL_P1)) if not ok]
        if ours.mrr <= base.mrr:
            missed.append("baseline")
        print(
            f"{case.set_id:42} {len(case.gold):4} {len(candidates):5}  {ours.recall[1]:5.2f} {ours.recall[5]:5.2f} "
            f"{ours.recall[10]:5.2f} {ours.p1:5.2f} {ours.mrr:5.2f}   {base.recall[10]:13.2f} {base.p1:5.2f} "
            f"{base.mrr:5.2f}   {'met' if not missed else 'missed ' + ', '.join(missed)}"
        )
        if missed:
            notes.append(f"  {case.set_id}: {limits(case, subjects, ours)}")

    def mean(values: list[float]) -> float:
        return statistics.mean(values)

    print(
        f"{'mean over ' + str(len(cases)) + ' sets':42} {'':4} {'':5}  {mean([s.recall[1] for s in ours_all]):5.2f} "
        f"{mean([s.recall[5] for s in ours_all]):5.2f} {mean([s.recall[10] for s in ours_all]):5.2f} "
        f"{mean([s.p1 for s in ours_all]):5.2f} {mean([s.mrr for s in ours_all]):5.2f}   "
        f"{mean([s.recall[10] for s in base_all]):13.2f} {mean([s.p1 for s in base_all]):5.2f} "
        f"{mean([s.mrr for s in base_all]):5.2f}"
    )
    print(
        f"above the baseline (MRR) on {wins} of {len(cases)} sets; "
        f"R@10 >= {GOAL_R10} on {sum(s.recall[10] >= GOAL_R10 for s in ours_all)}, "
        f"P@1 >= {GOAL_P1} on {sum(s.p1 >= GOAL_P1 for s in ours_all)}"
    )
    if notes:
        print("what limits the sets below a goal:")
        print("\n".join(notes))
    if args.fit:
        print(f"\nweights fitted on all {len(cases)} sets (model.DEFAULT): {fitted(folds, None)}")
        print(f"current model.DEFAULT: {DEFAULT}")
    store.close()
    speed(args.store)


PAIRS = (("ai-800-1/ipd", "ai-rmf/1.0"), ("ai-rmf/1.0", "csf/2.0"), ("ai-rmf/1.0", "sp-800-53/5.0.1"))


def speed(location: Path) -> None:
    """Every element of one version against another, through the engine the surfaces use: first on a store just
    opened (what a service's first request pays: the corpus, the mapping index, every element's words and the pair's
    index), then again; the anchor is the TF-IDF baseline ranking the same subjects over the same candidates. Wall
    and CPU time (this process's), since on a shared machine the wall time says as much about the other processes
    as about this one."""
    print()
    for source, target in PAIRS:
        store = open_store(location)
        engine = Engine(store)
        started, cpu = time.perf_counter(), time.process_time()
        engine.suggester  # noqa: B018 -- the corpus, the mapping index and every element's words, once per store
        built = time.perf_counter() - started
        first = engine.suggest_version(source, target, 10)
        cold, cold_cpu = time.perf_counter() - started, time.process_time() - cpu
        cpu = time.process_time()
        warm = timed(lambda e=engine, s=source, t=target: e.suggest_version(s, t, 10), 3) / 1000
        warm_cpu = (time.process_time() - cpu) / 4  # timed runs it once to warm up, then three times
        suggester = engine.suggester
        kinds = suggester.default_kinds(find_version(source).iri, find_version(target).iri)
        candidates = engine.suggest_corpus.candidates(find_version(target).iri, set(kinds) or None)
        baseline = TfidfBaseline(engine.suggest_corpus, candidates)
        anchor = timed(lambda b=baseline, f=first: [b.rank(x, 10) for x in f], 1) / 1000
        store.close()
        print(
            f"{source} -> {target}: {len(first)} subjects x {len(candidates)} candidates: {cold:.2f} s on a store "
            f"just opened ({cold_cpu:.2f} s CPU; {built:.2f} s of it building the suggester, {cold - built:.2f} s the "
            f"pair's first suggestions), {warm:.2f} s after ({warm_cpu:.2f} s CPU) (goal <= 2 s); "
            f"TF-IDF baseline {anchor:.2f} s (ratio {warm / anchor:.2f})"
        )


if __name__ == "__main__":
    main()
