"""Mapping suggestions: ranked candidate targets with their reasons, and the curators' review of them.

The ranker (numpy) is imported on first use of its names, so a service that never suggests never loads it."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from crosswalk.engine.suggest.results import Reason, Suggestion

if TYPE_CHECKING:
    from crosswalk.engine.suggest.corpus import SuggestCorpus
    from crosswalk.engine.suggest.ranker import Suggester, Weights

_LAZY = {
    "SuggestCorpus": "crosswalk.engine.suggest.corpus",
    "Suggester": "crosswalk.engine.suggest.ranker",
    "Weights": "crosswalk.engine.suggest.ranker",
}

__all__ = ["Reason", "SuggestCorpus", "Suggester", "Suggestion", "Weights"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
