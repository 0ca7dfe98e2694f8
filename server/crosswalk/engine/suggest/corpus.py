"""The element texts and hierarchy that suggestions rank over, read from the store once and held in memory.

Texts are the catalogs' own fields (verbatim statements, Playbook statements, descriptions, labels); which fields
count and how much is the ranking's business (``fields.py``), not this module's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.store.base import GraphStore, text_of


@dataclass
class ElementText:
    iri: str
    version: str  # version IRI
    kinds: set[str] = field(default_factory=set)  # local names of cw: classes ("Subcategory")
    fields: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # field local name -> texts

    def text(self, name: str) -> str:
        return " ".join(self.fields.get(name, ()))

    @property
    def notation(self) -> str:
        values = self.fields.get("notation") or self.fields.get("identifier") or [self.iri.rsplit("/", 1)[-1]]
        return values[0]

    @property
    def label(self) -> str | None:
        values = self.fields.get("prefLabel")
        return values[0] if values else None


class SuggestCorpus:
    """Every element's texts, kinds and version; parents and children (cw:partOf) in both directions."""

    def __init__(self, store: GraphStore) -> None:
        found: dict[str, ElementText] = {}
        for row in store.select(queries.text("api/suggest-kinds")):
            iri = text_of(row, "element") or ""
            element = found.get(iri)
            if element is None:
                element = found[iri] = ElementText(iri, text_of(row, "version") or "")
            element.kinds.add((text_of(row, "kind") or "").removeprefix(ns.ONTOLOGY))
        self.elements: dict[str, ElementText] = {}
        for row in store.select(queries.text("api/suggest-texts")):
            iri = text_of(row, "element") or ""
            element = self.elements.get(iri)
            if element is None:
                if iri not in found:
                    continue  # not an element of ours (no class of the ontology, or no version)
                element = self.elements[iri] = found[iri]
            name = (text_of(row, "field") or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            value = text_of(row, "text") or ""
            if value and value not in element.fields[name]:
                element.fields[name].append(value)
        self.parents: dict[str, list[str]] = defaultdict(list)
        self.children: dict[str, list[str]] = defaultdict(list)
        for row in store.select(queries.text("api/part-of-edges")):
            child, parent = text_of(row, "element") or "", text_of(row, "parent") or ""
            if child in self.elements and parent in self.elements:
                self.parents[child].append(parent)
                self.children[parent].append(child)
        self.by_version: dict[str, list[str]] = defaultdict(list)
        for iri, element in self.elements.items():
            self.by_version[element.version].append(iri)

    def candidates(self, version_iri: str, kinds: set[str] | None = None) -> list[str]:
        """The elements of a version (of the given kinds, if any), in a stable order."""
        found = self.by_version.get(version_iri, [])
        if kinds:
            found = [iri for iri in found if self.elements[iri].kinds & kinds]
        return sorted(found)

    def siblings(self, iri: str) -> list[str]:
        return [s for parent in self.parents.get(iri, ()) for s in self.children.get(parent, ()) if s != iri]
