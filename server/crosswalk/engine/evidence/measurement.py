"""A benchmark result's uncertainty and baseline, and an organization's risk thresholds: records, checks, RDF.

Kept apart from model.py so the evidence batch (model, validate, store) only calls in here: the new triples go
through the same batch, written and kept in history with the item (they sit flat on the item's node), and the
thresholds sit on nodes the organization owns (``cw:riskThreshold``), replaced with its profile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content import namespaces as ns
from crosswalk.content.risk_bands import risk_bands

CW = ns.ONTOLOGY
XSD_DECIMAL = NamedNode(ns.XSD + "decimal")
XSD_INTEGER = NamedNode(ns.XSD + "integer")
XSD_DATE = NamedNode(ns.XSD + "date")
BENCHMARK_RESULT = "benchmark-result"
AI_600_1 = ns.ID + "ai-600-1/2024-07/"


@dataclass
class Baseline:
    """What the result is compared against, and its score on the same benchmark and metric."""

    kind: str | None = None  # other-model, existing-technology, no-ai
    score: str | None = None
    model: str | None = None  # for other-model
    version: str | None = None
    description: str | None = None
    benchmark: str | None = None  # as written; must resolve to the item's benchmark
    metric: str | None = None  # must be the item's metric
    lower: str | None = None
    upper: str | None = None
    sample_size: str | None = None
    source: str | None = None
    measured: str | None = None
    illustrative: bool = False
    resolved_benchmark: str | None = None


@dataclass
class Measurement:
    """How to read a benchmark result's score: its direction and scale, its uncertainty, and its baseline."""

    direction: str | None = None  # higher-is-safer, higher-is-riskier
    scale: str | None = None  # proportion, percent, unbounded
    lower: str | None = None
    upper: str | None = None
    sample_size: str | None = None
    baseline: Baseline | None = None

    def given(self) -> bool:
        return any((self.direction, self.scale, self.lower, self.upper, self.sample_size, self.baseline))


@dataclass
class Threshold:
    """One band of an organization's thresholds for one AI 600-1 risk: [lower, upper) of the marginal difference."""

    risk: str  # as written: an id, a CURIE, a label or an IRI
    band: str
    lower: str | None = None
    upper: str | None = None
    metric: str | None = None  # None: for every metric without bands of its own
    resolved_risk: str | None = None


def _number(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


def decimal_text(value: str) -> str:
    """A checked number as xsd:decimal text ('1e-3' -> '0.001')."""
    return format(Decimal(value.strip()), "f")


Problem = Callable[[str, str], None]  # (field, reason)


def check_interval(prefix: str, score: str | None, lower: str | None, upper: str | None, size: str | None,
                   bounds: tuple[float, float] | None, problem: Problem) -> None:  # fmt: skip
    """Numbers, in the scale's range, lower <= score <= upper, a whole positive sample size."""
    values = {"score": score, "lower": lower, "upper": upper}
    numbers = {}
    for name, value in values.items():
        if value is None:
            continue
        number = _number(value)
        if number is None or number != number or number in (float("inf"), float("-inf")):
            problem(f"{prefix}{name}", f"{value!r} is not a number")
            continue
        numbers[name] = number
        if bounds and not bounds[0] <= number <= bounds[1]:
            problem(f"{prefix}{name}", f"{value} is outside the scale's range {bounds[0]:g} to {bounds[1]:g}")
    if (lower is None) != (upper is None):
        problem(f"{prefix}interval", "give both ends of the interval (lower and upper), or neither")
    if "lower" in numbers and "upper" in numbers:
        if numbers["lower"] > numbers["upper"]:
            problem(f"{prefix}interval", f"lower end {lower} is above upper end {upper}")
        elif "score" in numbers and not numbers["lower"] <= numbers["score"] <= numbers["upper"]:
            problem(f"{prefix}interval", f"[{lower}, {upper}] does not contain the score {score}")
    if size is not None:
        try:
            whole = int(size)
        except ValueError:
            whole = 0
        if whole < 1 or str(whole) != size.strip():
            problem(f"{prefix}sampleSize", f"{size!r} is not a whole number of test items (1 or more)")


def check_measurement(record: object, schemes: dict[str, dict[str, str]],
                      resolve: Callable[[str], str], problem: Problem) -> None:  # fmt: skip
    """The item's direction, scale, uncertainty and baseline (``record`` is an EvidenceRecord)."""
    m: Measurement | None = getattr(record, "measurement", None)
    if m is None or not m.given():
        return
    kind, score, metric = getattr(record, "kind", ""), getattr(record, "score", None), getattr(record, "metric", None)
    if kind != BENCHMARK_RESULT:
        problem(
            "baseline", f"only a benchmark result carries a direction, an uncertainty or a baseline, not a {kind!r}"
        )
    if m.direction is not None and m.direction not in schemes["metric-direction"]:
        problem("direction", f"unknown direction {m.direction!r}; known: higher-is-safer, higher-is-riskier")
    if m.scale is not None and m.scale not in schemes["metric-scale"]:
        problem("scale", f"unknown scale {m.scale!r}; known: {', '.join(sorted(schemes['metric-scale']))}")
    bounds = risk_bands().scales.get(m.scale or "unbounded")
    check_interval("", score, m.lower, m.upper, m.sample_size, bounds, problem)
    if (m.lower is not None or m.sample_size is not None) and score is None:
        problem("score", "an interval or a sample size needs the score it is about")
    b = m.baseline
    if b is None:
        return
    if m.direction is None:
        problem("direction", "a baseline needs the metric's direction: higher-is-safer or higher-is-riskier")
    for name, value in (("score", score), ("metric", metric), ("benchmark", getattr(record, "benchmark", None))):
        if value is None:
            problem(name, f"a baseline is compared on the item's {name}: give it")
    if b.kind is None:
        problem("baseline.kind", "missing; known: other-model, existing-technology, no-ai")
    elif b.kind not in schemes["baseline-kind"]:
        problem("baseline.kind", f"unknown kind {b.kind!r}; known: other-model, existing-technology, no-ai")
    elif b.kind == "other-model" and not b.model:
        problem("baseline.model", "a baseline of kind other-model names the model (and its version)")
    elif b.kind == "existing-technology" and not b.description:
        problem("baseline.description", "say which existing technology (e.g. search-engine access)")
    if b.score is None:
        problem("baseline.score", "missing: the baseline's score on the same benchmark and metric")
    check_interval("baseline.", b.score, b.lower, b.upper, b.sample_size, bounds, problem)
    if b.metric is not None and metric is not None and b.metric.strip() != metric.strip():
        problem("baseline.metric", f"{b.metric!r} is not the item's metric {metric!r}: compare like with like")
    if b.benchmark is not None:
        try:
            b.resolved_benchmark = resolve(b.benchmark)
        except LookupError as error:
            problem("baseline.benchmark", str(error))
        else:
            mine = getattr(record, "resolved_benchmark", None)
            if mine is not None and b.resolved_benchmark != mine:
                problem("baseline.benchmark", f"{b.benchmark!r} is not the item's benchmark {record.benchmark!r}")  # type: ignore[attr-defined]
    if not b.source:
        problem("baseline.source", "missing: say where the baseline figure comes from (a citation or a link)")
    if b.measured is not None:
        try:
            dt.date.fromisoformat(b.measured)
        except ValueError:
            problem("baseline.measured", f"{b.measured!r} is not a date (YYYY-MM-DD)")


def measurement_triples(item: NamedNode, m: Measurement | None, concept: dict[str, dict[str, str]]) -> list[Triple]:
    """The item's measurement fields, flat on the item's node (call on a validated record)."""
    if m is None or not m.given():
        return []
    out: list[Triple] = []

    def add(name: str, value: NamedNode | Literal | None) -> None:
        if value is not None:
            out.append(Triple(item, NamedNode(CW + name), value))

    def number(value: str | None, datatype: NamedNode = XSD_DECIMAL) -> Literal | None:
        return None if value is None else Literal(decimal_text(value), datatype=datatype)

    def text(value: str | None) -> Literal | None:
        return None if not value else Literal(value)

    add("metricDirection", NamedNode(concept["metric-direction"][m.direction]) if m.direction else None)
    add("metricScale", NamedNode(concept["metric-scale"][m.scale]) if m.scale else None)
    add("scoreLower", number(m.lower))
    add("scoreUpper", number(m.upper))
    add("sampleSize", number(m.sample_size, XSD_INTEGER))
    b = m.baseline
    if b is not None:
        add("baselineKind", NamedNode(concept["baseline-kind"][b.kind]) if b.kind else None)
        add("baselineScore", number(b.score))
        add("baselineModel", text(b.model))
        add("baselineModelVersion", text(b.version))
        add("baselineDescription", text(b.description))
        add("baselineBenchmark", NamedNode(b.resolved_benchmark) if b.resolved_benchmark else None)
        add("baselineMetric", text(b.metric))
        add("baselineScoreLower", number(b.lower))
        add("baselineScoreUpper", number(b.upper))
        add("baselineSampleSize", number(b.sample_size, XSD_INTEGER))
        add("baselineSource", text(b.source))
        add("baselineMeasured", Literal(b.measured, datatype=XSD_DATE) if b.measured else None)
        add("baselineIllustrative", Literal(True) if b.illustrative else None)
    return out


def check_thresholds(thresholds: list[Threshold], risks: dict[str, str], resolve: Callable[[str], str],
                     problem: Problem) -> None:  # fmt: skip
    """Each band: a known band, an AI 600-1 risk, numeric bounds with lower < upper; no two bands of one risk (and
    metric) overlap. ``risks`` maps lower-cased risk labels and ids to IRIs (so 'CBRN Information or Capabilities'
    works as well as a CURIE)."""
    bands = risk_bands().bands
    spans: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    for n, t in enumerate(thresholds):
        where = f"riskThresholds[{n}]"
        if t.band not in bands:
            problem(
                f"{where}.band",
                f"unknown band {t.band!r}; known: {', '.join(b.notation for b in risk_bands().ordered())}",
            )
        t.resolved_risk = risks.get(t.risk.strip().lower())
        if t.resolved_risk is None:
            try:
                t.resolved_risk = resolve(t.risk)
            except LookupError as error:
                problem(f"{where}.risk", str(error))
                continue
        if t.resolved_risk not in risks.values():
            problem(f"{where}.risk", f"{t.risk!r} is not an AI 600-1 risk (e.g. 'CBRN Information or Capabilities')")
            continue
        low, high = _number(t.lower), _number(t.upper)
        for name, raw, value in (("lower", t.lower, low), ("upper", t.upper, high)):
            if raw is not None and value is None:
                problem(f"{where}.{name}", f"{raw!r} is not a number")
        if low is not None and high is not None and low >= high:
            problem(f"{where}.upper", f"the band's upper bound {t.upper} is not above its lower bound {t.lower}")
            continue
        span = (float("-inf") if low is None else low, float("inf") if high is None else high, where)
        spans.setdefault((t.resolved_risk, (t.metric or "").strip()), []).append(span)
    for found in spans.values():
        found.sort()
        for (_, high, first), (low, _, second) in pairwise(found):
            if low < high:
                problem(f"{second}.lower", f"overlaps {first}: bands of one risk (and metric) must not overlap")


def threshold_iri(org_node: str, t: Threshold) -> str:
    key = f"{t.resolved_risk}|{t.metric or ''}|{t.band}|{t.lower}|{t.upper}"
    return f"{org_node}/threshold/{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def threshold_triples(
    org_node: NamedNode, thresholds: list[Threshold], concept: dict[str, dict[str, str]]
) -> list[Triple]:
    out: list[Triple] = []
    for t in thresholds:
        assert t.resolved_risk, "validate before writing"
        node = NamedNode(threshold_iri(org_node.value, t))
        out.append(Triple(org_node, NamedNode(CW + "riskThreshold"), node))
        out.append(Triple(node, NamedNode(ns.RDF + "type"), NamedNode(CW + "RiskThreshold")))
        out.append(Triple(node, NamedNode(CW + "thresholdRisk"), NamedNode(t.resolved_risk)))
        out.append(Triple(node, NamedNode(CW + "band"), NamedNode(concept["risk-band"][t.band])))
        if t.lower is not None:
            out.append(Triple(node, NamedNode(CW + "lowerBound"), Literal(decimal_text(t.lower), datatype=XSD_DECIMAL)))
        if t.upper is not None:
            out.append(Triple(node, NamedNode(CW + "upperBound"), Literal(decimal_text(t.upper), datatype=XSD_DECIMAL)))
        if t.metric:
            out.append(Triple(node, NamedNode(CW + "thresholdMetric"), Literal(t.metric.strip())))
    return out
