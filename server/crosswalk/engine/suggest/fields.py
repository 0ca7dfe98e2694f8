"""Which texts make an element's document (what it is matched as) and its query (what it is matched with).

Field weights: an element's own label and verbatim statement weigh most; its descriptions, Playbook statement and
examples less; its hierarchy (children such as Playbook actions and documentation questions, its parent) and the
texts of elements already linked to it by asserted records (document expansion) least.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from crosswalk.engine.suggest.corpus import ElementText, SuggestCorpus
from crosswalk.engine.suggest.text import tokens, weighted_terms

OWN_FIELDS: dict[str, float] = {
    "prefLabel": 2.0,
    "altLabel": 1.0,
    "statement": 1.5,
    "description": 0.8,
    "playbookStatement": 0.8,
    "editorialText": 0.6,
    "readinessStatement": 1.0,
    "executiveSummaryText": 0.6,
    "example": 0.5,
    "valueChainReason": 0.3,
}
CORE_FIELDS = ("prefLabel", "statement")  # what a relative contributes: its name and its words


@dataclass(frozen=True)
class FieldWeights:
    own: float = 1.0
    children: float = 0.35  # Playbook actions and questions of a subcategory, recommendations of a practice
    parent: float = 0.25
    linked: float = 0.3  # elements other records link to this one (other frameworks' words for the same thing)
    max_children: int = 40
    max_linked: int = 30


def own_texts(element: ElementText, scale: float, names: Iterable[str] | None = None) -> list[tuple[str, float]]:
    chosen = OWN_FIELDS if names is None else {name: OWN_FIELDS[name] for name in names}
    return [(text, weight * scale) for name, weight in chosen.items() for text in element.fields.get(name, ())]


class TermCache:
    """Each element's weighted term counts (all its own fields; its core fields), tokenised once per corpus: an
    element's document is then a weighted sum of cached counts, so rebuilding candidates over a changed mapping
    index (another set hidden, a record accepted) does not tokenise again."""

    def __init__(self, corpus: SuggestCorpus) -> None:
        self.corpus = corpus
        self._own: dict[str, dict[str, float]] = {}
        self._core: dict[str, dict[str, float]] = {}
        self._plain: dict[str, dict[str, float]] = {}

    def own(self, iri: str) -> dict[str, float]:
        found = self._own.get(iri)
        if found is None:
            found = self._own[iri] = weighted_terms(own_texts(self.corpus.elements[iri], 1.0))
        return found

    def core(self, iri: str) -> dict[str, float]:
        found = self._core.get(iri)
        if found is None:
            found = self._core[iri] = weighted_terms(own_texts(self.corpus.elements[iri], 1.0, CORE_FIELDS))
        return found

    def plain(self, iri: str) -> dict[str, float]:
        """Unweighted counts of the label and statement (what the cosine feature compares)."""
        found = self._plain.get(iri)
        if found is None:
            element = self.corpus.elements[iri]
            text = element.text("prefLabel") + " " + element.text("statement")
            found = self._plain[iri] = dict(Counter(tokens(text)))
        return found


def _add(total: dict[str, float], terms: dict[str, float], scale: float) -> None:
    for term, count in terms.items():
        total[term] = total.get(term, 0.0) + count * scale


def element_terms(
    corpus: SuggestCorpus, iri: str, linked: Iterable[str], weights: FieldWeights, cache: TermCache | None = None
) -> dict[str, float]:
    """Weighted term frequencies of an element with its hierarchy and its linked elements."""
    cache = cache or TermCache(corpus)
    total: dict[str, float] = {}
    _add(total, cache.own(iri), weights.own)
    children = corpus.children.get(iri, [])[: weights.max_children]
    if children:
        share = weights.children / max(1.0, len(children) ** 0.5)
        for child in children:
            _add(total, cache.core(child), share)
    for parent in corpus.parents.get(iri, ()):
        _add(total, cache.core(parent), weights.parent)
    linked = [other for other in linked if other in corpus.elements][: weights.max_linked]
    if linked:
        share = weights.linked / max(1.0, len(linked) ** 0.5)
        for other in linked:
            _add(total, cache.core(other), share)
    return {term: count for term, count in total.items() if count > 0}
