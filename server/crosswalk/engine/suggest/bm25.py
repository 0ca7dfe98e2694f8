"""BM25 over weighted fields (BM25F-style: each field's term counts scaled by its weight before saturation), and the
sparse term-weight rows both it and the TF-IDF cosine feature score through.

An index is built once per candidate set (a target version and its kinds) and scores a query against every
document through one array of postings (CSR by term), so a query costs a few numpy calls over the postings of its
terms, not a Python loop per term nor the size of the corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

K1 = 1.2
B = 0.75

Prepared = tuple[np.ndarray, np.ndarray]  # a query's term ids in one index, and their weights


class SparseRows:
    """Documents as term -> weight rows, stored by term (CSR): ``scores`` is every document's dot product with a
    query's term weights."""

    def __init__(self, rows: Sequence[Mapping[str, float]]) -> None:
        self.size = len(rows)
        self.rows = [dict(row) for row in rows]
        by_term: dict[str, list[tuple[int, float]]] = {}
        for number, row in enumerate(self.rows):
            for term, weight in row.items():
                by_term.setdefault(term, []).append((number, weight))
        self.term_ids = {term: n for n, term in enumerate(by_term)}
        lengths = np.fromiter((len(p) for p in by_term.values()), dtype=np.int64, count=len(by_term))
        self.indptr = np.concatenate(([0], np.cumsum(lengths)))
        total = int(self.indptr[-1])
        self.docs = np.fromiter((n for p in by_term.values() for n, _ in p), dtype=np.int64, count=total)
        self.weights = np.fromiter((w for p in by_term.values() for _, w in p), dtype=np.float64, count=total)
        self._names: list[str] | None = None

    def prepare(self, query: Mapping[str, float]) -> Prepared:
        """A query as arrays of this index's term ids and their weights (worth keeping when asked again)."""
        found = [(self.term_ids[t], w) for t, w in query.items() if t in self.term_ids]
        ids = np.fromiter((i for i, _ in found), dtype=np.int64, count=len(found))
        return ids, np.fromiter((w for _, w in found), dtype=np.float64, count=len(found))

    def _postings(self, query: Mapping[str, float] | Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(term id, document, query weight x document weight) of every posting of the query's terms."""
        ids, query_weights = query if isinstance(query, tuple) else self.prepare(query)
        starts = self.indptr[ids]
        counts = self.indptr[ids + 1] - starts
        # positions of every posting of the query's terms, without a loop: each term's run start + 0..count-1
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
        positions = offsets + np.arange(int(counts.sum()))
        values = self.weights[positions] * np.repeat(query_weights, counts)
        return np.repeat(ids, counts), self.docs[positions], values

    def scores(self, query: Mapping[str, float] | Prepared) -> np.ndarray:
        """Every document's sum over shared terms of query weight x document weight, in document order."""
        _, docs, values = self._postings(query)
        return np.bincount(docs, weights=values, minlength=self.size)

    def shared(self, query: Mapping[str, float] | Prepared, numbers: Sequence[int], top: int) -> list[list[str]]:
        """For each document of ``numbers``, the ``top`` terms it shares with the query, largest part first."""
        terms, docs, values = self._postings(query)
        wanted = np.zeros(self.size, dtype=bool)
        wanted[list(numbers)] = True
        chosen = wanted[docs]
        terms, docs, values = terms[chosen], docs[chosen], values[chosen]
        order = np.lexsort((terms, -values))
        terms, docs = terms[order], docs[order]
        names = self.names()
        return [[names[t] for t in terms[docs == number][:top]] for number in numbers]

    def names(self) -> list[str]:
        if self._names is None:
            self._names = list(self.term_ids)
        return self._names


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
        contributions = []  # per document: term -> its weight (also kept for the reasons shown)
        for doc, length in zip(documents, lengths, strict=True):
            norm = k1 * (1 - b + b * length / (average or 1.0))
            contributions.append({term: self.idf[term] * tf * (k1 + 1) / (tf + norm) for term, tf in doc.items()})
        self.rows = SparseRows(contributions)

    @property
    def contributions(self) -> list[dict[str, float]]:
        return self.rows.rows

    def prepare(self, query: Mapping[str, float]) -> Prepared:
        """A query's terms in this index, weighted: a word repeated in a long query counts, but less than linearly
        (the square root of its weighted count)."""
        return self.rows.prepare({t: math.sqrt(w) for t, w in query.items()})

    def scores(self, query: Mapping[str, float] | Prepared) -> np.ndarray:
        """Every document's score, in document order."""
        return self.rows.scores(query if isinstance(query, tuple) else self.prepare(query))

    def shared(self, query: Mapping[str, float] | Prepared, numbers: Sequence[int], top: int) -> list[list[str]]:
        """For each document of ``numbers``, the ``top`` terms it shares with the query, largest part first."""
        return self.rows.shared(query if isinstance(query, tuple) else self.prepare(query), numbers, top)


class CosineIndex:
    """TF-IDF cosine (log term frequency, smoothed idf over the documents, unit vectors): the plain measure short
    texts such as labels and statements are compared by."""

    def __init__(self, documents: Sequence[Mapping[str, float]]) -> None:
        frequency: Counter[str] = Counter()
        for doc in documents:
            frequency.update(doc.keys())
        size = len(documents)
        self.idf = {term: math.log((1 + size) / (1 + n)) + 1 for term, n in frequency.items()}
        self.rows = SparseRows([self.unit(doc) for doc in documents])

    def unit(self, counts: Mapping[str, float]) -> dict[str, float]:
        vector = {t: (1 + math.log(c)) * self.idf[t] for t, c in counts.items() if t in self.idf and c >= 1}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def scores(self, counts: Mapping[str, float]) -> np.ndarray:
        return self.rows.scores(self.unit(counts))
