"""Evidence input formats, looked up by file extension: JSON, CSV, and RDF (Turtle, JSON-LD).

Each reader returns the organization block (if the file has one) and the evidence records, keeping where each came
from so every error can point at its row or entry. Malformed input raises EvidenceFormatError.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crosswalk.content import namespaces as ns
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.evidence.model import EvidenceRecord, Organization, SupportClaim
from crosswalk.exchange import evidence_measurement as measured

CSV_COLUMNS = [
    "id",
    "title",
    "kind",
    "link",
    "content_hash",
    "owner",
    "produced",
    "valid_until",
    "benchmark",
    "metric",
    "score",
    "model",
    "element",
    "version",
    "status",
    "reason",
    *measured.CSV_COLUMNS,
]


class EvidenceFormatError(ValueError):
    """The file cannot be read as evidence at all (not a row-level problem)."""


Reader = Callable[[Path], tuple[Organization | None, list[EvidenceRecord]]]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _measured(reader: Callable[..., Any], path: Path, *args: Any) -> Any:
    try:
        return reader(*args)
    except measured.MeasurementFormatError as error:
        raise EvidenceFormatError(f"{path.name}: {error}") from error


def read_json(path: Path) -> tuple[Organization | None, list[EvidenceRecord]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EvidenceFormatError(f"{path.name}: not valid JSON: {error}") from error
    if isinstance(data, list):
        data = {"evidence": data}
    if not isinstance(data, dict) or not isinstance(data.get("evidence"), list):
        raise EvidenceFormatError(f"{path.name}: expected an object with an 'evidence' list (or a list of items)")
    org = None
    if isinstance(data.get("organization"), dict):
        block = data["organization"]
        org = Organization(
            id=str(block.get("id", "")),
            name=str(block.get("name") or block.get("id", "")),
            roles=[str(r) for r in block.get("roles", [])],
            release_types=[str(r) for r in block.get("releaseTypes", block.get("release_types", []))],
            thresholds=_measured(measured.thresholds_from_json, path, block),
        )
    records = []
    for position, entry in enumerate(data["evidence"]):
        if not isinstance(entry, dict):
            raise EvidenceFormatError(f"{path.name}: evidence[{position}] is not an object")
        supports = [
            SupportClaim(
                element=str(s.get("element", "")),
                status=str(s.get("status", "")),
                version=_text(s.get("version")),
                reason=_text(s.get("reason")),
            )
            for s in entry.get("supports", [])
            if isinstance(s, dict)
        ]
        records.append(
            EvidenceRecord(
                id=str(entry.get("id", "")).strip(),
                title=str(entry.get("title", "")).strip(),
                kind=str(entry.get("kind", "")).strip(),
                supports=supports,
                link=_text(entry.get("link")),
                content_hash=_text(entry.get("contentHash", entry.get("content_hash"))),
                owner=_text(entry.get("owner")),
                produced=_text(entry.get("produced")),
                valid_until=_text(entry.get("validUntil", entry.get("valid_until"))),
                benchmark=_text(entry.get("benchmark")),
                metric=_text(entry.get("metric")),
                score=_text(entry.get("score")),
                model=_text(entry.get("model")),
                source=f"evidence[{position}] ({entry.get('id', '?')})",
                measurement=_measured(measured.from_json, path, entry, f"evidence[{position}]"),
            )
        )
    return org, records


def read_csv(path: Path) -> tuple[Organization | None, list[EvidenceRecord]]:
    """One row per (item, element); rows sharing an id are one item."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise EvidenceFormatError(f"{path.name}: not UTF-8 text") from error
    reader = csv.DictReader(lines)
    missing = [c for c in ("id", "title", "kind", "element", "status") if c not in (reader.fieldnames or [])]
    if missing:
        raise EvidenceFormatError(
            f"{path.name}: missing column(s) {', '.join(missing)}; columns: {', '.join(CSV_COLUMNS)}"
        )
    unknown = [c for c in reader.fieldnames or [] if c not in CSV_COLUMNS]
    if unknown:
        raise EvidenceFormatError(f"{path.name}: unknown column(s) {', '.join(unknown)}")
    by_id: dict[str, EvidenceRecord] = {}
    for number, row in enumerate(reader, start=2):
        item_id = (row.get("id") or "").strip()
        record = by_id.get(item_id)
        if record is None:
            record = by_id[item_id] = EvidenceRecord(
                id=item_id,
                title=(row.get("title") or "").strip(),
                kind=(row.get("kind") or "").strip(),
                link=_text(row.get("link")),
                content_hash=_text(row.get("content_hash")),
                owner=_text(row.get("owner")),
                produced=_text(row.get("produced")),
                valid_until=_text(row.get("valid_until")),
                benchmark=_text(row.get("benchmark")),
                metric=_text(row.get("metric")),
                score=_text(row.get("score")),
                model=_text(row.get("model")),
                source=f"row {number}",
                measurement=measured.from_csv(row),
            )
        if _text(row.get("element")):
            record.supports.append(
                SupportClaim(
                    element=(row.get("element") or "").strip(),
                    status=(row.get("status") or "").strip(),
                    version=_text(row.get("version")),
                    reason=_text(row.get("reason")),
                )
            )
    return None, list(by_id.values())


def _read_rdf(rdf_format: str) -> Reader:
    def read(path: Path) -> tuple[Organization | None, list[EvidenceRecord]]:
        from rdflib import Graph, Namespace  # here, not at import: only an RDF evidence file needs rdflib
        from rdflib.namespace import DCTERMS, RDF, SKOS

        CW = Namespace(ns.ONTOLOGY)
        graph = Graph()
        try:
            graph.parse(path, format=rdf_format)
        except Exception as error:  # rdflib raises many types for bad input
            raise EvidenceFormatError(f"{path.name}: not valid {rdf_format}: {error}") from error
        notation = vocabulary().notation_of  # concept IRI -> the code the other formats write
        records = []
        for item in graph.subjects(RDF.type, CW.EvidenceItem):
            supports = []
            for node in graph.objects(item, CW.supports):
                status = graph.value(node, CW.implementationStatus)
                supports.append(
                    SupportClaim(
                        element=str(graph.value(node, CW.element) or ""),
                        status=notation(str(status)) if status else "",
                        reason=_text(graph.value(node, CW.reason)),
                    )
                )
            kind = graph.value(item, CW.evidenceKind)

            def text(predicate: Any, node: Any = item) -> str | None:
                return _text(graph.value(node, predicate))

            records.append(
                EvidenceRecord(
                    id=text(DCTERMS.identifier) or "",
                    title=text(DCTERMS.title) or "",
                    kind=notation(str(kind)) if kind else "",
                    supports=supports,
                    link=text(CW.artifact),
                    content_hash=text(CW.contentHash),
                    owner=text(CW.owner),
                    produced=text(CW.produced),
                    valid_until=text(CW.validUntil),
                    benchmark=text(CW.benchmark),
                    metric=text(CW.metric),
                    score=text(CW.score),
                    model=text(CW.model),
                    source=f"<{item}>",
                    measurement=measured.from_rdf(graph, item, notation),
                )
            )
        org = None
        for node in graph.subjects(RDF.type, CW.Organization):
            org = Organization(
                id=str(graph.value(node, DCTERMS.identifier) or ""),
                name=str(graph.value(node, SKOS.prefLabel) or ""),
                roles=[notation(str(r)) for r in graph.objects(node, CW.valueChainRole)],
                release_types=[notation(str(r)) for r in graph.objects(node, CW.releaseTypeOf)],
                thresholds=measured.thresholds_from_rdf(graph, node, notation),
            )
        return org, records

    return read


READERS: dict[str, Reader] = {
    ".json": read_json,
    ".csv": read_csv,
    ".ttl": _read_rdf("turtle"),
    ".jsonld": _read_rdf("json-ld"),
}


def read(path: Path) -> tuple[Organization | None, list[EvidenceRecord]]:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise EvidenceFormatError(f"{path.name}: unknown format; use one of {', '.join(sorted(READERS))}")
    return reader(path)
