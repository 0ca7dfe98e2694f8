"""Ranked candidate targets for an element in another framework version, each with the reasons it ranks there.

The signals (``signals.py``: lexical, chains, neighbours, prior) make one row of numbers per candidate; the score is
the ranking model's weighted sum of them (``model.py``, weights fitted on the curated sets). Asserted records are
read from the mapping index, which never holds suggested records, so a pending suggestion never feeds another.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from crosswalk.engine.mapping_index import MappingIndex
from crosswalk.engine.suggest.bm25 import BM25Index, CosineIndex, Prepared
from crosswalk.engine.suggest.corpus import SuggestCorpus
from crosswalk.engine.suggest.fields import FieldWeights, TermCache, element_terms
from crosswalk.engine.suggest.model import DEFAULT, coefficients
from crosswalk.engine.suggest.results import Reason, Suggestion
from crosswalk.engine.suggest.signals import (
    CHAIN,
    COLUMN,
    LEXICAL,
    NEIGHBOUR,
    RELATIONSHIP_WEIGHT,
    PairEvidence,
    StructureSignals,
    feature_matrix,
    prior_of,
    usable,
)
from crosswalk.engine.suggest.text import surface

MAX_REASON_TERMS = 6
HUB_DEPTH = 5
_SIGNALS = [COLUMN[name] for name in (*LEXICAL, *CHAIN, *NEIGHBOUR)]  # a candidate with none of these is no hit
_KINDS = ("shared-terms", "chain", "neighbour")
_GROUPS = np.zeros((len(COLUMN), len(_KINDS)))  # feature -> the reason it is shown under
for _kind, _names in zip(_KINDS, (LEXICAL, CHAIN, NEIGHBOUR), strict=True):
    _GROUPS[[COLUMN[name] for name in _names], _KINDS.index(_kind)] = 1.0


@dataclass(frozen=True)
class Weights:
    model: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT))  # signal name -> weight
    global_idf: bool = True  # idf over every element, not only the candidates (a dozen AI 600-1 risks say little)
    fields: FieldWeights = field(default_factory=FieldWeights)


@dataclass
class _Candidates:
    iris: list[str]
    position: dict[str, int]
    index: BM25Index
    cosine: CosineIndex
    prior: np.ndarray
    leaf: np.ndarray


@dataclass
class _Table:
    """Every element of a source version scored against a candidate set: the column statistics (how much of a hub
    each candidate is, where each element ranks for it) need the whole matrix."""

    rows: dict[str, int]
    lexical: np.ndarray  # elements x candidates, BM25 scaled to each row's best
    hubness: np.ndarray  # per candidate
    reverse_rank: np.ndarray  # elements x candidates: 1 / (1 + the element's rank in the candidate's column)
    lexical_rank: np.ndarray  # elements x candidates: 1 / (1 + the candidate's rank in the element's row), or 0
    cosine: np.ndarray  # elements x candidates: TF-IDF cosine of labels and statements


@dataclass
class Scored:
    """One subject against every candidate: the feature rows, the model's scores and the evidence behind them."""

    subject: str
    targets: _Candidates
    query: Prepared
    features: np.ndarray
    scores: np.ndarray
    evidence: PairEvidence


# Document frequencies over the whole corpus, and tokenised texts, depend on the catalogs alone: kept per corpus so
# that a suggester rebuilt over a changed mapping index reuses them.
_BACKGROUND: weakref.WeakKeyDictionary[SuggestCorpus, tuple[int, dict[str, int]]] = weakref.WeakKeyDictionary()
_TERMS: weakref.WeakKeyDictionary[SuggestCorpus, TermCache] = weakref.WeakKeyDictionary()


class Suggester:
    def __init__(self, corpus: SuggestCorpus, index: MappingIndex, weights: Weights | None = None) -> None:
        self.corpus = corpus
        self.index = index
        self.weights = weights or Weights()
        self.coefficients = coefficients(self.weights.model)
        self.structure = StructureSignals(corpus, index)
        self.terms = _TERMS.setdefault(corpus, TermCache(corpus))
        self._targets: dict[tuple[str, frozenset[str]], _Candidates] = {}
        self._queries: dict[str, dict[str, float]] = {}  # subject -> its weighted terms
        self._tables: dict[tuple[str, str, frozenset[str]], _Table] = {}
        self._prepared: dict[tuple[str, str, frozenset[str]], Prepared] = {}  # (subject, *candidates key) -> query
        self.background()  # tokenises every element once per corpus: part of building, not of the first request

    def linked(self, iri: str) -> list[str]:
        """Elements asserted records link to ``iri`` (any usable relationship), strongest first."""
        steps = sorted(
            (s for s in self.index.steps.get(iri, ()) if usable(s)),
            key=lambda s: (-RELATIONSHIP_WEIGHT[s.relationship], -(s.strength or 0), s.target),
        )
        return list(dict.fromkeys(step.target for step in steps))

    def _pairs(self, from_version: str, to_version: str) -> list[tuple[str, str]]:
        version_of = self.index.version_of
        return [
            (start, step.target)
            for start, steps in self.index.steps.items()
            if version_of.get(start) == from_version
            for step in steps
            if version_of.get(step.target) == to_version
        ]

    def default_kinds(self, from_version: str, to_version: str) -> list[str]:
        """The kinds existing records from ``from_version`` reach in ``to_version``; else the version's kinds
        with the most elements that any record reaches; else none (every kind)."""
        elements = self.corpus.elements
        kinds = {k for _, target in self._pairs(from_version, to_version) for k in elements[target].kinds}
        if not kinds:
            reached = Counter(
                k
                for iri in self.corpus.by_version.get(to_version, ())
                if self.index.steps.get(iri)
                for k in elements[iri].kinds
            )
            kinds = {reached.most_common(1)[0][0]} if reached else set()
        return sorted(kinds)

    def default_subjects(self, from_version: str, to_version: str, kinds: Sequence[str] | None = None) -> list[str]:
        elements = self.corpus.elements
        chosen = set(kinds or ()) or {k for s, _ in self._pairs(from_version, to_version) for k in elements[s].kinds}
        return self.corpus.candidates(from_version, chosen or None)

    def background(self) -> tuple[int, dict[str, int]]:
        found = _BACKGROUND.get(self.corpus)
        if found is None:
            counts: Counter[str] = Counter()
            for iri in self.corpus.elements:
                counts.update(self.terms.own(iri).keys())
            found = _BACKGROUND[self.corpus] = (len(self.corpus.elements), dict(counts))
        return found

    def candidates(self, version_iri: str, kinds: Iterable[str] | None = None) -> _Candidates:
        key = (version_iri, frozenset(kinds or ()))
        found = self._targets.get(key)
        if found is None:
            iris = self.corpus.candidates(version_iri, set(key[1]) or None)
            fields = self.weights.fields
            documents = [element_terms(self.corpus, iri, self.linked(iri), fields, self.terms) for iri in iris]
            background = self.background() if self.weights.global_idf else None
            members = set(iris)
            found = self._targets[key] = _Candidates(
                iris,
                {iri: n for n, iri in enumerate(iris)},
                BM25Index(documents, background=background),
                CosineIndex([self.terms.plain(iri) for iri in iris]),
                prior_of(self.structure.degree(iri) for iri in iris),
                np.array([not members & set(self.corpus.children.get(iri, ())) for iri in iris], dtype=float),
            )
        return found

    def table(self, source_version: str, to_version: str, kinds: Iterable[str] | None = None) -> _Table:
        key = (source_version, to_version, frozenset(kinds or ()))
        found = self._tables.get(key)
        if found is None:
            targets = self.candidates(to_version, kinds)
            sources = sorted(self.corpus.by_version.get(source_version, ()))
            lexical = np.zeros((len(sources), len(targets.iris)))
            cosine = np.zeros_like(lexical)
            for number, iri in enumerate(sources):
                row = targets.index.scores(self.query(iri))
                lexical[number] = row / (float(row.max()) or 1.0) if row.size else row
                cosine[number] = targets.cosine.scores(self.terms.plain(iri))
            top = min(HUB_DEPTH, len(sources))
            hubness = (
                -np.partition(-lexical, top - 1, axis=0)[:top].mean(axis=0) if top else np.zeros(len(targets.iris))
            )
            ranks = np.empty_like(lexical)
            order = np.argsort(-lexical, axis=0, kind="stable")
            np.put_along_axis(ranks, order, np.arange(len(sources), dtype=float)[:, None], axis=0)
            row_ranks = np.empty_like(lexical)
            order = np.argsort(-lexical, axis=1, kind="stable")
            np.put_along_axis(row_ranks, order, np.arange(len(targets.iris), dtype=float)[None, :], axis=1)
            found = self._tables[key] = _Table(
                {iri: n for n, iri in enumerate(sources)},
                lexical,
                hubness,
                1.0 / (1.0 + ranks),
                np.where(lexical > 0, 1.0 / (1.0 + row_ranks), 0.0),
                cosine,
            )
        return found

    def query(self, subject: str) -> dict[str, float]:
        found = self._queries.get(subject)
        if found is None:
            found = self._queries[subject] = element_terms(
                self.corpus, subject, self.linked(subject), self.weights.fields, self.terms
            )
        return found

    def score(self, subject: str, to_version: str, kinds: Iterable[str] | None = None) -> Scored:
        """Every candidate in ``to_version`` scored for ``subject``: what the ranking and the benchmark read."""
        if subject not in self.corpus.elements:
            raise LookupError(f"{subject} is not an element of a loaded catalog")
        targets = self.candidates(to_version, kinds)
        key = (subject, to_version, frozenset(kinds or ()))
        query = self._prepared.get(key)
        if query is None:
            query = self._prepared[key] = targets.index.prepare(self.query(subject))
        table = self.table(self.corpus.elements[subject].version, to_version, kinds)
        row = table.rows[subject]
        cosine = table.cosine[row]
        evidence = self.structure.evidence(subject, targets.position)
        columns = (table.lexical_rank[row], table.hubness, table.reverse_rank[row], targets.leaf)
        features = feature_matrix(table.lexical[row], cosine, evidence, targets.prior, targets.position, columns)
        return Scored(subject, targets, query, features, features @ self.coefficients, evidence)

    def suggest(
        self,
        subject: str,
        to_version: str,
        top: int = 10,
        kinds: Iterable[str] | None = None,
        exclude_mapped: bool = True,
    ) -> list[Suggestion]:
        """The ``top`` best targets in ``to_version`` (a version IRI) for ``subject`` (an element IRI)."""
        scored = self.score(subject, to_version, kinds)
        targets, total = scored.targets, scored.scores.copy()
        signal: np.ndarray = np.asarray(scored.features[:, _SIGNALS].any(axis=1))
        excluded = [subject, *(s.target for s in self.index.steps.get(subject, ()))] if exclude_mapped else [subject]
        for iri in excluded:
            if iri in targets.position:
                signal[targets.position[iri]] = False
        hits = np.nonzero(signal)[0]
        if len(hits) > top:
            hits = hits[np.argpartition(-total[hits], top - 1)[:top]]
        order = hits[np.lexsort((hits, -total[hits]))]  # best first; ties in IRI order (candidates are sorted)
        # reasons only for what is shown: building them for every candidate would cost more than ranking
        numbers = [int(n) for n in order]
        words = targets.index.shared(scored.query, numbers, MAX_REASON_TERMS)
        shares = ((scored.features[numbers] * self.coefficients) @ _GROUPS).round(4).tolist()
        return [
            Suggestion(
                subject, targets.iris[n], round(float(total[n]), 4), rank, self._reasons(scored, n, terms, share)
            )
            for rank, (n, terms, share) in enumerate(zip(numbers, words, shares, strict=True), start=1)
        ]

    def _reasons(self, scored: Scored, number: int, terms: list[str], shares: list[float]) -> list[Reason]:
        """What shows why a candidate ranks where it does; ``shares``: each kind's part of the score."""
        iri = scored.targets.iris[number]
        reasons = []
        if terms:
            shown = tuple(surface(t) for t in terms)
            reasons.append(Reason("shared-terms", "shares " + ", ".join(shown), shares[0], terms=shown))
        evidence = scored.evidence
        for kind, sources in (
            ("chain", (evidence.chains, evidence.relative_chains)),
            ("neighbour", (evidence.neighbours, evidence.near)),
        ):
            found = next((source[iri] for source in sources if iri in source), None)
            if found is not None:
                reasons.append(Reason(kind, found[1], shares[_KINDS.index(kind)], found[2]))
        return sorted(reasons, key=lambda r: -r.weight)

    def suggest_many(
        self, subjects: Sequence[str], to_version: str, top: int = 10, kinds: Iterable[str] | None = None
    ) -> dict[str, list[Suggestion]]:
        kinds = tuple(kinds or ())
        return {subject: self.suggest(subject, to_version, top, kinds) for subject in subjects}
