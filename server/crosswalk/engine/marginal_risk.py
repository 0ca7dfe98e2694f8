"""Marginal risk: an organization's benchmark results judged against their baselines, per AI 600-1 risk.

A result counts for the risks its benchmark measures through the curated benchmark -> AI 600-1 risk records
(mappings/benchmarks-to-ai-600-1-risks; a benchmark's own records and those of its parts, so an aggregate
AILuminate score counts for its hazards' risks; no-relationship records never count). Each result with a baseline
gets its oriented difference and uncertainty (engine/marginal_math.py), the band the organization's thresholds put it
in, and what that band calls on (ontology/risk-band-guidance.tsv, read with the graph: see ``guidance``). Results
without a baseline are listed as such. Retracted results are left out; expired ones are shown, flagged stale, and do
not set a risk's band.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from crosswalk.content import namespaces as ns
from crosswalk.content.risk_bands import Band, risk_bands
from crosswalk.engine import marginal_math as mm
from crosswalk.engine.coverage import UnknownOrganization
from crosswalk.engine.read_models import Engine
from crosswalk.store.base import text_of

AI_600_1 = ns.ID + "ai-600-1/2024-07"
NEVER = {"no-relationship", "contrary", "related-to"}


@dataclass
class RiskLink:
    record: str  # the benchmark -> risk mapping record
    benchmark: str  # its subject: the result's benchmark or one of its parts
    strength: int | None


@dataclass
class Baseline:
    kind: str
    score: Decimal
    model: str | None
    version: str | None
    description: str | None
    lower: Decimal | None
    upper: Decimal | None
    sample_size: int | None
    source: str | None
    measured: str | None
    illustrative: bool


@dataclass
class Result:
    evidence_id: str
    title: str
    benchmark: str
    metric: str | None
    model: str | None
    score: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    sample_size: int | None
    direction: str | None
    scale: str | None
    stale: bool
    valid_until: str | None
    baseline: Baseline | None = None
    links: list[RiskLink] = field(default_factory=list)
    difference: mm.Difference | None = None
    band: Band | None = None
    band_at_upper: Band | None = None  # the band of the difference's upper end: the worst the uncertainty allows


@dataclass
class PracticePointer:
    practice: str  # AI 800-1 ipd practice IRI
    why: str
    risk_strength: int | None  # strength of the curated record mapping it to the risk, if one does
    revised_in: list[str]  # the second draft's revisions of it


@dataclass
class ActionPointer:
    action: str  # AI 600-1 action IRI
    practice: str  # the band's practice whose curated record links it
    relationship: str


@dataclass
class Guidance:
    band: Band
    practices: list[PracticePointer]
    actions: list[ActionPointer]


@dataclass
class Threshold:
    band: Band
    lower: Decimal | None
    upper: Decimal | None
    metric: str | None


@dataclass
class RiskMarginal:
    risk: str
    label: str
    thresholds: list[Threshold]
    compared: list[Result]
    without_baseline: list[Result]
    band: Band | None  # the most severe band of its current (not stale) results
    guidance: dict[str, Guidance]  # band notation -> what it calls on, for every band its results fall in


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)


class MarginalRisk:
    """The read model; one per request (the mapping index and catalog structure it reads are the engine's)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.bands = risk_bands()
        self.risks = {text_of(r, "risk") or "": text_of(r, "name") or "" for r in engine.named("api/gai-risks")}
        self._guidance: dict[tuple[str, str], Guidance] = {}

    def resolve_risk(self, key: str) -> str:
        """A risk's IRI from its IRI, CURIE, id or label ('CBRN Information or Capabilities')."""
        wanted = key.strip().lower()
        for iri, label in self.risks.items():
            if wanted in (iri.lower(), label.lower(), iri.rsplit("/", 1)[-1].lower()):
                return iri
        iri = self.engine.resolve(key)
        if iri not in self.risks:
            raise ValueError(f"{key!r} is not an AI 600-1 risk; known: {', '.join(sorted(self.risks.values()))}")
        return iri

    def links(self, benchmark: str) -> dict[str, list[RiskLink]]:
        """risk -> the records through which ``benchmark`` (or one of its parts) measures it."""
        children = self._children
        found: dict[str, list[RiskLink]] = defaultdict(list)
        todo, seen = [benchmark], set()
        while todo:
            element = todo.pop()
            if element in seen:
                continue
            seen.add(element)
            todo.extend(children.get(element, ()))
            for step in self.engine.mapping_index.steps.get(element, ()):
                if step.forward and not step.negated and step.relationship not in NEVER and step.target in self.risks:
                    found[step.target].append(RiskLink(step.record, element, step.strength))
        return found

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = defaultdict(list)
        for child, parents in self.engine.structure.parents.items():
            for parent in parents:
                children[parent].append(child)
        return children

    def guidance(self, band: Band, risk: str) -> Guidance:
        """The band's practices (ontology/risk-band-guidance.tsv) less those a curated record says have no
        relationship to the risk, each with its second-draft revisions; and the AI 600-1 actions the curated
        practice -> action records link them to, among the actions tagged with the risk."""
        key = (band.notation, risk)
        if key in self._guidance:
            return self._guidance[key]
        index = self.engine.mapping_index
        tagged = self._actions_tagged(risk)
        practices: list[PracticePointer] = []
        actions: list[ActionPointer] = []
        iris = [self.engine.resolve(curie) for curie, _ in band.practices]
        revisions = self.engine.reference.revisions(iris)
        for iri, (_, why) in zip(iris, band.practices, strict=True):
            to_risk = [s for s in index.steps.get(iri, ()) if s.target == risk]
            if any(s.negated or s.relationship == "no-relationship" for s in to_risk):
                continue
            strengths = [s.strength for s in to_risk if s.strength is not None]
            practices.append(PracticePointer(iri, why, max(strengths, default=None), revisions[iri][1]))
            for step in index.steps.get(iri, ()):
                linked = step.forward and not step.negated and step.relationship not in NEVER
                if linked and step.target in tagged and all(a.action != step.target for a in actions):
                    actions.append(ActionPointer(step.target, iri, step.relationship))
        found = self._guidance[key] = Guidance(band, practices, actions)
        return found

    def _actions_tagged(self, risk: str) -> set[str]:
        return self._tagged.get(self.risks[risk], set())

    @cached_property
    def _tagged(self) -> dict[str, set[str]]:
        """risk label -> the AI 600-1 actions NIST tags with it."""
        found: dict[str, set[str]] = defaultdict(set)
        for unit in self.engine.structure.units(AI_600_1, [ns.ONTOLOGY + "SuggestedAction"]):
            for label in (text_of(unit, "risks") or "").split("|"):
                found[label].add(text_of(unit, "element") or "")
        return found

    def compute(self, org: str, model: str | None = None, risk: str | None = None,
                today: dt.date | None = None) -> list[RiskMarginal]:  # fmt: skip
        profile = self.engine.evidence.organization(org)
        if profile is None:
            raise UnknownOrganization(f"no organization {org!r}; import its evidence first (crosswalk evidence import)")
        wanted = self.resolve_risk(risk) if risk else None
        day = (today or dt.date.today()).isoformat()
        thresholds: dict[str, list[tuple[str | None, mm.Bounds]]] = defaultdict(list)
        for t in profile.thresholds:
            bounds = mm.Bounds(t.band, _dec(t.lower), _dec(t.upper))
            thresholds[t.resolved_risk or t.risk].append((t.metric, bounds))
        by_risk: dict[str, RiskMarginal] = {}

        def entry(iri: str) -> RiskMarginal:
            if iri not in by_risk:
                shown = [Threshold(self.bands.bands[b.band], b.lower, b.upper, metric)
                         for metric, b in thresholds.get(iri, [])]  # fmt: skip
                by_risk[iri] = RiskMarginal(iri, self.risks[iri], shown, [], [], None, {})
            return by_risk[iri]

        for iri in [wanted] if wanted else list(thresholds):
            if iri in self.risks:
                entry(iri)
        link_cache: dict[str, dict[str, list[RiskLink]]] = {}
        for row in self.engine.evidence.benchmark_rows(org):
            if row.get("retracted") == "true" or (model and row.get("model") != model):
                continue
            benchmark = row["benchmark"]
            if benchmark not in link_cache:
                link_cache[benchmark] = self.links(benchmark)
            for risk_iri, links in link_cache[benchmark].items():
                if wanted and risk_iri != wanted:
                    continue
                result = self._result(row, day)
                result.links = links
                self._judge(result, [(m, b) for m, b in thresholds.get(risk_iri, [])])
                target = entry(risk_iri)
                (target.compared if result.baseline else target.without_baseline).append(result)
        for marginal in by_risk.values():
            for result in marginal.compared:
                for band in (result.band, result.band_at_upper):
                    if band is not None:
                        marginal.guidance.setdefault(band.notation, self.guidance(band, marginal.risk))
                for current in (result.band, result.band_at_upper):
                    worse = marginal.band is None or (current is not None and current.severity > marginal.band.severity)
                    if current is not None and not result.stale and worse:
                        marginal.band = current
        return sorted(by_risk.values(), key=lambda m: (-(m.band.severity if m.band else -1), m.label))

    def _result(self, row: dict[str, str], day: str) -> Result:
        valid_until = row.get("validUntil")
        result = Result(
            evidence_id=row["id"], title=row["title"], benchmark=row["benchmark"], metric=row.get("metric"),
            model=row.get("model"), score=_dec(row.get("score")), lower=_dec(row.get("lower")),
            upper=_dec(row.get("upper")), sample_size=_int(row.get("sampleSize")), direction=row.get("direction"),
            scale=row.get("scale"), stale=valid_until is not None and valid_until < day, valid_until=valid_until,
        )  # fmt: skip
        if "baselineScore" in row:
            result.baseline = Baseline(
                kind=row.get("baselineKind", ""), score=Decimal(row["baselineScore"]), model=row.get("baselineModel"),
                version=row.get("baselineVersion"), description=row.get("baselineDescription"),
                lower=_dec(row.get("baselineLower")), upper=_dec(row.get("baselineUpper")),
                sample_size=_int(row.get("baselineSampleSize")), source=row.get("baselineSource"),
                measured=row.get("baselineMeasured"), illustrative=row.get("baselineIllustrative") == "true",
            )  # fmt: skip
        return result

    def _judge(self, result: Result, thresholds: list[tuple[str | None, mm.Bounds]]) -> None:
        b = result.baseline
        if b is None or result.score is None or result.direction is None:
            return
        model = mm.Side(result.score, result.lower, result.upper, result.sample_size)
        base = mm.Side(b.score, b.lower, b.upper, b.sample_size)
        result.difference = mm.difference(model, base, result.direction, self.bands.scales.get(result.scale or ""))
        own = [bounds for metric, bounds in thresholds if metric and metric == result.metric]
        bands = own or [bounds for metric, bounds in thresholds if not metric]
        point = mm.band_of(result.difference.value, bands)
        result.band = self.bands.bands[point] if point else None
        if result.difference.uncertainty is not None:
            upper = mm.band_of(result.difference.uncertainty.upper, bands)
            result.band_at_upper = self.bands.bands[upper] if upper else None
