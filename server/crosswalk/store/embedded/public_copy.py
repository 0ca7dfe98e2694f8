"""A copy of a store on disk holding its public graphs only, for readers that must never see the others.

The public SPARQL workers open it read-only and query the union of its graphs, as fast as the store itself: no
organization's graph is in it to leave out. It is a checkpoint of the store (hard links, taken in milliseconds) with
every other graph dropped, kept in the store's folder under a token. Every write that may touch a public graph
forgets the token first, so a copy is made again only after public content changed, not at every start.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Store

from crosswalk.content.namespaces import is_public_graph

TOKEN = "crosswalk-public-copy"  # the file naming the copy that matches the store's public graphs
COPIES = "crosswalk-public"  # the folder of copies, inside the store's


def forget(path: Path) -> None:
    """Public content is about to change: no copy matches it any more (a crash after this leaves none that does)."""
    (path / TOKEN).unlink(missing_ok=True)


def public_copy(store: Store, path: Path) -> Path:
    """The folder of the copy of ``store`` (at ``path``) that holds its public graphs as they are now: the one kept
    since the last public write, else a new one. The token is written before the checkpoint is taken, so a write
    after it forgets the token and the next call makes a copy again."""
    token_file, copies = path / TOKEN, path / COPIES
    token = token_file.read_text(encoding="utf-8").strip() if token_file.exists() else ""
    if token and (copies / token / "CURRENT").exists():
        return copies / token
    token = uuid.uuid4().hex
    copies.mkdir(exist_ok=True)
    written = path / f".{TOKEN}.{token}"
    written.write_text(token, encoding="utf-8")
    os.replace(written, token_file)
    scratch = copies / f".{token}"
    store.backup(str(scratch))
    copy = Store(str(scratch))
    for graph in list(copy.named_graphs()):
        if not (isinstance(graph, NamedNode) and is_public_graph(graph.value)):
            copy.remove_graph(graph)
    copy.clear_graph(DefaultGraph())
    copy.flush()
    del copy
    target = copies / token
    scratch.rename(target)
    _prune(copies, target)
    return target


def _prune(copies: Path, current: Path) -> None:
    """Remove older copies but the newest of them (workers retiring may still be answering from it)."""
    older = sorted((c for c in copies.iterdir() if c != current), key=lambda c: c.stat().st_mtime, reverse=True)
    for stale in older[1:]:
        shutil.rmtree(stale, ignore_errors=True)
