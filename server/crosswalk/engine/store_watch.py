"""Following the store's writes, so caches built from it stay right when other processes write too.

Several service instances can share one remote store; each keeps read models in memory (the mapping index, the
catalog structure, element ids). They are rebuilt when the store's content generation moves (a load, an imported
set), read at most every ``interval`` seconds, so a write through one instance is answered by the others within
about that interval. Evidence writes do not move it: organizations' reads are never cached.
"""

from __future__ import annotations

import threading
import time

from crosswalk.store.base import GraphStore

FOLLOW_INTERVAL = 0.5  # seconds between two reads of the store's marker


class StoreWatch:
    def __init__(self, store: GraphStore, interval: float = FOLLOW_INTERVAL) -> None:
        self.store = store
        self.interval = interval
        self._lock = threading.Lock()
        self._checked = 0.0
        self._content = store.content_generation()

    def content(self) -> str:
        """The store's content generation as of at most ``interval`` seconds ago."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= self.interval:
                self._content = self.store.content_generation()
                self._checked = now
            return self._content
