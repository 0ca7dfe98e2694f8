"""Catalogs of external benchmarks and indices: MLCommons AILuminate v1.0, IBM AttaQ, Stanford HELM (safety and
classic schemas) and the Foundation Model Transparency Index (v1.1 and 2025).

This module holds the framework-version specs (registered in ``crosswalk.content.frameworks``),
the AILuminate and AttaQ builders and ``write_all``; the HELM and FMTI builders are in ``external_benchmarks_stanford``.

Every text is the reference's own words (``cw:textFidelity`` verbatim, outer whitespace trimmed); what the reference
does not have (AttaQ class definitions and per-class question counts, AILuminate section numbers, pages) is left out.
Dates of issue: AILuminate v1.0 was released on 4 December 2024 (MLCommons launch); the AttaQ paper, arXiv:2311.04124,
was posted on 7 November 2023. Both are recorded in each version's ``dcterms:description``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, FrameworkVersionSpec
from crosswalk.content.generate.builder import (
    CW,
    SKOS,
    CatalogBuilder,
    Locator,
    build_catalog,
    load_json,
    slug,
    write_catalogs,
)

AILUMINATE = FRAMEWORK_VERSIONS["mlcommons-ailuminate/1.0"]
ATTAQ = FRAMEWORK_VERSIONS["ibm-attaq/1.0"]
HELM_SAFETY = FRAMEWORK_VERSIONS["stanford-helm/safety"]
HELM_CLASSIC = FRAMEWORK_VERSIONS["stanford-helm/classic"]
FMTI_1_1 = FRAMEWORK_VERSIONS["stanford-fmti/1.1"]
FMTI_2025 = FRAMEWORK_VERSIONS["stanford-fmti/2025"]
SPECS: tuple[FrameworkVersionSpec, ...] = (AILUMINATE, ATTAQ, HELM_SAFETY, HELM_CLASSIC, FMTI_1_1, FMTI_2025)

CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
APACHE_2 = "https://www.apache.org/licenses/LICENSE-2.0"
MIT = "https://opensource.org/licenses/MIT"
NEXUS_COMMIT = "a8af9d79b72fe12c165bd51f855bc888d9acaeb4"
NEXUS_KG = f"https://github.com/IBM/ai-atlas-nexus/blob/{NEXUS_COMMIT}/src/ai_atlas_nexus/data/knowledge_graph"


class ReferenceShapeError(ValueError):
    """The reference no longer has the shape or the counts its PROVENANCE.md describes."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise ReferenceShapeError(message)


# -- MLCommons AILuminate v1.0 ------------------------------------------------------------------------------------
AILUMINATE_HAZARDS_FILE = "ailuminate-v1.0-hazards.json"
AILUMINATE_README_FILE = "ailuminate-demo-README.md"
AILUMINATE_REPO_COMMIT = "769cc2be9d20c8d4fb26ce53b68865ed41dfb8e2"
MODELBENCH_COMMIT = "81d07b3843ddef66f915ea80c6b592693f7ab3b4"
AILUMINATE_PAPER = (
    "Ghosh et al. (2025), AILuminate: Introducing v1.0 of the AI Risk and Reliability Benchmark from MLCommons, "
    "arXiv:2503.05731"
)
AILUMINATE_README = f"mlcommons/ailuminate README.md (@ {AILUMINATE_REPO_COMMIT[:8]})"
AILUMINATE_TEXT_SOURCE = (
    f"Definition: {AILUMINATE_PAPER}, as transcribed in IBM/ai-atlas-nexus ailuminate.yaml (@ {NEXUS_COMMIT[:8]}). "
    f"Description: mlcommons/modelbench src/modelbench/content/hazards.toml (@ {MODELBENCH_COMMIT[:8]})."
)


def readme_hazard_names(readme: str) -> dict[str, str]:
    """hazard_uid -> name in the demo README's hazard tables ("| Violent Crimes | vcr |"); sub-hazard rows included."""
    names = {}
    for name, uid in re.findall(r"^\|\s*([^|*:][^|]*?)\s*\|\s*([a-z_\\]+)\s*\|\s*$", readme, flags=re.MULTILINE):
        names[uid.replace("\\_", "_")] = name
    return names


def build_ailuminate(reference_dir: Path) -> Graph:
    folder = reference_dir / AILUMINATE.reference_folder
    data: dict[str, Any] = load_json(folder / AILUMINATE_HAZARDS_FILE)
    readme_names = readme_hazard_names((folder / AILUMINATE_README_FILE).read_text(encoding="utf-8"))
    hazards = {hazard["hazard_uid"]: hazard for hazard in data["hazards"]}
    expect(
        len(data["groups"]) == 3 and len(hazards) == 12 == data["count"], "AILuminate: expected 12 hazards, 3 groups"
    )
    expect(
        sorted(uid for group in data["groups"] for uid in group["hazards"]) == sorted(hazards),
        "AILuminate: the groups do not partition the hazards",
    )

    b = CatalogBuilder(AILUMINATE)
    b.framework(
        title="MLCommons AILuminate",
        description="The MLCommons AI Risk and Reliability benchmark for general-purpose chat systems: a hazard "
        "taxonomy, human-written test prompts and an evaluator.",
        publisher="MLCommons",
    )
    b.version(
        title="AILuminate v1.0 hazard taxonomy",
        version_label="v1.0",
        publisher="MLCommons",
        issued="2024-12-04",
        status="final",
        completeness="complete",
        license_iri=CC_BY_4,
        attribution=f"MLCommons AILuminate v1.0, licensed by MLCommons under CC BY 4.0 ({CC_BY_4}). Hazard "
        f"definitions and group descriptions from {AILUMINATE_PAPER}, as transcribed by IBM in IBM/ai-atlas-nexus "
        f"(Apache-2.0, @ {NEXUS_COMMIT[:8]}); hazard uids from mlcommons/ailuminate (@ {AILUMINATE_REPO_COMMIT[:8]}); "
        f"short descriptions from mlcommons/modelbench (Apache-2.0, @ {MODELBENCH_COMMIT[:8]}).",
        source="https://doi.org/10.48550/arXiv.2503.05731",
        derived_from=[
            f"{NEXUS_KG}/ailuminate.yaml",
            f"https://github.com/mlcommons/ailuminate/blob/{AILUMINATE_REPO_COMMIT}/README.md",
            f"https://github.com/mlcommons/modelbench/blob/{MODELBENCH_COMMIT}/src/modelbench/content/hazards.toml",
        ],
        completeness_note="The whole v1.0 hazard taxonomy: 3 hazard groups and 12 hazard categories, with the "
        "paper's summary definitions. The AILuminate v1.0 Assessment Standard (full hazard guidelines, personas, "
        "grading) is not in the reference; sub-hazard uids of the prompt set (spc_ele, spc_fin, spc_hlt, spc_lgl, "
        "sxc_prn) and the prompts are not cataloged.",
        description="Issued: the v1.0 release date (4 December 2024); the source is the v1.0 paper. Hazard names "
        "follow the paper; the demo prompt set README's differing names are skos:altLabel. Descriptions are the "
        "modelbench short descriptions, verbatim, upstream typos included ('1_0 words', 'expcicit').",
    )

    benchmark = b.element(
        "Benchmark", "ailuminate", locator=Locator(AILUMINATE_README, section="Background"), label="AILuminate v1.0"
    )
    for group_order, group in enumerate(data["groups"], start=1):
        group_node = b.element(
            "Category",
            slug(group["name"]),
            locator=Locator(AILUMINATE_PAPER),
            label=group["name"],
            statement=group["description"].strip(),
            parent=benchmark,
            order=group_order,
        )
        for hazard_order, uid in enumerate(group["hazards"], start=1):
            hazard = hazards[uid]
            expect(hazard["group"] == group["name"], f"AILuminate: {uid} is listed under another group")
            node = b.element(
                "Hazard",
                uid,
                locator=Locator(AILUMINATE_PAPER),
                notation=uid,
                label=hazard["name"],
                statement=hazard["definition"].strip(),
                parent=group_node,
                order=hazard_order,
            )
            b.text(node, CW.description, hazard["modelbench_short_description"].strip())
            b.add(node, CW.textSource, Literal(AILUMINATE_TEXT_SOURCE))
            readme_name = readme_names.get(uid)
            if readme_name and readme_name != hazard["name"]:
                b.text(node, SKOS.altLabel, readme_name)
    return b.finish()


# -- IBM AttaQ -------------------------------------------------------------------------------------------------------
ATTAQ_FILE = "attaq-categories.json"
ATTAQ_DOCUMENT = f"IBM/ai-atlas-nexus src/ai_atlas_nexus/data/knowledge_graph/ai_eval_data.yaml (@ {NEXUS_COMMIT[:8]})"
ATTAQ_PAPER = (
    "Kour et al. (2023), Unveiling Safety Vulnerabilities of Large Language Models, arXiv:2311.04124 (IBM Research)"
)


def attaq_quote(source_text: str) -> str:
    """The quoted sentence of the reference's ``source_text`` ('"<quote>" (<where>)')."""
    match = re.fullmatch(r'"(.+)" \((.+)\)', source_text.strip(), flags=re.DOTALL)
    expect(match is not None, "AttaQ: source_text is not a quote followed by its source")
    assert match is not None
    return match.group(1)


def attaq_question_count(size: str) -> int:
    match = re.match(r"([\d,]+) ", size)
    expect(match is not None, f"AttaQ: unexpected size {size!r}")
    assert match is not None
    return int(match.group(1).replace(",", ""))


def build_attaq(reference_dir: Path) -> Graph:
    data: dict[str, Any] = load_json(reference_dir / ATTAQ.reference_folder / ATTAQ_FILE)
    categories = data["categories"]
    expect(len(categories) == 7 == data["count"], "AttaQ: expected 7 classes")
    expect([c["n"] for c in categories] == list(range(1, 8)), "AttaQ: classes are not numbered 1-7")
    expect(attaq_question_count(data["size"]) == 1402, "AttaQ: expected 1,402 questions")

    b = CatalogBuilder(ATTAQ)
    b.framework(
        title="IBM AttaQ",
        description="AttaQ, an IBM Research red-teaming dataset of adversarial questions designed to provoke harmful "
        "or inappropriate responses from large language models.",
        publisher="IBM Research",
    )
    b.version(
        title="AttaQ adversarial question dataset",
        version_label="first release (November 2023)",
        publisher="IBM Research",
        issued="2023-11-07",
        status="final",
        completeness="partial",
        license_iri=MIT,
        attribution=f"AttaQ dataset by IBM Research ({ATTAQ_PAPER}), Hugging Face ibm-research/AttaQ, MIT License "
        f"as recorded in IBM/ai-atlas-nexus (Apache-2.0, @ {NEXUS_COMMIT[:8]}).",
        source="https://doi.org/10.48550/arXiv.2311.04124",
        derived_from=[f"{NEXUS_KG}/ai_eval_data.yaml"],
        completeness_note="The dataset and its 7 question classes by name. Class definitions, the exact label "
        "strings of the dataset and per-class question counts are not in the reference (Hugging Face was not "
        "reachable), so the classes have no statement and no counts.",
        description="Issued: the date the AttaQ paper (arXiv:2311.04124) was posted, 7 November 2023; the dataset "
        "carries no version number.",
    )
    benchmark = b.element("Benchmark", "attaq", locator=Locator(ATTAQ_DOCUMENT), label="AttaQ")
    b.text(benchmark, CW.description, data["size"])  # "1,402 adversarial questions"
    b.text(benchmark, CW.description, attaq_quote(data["source_text"]))
    b.add(benchmark, CW.textSource, Literal(ATTAQ_DOCUMENT))
    for hf_id in ("ibm-research/AttaQ", "ibm/AttaQ"):
        b.add(benchmark, SKOS.hiddenLabel, Literal(hf_id))
    for category in categories:
        # No notation: the reference numbers the classes only by their position in the sentence that lists them.
        b.element(
            "Hazard",
            slug(category["name"]),
            locator=Locator(ATTAQ_DOCUMENT),
            label=category["name"],
            parent=benchmark,
            order=category["n"],
        )
    return b.finish()


# -- all catalogs ---------------------------------------------------------------------------------------------------
def write_all(reference_dir: Path, catalogs_dir: Path) -> list[Path]:
    """Write every catalog of this module as ``<catalogs_dir>/<framework>-<version>.ttl``."""
    return write_catalogs(SPECS, reference_dir, catalogs_dir)


__all__ = [
    "AILUMINATE",
    "ATTAQ",
    "FMTI_1_1",
    "FMTI_2025",
    "HELM_CLASSIC",
    "HELM_SAFETY",
    "SPECS",
    "ReferenceShapeError",
    "build_ailuminate",
    "build_attaq",
    "build_catalog",
    "write_all",
]
