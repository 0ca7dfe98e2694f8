"""The GraphQL schema: frameworks, versions, elements, their tree, mappings and search."""

from __future__ import annotations

import time
from typing import Annotated

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import AddValidationRules, MaskErrors, MaxTokensLimiter, ParserCache, ValidationCache
from strawberry.extensions.max_aliases import create_validator as alias_limit
from strawberry.extensions.query_depth_limiter import create_validator as depth_limit
from strawberry.types import ExecutionContext, Info

from crosswalk.content import namespaces as ns
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.accounts import AccessDenied
from crosswalk.engine.mapping_index import DEFAULT_MAX_HOPS
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.crosswalk_types import (
    CrosswalkHit,
    CrosswalkMatrix,
    EditionDiffResult,
    MatrixCell,
)
from crosswalk.surfaces.graphql.evidence_api import EvidenceQueries
from crosswalk.surfaces.graphql.evidence_mutations import Mutation
from crosswalk.surfaces.graphql.marginal_risk_api import MarginalRiskQueries
from crosswalk.surfaces.graphql.readiness_api import ReadinessQueries
from crosswalk.surfaces.graphql.reference_api import ReferenceQueries
from crosswalk.surfaces.graphql.security_api import SecurityQueries
from crosswalk.surfaces.graphql.selection import asks
from crosswalk.surfaces.graphql.suggestion_api import SuggestionMutations, SuggestionQueries
from crosswalk.surfaces.graphql.types import Element, ElementConnection, Mapping, element_now
from crosswalk.surfaces.graphql.values import encode_cursor, page_bounds
from crosswalk.surfaces.graphql.versions import Framework, FrameworkVersion, MappingConnection, MappingSet

MAX_DEPTH = 12
MAX_TOKENS = 4000
MAX_ALIASES = 40
MAX_SEARCH = 200
CROSSWALK_BUDGET_SECONDS = 5.0  # one crosswalk or matrix request; past it the caller is told to ask less
EXPECTED_ERRORS = (LookupError, ValueError, AccessDenied)
CACHED_QUERIES = 256  # distinct query texts whose parsed document and validation are kept


@strawberry.type
class Query(
    EvidenceQueries, ReferenceQueries, ReadinessQueries, SecurityQueries, MarginalRiskQueries, SuggestionQueries
):
    @strawberry.field(description="Every framework with its versions.")
    def frameworks(self, info: Info[Context, None]) -> list[Framework]:
        by_framework: dict[str, Framework] = {}
        for record in info.context.loaders.cache.versions():
            framework = by_framework.setdefault(
                record.framework_id,
                Framework(id=record.framework_id, iri=record.framework_iri, title=record.framework_title, versions=[]),
            )
            framework.versions.append(FrameworkVersion(record=record))
        return list(by_framework.values())

    @strawberry.field(description="One framework version by id, e.g. 'ai-rmf/1.0' or 'ai-800-1/2pd'.")
    def framework_version(self, info: Info[Context, None], id: str) -> FrameworkVersion:
        engine = info.context.engine
        records = info.context.loaders.cache.versions([engine.reference.version_iri(id)])
        if not records:
            raise LookupError(f"framework version {id!r} is registered but not loaded; run `crosswalk load`")
        return FrameworkVersion(record=records[0])

    @strawberry.field(
        description="An element by IRI, CURIE (airmf:GV-1.1), id or notation ('GOVERN 1.1', 'GV-1.1-001', "
        "'PW.3.1', '5.2.1'); pass version when a notation occurs in several versions."
    )
    def element(self, info: Info[Context, None], id: str, version: str | None = None) -> Element | None:
        iri = info.context.engine.resolve(id, version)
        if asks("mappings", info.selected_fields):
            info.context.loaders.cache.prefetch_page(iri)  # the page in one read, not one per field
        return element_now(info, iri)

    @strawberry.field(description="Several elements at once, in the order asked.")
    async def elements(self, info: Info[Context, None], ids: list[str], version: str | None = None) -> list[Element]:
        if len(ids) > 500:
            raise ValueError("at most 500 ids per request")
        engine = info.context.engine
        return await Element.load_many(info, [engine.resolve(key, version) for key in ids])

    @strawberry.field(description="A version's tree: its top-level elements, paginated; nest children for depth.")
    async def tree(
        self, info: Info[Context, None], version: str, first: int = 50, after: str | None = None
    ) -> ElementConnection:
        engine = info.context.engine
        records = info.context.loaders.cache.versions([engine.reference.version_iri(version)])
        if not records:
            raise LookupError(f"framework version {version!r} is not loaded")
        return await FrameworkVersion(record=records[0]).tree(info, first, after)

    @strawberry.field(description="Elements whose notation, id, label or statement contains the text.")
    async def search(
        self, info: Info[Context, None], text: str, version: str | None = None, first: int = 20
    ) -> list[Element]:
        if not text.strip():
            raise ValueError("search text must not be empty")
        if len(text) > 200:
            raise ValueError("search text is limited to 200 characters")
        if not 1 <= first <= MAX_SEARCH:
            raise ValueError(f"first must be between 1 and {MAX_SEARCH}")
        engine = info.context.engine
        version_iri = engine.reference.version_iri(version) if version else None
        return await Element.load_many(info, engine.reference.search(text.strip(), version_iri)[:first])

    @strawberry.field(
        description="Elements of a version that no element of another version maps to, e.g. the AI RMF "
        "subcategories no AI 800-1 item touches (no-relationship records do not count)."
    )
    async def untouched(
        self, info: Info[Context, None], version: str, by: str, kind: str | None = None
    ) -> list[Element]:
        engine = info.context.engine
        iris = engine.reference.untouched(engine.reference.version_iri(version), engine.reference.version_iri(by), kind)
        return await Element.load_many(info, iris)

    @strawberry.field(
        description="Elements whose curated applicability to a release type (open-weight, api, closed) is one of "
        "the given values (default: applies or partial)."
    )
    async def release_fit(
        self,
        info: Info[Context, None],
        release_type: str,
        version: str = "ai-800-1",
        applicability: list[str] | None = None,
    ) -> list[Element]:
        vocab = vocabulary()
        release = vocab.concept("release-type", release_type)
        if release is None:
            raise ValueError(f"unknown release type {release_type!r}; expected open-weight, api or closed")
        values = applicability or ["applies", "partial"]
        concepts = [vocab.concept("applicability", value) for value in values]
        if None in concepts:
            raise ValueError("applicability values are applies, partial and not-applicable")
        engine = info.context.engine
        iris = engine.reference.by_applicability(
            engine.reference.version_iri(version), release, [c for c in concepts if c]
        )
        return await Element.load_many(info, iris)

    @strawberry.field(
        description="Everything an element corresponds to in another framework within maxHops records, asserted "
        "or derived by the chain rules, each with its composed relationship, weakest strength and every path."
    )
    def crosswalk(
        self,
        info: Info[Context, None],
        from_: Annotated[str, strawberry.argument(name="from")],
        to_framework: str,
        max_hops: int = DEFAULT_MAX_HOPS,
        version: str | None = None,
    ) -> list[CrosswalkHit]:
        engine = info.context.engine
        start = engine.resolve(from_, version)
        deadline = time.monotonic() + CROSSWALK_BUDGET_SECONDS
        results = engine.mapping_index.crosswalk(start, to_framework, max_hops, deadline)
        return [CrosswalkHit.of(result) for result in results]

    @strawberry.field(
        description="Every element of a version (rows) against a framework (columns): the strongest relationship "
        "per pair, within maxHops. For tables and heatmaps."
    )
    def matrix(
        self,
        info: Info[Context, None],
        from_version: str,
        to_framework: str,
        max_hops: int = DEFAULT_MAX_HOPS,
        kinds: list[str] | None = None,
    ) -> CrosswalkMatrix:
        engine = info.context.engine
        rows = engine.reference.version_element_iris(engine.reference.version_iri(from_version), kinds)
        cells = engine.mapping_index.matrix(rows, to_framework, max_hops, CROSSWALK_BUDGET_SECONDS)
        columns = sorted({column for _, column in cells})
        return CrosswalkMatrix(
            cells=[
                MatrixCell(
                    row=row,
                    column=column,
                    relationship=r.relationship,
                    strength=r.strength,
                    derived=r.derived,
                    hops=r.hops,
                )
                for (row, column), r in cells.items()
            ],
            row_iris=rows,
            column_iris=columns,
        )

    @strawberry.field(description="What was added, removed, renumbered or reworded between two versions.")
    def diff(self, info: Info[Context, None], from_version: str, to_version: str) -> EditionDiffResult:
        return EditionDiffResult.of(from_version, to_version, info.context.engine.diff(from_version, to_version))

    @strawberry.field
    def mapping_sets(self, info: Info[Context, None]) -> list[MappingSet]:
        return [MappingSet.of(record) for record in info.context.engine.reference.mapping_sets()]

    @strawberry.field(description="Mapping records, of one set or all, in file order, paginated.")
    async def mappings(
        self, info: Info[Context, None], set: str | None = None, first: int = 100, after: str | None = None
    ) -> MappingConnection:
        start, end = page_bounds(first, after)
        engine = info.context.engine
        set_iris = None
        if set is not None:
            known = {record.id: record.iri for record in engine.reference.mapping_sets()}
            if set not in known:
                raise LookupError(f"unknown mapping set {set!r}; known: {', '.join(sorted(known))}")
            set_iris = [known[set]]
        iris = engine.reference.mapping_iris_in_sets(set_iris)
        records = await info.context.loaders.mapping.load_many(iris[start:end])
        return MappingConnection(
            items=[Mapping(record=r) for r in records if r is not None],
            total_count=len(iris),
            next_cursor=encode_cursor(end) if end < len(iris) else None,
        )


def _unexpected(error: GraphQLError) -> bool:
    return error.original_error is not None and not isinstance(error.original_error, EXPECTED_ERRORS)


class CrosswalkSchema(strawberry.Schema):
    """Logs only unexpected errors: an unknown id or a bad argument is the caller's, and is answered, not logged."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        unexpected = [e for e in errors if not isinstance(e.original_error, EXPECTED_ERRORS)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


@strawberry.type
class Mutations(Mutation, SuggestionMutations):
    """Organizations' evidence and the curators' review of suggestions."""


# QueryDepthLimiter's and MaxAliasesLimiter's rules, built once: validation is cached per query text and rules,
# and those extensions build new rules for every request (validating cost a quarter of answering a tree).
LIMIT_RULES: list[type[ASTValidationRule]] = [depth_limit(MAX_DEPTH, None), alias_limit(MAX_ALIASES)]


class Limits(AddValidationRules):
    """The depth and alias limits of every operation."""

    def __init__(self) -> None:
        super().__init__(LIMIT_RULES)


schema = CrosswalkSchema(
    query=Query,
    mutation=Mutations,
    extensions=[
        Limits,
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ParserCache(maxsize=CACHED_QUERIES),
        lambda: ValidationCache(maxsize=CACHED_QUERIES),
        # An unexpected error is logged (process_errors) and answered as "Unexpected error.", never with its text.
        lambda: MaskErrors(should_mask_error=_unexpected),
    ],
)

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_TOKENS", "ns", "schema"]
