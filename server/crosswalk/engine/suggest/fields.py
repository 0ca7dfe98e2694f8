"""Which texts make an element's document (what it is matched as) and its query (what it is matched with).

Field weights: an element's own label and verbatim statement weigh most; its descriptions, Playbook statement and
examples less; its hierarchy (children such as Playbook actions and documentation questions, its parent) and the
texts of elements already linked to it by asserted records (document expansion) least.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from crosswalk.engine.suggest.corpus import ElementText, SuggestCorpus
from crosswalk.engine.suggest.text import weighted_terms

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


def element_terms(corpus: SuggestCorpus, iri: str, linked: Iterable[str], weights: FieldWeights) -> dict[str, float]:
    """Weighted term frequencies of an element with its hierarchy and its linked elements."""
    element = corpus.elements[iri]
    texts = own_texts(element, weights.own)
    children = corpus.children.get(iri, [])[: weights.max_children]
    if children:
        share = weights.children / max(1.0, len(children) ** 0.5)
        for child in children:
            texts += own_texts(corpus.elements[child], share, CORE_FIELDS)
    for parent in corpus.parents.get(iri, ()):
        texts += own_texts(corpus.elements[parent], weights.parent, CORE_FIELDS)
    linked = [other for other in linked if other in corpus.elements][: weights.max_linked]
    if linked:
        share = weights.linked / max(1.0, len(linked) ** 0.5)
        for other in linked:
            texts += own_texts(corpus.elements[other], share, CORE_FIELDS)
    return weighted_terms(texts)
