"""Store backends behind one interface, opened from a location string and looked up by its scheme.

A location is a folder (the embedded store on disk), ``memory:`` (an embedded store in memory, for scratch work and
tests) or, for backends that serve over a network, a URL. No module outside this package opens a store itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from crosswalk.store.base import GraphStore, StoreBusy, StoreError
from crosswalk.store.embedded import OxigraphStore

MEMORY = "memory:"


def _remote(location: str | None, read_only: bool) -> GraphStore:
    """The remote backend, imported when a location names it (its HTTP client is no part of an embedded store)."""
    from crosswalk.store.remote import RemoteStore

    return RemoteStore.open(location, read_only)


# backend name -> factory taking the location (None: in memory) and whether to open read-only
BACKENDS: dict[str, Callable[[str | None, bool], GraphStore]] = {
    "embedded": OxigraphStore.open,
    "remote": _remote,  # a SPARQL 1.1 server: Oxigraph server, Virtuoso, or any with the three protocols
}
# location scheme -> backend name; a location without a scheme is a folder of the embedded store, one ending in
# .toml a remote store's configuration file (store/remote/config.py)
SCHEMES: dict[str, str] = {
    "memory": "embedded",
    "file": "embedded",
    "http": "remote",
    "https": "remote",
    "sparql+http": "remote",
    "sparql+https": "remote",
}

Location = str | os.PathLike[str] | None


def parse_location(location: Location) -> tuple[str, str | None]:
    """(backend name, the location as that backend takes it)."""
    if location is None:
        return "embedded", None
    text = os.fspath(location)
    if text == MEMORY:
        return "embedded", None
    scheme, sep, rest = text.partition("://")
    if sep and scheme in SCHEMES:
        name = SCHEMES[scheme]
        return name, rest if name == "embedded" else text  # a remote backend reads the whole URL
    if not sep and text.endswith(".toml"):
        return "remote", f"toml://{text}"
    if sep:
        known = ", ".join(sorted(f"{s}://" for s in SCHEMES if s != "memory"))
        raise StoreError(f"no store backend for {scheme}:// locations ({text}); known: a folder, {MEMORY}, {known}")
    return "embedded", text


def is_remote(location: Location) -> bool:
    """Whether the location names a store served over a network (no folder on this machine to check or sit
    beside)."""
    return parse_location(location)[0] != "embedded"


def open_store(location: Location = None, backend: str | None = None, *, read_only: bool = False) -> GraphStore:
    """Open the store at ``location``; ``backend`` overrides the one its scheme names. A read-only store opens beside
    a writer that holds it (StoreBusy tells a writer that the store is held)."""
    name, where = parse_location(location)
    name = backend or name
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise StoreError(f"unknown store backend {name!r}; known: {', '.join(sorted(BACKENDS))}") from None
    return factory(where, read_only)


__all__ = ["BACKENDS", "MEMORY", "GraphStore", "StoreBusy", "StoreError", "is_remote", "open_store", "parse_location"]
