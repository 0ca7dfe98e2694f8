"""The issue's counts for the new catalogs, asked of the served graph through the public /sparql endpoint (the
generator tests check the committed files; this checks what a user of the loaded store sees), each against the
reference data where the reference lists the items, and against the reference README's number."""

from __future__ import annotations

import csv
import json
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import PREFIXES, REFERENCE, sparql_rows

ID = "https://w3id.org/crosswalk/id/"


def counts(client: TestClient, version: str) -> dict[tuple[str, bool], int]:
    """(class, withdrawn-or-deprecated) -> elements of one version in the served graph."""
    rows = sparql_rows(
        client,
        PREFIXES
        + f"""PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?kind ?gone (COUNT(DISTINCT ?e) AS ?n) WHERE {{
          ?e cw:inVersion <{ID}{version}> ; a ?class .
          FILTER (STRSTARTS(STR(?class), STR(cw:)))
          BIND (STRAFTER(STR(?class), "#") AS ?kind)
          BIND (EXISTS {{ ?e cw:withdrawn true }} || EXISTS {{ ?e owl:deprecated true }} AS ?gone)
        }} GROUP BY ?kind ?gone""",
    )
    return {(r["kind"], r["gone"] == "true"): int(r["n"]) for r in rows}


def records(client: TestClient, set_id: str) -> int:
    rows = sparql_rows(
        client,
        PREFIXES
        + f"SELECT (COUNT(?m) AS ?n) WHERE {{ ?m cw:inMappingSet <https://w3id.org/crosswalk/mappings/{set_id}> }}",
    )
    return int(rows[0]["n"])


def test_csf_2_0_served(client: TestClient) -> None:
    found = counts(client, "csf/2.0")
    active = (found[("Function", False)], found[("Category", False)], found[("Subcategory", False)])
    assert (*active, found[("ImplementationExample", False)]) == (6, 22, 106, 363)
    assert (found[("Category", True)], found[("Subcategory", True)]) == (12, 79)  # CSF 1.1's, withdrawn
    successors = sparql_rows(
        client,
        PREFIXES
        + f"""SELECT (COUNT(DISTINCT ?old) AS ?n) WHERE {{
          ?old cw:inVersion <{ID}csf/2.0> ; cw:withdrawn true ; cw:incorporatedInto|cw:movedTo ?new .
          ?new cw:inVersion <{ID}csf/2.0> FILTER NOT EXISTS {{ ?new cw:withdrawn true }} }}""",
    )
    assert int(successors[0]["n"]) > 0
    oscal = json.loads((REFERENCE / "nist-csf-2.0" / "NIST_CSF_v2.0_catalog.json").read_text(encoding="utf-8"))
    linked = set()

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            withdrawn = {"name": "status", "value": "withdrawn"} in item.get("props", [])
            if withdrawn and any(link["rel"] in ("incorporated_into", "moved_to") for link in item.get("links", [])):
                linked.add(item["id"])
            walk(item.get("controls", []) + item.get("groups", []))

    walk(oscal["catalog"].get("groups", []) + oscal["catalog"].get("controls", []))
    assert int(successors[0]["n"]) == len(linked)


def test_sp_800_53_served(client: TestClient) -> None:
    found = counts(client, "sp-800-53/5.0.1")
    assert found[("ControlFamily", False)] == 20
    assert (found[("Control", False)] + found[("Control", True)], found[("Control", True)]) == (322, 24)
    enhancements = found[("ControlEnhancement", False)] + found[("ControlEnhancement", True)]
    assert (enhancements, found[("ControlEnhancement", True)]) == (867, 158)
    rows = sparql_rows(
        client,
        PREFIXES
        + """SELECT ?b (COUNT(?m) AS ?n) WHERE { ?s a cw:Selection ; dcterms:identifier ?b ; skos:member ?m }
             GROUP BY ?b""",
    )
    assert {r["b"]: int(r["n"]) for r in rows} == {"low": 149, "moderate": 287, "high": 370, "privacy": 96}
    label = sparql_rows(client, PREFIXES + f"SELECT ?l WHERE {{ <{ID}sp-800-53/5.0.1> cw:versionLabel ?l }}")
    assert [r["l"] for r in label] == ["Revision 5, Release 5.0.1"]


def test_ai_100_2_served(client: TestClient) -> None:
    reference = json.loads((REFERENCE / "nist-ai-100-2-e2025" / "nist-ai-100-2.json").read_text(encoding="utf-8"))
    found = counts(client, "ai-100-2/e2025")
    got = (found[("Taxonomy", False)], found[("Objective", False)], found[("Hazard", False)])
    assert got == (len(reference["taxonomies"]), len(reference["objectives"]), len(reference["attacks"])) == (2, 5, 25)


def test_owasp_agentic_served(client: TestClient) -> None:
    reference = json.loads((REFERENCE / "owasp-agentic-top10" / "owasp-agentic-top10.json").read_text(encoding="utf-8"))
    found = counts(client, "owasp-agentic-top10/2026")
    strategies = sum(len(r["preventionStrategies"]) for r in reference["risks"])
    assert (found[("Risk", False)], found[("Mitigation", False)]) == (len(reference["risks"]), strategies) == (10, 86)
    with (REFERENCE / "owasp-agentic-top10" / "asi-appendix-a-mappings.csv").open(encoding="utf-8") as handle:
        cells = [r for r in csv.DictReader(handle) if r["target_scheme"] == "owasp-llm-top10"]
    assert records(client, "owasp-agentic-2026-to-owasp-llm-2025") == len(cells) == 23


def test_cosai_served(client: TestClient) -> None:
    found = counts(client, "cosai-risk-map/2026-06-10")
    kinds = {k: found.get((k, False), 0) + found.get((k, True), 0) for k in ("Risk", "Control", "SystemComponent")}
    assert kinds == {"Risk": 36, "Control": 35, "SystemComponent": 23}
    assert (found[("Persona", False)], found[("Persona", True)]) == (8, 2)  # 10 personas, 2 deprecated
    with (REFERENCE / "cosai-risk-map" / "cosai-risk-control.csv").open(encoding="utf-8") as handle:
        pairs = list(csv.DictReader(handle))
    assert records(client, "cosai-risk-map-controls-to-risks") == len(pairs) == 128
    pinned = sparql_rows(
        client,
        PREFIXES
        + """SELECT (COUNT(?m) AS ?n) (SUM(IF(CONTAINS(STR(?c), "@ ATLAS 5.0.1; linked to the 5.6.0 element"), 1, 0))
                    AS ?said) WHERE {
               ?m cw:inMappingSet <https://w3id.org/crosswalk/mappings/cosai-risk-map-to-atlas> ;
                  cw:object/cw:inVersion <https://w3id.org/crosswalk/id/mitre-atlas/5.6.0> .
               OPTIONAL { ?m <http://www.w3.org/2000/01/rdf-schema#comment> ?c } }""",
    )
    assert pinned[0]["n"] == "55" and pinned[0]["said"] == "55"  # every record says CoSAI pins 5.0.1
