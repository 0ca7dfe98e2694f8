"""Where a remote SPARQL 1.1 store answers, and how: endpoint URLs, credentials, and the server's dialect.

Three location forms (``--store``):

- ``http://host:7878`` (or https): an Oxigraph-server layout, ``/query``, ``/update`` and ``/store``.
- ``sparql+http://host:8890/sparql?update=/sparql-auth&gsp=/sparql-graph-crud-auth&dialect=virtuoso&user=dba``:
  separate endpoint URLs (absolute, or paths on the same host); the password comes from the environment variable
  named by ``password-env`` (default ``CROSSWALK_STORE_PASSWORD``), never from the URL.
- a ``.toml`` file with a ``[store]`` table holding the same keys (``query``, ``update``, ``gsp``, ``dialect``,
  ``user``, ``password-env``, ``auth``, ``timeout``).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

from crosswalk.store.base import StoreError

PASSWORD_ENV = "CROSSWALK_STORE_PASSWORD"


@dataclass(frozen=True)
class Dialect:
    """What differs between servers, as data (one entry per server in DIALECTS).

    ``union``: how a read sees the union of the named graphs as its default graph: ``param`` (the server's
    ``union-default-graph`` request parameter, Oxigraph), ``native`` (the server's default graph already is that
    union, Virtuoso), ``dataset`` (every named graph listed as a ``default-graph-uri``: any SPARQL 1.1 server).
    ``system_graphs``: prefixes of graphs the server keeps for itself, never listed as the store's.
    ``results``: the result format asked for (Virtuoso's JSON writes the pre-standard ``typed-literal``).
    ``auth``: how credentials are sent (``basic`` or ``digest``).
    """

    name: str
    union: str = "dataset"
    system_graphs: tuple[str, ...] = ()
    results: str = "application/sparql-results+json"
    auth: str = "basic"
    atomic_requests: bool = True  # every operation of one update request is one transaction
    # the protocol's default-graph-uri / named-graph-uri replace a query's own FROM / FROM NAMED (SPARQL 1.1 Protocol)
    protocol_dataset_wins: bool = True
    bulk_triples: int = 20_000  # a replacement or addition larger than this goes through the Graph Store Protocol


DIALECTS: dict[str, Dialect] = {
    "oxigraph": Dialect("oxigraph", union="param"),
    "virtuoso": Dialect(
        "virtuoso",
        union="native",
        system_graphs=(
            "http://www.openlinksw.com/schemas/virtrdf#",
            "http://www.w3.org/ns/ldp#",
            "http://localuriqaserver/",
            "http://www.w3.org/2002/07/owl#",
            "http://localhost:8890/",
        ),
        results="application/sparql-results+xml",
        auth="digest",
        # Tested (tests/contract): Virtuoso applies a request's operations in order and does not undo the earlier
        # ones when a later one fails, so evidence batches are staged and applied by one operation there.
        atomic_requests=False,
        # Tested (tests/test_remote_service.py): Virtuoso adds a query's FROM, FROM NAMED and "define input:" graphs
        # to the protocol's dataset, so queries that name a dataset are refused on it.
        protocol_dataset_wins=False,
        # Tested (tests/contract): Virtuoso compiles one update request into SQL and refuses it past 10,000 lines
        # (about 2,000 triples of distinct IRIs), so larger writes go through the Graph Store Protocol.
        bulk_triples=1_000,
    ),
    "generic": Dialect("generic"),
}


@dataclass(frozen=True)
class Endpoints:
    """A remote store's endpoints and credentials. ``gsp`` None: bulk loads fall back to INSERT DATA."""

    query: str
    update: str
    gsp: str | None
    dialect: Dialect
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0
    location: str = ""

    def with_timeout(self, seconds: float) -> Endpoints:
        return replace(self, timeout=seconds)


def _dialect(name: str) -> Dialect:
    try:
        return DIALECTS[name]
    except KeyError:
        raise StoreError(f"unknown SPARQL server dialect {name!r}; known: {', '.join(sorted(DIALECTS))}") from None


def _from_fields(base: str, fields: dict[str, str], location: str) -> Endpoints:
    unknown = set(fields) - {"query", "update", "gsp", "dialect", "user", "password-env", "auth", "timeout"}
    if unknown:
        raise StoreError(f"unknown store setting(s) {', '.join(sorted(unknown))} in {location}")
    dialect = _dialect(fields.get("dialect", "generic"))
    if "auth" in fields:
        if fields["auth"] not in ("basic", "digest"):
            raise StoreError(f"auth must be basic or digest, not {fields['auth']!r}")
        dialect = replace(dialect, auth=fields["auth"])
    query = urljoin(base, fields.get("query", base))
    password = None
    user = fields.get("user")
    if user:
        variable = fields.get("password-env", PASSWORD_ENV)
        password = os.environ.get(variable)
        if password is None:
            raise StoreError(f"the store user {user!r} needs a password: set the environment variable {variable}")
    try:
        timeout = float(fields.get("timeout", 60))
    except ValueError:
        raise StoreError(f"timeout must be seconds, not {fields['timeout']!r}") from None
    gsp = fields.get("gsp")
    return Endpoints(
        query=query,
        update=urljoin(base, fields.get("update", query)),
        gsp=urljoin(base, gsp) if gsp else None,
        dialect=dialect,
        user=user,
        password=password,
        timeout=timeout,
        location=location,
    )


def parse_remote(scheme: str, rest: str) -> Endpoints:
    """Endpoints from a location whose scheme the store package routed here (``http``, ``sparql+http``, ``toml``)."""
    if scheme in ("http", "https"):
        base = f"{scheme}://{rest}".rstrip("/")
        if urlsplit(base).query:
            raise StoreError(f"{base}: an Oxigraph-server location takes no options; use sparql+{scheme}:// for those")
        return Endpoints(
            query=base + "/query",
            update=base + "/update",
            gsp=base + "/store",
            dialect=DIALECTS["oxigraph"],
            location=base,
        )
    if scheme in ("sparql+http", "sparql+https"):
        parts = urlsplit(f"{scheme.removeprefix('sparql+')}://{rest}")
        fields = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        if "password" in fields:
            raise StoreError("a store password never goes in the URL: name an environment variable with password-env")
        base = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        shown = f"{scheme}://{rest}"
        return _from_fields(base, fields, shown)
    if scheme == "toml":
        return from_toml(Path(rest))
    raise StoreError(f"no remote store for {scheme}:// locations")


def from_toml(path: Path) -> Endpoints:
    """Endpoints from a configuration file's ``[store]`` table (query URL required; the others relative to it)."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("store")
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise StoreError(f"cannot read the store configuration {path}: {error}") from None
    if not isinstance(table, dict) or "query" not in table:
        raise StoreError(f'{path} needs a [store] table with at least query = "https://.../sparql"')
    if "password" in table:
        raise StoreError(
            f"{path}: a store password never goes in the file: name an environment variable with password-env"
        )
    fields = {str(key): str(value) for key, value in table.items()}
    return _from_fields(fields["query"], fields, str(path))
