"""GraphQL for marginal risk: an organization's benchmark results against their baselines, per AI 600-1 risk, with
the band its thresholds put each difference in and what the band calls on (what a marginal-risk panel shows)."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.types import Info

from crosswalk.content.risk_bands import Band
from crosswalk.engine import marginal_risk as engine_mr
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.types import Element, Mapping


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@strawberry.type(description="A marginal-risk band: acceptable, needs-mitigation or unacceptable.")
class RiskBand:
    notation: str
    label: str
    definition: str
    severity: int = strawberry.field(description="0 the mildest")

    @classmethod
    def of(cls, band: Band | None) -> RiskBand | None:
        return (
            None
            if band is None
            else cls(notation=band.notation, label=band.label, definition=band.definition, severity=band.severity)
        )


@strawberry.type(description="An interval around a score or a difference (as the result states it, or derived).")
class Interval:
    lower: float
    upper: float


def _interval(lower: Decimal | None, upper: Decimal | None) -> Interval | None:
    return None if lower is None or upper is None else Interval(lower=float(lower), upper=float(upper))


@strawberry.type(description="What a benchmark result is compared against.")
class BaselineInfo:
    kind: str = strawberry.field(description="other-model, existing-technology or no-ai")
    model: str | None
    version: str | None
    description: str | None
    score: float
    interval: Interval | None
    sample_size: int | None
    source: str | None = strawberry.field(description="Where the baseline figure comes from")
    measured: str | None = strawberry.field(description="When it was measured")
    illustrative: bool = strawberry.field(description="True when the figure is made up for illustration")


@strawberry.type(description="Model minus baseline, oriented by the metric's direction: positive means more risk.")
class MarginalDifference:
    value: float
    means_more_risk: bool
    interval: Interval | None = strawberry.field(description="Carried through where both sides have uncertainty")
    standard_error: float | None = strawberry.field(description="When combined from sample sizes")
    method: str | None = strawberry.field(description="intervals, sample sizes, or interval and sample size")


@strawberry.type(description="A benchmark -> AI 600-1 risk record a result counts through.")
class MeasuredThrough:
    strength: int | None
    record_iri: strawberry.Private[str]
    benchmark_iri: strawberry.Private[str]

    @strawberry.field
    async def mapping(self, info: Info[Context, None]) -> Mapping | None:
        record = await info.context.loaders.mapping.load(self.record_iri)
        return None if record is None else Mapping(record=record)

    @strawberry.field(description="The benchmark element of the record: the result's own or one of its parts.")
    async def benchmark(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.benchmark_iri)


@strawberry.type(description="One benchmark result as marginal risk reads it.")
class MarginalResult:
    evidence_id: str
    title: str
    metric: str | None
    model: str | None
    score: float | None
    score_interval: Interval | None
    sample_size: int | None
    direction: str | None = strawberry.field(description="higher-is-safer or higher-is-riskier")
    scale: str | None
    stale: bool = strawberry.field(description="Expired: shown, but it does not set the risk's band")
    valid_until: str | None
    baseline: BaselineInfo | None
    difference: MarginalDifference | None
    band: RiskBand | None = strawberry.field(description="The band of the difference (None: no threshold holds it)")
    band_at_upper: RiskBand | None = strawberry.field(description="The band of the difference's upper end")
    measured_through: list[MeasuredThrough]
    benchmark_iri: strawberry.Private[str]

    @strawberry.field
    async def benchmark(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.benchmark_iri)

    @classmethod
    def of(cls, r: engine_mr.Result) -> MarginalResult:
        b, d = r.baseline, r.difference
        return cls(
            evidence_id=r.evidence_id, title=r.title, metric=r.metric, model=r.model, score=_f(r.score),
            score_interval=_interval(r.lower, r.upper), sample_size=r.sample_size, direction=r.direction,
            scale=r.scale, stale=r.stale, valid_until=r.valid_until,
            baseline=None if b is None else BaselineInfo(
                kind=b.kind, model=b.model, version=b.version, description=b.description, score=float(b.score),
                interval=_interval(b.lower, b.upper), sample_size=b.sample_size, source=b.source,
                measured=b.measured, illustrative=b.illustrative),
            difference=None if d is None else MarginalDifference(
                value=float(d.value), means_more_risk=d.value > 0,
                interval=None if d.uncertainty is None else _interval(d.uncertainty.lower, d.uncertainty.upper),
                standard_error=None if d.uncertainty is None else d.uncertainty.standard_error,
                method=None if d.uncertainty is None else d.uncertainty.method),
            band=RiskBand.of(r.band), band_at_upper=RiskBand.of(r.band_at_upper),
            measured_through=[MeasuredThrough(strength=link.strength, record_iri=link.record,
                                              benchmark_iri=link.benchmark) for link in r.links],
            benchmark_iri=r.benchmark,
        )  # fmt: skip


@strawberry.type(description="An AI 800-1 practice a band calls on.")
class PracticeCall:
    why: str = strawberry.field(description="Why the band points at it (ontology/risk-band-guidance.tsv; ours)")
    risk_strength: int | None = strawberry.field(description="Strength of the curated record mapping it to the risk")
    practice_iri: strawberry.Private[str]
    revised_iris: strawberry.Private[list[str]]

    @strawberry.field
    async def practice(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.practice_iri)

    @strawberry.field(description="The second public draft's revisions of the practice.")
    async def revised_in(self, info: Info[Context, None]) -> list[Element]:
        return await Element.load_many(info, self.revised_iris)


@strawberry.type(description="An AI 600-1 action a band calls on, tagged with the risk.")
class ActionCall:
    relationship: str
    action_iri: strawberry.Private[str]
    practice_iri: strawberry.Private[str]

    @strawberry.field
    async def action(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.action_iri)

    @strawberry.field(description="The band's practice whose curated record links the action.")
    async def through_practice(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.practice_iri)


@strawberry.type(description="What a band calls on for one risk.")
class BandGuidance:
    band: RiskBand
    practices: list[PracticeCall]
    actions: list[ActionCall]

    @classmethod
    def of(cls, g: engine_mr.Guidance) -> BandGuidance:
        band = RiskBand.of(g.band)
        assert band is not None
        return cls(
            band=band,
            practices=[PracticeCall(why=p.why, risk_strength=p.risk_strength, practice_iri=p.practice,
                                    revised_iris=p.revised_in) for p in g.practices],
            actions=[ActionCall(relationship=a.relationship, action_iri=a.action, practice_iri=a.practice)
                     for a in g.actions],
        )  # fmt: skip


@strawberry.type(description="One band of the organization's thresholds for the risk: [lower, upper).")
class ThresholdBand:
    band: RiskBand
    lower: float | None = strawberry.field(description="Inclusive; none: no lower bound")
    upper: float | None = strawberry.field(description="Exclusive; none: no upper bound")
    metric: str | None = strawberry.field(description="Only for this metric; none: every metric without its own")


@strawberry.type(description="Marginal risk for one AI 600-1 risk.")
class RiskMarginal:
    label: str
    band: RiskBand | None = strawberry.field(description="The most severe band of its current results")
    thresholds: list[ThresholdBand]
    results: list[MarginalResult] = strawberry.field(description="Results with a baseline")
    without_baseline: list[MarginalResult] = strawberry.field(description="Results measured without a baseline")
    calls_on: list[BandGuidance] = strawberry.field(description="For each band its results fall in, what to do")
    risk_iri: strawberry.Private[str]

    @strawberry.field
    async def risk(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.risk_iri)

    @classmethod
    def of(cls, m: engine_mr.RiskMarginal) -> RiskMarginal:
        guidance = sorted(m.guidance.values(), key=lambda g: -g.band.severity)
        return cls(
            label=m.label, band=RiskBand.of(m.band),
            thresholds=[ThresholdBand(band=RiskBand.of(t.band), lower=_f(t.lower), upper=_f(t.upper),  # type: ignore[arg-type]
                                      metric=t.metric) for t in m.thresholds],
            results=[MarginalResult.of(r) for r in m.compared],
            without_baseline=[MarginalResult.of(r) for r in m.without_baseline],
            calls_on=[BandGuidance.of(g) for g in guidance], risk_iri=m.risk,
        )  # fmt: skip


@strawberry.type
class MarginalRiskQueries:
    @strawberry.field(
        description="Per AI 600-1 risk: the organization's benchmark results, their baselines, the differences "
        "(positive means more risk), the band its thresholds put them in and the AI 800-1 practices and AI 600-1 "
        "actions the band calls on; results measured without a baseline are listed as such. Filter by model name "
        "and by risk (label, id, CURIE or IRI)."
    )
    def marginal_risk(
        self, info: Info[Context, None], org: str, model: str | None = None, risk: str | None = None
    ) -> list[RiskMarginal]:
        found = engine_mr.MarginalRisk(info.context.engine).compute(info.context.require("read", org), model, risk)
        return [RiskMarginal.of(m) for m in found]
