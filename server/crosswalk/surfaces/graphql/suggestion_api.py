"""GraphQL for mapping suggestions and their review: suggestMappings (anyone: computed from public content), the
review queue (curators: pending suggestions with reasons, paged, with every decision) and the curators' mutations
(queue, accept, reject, defer), each checking the site action review-mappings first."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from crosswalk.content.frameworks import find_version
from crosswalk.engine.read_models import MAX_SUGGESTIONS
from crosswalk.engine.suggest.accepted_row import DEFAULT_LICENSE, SET_LICENSES, Acceptance
from crosswalk.engine.suggest.queue import STATUSES, Decision, QueuedSuggestion
from crosswalk.engine.suggest.results import Reason, Suggestion
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.types import Element
from crosswalk.surfaces.graphql.values import encode_cursor, page_bounds

REVIEW = "review-mappings"


@strawberry.type(description="Why a candidate ranks where it does: shared terms, a chain of records, a neighbour.")
class SuggestionReason:
    kind: str
    text: str
    weight: float = strawberry.field(description="This signal's share of the score.")
    records: list[str] = strawberry.field(description="IRIs of the mapping records it rests on.")
    terms: list[str]

    @classmethod
    def of(cls, reason: Reason) -> SuggestionReason:
        return cls(
            kind=reason.kind,
            text=reason.text,
            weight=reason.weight,
            records=list(reason.records),
            terms=list(reason.terms),
        )


@strawberry.type(description="A ranked candidate target (computed now; not a record, counts nowhere).")
class MappingSuggestion:
    rank: int
    score: float
    reasons: list[SuggestionReason]
    suggestion: strawberry.Private[Suggestion]

    @strawberry.field
    async def subject(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.suggestion.subject)

    @strawberry.field
    async def target(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.suggestion.target)


@strawberry.type(description="A curator's decision: who, when, accept/reject/defer, why.")
class SuggestionDecision:
    action: str
    agent: str
    method: str
    at: str
    reason: str | None
    record: str | None

    @classmethod
    def of(cls, d: Decision) -> SuggestionDecision:
        return cls(action=d.action, agent=d.agent, method=d.method, at=d.at, reason=d.reason, record=d.record)


@strawberry.type(description="A suggestion in the review queue (provenance suggested; status pending until decided).")
class QueuedMappingSuggestion:
    id: str
    set: str
    score: float
    status: str
    created: str
    reasons: list[str]
    accepted_as: str | None
    decisions: list[SuggestionDecision]
    item: strawberry.Private[QueuedSuggestion]

    @strawberry.field
    async def subject(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.item.subject)

    @strawberry.field
    async def target(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.item.target)

    @classmethod
    def of(cls, item: QueuedSuggestion, decisions: list[Decision]) -> QueuedMappingSuggestion:
        return cls(
            id=item.id,
            set=item.set_id,
            score=item.score,
            status=item.status,
            created=item.created,
            reasons=sorted(item.reasons),
            accepted_as=item.accepted_as,
            decisions=[SuggestionDecision.of(d) for d in decisions],
            item=item,
        )


@strawberry.type
class SuggestionConnection:
    items: list[QueuedMappingSuggestion]
    total_count: int
    next_cursor: str | None


@strawberry.type
class AcceptedSuggestion:
    suggestion: QueuedMappingSuggestion
    record: str = strawberry.field(description="IRI of the mapping record written.")
    file: str = strawberry.field(description="The SSSOM TSV the row was appended to (its name).")


def _queued(info: Info[Context, None], item: QueuedSuggestion) -> QueuedMappingSuggestion:
    decisions = info.context.engine.review.queue.decisions([item.iri]).get(item.iri, [])
    return QueuedMappingSuggestion.of(item, decisions)


def _first(first: int) -> int:
    """``first`` checked here, where its name is the one the caller wrote (the engine calls it top)."""
    if not 1 <= first <= MAX_SUGGESTIONS:
        raise ValueError(f"first must be between 1 and {MAX_SUGGESTIONS}")
    return first


@strawberry.type
class SuggestionQueries:
    @strawberry.field(
        description="Ranked candidate targets in another version for an element, each with its score and reasons "
        "(shared terms, chains through existing records, neighbours' records). Computed offline from the store."
    )
    def suggest_mappings(
        self,
        info: Info[Context, None],
        element: str,
        to_version: str,
        first: int = 10,
        version: str | None = None,
        kinds: list[str] | None = None,
    ) -> list[MappingSuggestion]:
        ranked = info.context.engine.suggest(element, to_version, _first(first), kinds, version)
        return [
            MappingSuggestion(
                rank=s.rank, score=s.score, reasons=[SuggestionReason.of(r) for r in s.reasons], suggestion=s
            )
            for s in ranked
        ]

    @strawberry.field(description="The review queue (curators): suggestions of a status, by set, paged.")
    def suggestion_queue(
        self,
        info: Info[Context, None],
        set: str | None = None,
        status: str = "pending",
        first: int = 50,
        after: str | None = None,
    ) -> SuggestionConnection:
        info.context.principal.require(REVIEW)
        if status not in STATUSES:
            raise ValueError(f"status is one of {', '.join(STATUSES)}")
        start, end = page_bounds(first, after)
        review = info.context.engine.review
        items = review.queue.find([status], None if set is None else [review.set_iri(set)])
        page = items[start:end]
        decisions = review.queue.decisions([i.iri for i in page])
        return SuggestionConnection(
            items=[QueuedMappingSuggestion.of(i, decisions.get(i.iri, [])) for i in page],
            total_count=len(items),
            next_cursor=encode_cursor(end) if end < len(items) else None,
        )


@strawberry.type
class SuggestionMutations:
    @strawberry.mutation(
        description="Queue suggestions for review (curators): the top candidates for every element "
        "of fromVersion (or one element) toward toVersion, for a set; returns the new ids."
    )
    def queue_suggestions(
        self,
        info: Info[Context, None],
        from_version: str,
        to_version: str,
        first: int = 3,
        element: str | None = None,
        set: str | None = None,
        kinds: list[str] | None = None,
    ) -> list[str]:
        info.context.principal.require(REVIEW)
        engine = info.context.engine
        source, target = find_version(from_version), find_version(to_version)
        chosen = engine.review.pick_set(source.iri, target.iri, set)
        if element is not None:
            ranked = engine.suggest(element, target.key, _first(first), kinds, source.key)
        else:
            ranked = [
                s
                for group in engine.suggest_version(source.key, target.key, _first(first), kinds).values()
                for s in group
            ]
        return engine.review.enqueue(chosen, ranked, info.context.agent)

    @strawberry.mutation(
        description="Accept a suggestion (curators): a full IR 8477 row appended to its set's SSSOM "
        "TSV and the record written into the store; chains and coverage count it from now on. `license` is that of a "
        f"set this acceptance starts ({', '.join(SET_LICENSES)} or an http(s) IRI; default {DEFAULT_LICENSE}); an "
        "existing set keeps its own."
    )
    def accept_suggestion(
        self,
        info: Info[Context, None],
        id: str,
        relationship: str,
        explanation: str,
        strength: int | None = None,
        rationale: str | None = None,
        style: str | None = None,
        property: str | None = None,
        author: str | None = None,
        comment: str | None = None,
        license: str | None = None,
    ) -> AcceptedSuggestion:
        info.context.principal.require(REVIEW)
        choice = Acceptance(relationship, explanation, strength, rationale, style, property, author, comment, license)
        item, record, path = info.context.engine.review.accept(id, choice, info.context.agent)
        return AcceptedSuggestion(suggestion=_queued(info, item), record=record, file=path.name)

    @strawberry.mutation(description="Reject a suggestion with a reason (curators); it is not suggested again.")
    def reject_suggestion(self, info: Info[Context, None], id: str, reason: str) -> QueuedMappingSuggestion:
        info.context.principal.require(REVIEW)
        return _queued(info, info.context.engine.review.reject(id, reason, info.context.agent))

    @strawberry.mutation(description="Defer a suggestion with a reason (curators); it stays open, status deferred.")
    def defer_suggestion(self, info: Info[Context, None], id: str, reason: str) -> QueuedMappingSuggestion:
        info.context.principal.require(REVIEW)
        return _queued(info, info.context.engine.review.defer(id, reason, info.context.agent))
