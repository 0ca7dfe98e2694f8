"""Catalog of the CoSAI Risk Map (Coalition for Secure AI, an OASIS Open Project) from its own YAML files.

36 risks (cw:Risk) in 5 risk categories, 35 controls (cw:Control) in 6 control categories, 23 system components
(cw:SystemComponent) in 3 component categories and 7 subcategories, and 10 personas (cw:Persona; the 2 legacy ones
``owl:deprecated``), plus the lifecycle-stage, impact-type and actor-access vocabularies as SKOS concept schemes
that risks and controls point to. Every id is CoSAI's own (``riskDataPoisoning``), used as local id and notation;
titles and prose are the YAML's words. The risk -> control links and CoSAI's mappings to MITRE ATLAS, the NIST AI
RMF and the OWASP LLM Top 10 are mapping sets (``cosai_risk_map_mappings``); mapping values to frameworks the
graph does not catalog (STRIDE, ISO/IEC 22989) stay labels on the element (cw:externalMappingValue), never invented
elements.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.builder import CW, CatalogBuilder, Locator, load_json

COSAI = FRAMEWORK_VERSIONS["cosai-risk-map/2026-06-10"]
REPO = "https://github.com/cosai-oasis/secure-ai-tooling"
COMMIT = "18ab1ef17e5c0b09ded45287fdd1977605de80ad"
CONTENT_COMMIT = "069334961a0dd3393fa3e25a5df8b8978c0e49f1"  # last change to risks, controls and personas
ISSUED = "2026-06-10"
LICENSE = "https://www.apache.org/licenses/LICENSE-2.0"
PUBLISHER = "Coalition for Secure AI (CoSAI), an OASIS Open Project"
ATTRIBUTION = (
    "CoSAI Risk Map, Coalition for Secure AI (an OASIS Open Project), " + REPO + ". risks.yaml, controls.yaml, "
    'components.yaml and personas.yaml: "Copyright 2025 Google LLC / Licensed under the Apache License, Version '
    '2.0". The repository is licensed under the Apache License 2.0 (' + LICENSE + "), followed in its LICENSE.md "
    'by the OASIS "Non-Assertion Covenant for Standards Track Project Specifications". Taken from '
    f"{REPO} @ {COMMIT[:8]} (risk-map/yaml/). Changes: risks, controls, components and personas recorded as RDF "
    "with their ids, titles and prose unchanged, and the lifecycle-stage, impact-type and actor-access "
    "vocabularies as SKOS concept schemes; tour content, persona responsibilities and identification questions "
    "left out."
)
# Mapping keys of frameworks the graph does not catalog: their values stay labels on the element.
UNLINKED_FRAMEWORKS = ("stride", "iso-22989", "eu-ai-act")


@dataclass(frozen=True)
class Part:
    """One YAML file of the Risk Map: its list key, element class and the section its elements cite."""

    file: str
    key: str
    kind: str
    section: str

    @property
    def document(self) -> str:
        return f"CoSAI Risk Map (risk-map/yaml/{self.file})"


RISKS = Part("risks.yaml", "risks", "Risk", "Risks")
CONTROLS = Part("controls.yaml", "controls", "Control", "Controls")
COMPONENTS = Part("components.yaml", "components", "SystemComponent", "Components")
PERSONAS = Part("personas.yaml", "personas", "Persona", "Personas")
FRAMEWORKS_FILE = "frameworks.yaml"
RISK_SCHEMA = "CoSAI Risk Map (risk-map/schemas/risks.schema.json)"


@dataclass(frozen=True)
class Vocabulary:
    """One of CoSAI's controlled vocabularies that risks and controls use (lifecycle stage, impact type, actor
    access): a SKOS concept scheme of the version, its terms named by CoSAI's ids."""

    file: str  # e.g. lifecycle-stage.yaml
    key: str  # the list key in the file
    field: str  # the field on risks and controls
    link: URIRef  # property from a risk or control to a term
    kind: URIRef  # class of a term

    @property
    def slug(self) -> str:
        return self.file.removesuffix(".yaml")


VOCABULARIES = (
    Vocabulary("lifecycle-stage.yaml", "lifecycleStages", "lifecycleStage", CW.lifecycleStage, CW.LifecycleStage),
    Vocabulary("impact-type.yaml", "impactTypes", "impactType", CW.impactType, SKOS.Concept),
    Vocabulary("actor-access.yaml", "actorAccessLevels", "actorAccess", CW.actorAccess, SKOS.Concept),
)
RISK_CATEGORY_ENUM = "definitions/risk/properties/category (enum)"


def yaml_folder(reference_dir: Path) -> Path:
    return reference_dir / COSAI.reference_folder / "yaml"


@cache
def load(reference_dir: Path, file: str) -> dict[str, Any]:
    """One Risk Map YAML file, parsed."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (yaml_folder(reference_dir) / file).open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=loader)
    return data


def entries(reference_dir: Path, part: Part) -> list[dict[str, Any]]:
    return list(load(reference_dir, part.file)[part.key])


def prose(paragraphs: list[Any]) -> str:
    """A prose field as one text: paragraphs (folded, so ending in a newline) apart by a blank line; the items of a
    nested list one per line, each after "- ". The words are the YAML's; only the layout is ours."""
    blocks = []
    for paragraph in paragraphs:
        if isinstance(paragraph, list):
            blocks.append("\n".join(f"- {str(item).strip()}" for item in paragraph))
        else:
            blocks.append(str(paragraph).strip())
    return "\n\n".join(blocks)


def mapping_values(entry: dict[str, Any], framework: str) -> list[str]:
    """The entry's mapping values for one ``frameworks.yaml`` id, verbatim (``AML.T0020@5.0.1``)."""
    return [str(value) for value in (entry.get("mappings") or {}).get(framework, [])]


def titles(reference_dir: Path) -> dict[str, str]:
    """Id -> title of every risk, control, component and persona."""
    return {
        e["id"]: e["title"] for part in (RISKS, CONTROLS, COMPONENTS, PERSONAS) for e in entries(reference_dir, part)
    }


def build(reference_dir: Path) -> Graph:
    b = CatalogBuilder(COSAI)
    b.framework(
        title="CoSAI Risk Map",
        description="The Coalition for Secure AI's map of AI system risks, the controls that mitigate them, the "
        "system components they affect and the personas responsible, published as YAML for reuse.",
        publisher=PUBLISHER,
    )
    cited = load(reference_dir, FRAMEWORKS_FILE)["frameworks"]
    version = b.version(
        title="CoSAI Risk Map (secure-ai-tooling, content of 2026-06-10)",
        version_label=f"{ISSUED} ({CONTENT_COMMIT[:7]})",
        publisher=PUBLISHER,
        issued=ISSUED,
        status="final",
        completeness="partial",
        license_iri=LICENSE,
        attribution=ATTRIBUTION,
        source=REPO,
        derived_from=[f"{REPO}/tree/{COMMIT}/risk-map/yaml"],
        completeness_note="All 36 risks, 5 risk categories, 35 controls, 6 control categories, 23 components (3 "
        "categories, 7 subcategories, their data-flow edges) and 10 personas; the 8 lifecycle stages, 10 impact "
        "types and 9 actor-access levels as SKOS concepts (<version>/lifecycle-stage/<CoSAI id>, ...), not "
        "elements. The Risk Map has no release numbers: the version is the date of commit "
        f"{CONTENT_COMMIT[:7]}, the last change to risks.yaml, controls.yaml and personas.yaml in snapshot "
        f"{COMMIT[:7]} (2026-08-19). Not cataloged: tour content, persona responsibilities and identification "
        "questions. Prose keeps CoSAI's "
        "{{ref:...}} and {{...}} sentinels; a ref sentinel resolves to the element's cw:reference of that id. "
        "Category ids are CoSAI's; the risk categories are listed (ids only, no titles, so no label) in "
        "risks.schema.json, in the order used here.",
    )
    for framework in cited:
        label = f"{framework['versionId']} ({framework['name']}: {framework['fullName']})"
        b.add(version, CW.citedFramework, Literal(label))
    personas = {p["id"]: _persona(b, p, order) for order, p in enumerate(entries(reference_dir, PERSONAS), start=1)}
    components = _components(b, reference_dir)
    terms = {vocabulary: _vocabulary(b, reference_dir, vocabulary) for vocabulary in VOCABULARIES}
    for part in (RISKS, CONTROLS):
        for entry in entries(reference_dir, part):
            for vocabulary, nodes in terms.items():
                for term in entry.get(vocabulary.field) or []:
                    b.add(b.iri(entry["id"]), vocabulary.link, nodes[term])
    _risks(b, reference_dir, personas)
    _controls(b, reference_dir, personas, components)
    return b.finish()


def term_iri(vocabulary: Vocabulary, term: str) -> URIRef:
    """A term under its scheme: <version>/lifecycle-stage/data-preparation (the file's name and CoSAI's id)."""
    return URIRef(f"{COSAI.element_base}{vocabulary.slug}/{term}")


def _vocabulary(b: CatalogBuilder, reference_dir: Path, vocabulary: Vocabulary) -> dict[str, URIRef]:
    """The scheme and its terms (SKOS concepts, not elements: CoSAI's values, not content to assess)."""
    data = load(reference_dir, vocabulary.file)
    scheme = URIRef(COSAI.element_base + vocabulary.slug)
    document = Literal(f"CoSAI Risk Map (risk-map/yaml/{vocabulary.file})")
    b.add(scheme, RDF.type, SKOS.ConceptScheme)
    b.text(scheme, SKOS.prefLabel, data["title"])
    b.text(scheme, SKOS.definition, prose(data["description"]))
    b.add(scheme, CW.sourceDocument, document)
    nodes = {}
    for order, term in enumerate(data[vocabulary.key], start=1):
        node = nodes[term["id"]] = term_iri(vocabulary, term["id"])
        for kind in {vocabulary.kind, SKOS.Concept}:
            b.add(node, RDF.type, kind)
        b.add(node, SKOS.inScheme, scheme)
        b.add(node, SKOS.notation, Literal(term["id"]))
        b.text(node, SKOS.prefLabel, term["title"])
        b.text(node, SKOS.definition, str(term["description"]).strip())
        b.add(node, CW.order, Literal(int(term.get("order", order))))
        b.add(node, CW.sourceDocument, document)
    return nodes


def _element(b: CatalogBuilder, part: Part, entry: dict[str, Any], order: int, parent: URIRef | None) -> URIRef:
    field = "shortDescription" if part is RISKS else "description"
    node = b.element(
        part.kind,
        entry["id"],
        locator=Locator(part.document, section=part.section),
        notation=entry["id"],
        label=entry["title"],
        statement=prose(entry[field]),
        parent=parent,
        order=order,
    )
    for framework in UNLINKED_FRAMEWORKS:
        for value in mapping_values(entry, framework):
            b.add(node, CW.externalMappingValue, Literal(f"{framework}: {value}"))
    return node


def _category(b: CatalogBuilder, part: Part, category: dict[str, Any], order: int, parent: URIRef | None) -> URIRef:
    description = category.get("description")
    return b.element(
        "Category",
        category["id"],
        locator=Locator(part.document, section=part.section),
        notation=category["id"],
        label=category["title"],
        statement=prose(description) if description else None,
        parent=parent,
        order=order,
    )


def _in_categories(
    b: CatalogBuilder, part: Part, items: list[dict[str, Any]], categories: dict[str, URIRef]
) -> dict[str, URIRef]:
    """The part's elements, each part of its category (a component: of its subcategory, where it has one),
    numbered in file order within it."""
    counts: dict[str, int] = {}
    nodes = {}
    for entry in items:
        category = entry.get("subcategory") or entry["category"]
        counts[category] = counts.get(category, 0) + 1
        nodes[entry["id"]] = _element(b, part, entry, counts[category], categories[category])
    return nodes


def _persona(b: CatalogBuilder, persona: dict[str, Any], order: int) -> URIRef:
    node = _element(b, PERSONAS, persona, order, None)
    if persona.get("deprecated"):
        b.add(node, OWL.deprecated, Literal(True))
    return node


def _components(b: CatalogBuilder, reference_dir: Path) -> dict[str, URIRef]:
    data = load(reference_dir, COMPONENTS.file)
    groups: dict[str, URIRef] = {}
    for order, category in enumerate(data["categories"], start=1):
        groups[category["id"]] = _category(b, COMPONENTS, category, order, None)
        for sub_order, sub in enumerate(category.get("subcategory", []), start=1):
            groups[sub["id"]] = _category(b, COMPONENTS, sub, sub_order, groups[category["id"]])
    items = data["components"]
    nodes = _in_categories(b, COMPONENTS, items, groups)
    for entry in items:
        for target in entry.get("edges", {}).get("to", []):
            b.add(nodes[entry["id"]], CW.dataFlowTo, nodes[target])
    return nodes


def risk_categories(reference_dir: Path) -> list[str]:
    """The risk category ids in the order risks.schema.json lists them (risks.yaml names them only on the risks)."""
    schema = load_json(reference_dir / COSAI.reference_folder / "schemas" / "risks.schema.json")
    return list(schema["definitions"]["risk"]["properties"]["category"]["enum"])


def _risks(b: CatalogBuilder, reference_dir: Path, personas: dict[str, URIRef]) -> None:
    items = entries(reference_dir, RISKS)
    where = Locator(RISK_SCHEMA, section=RISK_CATEGORY_ENUM)
    categories = {
        category: b.element("Category", category, locator=where, notation=category, order=order)
        for order, category in enumerate(risk_categories(reference_dir), start=1)
    }
    nodes = _in_categories(b, RISKS, items, categories)
    for entry in items:
        node = nodes[entry["id"]]
        b.text(node, CW.description, prose(entry["longDescription"]))
        for example in entry.get("examples", []):
            b.text(node, SKOS.example, prose([example]))
        for reference in entry.get("externalReferences", []):
            b.add(node, CW.reference, Literal(reference_text(reference)))
        for persona in entry.get("personas", []):
            b.add(node, CW.persona, personas[persona])


def reference_text(reference: dict[str, Any]) -> str:
    """An external reference as one line, with the id its prose sentinels use: "[id] Title. URL"."""
    return f"[{reference['id']}] {reference['title']}. {reference['url']}"


def _controls(
    b: CatalogBuilder, reference_dir: Path, personas: dict[str, URIRef], components: dict[str, URIRef]
) -> None:
    data = load(reference_dir, CONTROLS.file)
    categories = {
        category["id"]: _category(b, CONTROLS, category, order, None)
        for order, category in enumerate(data["categories"], start=1)
    }
    nodes = _in_categories(b, CONTROLS, data["controls"], categories)
    for entry in data["controls"]:
        node = nodes[entry["id"]]
        if entry["risks"] == "all":
            b.add(node, CW.appliesToAllRisks, Literal(True))
        if isinstance(entry["components"], str):  # "all" or "none"
            b.add(node, CW.componentScope, Literal(entry["components"]))
        else:
            for component in entry["components"]:
                b.add(node, CW.appliesToComponent, components[component])
        for persona in entry.get("personas", []):
            b.add(node, CW.persona, personas[persona])


__all__ = [
    "COMPONENTS", "CONTROLS", "COSAI", "LICENSE", "PERSONAS", "RISKS", "Part", "build", "entries", "load",
    "mapping_values", "prose", "reference_text", "titles", "yaml_folder",
]  # fmt: skip
