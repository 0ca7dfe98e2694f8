"""Read access to catalogs and mappings: named queries in, plain records out, always in batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pyoxigraph import Literal, NamedNode

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.content.frameworks import find_version
from crosswalk.engine.records import Annotation, ElementRecord, MappingRecord, MappingSetRecord, VersionRecord
from crosswalk.store.base import GraphStore, Row, Term, int_of, text_of


class ReferenceReads:
    """The public catalogs and mapping sets, read through named queries, always in batches."""

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
        """'ai-rmf/1.0', a version IRI or a framework id ('ai-800-1': its latest complete version) to the IRI."""
        return find_version(key).iri

    # -- elements ---------------------------------------------------------------------------
    def elements(self, iris: Iterable[str]) -> dict[str, ElementRecord]:
        keys = list(dict.fromkeys(iris))
        if not keys:
            return {}
        found: dict[str, ElementRecord] = {}
        for r in self._select("elements", element=[NamedNode(i) for i in keys]):
            record = element_record(r)
            if record is not None:
                found[record.iri] = record
        return found

    def tree(self, roots: Sequence[str]) -> tuple[dict[str, ElementRecord], dict[str, list[str]]]:
        """Every element at or below ``roots``, at any depth, in one read: (records, element -> children in
        document order, as ``children`` orders them; an empty list for a leaf). A part that is no element (no
        version, id or kind) is left out of its parent's children: no surface could show it."""
        records: dict[str, ElementRecord] = {}
        edges: dict[str, dict[str, tuple[bool, int, str]]] = defaultdict(dict)
        for r in self._select("element-tree", root=[NamedNode(i) for i in dict.fromkeys(roots)]):
            record = element_record(r)
            if record is None:
                continue
            records[record.iri] = record
            if record.parent is not None:  # one row per parent of an element in several
                edges[record.parent][record.iri] = (record.order is not None, record.order or 0, record.id)
        nodes = records.keys()
        children: dict[str, list[str]] = {}
        for node in nodes:
            parts = edges.get(node, {})
            children[node] = sorted(parts, key=parts.__getitem__)
        return records, children

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
            record = mapping_record(r)
            found[record.iri] = record
        return found

    def page(self, focus: str) -> tuple[dict[str, ElementRecord], list[tuple[str, bool]], dict[str, MappingRecord]]:
        """What an element's page shows, in one read: (the records of the element, its parent and the other end
        of each mapping touching it; its mappings as ``mapping_iris_of`` lists them, of those with a whole record;
        those records)."""
        elements: dict[str, ElementRecord] = {}
        touching: list[tuple[str, bool]] = []
        records: dict[str, MappingRecord] = {}
        for r in self._select("element-page", focus=[NamedNode(focus)]):
            if "mapping" in r:
                record = mapping_record(r)
                records[record.iri] = record
                touching.append((record.iri, text_of(r, "inferred") == "true"))
            elif (element := element_record(r)) is not None:
                elements[element.iri] = element
        return elements, list(dict.fromkeys(touching)), records

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


def element_record(r: Row) -> ElementRecord | None:
    """One row of the element fields (elements.rq, element-tree.rq) as a record; None for a row of the generic
    cw:Element type (the element's own kind comes in another row)."""
    kind = (text_of(r, "type") or "").removeprefix(ns.ONTOLOGY)
    if kind == "Element":
        return None
    return ElementRecord(
        iri=text_of(r, "element") or "",
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
        identifier_origin=text_of(r, "identifierOrigin"),
        editorial_note=text_of(r, "editorialNote"),
    )


def mapping_record(r: Row) -> MappingRecord:
    """One row of the mapping record fields (mapping-records.rq, element-page.rq) as a record."""
    return MappingRecord(
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
