"""An accepted suggestion as one SSSOM row of its set: a full IR 8477 record like the curated rows beside it.

The curator chooses the relationship (in the set's style unless told otherwise), rationale, strength and explanation;
the row names its author and reviewer and the date, and its comment says it came from a suggestion, so the diff of
the TSV is the review of the curator's work.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import element_prefixes
from crosswalk.content.sssom_tsv import MappingRow, MappingSetFile
from crosswalk.content.vocabulary import vocabulary


@dataclass(frozen=True)
class Acceptance:
    """What a curator decides when accepting a suggestion."""

    relationship: str  # IR 8477 type notation, e.g. subset-of
    explanation: str
    strength: int | None = None
    rationale: str | None = None  # syntactic, semantic, functional (set theory needs one)
    style: str | None = None  # default: the set's own style
    property: str | None = None  # supportive: example-of, integral-to, precedes
    author: str | None = None  # default: the curator accepting
    comment: str | None = None
    license: str | None = None  # a new set's license (a name of SET_LICENSES or an IRI); an existing set keeps its own


class AcceptanceRejected(ValueError):
    """The curator's choices do not make a valid record; nothing was written."""


# The licenses a curator may give a set that accepted suggestions start, by name; an IRI of another works too.
SET_LICENSES = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",  # what every curated set of the project says
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}
DEFAULT_LICENSE = "cc-by-4.0"


def set_license(chosen: str | None) -> str:
    """The license IRI of ``chosen`` (a name of SET_LICENSES or an http(s) IRI; None: the project's default)."""
    name = DEFAULT_LICENSE if chosen is None else chosen.strip()
    if name.lower() in SET_LICENSES:
        return SET_LICENSES[name.lower()]
    if ns.HTTP_IRI.fullmatch(name):
        return name
    known = ", ".join(SET_LICENSES)
    raise AcceptanceRejected(f"license {chosen!r} is neither one of {known} nor an http(s) IRI")


def curie(iri: str, mapping_set: MappingSetFile) -> str:
    """``iri`` as a CURIE of the set's curie map (the framework's prefix is added to the map when missing)."""
    curie_map = mapping_set.metadata.setdefault("curie_map", {})
    for prefix, base in sorted(curie_map.items(), key=lambda kv: -len(str(kv[1]))):
        if iri.startswith(str(base)) and "/" not in iri[len(str(base)) :]:
            return f"{prefix}:{iri[len(str(base)) :]}"
    for prefix, base in element_prefixes().items():
        if iri.startswith(base) and prefix not in curie_map:
            curie_map[prefix] = base
            return f"{prefix}:{iri[len(base) :]}"
    raise AcceptanceRejected(f"no CURIE prefix for {iri}")


def _label(mapping_set: MappingSetFile, column: str, value: str, fallback: str) -> str:
    """The label the set already gives this element, so the file stays consistent; else the element's notation."""
    for row in mapping_set.rows:
        if getattr(row, column + "_id") == value and getattr(row, column + "_label"):
            return str(getattr(row, column + "_label"))
    return fallback


def accepted_row(
    mapping_set: MappingSetFile,
    subject: tuple[str, str],  # (IRI, notation)
    target: tuple[str, str],
    choice: Acceptance,
    curator: str,
    note: str,
    today: dt.date | None = None,
) -> MappingRow:
    vocab = vocabulary()
    styles = Counter(row.ir8477_style for row in mapping_set.rows)
    # a new set has no style yet: the one style that has the chosen relationship, else crosswalk
    having = sorted(s for s, n in vocab.relationships if n == choice.relationship)
    style = choice.style or (styles.most_common(1)[0][0] if styles else having[0] if len(having) == 1 else "crosswalk")
    rel = vocab.relationships.get((style, choice.relationship))
    if rel is None:
        allowed = sorted(n for s, n in vocab.relationships if s == style)
        raise AcceptanceRejected(
            f"{choice.relationship!r} is not a {style} relationship; expected one of {', '.join(allowed)}"
        )
    if style in vocab.styles_requiring_rationale and not choice.rationale:
        raise AcceptanceRejected(f"a {style} record needs a rationale (syntactic, semantic or functional)")
    if choice.strength is not None and not 0 <= choice.strength <= 10:
        raise AcceptanceRejected("strength is an integer from 0 to 10")
    explanation = " ".join(choice.explanation.split())
    if len(explanation) < 10:
        raise AcceptanceRejected("an accepted record needs an explanation of why the subject relates to the object")
    subject_id, object_id = curie(subject[0], mapping_set), curie(target[0], mapping_set)
    record = _record_id(mapping_set, subject_id, object_id)
    author = (choice.author or curator).strip()
    negated = choice.relationship == "no-relationship"
    comment = " ".join(part for part in (choice.comment or "", note) if part)
    return MappingRow(
        record_id=record,
        subject_id=subject_id,
        subject_label=_label(mapping_set, "subject", subject_id, subject[1]),
        predicate_id=curie(rel.skos or ns.SKOS + "relatedMatch", mapping_set),
        predicate_modifier="Not" if negated else "",
        object_id=object_id,
        object_label=_label(mapping_set, "object", object_id, target[1]),
        mapping_justification="semapv:ManualMappingCuration",
        author_label=author,
        reviewer_label=curator,
        mapping_date=(today or dt.datetime.now(dt.UTC).date()).isoformat(),
        comment=comment,
        ir8477_style=style,
        ir8477_relationship=choice.relationship,
        ir8477_rationale=choice.rationale or "",
        ir8477_property=choice.property or "",
        ir8477_strength="" if choice.strength is None else str(choice.strength),
        mapping_provenance="curated",
        # A second reader is what "reviewed" means: a curator accepting their own record has not had one.
        review_status="reviewed" if author != curator else "unreviewed",
        relationship_explanation=explanation,
    )


def _record_id(mapping_set: MappingSetFile, subject_id: str, object_id: str) -> str:
    taken = {row.record_id for row in mapping_set.rows}
    base = f"cwmap:{mapping_set.set_id}/{subject_id.split(':', 1)[1]}--{object_id.split(':', 1)[1]}"
    record, number = base, 1
    while record in taken:
        number += 1
        record = f"{base}-{number}"
    return record
