"""What a suggestion is, apart from how it is ranked: the GraphQL types and the review queue read these without
loading the ranker (and numpy) into a service that never suggests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    kind: str  # shared-terms, chain, neighbour
    text: str
    weight: float  # this signal's share of the score
    records: tuple[str, ...] = ()  # mapping records it rests on
    terms: tuple[str, ...] = ()  # the words shared (shared-terms)


@dataclass
class Suggestion:
    subject: str
    target: str
    score: float
    rank: int
    reasons: list[Reason]
