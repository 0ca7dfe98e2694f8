"""The SPARQL servers the tests run against, started here on free loopback ports and stopped at session end:
Oxigraph server (the ``oxigraph`` package's command) and OpenLink Virtuoso (Debian's ``virtuoso-opensource``,
installed by ``make virtuoso``). Each fixture yields the ``--store`` location of its server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

VIRTUOSO = shutil.which("virtuoso-t")
VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")
VIRTUOSO_PASSWORD = "dba"  # a new Virtuoso database's administrator; the database lives in a temporary folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server did not answer {url} in {seconds:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def oxigraph_command() -> str:
    found = Path(sys.executable).with_name("oxigraph")
    return str(found) if found.exists() else (shutil.which("oxigraph") or "oxigraph")


def start_oxigraph(folder: Path, timeout_s: int = 20) -> tuple[str, subprocess.Popen[bytes]]:
    """An Oxigraph server over ``folder`` on a free loopback port: (its location, its process)."""
    port = free_port()
    log = folder.with_suffix(".log")
    command = [oxigraph_command(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
               "--timeout-s", str(timeout_s)]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    location = f"http://127.0.0.1:{port}"
    _wait(location + "/query", process, 30, log)
    return location, process


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    location, process = start_oxigraph(tmp_path_factory.mktemp("oxigraph-server") / "data")
    try:
        yield location
    finally:
        _stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 40000
MaxDirtyBuffers = 30000
ServerThreads = 8
DirsAllowed = ., {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 0
"""


def virtuoso_location(port: int) -> str:
    return (f"sparql+http://127.0.0.1:{port}/sparql?update=/sparql-auth&gsp=/sparql-graph-crud-auth"
            "&dialect=virtuoso&user=dba")  # fmt: skip


def start_virtuoso(folder: Path, timeout_s: int = 20) -> tuple[str, subprocess.Popen[bytes]]:
    """A Virtuoso server with a new database in ``folder``: (its location, its process). The location's password
    is read from CROSSWALK_STORE_PASSWORD (set here to the new database's)."""
    if VIRTUOSO is None:
        pytest.fail("Virtuoso is not installed: run `make virtuoso` (Debian's virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=free_port(), http_port=http_port, vsp=VIRTUOSO_VSP,
                                       timeout=timeout_s))  # fmt: skip
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([VIRTUOSO, "-f", "-c", str(ini)], stdout=out, stderr=subprocess.STDOUT, cwd=folder)
    _wait(f"http://127.0.0.1:{http_port}/sparql", process, 90, log)
    os.environ["CROSSWALK_STORE_PASSWORD"] = VIRTUOSO_PASSWORD
    return virtuoso_location(http_port), process


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    location, process = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield location
    finally:
        _stop(process)
