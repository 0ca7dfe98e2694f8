"""What a request's selection asks for, so a resolver can read everything below it at once."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import FragmentSpread, InlineFragment, Selection


def asks(name: str, selections: Iterable[Selection]) -> bool:
    """Whether a field ``name`` is asked anywhere below (through fragments too)."""
    return nesting(name, selections) > 0


def nesting(name: str, selections: Iterable[Selection]) -> int:
    """How deep fields ``name`` nest below, at most: 2 for ``items { children { items { children { ... } } } }``."""
    deepest = 0
    for selection in selections:
        below = nesting(name, selection.selections)
        if not isinstance(selection, FragmentSpread | InlineFragment) and selection.name == name:
            below += 1
        deepest = max(deepest, below)
    return deepest
