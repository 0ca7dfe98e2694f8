"""Accounts: organizations, API tokens (hashed, expiring, revocable at once), the role matrix, and Principal."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crosswalk.engine.accounts import (
    ACTIONS,
    ANONYMOUS,
    ORG_ROLES,
    SITE_ROLES,
    AccountError,
    AccountStore,
    Authenticator,
    Forbidden,
    Principal,
    Unauthenticated,
    default_accounts_path,
    parse_expiry,
    require_grant,
)
from crosswalk.engine.accounts.db import SCHEMA_VERSION
from tests.conftest import REPO

START = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand, so expiry is tested at an exact instant."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(clock: Clock) -> AccountStore:
    store = AccountStore(":memory:", clock=clock)
    store.create_org("acme", "Acme Corp")
    store.create_org("globex", "Globex")
    return store


def test_accounts_file_sits_beside_the_store() -> None:
    assert default_accounts_path(Path("/srv/data/store")) == Path("/srv/data/store.accounts.sqlite")


def test_file_is_created_with_versioned_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "store.accounts.sqlite"
    with AccountStore(path) as store:
        store.create_org("acme", "Acme")
        assert store.schema_version == SCHEMA_VERSION == 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
    conn.close()
    with AccountStore(path) as again:  # reopening keeps the data and does not re-run the migration
        assert [o.id for o in again.organizations()] == ["acme"]


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    AccountStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(AccountError, match="schema version 99"):
        AccountStore(path)


def test_organizations_follow_the_evidence_id_rule_and_are_created_once(accounts: AccountStore) -> None:
    assert [(o.id, o.name, o.created) for o in accounts.organizations()] == [
        ("acme", "Acme Corp", START),
        ("globex", "Globex", START),
    ]
    with pytest.raises(AccountError, match="'acme' already exists"):
        accounts.create_org("acme", "Another Acme")
    for bad in ("Acme", "-acme", "ac_me", "a" * 64, ""):
        with pytest.raises(AccountError, match="not valid"):
            accounts.create_org(bad, "x")
    assert accounts.create_org("a" * 63, "Long").id == "a" * 63


def test_token_authenticates_as_its_subject_and_role(accounts: AccountStore, clock: Clock) -> None:
    issued = accounts.issue_token("alice@acme.test", "editor", "acme")
    prefix, token_id, secret = issued.token.split("_", 2)
    assert (prefix, token_id) == ("cw", issued.record.id)
    assert len(secret) >= 43  # 32 random bytes, URL-safe base64
    principal = Authenticator(accounts).from_authorization_header(f"Bearer {issued.token}")
    assert principal == Principal("alice@acme.test", "token", org_roles={"acme": "editor"}, token_id=issued.record.id)
    assert principal.allows("write-evidence", "acme")
    assert not principal.allows("write-evidence", "globex")
    clock.now = START + timedelta(minutes=5)
    Authenticator(accounts).from_authorization_header(f"Bearer {issued.token}")
    assert accounts.token(token_id).last_used == START + timedelta(minutes=5)  # type: ignore[union-attr]


def test_two_tokens_never_share_id_or_secret(accounts: AccountStore) -> None:
    tokens = {accounts.issue_token("bot", "viewer", "acme").token for _ in range(50)}
    assert len(tokens) == 50
    assert len({t.split("_")[1] for t in tokens}) == 50


def test_wrong_secret_unknown_id_and_malformed_token_are_refused(accounts: AccountStore) -> None:
    issued = accounts.issue_token("alice", "viewer", "acme")
    auth = Authenticator(accounts)
    token_id = issued.record.id
    for bad in (f"cw_{token_id}_{'A' * 43}", f"cw_{'0' * 16}_{issued.token.split('_', 2)[2]}"):
        with pytest.raises(Unauthenticated, match="invalid API token") as refused:
            auth.from_authorization_header(f"Bearer {bad}")
        assert refused.value.code == "UNAUTHENTICATED"
    for header in ("Bearer cw_", "Bearer cw_abc", "Basic dXNlcjpwYXNz", "Bearer", "Bearer not-a-token", issued.token):
        with pytest.raises(Unauthenticated):
            auth.from_authorization_header(header)
    assert auth.from_authorization_header(None) is ANONYMOUS
    assert auth.from_authorization_header("  ") is ANONYMOUS


def test_expiry_takes_effect_at_once(accounts: AccountStore, clock: Clock) -> None:
    issued = accounts.issue_token("contractor", "editor", "acme", expires=START + timedelta(hours=1))
    auth = Authenticator(accounts)
    clock.now = START + timedelta(minutes=59, seconds=59)
    assert auth.from_authorization_header(f"Bearer {issued.token}").subject == "contractor"
    clock.now = START + timedelta(hours=1)
    with pytest.raises(Unauthenticated, match="expired at 2026-06-01T13:00:00Z"):
        auth.from_authorization_header(f"Bearer {issued.token}")
    assert accounts.token(issued.record.id).state(clock.now) == "expired"  # type: ignore[union-attr]


def test_revocation_takes_effect_at_once_across_processes(tmp_path: Path) -> None:
    """A service holding the file open refuses a token the moment another process (the CLI) revokes it."""
    path = tmp_path / "store.accounts.sqlite"
    service = AccountStore(path)
    service.create_org("acme", "Acme")
    issued = service.issue_token("alice", "admin", "acme")
    auth = Authenticator(service)
    assert auth.from_authorization_header(f"Bearer {issued.token}").allows("manage-org", "acme")
    script = (
        "import sys; from crosswalk.engine.accounts import AccountStore; "
        "s = AccountStore(sys.argv[1]); print(s.revoke_token(sys.argv[2]).revoked); s.close()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), issued.record.id],
        env={"PYTHONPATH": str(REPO / "server")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().startswith("20")
    with pytest.raises(Unauthenticated, match=f"API token {issued.record.id} was revoked"):
        auth.from_authorization_header(f"Bearer {issued.token}")
    with pytest.raises(AccountError, match="already revoked"):
        service.revoke_token(issued.record.id)
    with pytest.raises(AccountError, match="no token 'nope'"):
        service.revoke_token("nope")
    service.close()


WRITER = """
import sys
from crosswalk.engine.accounts import AccountStore
with AccountStore(sys.argv[1]) as store:
    for n in range(int(sys.argv[3])):
        store.issue_token(f"{sys.argv[2]}-{n}", "viewer", "acme")
"""


def test_several_processes_write_at_once(tmp_path: Path) -> None:
    """Writers in separate processes queue on the file's lock; none fails and none is lost."""
    path = tmp_path / "store.accounts.sqlite"
    with AccountStore(path) as store:
        store.create_org("acme", "Acme")
    env = {"PYTHONPATH": str(REPO / "server")}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"w{i}", "25"], env=env, stderr=subprocess.PIPE)
        for i in range(4)
    ]
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors.decode()
    with AccountStore(path) as store:
        subjects = {t.subject for t in store.tokens("acme")}
    assert subjects == {f"w{i}-{n}" for i in range(4) for n in range(25)}


def test_only_the_hash_of_the_secret_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "store.accounts.sqlite"
    with AccountStore(path) as store:
        store.create_org("acme", "Acme")
        issued = store.issue_token("alice", "viewer", "acme")
    secret = issued.token.split("_", 2)[2]
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())  # the database and any WAL beside it
    assert issued.record.id.encode() in raw  # the file is readable as bytes, so the check below can fail
    assert secret.encode() not in raw
    assert issued.token.encode() not in raw
    conn = sqlite3.connect(path)
    (stored,) = conn.execute("SELECT secret_sha256 FROM tokens").fetchone()
    conn.close()
    assert stored == hashlib.sha256(secret.encode()).hexdigest()


def test_grants_are_checked_at_issue(accounts: AccountStore) -> None:
    with pytest.raises(AccountError, match="no organization 'initech'"):
        accounts.issue_token("bob", "viewer", "initech")
    with pytest.raises(AccountError, match="site role"):
        accounts.issue_token("bob", "curator", "acme")
    with pytest.raises(AccountError, match="granted in an organization"):
        accounts.issue_token("bob", "editor", None)
    with pytest.raises(AccountError, match="unknown role 'owner'"):
        accounts.issue_token("bob", "owner", "acme")
    with pytest.raises(AccountError, match="needs a subject"):
        accounts.issue_token("  ", "viewer", "acme")
    with pytest.raises(AccountError, match="in the future"):
        accounts.issue_token("bob", "viewer", "acme", expires=START)


def test_token_list_filters_by_organization(accounts: AccountStore) -> None:
    a = accounts.issue_token("alice", "viewer", "acme").record.id
    g = accounts.issue_token("gina", "admin", "globex").record.id
    s = accounts.issue_token("root", "site-admin").record.id
    assert {t.id for t in accounts.tokens()} == {a, g, s}
    assert [t.id for t in accounts.tokens("globex")] == [g]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", START + timedelta(days=30)),
        ("12h", START + timedelta(hours=12)),
        ("2w", START + timedelta(weeks=2)),
        ("90m", START + timedelta(minutes=90)),
        ("2027-01-01", datetime(2027, 1, 1, tzinfo=UTC)),
        ("2026-07-01T08:30:00+02:00", datetime(2026, 7, 1, 6, 30, tzinfo=UTC)),
    ],
)
def test_expiry_is_read_as_people_write_it(text: str, expected: datetime) -> None:
    assert parse_expiry(text, START) == expected


@pytest.mark.parametrize("text", ["soon", "30", "-3d", "2026-05-01", "0d"])
def test_unreadable_or_past_expiry_is_refused(text: str) -> None:
    with pytest.raises(AccountError):
        parse_expiry(text, START)


# Who may do what, written out in full (not derived from the registry), so a change to a role shows up here.
ROLE_MATRIX: dict[str, set[str]] = {
    "viewer": {"read"},
    "editor": {"read", "write-evidence"},
    "admin": {"read", "write-evidence", "manage-org"},
    "curator": {"review-mappings", "publish-content"},
    "site-admin": {"create-org", "manage-org", "read", "publish-content"},
}


def test_organization_roles_are_ordered_each_allowing_more() -> None:
    assert ORG_ROLES == ("viewer", "editor", "admin")
    assert ROLE_MATRIX["viewer"] < ROLE_MATRIX["editor"] < ROLE_MATRIX["admin"]
    assert SITE_ROLES == ("curator", "site-admin")


def test_the_registry_lists_the_actions_the_matrix_covers() -> None:
    assert set(ACTIONS) == {"read", "write-evidence", "manage-org", "review-mappings", "create-org", "publish-content"}


@pytest.mark.parametrize("role", sorted(ROLE_MATRIX))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_role_matrix(accounts: AccountStore, role: str, action: str) -> None:
    org = "acme" if role in ("viewer", "editor", "admin") else None
    issued = accounts.issue_token(f"{role}-holder", role, org)
    principal = Authenticator(accounts).from_authorization_header(f"Bearer {issued.token}")
    expected = action in ROLE_MATRIX[role]
    assert principal.allows(action, "acme") is expected
    if expected:
        principal.require(action, "acme")
    else:
        with pytest.raises(Forbidden) as refused:
            principal.require(action, "acme")
        assert refused.value.code == "FORBIDDEN"
        assert role in refused.value.message or "no role" in refused.value.message
    # An organization role never reaches into another organization; site roles hold everywhere.
    assert principal.allows(action, "globex") is (expected and org is None)


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_anonymous_is_unauthenticated_for_every_action(action: str) -> None:
    assert not ANONYMOUS.allows(action, "acme")
    with pytest.raises(Unauthenticated, match=f"sign in or give an API token to {action}"):
        ANONYMOUS.require(action, "acme")


def test_organization_actions_need_an_organization_and_unknown_actions_raise() -> None:
    editor = Principal("alice", "token", org_roles={"acme": "editor"})
    assert not editor.allows("read")
    with pytest.raises(Forbidden, match="alice may not read"):
        editor.require("read")
    with pytest.raises(ValueError, match="unknown action 'delete'"):
        editor.allows("delete", "acme")


def test_forbidden_says_who_and_what(accounts: AccountStore) -> None:
    viewer = Principal("val", "token", org_roles={"acme": "viewer"})
    with pytest.raises(Forbidden, match=r"val may not write-evidence for organization 'acme' \(holds viewer of acme\)"):
        viewer.require("write-evidence", "acme")
    with pytest.raises(Forbidden, match=r"no role in globex"):
        viewer.require("read", "globex")


def test_who_may_grant_which_role() -> None:
    acme_admin = Principal("ada", "token", org_roles={"acme": "admin"})
    acme_editor = Principal("ed", "token", org_roles={"acme": "editor"})
    site_admin = Principal("root", "token", site_admin=True)
    for role in ("viewer", "editor", "admin"):
        require_grant(acme_admin, role, "acme")
        require_grant(site_admin, role, "globex")
        with pytest.raises(Forbidden, match="ada may not manage-org for organization 'globex'"):
            require_grant(acme_admin, role, "globex")
        with pytest.raises(Forbidden, match="ed may not manage-org"):
            require_grant(acme_editor, role, "acme")
        with pytest.raises(Unauthenticated):
            require_grant(ANONYMOUS, role, "acme")
    for role in ("curator", "site-admin"):
        require_grant(site_admin, role, None)
        with pytest.raises(Forbidden, match=f"ada may not grant {role}: only a site administrator can"):
            require_grant(acme_admin, role, None)
        with pytest.raises(Unauthenticated):
            require_grant(ANONYMOUS, role, None)
    with pytest.raises(ValueError, match="unknown role 'owner'"):
        require_grant(site_admin, "owner", "acme")
