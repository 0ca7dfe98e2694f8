"""Catalog of the NIST AI RMF 1.0 (NIST AI 100-1, January 2023): the Core's 4 functions, 19 categories and
72 subcategories, with each subcategory's AI RMF Playbook content (459 suggested actions, 294 documentation questions,
About text, transparency resources, references, AI actors and topics).

The Core text comes from ``ai-rmf-1.0-core.json`` (verified against a PDF extraction, PROVENANCE.md); the Playbook
from ``ai-rmf-playbook-structured.json``, the official Playbook JSON with its markdown split into lists. The Playbook
numbers nothing, so its actions and questions get positional ids and no ``skos:notation``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.builder import CW, SKOS, CatalogBuilder, Locator, load_json

Record = dict[str, Any]  # one JSON object of the reference
SPEC = FRAMEWORK_VERSIONS["ai-rmf/1.0"]
DOCUMENT = "NIST AI 100-1"
PLAYBOOK = "NIST AI RMF Playbook"
CORE_FILE = "ai-rmf-1.0-core.json"
PLAYBOOK_FILE = "ai-rmf-playbook-structured.json"
PLAYBOOK_URL = "https://airc.nist.gov/docs/playbook.json"
PLAYBOOK_SHA256 = "abf907645b9310d8e7b4c13ef485f79b829f453060a3af81c45db5902354fb67"
OSCAL_COMMIT = "22ef071a5fb435500a0a1c9b5c35f5aa477b5956"
CSA_COMMIT = "7d418867b0650a0982683b90af1bd0a42357a227"
EAIF_COMMIT = "427252da9c3e52f1c7548bd28a0b63b209e4d9a6"
# Part 2 of AI 100-1: each function has its own section and its own table of categories and subcategories.
SECTION = {"GOVERN": "5.1", "MAP": "5.2", "MEASURE": "5.3", "MANAGE": "5.4"}
TABLE = {"GOVERN": "Table 1", "MAP": "Table 2", "MEASURE": "Table 3", "MANAGE": "Table 4"}
# Element class -> (local-id word, the Playbook's heading for the list).
BULLET_KINDS = {
    "SuggestedAction": ("action", "Suggested Actions"),
    "DocumentationQuestion": ("question", "Transparency & Documentation"),
}
DERIVED_FROM = [
    f"{SPEC.reference_folder}/{CORE_FILE}",
    f"{SPEC.reference_folder}/{PLAYBOOK_FILE}",
    f"https://github.com/Agent-Threat-Rule/ai-rmf-oscal-catalog/blob/{OSCAL_COMMIT}/src/airmf_core_text.py",
    PLAYBOOK_URL,
]
ATTRIBUTION = (
    "NIST AI 100-1, Artificial Intelligence Risk Management Framework (AI RMF 1.0), National Institute of Standards "
    "and Technology, January 2023, https://doi.org/10.6028/NIST.AI.100-1 (U.S. Government work). "
    f"NIST AI RMF Playbook, National Institute of Standards and Technology, {PLAYBOOK_URL} "
    f"(sha256 {PLAYBOOK_SHA256}; U.S. Government work). "
    "Core text transcribed via Agent-Threat-Rule/ai-rmf-oscal-catalog src/airmf_core_text.py "
    f"(@ {OSCAL_COMMIT[:8]}, CC0-1.0) and verified against the Cloud Security Alliance PDF extraction "
    f"(CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards @ {CSA_COMMIT[:8]}, CC0-1.0); "
    f"Playbook JSON obtained via qaflabindia/EAIF (@ {EAIF_COMMIT[:8]}, no license file; the JSON is NIST's own "
    "export, identified by its SHA-256)."
)
# "The MAP function ... (AI 100-1 §5.2, first sentence)": the parenthesis is the compiler's note, not NIST's text.
COMPILER_NOTE = re.compile(r"^(?P<text>.*?)\s*\((?P<note>AI 100-1 §[^()]*)\)$", re.DOTALL)


def split_compiler_note(description: str) -> tuple[str, str | None]:
    """Separate a function description from its trailing "(AI 100-1 §5.x, ...)" note, if it has one."""
    match = COMPILER_NOTE.match(description)
    return (match["text"], match["note"]) if match else (description, None)


def check_counts(core: Record, entries: list[Record]) -> None:
    """Fail loudly if the reference no longer has the shape PROVENANCE.md describes."""
    shape = (len(core["functions"]), len(core["categories"]), len(core["subcategories"]), len(entries))
    if shape != (4, 19, 72, 72):
        raise ValueError(f"unexpected reference shape (functions, categories, subcategories, playbook): {shape}")
    if {entry["subcategory_id"] for entry in entries} != {sub["id"] for sub in core["subcategories"]}:
        raise ValueError("Playbook entries and Core subcategories disagree on the subcategory ids")


def reference_entries(items: list[str]) -> list[str]:
    """The Playbook's references without its markdown scaffolding.

    31 of the 614 split "references" are the subheadings that group them ("### Software Resources"): not references,
    so dropped. A one-line entry loses its leading list marker ("- "); a multi-line entry is a whole nested list of
    tools in the source and is kept as it stands rather than re-split by guesswork.
    """
    kept = []
    for item in items:
        if item.startswith("#"):
            continue
        kept.append(item.removeprefix("- ") if "\n" not in item else item)
    return kept


def add_bullets(b: CatalogBuilder, parent: URIRef, subcategory: Record, kind: str, bullets: list[Record]) -> int:
    """Add a Playbook bullet list as elements; return how many were added.

    Nested bullets belong to their top-level bullet (cw:description). A "preamble" item is the lead-in sentence of
    the list ("Organizational management can:"), not an action: it is kept as cw:description of each bullet it
    introduces, so the bullet still reads in context, and it takes no number.
    """
    slug, heading = BULLET_KINDS[kind]
    locator = Locator(PLAYBOOK, section=f"{subcategory['id']} {heading}")
    lead_in: str | None = None
    n = 0
    for bullet in bullets:
        if bullet.get("preamble"):
            lead_in = bullet["text"]
            continue
        n += 1
        local_id = f"{subcategory['alt_id']}-playbook-{slug}-{n}"
        node = b.element(kind, local_id, locator=locator, statement=bullet["text"], parent=parent, order=n)
        if lead_in is not None:
            b.text(node, CW.description, lead_in)
        for nested in bullet["sub"]:
            b.text(node, CW.description, nested)
    return n


def add_playbook(b: CatalogBuilder, node: URIRef, sub: Record, entry: Record) -> tuple[int, int]:
    """The Playbook's content for one subcategory; returns (actions, questions) added."""
    # Compared with the PDF wording: the reference's playbook_statement_differs flag compares with the AIRC HTML
    # (lower-case "map function") and so is also true for 7 MEASURE subcategories whose Playbook wording is the PDF's.
    if entry["description_playbook"] != sub["statement"]:
        b.text(node, CW.playbookStatement, entry["description_playbook"])
    b.text(node, CW.description, entry["about"])
    for item in reference_entries(entry["transparency_resources"] + entry["references"]):
        b.add(node, CW.reference, Literal(item))
    for actor in entry["ai_actors"]:
        b.add(node, CW.aiActor, b.ai_actor(actor))
    for topic in entry["topics"]:
        b.add(node, CW.topic, b.concept("playbook-topic", topic))
    actions = add_bullets(b, node, sub, "SuggestedAction", entry["suggested_actions"])
    questions = add_bullets(b, node, sub, "DocumentationQuestion", entry["documentation_questions"])
    return actions, questions


def build(reference_dir: Path) -> Graph:
    folder = reference_dir / SPEC.reference_folder
    core = load_json(folder / CORE_FILE)
    entries = load_json(folder / PLAYBOOK_FILE)["entries"]
    check_counts(core, entries)
    playbook = {entry["subcategory_id"]: entry for entry in entries}

    b = CatalogBuilder(SPEC)
    b.framework(
        title="NIST AI Risk Management Framework (AI RMF)",
        description="A voluntary framework for managing the risks of AI systems to individuals, organizations and "
        "society, organized as a Core of four functions (GOVERN, MAP, MEASURE, MANAGE), with its companion Playbook.",
        publisher="National Institute of Standards and Technology (NIST)",
    )
    b.version(
        title="Artificial Intelligence Risk Management Framework (AI RMF 1.0) (NIST AI 100-1)",
        version_label="1.0",
        publisher="National Institute of Standards and Technology (NIST)",
        issued="2023-01-26",
        status="final",
        completeness="complete",
        license_iri="https://www.usa.gov/government-works",
        attribution=ATTRIBUTION,
        source="https://doi.org/10.6028/NIST.AI.100-1",
        derived_from=DERIVED_FROM,
        completeness_note="The whole AI RMF Core (Part 2, Tables 1-4): 4 functions, 19 categories, 72 subcategories, "
        "with the Playbook's 459 suggested actions and 294 documentation questions. Function statements are the "
        "reference's abridged summaries of Sections 5.1-5.4, marked as paraphrase; Part 1 and the appendices are not "
        "cataloged. The reference gives no page numbers, so none are recorded.",
    )

    categories = {category["id"]: category for category in core["categories"]}
    subcategories = {sub["id"]: sub for sub in core["subcategories"]}
    totals = [0, 0]
    for function_order, function in enumerate(core["functions"], start=1):
        name = function["id"]
        core_locator = Locator(DOCUMENT, section=SECTION[name], table=TABLE[name])
        text, note = split_compiler_note(function["description"])
        function_node = b.element(
            "Function",
            function["abbrev"],
            locator=core_locator,
            notation=name,
            label=function["name"],
            statement=text,
            order=function_order,
            fidelity="paraphrase",
        )
        b.add(function_node, SKOS.hiddenLabel, Literal(function["abbrev"]))
        if note:
            b.add(function_node, CW.textSource, Literal(f"{CORE_FILE}: {note}"))
        for category_order, category_id in enumerate(function["category_ids"], start=1):
            category = categories[category_id]
            category_node = b.element(
                "Category",
                category["alt_id"],
                locator=core_locator,
                notation=category_id,
                statement=category["statement"],
                parent=function_node,
                order=category_order,
            )
            b.add(category_node, SKOS.hiddenLabel, Literal(category["alt_id"]))
            for sub_order, sub_id in enumerate(category["subcategory_ids"], start=1):
                sub = subcategories[sub_id]
                if sub["category"] != category_id:
                    raise ValueError(f"{sub_id}: listed under {category_id} but says {sub['category']}")
                sub_node = b.element(
                    "Subcategory",
                    sub["alt_id"],
                    locator=core_locator,
                    notation=sub_id,
                    statement=sub["statement"],
                    parent=category_node,
                    order=sub_order,
                )
                b.add(sub_node, SKOS.hiddenLabel, Literal(sub["alt_id"]))
                actions, questions = add_playbook(b, sub_node, sub, playbook[sub_id])
                totals[0] += actions
                totals[1] += questions
    if totals != [459, 294]:
        raise ValueError(f"expected 459 suggested actions and 294 documentation questions, got {totals}")
    return b.finish()


__all__ = ["build", "split_compiler_note"]
