"""The evidence for one (element, candidate) pair, as a row of numbers the ranking model weighs (``model.py``).

Every signal is computed on this machine from the store's content and asserted records (never a suggested one):
- lexical: BM25 of the element's texts against each candidate's (scaled to the best candidate), its rank among
  the candidates, and a TF-IDF cosine of labels and statements alone (short texts that BM25 over long documents
  underrates);
- chains: paths of up to two asserted records from the element, and from its parent or parts, to the candidate;
- neighbours: records from the element's parent, parts and siblings to the candidate, and the candidate's own
  parent, parts and siblings being the target of the element's chains or its relatives' records;
- prior: how many records reach the candidate at all (frameworks have hubs, such as prompt injection).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from crosswalk.engine.mapping_index import MappingIndex, Step
from crosswalk.engine.suggest.corpus import SuggestCorpus

FEATURES = (
    "lexical",  # BM25 / the best candidate's
    "lexical_rank",  # 1 / (1 + rank by BM25)
    "cosine",  # TF-IDF cosine of label and statement
    "chain",  # paths from the element itself
    "chain_relative",  # paths from its parent or parts
    "neighbour",  # records of its parent, parts, siblings
    "near_target",  # the candidate's relatives are reached by chains or neighbours
    "prior",  # records reaching the candidate, log-scaled to the candidates' most reached
    "hubness",  # the candidate's mean scaled BM25 over its five best subjects (a hub matches everything)
    "reverse_rank",  # 1 / (1 + rank of this subject among the version's elements for the candidate)
    "leaf",  # the candidate has no parts among the candidates
)
LEXICAL = ("lexical", "lexical_rank", "cosine")
CHAIN = ("chain", "chain_relative")
NEIGHBOUR = ("neighbour", "near_target")
COLUMN = {name: n for n, name in enumerate(FEATURES)}

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
NEAR_WEIGHT = {"parent": 0.6, "child": 0.5, "sibling": 0.4}

Evidence = dict[str, tuple[float, str, tuple[str, ...]]]  # target -> (summed weight, the best in words, records)


def usable(step: Step) -> bool:
    return not step.negated and step.relationship in RELATIONSHIP_WEIGHT


def saturate(value: float) -> float:
    return 1 - math.exp(-value)


@dataclass
class PairEvidence:
    """What the chains and neighbours say about an element's candidates (for the features and the reasons)."""

    chains: Evidence
    relative_chains: Evidence
    neighbours: Evidence
    near: Evidence


class StructureSignals:
    """Chains and neighbours over the mapping index, with each start's walk kept (many elements share a parent)."""

    def __init__(self, corpus: SuggestCorpus, index: MappingIndex) -> None:
        self.corpus = corpus
        self.index = index
        self._walks: dict[str, list[tuple[Step, ...]]] = {}

    def degree(self, iri: str) -> int:
        return sum(1 for step in self.index.steps.get(iri, ()) if usable(step))

    def _walk(self, start: str) -> list[tuple[Step, ...]]:
        found = self._walks.get(start)
        if found is None:
            found = self._walks[start] = [p for p in self.index.walk(start, 2) if all(usable(s) for s in p)]
        return found

    def evidence(self, subject: str, position: dict[str, int]) -> PairEvidence:
        chains = self._chains([(subject, "")], position, direct=True)
        relatives = [(p, f"its parent {self.name(p)}, then ") for p in self.corpus.parents.get(subject, ())]
        relatives += [(c, f"its part {self.name(c)}, then ") for c in self.corpus.children.get(subject, ())]
        relative_chains = self._chains(relatives, position, direct=False)
        neighbours = self._neighbours(subject, position)
        near = self._near({**neighbours, **chains}, position)
        return PairEvidence(chains, relative_chains, neighbours, near)

    def _chains(self, starts: list[tuple[str, str]], position: dict[str, int], direct: bool) -> Evidence:
        found: dict[str, list[tuple[float, str, tuple[str, ...]]]] = defaultdict(list)
        for start, prefix in starts:
            for path in self._walk(start):
                target = path[-1].target
                if target not in position or (not direct and len(path) == 1):
                    continue  # a relative's own record is a neighbour, counted there
                weight = math.prod(RELATIONSHIP_WEIGHT[s.relationship] for s in path)
                found[target].append((weight, prefix, path))  # type: ignore[arg-type]
        out: Evidence = {}
        for target, paths in found.items():
            paths.sort(key=lambda p: -p[0])
            best: tuple[Step, ...] = paths[0][2]  # type: ignore[assignment]
            words = paths[0][1] + " then ".join(f"{s.relationship} {self.name(s.target)}" for s in best)
            more = f" ({len(paths)} paths)" if len(paths) > 1 else ""
            out[target] = (sum(p[0] for p in paths), f"reached by {words}{more}", tuple(s.record for s in best))
        return out

    def _neighbours(self, subject: str, position: dict[str, int]) -> Evidence:
        family = [(p, "parent") for p in self.corpus.parents.get(subject, ())]
        family += [(c, "child") for c in self.corpus.children.get(subject, ())]
        family += [(s, "sibling") for s in self.corpus.siblings(subject)]
        found: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
        for relative, role in family:
            for step in self.index.steps.get(relative, ()):
                if step.target in position and usable(step):
                    weight = NEIGHBOUR_WEIGHT[role] * RELATIONSHIP_WEIGHT[step.relationship]
                    found[step.target].append(
                        (weight, f"its {role} {self.name(relative)} is {step.relationship} it", step.record)
                    )
        return _summed(found)

    def _near(self, reached: Evidence, position: dict[str, int]) -> Evidence:
        """Candidates next to what the element's chains and relatives reach: the parent of a reached part, the parts
        and siblings of a reached element."""
        found: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
        for target, (value, _, records) in reached.items():
            strength = saturate(value)
            family = [(p, "parent") for p in self.corpus.parents.get(target, ())]
            family += [(c, "child") for c in self.corpus.children.get(target, ())]
            family += [(s, "sibling") for s in self.corpus.siblings(target)]
            for relative, role in family:
                if relative in position and relative not in reached:
                    text = f"its {role} {self.name(target)} is reached by chains or neighbours"
                    found[relative].append((NEAR_WEIGHT[role] * strength, text, records[0] if records else ""))
        return _summed(found)

    def name(self, iri: str) -> str:
        element = self.corpus.elements.get(iri)
        return element.notation if element else iri.rsplit("/", 1)[-1]


def _summed(found: dict[str, list[tuple[float, str, str]]]) -> Evidence:
    out: Evidence = {}
    for target, hits in found.items():
        hits.sort(key=lambda h: -h[0])
        more = f" (and {len(hits) - 1} more)" if len(hits) > 1 else ""
        out[target] = (sum(h[0] for h in hits), hits[0][1] + more, tuple(dict.fromkeys(h[2] for h in hits if h[2])))
    return out


def feature_matrix(
    lexical: np.ndarray,
    cosine: np.ndarray,
    evidence: PairEvidence,
    prior: np.ndarray,
    position: dict[str, int],
    columns: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> np.ndarray:
    """One row per candidate, one column per FEATURES name. ``lexical`` is already scaled to the best candidate;
    ``columns``: the lexical rank, hubness, reverse rank and leaf features (read off the whole version's table)."""
    matrix = np.zeros((lexical.size, len(FEATURES)))
    lexical_rank, hubness, reverse_rank, leaf = columns
    matrix[:, COLUMN["lexical"]] = lexical
    matrix[:, COLUMN["lexical_rank"]] = lexical_rank
    matrix[:, COLUMN["cosine"]] = cosine
    for name, found in (
        ("chain", evidence.chains),
        ("chain_relative", evidence.relative_chains),
        ("neighbour", evidence.neighbours),
        ("near_target", evidence.near),
    ):
        column = COLUMN[name]
        for iri, (value, _, _) in found.items():
            matrix[position[iri], column] = saturate(value)
    matrix[:, COLUMN["prior"]] = prior
    matrix[:, COLUMN["hubness"]] = hubness
    matrix[:, COLUMN["reverse_rank"]] = np.where(lexical > 0, reverse_rank, 0.0)
    matrix[:, COLUMN["leaf"]] = leaf
    return matrix


def prior_of(degrees: Iterable[int]) -> np.ndarray:
    values = np.log1p(np.fromiter(degrees, dtype=np.float64))
    top = float(values.max()) if values.size else 0.0
    return values / (top or 1.0)
