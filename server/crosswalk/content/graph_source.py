"""One graph of a load as the reader holds it: its own module, so the reader and the content checks share it without
importing each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph


@dataclass
class GraphSource:
    """One named graph to load, the file it comes from and its triples; ``reused``: taken from the store."""

    graph: str
    file: Path
    triples: list[pyoxigraph.Triple]
    lines: dict[str, int] = field(default_factory=dict)
    reused: bool = False
