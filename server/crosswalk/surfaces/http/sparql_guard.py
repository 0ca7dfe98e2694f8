"""What a public query may not do: reach another server through SERVICE.

A query is read as SPARQL tokens (strings, IRIs and comments skipped, so their text cannot hide or fake a keyword),
and every SERVICE clause is refused unless its endpoint IRI is on the configured allowlist (empty by default).
Nothing in a query can then make the server connect anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w]+)
  | (?P<name>[A-Za-z_][\w.-]*:[\w.%:-]*|:[\w.%:-]*|[A-Za-z_][\w-]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class ServiceRefused(ValueError):
    """The query names a SERVICE the configuration does not allow."""


def tokens(query: str) -> Iterator[tuple[str, str]]:
    """(kind, text) of every meaningful token; whitespace and comments dropped."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield kind, match.group()


def service_targets(query: str) -> list[str]:
    """The endpoint of every SERVICE clause: an IRI, a prefixed name expanded by the query's PREFIXes, or a
    variable (kept as ``?name``, which no allowlist can match)."""
    found: list[str] = []
    prefixes: dict[str, str] = {}
    items = list(tokens(query))
    for position, (kind, text) in enumerate(items):
        if kind != "name":
            continue
        word = text.upper()
        following = items[position + 1 : position + 4]
        if word == "PREFIX" and len(following) >= 2 and following[1][0] == "iri":
            prefixes[following[0][1].rstrip(":")] = following[1][1][1:-1]
        if word != "SERVICE":
            continue
        rest = [item for item in following if item[1].upper() != "SILENT"]
        if not rest:
            found.append("")
            continue
        target_kind, target = rest[0]
        if target_kind == "iri":
            found.append(target[1:-1])
        elif target_kind == "name" and ":" in target:
            prefix, _, local = target.partition(":")
            found.append(prefixes.get(prefix, target) + local if prefix in prefixes else target)
        else:
            found.append(target)
    return found


def check_services(query: str, allowlist: Collection[str] = ()) -> None:
    """Raise ServiceRefused for any SERVICE whose endpoint is not on ``allowlist``."""
    refused = [target for target in service_targets(query) if target not in allowlist]
    if refused:
        shown = ", ".join(repr(target) for target in refused)
        raise ServiceRefused(
            f"SERVICE is not allowed here ({shown}): this endpoint does not query other servers"
            + ("" if not allowlist else f"; allowed: {', '.join(sorted(allowlist))}")
        )
