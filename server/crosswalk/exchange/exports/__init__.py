"""Export formats, looked up by name: the CLI's choices and the HTTP routes under /export/ both read FORMATS.

A writer gets the store context, the resolved scope and a binary stream, and writes as it reads, so a large set
is never held whole in memory. ``scope`` says what a format exports: mapping sets, RDF graphs or one catalog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from crosswalk.exchange.exports import csv_export, olir_export, oscal_catalog, oscal_export, rdf_export, sssom_export
from crosswalk.exchange.exports.source import ExportContext, ExportError, Scope, Selection

Writer = Callable[[ExportContext, Scope, IO[bytes]], None]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    writer: Writer
    media_type: str
    extension: str
    scope: str  # "mappings" | "graph" | "catalog"
    description: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "sssom-tsv", sssom_export.write_tsv, "text/tab-separated-values; charset=utf-8", ".sssom.tsv", "mappings",
            "SSSOM TSV with the IR 8477 fields in declared extension columns",
        ),
        ExportFormat(
            "sssom-json", sssom_export.write_json, "application/json", ".sssom.json", "mappings",
            "SSSOM JSON as sssom-py reads it, extension slots inside 'other'",
        ),
        ExportFormat(
            "oscal-mapping", oscal_export.write_collection, "application/json", ".oscal-mapping.json", "mappings",
            "OSCAL 1.2.1 mapping collection",
        ),
        ExportFormat(
            "oscal-catalog", oscal_catalog.write_catalog, "application/json", ".oscal-catalog.json", "catalog",
            "OSCAL 1.2.1 catalog of one framework version",
        ),
        ExportFormat(
            "olir", olir_export.write_olir, "text/csv; charset=utf-8", ".olir.csv", "mappings",
            "NIST OLIR template rows (IR 8278A r1)",
        ),
        ExportFormat(
            "csv", csv_export.write_csv, "text/csv; charset=utf-8", ".csv", "mappings",
            "one row per record, for spreadsheets",
        ),
        ExportFormat("turtle", rdf_export.write_turtle, "text/turtle", ".ttl", "graph", "Turtle"),
        ExportFormat("ntriples", rdf_export.write_ntriples, "application/n-triples", ".nt", "graph", "N-Triples"),
        ExportFormat("jsonld", rdf_export.write_jsonld, "application/ld+json", ".jsonld", "graph", "JSON-LD"),
        ExportFormat(
            "nquads", rdf_export.write_nquads, "application/n-quads", ".nq", "graph", "N-Quads, graph names kept"
        ),
    )
}  # fmt: skip


def get_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}; known: {', '.join(FORMATS)}") from None


def export(ctx: ExportContext, format_name: str, selection: Selection, out: IO[bytes]) -> Scope:
    """Resolve the selection, then write; raises ExportError (nothing written) if it names nothing."""
    fmt = get_format(format_name)
    scope = ctx.resolve(selection, fmt.scope)
    fmt.writer(ctx, scope, out)
    return scope


__all__ = ["FORMATS", "ExportContext", "ExportError", "ExportFormat", "Scope", "Selection", "export", "get_format"]
