"""Where the ontology, mappings and queries are: inside an installed wheel, or in the checkout."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the crosswalk package


def data_root() -> Path:
    """The folder holding ontology/, mappings/ and queries/.

    CROSSWALK_DATA overrides; a wheel carries them in crosswalk/_data; an editable install or a checkout
    has them at the repository root.
    """
    override = os.environ.get("CROSSWALK_DATA")
    if override:
        return Path(override)
    bundled = _PACKAGE_DIR / "_data"
    if (bundled / "ontology").is_dir():
        return bundled
    return _PACKAGE_DIR.parent.parent


def ontology_dir() -> Path:
    return data_root() / "ontology"


def catalogs_dir() -> Path:
    return ontology_dir() / "catalogs"


def mappings_dir() -> Path:
    return data_root() / "mappings"


def queries_dir() -> Path:
    return data_root() / "queries"


def default_reference_dir() -> Path:
    """../shared/reference beside the checkout, as the developers' machines and CI lay it out."""
    return data_root().parent / "shared" / "reference"
