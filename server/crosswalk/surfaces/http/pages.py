"""Readable HTML for dereferenced IRIs: plain server-rendered pages, every value escaped, every IRI a link.

Links to our own resources are local paths (/id/..., /mappings/...), so the pages work on any host; the IRI shown
is the public one (the configured base).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import quote

from crosswalk.content import namespaces as ns
from crosswalk.content.iri_base import IriBase
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.inference import INFERRED_PROVENANCE
from crosswalk.engine.read_models import Engine
from crosswalk.engine.records import ElementRecord, MappingRecord

PAGE_SIZE = 200
MAX_INFERRED = 100
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.45}"
    "table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #ddd;padding:.3rem;text-align:left;"
    "vertical-align:top}dt{font-weight:600}dd{margin:0 0 .4rem 0}.iri{font-family:monospace;color:#555}"
    "blockquote{border-left:3px solid #aaa;margin:1rem 0;padding-left:1rem}"
)


def href(iri: str) -> str:
    """Where a browser should go for an IRI: our own path, or the IRI itself."""
    path = IriBase.path_of(iri)
    return quote(path, safe="/:#") if path else iri


def link(iri: str, text: str | None = None) -> str:
    return f'<a href="{escape(href(iri))}">{escape(text or iri)}</a>'


def page(title: str, body: str, public_iri: str | None = None, formats: bool = True) -> str:
    alternates = ""
    if formats:
        alternates = (
            "<p>Also as <a href='?format=ttl'>Turtle</a>, <a href='?format=jsonld'>JSON-LD</a>, "
            "<a href='?format=nt'>N-Triples</a>.</p>"
        )
    iri_line = f"<p class='iri'>{escape(public_iri)}</p>" if public_iri else ""
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)} · crosswalk</title>"
        f"<style>{_STYLE}</style></head><body><p><a href='/'>crosswalk</a></p><h1>{escape(title)}</h1>"
        f"{iri_line}{body}{alternates}</body></html>"
    )


def _dl(items: Iterable[tuple[str, str]]) -> str:
    """A definition list; values are HTML already escaped by the caller."""
    return "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in items if v) + "</dl>"


def _name(element: ElementRecord | None, iri: str) -> str:
    if element is None:
        return iri.removeprefix(ns.ID)
    if not element.notation and not element.label and element.statement:  # a numberless item: its words
        words = element.statement.split()
        return " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    head = element.notation or element.id
    return f"{head} — {element.label}" if element.label and element.label != head else head


def _label(iri: str | None) -> str:
    if not iri:
        return ""
    vocab = vocabulary()
    return vocab.labels.get(iri, vocab.notation_of(iri))


def _identifier_row(element: ElementRecord) -> list[tuple[str, str]]:
    """An id the document does not print is ours or the reference data's: the page says so."""
    if not element.identifier_origin:
        return []
    return [("Identifier", f"{escape(element.id)}: {escape(element.identifier_origin)}, not printed in the document")]


def element_page(repo: Engine, base: IriBase, element: ElementRecord) -> str:
    iri = element.iri
    children = repo.reference.children([iri]).get(iri, [])
    mapping_iris = [m for m, inferred in repo.reference.mapping_iris_of([iri]).get(iri, []) if not inferred]
    records = repo.reference.mappings(mapping_iris)
    others = {r.object if r.subject == iri else r.subject for r in records.values()}
    names = repo.reference.elements([*children, *others, *([element.parent] if element.parent else [])])
    trail = _ancestors(repo, element)
    crumbs = " › ".join(
        [link(element.version, element.version.removeprefix(ns.ID)), *(link(a.iri, _name(a, a.iri)) for a in trail)]
    )
    locator = ", ".join(
        part for part in (element.document, element.section, element.table,
                          f"p. {element.page}" if element.page else None) if part
    )  # fmt: skip
    body = f"<p>{crumbs}</p>" + _dl(
        [
            ("Kind", escape(element.kind)),
            ("Framework version", link(element.version, element.version.removeprefix(ns.ID))),
            ("Notation", escape(element.notation or "")),
            *_identifier_row(element),
            (
                "Text",
                f"{escape(element.fidelity or '')}"
                + (f" ({escape(element.text_source)})" if element.text_source else ""),
            ),
            ("Source", escape(locator)),
            (
                "Part of",
                link(element.parent, _name(names.get(element.parent), element.parent)) if element.parent else "",
            ),
        ]
    )
    if element.statement:
        body += f"<blockquote>{escape(element.statement)}</blockquote>"
    if element.editorial_note:
        body += f'<p class="editorial">Editorial note: {escape(element.editorial_note)}</p>'
    if children:
        items = "".join(f"<li>{link(c, _name(names.get(c), c))}</li>" for c in children)
        body += f"<h2>Parts ({len(children)})</h2><ul>{items}</ul>"
    asserted = [r for r in records.values() if r.provenance != INFERRED_PROVENANCE]
    inferred = [r for r in records.values() if r.provenance == INFERRED_PROVENANCE]
    body += _mapping_table("Mappings", iri, asserted, names)
    if inferred:
        shown = sorted(inferred, key=lambda r: (r.strength is None, -(r.strength or 0)))[:MAX_INFERRED]
        note = f" (the {MAX_INFERRED} strongest of {len(inferred)})" if len(inferred) > MAX_INFERRED else ""
        body += _mapping_table(f"Inferred mappings{note}", iri, shown, names)
    return page(_name(element, iri), body, base.public(iri))


def _ancestors(repo: Engine, element: ElementRecord) -> list[ElementRecord]:
    """Parent, grandparent, ... up to the top of the version, top first (a few levels at most)."""
    trail: list[ElementRecord] = []
    parent = element.parent
    while parent and len(trail) < 10:
        found = repo.reference.elements([parent]).get(parent)
        if found is None:
            break
        trail.insert(0, found)
        parent = found.parent
    return trail


def _mapping_table(title: str, iri: str, records: Sequence[MappingRecord], names: dict[str, ElementRecord]) -> str:
    if not records:
        return ""
    vocab = vocabulary()
    rows = []
    for r in sorted(records, key=lambda r: (r.set_iri, r.record_id)):
        forward = r.subject == iri
        relationship = vocab.relationship_by_iri(r.relationship)
        if not forward:
            relationship = vocab.relationship_by_iri(relationship.inverse)
        other = r.object if forward else r.subject
        rows.append(
            "<tr>"
            f"<td>{escape(relationship.label)}{_negated(r, relationship.notation)}</td>"
            f"<td>{link(other, _name(names.get(other), other))}</td>"
            f"<td>{link(r.set_iri, r.set_iri.removeprefix(ns.MAPPINGS))}</td>"
            f"<td>{escape(_label(r.provenance))}</td><td>{'' if r.strength is None else r.strength}</td>"
            f"<td>{link(r.iri, 'record')}</td><td>{escape(r.explanation or '')}</td></tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in ("this element is", "of", "set", "provenance", "strength", "", "why"))
    head = f"<tr>{head}</tr>"
    return f"<h2>{escape(title)} ({len(records)})</h2><table>{head}{''.join(rows)}</table>"


def _negated(record: MappingRecord, notation: str) -> str:
    return " (negated)" if record.modifier == "Not" and notation != "no-relationship" else ""


def version_page(repo: Engine, base: IriBase, iri: str) -> str:
    versions = repo.reference.versions([iri])
    if not versions:
        return page(iri, "", base.public(iri))
    v = versions[0]
    tops = repo.reference.top_elements(iri)
    names = repo.reference.elements(tops)
    key = iri.removeprefix(ns.ID)
    body = _dl(
        [
            ("Framework", link(v.framework_iri, v.framework_title)),
            ("Version", escape(v.label)),
            ("Publisher", escape(v.publisher)),
            ("Issued", escape(v.issued)),
            ("Status", escape(v.status)),
            (
                "Completeness",
                escape(v.completeness) + (f": {escape(v.completeness_note)}" if v.completeness_note else ""),
            ),
            ("Elements", f"{v.elements} ({v.verbatim} verbatim, {v.paraphrase} paraphrase)"),
            ("License", link(v.license)),
            ("Attribution", escape(v.attribution)),
            ("OSCAL catalog", f"<a href='/export/oscal-catalog?version={quote(key)}'>download</a>"),
        ]
    )
    items = "".join(f"<li>{link(t, _name(names.get(t), t))}</li>" for t in tops)
    return page(v.title, body + f"<h2>Top-level elements ({len(tops)})</h2><ul>{items}</ul>", base.public(iri))


def framework_page(repo: Engine, base: IriBase, iri: str, title: str) -> str:
    versions = [v for v in repo.reference.versions() if v.framework_iri == iri]
    items = "".join(
        f"<li>{link(v.iri, v.title)} ({escape(v.status)}, issued {escape(v.issued)})</li>" for v in versions
    )
    return page(title or iri, f"<h2>Versions</h2><ul>{items}</ul>", base.public(iri))


def set_page(repo: Engine, base: IriBase, iri: str, number: int) -> str:
    info = next((s for s in repo.reference.mapping_sets() if s.iri == iri), None)
    mapping_iris = repo.reference.mapping_iris_in_sets([iri])
    pages = max(1, -(-len(mapping_iris) // PAGE_SIZE))
    number = min(max(number, 1), pages)
    shown = repo.reference.mappings(mapping_iris[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    names = repo.reference.elements({e for r in shown.values() for e in (r.subject, r.object)})
    key = iri.removeprefix(ns.MAPPINGS)
    downloads = ", ".join(
        f"<a href='/export/{name}?set={quote(key)}'>{name}</a>"
        for name in ("sssom-tsv", "sssom-json", "oscal-mapping", "olir", "csv", "turtle")
    )
    body = _dl(
        [
            ("Description", escape(info.description or "") if info else ""),
            ("License", link(info.license) if info and info.license else ""),
            ("Subject source", link(info.subject_source) if info and info.subject_source else ""),
            ("Object source", link(info.object_source) if info and info.object_source else ""),
            ("Date", escape(info.date or "") if info else ""),
            ("Records", str(len(mapping_iris))),
            ("Download", downloads),
        ]
    )
    rows = "".join(
        f"<tr><td>{link(r.subject, _name(names.get(r.subject), r.subject))}</td>"
        f"<td>{escape(_label(r.relationship))}</td><td>{link(r.object, _name(names.get(r.object), r.object))}</td>"
        f"<td>{link(r.iri, r.record_id)}</td></tr>"
        for r in (shown[i] for i in mapping_iris[(number - 1) * PAGE_SIZE : number * PAGE_SIZE] if i in shown)
    )
    nav = " ".join(f"<a href='?page={n}'>{n}</a>" if n != number else str(n) for n in range(1, pages + 1))
    table = f"<table><tr><th>subject</th><th>is</th><th>object</th><th>record</th></tr>{rows}</table>"
    return page(info.title if info else key, body + table + (f"<p>Pages: {nav}</p>" if pages > 1 else ""),
                base.public(iri))  # fmt: skip


def record_page(repo: Engine, base: IriBase, record: MappingRecord, derived_from: Sequence[str]) -> str:
    names = repo.reference.elements([record.subject, record.object])
    fields = [
        ("Subject", link(record.subject, _name(names.get(record.subject), record.subject))),
        ("Relationship", escape(_label(record.relationship)) + (" (negated)" if record.modifier == "Not" else "")),
        ("Object", link(record.object, _name(names.get(record.object), record.object))),
        ("Style", escape(_label(record.style))),
        ("Rationale", escape(_label(record.rationale))),
        ("Property", escape(_label(record.property))),
        ("Strength", "" if record.strength is None else str(record.strength)),
        ("Explanation", escape(record.explanation or "")),
        ("Comment", escape(record.comment or "")),
        ("Provenance", escape(_label(record.provenance))),
        ("Justification", link(record.justification, record.justification.removeprefix(ns.SEMAPV))),
        ("Review status", escape(_label(record.review_status))),
        ("Author", escape(record.author or "")),
        ("Reviewer", escape(record.reviewer or "")),
        ("Date", escape(record.date or "")),
        ("SSSOM predicate", link(record.predicate)),
        ("Mapping set", link(record.set_iri, record.set_iri.removeprefix(ns.MAPPINGS))),
        ("Derived from", "<br>".join(link(d, d.removeprefix(ns.MAPPINGS)) for d in derived_from)),
    ]
    return page(f"Mapping {record.record_id}", _dl(fields), base.public(record.iri))


def generic_page(base: IriBase, iri: str, title: str, triples: Sequence[tuple[str, str, bool]]) -> str:
    """Any other resource (a vocabulary concept, an inference path): its statements, IRIs as links."""
    rows = "".join(
        f"<tr><td>{link(p, _short(p))}</td><td>{link(o, _short(o)) if is_iri else escape(o)}</td></tr>"
        for p, o, is_iri in triples
    )
    return page(title or _short(iri), f"<table>{rows}</table>", base.public(iri))


def not_found_page(key: str, suggestions: Sequence[tuple[str, str]], what: str = "element") -> str:
    items = "".join(f"<li><a href='{escape(target)}'>{escape(text)}</a></li>" for text, target in suggestions)
    hint = f"<p>Did you mean:</p><ul>{items}</ul>" if suggestions else "<p>No close match.</p>"
    return page(f"No {what} {key!r}", hint, formats=False)


def choices_page(key: str, candidates: Sequence[tuple[str, str]]) -> str:
    items = "".join(f"<li><a href='{escape(target)}'>{escape(text)}</a></li>" for text, target in candidates)
    return page(f"{key!r} names several elements", f"<ul>{items}</ul>", formats=False)


def _short(iri: str) -> str:
    for prefix, namespace in sorted(ns.PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
