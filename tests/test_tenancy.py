"""Tenant isolation on every surface that touches an organization's data: the matrix of surfaces x callers x
{read, write}, each cell allowed or denied, and no denied answer carrying data.

Callers: anonymous, viewer / editor / admin of organization A, admin of organization B, an expired token, a revoked
token, and a JWT whose signature does not check out (single sign-on is configured with keys made here).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from jwt.algorithms import RSAAlgorithm

from crosswalk.engine.accounts import AccountStore, SSOConfig
from crosswalk.engine.accounts.db import default_accounts_path
from crosswalk.surfaces.cli.main import main
from crosswalk.surfaces.http.app import Settings, create_app
from tests.conftest import REPO
from tests.store_copies import copy_store

ORG_A, ORG_B = "open-weight-lab", "rival-lab"
EXAMPLE = REPO / "examples" / "open-weight-lab" / "evidence.json"
ISSUER, AUDIENCE = "https://login.example.test/", "crosswalk"
SIGNING_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
FORGED_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
CALLERS = ("anonymous", "viewer-a", "editor-a", "admin-a", "admin-b", "expired", "revoked", "bad-jwt", "jwt-admin-a")


def _jwt(key: Any, role: str = "admin") -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "sso-user@a.test", "iat": now, "exp": now + 3600,
              "crosswalk_orgs": {ORG_A: role}}  # fmt: skip
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def matrix_tokens(accounts_path: Path) -> dict[str, str]:
    """The matrix's callers' credentials, registered in the accounts file at ``accounts_path``."""
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with AccountStore(accounts_path) as accounts:
        accounts.create_org(ORG_A, "Open Weight Lab")
        accounts.create_org(ORG_B, "Rival Lab")
        tokens = {
            "viewer-a": accounts.issue_token("viewer@a", "viewer", ORG_A).token,
            "editor-a": accounts.issue_token("editor@a", "editor", ORG_A).token,
            "admin-a": accounts.issue_token("admin@a", "admin", ORG_A).token,
            "admin-b": accounts.issue_token("admin@b", "admin", ORG_B).token,
        }
        revoked = accounts.issue_token("revoked@a", "admin", ORG_A)
        accounts.revoke_token(revoked.record.id)
        tokens["revoked"] = revoked.token
    with AccountStore(accounts_path, clock=lambda: long_ago) as past:
        tokens["expired"] = past.issue_token("expired@a", "admin", ORG_A, long_ago + dt.timedelta(days=1)).token
    tokens["bad-jwt"] = _jwt(FORGED_KEY)
    tokens["jwt-admin-a"] = _jwt(SIGNING_KEY)
    return tokens


@pytest.fixture(scope="module")
def tenants(store_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    store = tmp_path_factory.mktemp("tenancy") / "store"
    copy_store(store_copy, store)
    runner = CliRunner()
    assert (
        runner.invoke(main, ["evidence", "import", str(EXAMPLE), "--org", ORG_A, "--store", str(store)]).exit_code == 0
    )
    rival = store.parent / "rival.csv"
    rival.write_text("id,title,kind,element,status\nRIV-1,Rival policy,policy,GOVERN 1.1,implemented\n")
    imported = runner.invoke(
        main, ["evidence", "import", str(rival), "--org", ORG_B, "--name", "Rival", "--role", "deployer",
               "--release", "api", "--store", str(store)],
    )  # fmt: skip
    assert imported.exit_code == 0, imported.output
    jwks = store.parent / "jwks.json"
    public = RSAAlgorithm.to_jwk(SIGNING_KEY.public_key(), as_dict=True)
    jwks.write_text(json.dumps({"keys": [{**public, "kid": "k1", "use": "sig"}]}))
    tokens = matrix_tokens(default_accounts_path(store))
    settings = Settings(store=store, query_timeout=20, sso=SSOConfig(ISSUER, AUDIENCE, str(jwks)))
    with TestClient(create_app(settings)) as client:
        yield client, tokens


def _headers(tokens: dict[str, str], who: str) -> dict[str, str]:
    return {} if who == "anonymous" else {"authorization": f"Bearer {tokens[who]}"}


def _gql(client: TestClient, headers: dict[str, str], query: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    response = client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    return body.get("data"), body.get("errors", [])


Probe = Callable[[TestClient, dict[str, str], str], tuple[bool, str]]  # -> (allowed, everything the caller saw)


def _gql_probe(query: str, field: str) -> Probe:
    def probe(client: TestClient, headers: dict[str, str], _: str) -> tuple[bool, str]:
        data, errors = _gql(client, headers, query)
        allowed = not errors and data is not None and data.get(field) is not None
        if not allowed:
            codes = {e.get("extensions", {}).get("code") for e in errors}
            assert codes <= {"UNAUTHENTICATED", "FORBIDDEN"} and codes, errors
        return allowed, json.dumps([data, errors])

    return probe


def _http_probe(path: str, **params: str) -> Probe:
    def probe(client: TestClient, headers: dict[str, str], _: str) -> tuple[bool, str]:
        response = client.get(path, params=params, headers={**headers, "accept": "text/turtle"})
        assert response.status_code in (200, 401, 403), (path, response.status_code, response.text)
        return response.status_code == 200, response.text

    return probe


def _write_probe(make: Callable[[str], str], field: str) -> Probe:
    """Each caller writes its own item (ids never collide), so allowed writes do not change other cells."""

    def probe(client: TestClient, headers: dict[str, str], who: str) -> tuple[bool, str]:
        return _gql_probe(make(who), field)(client, headers, who)

    return probe


READS: dict[str, Probe] = {
    "graphql organization": _gql_probe(
        f'{{ organization(id: "{ORG_A}") {{ id evidence {{ id title }} }} }}', "organization"
    ),
    "graphql coverage": _gql_probe(
        f'{{ coverage(org: "{ORG_A}", framework: "ai-800-1") {{ summary {{ covered }} elements {{ contributions {{ evidenceId }} }} }} }}',
        "coverage",
    ),
    "graphql gaps": _gql_probe(f'{{ gaps(org: "{ORG_A}", framework: "ai-rmf") {{ element {{ notation }} }} }}', "gaps"),
    "graphql evidence": _gql_probe(f'{{ evidence(org: "{ORG_A}", id: "OWL-POL-001") {{ title owner }} }}', "evidence"),
    "graphql marginalRisk": _gql_probe(
        f'{{ marginalRisk(org: "{ORG_A}") {{ label results {{ evidenceId baseline {{ model score }} '
        "difference { value } band { notation } } withoutBaseline { evidenceId } thresholds { upper } } }",
        "marginalRisk",
    ),
    "organization sparql": _http_probe(
        f"/orgs/{ORG_A}/sparql",
        query="PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT ?i WHERE { ?i a cw:EvidenceItem }",
    ),
    "organization iri page": _http_probe(f"/org/{ORG_A}/evidence/OWL-POL-001"),
}
WRITES: dict[str, Probe] = {
    "graphql recordEvidence": _write_probe(
        lambda who: (
            f'mutation {{ recordEvidence(org: "{ORG_A}", items: [{{id: "T-{who}", title: "by {who}", '
            'kind: "policy", supports: [{element: "GOVERN 1.2", status: "implemented"}]}]) { created } }'
        ),
        "recordEvidence",
    ),
    "graphql retractEvidence": _write_probe(
        lambda who: f'mutation {{ retractEvidence(org: "{ORG_A}", id: "OWL-POL-001", reason: "matrix {who}") }}',
        "retractEvidence",
    ),
    "graphql upsertOrganization": _write_probe(
        lambda who: (
            f'mutation {{ upsertOrganization(id: "{ORG_A}", name: "Open Weight Lab", '
            'roles: ["initial-developer"], releaseTypes: ["open-weight"]) { id } }'
        ),
        "upsertOrganization",
    ),
    "graphql upsertOrganization thresholds": _write_probe(
        lambda who: (
            f'mutation {{ upsertOrganization(id: "{ORG_A}", name: "Open Weight Lab", roles: ["initial-developer"], '
            'releaseTypes: ["open-weight"], thresholds: [{risk: "CBRN Information or Capabilities", '
            'band: "unacceptable", lower: 0.02}]) { id } }'
        ),
        "upsertOrganization",
    ),
    "graphql recordEvidence baseline": _write_probe(
        lambda who: (
            f'mutation {{ recordEvidence(org: "{ORG_A}", items: [{{id: "MR-{who}", title: "by {who}", '
            'kind: "benchmark-result", benchmark: "ailuminate:iwp", metric: "rate", score: 0.9, model: "m", '
            'direction: "higher-is-safer", baseline: {kind: "no-ai", score: 0.95, source: "study"}, '
            'supports: [{element: "MEASURE 2.6", status: "implemented"}]}]) { created } }'
        ),
        "recordEvidence",
    ),
    "graphql auditTrail (admin read)": _gql_probe(
        f'{{ organization(id: "{ORG_A}") {{ auditTrail {{ agent action }} }} }}', "organization"
    ),
}
# Who may do what in organization A; every other cell of the matrix is a refusal.
MAY: dict[str, tuple[str, ...]] = {
    **{surface: ("viewer-a", "editor-a", "admin-a", "jwt-admin-a") for surface in READS},
    "graphql recordEvidence": ("editor-a", "admin-a", "jwt-admin-a"),
    "graphql retractEvidence": ("editor-a", "admin-a", "jwt-admin-a"),
    "graphql upsertOrganization": ("admin-a", "jwt-admin-a"),
    "graphql upsertOrganization thresholds": ("admin-a", "jwt-admin-a"),
    "graphql recordEvidence baseline": ("editor-a", "admin-a", "jwt-admin-a"),
    "graphql auditTrail (admin read)": ("admin-a", "jwt-admin-a"),
}


@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("surface", [*READS, *WRITES])
def test_tenancy_matrix(tenants: tuple[TestClient, dict[str, str]], surface: str, who: str) -> None:
    client, tokens = tenants
    probe = {**READS, **WRITES}[surface]
    allowed, seen = probe(client, _headers(tokens, who), who)
    assert allowed == (who in MAY[surface]), (surface, who, seen[:300])
    if not allowed:
        assert "OWL-" not in seen and "Open Weight Lab" not in seen, seen[:300]  # no data in a refusal


def test_an_organization_never_sees_another(tenants: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = tenants
    own, _ = _gql(client, _headers(tokens, "admin-b"), f'{{ organization(id: "{ORG_B}") {{ evidence {{ id }} }} }}')
    assert own == {"organization": {"evidence": [{"id": "RIV-1"}]}}
    answer = client.get(
        f"/orgs/{ORG_B}/sparql", headers=_headers(tokens, "admin-b"),
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), 'open-weight-lab')) }"},
    )  # fmt: skip
    assert answer.status_code == 200 and answer.json()["results"]["bindings"][0]["n"]["value"] == "0"
    items = client.get(
        f"/orgs/{ORG_B}/sparql", headers=_headers(tokens, "admin-b"),
        params={"query": "PREFIX cw: <https://w3id.org/crosswalk/ontology#> SELECT ?i WHERE { ?i a cw:EvidenceItem }"},
    )  # fmt: skip
    assert [b["i"]["value"].rsplit("/", 1)[-1] for b in items.json()["results"]["bindings"]] == ["RIV-1"]
    public = client.get("/export/nquads").text
    assert "/graph/org/" not in public and "RIV-1" not in public and "OWL-POL" not in public


def test_refusals_say_why(tenants: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = tenants
    query = f'{{ organization(id: "{ORG_A}") {{ id }} }}'
    _, errors = _gql(client, _headers(tokens, "expired"), query)
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED" and "expired" in errors[0]["message"]
    _, errors = _gql(client, _headers(tokens, "revoked"), query)
    assert "revoked" in errors[0]["message"]
    _, errors = _gql(client, _headers(tokens, "admin-b"), query)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN" and "no role in open-weight-lab" in errors[0]["message"]
    public, errors = _gql(client, _headers(tokens, "expired"), "{ frameworks { id } }")
    assert not errors and public and public["frameworks"]  # public content still answers


def test_audit_trail_names_who_wrote(tenants: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = tenants
    headers = _headers(tokens, "admin-a")
    _gql(client, _headers(tokens, "editor-a"), 'mutation { recordEvidence(org: "open-weight-lab", items: [{id: "AUD-1", '
         'title: "audited", kind: "policy", supports: [{element: "GOVERN 1.3", status: "implemented"}]}]) { created } }')  # fmt: skip
    data, errors = _gql(
        client, headers, f'{{ organization(id: "{ORG_A}") {{ auditTrail {{ agent signedInWith action items at }} }} }}'
    )
    assert not errors and data
    trail = data["organization"]["auditTrail"]
    assert {"agent": "editor@a", "signedInWith": "token", "action": "record-evidence", "items": ["AUD-1"]} in [
        {k: e[k] for k in ("agent", "signedInWith", "action", "items")} for e in trail
    ]
    assert any(e["signedInWith"] == "cli" and e["action"] == "record-evidence" for e in trail)  # the CLI import
    sparql = client.get(
        f"/orgs/{ORG_A}/sparql", headers=headers,
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a a <http://www.w3.org/ns/prov#Activity> }"},
    )  # fmt: skip
    assert sparql.json()["results"]["bindings"][0]["n"]["value"] == "0"  # viewers' SPARQL never lists who did what


def test_revocation_and_expiry_take_effect_at_once(tenants: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = tenants
    store = client.app.state.settings.store  # type: ignore[attr-defined]
    with AccountStore(default_accounts_path(Path(store))) as accounts:  # the CLI's shortest lifetime is minutes
        token = accounts.issue_token("short@a", "viewer", ORG_A, accounts.now() + dt.timedelta(seconds=2)).token
    query = f'{{ organization(id: "{ORG_A}") {{ id }} }}'
    headers = {"authorization": f"Bearer {token}"}
    data, errors = _gql(client, headers, query)
    assert not errors and data == {"organization": {"id": ORG_A}}
    time.sleep(2.5)
    _, errors = _gql(client, headers, query)
    assert errors and "expired" in errors[0]["message"]

    issued = CliRunner().invoke(
        main, ["token", "issue", "--org", ORG_A, "--role", "viewer", "--subject", "gone@a", "--store", str(store)]
    )
    token = issued.stdout.strip().splitlines()[-1]
    headers = {"authorization": f"Bearer {token}"}
    assert not _gql(client, headers, query)[1]
    token_id = token.split("_")[1]
    revoked = CliRunner().invoke(main, ["token", "revoke", token_id, "--store", str(store)])
    assert revoked.exit_code == 0, revoked.output
    _, errors = _gql(client, headers, query)
    assert errors and "revoked" in errors[0]["message"]
