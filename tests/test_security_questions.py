"""The issue's AI security questions through the public surfaces (GraphQL, the CLI's `crosswalk query NAME`, /sparql)
on the full loaded store: the AI 600-1 risks the agentic threats touch and those none touches, the AI 100-2 attacks no
ATLAS technique matches, the CSF 2.0 outcomes an AI RMF subcategory's evidence also satisfies, the CoSAI controls for
an AI 800-1 practice, and one evidence item counting toward CSF 2.0 and an SP 800-53 baseline at once."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosswalk.content import queries, sssom_tsv
from crosswalk.surfaces.cli.main import main
from tests.conftest import REFERENCE, REPO, graphql, graphql_errors, org_admin, sparql_rows


def curated(set_id: str) -> list[sssom_tsv.MappingRow]:
    return sssom_tsv.read(REPO / "mappings" / f"{set_id}.sssom.tsv").rows


def cli_rows(store: Path, name: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["query", name, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, str]] = json.loads(result.output)
    return rows


def test_ai_600_1_risks_the_agentic_threats_touch_and_those_none_does(client: TestClient, store_copy: Path) -> None:
    reach = "{ agenticThreatReach(touched: $touched) { touched threatCount threats notMatching risk { label } } }"
    every = graphql(client, "query($touched: Boolean) " + reach)["agenticThreatReach"]
    untouched = graphql(client, "query($touched: Boolean) " + reach, touched=False)["agenticThreatReach"]
    rows = curated("owasp-agentic-2026-to-ai-600-1-risks")
    names = {r.object_id: r.object_label for r in rows}
    touched = {names[r.object_id] for r in rows if r.ir8477_relationship != "no-relationship"}
    risks = json.loads((REFERENCE / "nist-ai-600-1" / "gai-risks.json").read_text(encoding="utf-8"))["risks"]
    assert len(every) == len(risks) == 12
    assert {r["risk"]["label"] for r in every if r["touched"]} == touched and len(touched) == 6
    assert {r["risk"]["label"] for r in untouched} == {risk["name"] for risk in risks} - touched
    assert {"CBRN Information or Capabilities", "Intellectual Property", "Environmental Impacts"} <= {
        r["risk"]["label"] for r in untouched
    }
    assert all(not r["touched"] and r["threats"] == [] for r in untouched)
    security = next(r for r in every if r["risk"]["label"] == "Information Security")
    assert security["threatCount"] == 9 and "ASI05 Unexpected Code Execution (RCE) (subset-of)" in security["threats"]
    privacy = next(r for r in every if r["risk"]["label"] == "Data Privacy")
    assert "ASI10 Rogue Agents (intersects-with)" in privacy["threats"]  # added by the second reading
    environment = next(r for r in untouched if r["risk"]["label"] == "Environmental Impacts")
    assert environment["notMatching"] == ["ASI02 Tool Misuse and Exploitation"]
    # the same answer from the CLI's named query
    by_cli = {r["risk"]: r["touched"] for r in cli_rows(store_copy, "ai-600-1-risks-touched-by-owasp-agentic")}
    assert {risk for risk, flag in by_cli.items() if flag == "true"} == touched


def test_ai_100_2_attacks_no_atlas_technique_matches(client: TestClient) -> None:
    query = "{ attacksWithoutAtlasTechnique { broaderTechniques overlappingTechniques attack { notation label } } }"
    got = {r["attack"]["notation"]: r for r in graphql(client, query)["attacksWithoutAtlasTechnique"]}
    rows = curated("ai-100-2-to-atlas")
    matched = {r.subject_label for r in rows if r.ir8477_relationship in ("equal", "superset-of")}
    attacks = json.loads((REFERENCE / "nist-ai-100-2-e2025" / "nist-ai-100-2.json").read_text(encoding="utf-8"))
    assert set(got) == {a["id"] for a in attacks["attacks"]} - matched and len(got) == 16
    assert got["NISTAML.036"]["broaderTechniques"] == []
    assert got["NISTAML.021"]["broaderTechniques"] == ["AML.T0020 Poison Training Data"]
    assert "AML.T0043.004 Insert Backdoor Trigger" in got["NISTAML.021"]["overlappingTechniques"]
    # the named query's text through the public SPARQL endpoint gives the same attacks
    endpoint = sparql_rows(client, queries.text("ai-100-2-attacks-without-atlas-technique"))
    assert {r["attack"] for r in endpoint} == set(got)


def test_csf_2_outcomes_an_ai_rmf_subcategorys_evidence_also_satisfies(client: TestClient, store_copy: Path) -> None:
    query = """query($s: String!) { csfOutcomesForSubcategory(subcategory: $s) {
                 relationship level strength review mappingSet outcome { notation statement } } }"""
    third_party = graphql(client, query, s="GOVERN 6.1")["csfOutcomesForSubcategory"]
    assert [(o["outcome"]["notation"], o["level"], o["strength"], o["review"]) for o in third_party] == [
        ("GV.SC-01", "partial", 6, "reviewed"),
        ("GV.SC-05", "partial", 4, "unreviewed"),  # added by the second reader
    ]
    assert third_party[0]["outcome"]["statement"].startswith("A cybersecurity supply chain risk management program")
    assert {o["mappingSet"] for o in third_party} == {"ai-rmf-to-csf-2.0"}
    inventory = graphql(client, query, s="GV-1.6")["csfOutcomesForSubcategory"]
    assert [(o["outcome"]["notation"], o["relationship"]) for o in inventory] == [("ID.AM-02", "subset-of")]
    assert graphql(client, query, s="GOVERN 3.1")["csfOutcomesForSubcategory"] == []  # only a no-relationship record
    assert "is not a subcategory of ai-rmf/1.0" in graphql_errors(client, query, s="GOVERN 1")[0]  # a category
    assert "unknown element 'GV.SC-01'" in graphql_errors(client, query, s="GV.SC-01")[0]  # CSF, not the AI RMF
    # unbound through the CLI: every counting record of the set, 44 after the second reading
    assert len(cli_rows(store_copy, "csf-2-outcomes-for-ai-rmf-subcategory")) == 44


def test_cosai_controls_that_address_an_ai_800_1_practice(client: TestClient) -> None:
    query = """query($p: String!) { cosaiControlsForPractice(practice: $p) {
                 relationship property strength category control { notation } } }"""
    controls = graphql(client, query, p="Practice 3.3")["cosaiControlsForPractice"]
    assert [(c["control"]["notation"], c["strength"]) for c in controls][:2] == [
        ("controlModelAndDataAccessControls", 8),
        ("controlIsolatedConfidentialComputing", 5),
    ]
    assert len(controls) == 5 and {c["relationship"] for c in controls} == {"supports"}
    assert controls[0]["property"] == "integral-to" and controls[0]["category"] == "Infrastructure Controls"
    assert graphql(client, query, p="Practice 1.2")["cosaiControlsForPractice"] == []  # forecasting: no control
    assert "is not a practice of ai-800-1/ipd" in graphql_errors(client, query, p="3.3.1")[0]  # a recommendation


ORG = "baseline-lab"


def test_one_evidence_item_counts_toward_csf_2_and_an_sp_800_53_baseline(client: TestClient, store_copy: Path) -> None:
    admin = org_admin(client, ORG)
    graphql(
        client,
        """mutation { upsertOrganization(id: "baseline-lab", name: "Baseline Lab", roles: ["initial-developer"],
             releaseTypes: ["api"]) { id } }""",
        admin,
    )
    graphql(
        client,
        """mutation { recordEvidence(org: "baseline-lab", items: [{id: "BL-SCRM-1", title: "Supplier risk policy",
             kind: "policy", supports: [{element: "GOVERN 6.1", status: "implemented"},
             {element: "SR-3", version: "sp-800-53/5.0.1", status: "implemented"}]}]) { created } }""",
        admin,
    )
    csf = graphql(
        client,
        """query { coverage(org: "baseline-lab", framework: "csf", status: ["partial"]) {
                   elements { element { notation } } } }""",
        admin,
    )["coverage"]
    assert {e["element"]["notation"] for e in csf["elements"]} == {"GV.SC-01", "GV.SC-05"}  # via ai-rmf-to-csf-2.0
    whole = graphql(
        client, '{ coverage(org: "baseline-lab", framework: "csf") { summary { covered partial } } }', admin
    )
    assert whole["coverage"]["summary"] == {"covered": 0, "partial": 2}
    query = """query($b: String!) { baselineCoverage(org: "baseline-lab", baseline: $b) {
                 version summary { applicable covered partial gap } elements { status element { notation } } } }"""
    low = graphql(client, query, admin, b="low")["baselineCoverage"]
    members = [r for r in cli_rows(store_copy, "sp-800-53-baseline-controls") if r["baselineId"] == "low"]
    active = [r for r in members if r["withdrawn"] == "false"]
    assert len(members) == 149 and low["version"] == "sp-800-53/5.0.1"
    assert low["summary"] == {"applicable": len(active), "covered": 1, "partial": 0, "gap": len(active) - 1}
    assert [e["element"]["notation"] for e in low["elements"] if e["status"] == "covered"] == ["SR-3"]
    assert len(low["elements"]) == len(active)
    privacy = graphql(client, query, admin, b="PRIVACY")["baselineCoverage"]
    assert privacy["summary"]["covered"] == 0  # SR-3 is not in the PRIVACY baseline
    assert "unknown SP 800-53 baseline 'fedramp'" in graphql_errors(client, query, admin, b="fedramp")[0]
    refused = graphql_errors(client, query, b="low")  # no token: the organization's coverage is not public
    assert refused and "SR-3" not in " ".join(refused)
