"""Plain records the read models return: framework versions, elements, annotations, mapping records and sets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class VersionRecord:
    iri: str
    id: str
    framework_iri: str
    framework_id: str
    framework_title: str
    title: str
    label: str
    publisher: str
    issued: str
    status: str
    completeness: str
    completeness_note: str | None
    license: str
    attribution: str
    source: str | None
    latest: bool
    previous: str | None
    elements: int
    verbatim: int
    paraphrase: int


@dataclass
class ElementRecord:
    iri: str
    kind: str
    id: str
    version: str
    notation: str | None = None
    label: str | None = None
    statement: str | None = None
    fidelity: str | None = None
    text_source: str | None = None
    text_completeness: str | None = None
    parent: str | None = None
    order: int | None = None
    document: str | None = None
    section: str | None = None
    table: str | None = None
    page: str | None = None
    pdf_page: int | None = None
    playbook_statement: str | None = None
    priority: str | None = None
    profile_status: str | None = None
    addition_type: str | None = None
    identifier_origin: str | None = None  # who assigned a local id the document does not print
    editorial_note: str | None = None


@dataclass
class Annotation:
    property: str
    value: str
    label: str | None
    notation: str | None


@dataclass
class MappingRecord:
    iri: str
    set_iri: str
    record_id: str
    subject: str
    object: str
    style: str
    relationship: str
    provenance: str
    justification: str
    review_status: str
    predicate: str
    rationale: str | None = None
    property: str | None = None
    strength: int | None = None
    author: str | None = None
    reviewer: str | None = None
    date: str | None = None
    explanation: str | None = None
    comment: str | None = None
    modifier: str | None = None
    row: int | None = None


@dataclass
class MappingSetRecord:
    iri: str
    id: str
    title: str
    records: int
    description: str | None = None
    license: str | None = None
    subject_source: str | None = None
    object_source: str | None = None
    date: str | None = None
    file: str | None = None
