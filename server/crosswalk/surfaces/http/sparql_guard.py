"""Reading a query as tokens: what a public query may not do (reach another server through SERVICE), and what
the endpoint needs to know before running it (its form, its own FROM and FROM NAMED).

A query is read as SPARQL tokens (strings, IRIs and comments skipped, so their text cannot hide or fake a keyword),
and every SERVICE clause is refused unless its endpoint IRI is on the configured allowlist (empty by default).
Nothing in a query can then make the server connect anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from urllib.parse import urljoin

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


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword after the prologue (None if there is none,
    e.g. a syntax error the query engine will report)."""
    for kind, text in tokens(query):
        if kind == "name" and text.upper() in QUERY_FORMS:
            return text.upper()
    return None


def dataset_clauses(query: str) -> tuple[list[str], list[str]]:
    """The IRIs of the query's own FROM and FROM NAMED clauses (prefixed names expanded, relative IRIs resolved
    against BASE). A name that cannot be expanded is kept as written: it names no graph a caller may read."""
    prefixes: dict[str, str] = {}
    base = ""
    default: list[str] = []
    named: list[str] = []
    items = list(tokens(query))

    def expand(kind: str, text: str) -> str:
        if kind == "iri":
            return urljoin(base, text[1:-1]) if base else text[1:-1]
        prefix, _, local = text.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else text

    for position, (kind, text) in enumerate(items):
        if kind != "name":
            continue
        word = text.upper()
        following = items[position + 1 : position + 3]
        if word == "PREFIX" and len(following) >= 2 and following[1][0] == "iri":
            prefixes[following[0][1].rstrip(":")] = expand(*following[1])
        elif word == "BASE" and following and following[0][0] == "iri":
            base = expand(*following[0])
        elif word == "FROM" and following:
            target = following[0]
            into = default
            if target[0] == "name" and target[1].upper() == "NAMED":
                into = named
                target = following[1] if len(following) > 1 else ("other", "")
            if target[0] == "iri" or (target[0] == "name" and ":" in target[1]):
                into.append(expand(*target))
    return default, named
