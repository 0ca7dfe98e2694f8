"""NIST's own links from AI 600-1 and SP 800-218A to the AI RMF 1.0 subcategories, as SSSOM mapping sets.

These are statements NIST printed (AI 600-1 files each suggested action under a subcategory table; SP 800-218A lists
AI RMF subcategories as a task's informative references), so they are recorded as ``nist-official`` and
``source-published``: reviewing them means checking the transcription, not the judgement.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, FrameworkVersionSpec, element_prefixes
from crosswalk.content.generate.ai_600_1 import document_order
from crosswalk.content.generate.builder import load_json, write_whole
from crosswalk.content.sssom_tsv import MappingRow, MappingSetFile, dumps, standard_metadata

AI_RMF = FRAMEWORK_VERSIONS["ai-rmf/1.0"]
AI_600_1 = FRAMEWORK_VERSIONS["ai-600-1/2024-07"]
SP_800_218A = FRAMEWORK_VERSIONS["sp-800-218a/2024-07"]
LICENSE = "https://www.usa.gov/government-works"
PUBLISHED = "2024-07-26"
CREATOR = "crosswalk project (transcribed from the NIST publication)"


def record_id(set_id: str, subject_local: str, object_local: str) -> str:
    return f"cwmap:{set_id}/{subject_local}--{object_local}"


def published_row(
    set_id: str,
    subject: tuple[FrameworkVersionSpec, str, str],
    object_: tuple[FrameworkVersionSpec, str, str],
    *,
    author: str,
    provenance: str,
    explanation: str,
    date: str = "",
    comment: str = "",
    style: str = "crosswalk",
    relationship: str = "related-to",
    property_: str = "",
) -> MappingRow:
    """A record its source printed (review status ``source-published``); subject and object are (spec, local id,
    label). Without a style and relationship it is a concept crosswalk (related-to)."""
    (s_spec, s_local, s_label), (o_spec, o_local, o_label) = subject, object_
    return MappingRow(
        record_id=record_id(set_id, s_local, o_local),
        subject_id=f"{s_spec.prefix}:{s_local}",
        subject_label=s_label,
        predicate_id="skos:relatedMatch",
        object_id=f"{o_spec.prefix}:{o_local}",
        object_label=o_label,
        mapping_justification="semapv:ManualMappingCuration",
        author_label=author,
        mapping_date=date,
        comment=comment,
        ir8477_style=style,
        ir8477_relationship=relationship,
        ir8477_property=property_,
        mapping_provenance=provenance,
        review_status="source-published",
        relationship_explanation=explanation,
    )


def nist_row(
    set_id: str,
    subject: tuple[FrameworkVersionSpec, str, str],
    object_: tuple[str, str],
    *,
    style: str,
    relationship: str,
    explanation: str,
    property_: str = "",
) -> MappingRow:
    """A row NIST published: (spec, local id, label) of the subject; (AI RMF local id, notation) of the object."""
    return published_row(
        set_id,
        subject,
        (AI_RMF, *object_),
        author="NIST",
        provenance="nist-official",
        explanation=explanation,
        date=PUBLISHED,
        style=style,
        relationship=relationship,
        property_=property_,
    )


def published_metadata(
    set_id: str,
    subject: FrameworkVersionSpec,
    object_: FrameworkVersionSpec,
    *,
    title: str,
    description: str,
    license_iri: str,
    creator: str,
    date: str | None,
    see_also: Iterable[str],
) -> dict[str, Any]:
    result = standard_metadata(
        set_id=set_id,
        title=title,
        description=description,
        license_iri=license_iri,
        subject_source=subject.iri,
        object_source=object_.iri,
        creator=creator,
        curie_map=curie_map(subject, object_),
        mapping_date=date or "",
    )
    if not date:
        del result["mapping_date"]  # unknown: better absent than invented
    result["see_also"] = list(see_also)
    return result


def curie_map(*specs: FrameworkVersionSpec) -> dict[str, str]:
    prefixes = element_prefixes()
    return {spec.prefix: prefixes[spec.prefix] for spec in specs}


def ai_rmf_alt_ids(reference_dir: Path) -> dict[str, str]:
    """AI RMF subcategory notation -> the AI RMF catalog's local id (MAP 1.3 -> MP-1.3), so unknown ids fail."""
    core = load_json(reference_dir / AI_RMF.reference_folder / "ai-rmf-1.0-core.json")
    return {sub["id"]: sub["alt_id"] for sub in core["subcategories"]}


def ai_600_1_set(reference_dir: Path) -> MappingSetFile:
    set_id = "ai-600-1-to-ai-rmf"
    folder = reference_dir / AI_600_1.reference_folder
    actions = {a["action_id"]: a for a in load_json(folder / "ai-600-1-actions.json")["actions"]}
    tables = load_json(folder / "ai-600-1-subcategory-tables.json")["subcategories"]
    alt_ids = ai_rmf_alt_ids(reference_dir)
    rows = []
    for action_id in document_order(tables):  # the catalog's order, so the file reads like the document
        action = actions[action_id]
        subcategory = action["subcategory_id"]
        alt = alt_ids[subcategory]
        if alt != action["subcategory_alt_id"]:
            raise ValueError(f"{action_id}: {subcategory} is {alt} in the AI RMF, not {action['subcategory_alt_id']}")
        explanation = f"AI 600-1 Section 3 lists {action_id} among the suggested actions for {subcategory}."
        rows.append(
            nist_row(
                set_id,
                (AI_600_1, action_id, action_id),
                (alt, subcategory),
                style="supportive",
                relationship="supports",
                property_="example-of",
                explanation=explanation,
            )
        )
    metadata = published_metadata(
        set_id,
        AI_600_1,
        AI_RMF,
        title="NIST AI 600-1 suggested actions to AI RMF 1.0 subcategories",
        description="Each of the 212 suggested actions in NIST AI 600-1 Section 3 supports (as an example of "
        "achieving it) the AI RMF 1.0 subcategory whose table it is printed in.",
        license_iri=LICENSE,
        creator=CREATOR,
        date=PUBLISHED,
        see_also=["https://doi.org/10.6028/NIST.AI.600-1"],
    )
    return MappingSetFile(metadata=metadata, rows=rows)


def sp_800_218a_set(reference_dir: Path) -> MappingSetFile:
    set_id = "sp-800-218a-to-ai-rmf"
    folder = reference_dir / SP_800_218A.reference_folder
    profile = load_json(folder / "sp-800-218a-profile.json")
    raw = {task["id"]: task["informative_references"]["raw"] for task in profile["tasks"]}
    alt_ids = ai_rmf_alt_ids(reference_dir)
    rows = []
    with (folder / "sp-800-218a-to-ai-rmf.csv").open(encoding="utf-8", newline="") as handle:
        for pair in csv.DictReader(handle):
            task, subcategory = pair["sp800_218a_task_id"], pair["ai_rmf_subcategory_id"]
            explanation = f'SP 800-218A Table 1 lists "{raw[task]}" in the Informative References of {task}.'
            rows.append(
                nist_row(
                    set_id,
                    (SP_800_218A, task, task),
                    (alt_ids[subcategory], subcategory),
                    style="crosswalk",
                    relationship="related-to",
                    explanation=explanation,
                )
            )
    metadata = published_metadata(
        set_id,
        SP_800_218A,
        AI_RMF,
        title="NIST SP 800-218A tasks to AI RMF 1.0 subcategories (Informative References)",
        description="The AI RMF 1.0 subcategories that SP 800-218A Table 1 lists in each task's Informative "
        "References column: a concept crosswalk (related-to), one record per task and subcategory.",
        license_iri=LICENSE,
        creator=CREATOR,
        date=PUBLISHED,
        see_also=["https://doi.org/10.6028/NIST.SP.800-218A"],
    )
    return MappingSetFile(metadata=metadata, rows=rows)


def build_sets(reference_dir: Path) -> list[MappingSetFile]:
    return [ai_600_1_set(reference_dir), sp_800_218a_set(reference_dir)]


def set_texts(sets: Iterable[MappingSetFile], mappings_dir: Path) -> dict[Path, str]:
    """Each set as the SSSOM TSV of its file, ``<mappings_dir>/<set-id>.sssom.tsv``."""
    return {mappings_dir / f"{mapping_set.set_id}.sssom.tsv": dumps(mapping_set) for mapping_set in sets}


def write_sets(sets: Iterable[MappingSetFile], mappings_dir: Path) -> list[Path]:
    """Write each set to ``<mappings_dir>/<set-id>.sssom.tsv``."""
    return write_whole(set_texts(sets, mappings_dir))


__all__ = ["build_sets", "record_id", "set_texts", "write_sets"]
