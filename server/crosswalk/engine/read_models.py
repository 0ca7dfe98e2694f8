"""The engine as the surfaces see it: separate read models over one store, built once per service.

Reference reads, element id resolution, the mapping index and the catalog structure are separate objects; this
class only holds them together, so a surface (GraphQL, IRI pages, exports, the CLI) asks the same models and never
builds its own, and never talks to the store itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode, Triple

from crosswalk.content import queries
from crosswalk.content.frameworks import find_version
from crosswalk.content.namespaces import is_public_graph
from crosswalk.content.resources import content_root
from crosswalk.engine import edition_diff, graph_catalog
from crosswalk.engine.catalog_structure import CatalogStructure
from crosswalk.engine.declared_versions import register_declared
from crosswalk.engine.evidence.service import EvidenceService
from crosswalk.engine.mapping_index import MappingIndex
from crosswalk.engine.reference import ReferenceReads
from crosswalk.engine.reference_cache import ReferenceCache
from crosswalk.engine.resolver import ElementResolver
from crosswalk.engine.store_watch import StoreWatch
from crosswalk.store.base import ContentGeneration, GraphStore, Row, Term, text_of

if TYPE_CHECKING:  # suggestions and their review are imported on first use: serving starts without numpy, rdflib
    from crosswalk.engine.suggest import SuggestCorpus, Suggester, Suggestion
    from crosswalk.engine.suggest.review import ReviewService

MAX_SUGGESTIONS = 100


class Engine:
    def __init__(self, store: GraphStore, mappings: Path | None = None) -> None:
        """``mappings``: the folder of SSSOM sets that accepted suggestions are written to (default: the content
        root's mappings/, the checkout's own files)."""
        self.store = store
        register_declared(store)  # imported catalogs join the framework registry before any model reads it
        self.reference = ReferenceReads(store)
        self.resolver = ElementResolver(store)
        self.evidence = EvidenceService(store, self.resolver)
        self.watch = StoreWatch(store)
        self._seen = self.watch.content()
        self._index: MappingIndex | None = None
        self._structure: CatalogStructure | None = None
        self._cache: ReferenceCache | None = None
        self.public_generation = 0  # changes with every refresh: the public graphs were rewritten
        self.on_mappings_changed: list[Callable[[], None]] = []  # e.g. the SPARQL workers' public snapshot
        self._mappings = mappings

    @cached_property
    def review(self) -> ReviewService:
        """The curators' review of suggestions, writing accepted ones to the SSSOM sets of ``mappings``."""
        from crosswalk.engine.suggest.review import ReviewService

        folder = self._mappings or content_root().mappings
        return ReviewService(self.store, folder, lambda: self.suggest_corpus, self.refresh_mappings)

    @cached_property
    def suggest_corpus(self) -> SuggestCorpus:
        """Element texts and hierarchy for suggestions (catalogs change only with a load)."""
        from crosswalk.engine.suggest import SuggestCorpus

        return SuggestCorpus(self.store)

    @cached_property
    def suggester(self) -> Suggester:
        """Ranks candidate targets over the asserted records of the mapping index (never suggested ones)."""
        from crosswalk.engine.suggest import Suggester

        return Suggester(self.suggest_corpus, self.mapping_index)

    def suggest(
        self,
        element: str,
        to_version: str,
        top: int = 10,
        kinds: Sequence[str] | None = None,
        version: str | None = None,
    ) -> list[Suggestion]:
        """Ranked candidate targets in ``to_version`` (any id find_version reads) for one element, with reasons."""
        if not 1 <= top <= MAX_SUGGESTIONS:
            raise ValueError(f"top must be between 1 and {MAX_SUGGESTIONS}")
        start = self.resolve(element, version)
        target = find_version(to_version).iri
        chosen = (
            list(kinds) if kinds else self.suggester.default_kinds(self.suggest_corpus.elements[start].version, target)
        )
        return self.suggester.suggest(start, target, top, chosen)

    def suggest_version(
        self,
        from_version: str,
        to_version: str,
        top: int = 10,
        kinds: Sequence[str] | None = None,
        subject_kinds: Sequence[str] | None = None,
    ) -> dict[str, list[Suggestion]]:
        """Suggestions for every element of ``from_version`` (of ``subject_kinds``, default: the kinds existing
        records start from, else every kind)."""
        if not 1 <= top <= MAX_SUGGESTIONS:
            raise ValueError(f"top must be between 1 and {MAX_SUGGESTIONS}")
        source, target = find_version(from_version).iri, find_version(to_version).iri
        chosen = list(kinds) if kinds else self.suggester.default_kinds(source, target)
        subjects = self.suggester.default_subjects(source, target, subject_kinds)
        return self.suggester.suggest_many(subjects, target, top, chosen)

    def refresh_mappings(self) -> None:
        """Records changed (a suggestion was accepted): the mapping index, the suggester and the kept reference reads
        are rebuilt on next use."""
        self._forget_mappings()
        for listener in self.on_mappings_changed:
            listener()

    def refresh(self) -> None:
        """Forget what was read of the public graphs at once (after a load or a mapping import through this
        service), without waiting for the content generation to be noticed."""
        self._seen = self.watch.content()
        self._forget()
        self.public_generation += 1

    def _forget(self) -> None:
        """Everything read of the public graphs (the catalogs moved)."""
        register_declared(self.store)
        self._structure = None
        self.reference = ReferenceReads(self.store)
        self.resolver = ElementResolver(self.store)
        self.evidence.resolver = self.resolver
        self.__dict__.pop("suggest_corpus", None)
        self._forget_mappings()

    def _forget_mappings(self) -> None:
        """What reads the mapping graphs (only they moved): the index, the suggester over it, the graphs' sizes and
        the kept reference reads (they hold mapping records)."""
        self._index = None
        self._cache = None
        for cached in ("public_graphs", "suggester"):
            self.__dict__.pop(cached, None)

    def content_version(self) -> tuple[ContentGeneration, int]:
        """Changes whenever the public content changes (a write through this service, or the store's content
        markers moved by another process): caches of public reads key on it."""
        self.follow()
        return self._seen, self.public_generation

    def reference_cache(self) -> ReferenceCache:
        """The public reference reads kept for the current content version (a new, empty one once it moves)."""
        version = self.content_version()
        cache = self._cache
        if cache is None or cache.version != version or cache.reference is not self.reference:
            cache = self._cache = ReferenceCache(self.reference, version)
        return cache

    def follow(self) -> None:
        """Drop the in-memory models built from what moved in the store (a load or import by any process): all of
        them for catalogs, those that read mappings for mapping sets."""
        current = self.watch.content()
        if current != self._seen:
            seen, self._seen = self._seen, current
            if current.catalogs != seen.catalogs:
                self._forget()
            else:
                self._forget_mappings()

    def follow_eagerly(self) -> None:
        """Follow the store and rebuild the mapping index at once if it was dropped (a Follower's round), so the
        first crosswalk after another instance's write finds it built."""
        self.follow()
        self.mapping_index  # noqa: B018 -- built now, not on the next reader's time

    @property
    def mapping_index(self) -> MappingIndex:
        """The asserted records in memory, for crosswalks and matrices (rebuilt when the store's content moves)."""
        self.follow()
        if self._index is None:
            self._index = MappingIndex.from_store(self.store)
        return self._index

    @cached_property
    def public_graphs(self) -> list[graph_catalog.GraphInfo]:
        """The public graphs with title, version and triple count (read once per service start, like the SPARQL
        workers' snapshot)."""
        return graph_catalog.public_graphs(self.store)

    def public_graph_names(self) -> list[str]:
        """The public named graphs as the store holds them now."""
        return [graph for graph in self.store.named_graphs() if is_public_graph(graph)]

    @property
    def structure(self) -> CatalogStructure:
        """Part-of hierarchy and assessable elements in memory, for coverage (rebuilt when the content moves)."""
        self.follow()
        if self._structure is None:
            self._structure = CatalogStructure(self.store)
        return self._structure

    def diff(self, from_version: str, to_version: str) -> edition_diff.EditionDiff:
        """What changed between two versions of one framework (ids as find_version reads them)."""
        old_iri, new_iri = find_version(from_version).iri, find_version(to_version).iri
        if old_iri.rsplit("/", 1)[0] != new_iri.rsplit("/", 1)[0]:
            raise ValueError("diff compares two versions of the same framework")
        partial = {v.iri: v.completeness == "partial" for v in self.reference.versions([old_iri, new_iri])}
        return edition_diff.diff(
            self.store,
            old_iri,
            new_iri,
            self.reference.revisions,
            self.mapping_index,
            old_partial=partial.get(old_iri, False),
            new_partial=partial.get(new_iri, False),
        )

    def describe(self, iri: str, readable: Callable[[str], bool] = is_public_graph) -> list[Triple]:
        """A resource's own statements and what points at it, from the graphs ``readable`` admits (the public ones
        unless a caller's rights say more)."""
        try:
            node = NamedNode(iri)
        except ValueError:  # not an IRI at all ("GOVERN 1.1"): nothing is stored under it
            return []
        out: list[Triple] = []
        for row in self.named("api/resource-triples", {"resource": [node]}):
            if readable(text_of(row, "graph") or ""):
                out.append(Triple(node, row["p"], row["o"]))  # type: ignore[arg-type]
        for row in self.named("api/resource-references", {"resource": [node]}):
            if readable(text_of(row, "graph") or ""):
                out.append(Triple(row["s"], row["p"], node))  # type: ignore[arg-type]
        return list(dict.fromkeys(out))

    def resolve(self, key: str, version: str | None = None) -> str:
        self.follow()
        return self.resolver.resolve(key, version)

    def named(self, name: str, bindings: Mapping[str, Sequence[Term]] | None = None) -> list[Row]:
        """Rows of a named query of queries/ (public ones: what researchers run, the same text)."""
        return self.store.select(queries.text(name), bindings)
