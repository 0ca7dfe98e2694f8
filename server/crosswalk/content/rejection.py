"""One shape for every "the input does not validate, nothing was written" error: loads, imports, evidence."""

from __future__ import annotations

from typing import Generic, TypeVar

P = TypeVar("P")
SHOWN = 50


class Rejected(Exception, Generic[P]):
    """All problems of the input, the first fifty in the message; ``outcome`` says what was left untouched."""

    outcome = "nothing was written"

    def __init__(self, problems: list[P]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:SHOWN])
        more = f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        super().__init__(f"{len(problems)} problem(s); {self.outcome}:\n{shown}{more}")
