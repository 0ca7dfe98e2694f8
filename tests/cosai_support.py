"""What the CoSAI Risk Map tests share: the version, the set ids, and the reference read independently of the
generator (the YAML with plain yaml.safe_load, the derived CSVs with csv)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml
from rdflib import URIRef

from crosswalk.content.generate import cosai_risk_map as cosai

SPEC = cosai.COSAI
VERSION = URIRef(SPEC.iri)
APACHE = "https://www.apache.org/licenses/LICENSE-2.0"
# The controls whose risks list is the word "all" (the reference README names the seven).
ALL_RISKS = {
    "controlRedTeaming", "controlVulnerabilityManagement", "controlThreatDetection",
    "controlIncidentResponseManagement", "controlInternalPoliciesAndEducation", "controlProductGovernance",
    "controlRiskGovernance",
}  # fmt: skip
SET_IDS = {
    "controls": "cosai-risk-map-controls-to-risks",
    "mitre-atlas": "cosai-risk-map-to-atlas",
    "nist-ai-rmf": "cosai-risk-map-to-ai-rmf",
    "owasp-top10-llm": "cosai-risk-map-to-owasp-llm-2025",
}


def upstream_yaml(folder: Path, name: str) -> dict[str, Any]:
    with (folder / "yaml" / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def derived_csv(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
