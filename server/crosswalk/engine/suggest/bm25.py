"""BM25 over weighted fields (BM25F-style: each field's term counts scaled by its weight before saturation).

The index is built once per candidate set (a target version and its kinds) and scores a query against every
document through posting lists, so one query costs the postings of its terms, not the size of the corpus.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

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
        import numpy as np  # here, not at import: a service that never suggests never loads numpy

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
        self.contributions: list[dict[str, float]] = []  # per document: term -> its weight (for the reasons shown)
        for number, (doc, length) in enumerate(zip(documents, lengths, strict=True)):
            norm = k1 * (1 - b + b * length / (average or 1.0))
            weights = {term: self.idf[term] * tf * (k1 + 1) / (tf + norm) for term, tf in doc.items()}
            self.contributions.append(weights)
            for term, weight in weights.items():
                self.postings[term].append((number, weight))
        # Each term's postings as arrays: a query adds them into one score vector (numpy, not a Python loop).
        self._arrays = {
            term: (np.fromiter((n for n, _ in p), dtype=np.int32), np.fromiter((w for _, w in p), dtype=np.float64))
            for term, p in self.postings.items()
        }

    def scores(self, query: Mapping[str, float]) -> np.ndarray:
        """Every document's score, in document order."""
        import numpy as np

        totals = np.zeros(self.size)
        for term, weight in query.items():
            found = self._arrays.get(term)
            if found is not None:
                # a word repeated in a long query counts, but less than linearly
                totals[found[0]] += math.sqrt(weight) * found[1]
        return totals

    def shared(self, query: Mapping[str, float], number: int) -> dict[str, float]:
        """The terms a document shares with the query and what each adds to its score."""
        weights = self.contributions[number]
        return {t: math.sqrt(w) * weights[t] for t, w in query.items() if t in weights}
