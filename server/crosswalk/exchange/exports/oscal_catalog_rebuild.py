"""An imported OSCAL catalog exported as the catalog it was: rebuilt from the OSCAL objects the import kept.

Each group and control keeps its OSCAL object without its children (cw:oscalSource) and the version its catalog's
uuid, metadata, params and back-matter, so the export nests them again by cw:partOf and cw:order. The result is
the imported document's content (key order aside), so it validates as it did and re-imports to the same graph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from pyoxigraph import NamedNode

from crosswalk.exchange.exports.source import ExportContext, ExportError
from crosswalk.exchange.oscal_common import OSCAL_VERSION
from crosswalk.store.base import text_of

SCHEMA_URI = f"http://csrc.nist.gov/ns/oscal/{OSCAL_VERSION}/oscal-catalog-schema.json"


def rebuilt(ctx: ExportContext, version_iri: str) -> dict[str, Any]:
    rows = ctx.engine.named("api/oscal-sources", {"version": [NamedNode(version_iri)]})
    head: dict[str, Any] | None = None
    nodes: dict[str, dict[str, Any]] = {}
    is_group: dict[str, bool] = {}
    children: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        node, source = text_of(row, "node") or "", json.loads(text_of(row, "source") or "{}")
        if node == version_iri:
            head = source
            continue
        nodes[node] = source
        is_group[node] = text_of(row, "group") == "true"
        children[text_of(row, "parent") or version_iri].append((int(text_of(row, "order") or 0), node))
    if head is None:
        raise ExportError(f"{version_iri} was not imported from an OSCAL catalog")

    def nest(holder: dict[str, Any], parent: str) -> None:
        for _, child in sorted(children.get(parent, [])):
            key = "groups" if is_group[child] else "controls"
            item = dict(nodes[child])
            nest(item, child)
            holder.setdefault(key, []).append(item)

    document = dict(head)
    nest(document, version_iri)
    ordered = {
        k: document[k] for k in ("uuid", "metadata", "params", "controls", "groups", "back-matter") if k in document
    }
    return {"$schema": SCHEMA_URI, "catalog": ordered}
