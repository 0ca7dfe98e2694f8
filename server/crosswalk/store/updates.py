"""Every SPARQL Update the project writes outside a backend's own graph replacement, built from RDF terms only.

Text is assembled from serialised pyoxigraph terms (``str(NamedNode(...))``, N-Triples lines), never from user
input pasted as text, so an id or a title cannot change what an update does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content.namespaces import (
    CATALOGS_META_GRAPH,
    MAPPINGS_META_GRAPH,
    META_GRAPH,
    is_mapping_graph,
    is_public_graph,
)

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


GENERATION = "https://w3id.org/crosswalk/ontology#storeGeneration"
CONTENT_MARKERS = (CATALOGS_META_GRAPH, MAPPINGS_META_GRAPH)  # the order of ContentGeneration's fields


def content_markers(graphs: Iterable[str]) -> tuple[str, ...]:
    """The content markers a write of ``graphs`` moves: the mappings marker for mapping graphs, the catalogs
    marker for the other public graphs, none for private ones (an organization's evidence, review queues)."""
    moved = {
        MAPPINGS_META_GRAPH if is_mapping_graph(graph) else CATALOGS_META_GRAPH
        for graph in graphs
        if is_public_graph(graph)
    }
    return tuple(marker for marker in CONTENT_MARKERS if marker in moved)


def bump_generation(token: str, markers: Collection[str] = ()) -> str:
    """Operations that replace the store's generation marker with ``token`` (appended to a write's own update, so
    the marker changes in the write's transaction), and the content ``markers`` given (content_markers)."""
    parts = []
    for graph in (META_GRAPH, *markers):
        meta = NamedNode(graph)
        parts.append(f"DROP SILENT GRAPH {meta} ;\n"
                     f"INSERT DATA {{ GRAPH {meta} {{ {meta} <{GENERATION}> {Literal(token)} }} }}")  # fmt: skip
    return " ;\n".join(parts)


def replace_graphs(graphs: Mapping[str, Sequence[Triple]]) -> list[str]:
    """Operations that drop each graph and write its new triples (one request: one transaction where the server
    runs a request as one)."""
    parts: list[str] = []
    for graph, triples in graphs.items():
        parts.append(f"DROP SILENT GRAPH {NamedNode(graph)}")
        parts += insert_data({graph: triples})
    return parts


def replace_and_patch(
    replacements: Mapping[str, Sequence[Triple]], patches: Mapping[str, tuple[Sequence[Triple], Sequence[Triple]]]
) -> str:
    """One update: each graph of ``replacements`` dropped and written anew, and each graph of ``patches`` changed
    by (removed, added) triples only; for a large graph that changes little (graph/inferred after one accepted
    record), a patch costs its difference, not its size."""
    parts: list[str] = []
    for graph, triples in replacements.items():
        name = str(NamedNode(graph))
        parts.append(f"DROP SILENT GRAPH {name}")
        if triples:
            parts.append(f"INSERT DATA {{ GRAPH {name} {{\n{n_triples(triples)}\n}} }}")
    for graph, (removed, added) in patches.items():
        name = str(NamedNode(graph))
        if removed:
            parts.append(f"DELETE DATA {{ GRAPH {name} {{\n{n_triples(removed)}\n}} }}")
        if added:
            parts.append(f"INSERT DATA {{ GRAPH {name} {{\n{n_triples(added)}\n}} }}")
    return " ;\n".join(parts)
