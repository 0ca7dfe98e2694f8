"""Catalog of NIST AI 600-1, the Generative AI Profile (July 2024): its 12 GAI risks and 212 suggested actions.

The actions sit in AI 600-1 under AI RMF subcategory tables, but those subcategories belong to the AI RMF catalog;
so actions are top-level here and the link to their subcategory travels in the official mapping set
(``official_mappings``). The Section 2.x risk narratives are an automatic extraction with debris (PROVENANCE.md),
so they are left out rather than published as verbatim text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.builder import CW, SKOS, CatalogBuilder, Locator, load_json
from crosswalk.content.resources import package_root

SPEC = FRAMEWORK_VERSIONS["ai-600-1/2024-07"]
DOCUMENT = "NIST AI 600-1"
TC_SCHEME = URIRef("https://w3id.org/crosswalk/vocab/trustworthy-characteristic")
CSA_COMMIT = "7d418867b0650a0982683b90af1bd0a42357a227"
CSA_REPO = "https://github.com/CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards"
IBM_COMMIT = "a8af9d79b72fe12c165bd51f855bc888d9acaeb4"
DERIVED_FROM = [
    f"{CSA_REPO}/blob/{CSA_COMMIT}/control/nist.gov/ai-600-1/1.0/ai-600-1-1.0-actions.json",
    f"{CSA_REPO}/blob/{CSA_COMMIT}/control/nist.gov/ai-600-1/1.0/ai-600-1-1.0.md",
    f"https://github.com/IBM/ai-atlas-nexus/blob/{IBM_COMMIT}/resources/actions_extracted_from_nist.csv",
]
ATTRIBUTION = (
    "NIST AI 600-1, Artificial Intelligence Risk Management Framework: Generative Artificial Intelligence Profile, "
    "National Institute of Standards and Technology, July 2024, https://doi.org/10.6028/NIST.AI.600-1 "
    "(U.S. Government work). Structured text from the Cloud Security Alliance extraction "
    f"(CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards @ {CSA_COMMIT[:8]}, CC0-1.0), "
    f"cross-checked against IBM ai-atlas-nexus (@ {IBM_COMMIT[:8]}, Apache-2.0)."
)


def risk_local_id(reference_id: str) -> str:
    """``gai-data-privacy`` -> ``data-privacy``: the document numbers its risks but gives them no identifiers."""
    return reference_id.removeprefix("gai-")


def trustworthy_characteristics() -> dict[str, URIRef]:
    """Label -> concept of the AI RMF trustworthy characteristics, read from vocab.ttl so the two never drift."""
    vocab = Graph().parse(package_root().ontology / "vocab.ttl", format="turtle")
    return {
        str(label): URIRef(str(concept))
        for concept in vocab.subjects(SKOS.inScheme, TC_SCHEME)
        for label in vocab.objects(concept, SKOS.prefLabel)
    }


def action_number(action_id: str) -> int:
    return int(action_id.rsplit("-", 1)[1])


def document_order(tables: list[dict[str, Any]]) -> list[str]:
    """Action ids in the order the document prints them: table by table, 001..n within a table.

    The reference lists GV-4.3-001 (printed ``GV4.3--001``) after GV-4.3-003, an artefact of its extraction; the
    ids are numbered without gaps in print order, so sorting within a table restores the document's order.
    """
    return [aid for table in tables for aid in sorted(table["action_ids"], key=action_number)]


def build(reference_dir: Path) -> Graph:
    folder = reference_dir / SPEC.reference_folder
    risks_doc = load_json(folder / "gai-risks.json")
    actions_doc = load_json(folder / "ai-600-1-actions.json")
    tables_doc = load_json(folder / "ai-600-1-subcategory-tables.json")

    b = CatalogBuilder(SPEC)
    b.framework(
        title="NIST AI 600-1: Generative Artificial Intelligence Profile",
        description="A cross-sectoral profile of and companion resource for the AI RMF 1.0 for generative AI: "
        "the risks unique to or exacerbated by GAI and suggested actions to manage them.",
        publisher="National Institute of Standards and Technology (NIST)",
    )
    b.version(
        title="Artificial Intelligence Risk Management Framework: Generative Artificial Intelligence Profile "
        "(NIST AI 600-1)",
        version_label="July 2024",
        publisher="National Institute of Standards and Technology (NIST)",
        issued="2024-07-26",
        status="final",
        completeness="complete",
        license_iri="https://www.usa.gov/government-works",
        attribution=ATTRIBUTION,
        source="https://doi.org/10.6028/NIST.AI.600-1",
        derived_from=DERIVED_FROM,
        completeness_note="All 12 GAI risks (Section 2) and all 212 suggested actions (Section 3). The Section 2.x "
        "risk narratives, Appendix A and Appendix B are not cataloged.",
    )

    characteristics = trustworthy_characteristics()
    risks: dict[str, URIRef] = {}
    for risk in risks_doc["risks"]:
        node = b.element(
            "Risk",
            risk_local_id(risk["id"]),
            locator=Locator(DOCUMENT, section=risk["section"]),
            label=risk["name"],
            statement=risk["definition"],
            order=risk["number"],
        )
        for name in risk["trustworthy_ai_characteristics"]:
            b.add(node, CW.trustworthyCharacteristic, characteristics[name])
        for category in risk["footnote5_categories"]:
            b.add(node, CW.riskCategory, b.concept("gai-risk-category", category))
        risks[risk["name"]] = node

    actions = {action["action_id"]: action for action in actions_doc["actions"]}
    ordered = document_order(tables_doc["subcategories"])
    if sorted(ordered) != sorted(actions):
        raise ValueError("subcategory tables and action list disagree on the action ids")
    for order, action_id in enumerate(ordered, start=1):
        action = actions[action_id]
        node = b.element(
            "SuggestedAction",
            action_id,
            locator=Locator(DOCUMENT, section="3", table=f"{action['subcategory_id']} table"),
            notation=action_id,
            statement=action["suggested_action"],
            order=order,
        )
        if action.get("action_id_as_printed"):
            b.add(node, SKOS.hiddenLabel, Literal(action["action_id_as_printed"]))
        for name in action["gai_risks"]:
            b.add(node, CW.riskTag, risks[name])
        for task in action["ai_actor_tasks"]:
            b.add(node, CW.aiActor, b.ai_actor(task))
    return b.finish()


__all__ = ["build", "document_order", "risk_local_id"]
