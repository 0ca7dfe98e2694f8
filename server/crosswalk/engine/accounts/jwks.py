"""The identity provider's public keys (a JWKS), read from a file or an http(s) URL and kept for a refresh interval.

A token signed with a key id the cache does not know triggers one early reload (the provider may have rotated its
keys), but no more often than ``min_reload_seconds``, so forged key ids cannot make us hammer the provider.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jwt import PyJWK, PyJWKSet
from jwt.exceptions import PyJWKError, PyJWKSetError

from crosswalk.engine.accounts.errors import AccountError

FETCH_TIMEOUT_SECONDS = 10.0


class JwksCache:
    def __init__(
        self,
        source: str,
        refresh_seconds: float = 300.0,
        min_reload_seconds: float = 30.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.refresh_seconds = refresh_seconds
        self.min_reload_seconds = min_reload_seconds
        self._monotonic = monotonic
        self._keys: dict[str, PyJWK] = {}
        self._unnamed: list[PyJWK] = []
        self._loaded_at: float | None = None
        self._lock = threading.Lock()

    def key(self, kid: str | None) -> PyJWK | None:
        """The signing key with this id (or the only key, for a token without one); ``None`` when there is none."""
        with self._lock:
            if self._stale(self.refresh_seconds):
                self._load()
            found = self._find(kid)
            if found is None and self._stale(self.min_reload_seconds):
                self._load()
                found = self._find(kid)
            return found

    def _stale(self, age: float) -> bool:
        return self._loaded_at is None or self._monotonic() - self._loaded_at >= age

    def _find(self, kid: str | None) -> PyJWK | None:
        if kid is not None:
            return self._keys.get(kid)
        every = [*self._keys.values(), *self._unnamed]
        return every[0] if len(every) == 1 else None

    def _load(self) -> None:
        data = read_jwks(self.source)
        try:
            keyset = PyJWKSet.from_dict(data)
        except (PyJWKError, PyJWKSetError) as error:
            raise AccountError(f"JWKS at {self.source} has no usable keys: {error}") from None
        signing = [k for k in keyset.keys if k.public_key_use in (None, "sig")]
        self._keys = {k.key_id: k for k in signing if k.key_id}
        self._unnamed = [k for k in signing if not k.key_id]
        self._loaded_at = self._monotonic()


def read_jwks(source: str) -> dict[str, Any]:
    """The JWKS document at a path or an http(s) URL."""
    try:
        if source.startswith(("https://", "http://")):
            with urllib.request.urlopen(source, timeout=FETCH_TIMEOUT_SECONDS) as response:
                text = response.read().decode("utf-8")
        else:
            text = Path(source).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as error:
        raise AccountError(f"cannot read JWKS from {source}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise AccountError(f"JWKS from {source} is not a JSON object with a 'keys' list")
    return data
