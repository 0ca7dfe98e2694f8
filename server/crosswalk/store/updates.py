"""Every SPARQL Update the project writes outside a backend's own graph replacement, built from RDF terms only.

Text is assembled from serialised pyoxigraph terms (``str(NamedNode(...))``, N-Triples lines), never from user
input pasted as text, so an id or a title cannot change what an update does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pyoxigraph import NamedNode, Triple

SUPPORTS = "https://w3id.org/crosswalk/ontology#supports"


def n_triples(triples: Iterable[Triple]) -> str:
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


def replace_items(
    graph: str, history_graph: str, items: Sequence[str], new_triples: Sequence[Triple], history: Sequence[Triple]
) -> str:
    """One update: drop ``items`` (and the nodes they support through) from ``graph``, keep ``history`` in the
    history graph, insert ``new_triples``."""
    target = str(NamedNode(graph))
    parts = []
    if items:
        values = " ".join(str(NamedNode(i)) for i in items)
        parts.append(
            f"DELETE {{ GRAPH {target} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {target} {{ VALUES ?item {{ {values} }} "
            f"{{ ?item ?p ?o BIND(?item AS ?s) }} UNION {{ ?item <{SUPPORTS}> ?s . ?s ?p ?o }} }} }}"
        )
    if history:
        parts.append(f"INSERT DATA {{ GRAPH {NamedNode(history_graph)} {{\n{n_triples(history)}\n}} }}")
    if new_triples:
        parts.append(f"INSERT DATA {{ GRAPH {target} {{\n{n_triples(new_triples)}\n}} }}")
    return " ;\n".join(parts)


def replace_flags(graph: str, history_graph: str, flags: Sequence[Triple], history: Sequence[Triple]) -> str:
    """One update: each flag's subject and predicate get the flag's value only (earlier values replaced), and the
    item's previous state goes to the history graph."""
    target = str(NamedNode(graph))
    replaced = "".join(
        f"DELETE WHERE {{ GRAPH {target} {{ {flag.subject} {flag.predicate} ?old }} }} ;\n" for flag in flags
    )
    return (
        replaced + f"INSERT DATA {{ GRAPH {NamedNode(history_graph)} {{\n{n_triples(history)}\n}} }} ;\n"
        f"INSERT DATA {{ GRAPH {target} {{\n{n_triples(flags)}\n}} }}"
    )
