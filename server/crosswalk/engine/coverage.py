"""Coverage: for each assessable element of a framework, is it covered, partial, a gap, or not applicable to an
organization, and why.

The formula (also in the README):
- An element is *not applicable* when the organization's profile rules it out (none of its curated value-chain roles
  is the organization's, or it does not apply to any release type the organization uses) or when evidence marks it
  not applicable with a reason.
- Evidence counts when it is not retracted and not expired (expired evidence is reported as *stale*). Implemented
  evidence for X covers Y *fully* when X is Y, or X is equal, identical, equivalent or a superset of Y (or its
  parent); *partially* when X is a subset of Y, intersects it, supports it, or is a part of Y. Partially implemented
  evidence covers at most partially. Relationships are the asserted records and their chains (up to two hops,
  composed by ontology/chain-rules.tsv); *related to* and *no relationship* never count, and neither does a mapping
  whose (weakest) strength is below 4, i.e. "much more dissimilar" in the OLIR scale (unknown strengths count).
- Status: covered if any evidence covers fully; else partial if any covers partially; else gap.
- Score of a group: (covered + 0.5 x partial) / applicable elements.

Weaknesses are listed beside an element and never change its status or a score: a benchmark result that counts
for it but was measured without a baseline ("measured without a baseline": its marginal risk is unknown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import find_version
from crosswalk.engine.mapping_index import CrosswalkResult
from crosswalk.engine.read_models import Engine
from crosswalk.store.base import text_of

FULL = "covered"
PARTIAL = "partial"
LEVEL_OF_RELATIONSHIP = {
    "equal": FULL,
    "identical": FULL,
    "equivalent": FULL,
    "superset-of": FULL,
    "parent-child": FULL,
    "subset-of": PARTIAL,
    "intersects-with": PARTIAL,
    "supports": PARTIAL,
    "child-parent": PARTIAL,
}
LEVEL_OF_STATUS = {"implemented": FULL, "partially-implemented": PARTIAL}
RANK = {FULL: 2, PARTIAL: 1}
MIN_COUNTING_STRENGTH = 4
NO_BASELINE = "measured-without-baseline"


@dataclass
class Contribution:
    evidence_id: str
    evidence_title: str
    evidence_kind: str
    level: str  # covered or partial
    via: str  # direct, part of, or the composed IR 8477 relationship
    from_element: str  # the element the evidence was recorded against
    path: list[str] = field(default_factory=list)  # mapping record IRIs, in order
    valid_until: str | None = None


@dataclass
class Weakness:
    kind: str  # measured-without-baseline
    evidence_id: str
    reason: str


@dataclass
class ElementCoverage:
    element: str
    notation: str | None
    label: str | None
    status: str  # covered, partial, gap, not-applicable
    parent: str | None
    parent_notation: str | None
    grandparent_notation: str | None
    risks: list[str]
    roles: list[str]
    reason: str | None = None  # why not applicable
    contributions: list[Contribution] = field(default_factory=list)
    stale: list[Contribution] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)  # evidence ids with status planned
    order: int = 0
    weaknesses: list[Weakness] = field(default_factory=list)  # reported beside the element, never scored


@dataclass
class GroupScore:
    key: str
    applicable: int = 0
    covered: int = 0
    partial: int = 0
    gap: int = 0
    not_applicable: int = 0

    @property
    def score(self) -> float:
        return round((self.covered + 0.5 * self.partial) / self.applicable, 4) if self.applicable else 0.0

    def add(self, status: str) -> None:
        if status == "not-applicable":
            self.not_applicable += 1
            return
        self.applicable += 1
        setattr(self, status, getattr(self, status) + 1)


@dataclass
class CoverageReport:
    organization: str
    version: str
    elements: list[ElementCoverage]
    today: str
    selection: str | None = None  # the selection (IRI) the units were scoped to, if any

    def summary(self) -> GroupScore:
        total = GroupScore("all")
        for element in self.elements:
            total.add(element.status)
        return total

    def groups(self, by: str) -> list[GroupScore]:
        """by: parent (category, objective, practice), grandparent (function, group) or risk."""
        scores: dict[str, GroupScore] = {}
        for element in self.elements:
            keys = {
                "parent": [element.parent_notation or "-"],
                "grandparent": [element.grandparent_notation or element.parent_notation or "-"],
                "risk": element.risks or ["(no risk tag)"],
            }[by]
            for key in keys:
                scores.setdefault(key, GroupScore(key)).add(element.status)
        return sorted(scores.values(), key=lambda g: g.key)


class UnknownOrganization(LookupError):
    pass


def resolve_selection(engine: Engine, key: str, version_iri: str | None) -> tuple[str, str]:
    """A selection by IRI or by id ('moderate') within the version: (selection IRI, version IRI); LookupError lists
    the known ones, and an id several versions share needs the version."""
    rows = engine.named("api/selections")
    found = [r for r in rows if text_of(r, "selection") == key]
    if not found:
        found = [r for r in rows if text_of(r, "id") == key and version_iri in (None, text_of(r, "version"))]
    if len(found) != 1:
        known = ", ".join(f"{text_of(r, 'id')} ({text_of(r, 'version')})" for r in rows) or "none"
        what = "is ambiguous: name its version" if found else "is unknown"
        raise UnknownSelection(f"selection {key!r} {what}; known: {known}")
    return text_of(found[0], "selection") or "", text_of(found[0], "version") or ""


class UnknownSelection(LookupError):
    pass


def compute(
    engine: Engine, org: str, framework: str | None, today: dt.date | None = None, selection: str | None = None
) -> CoverageReport:
    """Coverage of a version's assessable elements; with ``selection`` (a baseline, a profile) only of its members
    (the framework may then be left out: it is the version the selection selects from)."""
    members: set[str] | None = None
    selection_iri = None
    if selection:
        wanted = find_version(framework).iri if framework else None
        selection_iri, version_iri = resolve_selection(engine, selection, wanted)
        bound = {"selection": [NamedNode(selection_iri)]}
        members = {text_of(r, "element") or "" for r in engine.named("api/selection-members", bound)}
        framework = version_iri
    if not framework:
        raise UnknownSelection("give a framework version or a selection")
    spec = find_version(framework)
    version_key = spec.key
    profile = engine.evidence.organization(org)
    if profile is None:
        raise UnknownOrganization(f"no organization {org!r}; import its evidence first (crosswalk evidence import)")
    day = (today or dt.date.today()).isoformat()
    unit_rows = engine.structure.units(spec.iri, [ns.ONTOLOGY + k for k in spec.assessed_kinds])
    units: dict[str, ElementCoverage] = {}
    for unit_row in unit_rows:
        element = text_of(unit_row, "element") or ""
        if members is not None and element not in members:
            continue
        roles = [r for r in (text_of(unit_row, "roles") or "").split("|") if r]
        releases = dict(pair.split("=", 1) for pair in (text_of(unit_row, "releases") or "").split("|") if "=" in pair)
        coverage = ElementCoverage(
            element=element,
            notation=text_of(unit_row, "notation"),
            label=text_of(unit_row, "label"),
            status="gap",
            parent=text_of(unit_row, "parent"),
            parent_notation=text_of(unit_row, "parentNotation"),
            grandparent_notation=text_of(unit_row, "grandparentNotation"),
            risks=sorted(r for r in (text_of(unit_row, "risks") or "").split("|") if r),
            roles=roles,
            order=int(text_of(unit_row, "order") or 0),
        )
        reason = _profile_rules_out(roles, releases, profile.roles, profile.release_types)
        if reason:
            coverage.status, coverage.reason = "not-applicable", reason
        units[element] = coverage

    rows = engine.evidence.support_rows(org)
    index = engine.mapping_index
    reach_cache: dict[str, list[CrosswalkResult]] = {}
    ancestors = engine.structure.ancestors({r["element"] for r in rows if "element" in r})
    for row in rows:
        recorded, status = row.get("element"), row.get("status")
        if not recorded or not status or row.get("retracted") == "true":
            continue
        item_id, valid_until = row.get("id") or "", row.get("validUntil")
        expired = valid_until is not None and valid_until < day

        def contribution(level: str, via: str, path: list[str], r: dict[str, str] = row) -> Contribution:
            return Contribution(
                evidence_id=r.get("id") or "",
                evidence_title=r.get("title") or "",
                evidence_kind=r.get("kind") or "",
                level=level,
                via=via,
                from_element=r.get("element") or "",
                path=path,
                valid_until=r.get("validUntil"),
            )

        if status == "not-applicable":
            if recorded in units and not expired:
                units[recorded].status = "not-applicable"
                units[recorded].reason = row.get("reason") or "marked not applicable"
            continue
        if status == "planned":
            if recorded in units:
                units[recorded].planned.append(item_id)
            continue
        evidence_level = LEVEL_OF_STATUS.get(status)
        if evidence_level is None:
            continue
        reached: list[tuple[str, str, str, list[str]]] = []  # (unit, level, via, path)
        if recorded in units:
            reached.append((recorded, FULL, "direct", []))
        for ancestor in ancestors.get(recorded, []):
            if ancestor in units:
                reached.append((ancestor, PARTIAL, "part of", []))
        if recorded not in reach_cache:
            reach_cache[recorded] = index.crosswalk(recorded, version_key, 2) if recorded in index.steps else []
        for result in reach_cache[recorded]:
            level = LEVEL_OF_RELATIONSHIP.get(result.relationship)
            weak = result.strength is not None and result.strength < MIN_COUNTING_STRENGTH
            if level and not weak and result.target in units and result.target != recorded:
                reached.append((result.target, level, result.relationship, [s.record for s in result.paths[0]]))
        unbaselined = row.get("kind") == "benchmark-result" and "baselineScore" not in row and not expired
        for unit, level, via, path in reached:
            final = level if RANK[level] <= RANK[evidence_level] else evidence_level
            bucket = units[unit].stale if expired else units[unit].contributions
            bucket.append(contribution(final, via, path))
            weaknesses = units[unit].weaknesses
            if unbaselined and all(w.evidence_id != item_id for w in weaknesses):
                weaknesses.append(Weakness(NO_BASELINE, item_id, "measured without a baseline: its marginal risk "
                                           "over existing technology is unknown"))  # fmt: skip

    for coverage in units.values():
        if coverage.status != "not-applicable":
            best = max((RANK[c.level] for c in coverage.contributions), default=0)
            coverage.status = {2: "covered", 1: "partial", 0: "gap"}[best]
    ordered = sorted(units.values(), key=lambda u: (u.grandparent_notation or "", u.parent_notation or "", u.order))
    return CoverageReport(org, version_key, ordered, day, selection_iri)


def _profile_rules_out(
    roles: list[str], releases: dict[str, str], org_roles: list[str], org_releases: list[str]
) -> str | None:
    if roles and org_roles and not set(roles) & set(org_roles):
        return f"carried out by {', '.join(roles)}; the organization is {', '.join(org_roles)}"
    if releases and org_releases:
        verdicts = [releases.get(release) for release in org_releases]
        if all(verdict == "not-applicable" for verdict in verdicts):
            return f"does not apply to {', '.join(org_releases)} releases (curated applicability)"
    return None


def reach(engine: Engine, element: str, max_hops: int = 2) -> list[tuple[str, str, str, int]]:
    """Everything evidence for ``element`` would cover in every framework: (target, level, relationship, hops)."""
    results = engine.mapping_index.crosswalk(element, None, max_hops) if element in engine.mapping_index.steps else []
    found = []
    for result in results:
        level = LEVEL_OF_RELATIONSHIP.get(result.relationship)
        if level and (result.strength is None or result.strength >= MIN_COUNTING_STRENGTH):
            found.append((result.target, level, result.relationship, result.hops))
    return sorted(found, key=lambda r: (-RANK[r[1]], r[3], r[0]))
