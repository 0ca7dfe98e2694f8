"""Helpers for the exchange tests: stores, graphs read back, and the OSCAL catalog schema."""

from __future__ import annotations

import copy
import io
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Graph

from crosswalk.content.iri_base import IriBase
from crosswalk.engine.publish import load
from crosswalk.engine.read_models import Engine
from crosswalk.exchange.exports import ExportContext, Selection, export
from crosswalk.exchange.oscal_common import schema
from crosswalk.store import GraphStore, open_store
from tests.conftest import REPO

DATA = Path(__file__).parent / "fixtures"


def catalogs_only_store(directory: Path, sets: Sequence[str] = ()) -> Path:
    """A store with the ontology, every catalog and only the named mapping sets (none by default): where round trips
    are read back and imports are tried."""
    root = directory / "root"
    shutil.copytree(REPO / "ontology", root / "ontology")
    (root / "mappings").mkdir(parents=True)
    for set_id in sets:
        shutil.copy(REPO / "mappings" / f"{set_id}.sssom.tsv", root / "mappings")
    path = directory / "store"
    store = open_store(path)
    try:
        load(store, root=root)
    finally:
        store.close()
    return path


def named_graph(store: GraphStore, graph: str) -> Graph:
    data = pyoxigraph.serialize((q.triple for q in store.quads([graph])), format=pyoxigraph.RdfFormat.N_TRIPLES)
    result = Graph()
    result.parse(data=bytes(data).decode("utf-8"), format="nt")
    return result


def exported(store: GraphStore, format_name: str, base: IriBase | None = None, **selection: Any) -> bytes:
    out = io.BytesIO()
    ctx = ExportContext(Engine(store), base) if base else ExportContext(Engine(store))
    export(ctx, format_name, Selection(**selection), out)
    return out.getvalue()


def catalog_schema() -> dict[str, Any]:
    """The OSCAL 1.2.1 catalog model (catalog, group, control, as in oscal_catalog_schema.json 1.2.1) declared over
    the shared definitions (metadata, property, link, part, parameter, datatypes) of the 1.2.1 mapping schema."""
    document = copy.deepcopy(schema())
    definitions = document["definitions"]

    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/definitions/{name}"}

    def array(item: dict[str, Any]) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "items": item}

    meta, common = "oscal-mapping-oscal-metadata:", "oscal-mapping-oscal-control-common:"
    fields = {
        "id": ref("TokenDatatype"),
        "class": ref("TokenDatatype"),
        "title": ref("MarkupLineDatatype"),
        "params": array(ref(common + "parameter")),
        "props": array(ref(meta + "property")),
        "links": array(ref(meta + "link")),
        "parts": array(ref(common + "part")),
    }
    definitions["catalog:control"] = {
        "type": "object",
        "properties": {**fields, "controls": array(ref("catalog:control"))},
        "required": ["id", "title"],
        "additionalProperties": False,
    }
    definitions["catalog:group"] = {
        "type": "object",
        "anyOf": [
            {"properties": {**fields, "groups": array(ref("catalog:group"))}, "required": ["title"],
             "additionalProperties": False},
            {"properties": {**fields, "controls": array(ref("catalog:control"))}, "required": ["title"],
             "additionalProperties": False},
        ],
    }  # fmt: skip
    definitions["catalog:catalog"] = {
        "type": "object",
        "properties": {
            "uuid": ref("UUIDDatatype"),
            "metadata": ref(meta + "metadata"),
            "params": array(ref(common + "parameter")),
            "controls": array(ref("catalog:control")),
            "groups": array(ref("catalog:group")),
            "back-matter": ref(meta + "back-matter"),
        },
        "required": ["uuid", "metadata"],
        "additionalProperties": False,
    }
    document["properties"] = {"$schema": ref("json-schema-directive"), "catalog": ref("catalog:catalog")}
    document["required"] = ["catalog"]
    return document
