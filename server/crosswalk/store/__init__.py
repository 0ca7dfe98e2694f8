"""Store backends behind one interface; looked up by name in BACKENDS."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crosswalk.store.base import GraphStore, StoreError
from crosswalk.store.embedded.oxigraph import OxigraphStore

BACKENDS: dict[str, Callable[[Path | None], GraphStore]] = {
    "oxigraph": OxigraphStore.open,
}


def open_store(path: Path | None, backend: str = "oxigraph") -> GraphStore:
    try:
        factory = BACKENDS[backend]
    except KeyError:
        raise StoreError(f"unknown store backend {backend!r}; known: {', '.join(sorted(BACKENDS))}") from None
    return factory(path)


__all__ = ["BACKENDS", "GraphStore", "StoreError", "open_store"]
