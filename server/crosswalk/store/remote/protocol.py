"""The three SPARQL 1.1 protocols over HTTP (Query, Update, Graph Store), with errors that say what happened.

A query the server rejects as malformed raises SyntaxError (as the embedded store does); a store that does not
answer in time raises StoreTimeout; anything else the server refuses raises StoreError with its own message.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

import httpx

from crosswalk.store.base import StoreError
from crosswalk.store.remote.config import Endpoints

# A dataset that names no graph at all must not fall back to the server's default (every graph): it names this one.
EMPTY_GRAPH = "urn:crosswalk:empty-dataset"
FORM = "application/x-www-form-urlencoded"


class StoreTimeout(StoreError):
    """The store did not answer within the time limit."""


class SparqlClient:
    def __init__(self, endpoints: Endpoints) -> None:
        self.endpoints = endpoints
        auth: httpx.Auth | None = None
        if endpoints.user is not None:
            password = endpoints.password or ""
            if endpoints.dialect.auth == "digest":
                auth = httpx.DigestAuth(endpoints.user, password)
            else:
                auth = httpx.BasicAuth(endpoints.user, password)
        self._http = httpx.Client(timeout=endpoints.timeout, auth=auth)

    def _send(self, method: str, url: str, timeout: float | None = None, **kwargs: object) -> httpx.Response:
        limit = self.endpoints.timeout if timeout is None else timeout
        try:
            return self._http.request(method, url, timeout=limit, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            raise StoreTimeout(f"the store at {self.endpoints.location} did not answer within {limit:g} s") from None
        except httpx.TransportError as error:
            raise StoreError(f"cannot reach the store at {self.endpoints.location}: {error}") from None

    @staticmethod
    def _message(response: httpx.Response) -> str:
        return response.text.strip()[:500] or response.reason_phrase

    def query(
        self,
        text: str,
        accept: str,
        dataset: Sequence[str] | None = None,
        union: bool = True,
        timeout: float | None = None,
    ) -> httpx.Response:
        """POST a query. ``dataset``: the graphs that form the default graph and the named graphs (exactly those,
        whatever the query's FROM says); otherwise the default graph is the union of the named graphs (``union``)."""
        form: list[tuple[str, str]] = [("query", text)]
        if dataset is not None:
            graphs = list(dataset) or [EMPTY_GRAPH]
            form += [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        elif union and self.endpoints.dialect.union == "param":
            form.append(("union-default-graph", "true"))
        body = urlencode(form).encode("ascii")
        headers = {"accept": accept, "content-type": FORM}
        response = self._send("POST", self.endpoints.query, timeout, content=body, headers=headers)
        if response.status_code == 400:
            raise SyntaxError(f"the store rejected the query: {self._message(response)}")
        if response.status_code >= 300:
            raise StoreError(f"the store at {self.endpoints.location} answered {response.status_code}: "
                             f"{self._message(response)}")  # fmt: skip
        return response

    def update(self, text: str) -> None:
        response = self._send("POST", self.endpoints.update, content=urlencode({"update": text}).encode("ascii"),
                              headers={"content-type": FORM})  # fmt: skip
        if response.status_code >= 300:
            raise StoreError(f"the store at {self.endpoints.location} refused an update ({response.status_code}): "
                             f"{self._message(response)}")  # fmt: skip

    def _gsp(self) -> str:
        if self.endpoints.gsp is None:
            raise StoreError(f"the store at {self.endpoints.location} has no Graph Store Protocol endpoint")
        return self.endpoints.gsp

    def put_graph(self, graph: str, ntriples: bytes, replace: bool = True) -> None:
        """Replace (PUT) or extend (POST) one graph with N-Triples: the server's bulk path."""
        response = self._send(
            "PUT" if replace else "POST",
            self._gsp(),
            params={"graph": graph},
            content=ntriples,
            headers={"content-type": "application/n-triples"},
        )
        if response.status_code >= 300:
            raise StoreError(f"the store at {self.endpoints.location} refused graph {graph} "
                             f"({response.status_code}): {self._message(response)}")  # fmt: skip

    def get_graph(self, graph: str) -> bytes:
        """One graph as N-Triples; empty for a graph the store does not hold."""
        response = self._send("GET", self._gsp(), params={"graph": graph}, headers={"accept": "application/n-triples"})
        if response.status_code == 404:
            return b""
        if response.status_code >= 300:
            raise StoreError(f"the store at {self.endpoints.location} did not return graph {graph} "
                             f"({response.status_code}): {self._message(response)}")  # fmt: skip
        return response.content

    def close(self) -> None:
        self._http.close()
