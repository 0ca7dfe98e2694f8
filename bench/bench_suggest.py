"""Quality and speed of mapping suggestions, leave-one-set-out over the curated sets.

For each curated set in mappings/ (every row provenance curated): hide it (its records leave the mapping index the
suggester reads), suggest for each of its subjects toward its object version (candidates of the kinds its objects
are), and compare with its records; no-relationship records are not in the gold. Prints recall@1/@5/@10, precision@1
and MRR per set beside a plain TF-IDF cosine baseline over label and statement on the same candidates, then the time
to suggest for every element of one version against another.

Run on demand: ``python -m bench.bench_suggest --store data/store``; prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.suggest_baseline import TfidfBaseline
from bench.timing import timed
from crosswalk.content import namespaces as ns
from crosswalk.content import queries, sssom_tsv
from crosswalk.content.frameworks import find_version
from crosswalk.content.mapping_records import expand
from crosswalk.content.resources import content_root
from crosswalk.engine.mapping_index import MappingIndex
from crosswalk.engine.read_models import Engine
from crosswalk.engine.suggest import SuggestCorpus, Suggester, Weights
from crosswalk.store import open_store
from crosswalk.store.base import text_of

KS = (1, 5, 10)


@dataclass
class Case:
    set_id: str
    gold: dict[str, set[str]]  # subject -> objects
    to_version: str
    kinds: set[str]


@dataclass
class Scores:
    recall: dict[int, float]
    p1: float
    mrr: float


def curated_cases(corpus: SuggestCorpus, mappings: Path) -> list[Case]:
    cases = []
    for path in sorted(mappings.glob("*.sssom.tsv")):
        mapping_set = sssom_tsv.read(path)
        if not mapping_set.rows or any(r.mapping_provenance != "curated" for r in mapping_set.rows):
            continue
        gold: dict[str, set[str]] = defaultdict(set)
        versions: set[str] = set()
        kinds: set[str] = set()
        for row in mapping_set.rows:
            if row.ir8477_relationship == "no-relationship" or row.predicate_modifier == "Not":
                continue
            subject = expand(row.subject_id, mapping_set.curie_map) or ""
            obj = expand(row.object_id, mapping_set.curie_map) or ""
            if subject in corpus.elements and obj in corpus.elements:
                gold[subject].add(obj)
                versions.add(corpus.elements[obj].version)
                kinds |= corpus.elements[obj].kinds
        if gold and len(versions) == 1:
            cases.append(Case(mapping_set.set_id, dict(gold), versions.pop(), kinds))
    return cases


def score(gold: dict[str, set[str]], ranked: Callable[[str], list[str]]) -> Scores:
    recall = {k: [] for k in KS}  # type: dict[int, list[float]]
    p1, rr = [], []
    for subject, objects in gold.items():
        found = ranked(subject)
        for k in KS:
            recall[k].append(len(objects & set(found[:k])) / len(objects))
        p1.append(1.0 if found and found[0] in objects else 0.0)
        rank = next((n for n, iri in enumerate(found, start=1) if iri in objects), None)
        rr.append(1 / rank if rank else 0.0)
    return Scores({k: statistics.mean(v) for k, v in recall.items()}, statistics.mean(p1), statistics.mean(rr))


def without_set(rows: list, set_id: str) -> list:
    prefix = ns.mapping_set_iri(set_id) + "/"
    return [row for row in rows if not (text_of(row, "mapping") or "").startswith(prefix)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("data/store"))
    parser.add_argument("--mappings", type=Path, default=None, help="default: the content root's mappings/")
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}; run `crosswalk load --store {args.store}` first")
    store = open_store(args.store)
    started = time.perf_counter()
    corpus = SuggestCorpus(store)
    rows = store.select(queries.text("api/mapping-edges"))
    print(f"corpus: {len(corpus.elements):,} elements read in {(time.perf_counter() - started) * 1000:.0f} ms")
    cases = curated_cases(corpus, args.mappings or content_root().mappings)
    header = f"{'held-out set':42} {'subj':>4}  {'R@1':>5} {'R@5':>5} {'R@10':>5} {'P@1':>5} {'MRR':>5}"
    header += "   baseline R@10  P@1   MRR"
    print(header)
    ours_all, base_all, wins = [], [], 0
    for case in cases:
        suggester = Suggester(corpus, MappingIndex(without_set(rows, case.set_id)), Weights())
        ours = score(
            case.gold,
            lambda s, c=case, g=suggester: [x.target for x in g.suggest(s, c.to_version, 10, c.kinds)],
        )
        baseline = TfidfBaseline(corpus, corpus.candidates(case.to_version, case.kinds))
        base = score(case.gold, lambda s, b=baseline: b.rank(s, 10))
        ours_all.append(ours)
        base_all.append(base)
        wins += ours.mrr > base.mrr
        print(
            f"{case.set_id:42} {len(case.gold):4}  {ours.recall[1]:5.2f} {ours.recall[5]:5.2f} {ours.recall[10]:5.2f} "
            f"{ours.p1:5.2f} {ours.mrr:5.2f}   {base.recall[10]:13.2f} {base.p1:5.2f} {base.mrr:5.2f}"
        )
    mean = lambda xs: statistics.mean(xs)  # noqa: E731
    print(
        f"{'mean over ' + str(len(cases)) + ' sets':42} {'':4}  {mean([s.recall[1] for s in ours_all]):5.2f} "
        f"{mean([s.recall[5] for s in ours_all]):5.2f} {mean([s.recall[10] for s in ours_all]):5.2f} "
        f"{mean([s.p1 for s in ours_all]):5.2f} {mean([s.mrr for s in ours_all]):5.2f}   "
        f"{mean([s.recall[10] for s in base_all]):13.2f} {mean([s.p1 for s in base_all]):5.2f} "
        f"{mean([s.mrr for s in base_all]):5.2f}"
    )
    print(f"above the baseline (MRR) on {wins} of {len(cases)} sets")
    store.close()
    speed(args.store)


PAIRS = (("ai-800-1/ipd", "ai-rmf/1.0"), ("ai-rmf/1.0", "csf/2.0"), ("ai-rmf/1.0", "sp-800-53/5.0.1"))


def speed(location: Path) -> None:
    """Every element of one version against another, through the engine the surfaces use; the anchor is the
    TF-IDF baseline ranking the same subjects over the same candidates."""
    engine = Engine(open_store(location))
    started = time.perf_counter()
    engine.suggester  # noqa: B018 -- the corpus and the mapping index, built once per service
    print(f"\nsuggester built (corpus and mapping index) in {(time.perf_counter() - started) * 1000:.0f} ms")
    for source, target in PAIRS:
        started = time.perf_counter()
        first = engine.suggest_version(source, target, 10)
        cold = time.perf_counter() - started
        warm = timed(lambda s=source, t=target: engine.suggest_version(s, t, 10), 3) / 1000
        suggester = engine.suggester
        kinds = suggester.default_kinds(find_version(source).iri, find_version(target).iri)
        candidates = engine.suggest_corpus.candidates(find_version(target).iri, set(kinds) or None)
        baseline = TfidfBaseline(engine.suggest_corpus, candidates)
        anchor = timed(lambda b=baseline, f=first: [b.rank(x, 10) for x in f], 1) / 1000
        print(
            f"{source} -> {target}: {len(first)} subjects x {len(candidates)} candidates: {cold:.2f} s first "
            f"(building the candidates' index), {warm:.2f} s after (goal <= 2 s); TF-IDF baseline {anchor:.2f} s "
            f"(ratio {warm / anchor:.2f})"
        )


if __name__ == "__main__":
    main()
