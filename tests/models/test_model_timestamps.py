"""Timestamps stay wire text on the models and are parsed on demand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from coupang_async.models import (
    KST,
    MISSING,
    Product,
    converter,
    format_timestamp,
    parse_timestamp,
)

SEOUL = timezone(timedelta(hours=9))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-11-30T16:23:12", datetime(2017, 11, 30, 16, 23, 12, tzinfo=SEOUL)),
        ("2017-10-25 00:10:33", datetime(2017, 10, 25, 0, 10, 33, tzinfo=SEOUL)),
        (
            "2025-01-15T14:17:13.973885-08:00",
            datetime(2025, 1, 15, 14, 17, 13, 973885, tzinfo=timezone(timedelta(hours=-8))),
        ),
        ("2025-07-15T00:01+09:00", datetime(2025, 7, 15, 0, 1, tzinfo=SEOUL)),
        ("2019/06/24", datetime(2019, 6, 24, tzinfo=SEOUL)),
        ("2017-10-16", datetime(2017, 10, 16, tzinfo=SEOUL)),
        (1531379440000, datetime(2018, 7, 12, 7, 10, 40, tzinfo=UTC)),
    ],
)
def test_parse_timestamp_formats(text: str | int, expected: datetime) -> None:
    """Every wire spelling parses to the same instant; zone-less values are KST."""
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed is not None
    assert parsed.tzinfo is not None


@pytest.mark.parametrize("empty", [None, MISSING, "", "  "])
def test_parse_timestamp_empty(empty: str | None) -> None:
    """Null, absent and empty timestamps parse to None."""
    assert parse_timestamp(empty) is None


def test_parse_timestamp_rejects_garbage() -> None:
    """Text that is no timestamp raises ValueError."""
    with pytest.raises(ValueError, match="Invalid isoformat"):
        parse_timestamp("yesterday")


def test_parse_timestamp_assume_tz() -> None:
    """Zone-less values can be read in another zone."""
    assert parse_timestamp("2017-11-30T16:23:12", assume_tz=UTC) == datetime(
        2017, 11, 30, 16, 23, 12, tzinfo=UTC
    )


def test_format_timestamp() -> None:
    """Formatting gives the product field format in KST; naive values are taken as KST."""
    assert format_timestamp(datetime(2024, 1, 1, 15, 0, tzinfo=UTC)) == "2024-01-02T00:00:00"
    assert format_timestamp(datetime(2024, 1, 1, 15, 0)) == "2024-01-01T15:00:00"
    assert KST.utcoffset(None) == timedelta(hours=9)


def test_product_timestamps_keep_their_text() -> None:
    """Timestamps on models are the wire text; a parsed-and-formatted value is the same text."""
    product = converter.structure({"saleStartedAt": "2017-11-30T16:23:12", "items": []}, Product)
    assert product.sale_started_at == "2017-11-30T16:23:12"
    parsed = parse_timestamp(product.sale_started_at)
    assert parsed is not None
    product.sale_ended_at = format_timestamp(parsed + timedelta(days=30))
    assert converter.unstructure(product) == {
        "saleStartedAt": "2017-11-30T16:23:12",
        "items": [],
        "saleEndedAt": "2017-12-30T16:23:12",
    }
