"""Content negotiation for every HTTP surface: one table of media types and ``?format=`` names.

An answer offers an ordered list of media types (the first is its default). ``?format=NAME`` names a media type
from FORMAT_NAMES; ``application/json`` and ``application/xml`` mean the JSON or XML form of whatever the answer is
(SPARQL results for a SELECT, JSON-LD for RDF), and ``text/plain`` means N-Triples for RDF. A wildcard picks the
first offer it covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for a type: the SPARQL workers import this table and start without the web framework
    from fastapi import Request

HTML = "text/html"
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
N_TRIPLES = "application/n-triples"
JSON_LD = "application/ld+json"
RDF_XML = "application/rdf+xml"

# What each kind of answer can be, default first.
RESULT_OFFERS = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
GRAPH_OFFERS = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML)
PAGE_OFFERS = (HTML, TURTLE, JSON_LD, N_TRIPLES)  # an IRI page: HTML for people, RDF for machines

# ?format= names, the same on /sparql, /id/..., /mappings/..., /vocab/... and /ontology.
FORMAT_NAMES: dict[str, str] = {
    "html": HTML,
    "json": "application/json",
    "xml": "application/xml",
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "ttl": TURTLE,
    "nt": N_TRIPLES,
    "ntriples": N_TRIPLES,
    "jsonld": JSON_LD,
    "json-ld": JSON_LD,
    "rdfxml": RDF_XML,
}
# Generic media types, read as the matching form of the answer on offer.
GENERIC: dict[str, tuple[str, ...]] = {
    "application/json": (SPARQL_JSON, JSON_LD),
    "application/xml": (SPARQL_XML, RDF_XML),
    "text/plain": (N_TRIPLES,),
    "application/xhtml+xml": (HTML,),
}


def accepted_types(header: str | None) -> list[str]:
    """Media types of an Accept header, most preferred first (q=0 entries dropped)."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        media_type, *params = (piece.strip() for piece in part.split(";"))
        if not media_type:
            continue
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, media_type.lower()))
    return [media_type for _, _, media_type in sorted(ranked)]


def choose(accept: Sequence[str], offers: Sequence[str]) -> str | None:
    """The first accepted media type on offer (generic types and wildcards resolved), None if none is."""
    for media_type in accept:
        if media_type in offers:
            return media_type
        for specific in GENERIC.get(media_type, ()):
            if specific in offers:
                return specific
        if media_type == "*/*":
            return offers[0]
        family, _, sub = media_type.partition("/")
        if sub == "*":
            covered = [offer for offer in offers if offer.startswith(family + "/")]
            if covered:
                return covered[0]
    return None


def requested(request: Request) -> list[str] | None:
    """What the client asks for, ``?format=`` first, then Accept; None for an unknown ``?format=`` name."""
    chosen = request.query_params.get("format")
    if chosen:
        named = FORMAT_NAMES.get(chosen.lower())
        return None if named is None else [named]
    return accepted_types(request.headers.get("accept")) or ["*/*"]
