"""Where the ontology, mappings and queries are: a content root, inside an installed wheel or in the checkout.

Everything read from the data (vocabulary, chain rules, SHACL shapes, catalogs, mapping sets) is read from one
root, so a load of another root never mixes its catalogs with the package's own vocabulary or rules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the crosswalk package


@dataclass(frozen=True)
class ContentRoot:
    """A folder holding ontology/, mappings/ and queries/."""

    path: Path

    @property
    def ontology(self) -> Path:
        return self.path / "ontology"

    @property
    def catalogs(self) -> Path:
        return self.ontology / "catalogs"

    @property
    def mappings(self) -> Path:
        return self.path / "mappings"

    @property
    def curation(self) -> Path:
        return self.mappings / "curation"

    @property
    def queries(self) -> Path:
        return self.path / "queries"


def data_root() -> Path:
    """The package's own content root folder.

    CROSSWALK_DATA overrides; a wheel carries the data in crosswalk/_data; an editable install or a checkout
    has it at the repository root.
    """
    override = os.environ.get("CROSSWALK_DATA")
    if override:
        return Path(override)
    return package_root().path


def package_root() -> ContentRoot:
    """The content that ships with the code (wheel or checkout), whatever CROSSWALK_DATA says: what generators read
    the vocabulary from when they write catalogs into another root."""
    bundled = _PACKAGE_DIR / "_data"
    return _root_at(bundled if (bundled / "ontology").is_dir() else _PACKAGE_DIR.parent.parent)


@cache
def _root_at(path: Path) -> ContentRoot:
    return ContentRoot(path)


def content_root(path: Path | None = None) -> ContentRoot:
    """The root at ``path``, or the package's own (see data_root) when none is given."""
    if path is None:
        return _default_root(os.environ.get("CROSSWALK_DATA"))
    return _root_at(path.resolve())


@cache
def _default_root(override: str | None) -> ContentRoot:
    """The package's own root, found once per CROSSWALK_DATA value: resolving paths on every vocabulary lookup of a
    GraphQL answer (a relationship per mapping) cost more than the answer's store reads."""
    return _root_at((Path(override) if override else package_root().path).resolve())


def default_reference_dir() -> Path:
    """../shared/reference beside the checkout, as the developers' machines and CI lay it out."""
    return data_root().parent / "shared" / "reference"
