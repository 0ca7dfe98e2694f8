"""Catalogs and official mapping sets for the non-NIST security sources: OWASP Top 10 for LLM Applications (2025 and
v1.1), MITRE ATLAS 5.6.0 and the ISO/IEC 42001:2023 identifiers of NIST's AI RMF crosswalk.

The framework versions are registered in ``crosswalk.content.frameworks``, which names each builder directly; the
builders and sets live in ``owasp_llm``, ``mitre_atlas``, ``iso_42001`` and ``external_security_mappings``.
"""

from __future__ import annotations

from pathlib import Path

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, FrameworkVersionSpec
from crosswalk.content.generate import external_security_mappings
from crosswalk.content.generate.builder import write_catalogs
from crosswalk.content.generate.official_mappings import write_sets
from crosswalk.content.sssom_tsv import MappingSetFile

OWASP_2025 = FRAMEWORK_VERSIONS["owasp-llm-top10/2025"]
OWASP_1_1 = FRAMEWORK_VERSIONS["owasp-llm-top10/1.1"]
ATLAS = FRAMEWORK_VERSIONS["mitre-atlas/5.6.0"]
ISO_42001 = FRAMEWORK_VERSIONS["iso-iec-42001/2023"]
SPECS: tuple[FrameworkVersionSpec, ...] = (OWASP_2025, OWASP_1_1, ATLAS, ISO_42001)


def build_sets(reference_dir: Path) -> list[MappingSetFile]:
    """The four official sets: OWASP 2025 -> ATLAS, SP 800-218A -> OWASP v1.1, AI RMF -> ISO/IEC 42001 and ATLAS
    mitigations -> techniques."""
    return external_security_mappings.build_sets(reference_dir)


def write_all(reference_dir: Path, catalogs_dir: Path, mappings_dir: Path) -> list[Path]:
    """Write the four catalogs (``<framework>-<version>.ttl``) and the sets (``<set-id>.sssom.tsv``)."""
    return write_catalogs(SPECS, reference_dir, catalogs_dir) + write_sets(build_sets(reference_dir), mappings_dir)


__all__ = [
    "ATLAS",
    "ISO_42001",
    "OWASP_1_1",
    "OWASP_2025",
    "SPECS",
    "build_sets",
    "write_all",
]
