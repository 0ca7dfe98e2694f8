"""Leave-one-set-out data for the suggestion benchmark: each curated set's subjects scored with that set hidden, the
ranking model refitted per fold on the other sets only, and the ranking measures.

Nothing of a held-out set reaches its fold's weights: the weights of fold k are fitted on the other sets' subjects,
whose features are computed with their own set hidden and, where set k could change them (it shares a framework
version with them, so its records could be chains, neighbours, linked texts or the prior), with set k hidden too.

Measures, per held-out set, over its subjects with at least one true (not no-relationship) record: recall@k = the
share of a subject's true targets among its first k candidates (mean over subjects); precision@1 = the share of
subjects whose first candidate is a true target; MRR = mean reciprocal rank of the first true target (0 if none in
the first 10).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crosswalk.content import namespaces as ns
from crosswalk.content import sssom_tsv
from crosswalk.content.mapping_records import expand
from crosswalk.engine.mapping_index import MappingIndex
from crosswalk.engine.suggest import SuggestCorpus, Suggester, Weights
from crosswalk.engine.suggest.model import Group, coefficients, fit
from crosswalk.engine.suggest.signals import CHAIN, COLUMN, LEXICAL, NEIGHBOUR
from crosswalk.store.base import Row, text_of

KS = (1, 5, 10)
TOP = 10
_SIGNALS = [COLUMN[name] for name in (*LEXICAL, *CHAIN, *NEIGHBOUR)]


@dataclass
class Case:
    set_id: str
    gold: dict[str, set[str]]  # subject -> objects
    sources: set[str]  # the subjects' version(s)
    to_version: str
    kinds: set[str]
    relationships: dict[str, int]  # IR 8477 type -> rows

    @property
    def versions(self) -> set[str]:
        return self.sources | {self.to_version}


@dataclass
class Scores:
    recall: dict[int, float]
    p1: float
    mrr: float


@dataclass
class Subject:
    """One subject's candidates that have any signal (the ranking's hits), with their features."""

    iri: str
    iris: list[str]
    features: np.ndarray
    gold: set[str]
    reachable: int  # true targets among the hits (the others no weights can rank)

    def ranked(self, weights: np.ndarray, top: int = TOP) -> list[str]:
        if not self.iris:
            return []
        scores = self.features @ weights
        order = np.lexsort((np.arange(len(self.iris)), -scores))[:top]
        return [self.iris[n] for n in order]

    def group(self) -> Group:
        return Group(self.features, np.array([iri in self.gold for iri in self.iris]))


def curated_cases(corpus: SuggestCorpus, mappings: Path) -> list[Case]:
    cases = []
    for path in sorted(mappings.glob("*.sssom.tsv")):
        mapping_set = sssom_tsv.read(path)
        if not mapping_set.rows or any(r.mapping_provenance != "curated" for r in mapping_set.rows):
            continue
        gold: dict[str, set[str]] = defaultdict(set)
        versions: set[str] = set()
        sources: set[str] = set()
        kinds: set[str] = set()
        relationships: dict[str, int] = defaultdict(int)
        for row in mapping_set.rows:
            if row.ir8477_relationship == "no-relationship" or row.predicate_modifier == "Not":
                continue
            subject = expand(row.subject_id, mapping_set.curie_map) or ""
            obj = expand(row.object_id, mapping_set.curie_map) or ""
            if subject in corpus.elements and obj in corpus.elements:
                gold[subject].add(obj)
                versions.add(corpus.elements[obj].version)
                sources.add(corpus.elements[subject].version)
                kinds |= corpus.elements[obj].kinds
                relationships[row.ir8477_relationship] += 1
        if gold and len(versions) == 1:
            case = Case(mapping_set.set_id, dict(gold), sources, versions.pop(), kinds, dict(relationships))
            cases.append(case)
    return cases


def without_sets(rows: Sequence[Row], set_ids: Sequence[str]) -> list[Row]:
    prefixes = tuple(ns.mapping_set_iri(s) + "/" for s in set_ids)
    return [row for row in rows if not (text_of(row, "mapping") or "").startswith(prefixes)]


def subjects_of(case: Case, suggester: Suggester) -> list[Subject]:
    """The case's subjects scored by ``suggester`` (whose mapping index has the case's set hidden)."""
    out = []
    for iri, gold in case.gold.items():
        scored = suggester.score(iri, case.to_version, case.kinds)
        hit: np.ndarray = np.asarray(scored.features[:, _SIGNALS].any(axis=1))
        for excluded in [iri, *(s.target for s in suggester.index.steps.get(iri, ()))]:
            if excluded in scored.targets.position:
                hit[scored.targets.position[excluded]] = False
        numbers = np.nonzero(hit)[0]
        iris = [scored.targets.iris[n] for n in numbers]
        out.append(Subject(iri, iris, scored.features[numbers], gold, len(gold & set(iris))))
    return out


class Folds:
    """Every case's subjects with its own set hidden, and (on demand) with another set hidden as well."""

    def __init__(self, corpus: SuggestCorpus, rows: Sequence[Row], cases: Sequence[Case]) -> None:
        self.corpus, self.rows, self.cases = corpus, rows, list(cases)
        self._data: dict[frozenset[str], list[Subject]] = {}

    def data(self, case: Case, also: Case | None = None) -> list[Subject]:
        hidden = [case.set_id] if also is None or not (also.versions & case.versions) else [case.set_id, also.set_id]
        key = frozenset(hidden)
        found = self._data.get(key)
        if found is None:
            suggester = Suggester(self.corpus, MappingIndex(without_sets(self.rows, hidden)), Weights())
            found = self._data[key] = subjects_of(case, suggester)
        return found

    def fold_weights(self, held_out: Case) -> dict[str, float]:
        groups = [s.group() for case in self.cases if case is not held_out for s in self.data(case, held_out)]
        return fit(groups)


def score(gold: Mapping[str, set[str]], ranked: Callable[[str], list[str]]) -> Scores:
    recall: dict[int, list[float]] = {k: [] for k in KS}
    p1, rr = [], []
    for subject, objects in gold.items():
        found = ranked(subject)
        for k in KS:
            recall[k].append(len(objects & set(found[:k])) / len(objects))
        p1.append(1.0 if found and found[0] in objects else 0.0)
        rank = next((n for n, iri in enumerate(found, start=1) if iri in objects), None)
        rr.append(1 / rank if rank else 0.0)
    return Scores({k: statistics.mean(v) for k, v in recall.items()}, statistics.mean(p1), statistics.mean(rr))


def model_scores(subjects: Sequence[Subject], weights: Mapping[str, float]) -> Scores:
    vector = coefficients(weights)
    by_iri = {s.iri: s for s in subjects}
    return score({s.iri: s.gold for s in subjects}, lambda iri: by_iri[iri].ranked(vector))
