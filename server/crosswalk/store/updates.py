"""Every SPARQL Update the project writes outside a backend's own graph replacement, built from RDF terms only.

Text is assembled from serialised pyoxigraph terms (``str(NamedNode(...))``, N-Triples lines), never from user
input pasted as text, so an id or a title cannot change what an update does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pyoxigraph import NamedNode, Triple

SUPPORTS = "https://w3id.org/crosswalk/ontology#supports"
RISK_THRESHOLD = "https://w3id.org/crosswalk/ontology#riskThreshold"  # an organization's threshold nodes


def n_triples(triples: Iterable[Triple]) -> str:
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


def insert_data(graphs: Mapping[str, Sequence[Triple]]) -> list[str]:
    """INSERT DATA operations, one per non-empty graph."""
    return [
        f"INSERT DATA {{ GRAPH {NamedNode(graph)} {{\n{n_triples(triples)}\n}} }}"
        for graph, triples in graphs.items()
        if triples
    ]


def replace_items(
    graph: str,
    history_graph: str,
    items: Sequence[str],
    new_triples: Sequence[Triple],
    history: Sequence[Triple],
    also: Mapping[str, Sequence[Triple]] | None = None,
) -> str:
    """One update: drop ``items`` (and the nodes they own: supports, an organization's thresholds) from ``graph``,
    keep ``history`` in the history graph, insert ``new_triples`` (and ``also``: graph -> triples, e.g. the audit
    record of the write)."""
    target = str(NamedNode(graph))
    parts = []
    if items:
        values = " ".join(str(NamedNode(i)) for i in items)
        parts.append(
            f"DELETE {{ GRAPH {target} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {target} {{ VALUES ?item {{ {values} }} "
            f"{{ ?item ?p ?o BIND(?item AS ?s) }} UNION {{ ?item <{SUPPORTS}>|<{RISK_THRESHOLD}> ?s . ?s ?p ?o }} }} }}"
        )
    if history:
        parts.append(f"INSERT DATA {{ GRAPH {NamedNode(history_graph)} {{\n{n_triples(history)}\n}} }}")
    if new_triples:
        parts.append(f"INSERT DATA {{ GRAPH {target} {{\n{n_triples(new_triples)}\n}} }}")
    parts += insert_data(also or {})
    return " ;\n".join(parts)


def replace_flags(
    graph: str,
    history_graph: str,
    flags: Sequence[Triple],
    history: Sequence[Triple],
    also: Mapping[str, Sequence[Triple]] | None = None,
) -> str:
    """One update: each flag's subject and predicate get the flag's value only (earlier values replaced), and the
    item's previous state goes to the history graph."""
    target = str(NamedNode(graph))
    replaced = "".join(
        f"DELETE WHERE {{ GRAPH {target} {{ {flag.subject} {flag.predicate} ?old }} }} ;\n" for flag in flags
    )
    inserts = insert_data({history_graph: history, graph: flags, **(also or {})})
    return replaced + " ;\n".join(inserts)
