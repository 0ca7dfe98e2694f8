"""OSCAL 1.2 mapping collections to records: schema-valid, value-checked, then one record per source-target pair.

Our own exports carry every record field in props (oscal_common.RECORD_PROPS) and are read back exactly. For
other collections: a resource whose href is one of our version IRIs has its id-refs resolved in that version (ids
or notations; unknown ones are reported with suggestions); any other href is a foreign catalog, and its items
become IRIs ``href#id-ref``. The OSCAL relationship maps to IR 8477 (equivalent-to: supportive 'equivalent',
the others: set theory), the method to a SEMAPV justification. The set's license must be stated (a metadata link
with rel 'license'), since every mapping set records one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.iri_base import IriBase
from crosswalk.content.mapping_records import Problem
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.resolver import ElementResolver
from crosswalk.exchange.imports.checks import known_elements
from crosswalk.exchange.imports.common import CW, ImportedSet, ImportOptions, mark_imported, slug
from crosswalk.exchange.oscal_common import (
    CANONICAL,
    DESCRIPTION,
    EXPLANATION,
    OSCAL_NS,
    PROP_NS,
    RECORD_PROPS,
    RELATIONSHIP_NS,
    SET_PROPS,
    from_token,
    schema_problems,
    semantic_problems,
)
from crosswalk.store.base import GraphStore

# OSCAL token -> (IR 8477 style, type) for collections that do not say more.
FROM_OSCAL = {
    "equal-to": ("set-theory", "equal"),
    "equivalent-to": ("supportive", "equivalent"),
    "subset-of": ("set-theory", "subset-of"),
    "superset-of": ("set-theory", "superset-of"),
    "intersects-with": ("set-theory", "intersects-with"),
    "no-relationship": ("set-theory", "no-relationship"),
}
JUSTIFICATION = {"human": "ManualMappingCuration", "automation": "UnspecifiedMatching", "hybrid": "CompositeMatching"}


@dataclass
class _Context:
    file: str
    base: IriBase
    known: set[str]
    repository: ElementResolver
    method: str
    rationale: str | None
    problems: list[Problem]


def read(
    text: str, file: str, store: GraphStore, base: IriBase, _: ImportOptions | None = None
) -> tuple[list[ImportedSet], list[Problem]]:
    """OSCAL collections are read strictly: the schema leaves no row to mend."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [Problem(file, error.lineno, None, None, f"not valid JSON: {error.msg} (column {error.colno})")]
    messages = schema_problems(document) + semantic_problems(document)
    if messages:
        return [], [Problem(file, None, None, *m.split(": ", 1)) for m in messages]
    collection = document["mapping-collection"]
    provenance = collection["provenance"]
    ctx = _Context(
        file, base, known_elements(store), ElementResolver(store), provenance["method"],
        provenance.get("matching-rationale"), [],
    )  # fmt: skip
    sets: dict[str, ImportedSet] = {}
    resources = _set_resources(collection, base)
    mappings = collection["mappings"]
    for m_index, mapping in enumerate(mappings if isinstance(mappings, list) else [mappings]):
        set_iri = next((base.stored(p["value"]) for p in _props(mapping) if p["name"] == "mapping-set"), None)
        if set_iri is None:
            set_iri = f"urn:uuid:{collection['uuid']}"
        if set_iri not in sets:
            sets[set_iri] = _new_set(set_iri, collection, resources.get(set_iri), ctx)
        imported = sets[set_iri]
        source = _version(mapping["source-resource"]["href"], base)
        target = _version(mapping["target-resource"]["href"], base)
        rationale = mapping.get("matching-rationale", ctx.rationale)
        for index, entry in enumerate(mapping["maps"]):
            where = f"{file} $.mapping-collection.mappings[{m_index}].maps[{index}]"
            _add_map(imported, entry, mapping, (source, target), entry.get("matching-rationale", rationale), where, ctx)
    for imported in sets.values():
        mark_imported(imported.graph)
    return list(sets.values()), ctx.problems


def _props(node: dict[str, Any]) -> list[dict[str, str]]:
    return [p for p in node.get("props", []) if p.get("ns") == PROP_NS]


def _canonical(node: dict[str, Any]) -> str | None:
    return next((link["href"] for link in node.get("links", []) if link.get("rel") == CANONICAL), None)


def _set_resources(collection: dict[str, Any], base: IriBase) -> dict[str, dict[str, Any]]:
    found = {}
    for resource in collection.get("back-matter", {}).get("resources", []):
        for prop in _props(resource):
            if prop["name"] == "mapping-set":
                found[base.stored(prop["value"])] = resource
    return found


def _version(href: str, base: IriBase) -> str | None:
    stored = base.stored(href).rstrip("/")
    return next((spec.iri for spec in FRAMEWORK_VERSIONS.values() if spec.iri == stored), None)


def _new_set(iri: str, collection: dict[str, Any], resource: dict[str, Any] | None, ctx: _Context) -> ImportedSet:
    set_id = slug(iri) if not iri.startswith("urn:uuid:") else "oscal-" + iri.rsplit(":", 1)[-1]
    graph = Graph()
    node = URIRef(iri)
    graph.add((node, RDF.type, CW.MappingSet))
    if resource is not None and any(p["name"] == "identifier" for p in _props(resource)):
        _add_fields(graph, node, _props(resource), SET_PROPS, ctx.base)
        if resource.get("description"):
            graph.add((node, URIRef(DESCRIPTION), Literal(resource["description"])))
    else:
        metadata = collection["metadata"]
        graph.add((node, DCTERMS.identifier, Literal(set_id)))
        graph.add((node, DCTERMS.title, Literal(metadata["title"])))
        graph.add((node, DCTERMS.description, Literal(collection["provenance"]["mapping-description"])))
        graph.add((node, DCTERMS.date, Literal(metadata["last-modified"][:10])))
        license_iri = next((link["href"] for link in metadata.get("links", []) if link.get("rel") == "license"), None)
        if license_iri:
            graph.add((node, DCTERMS.license, URIRef(license_iri)))
        else:
            reason = "no license: state it as a metadata link with rel 'license' (every mapping set records one)"
            ctx.problems.append(Problem(ctx.file, None, None, "$.mapping-collection.metadata.links", reason))
    return ImportedSet(iri, set_id, graph)


def _add_fields(graph: Graph, node: URIRef, props: Iterable[dict[str, str]], table: Any, base: IriBase) -> None:
    kinds = {name: (predicate, kind) for name, predicate, kind in table}
    for prop in props:
        if prop["name"] not in kinds:
            continue
        predicate, kind = kinds[prop["name"]]
        text = prop["value"]
        term: URIRef | Literal
        if kind == "iri":
            term = URIRef(base.stored(text))
        elif kind == "integer":
            term = Literal(int(text)) if text.lstrip("-").isdigit() else Literal(text)
        elif kind == "date":
            term = Literal(text, datatype=XSD.date)
        else:
            term = Literal(text)
        graph.add((node, URIRef(predicate), term))


def _end(item: dict[str, Any], version: str | None, href: str, ctx: _Context) -> str:
    link = _canonical(item)
    if link:
        return ctx.base.stored(link)
    id_ref = item["id-ref"]
    if version is None:
        return href + ("" if href.endswith(("/", "#")) else "#") + id_ref
    iri = f"{version}/{from_token(id_ref)}"
    if iri in ctx.known:
        return iri
    try:  # a notation or another spelling of an element of that version
        return ctx.repository.resolve(id_ref, version.removeprefix(ns.ID))
    except LookupError:
        return f"{version}/{quote(from_token(id_ref), safe='')}"  # reported by the reference check, with suggestions


def _add_map(
    imported: ImportedSet,
    entry: dict[str, Any],
    mapping: dict[str, Any],
    versions: tuple[str | None, str | None],
    rationale: str | None,
    where: str,
    ctx: _Context,
) -> None:
    graph, vocab = imported.graph, vocabulary()
    props = _props(entry)
    ours = any(p["name"] == "mapping-style" for p in props)
    pairs = [(s, t) for s in entry["sources"] for t in entry["targets"]]
    for number, (source, target) in enumerate(pairs, start=1):
        suffix = f"-{number}" if len(pairs) > 1 else ""
        # A map of several sources or targets is one record per pair: its canonical link (one IRI) names a record
        # only when the map has one pair, else every pair would merge into one node.
        record_iri = ctx.base.stored(_canonical(entry) or "") if ours and _canonical(entry) and not suffix else None
        record = URIRef(record_iri or f"{ns.MAPPINGS}{imported.id}/{entry['uuid']}{suffix}")
        imported.where[str(record)] = where
        graph.add((record, RDF.type, CW.Mapping))
        graph.add((record, CW.inMappingSet, imported.node))
        graph.add((record, CW.subject, URIRef(_end(source, versions[0], mapping["source-resource"]["href"], ctx))))
        graph.add((record, CW.object, URIRef(_end(target, versions[1], mapping["target-resource"]["href"], ctx))))
        if entry.get("remarks"):
            graph.add((record, URIRef(EXPLANATION), Literal(entry["remarks"])))
        if ours:
            _add_fields(graph, record, props, RECORD_PROPS, ctx.base)
            stated = graph.value(record, CW.recordId)
            if suffix and stated is not None:  # each pair its own record id
                graph.set((record, CW.recordId, Literal(f"{stated}{suffix}")))
            _check_relationship(graph, record, entry, where, ctx)
            continue
        style, notation = _relationship(entry)
        rel = vocab.relationships[(style, notation)]
        graph.add((record, CW.recordId, Literal(f"{entry['uuid']}{suffix}")))
        graph.add((record, CW.mappingStyle, URIRef(vocab.styles[style])))
        graph.add((record, CW.relationship, URIRef(rel.iri)))
        if rationale and vocab.concept("rationale", rationale):
            graph.add((record, CW.rationale, URIRef(vocab.concept("rationale", rationale) or "")))
        graph.add((record, CW.skosPredicate, URIRef(rel.skos or ns.SKOS + "relatedMatch")))
        if notation == "no-relationship":
            graph.add((record, CW.predicateModifier, Literal("Not")))
        graph.add((record, CW.justification, URIRef(ns.SEMAPV + JUSTIFICATION[entry.get("method", ctx.method)])))
        graph.add((record, CW.reviewStatus, URIRef(ns.VOCAB + "review-unreviewed")))


def _relationship(entry: dict[str, Any]) -> tuple[str, str]:
    """IR 8477 (style, type) of a map that has no props of ours; another organisation's tokens are 'related to'."""
    token, namespace = entry["relationship"], entry.get("ns", OSCAL_NS).rstrip("/")
    if namespace == RELATIONSHIP_NS.rstrip("/"):
        styles = [style for style, notation in vocabulary().relationships if notation == token]
        return ("set-theory" if "set-theory" in styles else styles[0]), token
    if namespace == OSCAL_NS:
        return FROM_OSCAL.get(token, ("crosswalk", "related-to"))
    return "crosswalk", "related-to"


def _check_relationship(graph: Graph, record: URIRef, entry: dict[str, Any], where: str, ctx: _Context) -> None:
    """The props say which IR 8477 type; the OSCAL token must say the same thing."""
    iri = graph.value(record, CW.relationship)
    if iri is None:
        ctx.problems.append(Problem(where, None, None, "props", "a 'mapping-style' prop needs a 'relationship' prop"))
        return
    try:
        rel = vocabulary().relationship_by_iri(str(iri))
    except KeyError:
        ctx.problems.append(Problem(where, None, None, "props", f"unknown relationship {iri}"))
        return
    expected = (rel.oscal, None) if rel.oscal else (rel.notation, RELATIONSHIP_NS)
    if (entry["relationship"], entry.get("ns")) != expected:
        reason = f"relationship {entry['relationship']!r} disagrees with the record's type {rel.notation!r}"
        ctx.problems.append(Problem(where, None, None, "relationship", reason))
