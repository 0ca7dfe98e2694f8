"""SSSOM TSV files as the project writes and reads them: the source of truth for mapping sets.

A file is a YAML metadata block (lines starting with ``#``) followed by a tab-separated table, one mapping
record per row. The IR 8477 fields that SSSOM has no slot for travel in extension columns declared in
``extension_definitions`` (SSSOM 1.1), so standard SSSOM tools read the files unchanged.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from crosswalk.content import namespaces as ns
from crosswalk.content.text_files import NotUtf8Text, utf8_text

# Column order of the table; the first block is standard SSSOM, the second our declared extensions.
STANDARD_COLUMNS = [
    "record_id",
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "author_label",
    "reviewer_label",
    "mapping_date",
    "comment",
]
EXTENSION_COLUMNS = {
    "ir8477_style": ("mappingStyle", "IR 8477 mapping style: crosswalk, supportive, set-theory, structural"),
    "ir8477_relationship": ("relationship", "IR 8477 relationship type, read from subject to object"),
    "ir8477_rationale": ("rationale", "IR 8477 set-theory rationale: syntactic, semantic or functional"),
    "ir8477_property": ("relationshipProperty", "IR 8477 supportive property: example-of, integral-to, precedes"),
    "ir8477_strength": ("strength", "IR 8278A strength of relationship, 0 to 10"),
    "mapping_provenance": ("provenance", "who asserts the mapping: nist-official, curated, inferred, suggested"),
    "review_status": ("reviewStatus", "unreviewed, reviewed, disputed, source-published"),
    "relationship_explanation": ("explanation", "why the subject relates to the object this way"),
}
COLUMNS = STANDARD_COLUMNS + list(EXTENSION_COLUMNS)


@dataclass
class MappingRow:
    """One row of a mapping set, as text; validation and RDF conversion happen in mapping_records."""

    record_id: str
    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    ir8477_style: str
    ir8477_relationship: str
    mapping_provenance: str
    review_status: str
    subject_label: str = ""
    predicate_modifier: str = ""
    object_label: str = ""
    author_label: str = ""
    reviewer_label: str = ""
    mapping_date: str = ""
    comment: str = ""
    ir8477_rationale: str = ""
    ir8477_property: str = ""
    ir8477_strength: str = ""
    relationship_explanation: str = ""
    line: int = 0  # line number in the file it was read from (1-based), 0 when built in memory


@dataclass
class MappingSetFile:
    metadata: dict[str, Any]
    rows: list[MappingRow] = field(default_factory=list)
    path: Path | None = None

    @property
    def set_id(self) -> str:
        """Local id of the set: the last segment of mapping_set_id."""
        return str(self.metadata["mapping_set_id"]).rstrip("/").rsplit("/", 1)[-1]

    @property
    def curie_map(self) -> dict[str, str]:
        return dict(self.metadata.get("curie_map") or {})


class SSSOMFormatError(ValueError):
    """A file that is not a readable SSSOM TSV; carries the file and line."""

    def __init__(self, path: Path | None, line: int, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if path else f"line {line}"
        super().__init__(f"{where}: {message}")


def extension_definitions() -> list[dict[str, str]]:
    return [
        {"slot_name": column, "property": f"cw:{prop}", "type_hint": "xsd:string", "description": text}
        for column, (prop, text) in EXTENSION_COLUMNS.items()
    ]


def read(path: Path) -> MappingSetFile:
    try:
        text = utf8_text(path)
    except NotUtf8Text as error:
        raise SSSOMFormatError(path, error.line, error.message) from error
    return parse(text, path)


def parse(text: str, path: Path | None = None) -> MappingSetFile:
    header_lines: list[str] = []
    body_start = 0
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("#"):
            header_lines.append(line[1:])
        else:
            body_start = index
            break
    else:
        body_start = len(lines)

    import yaml  # here, not at import: serving reads no SSSOM file

    try:
        # libyaml's safe loader where PyYAML was built with it: the same documents, read ten times faster.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        metadata = yaml.load("".join(header_lines), Loader=loader) or {}
    except yaml.YAMLError as error:
        raise SSSOMFormatError(path, 1, f"metadata block is not valid YAML: {error}") from error
    if not isinstance(metadata, dict) or "mapping_set_id" not in metadata:
        raise SSSOMFormatError(path, 1, "metadata block has no mapping_set_id")
    result = MappingSetFile(metadata=metadata, path=path)
    reader = csv.DictReader(io.StringIO("".join(lines[body_start:])), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = reader.fieldnames or []
    known = {f.name for f in fields(MappingRow)} - {"line"}
    unknown = [column for column in header if column not in known]
    if unknown:
        raise SSSOMFormatError(path, body_start + 1, f"unknown column(s): {', '.join(unknown)}")
    for offset, record in enumerate(reader):
        line_number = body_start + 2 + offset
        if None in record:
            raise SSSOMFormatError(path, line_number, "row has more cells than the header")
        values = {key: (value or "").strip() for key, value in record.items() if key is not None}
        missing = [name for name in _REQUIRED if not values.get(name)]
        if missing:
            raise SSSOMFormatError(path, line_number, f"missing value for {', '.join(missing)}")
        result.rows.append(MappingRow(line=line_number, **values))
    return result


_REQUIRED = [
    "record_id",
    "subject_id",
    "predicate_id",
    "object_id",
    "mapping_justification",
    "ir8477_style",
    "ir8477_relationship",
    "mapping_provenance",
    "review_status",
]


def dumps(mapping_set: MappingSetFile) -> str:
    """Serialise a set; the inverse of parse for every field we keep."""
    metadata = dict(mapping_set.metadata)
    metadata.setdefault("extension_definitions", extension_definitions())
    import yaml

    header = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=10_000)
    out = io.StringIO()
    for line in header.splitlines():
        out.write(f"#{line}\n")
    used = [c for c in COLUMNS if c in STANDARD_COLUMNS[:8] or any(getattr(r, c) for r in mapping_set.rows)]
    # No quoting and no escaping: the reader (QUOTE_NONE, no escapechar) takes every character literally, and
    # _clean leaves no tab or newline that would need escaping (csv raises if one ever does).
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None)
    writer.writerow(used)
    for row in mapping_set.rows:
        writer.writerow([_clean(getattr(row, column)) for column in used])
    return out.getvalue()


def write(mapping_set: MappingSetFile, path: Path) -> None:
    path.write_text(dumps(mapping_set), encoding="utf-8")


def _clean(value: str) -> str:
    """TSV cells cannot hold tabs or newlines; the sources' texts never need them."""
    return " ".join(str(value).split())


def standard_metadata(
    *,
    set_id: str,
    title: str,
    description: str,
    license_iri: str,
    subject_source: str,
    object_source: str,
    creator: str,
    curie_map: dict[str, str],
    mapping_date: str,
) -> dict[str, Any]:
    prefixes = {"cw": ns.ONTOLOGY, "cwv": ns.VOCAB, "cwmap": ns.MAPPINGS, "semapv": ns.SEMAPV, "skos": ns.SKOS}
    prefixes.update(curie_map)
    return {
        "curie_map": prefixes,
        "mapping_set_id": ns.mapping_set_iri(set_id),
        "mapping_set_title": title,
        "mapping_set_description": description,
        "license": license_iri,
        "subject_source": subject_source,
        "object_source": object_source,
        "creator_label": [creator],
        "mapping_date": mapping_date,
        "extension_definitions": extension_definitions(),
    }
