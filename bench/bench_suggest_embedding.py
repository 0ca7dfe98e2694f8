"""Does a text-embedding model that ships inside a registry package help the suggestions? Measured, not assumed.

The candidate: WordLlama (``pip install wordllama``, MIT), whose 256-dimension static token embeddings ship inside
its PyPI wheel, so nothing is fetched at run time (the model is read from the installed package with downloads
disabled). Each element's label, statement and description become one unit vector; a pair's signal is their cosine.

Leave-one-set-out like ``bench_suggest``: for each curated set, the ranking model's weights are fitted on the other
sets, then the embedding cosine is added to the model's score with the factor that ranks the other sets best (a
grid; 0 leaves the model unchanged). Prints, per set, P@1, R@10 and MRR of the model alone, of the model plus the
embedding, and of the embedding alone beside the BM25 signal alone. Run on demand:
``python -m bench.bench_suggest_embedding --store data/store``; prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bench.bench_suggest import fitted
from bench.suggest_folds import Folds, Scores, Subject, curated_cases, score
from crosswalk.content import queries
from crosswalk.content.resources import content_root
from crosswalk.engine.suggest import SuggestCorpus
from crosswalk.engine.suggest.model import coefficients
from crosswalk.engine.suggest.signals import COLUMN
from crosswalk.store import open_store

FACTORS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)


def embeddings(corpus: SuggestCorpus) -> dict[str, np.ndarray]:
    try:
        import wordllama
    except ImportError:
        sys.exit("this benchmark measures WordLlama: `pip install wordllama` first (the service does not need it)")
    started = time.perf_counter()
    model = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    loaded = time.perf_counter() - started
    iris = list(corpus.elements)
    texts = []
    for iri in iris:
        element = corpus.elements[iri]
        parts = (element.text("prefLabel"), element.text("statement"), element.text("description"))
        texts.append(" ".join(p for p in parts if p) or element.notation)
    started = time.perf_counter()
    matrix = np.asarray(model.embed(texts, norm=True))
    print(f"WordLlama read in {loaded:.2f} s; {len(iris):,} elements embedded in {time.perf_counter() - started:.2f} s")
    return dict(zip(iris, matrix, strict=True))


def semantic(subject: Subject, vectors: dict[str, np.ndarray]) -> np.ndarray:
    if not subject.iris:
        return np.zeros(0)
    return np.clip(np.stack([vectors[i] for i in subject.iris]) @ vectors[subject.iri], 0.0, None)


def ranked_by(subjects: Sequence[Subject], values: Callable[[Subject], np.ndarray]) -> Scores:
    by_iri = {s.iri: s for s in subjects}

    def ranked(iri: str) -> list[str]:
        subject = by_iri[iri]
        if not subject.iris:
            return []
        order = np.lexsort((np.arange(len(subject.iris)), -values(subject)))[:10]
        return [subject.iris[n] for n in order]

    return score({s.iri: s.gold for s in subjects}, ranked)


def quality(found: Scores) -> float:
    return (found.p1 + found.mrr) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("data/store"))
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}; run `crosswalk load --store {args.store}` first")
    store = open_store(args.store)
    corpus = SuggestCorpus(store)
    vectors = embeddings(corpus)
    cases = curated_cases(corpus, content_root().mappings)
    folds = Folds(corpus, store.select(queries.text("api/mapping-edges")), cases)
    cosines: dict[tuple[str, str], np.ndarray] = {}

    def cosine(subject: Subject) -> np.ndarray:
        key = (subject.iri, ",".join(subject.iris[:3]) + str(len(subject.iris)))
        if key not in cosines:
            cosines[key] = semantic(subject, vectors)
        return cosines[key]

    columns = f"{'model P@1 R@10 MRR':>19}   {'+embedding':>19}  factor   {'BM25 alone':>14}  embedding"
    print(f"{'held-out set':42} {columns}")
    rows: list[tuple[Scores, Scores, Scores, Scores]] = []
    for case in folds.cases:
        w = coefficients(fitted(folds, case))
        others = [(other, folds.data(other, case)) for other in folds.cases if other is not case]

        def combined(factor: float, w: np.ndarray = w) -> Callable[[Subject], np.ndarray]:
            return lambda s: s.features @ w + factor * cosine(s)

        factor = max(
            FACTORS, key=lambda f: statistics.mean(quality(ranked_by(subs, combined(f))) for _, subs in others)
        )
        subjects = folds.data(case)
        model = ranked_by(subjects, combined(0.0))
        plus = ranked_by(subjects, combined(factor))
        lexical = ranked_by(subjects, lambda s: s.features[:, COLUMN["lexical"]])
        alone = ranked_by(subjects, cosine)
        rows.append((model, plus, lexical, alone))
        print(
            f"{case.set_id:42} {model.p1:5.2f} {model.recall[10]:5.2f} {model.mrr:5.2f}   "
            f"{plus.p1:5.2f} {plus.recall[10]:5.2f} {plus.mrr:5.2f}  {factor:6.2f}   "
            f"{lexical.p1:5.2f} {lexical.recall[10]:5.2f}   {alone.p1:5.2f} {alone.recall[10]:5.2f}"
        )

    def mean(n: int, pick: Callable[[Scores], float]) -> float:
        return statistics.mean(pick(r[n]) for r in rows)

    line = [f"{mean(n, lambda s: s.p1):5.2f} {mean(n, lambda s: s.recall[10]):5.2f}" for n in range(4)]
    print(
        f"{'mean over ' + str(len(rows)) + ' sets':42} {line[0]} {mean(0, lambda s: s.mrr):5.2f}   {line[1]} "
        f"{mean(1, lambda s: s.mrr):5.2f}  {'':6}   {line[2]}   {line[3]}"
    )
    better = sum(quality(r[1]) > quality(r[0]) + 1e-9 for r in rows)
    worse = sum(quality(r[1]) < quality(r[0]) - 1e-9 for r in rows)
    print(f"adding the embedding: better on {better} sets, worse on {worse}, the same on {len(rows) - better - worse}")
    store.close()


if __name__ == "__main__":
    main()
