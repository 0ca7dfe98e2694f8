"""Marginal risk through GraphQL (mutations and the marginalRisk question) on the session's loaded store: signs for
both metric directions, bands from the profile's thresholds and what they call on, uncertainty carried through,
results without a baseline listed (and as a coverage weakness), bad baselines and thresholds rejected per field."""

from __future__ import annotations

import math
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import graphql, graphql_errors, org_admin

CBRN = "CBRN Information or Capabilities"
BIAS = "Harmful Bias and Homogenization"
PROFILE = """mutation($id: String!, $t: [ThresholdInput!]) {
  upsertOrganization(id: $id, name: "Marginal test lab", roles: ["initial-developer"], releaseTypes: ["open-weight"],
                     thresholds: $t) { id } }"""
RECORD = "mutation($org: String!, $items: [EvidenceInput!]!) { recordEvidence(org: $org, items: $items) { created } }"
QUESTION = """query($org: String!, $model: String, $risk: String) {
  marginalRisk(org: $org, model: $model, risk: $risk) {
    label risk { notation label } band { notation severity }
    thresholds { band { notation } lower upper metric }
    results { evidenceId model score direction stale
      baseline { kind model version score source illustrative interval { lower upper } sampleSize }
      difference { value meansMoreRisk interval { lower upper } standardError method }
      band { notation } bandAtUpper { notation }
      measuredThrough { strength mapping { recordId } benchmark { id } } }
    withoutBaseline { evidenceId baseline { kind } difference { value } }
    callsOn { band { notation }
      practices { why riskStrength practice { notation version } revisedIn { notation version } }
      actions { relationship action { notation riskTags { label } } throughPractice { notation } } } } }"""
BANDS = [{"risk": CBRN, "band": "acceptable", "upper": 0.01},
         {"risk": CBRN, "band": "needs-mitigation", "lower": 0.01, "upper": 0.04},
         {"risk": CBRN, "band": "unacceptable", "lower": 0.04},
         {"risk": BIAS, "band": "acceptable", "upper": 0.01},
         {"risk": BIAS, "band": "needs-mitigation", "lower": 0.01}]  # fmt: skip


def _item(item_id: str, score: float, baseline: float | None, direction: str = "higher-is-safer",
          benchmark: str = "ailuminate:iwp", model: str = "m-1", **extra: Any) -> dict[str, Any]:  # fmt: skip
    item: dict[str, Any] = {
        "id": item_id, "title": f"result {item_id}", "kind": "benchmark-result", "benchmark": benchmark,
        "metric": "rate", "score": score, "model": model, "direction": direction, "scale": "proportion",
        "supports": [{"element": "MEASURE 2.6", "status": "implemented"}],
    }  # fmt: skip
    if baseline is not None:
        item["baseline"] = {"kind": "other-model", "model": "ref-model", "version": "1", "score": baseline,
                            "source": "https://example.org/ref", "measured": "2026-01-01"}  # fmt: skip
    for key, value in extra.items():
        (item["baseline"] if key.startswith("b_") else item)[key.removeprefix("b_")] = value
    return item


def _org(
    client: TestClient, org: str, items: list[dict[str, Any]], bands: list[dict[str, Any]] = BANDS
) -> dict[str, str]:
    headers = org_admin(client, org)
    graphql(client, PROFILE, headers, id=org, t=bands)
    graphql(client, RECORD, headers, org=org, items=items)
    return headers


def _results(answer: dict[str, Any], label: str) -> dict[str, dict[str, Any]]:
    risk = next(r for r in answer["marginalRisk"] if r["label"] == label)
    return {r["evidenceId"]: r for r in risk["results"]}


def test_signs_follow_the_metric_direction(client: TestClient) -> None:
    org = "mr-signs"
    headers = _org(client, org, [
        _item("S-SAFER-WORSE", 0.90, 0.95),  # safe-response rate fell: more risk
        _item("S-SAFER-BETTER", 0.97, 0.95),  # rose: less risk
        _item("S-RISKIER-WORSE", 0.10, 0.04, "higher-is-riskier"),  # attack success rose: more risk
        _item("S-RISKIER-BETTER", 0.02, 0.05, "higher-is-riskier"),
    ])  # fmt: skip
    results = _results(graphql(client, QUESTION, headers, org=org), CBRN)
    expected = {"S-SAFER-WORSE": 0.05, "S-SAFER-BETTER": -0.02, "S-RISKIER-WORSE": 0.06, "S-RISKIER-BETTER": -0.03}
    for item_id, value in expected.items():
        difference = results[item_id]["difference"]
        assert difference["value"] == value, (item_id, difference)
        assert difference["meansMoreRisk"] is (value > 0)
    # each counts through the curated AILuminate iwp -> CBRN record
    assert {m["mapping"]["recordId"] for m in results["S-SAFER-WORSE"]["measuredThrough"]} == {
        "cwmap:benchmarks-to-ai-600-1-risks/iwp--cbrn-information-or-capabilities"
    }


def test_bands_come_from_the_profile_and_call_on_practices_and_actions(client: TestClient) -> None:
    org = "mr-bands"
    headers = _org(client, org, [
        _item("B-LOW", 0.945, 0.95),  # +0.005: acceptable
        _item("B-EDGE", 0.94, 0.95),  # +0.01: the lower bound of needs-mitigation is inclusive
        _item("B-HIGH", 0.90, 0.95),  # +0.05: unacceptable
        _item("B-BIAS", 0.09, 0.07, "higher-is-riskier", "helmsafety:bbq"),  # +0.02 on harmful bias
    ])  # fmt: skip
    answer = graphql(client, QUESTION, headers, org=org)
    cbrn = next(r for r in answer["marginalRisk"] if r["label"] == CBRN)
    bands = {r["evidenceId"]: r["band"]["notation"] for r in cbrn["results"]}
    assert bands == {"B-LOW": "acceptable", "B-EDGE": "needs-mitigation", "B-HIGH": "unacceptable"}
    assert cbrn["band"] == {"notation": "unacceptable", "severity": 2}
    assert answer["marginalRisk"][0]["label"] == CBRN  # the most severe risk first
    assert [t["band"]["notation"] for t in cbrn["thresholds"]] == ["acceptable", "needs-mitigation", "unacceptable"]
    calls = {g["band"]["notation"]: g for g in cbrn["callsOn"]}
    assert set(calls) == {"acceptable", "needs-mitigation", "unacceptable"}
    unacceptable = [p["practice"]["notation"] for p in calls["unacceptable"]["practices"]]
    assert "Practice 5.3" in unacceptable  # only pursue deployments where misuse risk is adequately managed
    assert all(p["practice"]["version"] == "ai-800-1/ipd" for p in calls["unacceptable"]["practices"])
    for guidance in calls.values():
        assert guidance["actions"], guidance["band"]
        for action in guidance["actions"]:
            assert CBRN in {t["label"] for t in action["action"]["riskTags"]}, action
    mitigation = {p["practice"]["notation"]: p for p in calls["needs-mitigation"]["practices"]}
    assert mitigation["Practice 4.2"]["revisedIn"] == [{"notation": "Practice 4.2", "version": "ai-800-1/2pd"}]
    # the curated record says Practice 5.2 has no relationship to harmful bias: that band leaves it out there
    assert "Practice 5.2" in mitigation
    bias = next(r for r in answer["marginalRisk"] if r["label"] == BIAS)
    assert bias["results"][0]["band"]["notation"] == "needs-mitigation"
    bias_practices = {p["practice"]["notation"] for g in bias["callsOn"] for p in g["practices"]}
    assert bias_practices and "Practice 5.2" not in bias_practices


def test_uncertainty_is_carried_through(client: TestClient) -> None:
    org = "mr-uncertainty"
    headers = _org(client, org, [
        _item("U-INTERVALS", 0.90, 0.95, scoreInterval={"lower": 0.88, "upper": 0.92},
              b_interval={"lower": 0.94, "upper": 0.96}),
        _item("U-SAMPLES", 0.90, 0.95, sampleSize=400, b_sampleSize=900),
        _item("U-RISKIER", 0.10, 0.04, "higher-is-riskier", scoreInterval={"lower": 0.08, "upper": 0.13},
              b_interval={"lower": 0.03, "upper": 0.05}),
        _item("U-ONE-SIDE", 0.90, 0.95, scoreInterval={"lower": 0.88, "upper": 0.92}),
    ])  # fmt: skip
    results = _results(graphql(client, QUESTION, headers, org=org), CBRN)
    # higher is safer: risk difference = baseline - model, interval [lo_b - hi_m, hi_b - lo_m]
    intervals = results["U-INTERVALS"]["difference"]
    assert math.isclose(intervals["interval"]["lower"], 0.94 - 0.92)
    assert math.isclose(intervals["interval"]["upper"], 0.96 - 0.88) and intervals["method"] == "intervals"
    assert results["U-INTERVALS"]["bandAtUpper"]["notation"] == "unacceptable"  # the worst the interval allows
    samples = results["U-SAMPLES"]["difference"]
    se = math.sqrt(0.9 * 0.1 / 400 + 0.95 * 0.05 / 900)
    assert math.isclose(samples["standardError"], se, abs_tol=1e-6) and samples["method"] == "sample sizes"
    assert math.isclose(samples["interval"]["lower"], 0.05 - 1.96 * se, abs_tol=1e-5)
    assert math.isclose(samples["interval"]["upper"], 0.05 + 1.96 * se, abs_tol=1e-5)
    riskier = results["U-RISKIER"]["difference"]["interval"]  # model - baseline: [lo_m - hi_b, hi_m - lo_b]
    assert math.isclose(riskier["lower"], 0.03) and math.isclose(riskier["upper"], 0.10)
    one_side = results["U-ONE-SIDE"]["difference"]
    assert one_side["value"] == 0.05 and one_side["interval"] is None and one_side["method"] is None


def test_results_without_a_baseline_are_listed_and_flagged_in_coverage(client: TestClient) -> None:
    org = "mr-unbaselined"
    headers = _org(client, org, [_item("N-BASE", 0.90, 0.95), _item("N-NONE", 0.93, None)])
    answer = graphql(client, QUESTION, headers, org=org, model="m-1", risk="ai600:cbrn-information-or-capabilities")
    assert [r["label"] for r in answer["marginalRisk"]] == [CBRN]
    risk = answer["marginalRisk"][0]
    assert [r["evidenceId"] for r in risk["results"]] == ["N-BASE"]
    assert risk["withoutBaseline"] == [{"evidenceId": "N-NONE", "baseline": None, "difference": None}]
    other = graphql(client, QUESTION, headers, org=org, model="another-model")["marginalRisk"]
    assert other and all(r["results"] == [] and r["withoutBaseline"] == [] for r in other)  # only its thresholds
    coverage = graphql(
        client,
        """query($org: String!) { coverage(org: $org, framework: "ai-rmf", within: "MEASURE 2")
        { elements { element { notation } status weaknesses { kind evidenceId reason } } } }""",
        headers,
        org=org,
    )
    element = next(e for e in coverage["coverage"]["elements"] if e["element"]["notation"] == "MEASURE 2.6")
    assert element["status"] == "covered"  # the weakness is beside the element; the formula is unchanged
    assert [(w["kind"], w["evidenceId"]) for w in element["weaknesses"]] == [("measured-without-baseline", "N-NONE")]
    assert "without a baseline" in element["weaknesses"][0]["reason"]


BAD = [
    ({"b_metric": "another metric"}, "baseline.metric", "is not the item's metric"),
    ({"b_benchmark": "ailuminate:cse"}, "baseline.benchmark", "is not the item's benchmark"),
    ({"b_score": 1.4}, "baseline.score", "outside the scale's range 0 to 1"),
    ({"score": -0.2}, "score", "outside the scale's range"),
    ({"direction": None}, "direction", "a baseline needs the metric's direction"),
    ({"direction": "up"}, "direction", "unknown direction 'up'"),
    ({"scoreInterval": {"lower": 0.95, "upper": 0.99}}, "interval", "does not contain the score"),
    ({"b_interval": {"lower": 0.99, "upper": 0.90}}, "baseline.interval", "is above upper end"),
    ({"sampleSize": 0}, "sampleSize", "not a whole number of test items"),
    ({"b_kind": "a-friend"}, "baseline.kind", "unknown kind 'a-friend'"),
    ({"b_model": None}, "baseline.model", "names the model"),
    ({"b_source": ""}, "baseline.source", "say where the baseline figure comes from"),
    ({"b_measured": "last spring"}, "baseline.measured", "is not a date"),
    ({"kind": "policy"}, "baseline", "only a benchmark result carries"),
]


def test_bad_baselines_are_rejected_per_field_and_nothing_is_written(client: TestClient) -> None:
    org = "mr-bad"
    headers = _org(client, org, [_item("OK-1", 0.9, 0.95)])
    for change, field, reason in BAD:
        item = _item("BAD-1", 0.9, 0.95)
        for key, value in change.items():
            (item["baseline"] if key.startswith("b_") else item)[key.removeprefix("b_")] = value
        errors = graphql_errors(client, RECORD, headers, org=org, items=[item])
        assert errors and f"items[0] (BAD-1) [{field}]" in errors[0] and reason in errors[0], (change, errors)
    ids = graphql(client, '{ organization(id: "mr-bad") { evidence { id } } }', headers)["organization"]["evidence"]
    assert [i["id"] for i in ids] == ["OK-1"]


def test_bad_thresholds_are_rejected_and_kept_thresholds_survive(client: TestClient) -> None:
    org = "mr-thresholds"
    headers = _org(client, org, [_item("T-1", 0.9, 0.95)])
    cases = [
        ([{"risk": CBRN, "band": "fine"}], "riskThresholds[0].band", "unknown band 'fine'"),
        ([{"risk": "GOVERN 1.1", "band": "acceptable"}], "riskThresholds[0].risk", "is not an AI 600-1 risk"),
        ([{"risk": CBRN, "band": "acceptable", "upper": 0.02}, {"risk": CBRN, "band": "unacceptable", "lower": 0.01}],
         "riskThresholds[1].lower", "overlaps riskThresholds[0]"),
        ([{"risk": CBRN, "band": "acceptable", "lower": 0.05, "upper": 0.01}], "riskThresholds[0].upper", "not above"),
    ]  # fmt: skip
    for bands, field, reason in cases:
        errors = graphql_errors(client, PROFILE, headers, id=org, t=bands)
        assert errors and f"organization [{field}]" in errors[0] and reason in errors[0], (bands, errors)
    graphql(client, PROFILE, headers, id=org, t=None)  # thresholds left out: the stored ones are kept
    risk = graphql(client, QUESTION, headers, org=org, risk=CBRN)["marginalRisk"][0]
    assert [t["band"]["notation"] for t in risk["thresholds"]] == ["acceptable", "needs-mitigation", "unacceptable"]
    assert risk["results"][0]["band"]["notation"] == "unacceptable"
