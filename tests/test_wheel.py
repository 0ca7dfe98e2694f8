"""A wheel built from the repository works outside the checkout: ontology, mappings and queries travel inside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("crosswalk-*.whl")
    return built


def test_wheel_carries_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "crosswalk/_data/ontology/crosswalk.ttl",
        "crosswalk/_data/ontology/shapes.ttl",
        "crosswalk/_data/ontology/catalogs/ai-rmf-1.0.ttl",
        "crosswalk/_data/mappings/ai-600-1-to-ai-rmf.sssom.tsv",
        "crosswalk/_data/queries/subcategories-without-600-1-actions.rq",
        "crosswalk/_data/queries/api/elements.rq",
        "crosswalk/surfaces/http/static/yasgui/yasgui.min.js",
        "crosswalk/surfaces/http/static/yasgui/yasgui.min.css",
        "crosswalk/surfaces/http/static/yasgui/LICENSE",
        "crosswalk/surfaces/http/static/sparql-editor.js",
        "crosswalk/surfaces/web/templates/base.html",
        "crosswalk/surfaces/web/static/app.css",
        "crosswalk/surfaces/web/static/matrix.js",
    ):
        assert expected in names


def test_installed_wheel_loads_and_queries_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("CROSSWALK_DATA", None)

    def crosswalk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "crosswalk.surfaces.cli.main", *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import crosswalk.content.resources as r; print(r.data_root())"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(target)
    loaded = crosswalk("load", "--store", "store")
    assert loaded.returncode == 0, loaded.stderr
    answer = crosswalk("query", "framework-versions", "--store", "store", "--format", "json")
    assert answer.returncode == 0, answer.stderr
    versions = {row["version"] for row in json.loads(answer.stdout)}
    assert {"ai-rmf/1.0", "ai-600-1/2024-07", "sp-800-218a/2024-07", "ai-800-1/ipd", "ai-800-1/2pd"} <= versions
    editor = subprocess.run(
        [
            sys.executable, "-c",
            "from fastapi.testclient import TestClient; from fastapi import FastAPI; "
            "from crosswalk.surfaces.http.sparql_editor import ASSETS, build_editor_router, static_files; "
            "app = FastAPI(); app.include_router(build_editor_router()); app.mount(ASSETS, static_files()); "
            "c = TestClient(app); print(c.get('/sparql-editor').status_code, "
            "c.get(ASSETS + '/yasgui/yasgui.min.js').status_code)",
        ],
        cwd=work, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert editor.stdout.split() == ["200", "200"], editor.stderr  # the editor's assets travel in the wheel
