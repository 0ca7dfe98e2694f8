"""Writes sent to a running service, the store's single writer: `--server URL --token TOKEN` on every command that
writes (or CROSSWALK_SERVER and CROSSWALK_TOKEN). The service validates and writes exactly as the command would
locally and answers with the same report or the same errors, which the command prints as it would its own."""

from __future__ import annotations

import io
import json
import tarfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from crosswalk.content.resources import ContentRoot

F = TypeVar("F", bound=Callable[..., Any])
CONTENT_FOLDERS = ("ontology", "mappings", "queries")


def server_options(command: F) -> F:
    """--server and --token: send the write to a running service instead of opening the store."""
    command = click.option(
        "--token",
        envvar="CROSSWALK_TOKEN",
        default=None,
        help="API token for --server (default: $CROSSWALK_TOKEN).",
    )(command)
    return click.option(
        "--server",
        envvar="CROSSWALK_SERVER",
        default=None,
        metavar="URL",
        help="A running crosswalk service to send this write to (default: $CROSSWALK_SERVER); it holds the store.",
    )(command)


class RemoteError(RuntimeError):
    """The service refused or failed the write; the message is the service's own (the same text as a local run)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ServiceClient:
    url: str
    token: str | None
    timeout: float = 3600.0

    def post(
        self,
        path: str,
        body: bytes,
        params: Sequence[tuple[str, str]] = (),
        content_type: str = "application/octet-stream",
    ) -> dict[str, Any]:
        query = f"?{urllib.parse.urlencode(list(params))}" if params else ""
        request = urllib.request.Request(
            self.url.rstrip("/") + path + query,
            data=body,
            method="POST",
            headers={"content-type": content_type, "accept": "application/json"},
        )
        if self.token:
            request.add_header("authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer: dict[str, Any] = json.loads(response.read() or b"{}")
                return answer
        except urllib.error.HTTPError as error:
            raise RemoteError(_message(error.read(), error.code), error.code) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise RemoteError(f"cannot reach the service at {self.url}: {reason}") from None


def _message(body: bytes, status: int) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return f"the service answered {status}: {body.decode('utf-8', 'replace')[:500]}"
    if isinstance(data, dict):
        return str(data.get("error") or data.get("detail") or data)
    return str(data)


def client(server: str | None, token: str | None) -> ServiceClient | None:
    if not server:
        return None
    if not server.startswith(("http://", "https://")):
        raise click.UsageError(f"--server takes an http:// or https:// URL, not {server!r}")
    return ServiceClient(server, token)


def content_archive(root: ContentRoot) -> bytes:
    """The content root's ontology/, mappings/ and queries/ as a gzipped tar, for `load --server`."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for folder in CONTENT_FOLDERS:
            archive.add(root.path / folder, arcname=folder)
    return buffer.getvalue()
