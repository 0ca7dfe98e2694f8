"""The web app through HTTP on the loaded store: pages agree with GraphQL, sign-in cookies and CSRF hold, and the
tenancy rules hold on every page (anonymous 401, another organization's viewer 403, viewers never write)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from crosswalk.engine.accounts import AccountStore
from crosswalk.surfaces.http.access import accounts_location
from tests.conftest import REPO, graphql, org_admin

ORG = "web-lab"
OTHER = "web-other"


@pytest.fixture()
def web(client: TestClient) -> Iterator[TestClient]:
    """The session client with no cookies before or after (each test signs in as it needs)."""
    client.cookies.clear()
    yield client
    client.cookies.clear()


def token(client: TestClient, org: str, role: str, subject: str) -> str:
    settings = client.app.state.settings  # type: ignore[attr-defined]
    with AccountStore(str(accounts_location(settings.store, settings.accounts))) as accounts:
        if accounts.organization(org) is None:
            accounts.create_org(org, org)
        return accounts.issue_token(subject, role, org).token


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, credential: str) -> None:
    form = client.get("/app/signin")
    response = client.post(
        "/app/signin", data={"csrf": csrf_of(form.text), "token": credential, "next": "/"}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


def example_upload(org: str) -> bytes:
    data = json.loads((REPO / "examples/open-weight-lab/evidence.json").read_text(encoding="utf-8"))
    data["organization"]["id"] = org
    return json.dumps(data).encode()


@pytest.fixture()
def lab(web: TestClient) -> str:
    """ORG with the example organization's evidence, uploaded through the pages by its admin."""
    admin = org_admin(web, ORG)["authorization"].removeprefix("Bearer ")
    sign_in(web, admin)
    if graphql(web, f'{{ organization(id: "{ORG}") {{ id }} }}', org_admin(web, ORG))["organization"] is None:
        page = web.get(f"/app/orgs/{ORG}/evidence")
        checked = web.post(
            f"/app/orgs/{ORG}/evidence/upload", data={"csrf": csrf_of(page.text)},
            files={"file": ("evidence.json", example_upload(ORG), "application/json")},
        )  # fmt: skip
        assert checked.status_code == 200 and 'id="preview"' in checked.text, checked.text[-2000:]
        content = unescape(re.search(r'name="content" value="([^"]*)"', checked.text).group(1))  # type: ignore[union-attr]
        written = web.post(
            f"/app/orgs/{ORG}/evidence/confirm",
            data={"csrf": csrf_of(checked.text), "name": "evidence.json", "content": content},
        )
        assert 'id="written"' in written.text
    web.cookies.clear()
    return ORG


def test_home_lists_every_loaded_version_with_the_graphql_counts(web: TestClient) -> None:
    page = web.get("/")
    assert page.status_code == 200, page.text
    assert 'id="frameworks"' in page.text, page.text[:3000]
    data = graphql(web, "{ frameworks { versions { id elementCount } } }")
    counts = {v["id"]: v["elementCount"] for f in data["frameworks"] for v in f["versions"]}
    rows = dict(re.findall(r'<tr data-version="([^"]+)">.*?<td class="num">(\d+)</td>', page.text, re.S))
    assert {k: int(v) for k, v in rows.items()} == counts
    assert "/sparql-editor" in page.text and "/graphql" in page.text


def test_search_escapes_what_it_is_given_and_finds_what_graphql_finds(web: TestClient) -> None:
    page = web.get("/app/search", params={"q": "<script>alert(1)</script>"})
    assert page.status_code == 200 and "<script>alert(1)" not in page.text
    found = web.get("/app/search", params={"q": "model weights"})
    hits = graphql(web, '{ search(text: "model weights", first: 100) { notation } }')["search"]
    assert f"{len(hits)} element(s) match" in found.text


def test_element_page_shows_the_verbatim_text_and_every_asserted_mapping(web: TestClient) -> None:
    page = web.get("/app/element/ai-rmf/1.0/GV-1.1", params={"to": "ai-600-1"})
    assert page.status_code == 200
    data = graphql(
        web, '{ element(id: "GV-1.1") { statement mappings { mapping { recordId } } } '
        'crosswalk(from: "GV-1.1", toFramework: "ai-600-1") { target { notation } } }',
    )  # fmt: skip
    assert (
        unescape(re.search(r'id="statement">(.*?)</blockquote>', page.text, re.S).group(1))
        == data["element"]["statement"]
    )  # type: ignore[union-attr]
    assert sorted(re.findall(r'<tr data-record="([^"]+)"', page.text)) == sorted(
        m["mapping"]["recordId"] for m in data["element"]["mappings"]
    )
    assert f"{len(data['crosswalk'])} element(s) of ai-600-1" in page.text
    assert web.get("/app/element/GOVERN%201.1", follow_redirects=False).headers["location"].endswith("/GV-1.1")
    assert web.get("/app/element/ai-rmf/1.0/NOPE-9").status_code == 404


def test_matrix_cells_are_the_graphql_matrix(web: TestClient) -> None:
    page = web.get("/app/matrix", params={"from": "ai-rmf/1.0", "to": "ai-600-1/2024-07"})
    assert page.status_code == 200
    columns = re.findall(r'<th scope="col" title="[^"]*" data-iri="([^"]+)">', page.text)
    rows = re.findall(r'<tr><th scope="row" title="[^"]*" data-iri="([^"]+)">.*?</th>(.*?)</tr>', page.text, re.S)
    assert (len(rows), len(columns)) == (72, 212)
    shown = set()
    for row, cells in rows:
        for index, cell in enumerate(re.findall(r"<td[^>]*>.*?</td>|<td></td>", cells)):
            rel = re.search(r'data-rel="([^"]+)" data-derived="(\w+)"', cell)
            if rel:
                shown.add((row, columns[index], rel.group(1), rel.group(2) == "true"))
    data = graphql(
        web, '{ matrix(fromVersion: "ai-rmf/1.0", toFramework: "ai-600-1/2024-07", kinds: ["Subcategory"]) '
        "{ cells { relationship derived row column } } }",
    )  # fmt: skip
    local = lambda iri: iri.removeprefix("https://w3id.org/crosswalk/id/")  # noqa: E731
    expected = {
        (local(c["row"]), local(c["column"]), c["relationship"], c["derived"])
        for c in data["matrix"]["cells"]
        if local(c["column"]) in columns
    }
    assert shown == expected and len(shown) > 200


def test_matrix_filters_and_downloads_only_the_records_of_the_pairs_shown(web: TestClient) -> None:
    asserted = web.get("/app/matrix", params={"show": "asserted"})
    derived = web.get("/app/matrix", params={"show": "derived"})
    both = web.get("/app/matrix")
    count = lambda page: len(re.findall(r'data-derived="(?:true|false)"', page.text))  # noqa: E731
    assert count(asserted) + count(derived) == count(both) and count(asserted) and count(derived)
    assert 'data-derived="true"' not in asserted.text
    only = web.get("/app/matrix", params={"rel": "related-to"})
    assert set(re.findall(r'data-rel="([^"]+)"', only.text)) == {"related-to"}
    download = web.get("/app/matrix/export/csv", params={"show": "asserted"})
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    records = list(csv.DictReader(io.StringIO(download.text)))
    assert len(records) == count(asserted)  # one record per asserted pair here (AI 600-1 actions to subcategories)
    assert web.get("/app/matrix/export/oscal", params={"show": "asserted"}).json()["mapping-collection"]
    assert web.get("/app/matrix/export/sssom").text.startswith("#")
    assert web.get("/app/matrix", params={"rel": "bogus"}).status_code == 400
    cell = re.search(r'<td class="[^"]*"[^>]*><a href="([^"]+)"', both.text).group(1)  # type: ignore[union-attr]
    detail = web.get(unescape(cell) + "&fragment=1")
    assert detail.status_code == 200 and "record" in detail.text


def test_dashboard_figures_are_the_graphql_coverage(web: TestClient, lab: str) -> None:
    headers = org_admin(web, lab)
    page = web.get(f"/app/orgs/{lab}/coverage", params={"framework": "ai-rmf", "compare": "ai-800-1"}, headers=headers)
    assert page.status_code == 200
    data = graphql(
        web, f'{{ a: coverage(org: "{lab}", framework: "ai-rmf") {{ summary {{ score covered partial gap }} '
        "groups(by: FUNCTION) { key score } } "
        f'b: coverage(org: "{lab}", framework: "ai-800-1") {{ summary {{ score }} }} '
        f'gaps(org: "{lab}", framework: "ai-rmf") {{ status }} }}', headers,
    )  # fmt: skip
    scores = [float(s) for s in re.findall(r'data-score="([^"]+)"', page.text)]
    assert scores == [data["a"]["summary"]["score"], data["b"]["summary"]["score"]]
    assert f"Gaps ({len(data['gaps'])})" in page.text
    for group in data["a"]["groups"]:
        assert f"{group['key']}: {100 * group['score']:.0f}%" in page.text
    download = web.get(f"/app/orgs/{lab}/coverage.csv", headers=headers)
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert sum(r["status"] == "covered" for r in rows) == data["a"]["summary"]["covered"]
    assert web.get(f"/app/orgs/{lab}/report", headers=headers).status_code == 200


def test_pages_refuse_what_the_roles_refuse(web: TestClient, lab: str) -> None:
    assert web.get(f"/app/orgs/{lab}/coverage").status_code == 401
    assert web.get(f"/app/orgs/{lab}/evidence").status_code == 401
    stranger = {"authorization": f"Bearer {token(web, OTHER, 'viewer', 'v@other')}"}
    refused = web.get(f"/app/orgs/{lab}/coverage", headers=stranger)
    assert refused.status_code == 403 and "data-score" not in refused.text
    assert web.get(f"/app/orgs/{lab}/coverage.csv", headers=stranger).status_code == 403
    viewer = token(web, lab, "viewer", "viewer@lab")
    sign_in(web, viewer)
    page = web.get(f"/app/orgs/{lab}/evidence")
    assert page.status_code == 200 and 'id="items"' in page.text and "/evidence/upload" not in page.text
    before = web.get(f"/app/orgs/{lab}/evidence").text.count("<tr data-item=")
    write = web.post(
        f"/app/orgs/{lab}/evidence/retract", data={"csrf": csrf_of(page.text), "id": "OWL-POL-001", "reason": "x"}
    )
    assert write.status_code == 403
    assert web.get(f"/app/orgs/{lab}/evidence").text.count("<tr data-item=") == before
    assert "retracted</span>" not in web.get(f"/app/orgs/{lab}/evidence").text


def test_sign_in_cookie_csrf_and_sign_out(web: TestClient, lab: str) -> None:
    editor = token(web, lab, "editor", "editor@lab")
    form = web.get("/app/signin")
    bad = web.post("/app/signin", data={"csrf": csrf_of(form.text), "token": "cw_nope_nope", "next": "/"})
    assert bad.status_code == 401 and "cw_session" not in bad.headers.get("set-cookie", "")
    evil = web.post("/app/signin", data={"csrf": csrf_of(form.text), "token": editor, "next": "//evil.example/"},
                    follow_redirects=False)  # fmt: skip
    assert evil.headers["location"] == "/"
    cookie = next(c for c in evil.headers.get_list("set-cookie") if c.startswith("cw_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    page = web.get(f"/app/orgs/{lab}/evidence")
    assert page.status_code == 200 and "/evidence/upload" in page.text
    item = {"id": "WEB-FORM-1", "title": "Form item", "kind": "policy", "supports": "GOVERN 1.1 | implemented"}
    assert web.post(f"/app/orgs/{lab}/evidence/item", data={**item, "csrf": "forged"}).status_code == 403
    cross = web.post(f"/app/orgs/{lab}/evidence/item", data={**item, "csrf": csrf_of(page.text)},
                     headers={"origin": "http://evil.example"})  # fmt: skip
    assert cross.status_code == 403
    assert "WEB-FORM-1" not in web.get(f"/app/orgs/{lab}/evidence").text
    saved = web.post(f"/app/orgs/{lab}/evidence/item", data={**item, "csrf": csrf_of(page.text)})
    assert saved.status_code == 200 and 'id="written"' in saved.text
    edited = web.get(f"/app/orgs/{lab}/evidence", params={"edit": "WEB-FORM-1"})
    assert 'value="Form item"' in edited.text
    retracted = web.post(f"/app/orgs/{lab}/evidence/retract",
                         data={"csrf": csrf_of(page.text), "id": "WEB-FORM-1", "reason": "test over"})  # fmt: skip
    assert 'id="retracted"' in retracted.text
    out = web.post("/app/signout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    assert web.get(f"/app/orgs/{lab}/evidence").status_code == 401


def test_a_revoked_token_signs_the_browser_out_at_once(web: TestClient, lab: str) -> None:
    settings = web.app.state.settings  # type: ignore[attr-defined]
    with AccountStore(str(accounts_location(settings.store, settings.accounts))) as accounts:
        issued = accounts.issue_token("short@lab", "viewer", lab)
    sign_in(web, issued.token)
    assert web.get(f"/app/orgs/{lab}/coverage").status_code == 200
    with AccountStore(str(accounts_location(settings.store, settings.accounts))) as accounts:
        accounts.revoke_token(issued.record.id)
    refused = web.get(f"/app/orgs/{lab}/coverage")
    assert refused.status_code == 401 and "revoked" in refused.text


def test_edition_diff_page_is_the_graphql_diff(web: TestClient) -> None:
    page = web.get("/app/diff", params={"framework": "owasp-llm-top10"})
    data = graphql(
        web, '{ diff(fromVersion: "owasp-llm-top10/1.1", toVersion: "owasp-llm-top10/2025") '
        "{ changed { kinds } added { notation } removed { notation } } }",
    )["diff"]  # fmt: skip
    assert f"{len(data['changed'])} paired item(s)" in page.text
    assert f"{len(data['added'])} added, {len(data['removed'])} removed" in page.text
    assert "<del>" in page.text and "<ins>" in page.text


def test_an_organization_without_roles_has_none(web: TestClient) -> None:
    """api/org-profile.rq once gave a profile without roles every notation in the store as its roles."""
    headers = org_admin(web, "web-noroles")
    graphql(
        web, 'mutation { upsertOrganization(id: "web-noroles", name: "No roles", roles: [], releaseTypes: []) { id } }',
        headers,
    )  # fmt: skip
    profile = graphql(web, '{ organization(id: "web-noroles") { roles releaseTypes } }', headers)["organization"]
    assert profile == {"roles": [], "releaseTypes": []}


def test_the_dashboard_shows_marginal_risk_as_graphql_answers_it(web: TestClient, lab: str) -> None:
    headers = org_admin(web, lab)
    page = web.get(f"/app/orgs/{lab}/coverage", headers=headers)
    assert page.status_code == 200 and 'id="marginal"' in page.text
    data = graphql(
        web, f'{{ marginalRisk(org: "{lab}") {{ label band {{ notation label }} results {{ evidenceId }} }} }}', headers
    )["marginalRisk"]
    banded = [r for r in data if r["band"]]
    assert banded, "the example organization has thresholds and baselines"
    panel = page.text[page.text.index('id="marginal"') :]
    for risk in banded:
        assert f'band-{risk["band"]["notation"]}">{risk["band"]["label"]}' in panel
        for result in risk["results"]:
            assert result["evidenceId"] in panel


def test_the_dashboard_groups_800_1_coverage_by_readiness_tier_as_graphql_does(web: TestClient, lab: str) -> None:
    headers = org_admin(web, lab)
    page = web.get(f"/app/orgs/{lab}/coverage", headers=headers)
    data = graphql(
        web,
        f'{{ coverageByReadinessTier(org: "{lab}", framework: "ai-800-1/ipd") {{ tier summary {{ score }} }} }}',
        headers,
    )["coverageByReadinessTier"]
    assert data, "the example organization covers AI 800-1 practices"
    shown = dict(re.findall(r'<tr data-tier="([^"]+)">.*?data-tier-score="([^"]+)"', page.text))
    assert shown == {(g["tier"] or "none"): str(g["summary"]["score"]) for g in data}
