"""`crosswalk org` and `crosswalk token`: the accounts file beside --store, driven as an operator would."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from crosswalk.engine.accounts import AccountStore, Authenticator, Unauthenticated, default_accounts_path
from crosswalk.engine.accounts.times import utc_now
from crosswalk.surfaces.cli.accounts import org_group, token_group
from crosswalk.surfaces.cli.main import main
from tests.conftest import REPO


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "data" / "store"


def run(store: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--store", str(store)])


def issue(store: Path, *args: str) -> str:
    result = run(store, "token", "issue", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_org_create_and_list(store: Path) -> None:
    created = run(store, "org", "create", "acme", "--name", "Acme Corp")
    assert created.exit_code == 0, created.stderr
    assert f"created organization acme (Acme Corp) in {default_accounts_path(store)}" in created.stderr
    assert default_accounts_path(store).is_file()
    run(store, "org", "create", "globex", "--name", "Globex")
    listed = run(store, "org", "list", "--json")
    assert [(o["id"], o["name"]) for o in json.loads(listed.stdout)] == [("acme", "Acme Corp"), ("globex", "Globex")]
    table = run(store, "org", "list")
    assert "2 organizations" in table.stdout and "Acme Corp" in table.stdout


def test_creating_an_organization_twice_or_with_a_bad_id_fails_clearly(store: Path) -> None:
    run(store, "org", "create", "acme", "--name", "Acme Corp")
    again = run(store, "org", "create", "acme", "--name", "Acme Again")
    assert again.exit_code == 1
    assert again.stderr == "error: organization 'acme' already exists (named 'Acme Corp')\n"
    bad = run(store, "org", "create", "Acme_Corp", "--name", "x")
    assert bad.exit_code == 1 and "organization id 'Acme_Corp' is not valid" in bad.stderr


def test_reading_commands_do_not_create_an_accounts_file(store: Path) -> None:
    for args in (("org", "list"), ("token", "list"), ("token", "revoke", "abc")):
        result = run(store, *args)
        assert result.exit_code == 1
        assert f"no accounts at {default_accounts_path(store)}" in result.stderr
    assert not default_accounts_path(store).exists()


def test_issued_token_is_printed_once_and_authenticates(store: Path) -> None:
    run(store, "org", "create", "acme", "--name", "Acme Corp")
    result = run(store, "token", "issue", "--org", "acme", "--role", "editor", "--subject", "alice@acme.test")
    assert result.exit_code == 0, result.stderr
    token = result.stdout.strip()
    assert result.stdout == token + "\n"  # stdout holds the token alone, for scripts
    assert token.startswith("cw_")
    assert "shown only now and cannot be shown again" in result.stderr
    assert "editor of acme, expires never" in result.stderr
    with AccountStore(default_accounts_path(store)) as accounts:
        principal = Authenticator(accounts).from_authorization_header(f"Bearer {token}")
    assert (principal.subject, dict(principal.org_roles)) == ("alice@acme.test", {"acme": "editor"})


def test_site_roles_are_issued_without_an_organization(store: Path) -> None:
    admin = issue(store, "--site-admin", "--subject", "root")  # the first entry of a new accounts file
    curator = issue(store, "--curator", "--subject", "cora")
    with AccountStore(default_accounts_path(store)) as accounts:
        auth = Authenticator(accounts)
        assert auth.from_authorization_header(f"Bearer {admin}").allows("create-org")
        cora = auth.from_authorization_header(f"Bearer {curator}")
    assert cora.allows("review-mappings") and not cora.allows("create-org")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--subject", "x"), "give exactly one of --org with --role, --site-admin or --curator"),
        (("--subject", "x", "--site-admin", "--curator"), "give exactly one of"),
        (("--subject", "x", "--site-admin", "--org", "acme"), "give exactly one of"),
        (("--subject", "x", "--org", "acme"), "--org and --role go together"),
        (("--subject", "x", "--org", "initech", "--role", "viewer"), "no organization 'initech'; create it first"),
        (("--subject", "x", "--org", "acme", "--role", "viewer", "--expires", "someday"), "cannot read expiry"),
        (("--subject", "x", "--org", "acme", "--role", "viewer", "--expires", "2020-01-01"), "not in the future"),
    ],
)
def test_token_issue_refuses_unclear_grants(store: Path, args: tuple[str, ...], message: str) -> None:
    run(store, "org", "create", "acme", "--name", "Acme Corp")
    result = run(store, "token", "issue", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_token_issue_rejects_unknown_roles(store: Path) -> None:
    result = run(store, "token", "issue", "--org", "acme", "--role", "owner", "--subject", "x")
    assert result.exit_code == 2 and "'owner' is not one of 'viewer', 'editor', 'admin'" in result.stderr


def test_expiry_option_sets_the_expiry(store: Path) -> None:
    run(store, "org", "create", "acme", "--name", "Acme Corp")
    before = utc_now()
    issue(store, "--org", "acme", "--role", "viewer", "--subject", "temp", "--expires", "30d")
    issue(store, "--org", "acme", "--role", "viewer", "--subject", "dated", "--expires", "2099-01-01")
    rows = {row["subject"]: row for row in json.loads(run(store, "token", "list", "--json").stdout)}
    assert rows["dated"]["expires"] == "2099-01-01T00:00:00Z"
    with AccountStore(default_accounts_path(store)) as accounts:
        temp = next(t for t in accounts.tokens() if t.subject == "temp")
    assert temp.expires is not None
    assert before + timedelta(days=30) <= temp.expires <= utc_now() + timedelta(days=30)


def test_token_list_and_revoke(store: Path) -> None:
    run(store, "org", "create", "acme", "--name", "Acme Corp")
    run(store, "org", "create", "globex", "--name", "Globex")
    alice = issue(store, "--org", "acme", "--role", "admin", "--subject", "alice@acme.test")
    gina = issue(store, "--org", "globex", "--role", "viewer", "--subject", "gina@globex.test")
    alice_id = alice.split("_")[1]
    listed = run(store, "token", "list", "--org", "acme", "--json")
    assert [(r["id"], r["subject"], r["org"], r["role"], r["state"]) for r in json.loads(listed.stdout)] == [
        (alice_id, "alice@acme.test", "acme", "admin", "active")
    ]
    revoked = run(store, "token", "revoke", alice_id)
    assert revoked.exit_code == 0, revoked.stderr
    assert revoked.stderr.strip() == f"revoked token {alice_id} (alice@acme.test, admin of acme)"
    table = run(store, "token", "list")
    assert "2 tokens" in table.stdout and "revoked" in table.stdout and "active" in table.stdout
    assert run(store, "token", "revoke", alice_id).stderr.startswith(f"error: token {alice_id} was already revoked")
    assert run(store, "token", "list", "--org", "initech").stderr == "error: no organization 'initech'\n"
    with AccountStore(default_accounts_path(store)) as accounts:
        auth = Authenticator(accounts)
        with pytest.raises(Unauthenticated, match="was revoked"):
            auth.from_authorization_header(f"Bearer {alice}")
        assert auth.from_authorization_header(f"Bearer {gina}").allows("read", "globex")
    conn = sqlite3.connect(default_accounts_path(store))
    (stored,) = conn.execute("SELECT secret_sha256 FROM tokens WHERE id = ?", (alice_id,)).fetchone()
    conn.close()
    for output in (listed.stdout, table.stdout, run(store, "token", "list", "--json").stdout):
        assert alice.split("_", 2)[2] not in output and gina.split("_", 2)[2] not in output
        assert stored not in output


def test_every_command_and_option_has_help() -> None:
    groups: list[click.Group] = [org_group, token_group]
    for group in groups:
        assert group.help
        for command in group.commands.values():
            assert command.help, f"{group.name} {command.name}"
            for param in command.params:
                if isinstance(param, click.Option):
                    assert param.help, f"{group.name} {command.name} {param.name}"
    result = CliRunner().invoke(main, ["--help"])
    assert "org " in result.stdout and "token " in result.stdout


def test_real_process_round_trip(store: Path) -> None:
    """The commands as a shell runs them: a separate process per command, sharing the accounts file."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "server")}

    def crosswalk(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "crosswalk.surfaces.cli.main", *args, "--store", str(store)]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    assert crosswalk("org", "create", "acme", "--name", "Acme Corp").returncode == 0
    issued = crosswalk("token", "issue", "--org", "acme", "--role", "viewer", "--subject", "ops", "--expires", "12h")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    token_id = token.split("_")[1]
    with AccountStore(default_accounts_path(store)) as accounts:  # held open, as a running service would
        auth = Authenticator(accounts)
        assert auth.from_authorization_header(f"Bearer {token}").allows("read", "acme")
        revoked = crosswalk("token", "revoke", token_id)
        assert revoked.returncode == 0, revoked.stderr
        with pytest.raises(Unauthenticated, match="was revoked"):
            auth.from_authorization_header(f"Bearer {token}")
