"""Instants as the accounts file stores them: UTC, second precision, ISO 8601 text that sorts as it reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(FORMAT)


def from_text(text: str) -> datetime:
    return datetime.strptime(text, FORMAT).replace(tzinfo=UTC)


def optional_text(moment: datetime | None) -> str | None:
    return None if moment is None else to_text(moment)


def optional_moment(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)
