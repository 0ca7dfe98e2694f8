"""Content hashes of a root's files, so a reload of files that did not change reads, validates and writes nothing.

Each catalog, mapping set and curation file has its own hash; the "context" hash covers what every file is read and
validated with (the ontology, vocabulary, chain rules and shapes of the root, and the code that turns files into
RDF and infers chains). A changed context makes every file count as changed. The hashes are stored with the graphs
(``state_triples``, in a private graph of the store) in the same write, so they always describe what is stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content import namespaces as ns
from crosswalk.content.curation import CURATION_LOADERS
from crosswalk.content.resources import ContentRoot, package_root

_PACKAGE = Path(__file__).resolve().parent.parent  # the crosswalk package
# The code a file's RDF depends on: the content readers (not the generators) and the chain inference.
READER_CODE = ("content/*.py", "content/data/*", "engine/inference.py", "engine/mapping_index.py", "engine/publish.py")
HASH = NamedNode(ns.ONTOLOGY + "contentHash")
FROM_FILE = NamedNode(ns.PROV + "wasDerivedFrom")
CONTEXT = NamedNode(ns.LOAD_STATE_GRAPH)  # the subject of the context hash


def _digest(paths: Iterable[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return "sha256:" + digest.hexdigest()


def file_hashes(root: ContentRoot) -> dict[Path, str]:
    """Each content file of ``root`` and its hash, read once per load (what is stored is what was hashed)."""
    return {path: "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest() for path in content_files(root)}


def context_hash(root: ContentRoot) -> str:
    """What every file is read and validated with: the root's ontology files (not its catalogs) and the reader."""
    own = [path for path in root.ontology.iterdir() if path.is_file()]
    code = [path for pattern in READER_CODE for path in _PACKAGE.glob(pattern) if path.is_file()]
    queries = [path for path in package_root().queries.rglob("*.rq")]  # the inference reads the package's queries
    return _digest(own, root.path) + _digest(code, _PACKAGE) + _digest(queries, package_root().path)


def content_files(root: ContentRoot) -> Iterator[Path]:
    """The files that become graphs (besides the ontology): catalogs, mapping sets, curation tables."""
    if root.catalogs.is_dir():
        yield from sorted(root.catalogs.glob("*.ttl"))
    yield from sorted(root.mappings.glob("*.sssom.tsv"))
    for pattern in CURATION_LOADERS:
        yield from sorted(root.curation.glob(pattern))


@dataclass
class LoadState:
    """What a store says it was loaded from: the context hash and, per file (relative path), its graph and hash."""

    context: str | None = None
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # relative path -> (graph, hash)

    @classmethod
    def from_triples(cls, triples: Iterable[Triple]) -> LoadState:
        state = cls()
        hashes: dict[str, str] = {}
        origins: dict[str, str] = {}
        for triple in triples:
            subject = triple.subject.value  # type: ignore[union-attr]
            if triple.predicate == HASH:
                hashes[subject] = triple.object.value  # type: ignore[union-attr]
            elif triple.predicate == FROM_FILE:
                origins[subject] = triple.object.value  # type: ignore[union-attr]
        state.context = hashes.pop(CONTEXT.value, None)
        state.files = {origins[graph]: (graph, digest) for graph, digest in hashes.items() if graph in origins}
        return state

    def unchanged(self, root: ContentRoot, context: str, hashes: dict[Path, str]) -> dict[Path, str]:
        """The files of ``root`` stored as they are now (file -> its graph); none when the context changed."""
        if context != self.context:
            return {}
        kept = {}
        for path, digest in hashes.items():
            stored = self.files.get(relative(path, root))
            if stored is not None and stored[1] == digest:
                kept[path] = stored[0]
        return kept


def relative(path: Path, root: ContentRoot) -> str:
    return path.relative_to(root.path).as_posix()


def state_triples(root: ContentRoot, context: str, hashes: dict[Path, str], graph_of: dict[Path, str]) -> list[Triple]:
    """The load state to store beside the graphs just written (file -> graph), in ns.LOAD_STATE_GRAPH."""
    triples = [Triple(CONTEXT, HASH, Literal(context))]
    for path, graph in sorted(graph_of.items()):
        node = NamedNode(graph)
        triples += [Triple(node, HASH, Literal(hashes[path])), Triple(node, FROM_FILE, Literal(relative(path, root)))]
    return triples
