"""The SSSOM 1.1 slots (sssom-schema 1.1.0a5) and how our records carry them: one table for export and import.

Listed here rather than read from sssom-py, which is a development dependency only.
"""

from __future__ import annotations

from crosswalk.content import namespaces as ns

MAPPING_SLOTS = frozenset(
    [
        "author_id",
        "author_label",
        "cardinality_scope",
        "comment",
        "confidence",
        "creator_id",
        "creator_label",
        "curation_rule",
        "curation_rule_text",
        "issue_tracker_item",
        "license",
        "mapping_cardinality",
        "mapping_date",
        "mapping_justification",
        "mapping_provider",
        "mapping_source",
        "mapping_tool",
        "mapping_tool_id",
        "mapping_tool_version",
        "match_string",
        "object_category",
        "object_id",
        "object_label",
        "object_match_field",
        "object_preprocessing",
        "object_source",
        "object_source_version",
        "object_type",
        "other",
        "predicate_id",
        "predicate_label",
        "predicate_modifier",
        "predicate_type",
        "publication_date",
        "record_id",
        "review_date",
        "reviewer_agreement",
        "reviewer_id",
        "reviewer_label",
        "see_also",
        "similarity_measure",
        "similarity_score",
        "subject_category",
        "subject_id",
        "subject_label",
        "subject_match_field",
        "subject_preprocessing",
        "subject_source",
        "subject_source_version",
        "subject_type",
    ]
)
MULTIVALUED = frozenset(
    [
        "author_id",
        "author_label",
        "cardinality_scope",
        "creator_id",
        "creator_label",
        "curation_rule",
        "curation_rule_text",
        "match_string",
        "object_match_field",
        "object_preprocessing",
        "reviewer_id",
        "reviewer_label",
        "see_also",
        "subject_match_field",
        "subject_preprocessing",
        "mapping_set_source",
    ]
)
# Prefixes SSSOM declares built in: a file may use them without listing them in its curie_map.
BUILTIN_PREFIXES = {
    "owl": ns.OWL,
    "rdf": ns.RDF,
    "rdfs": ns.RDFS,
    "skos": ns.SKOS,
    "semapv": ns.SEMAPV,
    "sssom": ns.SSSOM,
    "xsd": ns.XSD,
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "linkml": "https://w3id.org/linkml/",
    "pav": "http://purl.org/pav/",
    "dcterms": ns.DCTERMS,
}

# The SEMAPV mapping justifications the SSSOM 1.1 schema enum lists
# (../shared/reference/specs/mapping_vocabularies.json); imports accept all of SEMAPV's matching processes
# (sssom_terms.semapv_justifications).
JUSTIFICATIONS = frozenset(
    ns.SEMAPV + term
    for term in [
        "ManualMappingCuration",
        "MappingReview",
        "LogicalReasoning",
        "LexicalMatching",
        "CompositeMatching",
        "UnspecifiedMatching",
        "SemanticSimilarityThresholdMatching",
        "LexicalSimilarityThresholdMatching",
        "MappingChaining",
        "MappingInversion",
        "StructuralMatching",
        "InstanceBasedMatching",
        "BackgroundKnowledgeBasedMatching",
    ]
)

_CW, _DC = ns.ONTOLOGY, ns.DCTERMS
# Record column -> (predicate, kind): 'curie' IRIs, 'notation' vocabulary concepts, 'text' literals.
# Standard SSSOM columns first, then our declared extension columns.
RECORD_COLUMNS: dict[str, tuple[str, str]] = {
    "subject_id": (_CW + "subject", "curie"),
    "subject_label": (_CW + "subjectLabel", "text"),
    "predicate_id": (_CW + "skosPredicate", "curie"),
    "predicate_modifier": (_CW + "predicateModifier", "text"),
    "object_id": (_CW + "object", "curie"),
    "object_label": (_CW + "objectLabel", "text"),
    "mapping_justification": (_CW + "justification", "curie"),
    "author_label": (_DC + "creator", "text"),
    "reviewer_label": (_CW + "reviewer", "text"),
    "mapping_date": (_DC + "date", "text"),
    "comment": (ns.RDFS + "comment", "text"),
    "ir8477_style": (_CW + "mappingStyle", "notation"),
    "ir8477_relationship": (_CW + "relationship", "notation"),
    "ir8477_rationale": (_CW + "rationale", "notation"),
    "ir8477_property": (_CW + "relationshipProperty", "notation"),
    "ir8477_strength": (_CW + "strength", "text"),
    "mapping_provenance": (_CW + "provenance", "notation"),
    "review_status": (_CW + "reviewStatus", "notation"),
    "relationship_explanation": (_CW + "explanation", "text"),
    "declared_provenance": (_CW + "declaredProvenance", "notation"),
    "chain_hops": (_CW + "hops", "text"),
    "derived_from": (ns.PROV + "wasDerivedFrom", "curie"),
}
# Extension columns beyond sssom_tsv.EXTENSION_COLUMNS: (property CURIE, description).
MORE_EXTENSIONS = {
    "declared_provenance": ("cw:declaredProvenance", "provenance the imported file stated (the record is imported)"),
    "chain_hops": ("cw:hops", "records on the shortest path of an inferred mapping"),
    "derived_from": ("prov:wasDerivedFrom", "the asserted records an inferred mapping was chained from"),
    "mapping_set": ("cw:inMappingSet", "the mapping set a record belongs to, in an export of several sets"),
}
# Mapping set header key -> (predicate, kind); 'list' for multivalued literals.
SET_FIELDS: dict[str, tuple[str, str]] = {
    "mapping_set_title": (_DC + "title", "text"),
    "mapping_set_description": (_DC + "description", "text"),
    "license": (_DC + "license", "iri"),
    "subject_source": (_CW + "subjectSource", "iri"),
    "object_source": (_CW + "objectSource", "iri"),
    "creator_label": (_DC + "creator", "list"),
    "mapping_date": (_DC + "date", "text"),
}
