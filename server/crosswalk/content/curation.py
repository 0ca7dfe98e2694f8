"""Curated annotations of elements that are not mappings: value-chain roles and release applicability.

Kept as plain TSV in mappings/curation/ so that curators review them in a diff like the mapping sets.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.mapping_records import Problem
from crosswalk.content.text_files import utf8_text
from crosswalk.content.vocabulary import Vocabulary

CW = Namespace(ns.ONTOLOGY)

RELEASE_COLUMNS = {"open_weight": "open-weight", "api": "api", "closed": "closed"}
APPLICABILITY_COLUMNS = [
    "practice_id",
    "value_chain_roles",
    "roles_reason",
    *[c for column in RELEASE_COLUMNS for c in (column, f"{column}_reason")],
    "author",
    "review_status",
]

CurationReader = Callable[[Path, list[Problem], Vocabulary], tuple[Graph, dict[str, int]]]


def read_applicability(
    path: Path, problems: list[Problem], vocab: Vocabulary, version: str = "ai-800-1/ipd"
) -> tuple[Graph, dict[str, int]]:
    """Value-chain roles and open-weight / API / closed applicability, one row per practice."""
    spec = FRAMEWORK_VERSIONS[version]
    graph = Graph()
    lines: dict[str, int] = {}
    with io.StringIO(utf8_text(path), newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [c for c in APPLICABILITY_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(Problem(str(path), 1, None, None, f"missing column(s): {', '.join(missing)}"))
            return graph, lines
        for number, row in enumerate(reader, start=2):

            def problem(column: str, reason: str, line: int = number) -> None:
                problems.append(Problem(str(path), line, None, column, reason))

            practice = URIRef(spec.element_base + row["practice_id"].strip())
            lines[str(practice)] = number
            for role in filter(None, (r.strip() for r in row["value_chain_roles"].split(";"))):
                concept = vocab.concept("value-chain-role", role)
                if concept is None:
                    problem("value_chain_roles", f"unknown role {role!r}")
                else:
                    graph.add((practice, CW.valueChainRole, URIRef(concept)))
            graph.add((practice, CW.valueChainReason, Literal(row["roles_reason"].strip(), lang="en")))
            for column, release in RELEASE_COLUMNS.items():
                value = row[column].strip()
                concept = vocab.concept("applicability", value)
                if concept is None:
                    problem(column, f"unknown applicability {value!r}; expected applies, partial or not-applicable")
                    continue
                node = URIRef(f"{practice}/applicability/{release}")
                graph.add((practice, CW.releaseApplicability, node))
                graph.add((node, RDF.type, CW.ReleaseApplicability))
                graph.add((node, CW.releaseType, URIRef(vocab.concept("release-type", release) or "")))
                graph.add((node, CW.applicability, URIRef(concept)))
                graph.add((node, CW.reason, Literal(row[f"{column}_reason"].strip(), lang="en")))
                graph.add((node, DCTERMS.creator, Literal(row["author"].strip())))
                lines[str(node)] = number
    return graph, lines


CURATION_LOADERS: dict[str, CurationReader] = {
    "ai-800-1-ipd-applicability.tsv": read_applicability,
}
