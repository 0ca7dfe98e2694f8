"""Turtle, N-Triples, JSON-LD and N-Quads of any public graph, streamed by pyoxigraph from the store's quads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

import pyoxigraph
from pyoxigraph import NamedNode, Quad, Triple

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import element_prefixes
from crosswalk.content.iri_base import IriBase
from crosswalk.exchange.exports.source import ExportContext, Scope


def _public(base: IriBase) -> Callable[[Quad], Quad]:
    def term(node: object) -> object:
        return NamedNode(base.public(node.value)) if isinstance(node, NamedNode) else node

    def quad(q: Quad) -> Quad:
        return Quad(term(q.subject), term(q.predicate), term(q.object), q.graph_name)  # type: ignore[arg-type]

    return quad


def _quads(ctx: ExportContext, scope: Scope) -> Iterator[Quad]:
    quads = ctx.store.quads(scope.graphs)
    if ctx.base.is_identity:
        yield from quads
    else:
        yield from map(_public(ctx.base), quads)


def _triples(ctx: ExportContext, scope: Scope) -> Iterator[Triple]:
    return (quad.triple for quad in _quads(ctx, scope))


def prefixes(base: IriBase) -> dict[str, str]:
    return {prefix: base.public(iri) for prefix, iri in {**ns.PREFIXES, **element_prefixes()}.items()}


def _writer(rdf_format: pyoxigraph.RdfFormat, quads: bool = False) -> Callable[[ExportContext, Scope, IO[bytes]], None]:
    def write(ctx: ExportContext, scope: Scope, out: IO[bytes]) -> None:
        data = _quads(ctx, scope) if quads else _triples(ctx, scope)
        pyoxigraph.serialize(data, out, rdf_format, prefixes=prefixes(ctx.base))

    write.__doc__ = f"Stream the scope's graphs as {rdf_format.name}."
    return write


write_turtle = _writer(pyoxigraph.RdfFormat.TURTLE)
write_ntriples = _writer(pyoxigraph.RdfFormat.N_TRIPLES)
write_jsonld = _writer(pyoxigraph.RdfFormat.STREAMING_JSON_LD)
write_nquads = _writer(pyoxigraph.RdfFormat.N_QUADS, quads=True)
