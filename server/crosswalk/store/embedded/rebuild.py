"""Rebuilding an embedded store with the bulk loader, then swapping it in: what a whole-content load writes with.

Oxigraph's bulk loader is several times faster than a transaction and holds little in memory, but it is not atomic.
So it writes a fresh store in a sibling folder (``.NAME.loading``): the graphs being replaced with their new triples,
every other graph copied across as it is (an organization's evidence, imported sets). Only then is the fresh folder
exchanged with the store's in one rename (Linux renameat2 RENAME_EXCHANGE) and the old copy removed. A kill at any
moment leaves either the old store or the new one at the store's path, and at most a leftover sibling, which the
next rebuild clears. Where the exchange is not available, two renames are used and an interrupted pair is put right
when the store is next opened (``recover``).
"""

from __future__ import annotations

import ctypes
import errno
import itertools
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Store, Triple

# Quads per bulk_extend call: the bulk loader holds a whole call's quads in memory (about 1 KB each), so batches
# keep a load's peak low at no cost in speed.
BATCH = 50_000
AT_FDCWD = -100
RENAME_EXCHANGE = 2


def loading_folder(path: Path) -> Path:
    return path.parent / f".{path.name}.loading"


def _aside_folder(path: Path) -> Path:
    return path.parent / f".{path.name}.replaced"


def recover(path: Path) -> None:
    """Before a writer opens ``path``: put back a store whose two-rename swap stopped between the renames."""
    aside = _aside_folder(path)
    if aside.is_dir() and not path.exists():
        os.rename(aside, path)


def clear_leftovers(path: Path) -> None:
    """Once a writer holds ``path`` (so no load of another process is under way): what an interrupted load left."""
    for leftover in (_aside_folder(path), loading_folder(path)):
        if leftover.exists():
            shutil.rmtree(leftover, ignore_errors=True)


def build(path: Path, old: Store, graphs: Mapping[str, Iterable[Triple]]) -> Path:
    """A fresh store beside ``path``: ``old``'s quads but those of ``graphs``, and ``graphs``' triples. Returns its
    folder (flushed and closed)."""
    target = loading_folder(path)
    if target.exists():
        shutil.rmtree(target)
    replaced = {NamedNode(graph) for graph in graphs}

    def quads() -> Iterator[Quad]:
        for quad in old.quads_for_pattern(None, None, None, None):
            if quad.graph_name not in replaced:
                yield quad
        for graph, triples in graphs.items():
            name = NamedNode(graph)
            for triple in triples:
                yield Quad(triple.subject, triple.predicate, triple.object, name)

    fresh = Store(str(target))
    try:
        pending = quads()
        while batch := list(itertools.islice(pending, BATCH)):
            fresh.bulk_extend(batch)
        fresh.flush()
    finally:
        del fresh
    return target


def swap(fresh: Path, path: Path) -> None:
    """Put ``fresh`` at ``path`` and remove what was there, at no moment leaving ``path`` without a whole store."""
    if _exchange(fresh, path):
        shutil.rmtree(fresh, ignore_errors=True)  # now the old store
        return
    aside = _aside_folder(path)
    if aside.exists():
        shutil.rmtree(aside)
    os.rename(path, aside)
    os.rename(fresh, path)
    shutil.rmtree(aside, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two paths; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))
