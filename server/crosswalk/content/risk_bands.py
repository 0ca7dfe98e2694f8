"""Marginal-risk bands and what each calls on, read from the content root (ontology/vocab.ttl's cwv:risk-band
scheme and ontology/risk-band-guidance.tsv): which practices a band points at is data, not code."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache

from crosswalk.content import namespaces as ns
from crosswalk.content.resources import ContentRoot, content_root

SCHEME = "risk-band"


@dataclass(frozen=True)
class Band:
    iri: str
    notation: str
    label: str
    definition: str
    severity: int  # 0 the mildest
    practices: tuple[tuple[str, str], ...] = field(default=())  # (practice CURIE, why), in the guidance file's order


@dataclass(frozen=True)
class BandScales:
    """Bands by notation, and metric scales: notation -> (minimum, maximum) or None when unbounded."""

    bands: dict[str, Band]
    scales: dict[str, tuple[float, float] | None]

    def ordered(self) -> list[Band]:
        return sorted(self.bands.values(), key=lambda b: b.severity)


def risk_bands(root: ContentRoot | None = None) -> BandScales:
    return _read(root or content_root())


@cache
def _read(root: ContentRoot) -> BandScales:
    from rdflib import Graph, URIRef  # here, not at import: serving reads the bands only when asked for them
    from rdflib.namespace import SKOS

    graph = Graph()
    graph.parse(root.ontology / "vocab.ttl", format="turtle")
    cw = lambda name: URIRef(ns.ONTOLOGY + name)  # noqa: E731
    guidance: dict[str, list[tuple[str, str]]] = {}
    path = root.ontology / "risk-band-guidance.tsv"
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        if not row.get("band") or not row.get("practice"):
            raise ValueError(f"{path}: row {number}: band and practice are required")
        guidance.setdefault(row["band"], []).append((row["practice"], row.get("why") or ""))
    bands: dict[str, Band] = {}
    for concept in graph.subjects(SKOS.inScheme, URIRef(ns.VOCAB + SCHEME)):
        notation = str(graph.value(concept, SKOS.notation))
        bands[notation] = Band(
            iri=str(concept),
            notation=notation,
            label=str(graph.value(concept, SKOS.prefLabel) or notation),
            definition=str(graph.value(concept, SKOS.definition) or ""),
            severity=int(str(graph.value(concept, cw("severity")) or 0)),
            practices=tuple(guidance.get(notation, ())),
        )
    unknown = set(guidance) - set(bands)
    if unknown:
        raise ValueError(f"{path}: unknown band(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(bands))}")
    scales: dict[str, tuple[float, float] | None] = {}
    for concept in graph.subjects(SKOS.inScheme, URIRef(ns.VOCAB + "metric-scale")):
        low, high = graph.value(concept, cw("scaleMinimum")), graph.value(concept, cw("scaleMaximum"))
        bounds = None if low is None or high is None else (float(str(low)), float(str(high)))
        scales[str(graph.value(concept, SKOS.notation))] = bounds
    return BandScales(bands, scales)
