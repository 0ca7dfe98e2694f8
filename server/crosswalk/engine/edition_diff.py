"""Edition diffs: what was added, removed, renumbered or reworded between two versions of a framework.

Pairs come first from explicit revision links (prov:wasRevisionOf) and version mapping records, then from equal
titles, then from equal notations whose titles agree, then from text similarity. Against a partial version an
unmatched item is 'unknown', never 'removed': absence of evidence is not evidence of removal.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from crosswalk.content import queries
from crosswalk.engine.mapping_index import MappingIndex
from crosswalk.store.base import GraphStore, values_of

SIMILARITY_THRESHOLD = 0.75
VERSION_LINKS = frozenset({"equal", "identical", "equivalent", "subset-of", "superset-of", "intersects-with"})
TITLE_AGREEMENT = 0.6
COMPARED_CHARACTERS = 400  # enough to tell items apart; whole statements make the comparison quadratic in length


@dataclass(frozen=True)
class Item:
    iri: str
    kind: str
    notation: str | None
    label: str | None
    statement: str | None

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.label, self.statement) if part)


@dataclass
class Change:
    old: Item
    new: Item
    basis: str  # revision link, version mapping, same notation, same title, text similarity
    kinds: list[str]  # renumbered, reworded, merged, wording unknown, unchanged
    similarity: float | None


@dataclass
class EditionDiff:
    old_version: str
    new_version: str
    old_partial: bool
    new_partial: bool
    changes: list[Change] = field(default_factory=list)
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    unknown: list[Item] = field(default_factory=list)  # unmatched items whose fate a partial version cannot tell


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def _similarity(a: Item, b: Item) -> float:
    left, right = _normalise(a.text)[:COMPARED_CHARACTERS], _normalise(b.text)[:COMPARED_CHARACTERS]
    if not left or not right:
        return 0.0
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD or matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def _items(store: GraphStore, version: str) -> dict[str, Item]:
    """The version's items; a notation's edition suffix ('LLM01:2025') is dropped so editions compare."""
    suffix = ":" + version.rsplit("/", 1)[-1]
    rows = store.select(queries.text("api/version-elements"), {"version": [NamedNode(version)]})
    items: dict[str, Item] = {}
    for row in rows:
        values = values_of(row)
        kind = values["kind"].rsplit("#", 1)[-1]
        if kind != "Element":
            iri = values["element"]
            notation = values.get("notation")
            notation = notation.removesuffix(suffix) if notation else None
            items[iri] = Item(iri, kind, notation, values.get("label"), values.get("statement"))
    return items


def _titles_agree(old: Item, new: Item) -> bool:
    """A reused number is not the same item when the titles say otherwise (OWASP renumbers between editions)."""
    if not old.label or not new.label:
        return True
    ratio = difflib.SequenceMatcher(None, _normalise(old.label), _normalise(new.label)).ratio()
    return ratio >= TITLE_AGREEMENT


def _kinds(old: Item, new: Item) -> list[str]:
    kinds = []
    if (old.notation or "") != (new.notation or ""):
        kinds.append("renumbered")
    if old.statement is None or new.statement is None:
        if old.statement is not None or new.statement is not None:
            kinds.append("wording unknown")
    elif _normalise(old.statement) != _normalise(new.statement):
        kinds.append("reworded")
    return kinds or ["unchanged"]


RevisionLookup = Callable[[Sequence[str]], Mapping[str, tuple[list[str], list[str]]]]


def diff(
    store: GraphStore,
    old_version: str,
    new_version: str,
    revisions_of: RevisionLookup,
    index: MappingIndex,
    *,
    old_partial: bool,
    new_partial: bool,
) -> EditionDiff:
    """``revisions_of`` maps elements to (elements they revise, elements revising them), as the repository does."""
    old_items, new_items = _items(store, old_version), _items(store, new_version)
    revisions = revisions_of(list(new_items))
    result = EditionDiff(old_version, new_version, old_partial, new_partial)
    matched_old: set[str] = set()
    matched_new: set[str] = set()

    def pair(old: Item, new: Item, basis: str, similarity: float | None = None) -> None:
        matched_old.add(old.iri)
        matched_new.add(new.iri)
        result.changes.append(Change(old, new, basis, _kinds(old, new), similarity))

    for new in new_items.values():
        for old_iri in revisions.get(new.iri, ([], []))[0]:
            if old_iri in old_items and old_iri not in matched_old:
                pair(old_items[old_iri], new, "revision link")
    for new in new_items.values():
        steps = index.steps.get(new.iri, []) if new.iri not in matched_new else []
        for step in sorted(steps, key=lambda s: -(s.strength or 0)):
            if step.target in old_items and step.target not in matched_old and step.relationship in VERSION_LINKS:
                pair(old_items[step.target], new, "version mapping")
                break
    by_label = {(o.kind, _normalise(o.label)): o for o in old_items.values() if o.label and o.iri not in matched_old}
    for new in new_items.values():
        if new.iri in matched_new or not new.label:
            continue
        old = by_label.get((new.kind, _normalise(new.label)))
        if old is not None and old.iri not in matched_old:
            pair(old, new, "same title")
    by_notation = {(o.kind, o.notation): o for o in old_items.values() if o.notation and o.iri not in matched_old}
    for new in new_items.values():
        if new.iri in matched_new or not new.notation:
            continue
        old = by_notation.get((new.kind, new.notation))
        if old is not None and old.iri not in matched_old and _titles_agree(old, new):
            pair(old, new, "same notation")
    candidates = []
    for new in new_items.values():
        if new.iri in matched_new:
            continue
        for old in old_items.values():
            if old.iri in matched_old or old.kind != new.kind:
                continue
            score = _similarity(old, new)
            if score >= SIMILARITY_THRESHOLD:
                candidates.append((score, old.iri, new.iri))
    for score, old_iri, new_iri in sorted(candidates, reverse=True):
        if old_iri not in matched_old and new_iri not in matched_new:
            pair(old_items[old_iri], new_items[new_iri], "text similarity", round(score, 3))

    for old in [o for o in old_items.values() if o.iri not in matched_old]:
        # An item folded into a successor that already has its own predecessor was merged, not removed.
        steps = index.steps.get(old.iri, [])
        for step in sorted(steps, key=lambda s: -(s.strength or 0)):
            if step.target in new_items and step.relationship in VERSION_LINKS:
                matched_old.add(old.iri)
                result.changes.append(Change(old, new_items[step.target], "version mapping", ["merged"], None))
                break
    unmatched_old = [o for o in old_items.values() if o.iri not in matched_old]
    unmatched_new = [n for n in new_items.values() if n.iri not in matched_new]
    (result.unknown if new_partial else result.removed).extend(unmatched_old)
    (result.unknown if old_partial else result.added).extend(unmatched_new)
    result.changes.sort(key=lambda c: c.old.notation or c.old.iri)
    return result
