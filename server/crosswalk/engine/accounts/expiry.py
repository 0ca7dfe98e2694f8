"""Reading a token's expiry as people write it: a lifetime ("30d", "12h", "2w") or a date or instant ("2027-01-01")."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from crosswalk.engine.accounts.errors import AccountError

UNITS: dict[str, timedelta] = {
    "m": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
}
LIFETIME = re.compile(r"^(\d+)([mhdw])$")


def parse_expiry(text: str, now: datetime) -> datetime:
    """The instant a token stops working. A bare date means the start of that day in UTC.

    An instant that is not in the future is refused: a token that never works is always a mistake.
    """
    value = text.strip().lower()
    match = LIFETIME.match(value)
    if match:
        moment = now + int(match.group(1)) * UNITS[match.group(2)]
    else:
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            raise AccountError(
                f"cannot read expiry {text!r}: give a lifetime such as 30d, 12h, 2w, 90m or a date such as 2027-01-01"
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC).replace(microsecond=0)
    if moment <= now:
        raise AccountError(f"expiry {text!r} ({moment.isoformat()}) is not in the future")
    return moment
