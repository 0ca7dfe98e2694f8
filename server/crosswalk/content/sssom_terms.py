"""Project data an SSSOM import reads: the SEMAPV justification terms and a table of well-known prefixes.

Both are data files beside this module (content/data/*.tsv, each citing its source), not code: a new SEMAPV term or a
prefix is one line there. ``PLACEHOLDER`` is where a CURIE whose prefix nobody declared is kept, as written.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from crosswalk.content import namespaces as ns

DATA = Path(__file__).parent / "data"
# An undeclared prefix 'acme' keeps 'acme:X' as <urn:crosswalk:undeclared-prefix:acme:X>: an IRI, never a guess.
PLACEHOLDER = "urn:crosswalk:undeclared-prefix:"
UNSPECIFIED = ns.SEMAPV + "UnspecifiedMatching"
# Unprefixed predicates that say one thing only, and what they mean: (predicate CURIE, predicate_modifier).
UNPREFIXED_PREDICATES: dict[str, tuple[str, str | None]] = {
    "noMatch": ("skos:exactMatch", "Not"),
    "exactMatch": ("skos:exactMatch", None),
    "closeMatch": ("skos:closeMatch", None),
    "broadMatch": ("skos:broadMatch", None),
    "narrowMatch": ("skos:narrowMatch", None),
    "relatedMatch": ("skos:relatedMatch", None),
}


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    body = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return body[1:]  # the header row


@cache
def semapv_justifications() -> frozenset[str]:
    """IRIs of the SEMAPV matching processes (and mapping review) a mapping_justification may name."""
    return frozenset(ns.SEMAPV + row[0].removeprefix("semapv:") for row in _rows("semapv-justifications.tsv"))


@cache
def well_known_prefixes() -> dict[str, str]:
    return {row[0]: row[1] for row in _rows("prefixes.tsv")}


def placeholder_namespace(prefix: str) -> str:
    return f"{PLACEHOLDER}{prefix}:"


def read_curie_map(path: Path) -> dict[str, str]:
    """A user's prefix table: a YAML or JSON mapping (or one under 'curie_map:'), or a TSV of prefix, namespace."""
    import yaml

    text = path.read_text(encoding="utf-8")
    if "\t" in text and ":" not in text.split("\t", 1)[0]:
        pairs = [line.split("\t")[:2] for line in text.splitlines() if line.strip() and not line.startswith("#")]
        found = {k.strip(): v.strip() for k, v in pairs if v.strip().startswith(("http", "urn:"))}
    else:
        loaded = yaml.safe_load(text) or {}
        if isinstance(loaded, dict) and isinstance(loaded.get("curie_map"), dict):
            loaded = loaded["curie_map"]
        if not isinstance(loaded, dict):
            raise ValueError(f"{path}: a curie map is a mapping of prefix to namespace")
        found = {str(k): str(v) for k, v in loaded.items()}
    bad = [k for k, v in found.items() if not v.startswith(("http://", "https://", "urn:"))]
    if bad:
        raise ValueError(f"{path}: prefixes without an IRI namespace: {', '.join(sorted(bad))}")
    return found
