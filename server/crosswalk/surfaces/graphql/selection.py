"""What a request's selection asks for, so a resolver can read everything below it at once."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import FragmentSpread, InlineFragment, Selection


def asks(name: str, selections: Iterable[Selection]) -> bool:
    """Whether a field ``name`` is asked anywhere below (through fragments too)."""
    for selection in selections:
        if isinstance(selection, FragmentSpread | InlineFragment):
            if asks(name, selection.selections):
                return True
            continue
        if selection.name == name or asks(name, selection.selections):
            return True
    return False
