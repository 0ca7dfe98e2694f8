"""The marginal-risk fields of the evidence formats: a benchmark result's direction, scale, uncertainty and baseline,
and the organization's risk thresholds, read from JSON, CSV and RDF into the engine's records.

JSON nests the baseline (``"baseline": {"kind", "model", "version", "score", "interval": [lo, hi], ...}``); CSV
writes it flat (``baseline_kind``, ``baseline_score``, ...); RDF uses the stored predicates (``cw:baselineScore``,
...), so an exported organization graph reads back as it was written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crosswalk.content import namespaces as ns
from crosswalk.engine.evidence.measurement import Baseline, Measurement, Threshold

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


def _cw() -> Any:
    """The ontology's namespace as rdflib terms, for the RDF readers (rdflib is imported by the first RDF file)."""
    from rdflib import Namespace

    return Namespace(ns.ONTOLOGY)


CSV_COLUMNS = [
    "direction",
    "scale",
    "score_lower",
    "score_upper",
    "sample_size",
    "baseline_kind",
    "baseline_model",
    "baseline_version",
    "baseline_description",
    "baseline_benchmark",
    "baseline_metric",
    "baseline_score",
    "baseline_score_lower",
    "baseline_score_upper",
    "baseline_sample_size",
    "baseline_source",
    "baseline_measured",
    "baseline_illustrative",
]
TRUE = {"true", "yes", "1"}


class MeasurementFormatError(ValueError):
    """A marginal-risk field of the wrong shape (the file reader names the file)."""


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value).strip()
    return text or None


def _interval(value: Any, where: str) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, dict):
        return _text(value.get("lower")), _text(value.get("upper"))
    if isinstance(value, list) and len(value) == 2:
        return _text(value[0]), _text(value[1])
    raise MeasurementFormatError(f'{where}: an interval is [lower, upper] or {{"lower": .., "upper": ..}}')


def from_json(entry: dict[str, Any], where: str) -> Measurement | None:
    lower, upper = _interval(entry.get("interval"), f"{where} interval")
    block = entry.get("baseline")
    baseline = None
    if block is not None:
        if not isinstance(block, dict):
            raise MeasurementFormatError(f"{where}: 'baseline' is an object (kind, score, source, ...)")
        b_lower, b_upper = _interval(block.get("interval"), f"{where} baseline.interval")
        baseline = Baseline(
            kind=_text(block.get("kind")),
            score=_text(block.get("score")),
            model=_text(block.get("model")),
            version=_text(block.get("version")),
            description=_text(block.get("description")),
            benchmark=_text(block.get("benchmark")),
            metric=_text(block.get("metric")),
            lower=b_lower,
            upper=b_upper,
            sample_size=_text(block.get("sampleSize", block.get("sample_size"))),
            source=_text(block.get("source")),
            measured=_text(block.get("measured")),
            illustrative=(_text(block.get("illustrative")) or "").lower() in TRUE,
        )
    m = Measurement(
        direction=_text(entry.get("direction")),
        scale=_text(entry.get("scale")),
        lower=lower,
        upper=upper,
        sample_size=_text(entry.get("sampleSize", entry.get("sample_size"))),
        baseline=baseline,
    )
    return m if m.given() else None


def from_csv(row: dict[str, str | None]) -> Measurement | None:
    def cell(name: str) -> str | None:
        return _text(row.get(name))

    baseline = None
    if any(cell(c) for c in CSV_COLUMNS if c.startswith("baseline_")):
        baseline = Baseline(
            kind=cell("baseline_kind"),
            score=cell("baseline_score"),
            model=cell("baseline_model"),
            version=cell("baseline_version"),
            description=cell("baseline_description"),
            benchmark=cell("baseline_benchmark"),
            metric=cell("baseline_metric"),
            lower=cell("baseline_score_lower"),
            upper=cell("baseline_score_upper"),
            sample_size=cell("baseline_sample_size"),
            source=cell("baseline_source"),
            measured=cell("baseline_measured"),
            illustrative=(cell("baseline_illustrative") or "").lower() in TRUE,
        )
    m = Measurement(cell("direction"), cell("scale"), cell("score_lower"), cell("score_upper"), cell("sample_size"),
                    baseline)  # fmt: skip
    return m if m.given() else None


def from_rdf(graph: Graph, item: Node, notation: Any) -> Measurement | None:
    CW = _cw()

    def text(name: str) -> str | None:
        return _text(graph.value(item, CW[name]))

    def concept(name: str) -> str | None:
        value = graph.value(item, CW[name])
        return notation(str(value)) if value is not None else None

    baseline = None
    if any(graph.value(item, CW[p]) is not None for p in ("baselineKind", "baselineScore", "baselineSource")):
        baseline = Baseline(
            kind=concept("baselineKind"),
            score=text("baselineScore"),
            model=text("baselineModel"),
            version=text("baselineModelVersion"),
            description=text("baselineDescription"),
            benchmark=text("baselineBenchmark"),
            metric=text("baselineMetric"),
            lower=text("baselineScoreLower"),
            upper=text("baselineScoreUpper"),
            sample_size=text("baselineSampleSize"),
            source=text("baselineSource"),
            measured=text("baselineMeasured"),
            illustrative=(text("baselineIllustrative") or "").lower() in TRUE,
        )
    m = Measurement(concept("metricDirection"), concept("metricScale"), text("scoreLower"), text("scoreUpper"),
                    text("sampleSize"), baseline)  # fmt: skip
    return m if m.given() else None


def thresholds_from_json(block: dict[str, Any], where: str = "organization") -> list[Threshold]:
    """``"riskThresholds": [{"risk", "band", "lower", "upper", "metric"}]``: lower inclusive, upper exclusive."""
    found = block.get("riskThresholds", block.get("risk_thresholds", []))
    if not isinstance(found, list) or not all(isinstance(t, dict) for t in found):
        raise MeasurementFormatError(f"{where}: 'riskThresholds' is a list of objects (risk, band, lower, upper)")
    return [
        Threshold(
            risk=_text(t.get("risk")) or "",
            band=_text(t.get("band")) or "",
            lower=_text(t.get("lower")),
            upper=_text(t.get("upper")),
            metric=_text(t.get("metric")),
        )
        for t in found
    ]


def thresholds_from_rdf(graph: Graph, org: Node, notation: Any) -> list[Threshold]:
    CW = _cw()
    out = []
    for node in graph.objects(org, CW.riskThreshold):
        band = graph.value(node, CW.band)
        out.append(
            Threshold(
                risk=str(graph.value(node, CW.thresholdRisk) or ""),
                band=notation(str(band)) if band is not None else "",
                lower=_text(graph.value(node, CW.lowerBound)),
                upper=_text(graph.value(node, CW.upperBound)),
                metric=_text(graph.value(node, CW.thresholdMetric)),
            )
        )
    return out
