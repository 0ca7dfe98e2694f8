"""Mending SSSOM rows as real files carry them, before they become records: each change is stated, per row.

Applied in both modes where SSSOM itself allows the row (sssom:NoTermFound and predicate_modifier 'Not' become
'no relationship' records); the mending of what SSSOM does not allow (an unknown justification, an unprefixed
predicate, an undeclared prefix, a score outside 0 to 1) happens only in lenient mode: in strict mode those rows
stay as written and are rejected by the record checks.
"""

from __future__ import annotations

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import element_prefixes
from crosswalk.content.mapping_records import expand
from crosswalk.content.sssom_terms import (
    UNPREFIXED_PREDICATES,
    placeholder_namespace,
    semapv_justifications,
    well_known_prefixes,
)
from crosswalk.exchange.imports.common import ImportOptions

NO_TERM_FOUND = ns.SSSOM + "NoTermFound"
CURIE_COLUMNS = ("subject_id", "object_id", "predicate_id", "mapping_justification")
SCORE_COLUMNS = ("similarity_score", "confidence")


def resolve_prefixes(rows: list[tuple[int, dict[str, str]]], curie_map: dict[str, str], options: ImportOptions) -> None:
    """Add to ``curie_map`` every prefix the rows use but neither the file nor --curie-map declares: from our own
    prefixes or the well-known table, else a placeholder namespace (the CURIE kept as written); warned once."""
    known = {**well_known_prefixes(), **ns.PREFIXES, **element_prefixes()}
    added: dict[str, str] = {}
    for line, cells in rows:
        for column in CURIE_COLUMNS:
            value = cells.get(column, "")
            prefix, sep, _ = value.partition(":")
            if (
                not sep
                or value.startswith(("http://", "https://", "urn:"))
                or (prefix in curie_map and prefix not in added)
            ):
                continue
            if prefix not in added:
                if prefix in known:
                    added[prefix] = "resolved from the well-known prefix table"
                    curie_map[prefix] = known[prefix]
                else:
                    added[prefix] = "kept under a placeholder namespace"
                    curie_map[prefix] = placeholder_namespace(prefix)
                options.warn(
                    f"prefix {prefix!r} is not declared in the curie_map: {added[prefix]} ({curie_map[prefix]})"
                )
            options.change(line, f"{column}: prefix {prefix!r} not declared, {added[prefix]}")


def mend(line: int, cells: dict[str, str], curie_map: dict[str, str], options: ImportOptions) -> str | None:
    """Change ``cells`` in place; the reason to skip the row, or None to keep it."""
    for column in ("subject_id", "predicate_id", "object_id"):
        if not cells.get(column):
            return f"empty {column}: a mapping needs a subject, a predicate and an object"
    predicate = cells["predicate_id"]
    if ":" not in predicate:
        if predicate not in UNPREFIXED_PREDICATES:
            return f"predicate {predicate!r} has no prefix and no single meaning"
        curie, modifier = UNPREFIXED_PREDICATES[predicate]
        cells["predicate_id"] = curie
        if modifier:
            cells["predicate_modifier"] = modifier
        options.change(
            line, f"predicate {predicate!r} read as {curie}" + (f" with modifier {modifier}" if modifier else "")
        )
    justification = cells.get("mapping_justification", "")
    if (expand(justification, curie_map) or "") not in semapv_justifications():
        cells["mapping_justification"] = "semapv:UnspecifiedMatching"
        _comment(cells, f"mapping_justification given as {justification!r}")
        options.warn(f"{justification!r} is not a SEMAPV matching process: recorded as semapv:UnspecifiedMatching")
        options.change(line, f"justification {justification!r} recorded as semapv:UnspecifiedMatching")
    for column in SCORE_COLUMNS:
        text = cells.get(column, "")
        if text and not _unit(text):
            del cells[column]
            _comment(cells, f"{column} given as {text!r}")
            options.change(line, f"{column} {text!r} is not a number from 0 to 1: dropped (kept in the comment)")
    return None


def no_relationship(cells: dict[str, str], curie_map: dict[str, str]) -> bool:
    """SSSOM's two ways of saying 'nothing matches': the object sssom:NoTermFound, or the predicate negated."""
    ends = {expand(cells.get(c, ""), curie_map) for c in ("subject_id", "object_id")}
    return NO_TERM_FOUND in ends or cells.get("predicate_modifier") == "Not"


def _unit(text: str) -> bool:
    try:
        return 0.0 <= float(text) <= 1.0
    except ValueError:
        return False


def _comment(cells: dict[str, str], text: str) -> None:
    cells["comment"] = f"{cells['comment']} ({text})" if cells.get("comment") else f"({text})"
