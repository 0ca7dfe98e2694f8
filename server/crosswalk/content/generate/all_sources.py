"""Everything `crosswalk generate` writes: every registered catalog and every official mapping set."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from crosswalk.content.frameworks import generated_versions
from crosswalk.content.generate import (
    cosai_risk_map_mappings,
    external_security_mappings,
    official_mappings,
    owasp_agentic,
)
from crosswalk.content.generate.builder import ReferenceDataError, catalog_text, write_whole
from crosswalk.content.generate.official_mappings import set_texts
from crosswalk.content.resources import ContentRoot
from crosswalk.content.sssom_tsv import MappingSetFile

# Builders of the official (published) mapping sets, each reading the reference folder it is given.
OFFICIAL_SETS: list[Callable[[Path], list[MappingSetFile]]] = [
    official_mappings.build_sets,
    external_security_mappings.build_sets,
    owasp_agentic.build_sets,
    cosai_risk_map_mappings.build_sets,
]


# What reference data that lacks a field or a file a generator reads raises (an error in the data, not the code).
_DATA_ERRORS = (KeyError, IndexError, TypeError, ValueError, OSError)


def generate_all(reference: Path, root: ContentRoot) -> list[Path]:
    """Rewrite the catalogs and official sets of ``root`` from ``reference``; the files written. Everything is
    built before anything is written, so reference data a generator cannot read (ReferenceDataError) leaves every
    file as it was; each file is then replaced whole."""
    texts: dict[Path, str] = {}
    for spec in generated_versions():
        with _reading(reference, f"the {spec.key} catalog"):
            texts[root.catalogs / spec.catalog_file] = catalog_text(spec, reference)
    for build in OFFICIAL_SETS:
        with _reading(reference, f"the sets of {build.__module__.rsplit('.', 1)[-1]}"):
            texts.update(set_texts(build(reference), root.mappings))
    return write_whole(texts)


@contextmanager
def _reading(reference: Path, what: str) -> Iterator[None]:
    try:
        yield
    except ReferenceDataError:
        raise
    except _DATA_ERRORS as error:
        raise ReferenceDataError(reference, f"cannot build {what}: {type(error).__name__}: {error}") from error
