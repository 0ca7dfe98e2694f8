"""The composition table for chaining mappings (ontology/chain-rules.tsv): what A-r1->B-r2->C lets us say of A and C.

The rules are data so researchers can read and dispute them; a pair not in the table composes to nothing. A table
belongs to its content root, with that root's vocabulary, so a load and the inference it runs read the same rules.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from crosswalk.content import namespaces as ns
from crosswalk.content.resources import ContentRoot, content_root
from crosswalk.content.vocabulary import RelationshipType, Vocabulary, vocabulary

if TYPE_CHECKING:
    from rdflib import Graph

NEVER_CHAINS = frozenset({"no-relationship", "contrary", "related-to"})


@dataclass(frozen=True)
class ChainRule:
    first: str
    second: str
    result: str
    reason: str


def relationship_by_notation(vocab: Vocabulary) -> dict[str, RelationshipType]:
    """Notation -> type, for every type whose notation is unambiguous (all but the two no-relationships)."""
    return {notation: rel for (_style, notation), rel in vocab.relationships.items() if notation != "no-relationship"}


def read_rules(path: Path, vocab: Vocabulary) -> dict[tuple[str, str], ChainRule]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    known = relationship_by_notation(vocab)
    rules: dict[tuple[str, str], ChainRule] = {}
    for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        rule = ChainRule(row["first"], row["second"], row["result"], row["reason"])
        for notation in (rule.first, rule.second, rule.result):
            if notation not in known:
                raise ValueError(f"{path}: rule {number}: unknown relationship {notation!r}")
        if rule.first in NEVER_CHAINS or rule.second in NEVER_CHAINS:
            raise ValueError(f"{path}: rule {number}: {rule.first}/{rule.second} never chains")
        rules[(rule.first, rule.second)] = rule
    return rules


class ChainRules:
    """One root's composition table with the vocabulary its notations come from."""

    def __init__(self, table: dict[tuple[str, str], ChainRule], vocab: Vocabulary) -> None:
        self.table = table
        self.vocabulary = vocab
        self.by_notation = relationship_by_notation(vocab)

    def compose(self, first: str, second: str) -> ChainRule | None:
        return self.table.get((first, second))

    def compose_path(self, relationships: list[str]) -> str | None:
        """Fold a path's relationships left to right; None as soon as a step has no rule."""
        if not relationships:
            return None
        current = relationships[0]
        if current in NEVER_CHAINS and len(relationships) > 1:
            return None
        for step in relationships[1:]:
            rule = self.compose(current, step)
            if rule is None:
                return None
            current = rule.result
        return current

    def as_rdf(self) -> Graph:
        """The table as cw:ChainRule resources, so SPARQL users can read and join it."""
        from rdflib import Graph, URIRef  # only a load writes the rules as RDF
        from rdflib import Literal as RDFLiteral
        from rdflib.namespace import RDF, RDFS

        graph = Graph()
        for rule in self.table.values():
            node = URIRef(f"{ns.VOCAB}chain-rule/{rule.first}--{rule.second}")
            graph.add((node, RDF.type, URIRef(ns.ONTOLOGY + "ChainRule")))
            graph.add((node, URIRef(ns.ONTOLOGY + "firstRelationship"), URIRef(self.by_notation[rule.first].iri)))
            graph.add((node, URIRef(ns.ONTOLOGY + "secondRelationship"), URIRef(self.by_notation[rule.second].iri)))
            graph.add((node, URIRef(ns.ONTOLOGY + "composedRelationship"), URIRef(self.by_notation[rule.result].iri)))
            graph.add((node, RDFS.comment, RDFLiteral(rule.reason, lang="en")))
        return graph


def chain_rules(root: ContentRoot | None = None) -> ChainRules:
    """The rules of ``root`` (default: the package's own content), read once per root."""
    return _read(root or content_root())


@cache
def _read(root: ContentRoot) -> ChainRules:
    vocab = vocabulary(root)
    return ChainRules(read_rules(root.ontology / "chain-rules.tsv", vocab), vocab)
