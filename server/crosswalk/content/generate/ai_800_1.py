"""NIST AI 800-1 catalogs: the initial public draft (complete, verbatim) and, re-exported, the second public draft.

The ipd is transcribed in full from the NIST PDF (reference source S1), so every element's text is checked to be
marked verbatim before it is written. Local ids are fixed (mapping sets are written against them): ``objective-N``,
``practice-N.M``, ``recommendation-N.M.K``, ``documentation-N.M.x``, ``challenge-N``, ``term-<slug>``,
``safeguard-B.N``, ``method-B.N.K``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from crosswalk.content.generate.ai_800_1_2pd import build_2pd
from crosswalk.content.generate.ai_800_1_common import (
    IPD_FILE,
    IPD_SPEC,
    LICENSE,
    FidelityError,
    add_creator,
    add_framework,
    add_note_refs,
    load_reference,
    locator,
    require_verbatim,
)
from crosswalk.content.generate.builder import SKOS, CatalogBuilder, slug

# The counts PROVENANCE.md and the reference README promise; a generator that writes fewer is wrong.
IPD_COUNTS: dict[str, int] = {
    "objectives": 7,
    "practices": 21,
    "recommendations": 83,
    "documentation_examples": 32,
    "key_challenges": 7,
    "glossary_terms": 10,
    "appendix_b_safeguard_categories": 5,
    "appendix_b_implementation_methods": 14,
}

SECTION_KEY_CHALLENGES = "3"
SECTION_OBJECTIVES = "4"
SECTION_GLOSSARY = "Appendix A"
SECTION_SAFEGUARDS = "Appendix B"
SAFEGUARD_TABLE = "Table 1"


def build_ipd(reference_dir: Path) -> Graph:
    """The ipd catalog from ``<reference_dir>/nist-ai-800-1/ai-800-1-ipd.json``."""
    data = load_reference(reference_dir, IPD_FILE)
    _check_counts(data)
    builder = CatalogBuilder(IPD_SPEC)
    add_framework(builder)
    _version(builder, data)
    document = str(data["document"]["identifier"])
    _objectives(builder, data, document)
    _key_challenges(builder, data, document)
    _glossary(builder, data, document)
    _appendix_b(builder, data, document)
    return builder.finish()


def _check_counts(data: dict[str, Any]) -> None:
    practices = data["practices"]
    safeguards = data["appendix_b"]["safeguards"]
    found = {
        "objectives": len(data["objectives"]),
        "practices": len(practices),
        "recommendations": sum(len(p["recommendations"]) for p in practices),
        "documentation_examples": sum(len(p["documentation_examples"]) for p in practices),
        "key_challenges": len(data["key_challenges"]),
        "glossary_terms": len(data["appendix_a_glossary"]),
        "appendix_b_safeguard_categories": len(safeguards),
        "appendix_b_implementation_methods": sum(len(s["possible_implementation_methods"]) for s in safeguards),
    }
    for key, expected in IPD_COUNTS.items():
        if found[key] != expected or data["counts"].get(key) != expected:
            raise FidelityError(
                f"ipd {key}: found {found[key]}, reference says {data['counts'].get(key)}, want {expected}"
            )


def _version(builder: CatalogBuilder, data: dict[str, Any]) -> None:
    doc = data["document"]
    s1 = data["sources"]["S1"]
    if doc.get("title_fidelity") != "verbatim":
        raise FidelityError("ipd title is not verbatim")
    builder.version(
        title=doc["title"],
        version_label=doc["stage"],
        publisher=doc["publisher"],
        issued=doc["release_date"],
        status="draft",
        completeness="complete",
        license_iri=LICENSE,
        attribution=(
            f"Credit: National Institute of Standards and Technology (NIST), {doc['author_on_cover']}, "
            f"{doc['identifier']}, “{doc['title']}”, {doc['stage']}, {doc['date_on_cover']}, {doc['doi_url']}. "
            f"{doc['license_note']} Text transcribed from source S1, the NIST PDF {s1['path']} "
            f"(SHA-256 {s1['sha256']})."
        ),
        source=doc["doi_url"],
        derived_from=[
            f"S1: {s1['path']} ({s1['bytes']} bytes, SHA-256 {s1['sha256']}), a copy of {doc['official_pdf_url']} "
            f"in GitHub {s1['repository']} (first seen at commit {s1['commit_first_seen']})",
            "shared/reference nist-ai-800-1/ai-800-1-ipd.json (verbatim transcription of S1)",
        ],
        latest=False,
        completeness_note=(
            "Every objective, practice, recommendation, documentation example, key challenge, glossary term and "
            "Appendix B safeguard and implementation method of the initial public draft, verbatim from the NIST PDF. "
            "Practice 7.1 prints no documentation list. Sections 1-2, the table of contents, the 3 footnotes and "
            "the 50 endnotes are not elements; note markers are kept as cw:noteRef. Superseded by the second "
            "public draft (January 2025)."
        ),
    )
    add_creator(builder, doc["author_on_cover"])


def _objectives(builder: CatalogBuilder, data: dict[str, Any], document: str) -> None:
    listed = {str(o["n"]): o for o in data["section_4_intro"]["objectives_as_listed"]}
    practices_by_id = {p["id"]: p for p in data["practices"]}
    for order, objective in enumerate(data["objectives"], start=1):
        oid = objective["id"]
        require_verbatim(objective, f"objective {oid}", "S1")
        node = builder.element(
            "Objective",
            f"objective-{oid}",
            locator=locator(document, objective["locator"], SECTION_OBJECTIVES),
            notation=f"Objective {oid}",
            label=objective["title"],
            statement=objective["text"],
            order=order,
        )
        # Section 4 lists objective 4 as "Measure misuse risk"; keep that printed variant as an alternative label.
        as_listed = listed.get(oid)
        if as_listed is not None and as_listed["title"] != objective["title"]:
            require_verbatim(as_listed, f"objective {oid} as listed", "S1")
            builder.add(node, SKOS.altLabel, Literal(as_listed["title"], lang="en"))
        for p_order, pid in enumerate(objective["practices"], start=1):
            practice = practices_by_id[pid]
            if practice["objective"] != oid:
                raise FidelityError(f"practice {pid} is listed under objective {oid} but says {practice['objective']}")
            _practice(builder, practice, node, p_order, document)


def _practice(builder: CatalogBuilder, practice: dict[str, Any], parent: URIRef, order: int, document: str) -> None:
    pid = practice["id"]
    require_verbatim(practice, f"practice {pid}", "S1")
    node = builder.element(
        "Practice",
        f"practice-{pid}",
        locator=locator(document, practice["locator"], SECTION_OBJECTIVES),
        notation=f"Practice {pid}",
        statement=practice["title"],
        parent=parent,
        order=order,
    )
    if not practice["documentation_examples"]:
        builder.add(
            node, SKOS.editorialNote, Literal("The ipd prints no documentation list for this practice.", lang="en")
        )
    for rec in practice["recommendations"]:
        rid = rec["id"]
        if rid != f"{pid}.{rec['n']}":
            raise FidelityError(f"recommendation id {rid} does not match practice {pid} item {rec['n']}")
        require_verbatim(rec, f"recommendation {rid}", "S1")
        rec_node = builder.element(
            "Recommendation",
            f"recommendation-{rid}",
            locator=locator(document, rec["locator"], SECTION_OBJECTIVES),
            notation=rid,
            statement=rec["text"],
            parent=node,
            order=int(rec["n"]),
        )
        add_note_refs(builder, rec_node, rec)
        if rid == "5.2.1":
            builder.add(
                rec_node,
                SKOS.editorialNote,
                Literal("Refers to Appendix A for safeguards; the safeguards table is Appendix B.", lang="en"),
            )
    for d_order, doc_item in enumerate(practice["documentation_examples"], start=1):
        did = doc_item["id"]
        if did != f"{pid}.{doc_item['letter']}":
            raise FidelityError(f"documentation id {did} does not match practice {pid} item {doc_item['letter']}")
        require_verbatim(doc_item, f"documentation {did}", "S1")
        # "N.M.x" is the reference's own convention (the PDF prints only the letter), so it is no notation.
        doc_node = builder.element(
            "DocumentationExample",
            f"documentation-{did}",
            locator=locator(document, doc_item["locator"], SECTION_OBJECTIVES),
            statement=doc_item["text"],
            parent=node,
            order=d_order,
        )
        add_note_refs(builder, doc_node, doc_item)


def _key_challenges(builder: CatalogBuilder, data: dict[str, Any], document: str) -> None:
    for order, challenge in enumerate(data["key_challenges"], start=1):
        n = challenge["n"]
        if n != order:
            raise FidelityError(f"key challenge {n} is item {order}")
        require_verbatim(challenge, f"key challenge {n}", "S1")
        node = builder.element(
            "KeyChallenge",
            f"challenge-{n}",
            locator=locator(document, challenge["locator"], SECTION_KEY_CHALLENGES),
            label=challenge["title"],
            statement=challenge["text"],
            order=order,
        )
        add_note_refs(builder, node, challenge)


def _glossary(builder: CatalogBuilder, data: dict[str, Any], document: str) -> None:
    seen: set[str] = set()
    for order, term in enumerate(data["appendix_a_glossary"], start=1):
        local_id = f"term-{slug(term['term'])}"
        if local_id in seen:
            raise FidelityError(f"two glossary terms slug to {local_id}")
        seen.add(local_id)
        require_verbatim(term, f"glossary term {term['term']}", "S1")
        node = builder.element(
            "GlossaryTerm",
            local_id,
            locator=locator(document, term["locator"], SECTION_GLOSSARY),
            label=term["term"],
            statement=term["definition"],
            order=order,
        )
        add_note_refs(builder, node, term)


def _appendix_b(builder: CatalogBuilder, data: dict[str, Any], document: str) -> None:
    # B.N / B.N.K are the reference's row ids; its Table 1 has only the columns Safeguard and Possible Implementation
    # Methods and its conventions do not call them printed, so they make local ids but no skos:notation.
    for order, safeguard in enumerate(data["appendix_b"]["safeguards"], start=1):
        sid = safeguard["id"]
        require_verbatim(safeguard, f"safeguard {sid}", "S1")
        node = builder.element(
            "SafeguardCategory",
            f"safeguard-{sid}",
            locator=locator(document, safeguard["locator"], SECTION_SAFEGUARDS, SAFEGUARD_TABLE),
            statement=safeguard["safeguard"],
            order=order,
        )
        add_note_refs(builder, node, safeguard)
        for m_order, method in enumerate(safeguard["possible_implementation_methods"], start=1):
            mid = method["id"]
            if mid != f"{sid}.{m_order}":
                raise FidelityError(f"implementation method {mid} is item {m_order} of {sid}")
            require_verbatim(method, f"implementation method {mid}", "S1")
            m_node = builder.element(
                "ImplementationMethod",
                f"method-{mid}",
                locator=locator(document, method["locator"], SECTION_SAFEGUARDS, SAFEGUARD_TABLE),
                statement=method["text"],
                parent=node,
                order=m_order,
            )
            add_note_refs(builder, m_node, method)


__all__ = ["IPD_COUNTS", "build_2pd", "build_ipd"]
