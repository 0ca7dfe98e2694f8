"""Read access to catalogs and mappings for the API: named queries in, plain records out, always in batches."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from pyoxigraph import Literal, NamedNode

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.engine.catalog_structure import CatalogStructure
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS, element_prefixes
from crosswalk.engine.inference import MappingIndex
from crosswalk.store.base import GraphStore, Row, Term, int_of, text_of


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


class UnknownElement(LookupError):
    def __init__(self, key: str, suggestions: list[str]) -> None:
        self.key = key
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown element {key!r}{hint}")


class AmbiguousElement(LookupError):
    def __init__(self, key: str, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(
            f"{key!r} names elements in several versions ({', '.join(candidates)}); pass a version to choose one"
        )


@dataclass
class _KeyIndex:
    by_key: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # normalised key -> [(element, version)]
    display: dict[str, str] = field(default_factory=dict)  # normalised key -> the key as written


def normalise_key(key: str) -> str:
    return " ".join(key.strip().lower().replace("_", " ").split())


class Repository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def _select(self, name: str, **bindings: Sequence[Term]) -> list[Row]:
        return self.store.select(queries.text(f"api/{name}"), bindings)

    # -- versions ---------------------------------------------------------------------------
    def versions(self, iris: Sequence[str] | None = None) -> list[VersionRecord]:
        bound = {"version": [NamedNode(i) for i in iris]} if iris is not None else {}
        return [
            VersionRecord(
                iri=text_of(r, "version") or "",
                id=text_of(r, "versionId") or "",
                framework_iri=text_of(r, "framework") or "",
                framework_id=text_of(r, "frameworkId") or "",
                framework_title=text_of(r, "frameworkTitle") or "",
                title=text_of(r, "title") or "",
                label=text_of(r, "label") or "",
                publisher=text_of(r, "publisher") or "",
                issued=text_of(r, "issued") or "",
                status=text_of(r, "status") or "",
                completeness=text_of(r, "completeness") or "",
                completeness_note=text_of(r, "completenessNote"),
                license=text_of(r, "license") or "",
                attribution=text_of(r, "attribution") or "",
                source=text_of(r, "source"),
                latest=text_of(r, "latest") == "true",
                previous=text_of(r, "previous"),
                elements=int_of(r, "elements") or 0,
                verbatim=int_of(r, "verbatim") or 0,
                paraphrase=int_of(r, "paraphrase") or 0,
            )
            for r in self._select("framework-versions", **bound)
        ]

    def version_iri(self, key: str) -> str:
        """'ai-rmf/1.0' or a version IRI to the version IRI."""
        if key in FRAMEWORK_VERSIONS:
            return FRAMEWORK_VERSIONS[key].iri
        if any(spec.iri == key for spec in FRAMEWORK_VERSIONS.values()):
            return key
        raise LookupError(f"unknown framework version {key!r}; known: {', '.join(FRAMEWORK_VERSIONS)}")

    # -- elements ---------------------------------------------------------------------------
    def elements(self, iris: Iterable[str]) -> dict[str, ElementRecord]:
        keys = list(dict.fromkeys(iris))
        if not keys:
            return {}
        found: dict[str, ElementRecord] = {}
        for r in self._select("elements", element=[NamedNode(i) for i in keys]):
            iri = text_of(r, "element") or ""
            kind = (text_of(r, "type") or "").removeprefix(ns.ONTOLOGY)
            if kind == "Element":
                continue
            found[iri] = ElementRecord(
                iri=iri,
                kind=kind,
                id=text_of(r, "id") or "",
                version=text_of(r, "version") or "",
                notation=text_of(r, "notation"),
                label=text_of(r, "label"),
                statement=text_of(r, "statement"),
                fidelity=text_of(r, "fidelity"),
                text_source=text_of(r, "textSource"),
                text_completeness=text_of(r, "textCompleteness"),
                parent=text_of(r, "parent"),
                order=int_of(r, "order"),
                document=text_of(r, "document"),
                section=text_of(r, "section"),
                table=text_of(r, "table"),
                page=text_of(r, "page"),
                pdf_page=int_of(r, "pdfPage"),
                playbook_statement=text_of(r, "playbookStatement"),
                priority=text_of(r, "priority"),
                profile_status=text_of(r, "profileStatus"),
                addition_type=text_of(r, "additionType"),
            )
        return found

    def annotations(self, iris: Sequence[str]) -> dict[str, list[Annotation]]:
        result: dict[str, list[Annotation]] = defaultdict(list)
        for r in self._select("element-annotations", element=[NamedNode(i) for i in iris]):
            result[text_of(r, "element") or ""].append(
                Annotation(
                    property=(text_of(r, "property") or "").removeprefix(ns.ONTOLOGY),
                    value=text_of(r, "value") or "",
                    label=text_of(r, "valueLabel"),
                    notation=text_of(r, "valueNotation"),
                )
            )
        return result

    def release_applicability(self, iris: Sequence[str]) -> dict[str, list[tuple[str, str, str]]]:
        result: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for r in self._select("release-applicability", element=[NamedNode(i) for i in iris]):
            result[text_of(r, "element") or ""].append(
                (text_of(r, "releaseType") or "", text_of(r, "applicability") or "", text_of(r, "reason") or "")
            )
        return result

    def children(self, parents: Sequence[str]) -> dict[str, list[str]]:
        result: dict[str, list[str]] = defaultdict(list)
        for r in self._select("children", parent=[NamedNode(i) for i in parents]):
            result[text_of(r, "parent") or ""].append(text_of(r, "child") or "")
        return result

    def top_elements(self, version_iri: str) -> list[str]:
        rows = self._select("top-elements", version=[NamedNode(version_iri)])
        return list(dict.fromkeys(text_of(r, "element") or "" for r in rows))

    def search(self, text: str, version_iri: str | None = None) -> list[str]:
        bound: dict[str, Sequence[Term]] = {"text": [Literal(text)]}
        if version_iri:
            bound["version"] = [NamedNode(version_iri)]
        return [text_of(r, "element") or "" for r in self._select("search", **bound)]

    def untouched(self, version_iri: str, by_version_iri: str, kind: str | None = None) -> list[str]:
        bound: dict[str, Sequence[Term]] = {
            "version": [NamedNode(version_iri)],
            "byVersion": [NamedNode(by_version_iri)],
        }
        if kind:
            bound["kind"] = [NamedNode(ns.ONTOLOGY + kind)]
        return [text_of(r, "element") or "" for r in self._select("untouched-elements", **bound)]

    def by_applicability(self, version_iri: str, release_type: str, applicability: Sequence[str]) -> list[str]:
        bound: dict[str, Sequence[Term]] = {
            "version": [NamedNode(version_iri)],
            "releaseType": [NamedNode(release_type)],
            "applicability": [NamedNode(a) for a in applicability],
        }
        return [text_of(r, "element") or "" for r in self._select("elements-by-applicability", **bound)]

    def revisions(self, iris: Sequence[str]) -> dict[str, tuple[list[str], list[str]]]:
        """element -> (elements it revises, elements that revise it)."""
        result: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        for r in self._select("revisions", element=[NamedNode(i) for i in iris]):
            revises, revised_by = result[text_of(r, "element") or ""]
            if "revises" in r:
                revises.append(text_of(r, "revises") or "")
            if "revisedBy" in r:
                revised_by.append(text_of(r, "revisedBy") or "")
        return result

    def version_notes(self, version_iri: str) -> list[tuple[str, str]]:
        rows = self._select("version-notes", version=[NamedNode(version_iri)])
        return [(text_of(r, "text") or "", text_of(r, "fidelity") or "") for r in rows]

    def version_element_iris(self, version_iri: str, kinds: Sequence[str] | None = None) -> list[str]:
        """Elements of a version in document order, optionally of some kinds only (e.g. Practice)."""
        bound: dict[str, Sequence[Term]] = {"version": [NamedNode(version_iri)]}
        if kinds:
            bound["kind"] = [NamedNode(ns.ONTOLOGY + kind) for kind in kinds]
        return [text_of(r, "element") or "" for r in self._select("version-element-order", **bound)]

    @cached_property
    def mapping_index(self) -> MappingIndex:
        """The asserted records in memory, for crosswalks and matrices (built once per service start)."""
        return MappingIndex.from_store(self.store)

    @cached_property
    def structure(self) -> CatalogStructure:
        """Part-of hierarchy and assessable elements in memory, for coverage (built once per service start)."""
        return CatalogStructure(self.store)

    # -- id resolution ----------------------------------------------------------------------
    @cached_property
    def _keys(self) -> _KeyIndex:
        index = _KeyIndex()
        for r in self._select("element-keys"):
            element, version = text_of(r, "element") or "", text_of(r, "version") or ""
            pair = (element, version)
            written = text_of(r, "key") or ""
            index.display.setdefault(normalise_key(written), written)
            for key in {normalise_key(written), normalise_key(element)}:
                bucket = index.by_key.setdefault(key, [])
                if pair not in bucket:
                    bucket.append(pair)
        return index

    def resolve(self, key: str, version: str | None = None) -> str:
        """An IRI, CURIE, 'framework/version/local' path, local id or notation to one element IRI."""
        version_iri = self.version_iri(version) if version else None
        candidates = self._candidates(key)
        if version_iri:
            candidates = [c for c in candidates if c[1] == version_iri]
        elements = list(dict.fromkeys(element for element, _ in candidates))
        if len(elements) == 1:
            return elements[0]
        if len(elements) > 1:
            versions = sorted({v.removeprefix(ns.ID) for _, v in candidates})
            raise AmbiguousElement(key, versions)
        display = self._keys.display
        close = difflib.get_close_matches(normalise_key(key), list(display), n=5, cutoff=0.6)
        raise UnknownElement(key, [display[k] for k in close])

    def _candidates(self, key: str) -> list[tuple[str, str]]:
        by_key = self._keys.by_key
        direct = by_key.get(normalise_key(key))
        if direct:
            return direct
        prefix, sep, local = key.partition(":")
        prefixes = element_prefixes()
        if sep and prefix in prefixes:
            return by_key.get(normalise_key(prefixes[prefix] + local), [])
        return by_key.get(normalise_key(ns.ID + key.strip("/")), [])

    # -- mappings ---------------------------------------------------------------------------
    def mapping_iris_of(self, elements: Sequence[str]) -> dict[str, list[tuple[str, bool]]]:
        """element -> [(mapping record IRI, whether it is inferred)]."""
        result: dict[str, list[tuple[str, bool]]] = defaultdict(list)
        for r in self._select("mappings-of", element=[NamedNode(i) for i in elements]):
            result[text_of(r, "element") or ""].append((text_of(r, "mapping") or "", text_of(r, "inferred") == "true"))
        return result

    def mappings(self, iris: Sequence[str]) -> dict[str, MappingRecord]:
        keys = list(dict.fromkeys(iris))
        if not keys:
            return {}
        found: dict[str, MappingRecord] = {}
        for r in self._select("mapping-records", mapping=[NamedNode(i) for i in keys]):
            found[text_of(r, "mapping") or ""] = MappingRecord(
                iri=text_of(r, "mapping") or "",
                set_iri=text_of(r, "set") or "",
                record_id=text_of(r, "recordId") or "",
                subject=text_of(r, "subject") or "",
                object=text_of(r, "object") or "",
                style=text_of(r, "style") or "",
                relationship=text_of(r, "relationship") or "",
                provenance=text_of(r, "provenance") or "",
                justification=text_of(r, "justification") or "",
                review_status=text_of(r, "reviewStatus") or "",
                predicate=text_of(r, "predicate") or "",
                rationale=text_of(r, "rationale"),
                property=text_of(r, "property"),
                strength=int_of(r, "strength"),
                author=text_of(r, "author"),
                reviewer=text_of(r, "reviewer"),
                date=text_of(r, "date"),
                explanation=text_of(r, "explanation"),
                comment=text_of(r, "comment"),
                modifier=text_of(r, "modifier"),
                row=int_of(r, "row"),
            )
        return found

    def mapping_iris_in_sets(self, set_iris: Sequence[str] | None) -> list[str]:
        bound = {"set": [NamedNode(i) for i in set_iris]} if set_iris is not None else {}
        return [text_of(r, "mapping") or "" for r in self._select("mappings-in-set", **bound)]

    def mapping_sets(self) -> list[MappingSetRecord]:
        return [
            MappingSetRecord(
                iri=text_of(r, "set") or "",
                id=text_of(r, "id") or "",
                title=text_of(r, "title") or "",
                records=int_of(r, "records") or 0,
                description=text_of(r, "description"),
                license=text_of(r, "license"),
                subject_source=text_of(r, "subjectSource"),
                object_source=text_of(r, "objectSource"),
                date=text_of(r, "date"),
                file=text_of(r, "file"),
            )
            for r in self._select("mapping-sets")
        ]
