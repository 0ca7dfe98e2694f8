"""The CoSAI Risk Map's own links as source-official SSSOM sets: controls -> the risks they are listed against, and
CoSAI's mapping values to MITRE ATLAS, the NIST AI RMF 1.0 and the OWASP Top 10 for LLM Applications 2025.

CoSAI does not type its links, so every record is a concept crosswalk (related-to, skos:relatedMatch), as the ATLAS
mitigations -> techniques set models the same "mitigation for" idea; the explanation quotes the rule CoSAI's style
guide gives for the kind of link. Controls that say ``risks: all`` are not expanded into records: CoSAI lists no
pair for them (risks.yaml: Assurance and Governance controls "should be applied to all risks"), and the catalog
marks them ``cw:appliesToAllRisks``. ATLAS values are pinned to ATLAS 5.0.1; each is linked to the 5.6.0 element of
the same id and says so; an id missing from 5.6.0 is left out (``atlas_ids_missing``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, FrameworkVersionSpec
from crosswalk.content.generate import cosai_risk_map as cosai
from crosswalk.content.generate import mitre_atlas, owasp_llm
from crosswalk.content.generate.official_mappings import ai_rmf_alt_ids, published_metadata, published_row
from crosswalk.content.sssom_tsv import MappingRow, MappingSetFile

ATLAS = FRAMEWORK_VERSIONS["mitre-atlas/5.6.0"]
AI_RMF = FRAMEWORK_VERSIONS["ai-rmf/1.0"]
OWASP_2025 = FRAMEWORK_VERSIONS["owasp-llm-top10/2025"]
AUTHOR = "Coalition for Secure AI (CoSAI Risk Map)"
CREATOR = "crosswalk project (transcribed from the CoSAI Risk Map YAML)"
SEE_ALSO = f"{cosai.REPO}/tree/{cosai.COMMIT}/risk-map/yaml"
NOT_ENDORSED = (
    " CoSAI: the mappings are \"the working group's best-effort interpretation. No external framework maintainer "
    'has reviewed or endorsed them" (docs/reuse-contract.md).'
)
PINNED = re.compile(r"^(?P<id>[^@]+)@(?P<version>.+)$")  # AML.T0020@5.0.1, MEASURE-2.7@1.0
AI_RMF_VALUE = re.compile(r"^(GOVERN|MAP|MEASURE|MANAGE)-(\d+\.\d+)$")  # CoSAI's hyphenated MEASURE-2.7
# What a mapping means, in the words of CoSAI's framework-mappings style guide.
RULES = {
    ("risks", "mitre-atlas"): '"An attacker using [technique] realizes [this risk]."',
    ("controls", "mitre-atlas"): '"[This control] implements or contributes to [mitigation]."',
}


@dataclass(frozen=True)
class Cited:
    """One mapping value of a risk or control, in file order."""

    part: cosai.Part
    entry: dict[str, Any]
    value: str  # verbatim, e.g. "AML.T0020@5.0.1"


def cited(reference_dir: Path, framework: str) -> Iterator[Cited]:
    for part in (cosai.RISKS, cosai.CONTROLS):
        for entry in cosai.entries(reference_dir, part):
            for value in cosai.mapping_values(entry, framework):
                yield Cited(part, entry, value)


def pinned(value: str, expected_version: str) -> str:
    """The id of a version-pinned value, checking the pin."""
    match = PINNED.match(value)
    if match is None or match.group("version") != expected_version:
        raise ValueError(f"{value!r} is not pinned to version {expected_version}")
    return match.group("id")


def cosai_version_of(reference_dir: Path, framework: str) -> str:
    """The version frameworks.yaml pins for a framework id (mitre-atlas -> 5.0.1)."""
    [entry] = [f for f in cosai.load(reference_dir, cosai.FRAMEWORKS_FILE)["frameworks"] if f["id"] == framework]
    return str(entry["version"])


def atlas_ids_missing(reference_dir: Path) -> list[str]:
    """The ATLAS ids CoSAI cites that ATLAS 5.6.0 does not have (left out of the set), sorted."""
    names = mitre_atlas.display_names(mitre_atlas.load_atlas(reference_dir))
    version = cosai_version_of(reference_dir, "mitre-atlas")
    return sorted({pinned(c.value, version) for c in cited(reference_dir, "mitre-atlas")} - set(names))


def _record(
    framework: str, item: Cited, target: tuple[FrameworkVersionSpec, str, str], *, name: str, comment: str
) -> MappingRow:
    """A record for one mapping value; ``framework`` is the frameworks.yaml id the value is listed under."""
    kind = item.part.key
    explanation = (
        f'CoSAI {item.part.file} maps {kind[:-1]} {item.entry["id"]} ({item.entry["title"]}) to {name} "{item.value}".'
    )
    rule = RULES.get((kind, framework))
    if rule:
        explanation += f" CoSAI's style guide for {kind} to this framework: {rule}"
    return published_row(
        SETS[framework].set_id,
        (cosai.COSAI, item.entry["id"], item.entry["id"]),
        target,
        author=AUTHOR,
        provenance="source-official",
        date=cosai.ISSUED,
        explanation=explanation + NOT_ENDORSED,
        comment=comment,
    )


def to_atlas(reference_dir: Path) -> list[MappingRow]:
    names = mitre_atlas.display_names(mitre_atlas.load_atlas(reference_dir))
    version = cosai_version_of(reference_dir, "mitre-atlas")
    rows = []
    for item in cited(reference_dir, "mitre-atlas"):
        atlas_id = pinned(item.value, version)
        if atlas_id not in names:
            continue  # reported by atlas_ids_missing
        rows.append(
            _record(
                "mitre-atlas",
                item,
                (ATLAS, atlas_id, atlas_id),
                name=f"MITRE ATLAS {atlas_id} ({names[atlas_id]}, as ATLAS {ATLAS.version} names it)",
                comment=f"CoSAI cites {atlas_id} @ ATLAS {version}; linked to the {ATLAS.version} element of the "
                "same id",
            )
        )
    return rows


def to_ai_rmf(reference_dir: Path) -> list[MappingRow]:
    alt_ids = ai_rmf_alt_ids(reference_dir)
    rows = []
    for item in cited(reference_dir, "nist-ai-rmf"):
        written = pinned(item.value, AI_RMF.version)
        match = AI_RMF_VALUE.match(written)
        notation = f"{match.group(1)} {match.group(2)}" if match else ""
        if notation not in alt_ids:
            raise ValueError(f"{item.entry['id']}: {item.value!r} is not an AI RMF 1.0 subcategory")
        rows.append(
            _record(
                "nist-ai-rmf",
                item,
                (AI_RMF, alt_ids[notation], notation),
                name=f"NIST AI RMF 1.0 subcategory {notation}",
                comment=f'CoSAI writes "{written}" for the AI RMF\'s {notation}',
            )
        )
    return rows


def to_owasp(reference_dir: Path) -> list[MappingRow]:
    entries = {e["notation"]: e for e in owasp_llm.entries(reference_dir, owasp_llm.EDITION_2025)}
    rows = []
    for item in cited(reference_dir, "owasp-top10-llm"):
        if item.value not in entries:
            raise ValueError(f"{item.entry['id']}: {item.value!r} is not an OWASP LLM Top 10 2025 entry")
        entry = entries[item.value]
        rows.append(
            _record(
                "owasp-top10-llm",
                item,
                (OWASP_2025, entry["id"], item.value),
                name=f"OWASP Top 10 for LLM Applications 2025 {item.value} ({entry['title']})",
                comment="",
            )
        )
    return rows


@dataclass(frozen=True)
class TargetSet:
    """One of CoSAI's mapping sets to an external framework the graph catalogs."""

    set_id: str
    target: FrameworkVersionSpec
    title: str
    description: str
    rows: Callable[[Path], list[MappingRow]]


SETS: dict[str, TargetSet] = {
    "mitre-atlas": TargetSet(
        "cosai-risk-map-to-atlas",
        ATLAS,
        "CoSAI Risk Map risks and controls to MITRE ATLAS (CoSAI's own mappings)",
        "The mitre-atlas mapping values of CoSAI's risks (ATLAS techniques and sub-techniques) and controls (ATLAS "
        "mitigations): a concept crosswalk (related-to), one record per value. CoSAI pins the values to ATLAS "
        "5.0.1; each record links the ATLAS 5.6.0 element of the same id and says so in its comment.",
        to_atlas,
    ),
    "nist-ai-rmf": TargetSet(
        "cosai-risk-map-to-ai-rmf",
        AI_RMF,
        "CoSAI Risk Map controls to NIST AI RMF 1.0 subcategories (CoSAI's own mappings)",
        "The nist-ai-rmf mapping values of CoSAI's controls (written GOVERN-1.6@1.0 for the AI RMF's GOVERN 1.6): "
        "a concept crosswalk (related-to), one record per value.",
        to_ai_rmf,
    ),
    "owasp-top10-llm": TargetSet(
        "cosai-risk-map-to-owasp-llm-2025",
        OWASP_2025,
        "CoSAI Risk Map risks and controls to the OWASP Top 10 for LLM Applications 2025 (CoSAI's own mappings)",
        "The owasp-top10-llm mapping values (LLM01:2025 ...) of CoSAI's risks and controls: a concept crosswalk "
        "(related-to), one record per value.",
        to_owasp,
    ),
}


def target_set(reference_dir: Path, spec: TargetSet) -> MappingSetFile:
    return MappingSetFile(
        metadata=published_metadata(
            spec.set_id,
            cosai.COSAI,
            spec.target,
            title=spec.title,
            description=spec.description + NOT_ENDORSED,
            license_iri=cosai.LICENSE,
            creator=CREATOR,
            date=cosai.ISSUED,
            see_also=[SEE_ALSO],
        ),
        rows=spec.rows(reference_dir),
    )


def risk_control_pairs(reference_dir: Path) -> list[tuple[str, str]]:
    """(control, risk) for every pair CoSAI lists, controls in file order; fails where risks.yaml and controls.yaml
    disagree. A control with ``risks: all`` lists no pair."""
    from_controls = [
        (control["id"], risk)
        for control in cosai.entries(reference_dir, cosai.CONTROLS)
        if isinstance(control["risks"], list)
        for risk in control["risks"]
    ]
    from_risks = {(c, risk["id"]) for risk in cosai.entries(reference_dir, cosai.RISKS) for c in risk["controls"]}
    if set(from_controls) != from_risks or len(set(from_controls)) != len(from_controls):
        raise ValueError(f"risks.yaml and controls.yaml disagree: {sorted(set(from_controls) ^ from_risks)}")
    return from_controls


def controls_to_risks(reference_dir: Path) -> MappingSetFile:
    set_id = "cosai-risk-map-controls-to-risks"
    titles = cosai.titles(reference_dir)
    rows = [
        published_row(
            set_id,
            (cosai.COSAI, control, control),
            (cosai.COSAI, risk, risk),
            author=AUTHOR,
            provenance="source-official",
            date=cosai.ISSUED,
            explanation=f"CoSAI controls.yaml lists risk {risk} ({titles[risk]}) among the risks of control "
            f"{control} ({titles[control]}), and risks.yaml lists the control among the risk's controls.",
        )
        for control, risk in risk_control_pairs(reference_dir)
    ]
    return MappingSetFile(
        metadata=published_metadata(
            set_id,
            cosai.COSAI,
            cosai.COSAI,
            title="CoSAI Risk Map controls to the risks they mitigate",
            description="Each control's risks list (controls.yaml, identical to the risks' controls lists in "
            "risks.yaml): a concept crosswalk (related-to), as the ATLAS mitigations -> techniques set. The seven "
            'controls with "risks: all" (Assurance and Governance controls, which CoSAI says apply to every risk) '
            "have no records; the catalog marks them cw:appliesToAllRisks.",
            license_iri=cosai.LICENSE,
            creator=CREATOR,
            date=cosai.ISSUED,
            see_also=[SEE_ALSO],
        ),
        rows=rows,
    )


def build_sets(reference_dir: Path) -> list[MappingSetFile]:
    return [controls_to_risks(reference_dir), *(target_set(reference_dir, spec) for spec in SETS.values())]


__all__ = ["SETS", "atlas_ids_missing", "build_sets", "cosai_version_of", "risk_control_pairs"]
