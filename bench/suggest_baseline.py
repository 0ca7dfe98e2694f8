"""The plain baseline the suggestion ranking is measured against: TF-IDF cosine over label and statement."""

from __future__ import annotations

import math
from collections import Counter

from crosswalk.engine.suggest.corpus import SuggestCorpus
from crosswalk.engine.suggest.text import tokens


def _text(corpus: SuggestCorpus, iri: str) -> str:
    element = corpus.elements[iri]
    return " ".join([element.text("prefLabel"), element.text("statement")])


class TfidfBaseline:
    def __init__(self, corpus: SuggestCorpus, candidates: list[str]) -> None:
        self.corpus = corpus
        self.candidates = candidates
        counts = [Counter(tokens(_text(corpus, iri))) for iri in candidates]
        frequency: Counter[str] = Counter()
        for doc in counts:
            frequency.update(doc.keys())
        size = len(candidates)
        self.idf = {term: math.log((1 + size) / (1 + n)) + 1 for term, n in frequency.items()}
        self.vectors = [self._unit(doc) for doc in counts]

    def _unit(self, counts: Counter[str]) -> dict[str, float]:
        vector = {t: (1 + math.log(c)) * self.idf.get(t, 0.0) for t, c in counts.items() if t in self.idf}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def rank(self, subject: str, top: int) -> list[str]:
        query = self._unit(Counter(tokens(_text(self.corpus, subject))))
        scored = [
            (sum(w * vector.get(t, 0.0) for t, w in query.items()), iri)
            for iri, vector in zip(self.candidates, self.vectors, strict=True)
        ]
        scored.sort(key=lambda kv: (-kv[0], kv[1]))
        return [iri for score, iri in scored[:top] if score > 0]
