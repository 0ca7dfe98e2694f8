"""OSCAL 1.2 mapping collections: the vocabulary, the checks no tool enforces, and schema validation.

Shared by the exporter and the importer so both agree on every name. The published JSON Schema
(NIST's oscal_mapping_schema_1.2.1.json) writes its token patterns with ``\\p{L}``, which Python's ``re``
cannot read; the validator below runs those patterns with the ``regex`` module instead. The schema types
``map.relationship`` as a plain token (the allowed values are a metaschema constraint that depends on ``ns``), so
``semantic_problems`` checks it here, together with the rationale and status values.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from crosswalk.content import namespaces as ns
from crosswalk.content.resources import default_reference_dir

if TYPE_CHECKING:  # jsonschema is imported by the first validation: exports and serving need none
    from jsonschema.exceptions import ValidationError

OSCAL_VERSION = "1.2.1"
SCHEMA_NAME = "oscal_mapping_schema_1.2.1.json"
SCHEMA_URI = f"http://csrc.nist.gov/ns/oscal/{OSCAL_VERSION}/oscal-mapping-schema.json"
OSCAL_NS = "http://csrc.nist.gov/ns/oscal"

# Values from the OSCAL 1.2 mapping metaschema (../shared/reference/specs/mapping_vocabularies.json).
RELATIONSHIPS = ("equivalent-to", "equal-to", "subset-of", "superset-of", "intersects-with", "no-relationship")
RATIONALES = ("syntactic", "semantic", "functional")
STATUSES = ("complete", "not-complete", "draft", "deprecated", "superseded")
METHODS = ("human", "automation", "hybrid")

# Our props and relationship tokens live in our own namespaces, as OSCAL's ``ns`` attribute allows.
PROP_NS = ns.ONTOLOGY
RELATIONSHIP_NS = ns.VOCAB
CANONICAL = "canonical"

_CW, _DC, _RDFS, _PROV = ns.ONTOLOGY, ns.DCTERMS, ns.RDFS, ns.PROV

# Record field <-> prop name, value kind; explanation travels as the map's remarks. One table for both directions.
RECORD_PROPS: tuple[tuple[str, str, str], ...] = (
    ("record-id", _CW + "recordId", "string"),
    ("mapping-style", _CW + "mappingStyle", "iri"),
    ("relationship", _CW + "relationship", "iri"),
    ("rationale", _CW + "rationale", "iri"),
    ("relationship-property", _CW + "relationshipProperty", "iri"),
    ("strength", _CW + "strength", "integer"),
    ("provenance", _CW + "provenance", "iri"),
    ("declared-provenance", _CW + "declaredProvenance", "iri"),
    ("justification", _CW + "justification", "iri"),
    ("review-status", _CW + "reviewStatus", "iri"),
    ("predicate", _CW + "skosPredicate", "iri"),
    ("predicate-modifier", _CW + "predicateModifier", "string"),
    ("author", _DC + "creator", "string"),
    ("reviewer", _CW + "reviewer", "string"),
    ("date", _DC + "date", "date"),
    ("subject-label", _CW + "subjectLabel", "string"),
    ("object-label", _CW + "objectLabel", "string"),
    ("comment", _RDFS + "comment", "string"),
    ("hops", _CW + "hops", "integer"),
    ("derived-from", _PROV + "wasDerivedFrom", "iri"),
)
# Mapping set field <-> prop of its back-matter resource; the description travels as the resource description.
SET_PROPS: tuple[tuple[str, str, str], ...] = (
    ("identifier", _DC + "identifier", "string"),
    ("title", _DC + "title", "string"),
    ("license", _DC + "license", "iri"),
    ("creator", _DC + "creator", "string"),
    ("date", _DC + "date", "string"),
    ("subject-source", _CW + "subjectSource", "iri"),
    ("object-source", _CW + "objectSource", "iri"),
)
DESCRIPTION = _DC + "description"
EXPLANATION = _CW + "explanation"

_TOKEN = regex.compile(r"^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$")


def stable_uuid(*keys: str) -> str:
    """A type-5 UUID from IRIs: the same record gets the same UUID in every export, as OSCAL asks."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "|".join(keys)))


def to_token(local_id: str) -> str:
    """A local id as an OSCAL token (NCName): ids that start with a digit ('5.1') get a leading underscore."""
    return local_id if _TOKEN.match(local_id) else "_" + local_id


def from_token(token: str) -> str:
    return token[1:] if token.startswith("_") and not _TOKEN.match(token[1:]) else token


def schema_file() -> Path | None:
    """NIST's published schema: CROSSWALK_OSCAL_SCHEMA, or specs/ of the reference data beside the checkout.

    The schema is NIST's file, not the project's, so it is read where it is published rather than copied in; where
    it is absent the structural and vocabulary checks below still run, and only they.
    """
    override = os.environ.get("CROSSWALK_OSCAL_SCHEMA")
    candidates = [Path(override)] if override else []
    candidates.append(default_reference_dir() / "specs" / SCHEMA_NAME)
    return next((path for path in candidates if path.is_file()), None)


@cache
def schema() -> dict[str, Any]:
    path = schema_file()
    if path is None:
        raise FileNotFoundError(f"the OSCAL schema {SCHEMA_NAME} was not found; set CROSSWALK_OSCAL_SCHEMA")
    with path.open(encoding="utf-8") as handle:
        return dict(json.load(handle))


@cache
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: Any, _schema: Any) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} is not a valid {_datatype_of(pattern)}")


@cache
def _datatypes() -> dict[str, str]:
    definitions = schema()["definitions"]
    return {d["pattern"]: name for name, d in definitions.items() if isinstance(d, dict) and "pattern" in d}


def _datatype_of(pattern: str) -> str:
    return _datatypes().get(pattern, f"value (pattern {pattern})")


@cache
def _oscal_validator() -> Any:
    """Draft 7 with OSCAL's patterns read as ``regex`` reads them (\\p{L} and the like)."""
    from jsonschema import Draft7Validator, validators

    return validators.extend(Draft7Validator, {"pattern": _pattern})


def json_path(path: Any) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def schema_problems(document: Any, schema_document: dict[str, Any] | None = None) -> list[str]:
    """Every schema violation, each with the JSON path where it is (the deepest cause of an anyOf failure).

    Without the schema file (an installed wheel away from the reference data) nothing is reported here.
    """
    if schema_document is None and schema_file() is None:
        return []
    oscal_validator = _oscal_validator()
    validator = oscal_validator(schema_document or schema(), format_checker=oscal_validator.FORMAT_CHECKER)
    problems = []
    for error in validator.iter_errors(document):
        causes = _leaves(error)
        for cause in causes[:3]:
            problems.append(f"{json_path(cause.absolute_path)}: {cause.message}")
    return sorted(dict.fromkeys(problems))


MODEL_SCHEMAS = {"catalog": "oscal_catalog_schema_1.2.1.min.json", "profile": "oscal_profile_schema_1.2.1.min.json"}


@cache
def model_schema(model: str) -> dict[str, Any] | None:
    """NIST's published OSCAL catalog or profile schema (specs/ of the reference data, or CROSSWALK_OSCAL_SPECS)."""
    folder = Path(os.environ.get("CROSSWALK_OSCAL_SPECS") or default_reference_dir() / "specs")
    path = folder / MODEL_SCHEMAS[model]
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as handle:
        return dict(json.load(handle))


@cache
def _fast_validator(model: str) -> Any:
    import jsonschema_rs  # Rust's regex reads \p{L}; a whole SP 800-53 catalog validates in milliseconds

    return jsonschema_rs.Draft7Validator(model_schema(model) or {}, validate_formats=True)


def model_problems(document: Any, model: str) -> list[str]:
    """Schema violations of an OSCAL catalog or profile, each with its JSON path. The fast validator decides; only
    an invalid document is run again through jsonschema (with ``regex``) for its clearer, deepest-cause messages.
    Without the schema file nothing is reported (as for mapping collections)."""
    schema_document = model_schema(model)
    if schema_document is None or _fast_validator(model).is_valid(document):
        return []
    return schema_problems(document, schema_document) or [
        f"{json_path(e.instance_path)}: {e.message[:300]}" for e in _fast_validator(model).iter_errors(document)
    ]


def _leaves(error: ValidationError) -> list[ValidationError]:
    """For anyOf/oneOf failures, the causes that got furthest into the document, not the whole alternative."""
    if not error.context:
        return [error]
    deepest = max(len(e.absolute_path) for e in error.context)
    return [e for e in error.context if len(e.absolute_path) == deepest] or [error]


def semantic_problems(document: Any) -> list[str]:
    """The OSCAL value constraints the JSON Schema leaves out: map relationship tokens by namespace, and the rule
    that a set-theory relationship comes with a matching rationale."""
    problems: list[str] = []
    collection = document.get("mapping-collection", {}) if isinstance(document, dict) else {}
    provenance = collection.get("provenance", {})
    default_rationale = provenance.get("matching-rationale")
    for key, allowed in (("matching-rationale", RATIONALES), ("status", STATUSES), ("method", METHODS)):
        if key in provenance and provenance[key] not in allowed:
            problems.append(f"$.mapping-collection.provenance.{key}: {provenance[key]!r} is not one of {allowed}")
    mappings = collection.get("mappings", [])
    for m_index, mapping in enumerate(mappings if isinstance(mappings, list) else [mappings]):
        for key, allowed in (("matching-rationale", RATIONALES), ("status", STATUSES), ("method", METHODS)):
            if key in mapping and mapping[key] not in allowed:
                problems.append(f"$.mapping-collection.mappings[{m_index}].{key}: {mapping[key]!r} not in {allowed}")
        rationale = mapping.get("matching-rationale", default_rationale)
        for index, entry in enumerate(mapping.get("maps", [])):
            where = f"$.mapping-collection.mappings[{m_index}].maps[{index}]"
            problems += _map_problems(entry, where, entry.get("matching-rationale", rationale))
    return problems


def _map_problems(entry: dict[str, Any], where: str, rationale: str | None) -> list[str]:
    namespace = entry.get("ns", OSCAL_NS)
    relationship = entry.get("relationship")
    if namespace.rstrip("/") == OSCAL_NS:
        if relationship not in RELATIONSHIPS:
            return [
                f"{where}.relationship: {relationship!r} is not an OSCAL relationship; expected one of {RELATIONSHIPS}"
            ]
        if rationale not in RATIONALES:
            return [f"{where}.matching-rationale: the relationship {relationship!r} needs a matching rationale"]
        return []
    if namespace == RELATIONSHIP_NS:
        from crosswalk.content.vocabulary import vocabulary

        known = sorted({notation for _, notation in vocabulary().relationships})
        if relationship not in known:
            return [f"{where}.relationship: {relationship!r} is not a crosswalk relationship; expected one of {known}"]
    return []
