"""Public reads kept while the public content stays the same: a load, a mapping import or an accepted suggestion
(through this service, or seen through the store's content generation) starts the cache afresh.

Organization data is never cached here: evidence and coverage are read fresh on every page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from pyoxigraph import NamedNode

from crosswalk.engine.read_models import Engine
from crosswalk.engine.records import ElementRecord, MappingRecord, VersionRecord

MAX_ENTRIES = 512


class PublicCache:
    def __init__(self, get_engine: Callable[[], Engine]) -> None:
        self._get_engine = get_engine
        self._lock = threading.Lock()
        self._elements: dict[str, ElementRecord | None] = {}
        self._mappings: dict[str, MappingRecord | None] = {}
        self._memo: OrderedDict[Hashable, Any] = OrderedDict()
        self._engine_id: tuple[int, Hashable] | None = None

    def _check_engine(self) -> Engine:
        engine = self._get_engine()
        key = (id(engine), engine.content_version())  # a new service start, or new public content: start afresh
        if key != self._engine_id:
            with self._lock:
                self._elements.clear()
                self._mappings.clear()
                self._memo.clear()
                self._engine_id = key
        return engine

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        self._check_engine()
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > MAX_ENTRIES:
                self._memo.popitem(last=False)
        return value

    def versions(self) -> list[VersionRecord]:
        return list(self.memo("versions", lambda: self._get_engine().reference.versions()))

    def version(self, iri: str) -> VersionRecord | None:
        return next((v for v in self.versions() if v.iri == iri), None)

    def elements(self, iris: Iterable[str]) -> dict[str, ElementRecord]:
        engine = self._check_engine()
        wanted = [i for i in dict.fromkeys(iris) if _iri(i)]
        missing = [i for i in wanted if i not in self._elements]
        if missing:
            found = engine.reference.elements(missing)
            with self._lock:
                for iri in missing:
                    self._elements[iri] = found.get(iri)
        return {i: e for i in wanted if (e := self._elements.get(i)) is not None}

    def mappings(self, iris: Iterable[str]) -> dict[str, MappingRecord]:
        engine = self._check_engine()
        wanted = [i for i in dict.fromkeys(iris) if _iri(i)]
        missing = [i for i in wanted if i not in self._mappings]
        if missing:
            found = engine.reference.mappings(missing)
            with self._lock:
                for iri in missing:
                    self._mappings[iri] = found.get(iri)
        return {i: m for i in wanted if (m := self._mappings.get(i)) is not None}


def _iri(text: str) -> bool:
    """Only real IRIs reach a query (a path typed into the address bar may hold spaces)."""
    try:
        NamedNode(text)
    except ValueError:
        return False
    return bool(text)
