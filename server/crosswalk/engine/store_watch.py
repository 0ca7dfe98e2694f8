"""Following the store's writes, so caches built from it stay right when other processes write too.

Several service instances can share one remote store; each keeps read models in memory (the mapping index, the
catalog structure, element ids). They are rebuilt when one of the store's content markers moves (the catalogs
marker: a load, an imported catalog; the mappings marker: an imported set, an accepted suggestion), read at most
every ``interval`` seconds, so a write through one instance is answered by the others within about that interval.
Evidence writes move neither: organizations' reads are never cached. A service over a remote store also follows
from a thread of its own (Follower), so the models are rebuilt as soon as the move is seen, not on a reader's time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from crosswalk.store.base import ContentGeneration, GraphStore, StoreError

FOLLOW_INTERVAL = 0.25  # seconds between two reads of the store's markers (one small query)


class StoreWatch:
    def __init__(self, store: GraphStore, interval: float = FOLLOW_INTERVAL) -> None:
        self.store = store
        self.interval = interval
        self._lock = threading.Lock()
        self._checked = 0.0
        self._content = store.content_generation()

    def content(self) -> ContentGeneration:
        """The store's content markers as of at most ``interval`` seconds ago."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= self.interval:
                self._content = self.store.content_generation()
                self._checked = now
            return self._content


class Follower:
    """Calls ``follow`` every ``interval`` seconds from a daemon thread until stopped; a store that does not answer
    for a while is tried again on the next round (the readers see its error themselves)."""

    def __init__(self, follow: Callable[[], None], interval: float = FOLLOW_INTERVAL) -> None:
        self._follow = follow
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="crosswalk-store-follower", daemon=True)

    def start(self) -> Follower:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stopped.wait(self._interval):
            try:
                self._follow()
            except (StoreError, OSError, ValueError):  # a server down or answering garbage: the next round
                continue

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=10)
