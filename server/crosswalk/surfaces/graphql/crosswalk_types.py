"""GraphQL types of the crosswalk engine: inferred crosswalks with their paths, matrices and edition diffs."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from crosswalk.engine.edition_diff import Change, EditionDiff
from crosswalk.engine.mapping_index import CrosswalkResult, Step
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.types import Element, Mapping
from crosswalk.surfaces.graphql.values import Direction, Relationship


@strawberry.type(description="One asserted record on a path, read in the direction walked.")
class PathStep:
    position: int
    direction: Direction
    relationship: Relationship
    step: strawberry.Private[Step]

    @strawberry.field
    async def mapping(self, info: Info[Context, None]) -> Mapping | None:
        record = await info.context.loaders.mapping.load(self.step.record)
        return Mapping(record=record) if record else None

    @strawberry.field(description="The element the step arrives at.")
    async def reaches(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.step.target)


@strawberry.type
class CrosswalkPath:
    steps: list[PathStep]


@strawberry.type(description="An element reached from the start, with the composed relationship and every path.")
class CrosswalkHit:
    relationship: Relationship
    strength: int | None = strawberry.field(description="The weakest strength on the strongest path, where known.")
    derived: bool = strawberry.field(description="True when no single asserted record states it.")
    hops: int
    paths: list[CrosswalkPath]
    result: strawberry.Private[CrosswalkResult]

    @strawberry.field
    async def target(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.result.target)

    @classmethod
    def of(cls, result: CrosswalkResult) -> CrosswalkHit:
        paths = [
            CrosswalkPath(
                steps=[
                    PathStep(
                        position=position,
                        direction=Direction.FROM if step.forward else Direction.TO,
                        relationship=Relationship.of(step.relationship_iri),
                        step=step,
                    )
                    for position, step in enumerate(path, start=1)
                ]
            )
            for path in result.paths
        ]
        return cls(
            relationship=Relationship.of(result.relationship_iri),
            strength=result.strength,
            derived=result.derived,
            hops=result.hops,
            paths=paths,
            result=result,
        )


@strawberry.type(description="The strongest relationship between a row element and a column element.")
class MatrixCell:
    row: str = strawberry.field(description="IRI of the row element")
    column: str = strawberry.field(description="IRI of the column element")
    relationship: str = strawberry.field(description="IR 8477 relationship notation, read from row to column")
    strength: int | None
    derived: bool
    hops: int


@strawberry.type(description="All elements of one version against another framework; rows and columns as elements.")
class CrosswalkMatrix:
    cells: list[MatrixCell]
    row_iris: strawberry.Private[list[str]]
    column_iris: strawberry.Private[list[str]]

    @strawberry.field
    async def rows(self, info: Info[Context, None]) -> list[Element]:
        return await Element.load_many(info, self.row_iris)

    @strawberry.field(description="The column elements that have at least one cell.")
    async def columns(self, info: Info[Context, None]) -> list[Element]:
        return await Element.load_many(info, self.column_iris)


@strawberry.type(description="An item matched across two editions and how it changed.")
class EditionChange:
    basis: str = strawberry.field(
        description="revision link, version mapping, same notation, same title, or text similarity"
    )
    kinds: list[str] = strawberry.field(description="renumbered, reworded, merged, wording unknown, or unchanged")
    similarity: float | None
    change: strawberry.Private[Change]

    @strawberry.field(name="from")
    async def from_(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.change.old.iri)

    @strawberry.field
    async def to(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.change.new.iri)


@strawberry.type(description="What changed between two versions of a framework.")
class EditionDiffResult:
    from_version: str
    to_version: str
    changed: list[EditionChange]
    unchanged_count: int
    result: strawberry.Private[EditionDiff]

    @strawberry.field
    async def added(self, info: Info[Context, None]) -> list[Element]:
        return await Element.load_many(info, [item.iri for item in self.result.added])

    @strawberry.field
    async def removed(self, info: Info[Context, None]) -> list[Element]:
        return await Element.load_many(info, [item.iri for item in self.result.removed])

    @strawberry.field(
        description="Items whose fate the comparison cannot tell because one version is only partly known."
    )
    async def unknown(self, info: Info[Context, None]) -> list[Element]:
        return await Element.load_many(info, [item.iri for item in self.result.unknown])

    @classmethod
    def of(cls, from_version: str, to_version: str, result: EditionDiff) -> EditionDiffResult:
        changed = [c for c in result.changes if c.kinds != ["unchanged"]]
        return cls(
            from_version=from_version,
            to_version=to_version,
            changed=[EditionChange(basis=c.basis, kinds=c.kinds, similarity=c.similarity, change=c) for c in changed],
            unchanged_count=len(result.changes) - len(changed),
            result=result,
        )
