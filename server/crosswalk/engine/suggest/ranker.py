"""Ranked candidate targets for an element in another framework version, each with the reasons it ranks there.

Three signals, each computed on this machine from the store's content and records (no outside service, no model):
- lexical: BM25 of the element's texts (own fields, hierarchy, texts of elements linked to it) against each
  candidate's (own fields, Playbook and other children, parent, texts linked to it by other records);
- chains: paths of up to two asserted records from the element (or its parent and children) to the candidate;
- neighbours: records from the element's parent, children and siblings to the candidate.
The lexical score is scaled to the best candidate's; the others saturate at 1. Asserted records are read from
the mapping index, which never holds suggested records, so a pending suggestion never feeds another.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from crosswalk.engine.mapping_index import MappingIndex, Step
from crosswalk.engine.suggest.bm25 import BM25Index
from crosswalk.engine.suggest.corpus import SuggestCorpus
from crosswalk.engine.suggest.fields import FieldWeights, element_terms, own_texts
from crosswalk.engine.suggest.text import surface, weighted_terms

# How much one record says about the pair it links, by the relationship it asserts (read from the walker's side).
RELATIONSHIP_WEIGHT = {
    "equal": 1.0,
    "identical": 1.0,
    "equivalent": 0.9,
    "subset-of": 0.8,
    "superset-of": 0.8,
    "intersects-with": 0.6,
    "supports": 0.6,
    "is-supported-by": 0.6,
    "parent-child": 0.5,
    "child-parent": 0.5,
    "related-to": 0.4,
}
NEIGHBOUR_WEIGHT = {"parent": 0.8, "child": 0.7, "sibling": 0.5}
MAX_REASON_TERMS = 6


@dataclass(frozen=True)
class Weights:
    lexical: float = 1.0
    chain: float = 0.6
    neighbour: float = 0.4
    structural_hop: float = 0.5  # a chain that starts from the element's parent or child instead of itself
    global_idf: bool = True  # idf over every element, not only the candidates (a dozen AI 600-1 risks say little)
    fields: FieldWeights = field(default_factory=FieldWeights)


@dataclass(frozen=True)
class Reason:
    kind: str  # shared-terms, chain, neighbour
    text: str
    weight: float  # this signal's share of the score
    records: tuple[str, ...] = ()  # mapping records it rests on
    terms: tuple[str, ...] = ()  # the words shared (shared-terms)


@dataclass
class Suggestion:
    subject: str
    target: str
    score: float
    rank: int
    reasons: list[Reason]


@dataclass
class _Candidates:
    iris: list[str]
    position: dict[str, int]
    index: BM25Index


def usable(step: Step) -> bool:
    return not step.negated and step.relationship in RELATIONSHIP_WEIGHT


class Suggester:
    def __init__(self, corpus: SuggestCorpus, index: MappingIndex, weights: Weights | None = None) -> None:
        self.corpus = corpus
        self.index = index
        self.weights = weights or Weights()
        self._targets: dict[tuple[str, frozenset[str]], _Candidates] = {}
        self._background: tuple[int, dict[str, int]] | None = None
        self._queries: dict[str, dict[str, float]] = {}  # subject -> its weighted terms

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
        if self._background is None:
            counts: Counter[str] = Counter()
            for element in self.corpus.elements.values():
                counts.update(set(weighted_terms(own_texts(element, 1.0))))
            self._background = (len(self.corpus.elements), dict(counts))
        return self._background

    def candidates(self, version_iri: str, kinds: Iterable[str] | None = None) -> _Candidates:
        key = (version_iri, frozenset(kinds or ()))
        found = self._targets.get(key)
        if found is None:
            iris = self.corpus.candidates(version_iri, set(key[1]) or None)
            documents = [element_terms(self.corpus, iri, self.linked(iri), self.weights.fields) for iri in iris]
            background = self.background() if self.weights.global_idf else None
            bm25 = BM25Index(documents, background=background)
            found = self._targets[key] = _Candidates(iris, {iri: n for n, iri in enumerate(iris)}, bm25)
        return found

    def suggest(
        self,
        subject: str,
        to_version: str,
        top: int = 10,
        kinds: Iterable[str] | None = None,
        exclude_mapped: bool = True,
    ) -> list[Suggestion]:
        """The ``top`` best targets in ``to_version`` (a version IRI) for ``subject`` (an element IRI)."""
        import numpy as np  # here, not at import: a service that never suggests never loads numpy

        if subject not in self.corpus.elements:
            raise LookupError(f"{subject} is not an element of a loaded catalog")
        targets = self.candidates(to_version, kinds)
        query = self._queries.get(subject)
        if query is None:
            query = self._queries[subject] = element_terms(
                self.corpus, subject, self.linked(subject), self.weights.fields
            )
        lexical = targets.index.scores(query)
        best = float(lexical.max()) if lexical.size else 0.0
        lexical *= self.weights.lexical / (best or 1.0)
        chains = {
            iri: (self.weights.chain * (1 - math.exp(-value)), text, records)
            for iri, (value, text, records) in self._chains(subject, targets).items()
        }
        neighbours = {
            iri: (self.weights.neighbour * (1 - math.exp(-value)), text, records)
            for iri, (value, text, records) in self._neighbours(subject, targets).items()
        }
        total = lexical.copy()
        for signal in (chains, neighbours):
            for iri, (share, _, _) in signal.items():
                total[targets.position[iri]] += share
        excluded = [subject, *(s.target for s in self.index.steps.get(subject, ()))] if exclude_mapped else [subject]
        for iri in excluded:
            if iri in targets.position:
                total[targets.position[iri]] = 0.0
        hits = np.nonzero(total > 0)[0]
        if len(hits) > top:
            hits = hits[np.argpartition(-total[hits], top - 1)[:top]]
        order = hits[np.lexsort((hits, -total[hits]))]  # best first; ties in IRI order (candidates are sorted)
        ranked = [(targets.iris[n], float(total[n])) for n in order]
        out = []
        for rank, (iri, score) in enumerate(ranked, start=1):
            reasons = []  # only for what is shown: building them for every candidate would cost more than ranking
            share = float(lexical[targets.position[iri]])
            if share > 0:
                shared = targets.index.shared(query, targets.position[iri])
                words = tuple(surface(t) for t, _ in sorted(shared.items(), key=lambda kv: -kv[1])[:MAX_REASON_TERMS])
                text = "shares " + ", ".join(words)
                reasons.append(Reason("shared-terms", text, round(share, 4), terms=words))
            for kind, signal in (("chain", chains), ("neighbour", neighbours)):
                if iri in signal:
                    share, text, records = signal[iri]
                    reasons.append(Reason(kind, text, round(share, 4), records))
            out.append(Suggestion(subject, iri, round(score, 4), rank, sorted(reasons, key=lambda r: -r.weight)))
        return out

    def suggest_many(
        self, subjects: Sequence[str], to_version: str, top: int = 10, kinds: Iterable[str] | None = None
    ) -> dict[str, list[Suggestion]]:
        kinds = tuple(kinds or ())
        return {subject: self.suggest(subject, to_version, top, kinds) for subject in subjects}

    def _chains(self, subject: str, targets: _Candidates) -> dict[str, tuple[float, str, tuple[str, ...]]]:
        """Target -> (summed path weight, the best path in words, its records)."""
        starts = [(subject, 1.0, "")]
        hop = self.weights.structural_hop
        starts += [(p, hop, f"its parent {self._name(p)}, then ") for p in self.corpus.parents.get(subject, ())]
        starts += [(c, hop, f"its part {self._name(c)}, then ") for c in self.corpus.children.get(subject, ())]
        found: dict[str, list[tuple[float, str, tuple[str, ...]]]] = defaultdict(list)
        for start, factor, prefix in starts:
            for path in self.index.walk(start, 2):
                target = path[-1].target
                if target not in targets.position or not all(usable(s) for s in path):
                    continue
                if start != subject and len(path) == 1:
                    continue  # a relative's own record is a neighbour, counted there
                weight = factor * math.prod(RELATIONSHIP_WEIGHT[s.relationship] for s in path)
                words = " then ".join(f"{s.relationship} {self._name(s.target)}" for s in path)
                found[target].append((weight, prefix + words, tuple(s.record for s in path)))
        out: dict[str, tuple[float, str, tuple[str, ...]]] = {}
        for target, paths in found.items():
            paths.sort(key=lambda p: -p[0])
            more = f" ({len(paths)} paths)" if len(paths) > 1 else ""
            out[target] = (sum(p[0] for p in paths), f"reached by {paths[0][1]}{more}", paths[0][2])
        return out

    def _neighbours(self, subject: str, targets: _Candidates) -> dict[str, tuple[float, str, tuple[str, ...]]]:
        family = [(p, "parent") for p in self.corpus.parents.get(subject, ())]
        family += [(c, "child") for c in self.corpus.children.get(subject, ())]
        family += [(s, "sibling") for s in self.corpus.siblings(subject)]
        found: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
        for relative, role in family:
            for step in self.index.steps.get(relative, ()):
                if step.target in targets.position and usable(step):
                    weight = NEIGHBOUR_WEIGHT[role] * RELATIONSHIP_WEIGHT[step.relationship]
                    found[step.target].append(
                        (weight, f"its {role} {self._name(relative)} is {step.relationship} it", step.record)
                    )
        out: dict[str, tuple[float, str, tuple[str, ...]]] = {}
        for target, hits in found.items():
            hits.sort(key=lambda h: -h[0])
            more = f" (and {len(hits) - 1} more)" if len(hits) > 1 else ""
            out[target] = (sum(h[0] for h in hits), hits[0][1] + more, tuple(h[2] for h in hits))
        return out

    def _name(self, iri: str) -> str:
        element = self.corpus.elements.get(iri)
        return element.notation if element else iri.rsplit("/", 1)[-1]
