"""Named SPARQL queries: the .rq files in queries/ (for researchers) and queries/api/ (used by the surfaces).

A file starts with comment lines ``# key: value`` (title, description, parameters); parameters are filled
by binding values into the query's empty ``VALUES ?name {}`` slots, never by pasting text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from crosswalk.content.namespaces import PREFIXES
from crosswalk.content.resources import ContentRoot, content_root

_HEADER = re.compile(r"^#\s*(\w[\w-]*):\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    parameters: dict[str, str] = field(default_factory=dict)  # name -> description

    @property
    def public(self) -> bool:
        return self.path.parent.name != "api"


def parse_query_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    parameters: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            name, _, about = value.partition(" ")
            parameters[name.lstrip("?")] = about.strip()
        else:
            meta[key] = value
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        title=meta.get("title", path.stem),
        description=meta.get("description", ""),
        parameters=parameters,
    )


def registry(root: ContentRoot | None = None) -> dict[str, NamedQuery]:
    """The named queries of ``root`` (default: the package's own content), read once per root."""
    return _read(root or content_root())


@cache
def _read(content: ContentRoot) -> dict[str, NamedQuery]:
    root = content.queries
    found = {}
    for path in sorted([*root.glob("*.rq"), *root.glob("api/*.rq")]):
        query = parse_query_file(path)
        key = query.name if query.public else f"api/{query.name}"
        found[key] = query
    return found


def get(name: str) -> NamedQuery:
    try:
        return registry()[name]
    except KeyError:
        known = ", ".join(sorted(k for k in registry() if not k.startswith("api/")))
        raise KeyError(f"no named query {name!r}; known: {known}") from None


def text(name: str) -> str:
    return get(name).text


def prefix_block() -> str:
    """PREFIX declarations for ad-hoc queries (the CLI and GraphiQL examples)."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
