"""Catalog of NIST SP 800-218A (July 2024), the SSDF Community Profile for generative AI and dual-use foundation
models: Table 1's 4 practice groups, 20 practices, 48 tasks and 86 AI-specific additions (R/C/N).

Ids are namespaced by this edition on purpose: SP 800-218A reuses the retired SSDF 1.1 ids PW.3.1/PW.3.2 with a new
meaning, so its elements must never be merged with SSDF 1.1's by notation. The task -> AI RMF informative references
are published as a mapping set (``official_mappings``), not as properties of the tasks.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.generate.builder import CW, CWV, CatalogBuilder, Locator, load_json

SPEC = FRAMEWORK_VERSIONS["sp-800-218a/2024-07"]
DOCUMENT = "NIST SP 800-218A"
SECTION = "3"  # "3. SSDF Community Profile for AI Model Development" holds Table 1
TABLE = "Table 1"
M_OF_N_COMMIT = "d52912c80e537773ef2ab8219f261b690161f88e"
DERIVED_FROM = [
    f"https://github.com/m-of-n/library/blob/{M_OF_N_COMMIT}/records/nist/sp-800-218a/distilled/normative.md"
]
ATTRIBUTION = (
    "NIST SP 800-218A, Secure Software Development Practices for Generative AI and Dual-Use Foundation Models: "
    "An SSDF Community Profile, National Institute of Standards and Technology, July 2024, "
    "https://doi.org/10.6028/NIST.SP.800-218A (U.S. Government work). Table 1 text transcribed from the verbatim "
    f"extraction in m-of-n/library (@ {M_OF_N_COMMIT[:8]}), checked against the Cloud Security Alliance extraction "
    "(CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards, control/nist.gov/800-218a/800-218a.md)."
)
PROFILE_STATUS = {
    "unchanged from SSDF 1.1": CWV["profile-unchanged"],
    "modified from SSDF 1.1": CWV["profile-modified"],
    "not part of SSDF 1.1": CWV["profile-new"],
}
PRIORITY = {"High": CWV["priority-high"], "Medium": CWV["priority-medium"], "Low": CWV["priority-low"]}
ADDITION_TYPE = {
    "recommendation": CWV["addition-recommendation"],
    "consideration": CWV["addition-consideration"],
    "note": CWV["addition-note"],
}


def group_label(name: str, group_id: str) -> str:
    """The group's title without its trailing "(PO)": the id is the notation, not part of the title."""
    return re.sub(rf"\s*\({re.escape(group_id)}\)$", "", name)


def build(reference_dir: Path) -> Graph:
    profile = load_json(reference_dir / SPEC.reference_folder / "sp-800-218a-profile.json")
    practices = {practice["id"]: practice for practice in profile["practices"]}
    tasks_by_practice: dict[str, list[dict]] = {}
    for task in profile["tasks"]:
        tasks_by_practice.setdefault(task["practice"], []).append(task)

    b = CatalogBuilder(SPEC)
    b.framework(
        title="NIST SP 800-218A: SSDF Community Profile for Generative AI and Dual-Use Foundation Models",
        description="Secure software development practices for generative AI and dual-use foundation models: "
        "an SSDF Community Profile that adds AI-specific recommendations, considerations and notes to SSDF 1.1.",
        publisher="National Institute of Standards and Technology (NIST)",
    )
    b.version(
        title="Secure Software Development Practices for Generative AI and Dual-Use Foundation Models: "
        "An SSDF Community Profile (NIST SP 800-218A)",
        version_label="July 2024",
        publisher="National Institute of Standards and Technology (NIST)",
        issued="2024-07-26",
        status="final",
        completeness="complete",
        license_iri="https://www.usa.gov/government-works",
        attribution=ATTRIBUTION,
        source="https://doi.org/10.6028/NIST.SP.800-218A",
        derived_from=DERIVED_FROM,
        completeness_note="All of Table 1: 4 groups, 20 practices, 48 tasks, 86 AI-specific additions. "
        "Sections 1-2 prose and the Appendix A glossary are not cataloged.",
    )

    for group_order, group in enumerate(profile["groups"], start=1):
        group_node = b.element(
            "PracticeGroup",
            group["id"],
            locator=Locator(DOCUMENT, section=SECTION, table=TABLE),
            notation=group["id"],
            label=group_label(group["name"], group["id"]),
            order=group_order,
        )
        for practice_order, practice_id in enumerate(group["practice_ids"], start=1):
            practice = practices[practice_id]
            practice_node = b.element(
                "Practice",
                practice_id,
                locator=Locator(DOCUMENT, section=SECTION, table=TABLE, page=str(practice["page"])),
                notation=practice_id,
                label=practice["name"],
                statement=practice["text"],
                parent=group_node,
                order=practice_order,
            )
            b.add(practice_node, CW.profileStatus, PROFILE_STATUS[practice["profile_status"]])
            tasks = tasks_by_practice.get(practice_id, [])
            if [task["id"] for task in tasks] != practice["task_ids"]:
                raise ValueError(f"{practice_id}: task list and practice's task_ids disagree")
            for task_order, task in enumerate(tasks, start=1):
                task_node = b.element(
                    "Task",
                    task["id"],
                    locator=Locator(DOCUMENT, section=SECTION, table=TABLE, page=str(task["page"])),
                    notation=task["id"],
                    statement=task["text_without_id"],
                    parent=practice_node,
                    order=task_order,
                )
                b.add(task_node, CW.priority, PRIORITY[task["priority"]])
                b.add(task_node, CW.profileStatus, PROFILE_STATUS[task["profile_status"]])
                for addition_order, addition in enumerate(task["additions"], start=1):
                    # No page: the reference gives pages for practices and tasks only.
                    addition_node = b.element(
                        "AISpecificAddition",
                        addition["id"],
                        locator=Locator(DOCUMENT, section=SECTION, table=TABLE),
                        notation=addition["id"],
                        statement=addition["text"],
                        parent=task_node,
                        order=addition_order,
                    )
                    b.add(addition_node, CW.additionType, ADDITION_TYPE[addition["type"]])
    return b.finish()


__all__ = ["build", "group_label"]
