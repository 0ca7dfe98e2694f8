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
from crosswalk.store.base import Batch, Term

SUPPORTS = "https://w3id.org/crosswalk/ontology#supports"
RISK_THRESHOLD = "https://w3id.org/crosswalk/ontology#riskThreshold"  # an organization's threshold nodes


def n_triples(triples: Iterable[Triple]) -> str:
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


# Triples per INSERT DATA operation: Virtuoso's SPARQL parser gives up near 5,000 in one, and its compiler on a
# request whose SQL passes 10,000 lines (about 2,000 triples of distinct IRIs, as a staged batch's records are)
INSERT_CHUNK = 500


def insert_data(graphs: Mapping[str, Sequence[Triple]], verb: str = "INSERT") -> list[str]:
    """INSERT DATA (or DELETE DATA) operations for every non-empty graph, at most INSERT_CHUNK triples each."""
    return [
        f"{verb} DATA {{ GRAPH {NamedNode(graph)} {{\n{n_triples(triples[start : start + INSERT_CHUNK])}\n}} }}"
        for graph, triples in graphs.items()
        for start in range(0, len(triples), INSERT_CHUNK)
    ]


def _owned(graph: str, items: str) -> str:
    """The pattern of the items' triples and those of the nodes they own (supports, an organization's
    thresholds) in ``graph``, as ?s ?p ?o; ``items`` binds ?item."""
    return (f"{{ {items} GRAPH {graph} {{ ?item ?p ?o }} BIND(?item AS ?s) }} UNION "
            f"{{ {items} GRAPH {graph} {{ ?item <{SUPPORTS}>|<{RISK_THRESHOLD}> ?s . ?s ?p ?o }} }}")  # fmt: skip


def batch_update(batch: Batch) -> str:
    """A batch as one update request (one transaction on a server that runs a request as one): the items and the
    nodes they own dropped, each flag's subject and predicate cleared, then every insert (the flags too)."""
    target = str(NamedNode(batch.graph))
    parts = []
    if batch.items:
        values = " ".join(str(NamedNode(i)) for i in batch.items)
        owned = _owned(target, f"VALUES ?item {{ {values} }}")
        parts.append(f"DELETE {{ GRAPH {target} {{ ?s ?p ?o }} }} WHERE {{ {owned} }}")
    parts += [f"DELETE WHERE {{ GRAPH {target} {{ {flag.subject} {flag.predicate} ?old }} }}" for flag in batch.flags]
    return " ;\n".join(parts + insert_data(batch.all_inserts()))


# A batch staged for a server that keeps the earlier operations of a request when a later one fails (Virtuoso):
# its parts are written as records into a staging graph (any number of requests: no query matches them), then one
# DELETE/INSERT operation, which such a server runs as one statement (all of it or none), applies them and drops
# the records. Records are IRIs of the staging graph (no blank nodes), one per item, flag or inserted triple.
STAGED = "urn:crosswalk:staging#"
_APPLY = """PREFIX st: <urn:crosswalk:staging#>
DELETE {{ GRAPH ?tg {{ ?s ?p ?o }} GRAPH {staging} {{ ?r ?rp ?ro }} }}
INSERT {{ GRAPH ?ig {{ ?is ?ip ?io }} }}
WHERE {{
  {owned}
  UNION {{ GRAPH {staging} {{ ?f st:clear ?s ; st:predicate ?p ; st:graph ?tg }} GRAPH ?tg {{ ?s ?p ?o }} }}
  UNION {{ GRAPH {staging} {{ ?t st:subject ?is ; st:predicate ?ip ; st:object ?io ; st:graph ?ig }} }}
  UNION {{ GRAPH {staging} {{ ?r ?rp ?ro }} }}
}}"""


def staged_batch(batch: Batch, staging: str, markers: Mapping[str, str]) -> tuple[list[str], str]:
    """(the operations that stage ``batch`` in the graph ``staging``, the one operation that applies it).
    ``markers``: marker graph -> its new token, replaced by the same operation."""
    st = {name: NamedNode(STAGED + name) for name in ("item", "clear", "subject", "predicate", "object", "graph")}
    records: list[Triple] = []
    count = 0

    def record(*pairs: tuple[str, Term]) -> None:
        nonlocal count
        node = NamedNode(f"{staging}#{count}")
        count += 1
        records.extend(Triple(node, st[name], value) for name, value in pairs)

    target = NamedNode(batch.graph)
    for item in batch.items:
        record(("item", NamedNode(item)), ("graph", target))
    inserts = {graph: list(triples) for graph, triples in batch.all_inserts().items()}
    clears = [(target, flag) for flag in batch.flags]
    for marker, token in markers.items():
        meta = NamedNode(marker)
        clears.append((meta, Triple(meta, NamedNode(GENERATION), Literal(token))))
        inserts.setdefault(marker, []).append(clears[-1][1])
    for graph, flag in clears:
        record(("clear", flag.subject), ("predicate", flag.predicate), ("graph", graph))
    for name, triples in inserts.items():
        for t in triples:
            record(("subject", t.subject), ("predicate", t.predicate), ("object", t.object), ("graph", NamedNode(name)))
    staged = str(NamedNode(staging))
    owned = _owned("?tg", f"GRAPH {staged} {{ ?d st:item ?item ; st:graph ?tg }}")
    return insert_data({staging: records}), _APPLY.format(staging=staged, owned=owned)


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
    parts = replace_graphs(replacements)
    for graph, (removed, added) in patches.items():
        parts += insert_data({graph: removed}, "DELETE") + insert_data({graph: added})
    return " ;\n".join(parts)
