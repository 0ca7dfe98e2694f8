"""NIST AI 800-1 second public draft (January 2025): a partial catalog of what secondary sources attest.

The 2pd PDF could not be read, so nothing here is transcribed: every statement is a quote by a named source (T1, T3,
T4, T5) with the fidelity and completeness the reference gives, and nothing is filled in from the ipd. Unknown titles
and statements are left out, not borrowed. Links to the ipd are prov:wasRevisionOf triples between IRIs, never text.
Passages that fit no element class (NIST's list of changes, body fragments) are descriptions of the version node,
each reified (rdf:Statement) to carry its source, fidelity and completeness.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from crosswalk.content import namespaces as ns
from crosswalk.content.generate.ai_800_1_common import (
    IPD_FILE,
    IPD_SPEC,
    LICENSE,
    PUBLISHER,
    V2_FILE,
    V2_SPEC,
    FidelityError,
    add_creator,
    add_framework,
    load_reference,
    locator,
    page_number,
    pdf_page_number,
)
from crosswalk.content.generate.builder import CW, CWV, SKOS, CatalogBuilder, Locator, slug

SECTION_GLOSSARY = "Appendix A"

# Short names of the sources whose quotes become statements; other sources are named by the reference's own words.
QUOTING_SOURCES: dict[str, str] = {
    "T1": "T1: NIST news release “Updated Guidelines for Managing Misuse Risk for Dual-Use Foundation Models” "
    "(January 2025), https://www.nist.gov/news-events/news/2025/01/updated-guidelines-managing-misuse-risk-dual-use-"
    "foundation-models, read via the prdnews.com mirror",
    "T3": "T3: CSU AI Safety & Security wiki, “Working Group #5: Safety & Security”, "
    "https://github.com/SteveKommrusch/CSU_AISafetySecurity/wiki/Working-Group-%235:-Safety-&-Security",
    "T4": "T4: GitHub memo “Verification: US and security sources (NIST, CAISI, RAND, AISP)” (GitHub index file "
    "70518787261)",
    "T5": "T5: GitHub reading guide, entry “nist-2025-managing” (GitHub index file 70784842453)",
}
# Sources the version's metadata and notes rest on (release date, DOI, status, the seven-objectives claim).
USED_SOURCES = ("T1", "T3", "T4", "T5", "T6", "T7", "T8", "T9")


def build_2pd(reference_dir: Path) -> Graph:
    """The 2pd catalog from ``<reference_dir>/nist-ai-800-1/ai-800-1-2pd.json`` (ipd file for revision links)."""
    data = load_reference(reference_dir, V2_FILE)
    ipd = load_reference(reference_dir, IPD_FILE)
    builder = CatalogBuilder(V2_SPEC)
    add_framework(builder)
    version = _version(builder, data)
    document = str(data["document"]["identifier"])
    quotes = _objectives(builder, data, document)
    _glossary(builder, data, ipd, document)
    _version_passages(builder, version, data, quotes)
    return builder.finish()


# -- version ---------------------------------------------------------------------------------------------------
def _version(builder: CatalogBuilder, data: dict[str, Any]) -> URIRef:
    doc = data["document"]
    status = data["final_version_status"]["finding"]
    if not status.startswith("No final"):
        raise FidelityError("the reference no longer says that no final AI 800-1 exists; revisit isLatestVersion")
    if doc.get("title_fidelity") != "verbatim":
        raise FidelityError("2pd title is not verbatim")
    doi_url = f"https://doi.org/{doc['doi']}"
    sources = data["sources"]
    version = builder.version(
        title=doc["title"],
        version_label=doc["stage"],
        publisher=PUBLISHER,
        issued=doc["release_date"],
        status="draft",
        completeness="partial",
        license_iri=LICENSE,
        attribution=(
            f"Credit: {doc['author']}, {doc['identifier']}, “{doc['title']}”, {doc['stage']}, "
            f"{doc['date_on_document']}, {doi_url}. {doc['license_note']} The 2pd itself was not obtained: its "
            "words here are quotations by the secondary sources named in each cw:textSource."
        ),
        source=doi_url,
        derived_from=[_source_description(sid, sources[sid]) for sid in USED_SOURCES]
        + ["shared/reference nist-ai-800-1/ai-800-1-2pd.json (quotations of the 2pd, with sources)"],
        latest=True,
        completeness_note=_completeness_note(data),
    )
    builder.add(version, CW.previousVersion, URIRef(IPD_SPEC.iri))
    add_creator(builder, doc["author"])
    return version


def _source_description(sid: str, source: dict[str, Any]) -> str:
    index_id = source.get("github_index_file_id")
    where = source.get("official_url") or source.get("url") or (f"GitHub index file {index_id}" if index_id else None)
    text = f"{sid}: {source['what']}"
    return f"{text} ({where})" if where else text


def _completeness_note(data: dict[str, Any]) -> str:
    counts = data["counts"]
    attested = _attested_objective_ids(data)
    omitted = [o["id"] for o in data["objectives"] if o["id"] not in attested]
    return (
        "Partial: the second public draft's PDF could not be read, so this catalog holds only what secondary "
        f"sources quote or describe: objectives {', '.join(attested)} "
        f"(of {counts['objectives']['claimed_by_secondary']} claimed by T9; no titles known; objectives "
        f"{', '.join(omitted)} are not attested and left out), practices "
        f"{', '.join(counts['practices']['ids'])} (no statements known), "
        f"{counts['recommendations']['verbatim_sentences']} recommendation sentences and "
        f"{counts['recommendations']['verbatim_fragments']} fragment (numbers unknown), "
        f"{counts['glossary']['term_names']} glossary term names (paraphrase, from T5) with one full and one partial "
        "definition, NIST's announced changes (the fifth cut off in the stored copy of the release), and some body "
        "passages. Unknown titles and statements are left out, never taken from the ipd; quoted recommendations "
        "and glossary terms have no cw:order because their positions are unknown. No final NIST AI 800-1 exists in any "
        "stored source (T7 checked as of 2026-09-26), so this draft is the latest version. Missing: "
        + " ".join(data["missing"])
    )


def _attested_objective_ids(data: dict[str, Any]) -> list[str]:
    return [o["id"] for o in data["objectives"] if str(o["attestation"]).startswith("attested")]


# -- elements --------------------------------------------------------------------------------------------------
def _objectives(builder: CatalogBuilder, data: dict[str, Any], document: str) -> list[str]:
    """Attested objectives and practices with their quoted recommendations; returns the quoted texts."""
    quotes: list[str] = []
    objective_nodes: dict[str, URIRef] = {}
    for objective in data["objectives"]:
        oid = objective["id"]
        if not str(objective["attestation"]).startswith("attested"):
            continue  # expected from the ipd or secondary summaries, but no 2pd text or locator confirms it
        _refuse_unsourced_text(objective, f"objective {oid}", ("title", "text"))
        node = builder.element(
            "Objective",
            f"objective-{oid}",
            locator=locator(document, None),
            notation=f"Objective {oid}",
            order=int(oid),
        )
        builder.add(node, PROV.wasRevisionOf, _ipd_iri(f"objective-{objective['ipd_counterpart']['id']}"))
        if "title_paraphrase" in objective:
            _describe(builder, node, objective["title_paraphrase"], f"objective-{oid}-title", "Objective title")
        objective_nodes[oid] = node
    for practice in data["practices"]:
        pid = practice["id"]
        if not str(practice["attestation"]).startswith("attested"):
            continue
        _refuse_unsourced_text(practice, f"practice {pid}", ("title",))
        if practice["documentation_examples"]:
            raise FidelityError(f"practice {pid}: documentation examples are new in the reference; handle them")
        node = builder.element(
            "Practice",
            f"practice-{pid}",
            locator=locator(document, practice.get("locator")),
            notation=f"Practice {pid}",
            parent=objective_nodes[practice["objective"]],
            order=int(pid.split(".")[1]),
        )
        for key in ("topic", "structure_note"):
            if key in practice:
                _describe(builder, node, practice[key], f"practice-{pid}-{key}", f"Practice {pid} {key}")
        revised: set[str] = set()
        for k, rec in enumerate(practice["recommendations"], start=1):
            # The recommendation's number in the 2pd is unknown ("3.1.?"): a positional id, no notation, no order.
            rec_node = _quoted_element(
                builder,
                "Recommendation",
                f"practice-{pid}-quoted-recommendation-{k}",
                rec,
                locator(document, rec.get("locator") or practice.get("locator")),
                parent=node,
            )
            quotes.append(_quote_text(rec))
            ipd_id = rec.get("ipd_comparison", {}).get("ipd_id")
            if ipd_id:
                builder.add(rec_node, PROV.wasRevisionOf, _ipd_iri(f"recommendation-{ipd_id}"))
                revised.add(ipd_id.rsplit(".", 1)[0])
        for ipd_practice in sorted(revised):
            builder.add(node, PROV.wasRevisionOf, _ipd_iri(f"practice-{ipd_practice}"))
    return quotes


def _glossary(builder: CatalogBuilder, data: dict[str, Any], ipd: dict[str, Any], document: str) -> None:
    glossary = data["appendix_a_glossary"]
    ipd_terms = [str(t["term"]) for t in ipd["appendix_a_glossary"]]
    for term in glossary["terms"]:
        name = str(term["term"])
        definition = term.get("definition")
        loc = (definition or {}).get("locator") or term.get("locator")
        where = locator(document, loc, SECTION_GLOSSARY)
        local_id = f"term-{slug(name)}"
        if definition is not None:
            node = _quoted_element(builder, "GlossaryTerm", local_id, definition, where, label=name)
        else:
            node = builder.element("GlossaryTerm", local_id, locator=where, label=name)
        if term["term_fidelity"] == "paraphrase":
            note = f"Term name from {term['term_basis']}: a paraphrase; the printed headword is not verified."
            builder.add(node, SKOS.editorialNote, Literal(note, lang="en"))
        elif term["term_fidelity"] != "verbatim":
            raise FidelityError(f"glossary term {name}: unknown fidelity {term['term_fidelity']!r}")
        for ipd_name in ipd_terms:
            # The same term in the ipd glossary; per the reference's comparison "AI" is "Artificial Intelligence (AI)".
            if ipd_name.lower() == name.lower() or ipd_name.endswith(f"({name})"):
                builder.add(node, PROV.wasRevisionOf, _ipd_iri(f"term-{slug(ipd_name)}"))


def _quoted_element(
    builder: CatalogBuilder,
    kind: str,
    local_id: str,
    quote: dict[str, Any],
    where: Locator,
    *,
    parent: URIRef | None = None,
    label: str | None = None,
) -> URIRef:
    """An element whose statement is a secondary source's quote, with that source, fidelity and completeness."""
    fidelity = quote["fidelity"]
    if fidelity not in ("verbatim", "paraphrase"):
        raise FidelityError(f"{local_id}: unknown fidelity {fidelity!r}")
    node = builder.element(
        kind, local_id, locator=where, label=label, statement=_quote_text(quote), parent=parent, fidelity=fidelity
    )
    builder.add(node, CW.textSource, Literal(_source_label(quote)))
    if quote.get("completeness"):
        builder.add(node, CW.textCompleteness, Literal(quote["completeness"]))
    return node


# -- version passages ------------------------------------------------------------------------------------------
def _version_passages(builder: CatalogBuilder, version: URIRef, data: dict[str, Any], quotes: list[str]) -> None:
    changes = data["nist_announced_changes_from_ipd"]
    _describe(builder, version, changes["lead"], "changes-lead", "NIST news release: lead")
    _describe(builder, version, changes["summary_sentence"], "changes-summary", "NIST news release: summary")
    for update in changes["key_updates"]:
        n = update["n"]
        _describe(builder, version, update, f"changes-update-{n}", f"NIST news release: key update {n}")
    _describe(builder, version, changes["third_party_characterisation"], "changes-third-party", "Changes (third party)")
    body = data["body"]
    for part in ("introduction", "scope"):
        for i, item in enumerate(body[part], start=1):
            _describe(builder, version, item, f"{part}-{i}", f"2pd {part} passage")
    challenges = body["key_challenges"]
    count_item = {"fidelity": challenges["count_fidelity"], "basis": challenges["count_basis"]}
    count_text = f"The key challenges section lists {challenges['count']} numbered key challenges."
    _describe(builder, version, count_item, "key-challenges-count", "2pd key challenges", text=count_text)
    for i, item in enumerate(challenges["fragments"], start=1):
        _describe(builder, version, item, f"key-challenges-{i}", "2pd key challenges passage")
    for i, item in enumerate(body["other_fragments"], start=1):
        if any(_quote_text(item) in quote for quote in quotes):
            continue  # already part of a quoted recommendation
        _describe(builder, version, item, f"fragment-{i}", "2pd body passage")
    for appendix in data["appendices"]:
        if "topic" in appendix:
            text = f"Appendix {appendix['id']}: {appendix['topic']['text']}"
            _describe(builder, version, appendix["topic"], f"appendix-{appendix['id']}", "2pd appendix", text=text)


def _describe(
    builder: CatalogBuilder, subject: URIRef, item: dict[str, Any], key: str, role: str, text: str | None = None
) -> None:
    """A description literal on ``subject`` plus a reified copy that records its source, fidelity and place.

    Verbatim passages use cw:description; paraphrases use dcterms:description and say so in the text itself.
    """
    fidelity = item["fidelity"]
    if fidelity == "verbatim":
        literal = Literal(text or _quote_text(item), lang="en")
        predicate = CW.description
    elif fidelity == "paraphrase":
        literal = Literal(f"Paraphrase ({_basis_id(item)}), not NIST wording: {text or item['text']}", lang="en")
        predicate = DCTERMS.description
    else:
        raise FidelityError(f"{key}: unknown fidelity {fidelity!r}")
    builder.add(subject, predicate, literal)
    statement = BNode(f"{builder.spec.prefix}-{key}")
    loc = item.get("locator") or {}
    facts: list[tuple[URIRef, Any]] = [
        (RDF.type, RDF.Statement),
        (RDF.subject, subject),
        (RDF.predicate, predicate),
        (RDF.object, literal),
        (CW.textFidelity, CWV[f"fidelity-{fidelity}"]),
        (CW.textSource, Literal(_source_label(item))),
        (RDFS.comment, Literal(role, lang="en")),
    ]
    if item.get("completeness"):
        facts.append((CW.textCompleteness, Literal(item["completeness"])))
    if item.get("normalization_note"):
        facts.append((SKOS.editorialNote, Literal(item["normalization_note"], lang="en")))
    page, pdf_page = page_number(loc.get("printed_page")), pdf_page_number(loc.get("pdf_page"))
    section = loc.get("section") or loc.get("note")
    if page:
        facts.append((CW.sourcePage, Literal(page)))
    if pdf_page is not None:
        facts.append((CW.sourcePdfPage, Literal(pdf_page)))
    if section:
        facts.append((CW.sourceSection, Literal(section)))
    for p, o in facts:
        builder.graph.add((statement, p, o))


# -- helpers ---------------------------------------------------------------------------------------------------
def _quote_text(quote: dict[str, Any]) -> str:
    """The 2pd words as quoted, with only the extraction debris the reference itself removed."""
    text = quote.get("text_normalized") or quote.get("text")
    if not isinstance(text, str) or not text:
        raise FidelityError(f"quote without text: {quote!r}")
    return text


def _source_label(item: dict[str, Any]) -> str:
    if item["fidelity"] == "paraphrase":
        return str(item["basis"])
    sid = str(item["source"])
    return QUOTING_SOURCES.get(sid, sid)


def _basis_id(item: dict[str, Any]) -> str:
    found = re.findall(r"\bT\d+\b", str(item["basis"]))
    return ", ".join(dict.fromkeys(found)) or str(item["basis"])


def _refuse_unsourced_text(item: dict[str, Any], what: str, keys: tuple[str, ...]) -> None:
    """Titles and statements without their own source and fidelity must not be written; a new one needs review."""
    for key in keys:
        if item.get(key) is not None:
            raise FidelityError(f"2pd {what} now has a {key}; add its source and fidelity handling before using it")


def _ipd_iri(local_id: str) -> URIRef:
    return URIRef(ns.element_iri(IPD_SPEC.framework, IPD_SPEC.version, local_id))


__all__ = ["build_2pd"]
