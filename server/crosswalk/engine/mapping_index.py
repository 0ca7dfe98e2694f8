"""The crosswalk engine's read model: typed paths over mapping records, composed by the chain rules, every path kept.

The asserted records are read once into an in-memory index (both directions; the object's side reads the inverse
type), so one element's crosswalk or a whole matrix is a walk in memory, not a query per hop.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.content.chain_rules import ChainRules, chain_rules
from crosswalk.store.base import GraphStore, Row, Term, int_of, text_of

DEFAULT_MAX_HOPS = 2
MAX_HOPS_LIMIT = 4


class TooExpensive(ValueError):
    """A walk that outgrew its time budget: the caller asked too much of one request (hops, rows)."""


# Which relationship wins when a pair is reached several ways (for the matrix): closer in meaning first.
RELATIONSHIP_RANK = {
    "equal": 7,
    "identical": 7,
    "equivalent": 6,
    "subset-of": 5,
    "superset-of": 5,
    "child-parent": 4,
    "parent-child": 4,
    "intersects-with": 3,
    "supports": 2,
    "is-supported-by": 2,
    "related-to": 1,
    "contrary": 0,
    "no-relationship": 0,
}


@dataclass(frozen=True)
class Step:
    """One mapping record walked from ``source`` to ``target``; ``relationship`` is read from ``source``."""

    record: str
    source: str
    target: str
    relationship: str  # notation
    relationship_iri: str
    strength: int | None
    forward: bool  # walked from the record's subject to its object
    negated: bool


@dataclass
class CrosswalkResult:
    source: str
    target: str
    relationship: str  # notation
    relationship_iri: str
    strength: int | None
    derived: bool
    paths: list[tuple[Step, ...]] = field(default_factory=list)

    @property
    def hops(self) -> int:
        return min(len(path) for path in self.paths)


# Every predicate the index's queries (api/mapping-edges, api/foreign-edges, api/alias-edges) read: a store holding
# only these triples builds the same index (what inference copies into its scratch store; a test holds them equal).
READS = frozenset(
    ns.ONTOLOGY + name
    for name in (
        "subject",
        "object",
        "relationship",
        "provenance",
        "strength",
        "predicateModifier",
        "inVersion",
        "inMappingSet",
        "aliasSet",
    )
) | {ns.RDF + "type"}


class MappingIndex:
    """Asserted records as adjacency lists; element -> version, for framework filters."""

    def __init__(self, rows: Iterable[Row], rules: ChainRules | None = None) -> None:
        self.rules = rules or chain_rules()
        vocab = self.rules.vocabulary
        self.steps: dict[str, list[Step]] = defaultdict(list)
        self.version_of: dict[str, str] = {}
        self.records = 0
        for row in rows:
            record, subject, obj = text_of(row, "mapping"), text_of(row, "subject"), text_of(row, "object")
            rel_iri = text_of(row, "relationship")
            if not (record and subject and obj and rel_iri):
                continue
            self.records += 1
            rel = vocab.relationship_by_iri(rel_iri)
            inverse = vocab.relationship_by_iri(rel.inverse)
            strength = int_of(row, "strength")
            negated = text_of(row, "modifier") == "Not"
            self.version_of[subject] = text_of(row, "subjectVersion") or ""
            self.version_of[obj] = text_of(row, "objectVersion") or ""
            self.steps[subject].append(Step(record, subject, obj, rel.notation, rel.iri, strength, True, negated))
            self.steps[obj].append(Step(record, obj, subject, inverse.notation, inverse.iri, strength, False, negated))

    @classmethod
    def from_store(cls, store: GraphStore, rules: ChainRules | None = None) -> MappingIndex:
        """The asserted records, with alias sets read as identity: a record whose foreign end an alias set says is
        one of our elements becomes a record of that element (the alias records themselves are no steps)."""
        rows = store.select(queries.text("api/mapping-edges"))
        return cls([*rows, *aliased(store)], rules)

    def in_scope(self, element: str, scope: str | None) -> bool:
        """``scope`` is a framework ('ai-rmf') or a version ('ai-rmf/1.0') id; None means any."""
        if scope is None:
            return True
        version = self.version_of.get(element, "")
        wanted = ns.ID + scope.strip("/")
        return version == wanted or version.startswith(wanted + "/")

    def framework_of(self, element: str) -> str:
        return self.version_of.get(element, "").removeprefix(ns.ID).rsplit("/", 1)[0]

    def walk(self, start: str, max_hops: int, deadline: float | None = None) -> Iterator[tuple[Step, ...]]:
        """Every simple path of 1..max_hops steps from ``start``; negated steps end a path. Past ``deadline``
        (a time.monotonic() value) the walk raises TooExpensive."""
        stack: list[tuple[Step, ...]] = [(step,) for step in self.steps.get(start, [])]
        walked = 0
        while stack:
            walked += 1
            if deadline is not None and walked % 1024 == 0 and time.monotonic() > deadline:
                raise TooExpensive("the crosswalk ran past its time budget; ask fewer maxHops or fewer rows")
            path = stack.pop()
            yield path
            last = path[-1]
            if len(path) >= max_hops or last.negated:
                continue
            visited = {start, *(step.target for step in path)}
            for step in self.steps.get(last.target, []):
                if step.target not in visited and not step.negated:
                    stack.append((*path, step))

    def crosswalk(
        self, start: str, scope: str | None = None, max_hops: int = DEFAULT_MAX_HOPS, deadline: float | None = None
    ) -> list[CrosswalkResult]:
        """Everything ``start`` relates to in ``scope`` within ``max_hops``, grouped by target and relationship."""
        if not 1 <= max_hops <= MAX_HOPS_LIMIT:
            raise ValueError(f"maxHops must be between 1 and {MAX_HOPS_LIMIT}")
        start_framework = self.framework_of(start)
        by_notation = self.rules.by_notation
        grouped: dict[tuple[str, str], CrosswalkResult] = {}
        for path in self.walk(start, max_hops, deadline):
            target = path[-1].target
            if not self.in_scope(target, scope):
                continue
            if len(path) > 1 and self.framework_of(target) == start_framework:
                continue  # a detour back into one's own framework is not a crosswalk
            if len(path) == 1:
                relationship, relationship_iri = path[0].relationship, path[0].relationship_iri
            else:
                composed = self.rules.compose_path([step.relationship for step in path])
                if composed is None:
                    continue
                relationship, relationship_iri = composed, by_notation[composed].iri
            strengths = [step.strength for step in path]
            weakest = None if None in strengths else min(s for s in strengths if s is not None)
            key = (target, relationship_iri)
            result = grouped.get(key)
            if result is None:
                grouped[key] = CrosswalkResult(
                    start, target, relationship, relationship_iri, weakest, len(path) > 1, [path]
                )
            else:
                result.paths.append(path)
                result.derived = result.derived and len(path) > 1
                if weakest is not None and (result.strength is None or weakest > result.strength):
                    result.strength = weakest
        for result in grouped.values():
            result.paths.sort(key=lambda p: (len(p), [s.record for s in p]))
        return sorted(grouped.values(), key=lambda r: (r.target, r.relationship))

    def matrix(
        self, rows: Iterable[str], scope: str, max_hops: int = DEFAULT_MAX_HOPS, budget: float | None = None
    ) -> dict[tuple[str, str], CrosswalkResult]:
        """For each row element, the strongest relationship to each element of ``scope``, within ``budget`` seconds."""
        deadline = None if budget is None else time.monotonic() + budget
        cells: dict[tuple[str, str], CrosswalkResult] = {}
        for row in rows:
            if deadline is not None and time.monotonic() > deadline:
                raise TooExpensive("the matrix ran past its time budget; ask fewer maxHops or a smaller version")
            for result in self.crosswalk(row, scope, max_hops, deadline):
                key = (row, result.target)
                best = cells.get(key)
                if best is None or _rank(result) > _rank(best):
                    cells[key] = result
        return cells


def aliased(store: GraphStore) -> list[Row]:
    """Foreign-end records with every foreign end replaced by the element an alias set names; the rest dropped.
    The aliases are read first: without any (the usual store), no foreign end can be mended, and the scan of every
    record for foreign ends is skipped."""
    alias: dict[str, tuple[Term, Term]] = {}
    for row in store.select(queries.text("api/alias-edges")):
        alias.setdefault(text_of(row, "foreign") or "", (row["element"], row["version"]))
    if not alias:
        return []
    out = []
    for row in store.select(queries.text("api/foreign-edges")):
        mended = dict(row)
        for end, version in (("subject", "subjectVersion"), ("object", "objectVersion")):
            if version not in row:
                found = alias.get(text_of(row, end) or "")
                if found is None:
                    break
                mended[end], mended[version] = found
        else:
            out.append(mended)
    return out


def _rank(result: CrosswalkResult) -> tuple[int, int, int]:
    return (RELATIONSHIP_RANK.get(result.relationship, 0), result.strength or 0, -result.hops)
