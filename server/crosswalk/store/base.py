"""The capability every store backend offers: read with bound SPARQL, replace whole named graphs atomically."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QuerySolutions, Triple

Term = NamedNode | BlankNode | Literal | Triple
Row = dict[str, Term]
Bindings = Mapping[str, Sequence[Term]]


def text_of(row: Row, name: str) -> str | None:
    """The lexical value of a result column, None where it is unbound."""
    term = row.get(name)
    return None if term is None else term.value  # type: ignore[union-attr]


def values_of(row: Row, skip: str | None = None) -> dict[str, str]:
    """Every bound column's lexical value (but ``skip``'s), for callers that want plain strings."""
    return {name: term.value for name, term in row.items() if name != skip}  # type: ignore[union-attr]


def rows_of(solutions: QuerySolutions) -> list[Row]:
    """SELECT solutions as rows: column name -> term, unbound columns left out (every backend answers so)."""
    names = [variable.value for variable in solutions.variables]
    rows: list[Row] = []
    for solution in solutions:
        row: Row = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[name] = value
        rows.append(row)
    return rows


def int_of(row: Row, name: str) -> int | None:
    value = text_of(row, name)
    return None if value is None else int(value)


_VALUES_SLOT = re.compile(r"VALUES\s+\?(\w+)\s*\{\s*\}")


class ContentGeneration(NamedTuple):
    """The store's content markers: each changes with every write of its kind of public graph, by any process
    (updates.content_markers says which graph is which)."""

    catalogs: str  # the ontology, catalogs, imported catalogs and profile selections
    mappings: str  # mapping sets (the loader's and imported ones), curation, inferred chains


@dataclass(frozen=True)
class Batch:
    """One write of an organization's evidence as data, so that each backend makes it one transaction its own way:
    ``items`` dropped from ``graph`` with the nodes they own (supports, thresholds), each of ``flags`` the only
    value of its subject and predicate in ``graph`` (earlier values replaced), and ``inserts`` (graph -> triples:
    new items, history, the audit record) added."""

    graph: str
    items: Sequence[str] = ()
    flags: Sequence[Triple] = ()
    inserts: Mapping[str, Sequence[Triple]] = field(default_factory=dict)

    def all_inserts(self) -> dict[str, list[Triple]]:
        """Every triple the batch adds, by graph (the flags' new values too), empty graphs left out."""
        out = {graph: list(triples) for graph, triples in self.inserts.items() if triples}
        if self.flags:
            out.setdefault(self.graph, []).extend(self.flags)
        return out

    def graphs(self) -> list[str]:
        """The graphs the batch writes."""
        return list(dict.fromkeys([self.graph, *self.all_inserts()]))


class StoreError(RuntimeError):
    """A store that cannot be opened or written; the message says what to do."""


class StoreBusy(StoreError):
    """The store is held by another process, a running service most likely: writes go to it, reads open beside it."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(
            f"the store at {location} is held by another process (a running `crosswalk serve`?). Send writes to the "
            "service with --server URL --token TOKEN (or CROSSWALK_SERVER and CROSSWALK_TOKEN); read-only commands "
            "(query, export, coverage, backup) open the store beside it."
        )


def bind(query: str, bindings: Bindings | None) -> str:
    """Fill the query's empty ``VALUES ?var {}`` slots with RDF terms (serialised, never pasted text).

    Slots left without a binding become ``UNDEF`` so the query runs unconstrained on that variable.
    """
    bindings = dict(bindings or {})
    slots = set(_VALUES_SLOT.findall(query))
    unknown = set(bindings) - slots
    if unknown:
        raise ValueError(f"query has no VALUES slot for {', '.join(sorted(unknown))}")

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        terms = bindings.get(name)
        if terms is None:
            return f"VALUES ?{name} {{ UNDEF }}"
        for term in terms:
            if not isinstance(term, NamedNode | Literal):
                raise TypeError(f"binding for ?{name} must be RDF terms, got {type(term).__name__}")
        return f"VALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}"

    bound = _VALUES_SLOT.sub(fill, query)
    # A graph variable bound to one IRI is also written into its GRAPH clauses: engines join VALUES late, and
    # "GRAPH ?g" with ?g unbound scans every named graph, so a lookup in one organization's graph would slow
    # down as the store grows.
    for name, terms in bindings.items():
        if len(terms) == 1 and isinstance(terms[0], NamedNode):
            bound = re.sub(rf"GRAPH\s+\?{name}\b", f"GRAPH {terms[0]}", bound)
    return bound


class GraphStore(Protocol):
    """What the loader, the engines and the surfaces need from a store.

    Reads see the union of the named graphs as their default graph, so queries need no GRAPH clauses.
    """

    @property
    def location(self) -> str | None:
        """Where the store is (a folder, a URL), None for one in memory."""
        ...

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]: ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool: ...

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]: ...

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> None:
        """Drop each named graph and write its new triples, all in one transaction."""
        ...

    def bulk_replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> None:
        """``replace_graphs`` for a writer that holds the store alone (``crosswalk load``), as fast as the backend
        writes: all or nothing too, but readers that opened the store before may not see the result until they
        open it again."""
        ...

    def update(self, sparql_update: str, graphs: Iterable[str] = ()) -> None:
        """Run a SPARQL update in one transaction. Callers build it from serialised RDF terms only, and name in
        ``graphs`` the public graphs it writes (so their content marker moves; an organization's need none)."""
        ...

    def write_batch(self, batch: Batch) -> None:
        """Write an evidence batch whole or not at all, whatever fails on the way (the generation moves with it)."""
        ...

    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Add quads (each in its own named graph) in one transaction."""
        ...

    def add_triples(self, graph: str, triples: Iterable[Triple]) -> None:
        """Add triples to a named graph in one transaction."""
        ...

    def named_graphs(self) -> list[str]: ...

    def generation(self) -> str:
        """A token that changes with every write to the store, by any process: cheap to read, so caches built from
        the store (the engine's mapping index, catalog structure, reference reads) know when to rebuild. Every write
        method changes it in the same transaction as the write where the backend can (``updates.bump_generation``).
        """
        ...

    def content_generation(self) -> ContentGeneration:
        """The content markers, moved by every write of a public graph (a load, an imported set or catalog, an
        accepted suggestion), never by evidence writes: what caches of public content follow (the catalogs marker:
        element ids, catalog structure, declared versions; the mappings marker: the mapping index), so an
        organization's write rebuilds nothing and a mapping set rebuilds only what reads mappings."""
        ...

    def quads(self, graphs: Sequence[str]) -> Iterable[Quad]: ...

    def nquads(self, graphs: Sequence[str]) -> bytes:
        """The given graphs serialised as N-Quads."""
        ...

    def backup(self, target: str) -> None:
        """A consistent snapshot of the whole store in ``target`` (a new folder), while writes go on."""
        ...

    def close(self) -> None: ...
