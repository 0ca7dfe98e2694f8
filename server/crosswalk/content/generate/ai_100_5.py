"""NIST AI 100-5 (July 2024), *A Plan for Global Engagement on AI Standards*: the plan as a catalog.

Section 4's 3 tiers (4.1-4.3), their 4 criteria, 14 topics and 38 sub-topics (each with NIST's readiness wording);
Section 3's 4 desired outcomes (3.1-3.4) and the 4 characteristics of 3.2; Section 5's 3 activity areas (with
5.2.1 and 5.2.2), 16 actions and 21 U.S. government high-priority implementation actions with their lead agencies.

NIST prints section numbers (skos:notation of tiers, outcomes and activity areas) but no ids for topics, sub-topics,
criteria, characteristics or actions. Topic ids (``T1-01`` ...) and sub-topic cuts are the reference's
(cwv:identifier-reference-assigned); the rest are positional ids of ours (cwv:identifier-project-assigned). None of
them is a notation. Local ids: ``tier-N``, ``tier-criterion-N``, ``T1-01``, ``T1-01-subtopic-N``, ``outcome-3.N``,
``characteristic-N``, ``activity-5.N[.M]``, ``action-5.N[.M]-K``, ``usg-action-5.N[.M]-K``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from crosswalk.content.generate.ai_100_5_common import (
    DOCUMENT,
    LICENSE,
    PLAN_SPEC,
    PUBLISHER,
    REVISION_NOTE,
    STANDARDS_SPEC,
    FidelityError,
    PageText,
    Span,
    add_framework,
    assigned,
    attribution,
    derived_from,
    editorial_copy,
    issued,
    load_plan,
    locate,
    note_refs,
    require_in_pages,
    source_iri,
)
from crosswalk.content.generate.ai_100_5_standards import citation_links
from crosswalk.content.generate.builder import CW, CWV, CatalogBuilder, Locator

# The counts the reference's PROVENANCE.md promises; a generator that writes fewer is wrong.
COUNTS: dict[str, int] = {
    "tiers": 3,
    "tier_criteria": 4,
    "topics": 14,
    "subtopics_assigned": 38,
    "desired_outcomes": 4,
    "standards_characteristics_3_2": 4,
    "recommended_activity_areas": 3,
    "actions": 16,
    "usg_high_priority_actions": 21,
}
TOPICS_BY_TIER = {1: 8, 2: 3, 3: 3}
TITLE = "A Plan for Global Engagement on AI Standards"
FRAMEWORK_DESCRIPTION = (
    "NIST AI 100-5: the U.S. plan (under Executive Order 14110) for global engagement on AI standards: priority "
    "topics for standardization in three tiers, desired outcomes, and recommended engagement activities with "
    "high-priority actions for the U.S. government."
)
READINESS = {
    "basis": "readiness-basis",
    "ready": "readiness-ready",
    "accelerated_study": "readiness-accelerated-study",
    "foundational": "readiness-foundational",
    "dependency": "readiness-dependency",
}


def build(reference_dir: Path) -> Graph:
    """The plan catalog from ``<reference_dir>/nist-ai-100-5/ai-100-5.json`` (and its page text)."""
    data = load_plan(reference_dir)
    _check_counts(data)
    pages = PageText.read(reference_dir)
    builder = CatalogBuilder(PLAN_SPEC)
    add_framework(builder, f"NIST AI 100-5 {TITLE}", FRAMEWORK_DESCRIPTION)
    _version(builder, data)
    _tiers(builder, data, pages)
    _citations(builder, data)
    _outcomes(builder, data)
    _activities(builder, data, pages)
    return builder.finish()


def _check_counts(data: dict[str, Any]) -> None:
    activities = data["recommended_activities"]["activities"]
    areas = [a for activity in activities for a in [activity, *activity.get("subsections", [])]]
    found = {
        "tiers": len(data["tiers"]),
        "tier_criteria": len(data["tier_criteria"]["criteria"]),
        "topics": len(data["topics"]),
        "subtopics_assigned": sum(len(t["subtopics"]) for t in data["topics"]),
        "desired_outcomes": len(data["desired_outcomes"]["outcomes"]),
        "standards_characteristics_3_2": len(data["desired_outcomes"]["standards_characteristics_3_2"]["items"]),
        "recommended_activity_areas": len(activities),
        "actions": sum(len(a.get("actions", [])) for a in areas),
        "usg_high_priority_actions": sum(len(a.get("usg_high_priority_actions", [])) for a in areas),
    }
    for key, expected in COUNTS.items():
        if found[key] != expected or data["counts"][key] != expected:
            raise FidelityError(f"{key}: found {found[key]}, reference says {data['counts'][key]}, want {expected}")
    for tier, expected in TOPICS_BY_TIER.items():
        if sum(1 for t in data["topics"] if t["tier"] == tier) != expected:
            raise FidelityError(f"tier {tier}: want {expected} topics")


def _version(builder: CatalogBuilder, data: dict[str, Any]) -> None:
    doc = data["document"]
    builder.version(
        title=f"{doc['id']} {doc['title']} (July 2024)",
        version_label=doc["date_on_title_page"],
        publisher=PUBLISHER,
        issued=issued(data),
        status="final",
        completeness="partial",
        license_iri=LICENSE,
        attribution=attribution(data, "Topic ids and sub-topic cuts are editorial (assigned by the reference)."),
        source=source_iri(data),
        derived_from=derived_from(data),
        latest=False,
        completeness_note=(
            "Section 4 complete: 3 tiers (4.1-4.3), the 4 tier criteria, 14 topics (tier 1: 8, tier 2: 3, tier 3: "
            "3) and 38 sub-topics; Section 3: the 4 desired outcomes (3.1-3.4) and the 4 characteristics of 3.2; "
            "Section 5 complete: 3 activity areas (5.2 with 5.2.1 and 5.2.2), 16 actions and 21 U.S. government "
            "high-priority implementation actions with their lead agencies. Executive Summary wordings are kept as "
            "cw:executiveSummaryText. Not elements: Sections 1-2 prose, the 2 text boxes, the 4.3 paragraph on "
            "assessing the effectiveness of standards, Appendix A and the 45 footnotes (markers kept as cw:noteRef). "
            "NIST prints no ids for topics, sub-topics, criteria, characteristics or actions: topic ids (T1-01 ...) "
            "and sub-topic cuts are assigned by the reference data (cwv:identifier-reference-assigned; each cut is "
            "a verbatim fragment of the topic text, NIST does not enumerate sub-topics), the others are positional "
            "ids of ours (cwv:identifier-project-assigned); none has a skos:notation. cw:readinessClass is the "
            "reference's editorial label of NIST's readiness statement. Statements are the extraction verbatim "
            "(footnote markers flattened into the text, e.g. '22989:202220'); cw:editorialText holds the "
            "reference's repaired copy where it differs. Appendix B's standards projects are the framework "
            f"ai-100-5-standards. {REVISION_NOTE}"
        ),
    )


# ---------------------------------------------------------------- Section 4


def _tiers(builder: CatalogBuilder, data: dict[str, Any], pages: PageText) -> None:
    criteria = data["tier_criteria"]
    criteria_span = Span.of(criteria)
    for n, criterion in enumerate(criteria["criteria"], start=1):
        require_in_pages(pages, criterion["text"], f"tier criterion {n}")
        node = builder.element(
            "TierCriterion", f"tier-criterion-{n}", locator=_no_locator(), statement=criterion["text"], order=n
        )
        locate(builder, node, pages.locate(criterion["text"], criteria_span) or _required(criteria_span), "4")
        assigned(builder, node, False, "Positional id of ours: NIST lists the criteria as unnumbered items.")
    for tier in data["tiers"]:
        number = tier["tier"]
        node = builder.element(
            "StandardizationTier",
            f"tier-{number}",
            locator=_no_locator(),
            notation=tier["section"],
            label=tier["title"],
            statement=tier["intro"],
            order=number,
        )
        locate(builder, node, _required(Span.of(tier)), tier["section"])
        builder.text(node, CW.executiveSummaryText, tier["executive_summary_text"])
        editorial_copy(builder, node, tier, "intro")
        topics = [t for t in data["topics"] if t["tier"] == number]
        for order, topic in enumerate(topics, start=1):
            _topic(builder, topic, node, order, pages)


def _topic(builder: CatalogBuilder, topic: dict[str, Any], tier: URIRef, order: int, pages: PageText) -> None:
    if not topic.get("id_assigned"):
        raise FidelityError(f"topic {topic['id']}: the generator expects the reference to assign topic ids")
    span = _required(Span.of(topic))
    node = builder.element(
        "StandardsTopic",
        topic["id"],
        locator=_no_locator(),
        label=topic["title"],
        statement=topic["description"],
        parent=tier,
        order=order,
    )
    locate(builder, node, span, topic["section"])
    assigned(builder, node, True, "Topic id assigned by the reference data (NIST gives topics no ids).")
    if topic.get("executive_summary_wording"):
        builder.text(node, CW.executiveSummaryText, topic["executive_summary_wording"])
    else:
        builder.text(node, SKOS.editorialNote, "The Executive Summary does not name this topic.")
    if topic.get("title_note"):
        builder.text(node, SKOS.editorialNote, topic["title_note"])
    editorial_copy(builder, node, topic, "description")
    # Only names printed in the topic's text: the reference also lists editorial ones ("... (title footnote)").
    for ref in topic.get("references_cited", []):
        if ref["name"] in topic["text_as_extracted"]:
            builder.add(node, CW.reference, Literal(ref["name"]))
    footnotes = [str(r["footnote"]) for r in topic.get("references_cited", []) if r.get("footnote")]
    note_refs(builder, node, topic.get("description_clean"), " ".join(f"[fn{n}]" for n in footnotes))
    for n, sub in enumerate(topic["subtopics"], start=1):
        if sub["n_assigned"] != n:
            raise FidelityError(f"topic {topic['id']}: sub-topic {sub['n_assigned']} is item {n}")
        if sub["text"] not in topic["description"] or sub["readiness_statement"] not in topic["text_as_extracted"]:
            raise FidelityError(f"topic {topic['id']} sub-topic {n}: not a fragment of the topic text")
        sub_node = builder.element(
            "StandardsSubtopic",
            f"{topic['id']}-subtopic-{n}",
            locator=_no_locator(),
            statement=sub["text"],
            parent=node,
            order=n,
        )
        where = pages.locate(sub["text"], span)
        locate(builder, sub_node, where or span, topic["section"])
        builder.add(sub_node, CW.textCompleteness, Literal("fragment"))
        builder.text(sub_node, CW.readinessStatement, sub["readiness_statement"])
        builder.add(sub_node, CW.readinessClass, CWV[READINESS[sub["readiness_class_assigned"]]])
        assigned(
            builder,
            sub_node,
            True,
            "Sub-topic cut and id assigned by the reference data: a verbatim fragment of the topic text (NIST does "
            "not enumerate sub-topics), paired with NIST's readiness wording (cw:readinessStatement); "
            "cw:readinessClass is the reference's label." + ("" if where else " Pages are the topic's."),
        )
        editorial_copy(builder, sub_node, sub, "text")
        note_refs(builder, sub_node, sub.get("text_clean"), sub.get("readiness_statement_clean"))


def _citations(builder: CatalogBuilder, data: dict[str, Any]) -> None:
    """Topics link to the Appendix B projects their text (or footnote) names, and only those."""
    for citation, project_id in citation_links(data):
        topic = builder.iri(citation.topic)
        builder.add(topic, CW.citesStandardsProject, URIRef(STANDARDS_SPEC.element_base + project_id))
        if citation.reading:
            where = f"footnote {citation.footnote}" if citation.footnote else "the topic text"
            builder.text(
                topic,
                SKOS.editorialNote,
                f"cw:citesStandardsProject: “{citation.printed}” in {where} is read as Appendix B's "
                f"“{citation.project}”: {citation.reading}.",
            )


# ---------------------------------------------------------------- Section 3


def _outcomes(builder: CatalogBuilder, data: dict[str, Any]) -> None:
    summary = {o["maps_to_section"]: o for o in data["executive_summary"]["outcomes"]["items"]}
    characteristics = data["desired_outcomes"]["standards_characteristics_3_2"]["items"]
    for order, outcome in enumerate(data["desired_outcomes"]["outcomes"], start=1):
        section = outcome["section"]
        node = builder.element(
            "DesiredOutcome",
            f"outcome-{section}",
            locator=_no_locator(),
            notation=section,
            label=outcome["title"],
            statement=outcome["text"],
            order=order,
        )
        locate(builder, node, _required(Span.of(outcome)), section)
        builder.text(node, CW.executiveSummaryText, summary[section]["text"])
        editorial_copy(builder, node, outcome, "text")
        note_refs(builder, node, outcome.get("text_clean"))
        if section != "3.2":
            continue
        for n, item in enumerate(characteristics, start=1):
            c_node = builder.element(
                "StandardsCharacteristic",
                f"characteristic-{n}",
                locator=_no_locator(),
                label=item["term"],
                statement=item["text"],
                parent=node,
                order=n,
            )
            locate(builder, c_node, _required(Span.of(item)), section)
            assigned(builder, c_node, False, "Positional id of ours: NIST lists the characteristics as bullets.")


# ---------------------------------------------------------------- Section 5


def _activities(builder: CatalogBuilder, data: dict[str, Any], pages: PageText) -> None:
    summary = {a["maps_to_section"]: a for a in data["executive_summary"]["recommended_activities"]["items"]}
    for order, activity in enumerate(data["recommended_activities"]["activities"], start=1):
        node = _area(builder, activity, None, order, pages)
        builder.text(node, CW.executiveSummaryText, summary[activity["section"]]["text"])
        for sub_order, sub in enumerate(activity.get("subsections", []), start=1):
            _area(builder, sub, node, sub_order, pages)


def _area(builder: CatalogBuilder, area: dict[str, Any], parent: URIRef | None, order: int, pages: PageText) -> URIRef:
    section = area["section"]
    actions, usg = area.get("actions", []), area.get("usg_high_priority_actions", [])
    node = builder.element(
        "ActivityArea",
        f"activity-{section}",
        locator=_no_locator(),
        notation=section,
        label=area["title"],
        statement=area.get("intro"),
        parent=parent,
        order=order,
    )
    # A subsection (5.2.1, 5.2.2) has no pages in the reference: from its heading's page to its last action's.
    span = Span.of(area) or pages.locate(f"{section}. {area['title']}")
    if span is None:
        raise FidelityError(f"activity {section}: no page")
    if "pdf_pages" not in area:
        span = Span.join([span, *(_required(Span.of(a)) for a in [*actions, *usg])])
    locate(builder, node, span, section)
    for n, action in enumerate(actions, start=1):
        a_node = builder.element(
            "EngagementAction",
            f"action-{section}-{n}",
            locator=_no_locator(),
            statement=action["text"],
            parent=node,
            order=n,
        )
        locate(builder, a_node, _required(Span.of(action)), section)
        assigned(builder, a_node, False, "Positional id of ours: NIST lists the actions as unnumbered bullets.")
        editorial_copy(builder, a_node, action, "text")
        note_refs(builder, a_node, action.get("text_clean"))
    for n, action in enumerate(usg, start=1):
        if not action["text"].endswith(f"({action['leads_verbatim']})"):
            raise FidelityError(f"U.S. government action {section}/{n}: lead agencies are not its parenthesis")
        u_node = builder.element(
            "ImplementationAction",
            f"usg-action-{section}-{n}",
            locator=_no_locator(),
            statement=action["text"],
            parent=node,
            order=len(actions) + n,
        )
        locate(builder, u_node, _required(Span.of(action)), section)
        assigned(
            builder,
            u_node,
            False,
            "Positional id of ours: NIST lists the U.S. government actions as unnumbered bullets in a text box.",
        )
        for lead in action["leads"]:
            if lead not in action["leads_verbatim"]:
                raise FidelityError(f"lead agency {lead!r} is not printed for {section}/{n}")
            builder.add(u_node, CW.leadAgency, Literal(lead))
        editorial_copy(builder, u_node, action, "text")
        note_refs(builder, u_node, action.get("text_clean"))
    return node


# ---------------------------------------------------------------- helpers


def _no_locator() -> Locator:
    """Elements are located by ``locate`` (page spans), so the builder's own locator writes only the document."""
    return Locator(DOCUMENT)


def _required(span: Span | None) -> Span:
    if span is None:
        raise FidelityError("the reference gives no page for an item that needs one")
    return span


__all__ = ["COUNTS", "TOPICS_BY_TIER", "build"]
