"""Timestamps: kept as text on the models, parsed and formatted on demand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Final

from coupang_async._converter._missing import MISSING, Missing

#: Korea Standard Time (no daylight saving): the zone of Coupang's zone-less timestamps.
KST: Final = timezone(timedelta(hours=9), "KST")


def parse_timestamp(
    value: str | int | float | Missing | None, *, assume_tz: timezone = KST
) -> datetime | None:
    """Parse any of Coupang's timestamp spellings into an aware `datetime`.

    Handles ``2017-11-30T16:23:12``, ``2017-10-25 00:10:33``, ``2025-01-15T14:17:13.973885-08:00``,
    ``2019/06/24``, ``2017-10-16`` (midnight) and epoch milliseconds (``1531379440000``).
    Zone-less values are taken to be in ``assume_tz`` (KST: product times carry no zone and
    Coupang runs on Korean time). ``None``, ``MISSING`` and ``""`` give ``None``.

    Raises:
        ValueError: the text is not a timestamp.
    """
    if value is None or value is MISSING:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    if not isinstance(value, str):
        raise TypeError(f"expected a timestamp string, got {type(value).__name__}")
    text = value.strip()
    if not text:
        return None
    if len(text) >= 10 and text[4] == "/" and text[7] == "/":
        text = text[:10].replace("/", "-") + text[10:]
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=assume_tz)


def format_timestamp(value: datetime, *, tz: timezone = KST) -> str:
    """Format a `datetime` the way product fields want it: ``yyyy-MM-ddTHH:mm:ss`` in KST.

    A naive `datetime` is taken to be in ``tz`` already; an aware one is converted.
    """
    if value.tzinfo is not None:
        value = value.astimezone(tz)
    return value.strftime("%Y-%m-%dT%H:%M:%S")
