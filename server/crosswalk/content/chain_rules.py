"""The composition table for chaining mappings (ontology/chain-rules.tsv): what A-r1->B-r2->C lets us say of A and C.

The rules are data so researchers can read and dispute them; a pair not in the table composes to nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import RDF, RDFS

from crosswalk.content import namespaces as ns
from crosswalk.content.resources import ontology_dir
from crosswalk.content.vocabulary import RelationshipType, vocabulary

NEVER_CHAINS = frozenset({"no-relationship", "contrary", "related-to"})


@dataclass(frozen=True)
class ChainRule:
    first: str
    second: str
    result: str
    reason: str


def read_rules(path: Path) -> dict[tuple[str, str], ChainRule]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    known = relationship_by_notation()
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


@cache
def rules() -> dict[tuple[str, str], ChainRule]:
    return read_rules(ontology_dir() / "chain-rules.tsv")


@cache
def relationship_by_notation() -> dict[str, RelationshipType]:
    """Notation -> type, for every type whose notation is unambiguous (all but the two no-relationships)."""
    found: dict[str, RelationshipType] = {}
    for (_style, notation), rel in vocabulary().relationships.items():
        if notation != "no-relationship":
            found[notation] = rel
    return found


def as_rdf(table: dict[tuple[str, str], ChainRule]) -> Graph:
    """The table as cw:ChainRule resources, so SPARQL users can read and join it."""
    graph = Graph()
    known = relationship_by_notation()
    for rule in table.values():
        node = URIRef(f"{ns.VOCAB}chain-rule/{rule.first}--{rule.second}")
        graph.add((node, RDF.type, URIRef(ns.ONTOLOGY + "ChainRule")))
        graph.add((node, URIRef(ns.ONTOLOGY + "firstRelationship"), URIRef(known[rule.first].iri)))
        graph.add((node, URIRef(ns.ONTOLOGY + "secondRelationship"), URIRef(known[rule.second].iri)))
        graph.add((node, URIRef(ns.ONTOLOGY + "composedRelationship"), URIRef(known[rule.result].iri)))
        graph.add((node, RDFS.comment, RDFLiteral(rule.reason, lang="en")))
    return graph


def compose(first: str, second: str) -> ChainRule | None:
    return rules().get((first, second))


def compose_path(relationships: list[str]) -> str | None:
    """Fold a path's relationships left to right; None as soon as a step has no rule."""
    if not relationships:
        return None
    current = relationships[0]
    if current in NEVER_CHAINS and len(relationships) > 1:
        return None
    for step in relationships[1:]:
        rule = compose(current, step)
        if rule is None:
            return None
        current = rule.result
    return current
