"""Framework versions the store declares (imported OSCAL catalogs), added to the framework registry.

The registry (content/frameworks.py) stays the one place the engine reads framework facts from; a catalog imported
into a store states its facts on its version node (prefix, assessed kinds, summary level), and this module
registers them when an engine starts on that store and again after every import.
"""

from __future__ import annotations

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.content.frameworks import FrameworkVersionSpec, register, unregister_missing
from crosswalk.store.base import GraphStore, text_of


def register_declared(store: GraphStore) -> list[FrameworkVersionSpec]:
    specs = []
    for row in store.select(queries.text("api/declared-versions")):
        key, framework = text_of(row, "key") or "", text_of(row, "framework") or ""
        version = key.removeprefix(framework + "/")
        kinds = tuple(sorted(k.removeprefix(ns.ONTOLOGY) for k in (text_of(row, "kinds") or "").split("|") if k))
        spec = FrameworkVersionSpec(
            framework, version, text_of(row, "prefix") or "", "", "",
            assessed_kinds=kinds, summary_level=text_of(row, "summary") or "parent", imported=True,
        )  # fmt: skip
        register(spec)
        specs.append(spec)
    unregister_missing({spec.key for spec in specs})
    return specs
