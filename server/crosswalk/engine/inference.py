"""Materialised inferred mappings: every chain of asserted records between two frameworks, as a record of its own.

graph/inferred is rebuilt from the asserted records (never from its previous self) by every load and import, and
each inferred record keeps the records it was derived from, path by path.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content import namespaces as ns
from crosswalk.engine.mapping_index import DEFAULT_MAX_HOPS, CrosswalkResult, MappingIndex

INFERRED_SET = ns.mapping_set_iri("inferred")
INFERRED_GRAPH = ns.INFERRED_GRAPH
INFERRED_PROVENANCE = ns.VOCAB + "provenance-inferred"


def inferred_record_iri(result: CrosswalkResult) -> str:
    key = f"{result.source}|{result.target}|{result.relationship}".encode()
    return f"{INFERRED_SET}/{hashlib.sha1(key).hexdigest()[:16]}"


def materialise(index: MappingIndex, max_hops: int = DEFAULT_MAX_HOPS) -> tuple[list[Triple], dict[str, int]]:
    """Every derived (2+ hop) mapping between different frameworks, as records linked to the records used."""
    vocab = index.rules.vocabulary
    cw = ns.ONTOLOGY
    triples: list[Triple] = []
    stats: dict[str, int] = defaultdict(int)  # "<relationship> over <n> hops" -> count

    named: dict[str, NamedNode] = {}  # each IRI checked and built once (a record's IRI is the subject of ~15)

    def iri_node(iri: str) -> NamedNode:
        node = named.get(iri)
        if node is None:
            node = named[iri] = NamedNode(iri)
        return node

    def add(s: str, p: str, o: NamedNode | Literal) -> None:
        triples.append(Triple(iri_node(s), iri_node(p), o))

    add(INFERRED_SET, ns.RDF + "type", NamedNode(cw + "MappingSet"))
    add(INFERRED_SET, ns.DCTERMS + "identifier", Literal("inferred"))
    add(INFERRED_SET, ns.DCTERMS + "title", Literal("Inferred mappings: chains of asserted records, composed"))
    add(INFERRED_SET, ns.DCTERMS + "license", NamedNode("https://creativecommons.org/licenses/by/4.0/"))
    for start in sorted(index.steps):
        for result in index.crosswalk(start, None, max_hops):
            if not result.derived:
                continue
            rel = vocab.relationship_by_iri(result.relationship_iri)
            iri = inferred_record_iri(result)
            stats[f"{result.relationship} over {result.hops} hops"] += 1
            add(iri, ns.RDF + "type", iri_node(cw + "Mapping"))
            add(iri, cw + "inMappingSet", iri_node(INFERRED_SET))
            add(iri, cw + "recordId", Literal(iri.rsplit("/", 1)[-1]))
            add(iri, cw + "subject", iri_node(result.source))
            add(iri, cw + "object", iri_node(result.target))
            add(iri, cw + "mappingStyle", iri_node(vocab.styles[rel.style]))
            add(iri, cw + "relationship", iri_node(rel.iri))
            add(iri, cw + "provenance", iri_node(INFERRED_PROVENANCE))
            add(iri, cw + "justification", iri_node(ns.SEMAPV + "MappingChaining"))
            add(iri, cw + "reviewStatus", iri_node(ns.VOCAB + "review-unreviewed"))
            add(iri, cw + "skosPredicate", iri_node(rel.skos or ns.SKOS + "relatedMatch"))
            add(iri, cw + "hops", Literal(result.hops))
            if result.strength is not None:
                add(iri, cw + "strength", Literal(result.strength))
            add(iri, cw + "explanation", Literal(_explain(result)))
            for number, path in enumerate(result.paths, start=1):
                path_iri = f"{iri}/path-{number}"
                add(iri, cw + "path", iri_node(path_iri))
                for position, step in enumerate(path, start=1):
                    step_iri = f"{path_iri}/step-{position}"
                    add(path_iri, cw + "step", iri_node(step_iri))
                    add(step_iri, cw + "position", Literal(position))
                    add(step_iri, cw + "record", iri_node(step.record))
                    add(step_iri, cw + "readAs", iri_node(step.relationship_iri))
                    add(iri, ns.PROV + "wasDerivedFrom", iri_node(step.record))
    return triples, dict(stats)


def _explain(result: CrosswalkResult) -> str:
    path = result.paths[0]
    chain = " then ".join(step.relationship for step in path)
    more = f" ({len(result.paths)} paths)" if len(result.paths) > 1 else ""
    return f"Inferred by chaining {chain} over {len(path)} records{more}; composed by ontology/chain-rules.tsv."
