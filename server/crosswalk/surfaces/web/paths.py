"""Mapping records and crosswalk paths as the pages show them: read from one element's side, record by record."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.mapping_index import CrosswalkResult
from crosswalk.engine.records import MappingRecord

# Heatmap classes and symbols per relationship notation: colour is never the only signal.
SYMBOLS: dict[str, tuple[str, str]] = {
    "equal": ("k-eq", "="),
    "identical": ("k-eq", "≡"),
    "equivalent": ("k-ev", "≈"),
    "subset-of": ("k-sub", "⊂"),
    "superset-of": ("k-sup", "⊃"),
    "intersects-with": ("k-int", "∩"),
    "supports": ("k-sp", "→"),
    "is-supported-by": ("k-isb", "←"),
    "child-parent": ("k-str", "↑"),
    "parent-child": ("k-str", "↓"),
    "related-to": ("k-rel", "~"),
    "contrary": ("k-con", "≠"),
    "no-relationship": ("k-no", "∅"),
}


def relationship_labels() -> dict[str, str]:
    """notation -> label of every relationship type in the vocabulary ('subset-of' -> 'subset of')."""
    return {rel.notation: rel.label for rel in vocabulary().by_iri.values()}


@dataclass
class RecordView:
    """One mapping record read from ``side`` (the element the page is about, or a path's current step)."""

    record: MappingRecord
    outgoing: bool
    relationship: str  # label, read from this side
    relationship_notation: str
    other: str  # IRI of the element at the other end

    @property
    def provenance(self) -> str:
        return vocabulary().notation_of(self.record.provenance)


def read_from(record: MappingRecord, side: str) -> RecordView:
    vocab = vocabulary()
    outgoing = record.subject == side
    rel = vocab.relationship_by_iri(record.relationship)
    if not outgoing:
        rel = vocab.relationship_by_iri(rel.inverse)
    return RecordView(record, outgoing, rel.label, rel.notation, record.object if outgoing else record.subject)


@dataclass
class PathStep:
    view: RecordView
    source: str
    target: str


@dataclass
class CrosswalkView:
    """An inferred or asserted crosswalk to one target with every path, each step a full record."""

    result: CrosswalkResult
    relationship: str  # label
    paths: list[list[PathStep]]

    @property
    def symbol(self) -> tuple[str, str]:
        return SYMBOLS.get(self.result.relationship, ("k-rel", "?"))


def crosswalk_views(
    mappings: Callable[[Iterable[str]], dict[str, MappingRecord]],
    results: Sequence[CrosswalkResult],
    max_paths: int = 20,
) -> list[CrosswalkView]:
    """Results with their paths' records fetched in one batch (``mappings``: the engine's or the page cache's)."""
    vocab = vocabulary()
    iris = {step.record for result in results for path in result.paths[:max_paths] for step in path}
    records = mappings(sorted(iris))
    views = []
    for result in results:
        paths = [
            [PathStep(read_from(records[s.record], s.source), s.source, s.target) for s in path if s.record in records]
            for path in result.paths[:max_paths]
        ]
        views.append(CrosswalkView(result, vocab.relationship_by_iri(result.relationship_iri).label, paths))
    return views


def path_elements(views: Iterable[CrosswalkView]) -> set[str]:
    found: set[str] = set()
    for view in views:
        found.add(view.result.target)
        for path in view.paths:
            for step in path:
                found.update((step.source, step.target))
    return found
