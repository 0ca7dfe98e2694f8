"""BM25 over weighted fields (BM25F-style: each field's term counts scaled by its weight before saturation).

The index is built once per candidate set (a target version and its kinds) and scores a query against every
document through posting lists, so one query costs the postings of its terms, not the size of the corpus.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

K1 = 1.2
B = 0.75


class BM25Index:
    def __init__(
        self,
        documents: Sequence[Mapping[str, float]],
        k1: float = K1,
        b: float = B,
        background: tuple[int, Mapping[str, int]] | None = None,
    ) -> None:
        """``documents``: weighted term frequencies, one mapping per document, in candidate order. ``background``:
        (size, document frequencies) of a larger collection to take the idf from, when the candidates are few."""
        self.size = len(documents)
        lengths = [sum(doc.values()) for doc in documents]
        average = (sum(lengths) / self.size) if self.size else 1.0
        frequency: Counter[str] = Counter()
        for doc in documents:
            frequency.update(doc.keys())
        size, counts = (self.size, frequency) if background is None else background
        self.idf = {
            term: math.log(1 + (size - counts.get(term, count) + 0.5) / (counts.get(term, count) + 0.5))
            for term, count in frequency.items()
        }
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, (doc, length) in enumerate(zip(documents, lengths, strict=True)):
            norm = k1 * (1 - b + b * length / (average or 1.0))
            for term, tf in doc.items():
                self.postings[term].append((number, self.idf[term] * tf * (k1 + 1) / (tf + norm)))

    def scores(self, query: Mapping[str, float]) -> tuple[dict[int, float], dict[int, dict[str, float]]]:
        """Document number -> score, and per document the terms that contributed (for the reasons shown)."""
        totals: dict[int, float] = defaultdict(float)
        parts: dict[int, dict[str, float]] = defaultdict(dict)
        for term, weight in query.items():
            postings = self.postings.get(term)
            if not postings:
                continue
            q = math.sqrt(weight)  # a word repeated in a long query counts, but less than linearly
            for number, contribution in postings:
                value = q * contribution
                totals[number] += value
                parts[number][term] = value
        return totals, parts
