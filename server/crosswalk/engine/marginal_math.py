"""The marginal difference of a benchmark result over its baseline, its uncertainty, and its band.

Orientation: ``difference = model - baseline`` when a higher score is riskier, ``baseline - model`` when a higher
score is safer, so a positive difference always means the model adds risk over the baseline.

Uncertainty, in this order (the first rule whose inputs both sides have):
1. both sides give an interval: interval arithmetic, [lo_m - hi_b, hi_m - lo_b] before orientation (conservative:
   the widths add up);
2. both sides give a sample size on a bounded scale (proportion, percent): each side's standard error
   sqrt(p(1-p)/n), p as a proportion, combined as sqrt(se_m^2 + se_b^2), and the difference +/- 1.96 x that (a 95%
   normal approximation; it is degenerate at p = 0 or 1);
3. one side gives an interval and the other a sample size on a bounded scale: that side's 95% interval
   p +/- 1.96 sqrt(p(1-p)/n) (clipped to the scale), then rule 1;
otherwise the difference has no uncertainty (one side alone is never enough).
Arithmetic on the scores is decimal (so 0.981 - 0.95 is 0.031, and bands compare exactly); standard errors are floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

Z95 = Decimal("1.96")
RISKIER = "higher-is-riskier"


@dataclass(frozen=True)
class Side:
    score: Decimal
    lower: Decimal | None = None
    upper: Decimal | None = None
    sample_size: int | None = None

    def interval(self) -> tuple[Decimal, Decimal] | None:
        return (self.lower, self.upper) if self.lower is not None and self.upper is not None else None


@dataclass(frozen=True)
class Uncertainty:
    lower: Decimal
    upper: Decimal
    method: str  # intervals, sample sizes, interval and sample size
    standard_error: float | None = None


@dataclass(frozen=True)
class Difference:
    value: Decimal
    uncertainty: Uncertainty | None


def _se(side: Side, maximum: Decimal) -> float | None:
    if side.sample_size is None:
        return None
    p = float(side.score / maximum)
    return math.sqrt(max(p * (1 - p), 0.0) / side.sample_size) * float(maximum)


def _q(value: float) -> Decimal:
    return Decimal(repr(round(value, 6)))


def _wald(side: Side, bounds: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal] | None:
    se = _se(side, bounds[1])
    if se is None:
        return None
    half = Z95 * _q(se)
    return max(bounds[0], side.score - half), min(bounds[1], side.score + half)


def difference(model: Side, baseline: Side, direction: str, bounds: tuple[float, float] | None) -> Difference:
    sign = 1 if direction == RISKIER else -1
    value = sign * (model.score - baseline.score)
    scale = (Decimal(repr(bounds[0])), Decimal(repr(bounds[1]))) if bounds else None
    m_int, b_int = model.interval(), baseline.interval()
    method = "intervals"
    if scale and not (m_int and b_int):
        if m_int is None and b_int is None and model.sample_size and baseline.sample_size:
            se_m, se_b = _se(model, scale[1]), _se(baseline, scale[1])
            se = math.sqrt((se_m or 0.0) ** 2 + (se_b or 0.0) ** 2)
            half = Z95 * _q(se)
            return Difference(value, Uncertainty(value - half, value + half, "sample sizes", round(se, 6)))
        m_int = m_int or _wald(model, scale)
        b_int = b_int or _wald(baseline, scale)
        method = "interval and sample size"
    if m_int is None or b_int is None:
        return Difference(value, None)
    low, high = m_int[0] - b_int[1], m_int[1] - b_int[0]
    if sign < 0:
        low, high = -high, -low
    return Difference(value, Uncertainty(low, high, method))


@dataclass(frozen=True)
class Bounds:
    band: str
    lower: Decimal | None  # inclusive
    upper: Decimal | None  # exclusive

    def holds(self, value: Decimal) -> bool:
        return (self.lower is None or value >= self.lower) and (self.upper is None or value < self.upper)


def band_of(value: Decimal, bands: list[Bounds]) -> str | None:
    for bounds in bands:
        if bounds.holds(value):
            return bounds.band
    return None
