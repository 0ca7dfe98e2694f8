"""Everything `crosswalk generate` writes: every registered catalog and every official mapping set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crosswalk.content.frameworks import generated_versions
from crosswalk.content.generate import (
    cosai_risk_map_mappings,
    external_security_mappings,
    official_mappings,
    owasp_agentic,
)
from crosswalk.content.generate.builder import write_catalogs
from crosswalk.content.generate.official_mappings import write_sets
from crosswalk.content.resources import ContentRoot
from crosswalk.content.sssom_tsv import MappingSetFile

# Builders of the official (published) mapping sets, each reading the reference folder it is given.
OFFICIAL_SETS: list[Callable[[Path], list[MappingSetFile]]] = [
    official_mappings.build_sets,
    external_security_mappings.build_sets,
    owasp_agentic.build_sets,
    cosai_risk_map_mappings.build_sets,
]


def generate_all(reference: Path, root: ContentRoot) -> list[Path]:
    """Rewrite the catalogs and official sets of ``root`` from ``reference``; the files written."""
    written = write_catalogs(generated_versions(), reference, root.catalogs)
    sets = [mapping_set for build in OFFICIAL_SETS for mapping_set in build(reference)]
    return written + write_sets(sets, root.mappings)
