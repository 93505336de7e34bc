"""The shared argument validators: each refusal is an InvalidInputError naming the argument."""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
import warnings

import pytest

from coupang_async import InvalidInputError
from coupang_async._validate import (
    MAX_ID,
    check_aware_datetime,
    check_choice,
    check_choices,
    check_date,
    check_enum,
    check_extended_timeout,
    check_int_range,
    check_max_pages,
    check_page_size,
    check_positive_id,
    check_price,
    check_text,
    check_token,
    check_version,
    deprecated_alias,
)


class Color(enum.StrEnum):
    RED = "RED"
    BLUE = "BLUE"


def _field_of(call: object) -> str:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    return info.value.field


def test_positive_ids_are_int64() -> None:
    """1..2**63-1 pass; 0, negatives, 2**63, bools, strings and floats are refused by name."""
    assert check_positive_id("x", 1) == 1
    assert check_positive_id("x", MAX_ID) == MAX_ID
    for bad in (0, -1, MAX_ID + 1, True, "1", 1.0, None):
        assert _field_of(lambda bad=bad: check_positive_id("order_id", bad)) == "order_id"


def test_ranges_page_sizes_and_caps() -> None:
    """Ranges are inclusive; max_pages None means all; both refuse bools."""
    assert check_int_range("n", 5, 5, 5) == 5
    assert check_page_size(50, 50) == 50
    assert _field_of(lambda: check_page_size(51, 50)) == "max_per_page"
    assert _field_of(lambda: check_page_size(True, 50)) == "max_per_page"
    assert check_max_pages(None) is None
    assert check_max_pages(3) == 3
    for bad in (0, True, "2", 1.5):
        assert _field_of(lambda bad=bad: check_max_pages(bad)) == "max_pages"


def test_enums_and_literals() -> None:
    """An enum member or its value gives the wire code; a Literal's strings work the same."""
    assert check_enum("color", "RED", Color) is Color.RED
    assert check_choice("color", Color.BLUE, Color) == "BLUE"
    assert check_choice("mode", "AND", {"AND", "OR"}) == "AND"
    assert check_choices("kinds", ["A", "B", "A"], {"A", "B"}) == ["A", "B"]
    with pytest.raises(InvalidInputError, match="RED, BLUE"):
        check_choice("color", "GREEN", Color)
    assert _field_of(lambda: check_choice("mode", "and", {"AND", "OR"})) == "mode"
    assert _field_of(lambda: check_choices("kinds", [], {"A"})) == "kinds"
    assert check_version(4, (4, 5)) == 4
    assert _field_of(lambda: check_version(True, (1, 2))) == "version"


def test_dates() -> None:
    """Aware datetimes only; a date filter refuses datetimes and strings."""
    aware = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
    assert check_aware_datetime("at", aware) is aware
    with pytest.raises(InvalidInputError, match="naive"):
        check_aware_datetime("at", dt.datetime(2025, 7, 1))
    assert check_date("day", dt.date(2025, 7, 1)) == dt.date(2025, 7, 1)
    assert _field_of(lambda: check_date("day", aware)) == "day"
    assert _field_of(lambda: check_date("day", "2025-07-01")) == "day"


def test_tokens_and_timeouts() -> None:
    """Tokens are stripped text ("" is the start); timeouts are positive finite seconds."""
    assert check_token("  abc ") == "abc"
    assert check_token("") is None
    assert check_token(7) == "7"
    assert _field_of(lambda: check_token(b"x")) == "next_token"
    assert check_extended_timeout(None) is None
    assert check_extended_timeout(2) == 2.0
    for bad in (0, -1, float("inf"), float("nan"), "60", True):
        assert _field_of(lambda bad=bad: check_extended_timeout(bad)) == "extended_timeout"


def test_text_lengths_count_the_nfc_form() -> None:
    """Korean typed decomposed (jamo) counts as its composed syllables; blanks, lone surrogates
    and over-long text are refused."""
    decomposed = unicodedata.normalize("NFD", "한글")
    assert len(decomposed) == 6
    assert check_text("reply", decomposed, max_length=2) == decomposed  # returned unchanged
    with pytest.raises(InvalidInputError, match="at most 1 characters, got 2"):
        check_text("reply", decomposed, max_length=1)
    with pytest.raises(InvalidInputError, match="at least 2"):
        check_text("reply", "a", min_length=2)
    assert _field_of(lambda: check_text("reply", "   ")) == "reply"
    assert _field_of(lambda: check_text("reply", "a\ud800b")) == "reply"
    assert _field_of(lambda: check_text("reply", 5)) == "reply"


def test_prices() -> None:
    """Positive multiples of 10 won (0 allowed for original prices)."""
    assert check_price(1000) == 1000
    assert check_price(0, allow_zero=True) == 0
    for bad in (0, 5, -10, 10.0, True):
        assert _field_of(lambda bad=bad: check_price(bad)) == "price"


def test_deprecated_alias() -> None:
    """The old spelling warns and wins; giving both is refused; absent, nothing warns."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert deprecated_alias("page_size", None, "max_per_page", 7, 50) == 7
    with pytest.warns(DeprecationWarning, match="use max_per_page="):
        assert deprecated_alias("page_size", 3, "max_per_page", 50, 50, stacklevel=2) == 3
    with (
        pytest.warns(DeprecationWarning, match="page_size"),
        pytest.raises(InvalidInputError, match="not both"),
    ):
        deprecated_alias("page_size", 3, "max_per_page", 7, 50, stacklevel=2)
