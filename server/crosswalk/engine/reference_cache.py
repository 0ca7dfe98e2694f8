"""Public reference reads kept while the public content stays the same.

The GraphQL surface asks the same elements, children and mapping records over and over (trees and element pages
are what the web app asks most); one cache per content version (``Engine.content_version``: a load, a mapping
import or an accepted suggestion starts a new one) answers them without the store. Only the public catalogs and
mapping sets are kept here; an organization's evidence is never cached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from crosswalk.engine.records import Annotation, ElementRecord, MappingRecord, VersionRecord
from crosswalk.engine.reference import ReferenceReads

MAX_ENTRIES = 200_000  # per kind of read; past it the kind starts afresh (reference data is bounded, ids asked are not)

V = TypeVar("V")
_ABSENT = object()


class Kept(dict[str, V]):
    """Values by key, fetched in batches for the keys not kept yet."""

    def __init__(self, fetch: Callable[[list[str]], Mapping[str, V]], default: Callable[[], V]) -> None:
        super().__init__()
        self._fetch = fetch
        self._default = default

    def many(self, keys: Iterable[str]) -> dict[str, V]:
        """The values of ``keys`` (the default for a key the store does not know), the missing ones read at once."""
        got: dict[str, V] = {}
        missing: list[str] = []
        for key in dict.fromkeys(keys):
            value = self.get(key, _ABSENT)
            if value is _ABSENT:
                missing.append(key)
            else:
                got[key] = value  # type: ignore[assignment]
        if missing:
            found = self._fetch(missing)
            fetched = {key: found.get(key, self._default()) for key in missing}
            self.keep(fetched)
            got.update(fetched)
        return got

    def known(self, keys: Iterable[str]) -> dict[str, V] | None:
        """The values of ``keys`` when every one is kept (None otherwise): an answer without waiting for a batch."""
        got: dict[str, V] = {}
        for key in keys:
            value = self.get(key, _ABSENT)
            if value is _ABSENT:
                return None
            got[key] = value  # type: ignore[assignment]
        return got

    def keep(self, values: Mapping[str, V]) -> None:
        if len(self) + len(values) > MAX_ENTRIES:
            self.clear()
        self.update(values)


class ReferenceCache:
    """One content version's public reads; build a new one when the version moves (``Engine.reference_cache``)."""

    def __init__(self, reference: ReferenceReads, version: Hashable) -> None:
        self.reference = reference
        self.version = version
        self._lock = threading.Lock()
        self.element = Kept[ElementRecord | None](reference.elements, lambda: None)
        self.children = Kept[list[str]](reference.children, list)
        self.mappings_of = Kept[list[tuple[str, bool]]](reference.mapping_iris_of, list)
        self.mapping = Kept[MappingRecord | None](reference.mappings, lambda: None)
        self.annotations = Kept[list[Annotation]](reference.annotations, list)
        self.applicability = Kept[list[tuple[str, str, str]]](reference.release_applicability, list)
        self.revisions = Kept[tuple[list[str], list[str]]](reference.revisions, lambda: ([], []))
        self._trees: set[str] = set()  # roots whose whole tree is kept
        self._pages: set[str] = set()  # elements whose page is kept
        self._versions: list[VersionRecord] | None = None
        self._tops: dict[str, list[str]] = {}

    def versions(self, iris: Sequence[str] | None = None) -> list[VersionRecord]:
        """Like ReferenceReads.versions (the counts make it one of the dearest reads), from one read of them all."""
        if self._versions is None:
            self._versions = self.reference.versions()
        if iris is None:
            return list(self._versions)
        wanted = set(iris)
        return [record for record in self._versions if record.iri in wanted]

    def top_elements(self, version_iri: str) -> list[str]:
        if version_iri not in self._tops:
            self._tops[version_iri] = self.reference.top_elements(version_iri)
        return self._tops[version_iri]

    def prefetch_tree(self, roots: Sequence[str]) -> None:
        """Keep every element at or below ``roots`` and the children of each, read in one query."""
        missing = [root for root in dict.fromkeys(roots) if root not in self._trees]
        if not missing:
            return
        records, children = self.reference.tree(missing)
        with self._lock:
            self.element.keep(dict(records))
            self.children.keep(children)
            self._trees.update(missing)

    def prefetch_page(self, focus: str) -> None:
        """Keep an element's page (the element, its parent, its mappings and their other ends), read in one query."""
        if focus in self._pages:
            return
        elements, touching, records = self.reference.page(focus)
        with self._lock:
            self.element.keep({focus: None, **elements})
            self.mappings_of.keep({focus: touching})
            self.mapping.keep(dict(records))
            self._pages.add(focus)
