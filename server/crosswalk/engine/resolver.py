"""Element ids as people write them (IRI, CURIE, path, local id, notation) to the one element they name."""

from __future__ import annotations

import contextlib
import difflib
from dataclasses import dataclass, field
from functools import cached_property

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.content.frameworks import element_prefixes, find_version
from crosswalk.store.base import GraphStore, text_of

SHOWN_KEY = 120  # characters of a caller's key an error message repeats: a megabyte key is not echoed back


def shown(key: str) -> str:
    return repr(key) if len(key) <= SHOWN_KEY else f"{key[:SHOWN_KEY]!r}… ({len(key):,} characters)"


class UnknownElement(LookupError):
    def __init__(self, key: str, suggestions: list[str]) -> None:
        self.key = key
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown element {shown(key)}{hint}")


class AmbiguousElement(LookupError):
    def __init__(self, key: str, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(
            f"{shown(key)} names elements in several versions ({', '.join(candidates)}); pass a version to choose one"
        )


@dataclass
class _KeyIndex:
    by_key: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # normalised key -> [(element, version)]
    display: dict[str, str] = field(default_factory=dict)  # normalised key -> the key as written


def normalise_key(key: str) -> str:
    return " ".join(key.strip().lower().replace("_", " ").split())


class ElementResolver:
    """Every key of every element, read once (public catalogs change only with a load)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    @cached_property
    def _keys(self) -> _KeyIndex:
        index = _KeyIndex()
        for r in self.store.select(queries.text("api/element-keys")):
            element, version = text_of(r, "element") or "", text_of(r, "version") or ""
            pair = (element, version)
            written = text_of(r, "key") or ""
            index.display.setdefault(normalise_key(written), written)
            for key in {normalise_key(written), normalise_key(element)}:
                bucket = index.by_key.setdefault(key, [])
                if pair not in bucket:
                    bucket.append(pair)
        return index

    def warm(self) -> None:
        """Read every key now (what the first lookup would do), e.g. off the request path while a service starts.
        A warm-up that fails (the store closed under it) costs nothing: the first lookup reads them again."""
        with contextlib.suppress(Exception):
            self._keys  # noqa: B018

    def resolve(self, key: str, version: str | None = None) -> str:
        """An IRI, CURIE, 'framework/version/local' path, local id or notation to one element IRI."""
        version_iri = find_version(version).iri if version else None
        candidates = self._candidates(key)
        if version_iri:
            candidates = [c for c in candidates if c[1] == version_iri]
        elements = list(dict.fromkeys(element for element, _ in candidates))
        if len(elements) == 1:
            return elements[0]
        if len(elements) > 1:
            versions = sorted({v.removeprefix(ns.ID) for _, v in candidates})
            raise AmbiguousElement(key, versions)
        display = self._keys.display
        close = difflib.get_close_matches(normalise_key(key), list(display), n=5, cutoff=0.6)
        raise UnknownElement(key, [display[k] for k in close])

    def _candidates(self, key: str) -> list[tuple[str, str]]:
        by_key = self._keys.by_key
        direct = by_key.get(normalise_key(key))
        if direct:
            return direct
        prefix, sep, local = key.partition(":")
        prefixes = element_prefixes()
        if sep and prefix in prefixes:
            return by_key.get(normalise_key(prefixes[prefix] + local), [])
        return by_key.get(normalise_key(ns.ID + key.strip("/")), [])
