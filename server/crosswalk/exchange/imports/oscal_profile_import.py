"""An OSCAL profile (a baseline) as a named selection (cw:Selection) of one framework version's elements.

The same model as the SP 800-53B baselines of the generated catalog (content/generate/sp_800_53.add_baseline):
skos:member for each selected id that is an element of the version, cw:unresolvedMember for the others, kept as
written. The profile is validated against NIST's profile schema; only selection by id is read (include-controls
with-ids), since that is what a baseline is. The version is named by the user (--selects), as a profile's import
href is a relative file path that says nothing about which catalog in this store it means.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import UnknownVersion, find_version
from crosswalk.content.generate.oscal_catalog_reader import selected_ids
from crosswalk.content.iri_base import IriBase
from crosswalk.content.mapping_records import Problem
from crosswalk.exchange.imports.checks import known_elements
from crosswalk.exchange.imports.common import ImportOptions, ImportRejected
from crosswalk.exchange.imports.oscal_catalog_import import slug_of
from crosswalk.exchange.oscal_common import model_problems
from crosswalk.store.base import GraphStore

SELECTION_GRAPH = ns.IMPORTED_SELECTION_PREFIX


def selection_iri(selection_id: str) -> str:
    return f"{ns.ID}imported/selection/{selection_id}"


def write(text: str, file: str, store: GraphStore, base: IriBase, options: ImportOptions) -> tuple[str, str, int]:
    """Validate, resolve the ids in the chosen version, write the selection's own graph. (IRI, version, members)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRejected([Problem(file, error.lineno, None, None, f"not valid JSON: {error.msg}")]) from error
    messages = model_problems(document, "profile")
    if messages:
        raise ImportRejected([Problem(file, None, None, *m.split(": ", 1)) for m in messages])
    if not options.selects:
        reason = "say which framework version the profile selects from (--selects, e.g. sp-800-53/5.0.1)"
        raise ImportRejected([Problem(file, None, None, "--selects", reason)])
    try:
        spec = find_version(base.stored(options.selects))
    except UnknownVersion as error:
        raise ImportRejected([Problem(file, None, None, "--selects", str(error))]) from error
    profile = document["profile"]
    try:
        ids = selected_ids(profile, file)
    except ValueError as error:
        raise ImportRejected([Problem(file, None, None, "$.profile.imports", str(error))]) from error
    known = known_elements(store)
    members = [i for i in ids if spec.element_base + i in known]
    missing = [i for i in ids if i not in members]
    selection_id = slug_of(options.name or Path(file).stem.split(".")[0])
    node = NamedNode(selection_iri(selection_id))
    metadata = profile["metadata"]

    def add(p: str, o: NamedNode | Literal) -> None:
        triples.append(Triple(node, NamedNode(p), o))

    triples: list[Triple] = []
    add(ns.RDF + "type", NamedNode(ns.ONTOLOGY + "Selection"))
    add(ns.DCTERMS + "identifier", Literal(selection_id))
    add(ns.DCTERMS + "title", Literal(metadata["title"], language="en"))
    add(ns.SKOS + "prefLabel", Literal(metadata["title"], language="en"))
    add(ns.OWL + "versionInfo", Literal(str(metadata["version"])))
    modified = dt.date.fromisoformat(str(metadata["last-modified"])[:10])
    add(ns.DCTERMS + "modified", Literal(modified.isoformat(), datatype=NamedNode(ns.XSD + "date")))
    add(ns.ONTOLOGY + "selectionOf", NamedNode(spec.iri))
    add(ns.DCTERMS + "source", Literal(f"{file} (OSCAL profile, uuid {profile['uuid']})"))
    for member in members:
        add(ns.SKOS + "member", NamedNode(spec.element_base + member))
    for absent in missing:
        add(ns.ONTOLOGY + "unresolvedMember", Literal(absent))
    add(ns.ONTOLOGY + "memberCount", Literal(len(members)))
    add(ns.DCTERMS + "description", Literal(
        f"The OSCAL profile {metadata['title']!r} (version {metadata['version']}) selects {len(ids)} ids, of which "
        f"{len(members)} are elements of {spec.key} and {len(missing)} are not (cw:unresolvedMember). Selection by "
        "id only (parameter settings and alterations are not read).", language="en"))  # fmt: skip
    store.replace_graphs({SELECTION_GRAPH + selection_id: triples})
    return str(node.value), spec.key, len(members)
