"""How ready the standards base is for each AI 800-1 practice, read through NIST AI 100-5's tiers, and an
organization's AI 800-1 coverage grouped by that readiness.

A practice's readiness is the least ready tier (4.1 ready, 4.2 more scientific work, 4.3 foundational work) among
the AI 100-5 topics and sub-topics its curated is-supported-by records depend on (named query
800-1-practice-readiness). A practice with no such record has no tier: the graph says nothing about its standards base.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from crosswalk.content.frameworks import find_version
from crosswalk.engine import coverage
from crosswalk.engine.read_models import Engine
from crosswalk.store.base import Row, Term, values_of

READINESS_QUERY = "800-1-practice-readiness"
READINESS_VERSION = "ai-800-1/ipd"  # the version whose practices the AI 100-5 records are curated for
TIERS = ("4.1", "4.2", "4.3")


@dataclass(frozen=True)
class Dependency:
    """One curated record from a practice to an AI 100-5 topic or sub-topic, with the tier it sits in."""

    record: str
    target: str
    target_id: str
    topic: str
    topic_title: str
    tier: str
    tier_title: str
    readiness_class: str | None
    readiness_statement: str | None  # NIST's wording for a sub-topic; none for a topic-level record
    strength: int | None

    @property
    def wording(self) -> str:
        """NIST's readiness wording: the sub-topic's, else the tier's title (a topic-level record)."""
        return self.readiness_statement or self.tier_title


@dataclass
class PracticeReadiness:
    element: str
    notation: str
    least_ready_tier: str | None
    least_ready_tier_title: str | None
    dependencies: list[Dependency] = field(default_factory=list)

    @property
    def limiting(self) -> list[Dependency]:
        """The dependencies on the least ready tier: the ones that set the practice's readiness."""
        return [d for d in self.dependencies if d.tier == self.least_ready_tier]


def from_rows(rows: Iterable[Row]) -> list[PracticeReadiness]:
    """Group the named query's rows (one per practice and dependency) into one readiness per practice, in order."""
    practices: dict[str, PracticeReadiness] = {}
    for row in rows:
        value = values_of(row)
        element = value["practiceElement"]
        practice = practices.setdefault(
            element,
            PracticeReadiness(
                element=element,
                notation=value["practice"],
                least_ready_tier=value.get("leastReadyTier"),
                least_ready_tier_title=value.get("leastReadyTierTitle"),
            ),
        )
        if "record" in value:
            practice.dependencies.append(
                Dependency(
                    record=value["record"],
                    target=value["target"],
                    target_id=value["targetId"],
                    topic=value["topic"],
                    topic_title=value["topicTitle"],
                    tier=value["tier"],
                    tier_title=value["tierTitle"],
                    readiness_class=value.get("readinessClass"),
                    readiness_statement=value.get("readinessStatement"),
                    strength=int(value["strength"]) if "strength" in value else None,
                )
            )
    return list(practices.values())


def practice_readiness(engine: Engine, bindings: Mapping[str, Sequence[Term]] | None = None) -> list[PracticeReadiness]:
    return from_rows(engine.named(READINESS_QUERY, bindings))


@dataclass
class TierCoverage:
    """The coverage of the practices whose least ready AI 100-5 tier is ``tier`` (None: no AI 100-5 record)."""

    tier: str | None
    title: str | None
    score: coverage.GroupScore
    elements: list[coverage.ElementCoverage] = field(default_factory=list)


def coverage_by_tier(engine: Engine, org: str, framework: str, today: dt.date | None = None) -> list[TierCoverage]:
    """An organization's coverage of AI 800-1 (ipd), grouped by the readiness tier of each practice's topics."""
    if find_version(framework).key != READINESS_VERSION:
        raise ValueError(f"readiness tiers are curated for {READINESS_VERSION} practices only, not {framework!r}")
    report = coverage.compute(engine, org, framework, today)
    readiness = {p.element: p for p in practice_readiness(engine)}
    groups: dict[str | None, TierCoverage] = {}
    for element in report.elements:
        known = readiness.get(element.element)
        tier = known.least_ready_tier if known else None
        group = groups.get(tier)
        if group is None:
            title = known.least_ready_tier_title if known else None
            group = groups[tier] = TierCoverage(tier, title, coverage.GroupScore(tier or "none"))
        group.score.add(element.status)
        group.elements.append(element)
    order = {tier: position for position, tier in enumerate(TIERS)}
    return sorted(groups.values(), key=lambda g: order.get(g.tier or "", len(TIERS)))
