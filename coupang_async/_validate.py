"""Argument checks shared by every endpoint, bulk, export and the CLI: fail before sending.

Every check raises `InvalidInputError(field, message, value=...)` naming the argument; messages
describe the rejected value by type and a short repr, so a log line says what was passed without
dumping it whole. Checks return the value in the form the wire wants (an enum's code, a token
without blanks, ...), so an endpoint reads ``code = check_choice("status", status, OrderStatus)``.

One spelling per concept, across modules: ``max_per_page`` (page size), ``max_pages`` (walk cap),
``next_token`` (resume token), ``version`` (API version), ``created_at_from`` / ``created_at_to``
(date windows).
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import unicodedata
import warnings
from collections.abc import Collection, Iterable, Mapping
from typing import Final, TypeGuard, TypeVar

from coupang_async._errors import InvalidInputError

__all__ = [
    "MAX_ID",
    "MAX_QUANTITY",
    "check_aware_datetime",
    "check_bool",
    "check_choice",
    "check_choices",
    "check_date",
    "check_enum",
    "check_extended_timeout",
    "check_int_range",
    "check_max_pages",
    "check_on_sale",
    "check_page_size",
    "check_positive_id",
    "check_price",
    "check_quantity",
    "check_text",
    "check_token",
    "check_vendor_item_id",
    "check_version",
    "deprecated_alias",
    "describe",
    "is_int",
]

E = TypeVar("E", bound=enum.Enum)

#: The largest id the gateway stores (a signed 64-bit integer).
MAX_ID: Final = 2**63 - 1
#: The largest stock level accepted (the seller UI and API refuse more).
MAX_QUANTITY: Final = 99_999


def describe(value: object) -> str:
    """A short `type repr` of a rejected value for error messages."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def is_int(value: object) -> TypeGuard[int]:
    """True for ints, never for bools (which are ints to Python, not to Coupang)."""
    return isinstance(value, int) and not isinstance(value, bool)


# -- numbers --------------------------------------------------------------------------------------


def check_positive_id(field: str, value: object) -> int:
    """`value` if it is an int id in 1..2**63-1 (never a bool, a string or a float)."""
    if not is_int(value):
        raise InvalidInputError(field, f"must be an int, not {describe(value)}", value=value)
    if value <= 0:
        raise InvalidInputError(field, f"must be a positive id, got {value}", value=value)
    if value > MAX_ID:
        raise InvalidInputError(
            field, f"must be at most {MAX_ID} (a 64-bit id), got {value}", value=value
        )
    return value


def check_int_range(field: str, value: object, low: int, high: int) -> int:
    """`value` if it is an int in `low..high` (both included)."""
    if not is_int(value):
        raise InvalidInputError(field, f"must be an int, not {describe(value)}", value=value)
    if not low <= value <= high:
        raise InvalidInputError(
            field, f"must be between {low} and {high}, got {value}", value=value
        )
    return value


def check_bool(field: str, value: object) -> bool:
    """`value` if it is True or False (never 0/1 or a string)."""
    if not isinstance(value, bool):
        raise InvalidInputError(field, f"must be True or False, not {describe(value)}", value=value)
    return value


# -- choices --------------------------------------------------------------------------------------


def check_enum(field: str, value: object, enum_type: type[E]) -> E:
    """`value` as a member of `enum_type` (a member, or its value as given on the wire)."""
    if isinstance(value, enum_type):
        return value
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            return enum_type(value)
        except ValueError:
            pass
    allowed = ", ".join(str(member.value) for member in enum_type)
    raise InvalidInputError(field, f"must be one of {allowed}, not {describe(value)}", value=value)


def check_choice(field: str, value: object, allowed: type[enum.Enum] | Collection[str]) -> str:
    """`value` as the wire string: a member (or value) of an enum, or one of a set of strings
    (a `Literal`'s values)."""
    if isinstance(allowed, type):
        return str(check_enum(field, value, allowed).value)
    if isinstance(value, str) and value in allowed:
        return value
    choices = ", ".join(sorted(allowed))
    raise InvalidInputError(field, f"must be one of {choices}, not {describe(value)}", value=value)


def check_choices(field: str, value: object, allowed: Collection[str]) -> list[str]:
    """One allowed string or an iterable of them, as a list without repeats (repeated query
    keys)."""
    values: list[object]
    if isinstance(value, str):
        values = [value]
    elif isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        values = list(value)
    else:
        values = [value]
    choices = ", ".join(sorted(allowed))
    if not values:
        raise InvalidInputError(
            field, f"must name at least one of {choices} (or be None)", value=value
        )
    checked: list[str] = []
    for item in values:
        if not isinstance(item, str) or item not in allowed:
            raise InvalidInputError(field, f"must be among {choices}, got {item!r}", value=value)
        if item not in checked:
            checked.append(item)
    return checked


def check_version(value: object, allowed: Collection[int], field: str = "version") -> int:
    """`value` if it is one of the API versions an operation offers."""
    if is_int(value) and value in allowed:
        return value
    choices = " or ".join(str(v) for v in sorted(allowed))
    raise InvalidInputError(field, f"must be {choices}, not {describe(value)}", value=value)


# -- dates ----------------------------------------------------------------------------------------


def check_aware_datetime(field: str, value: object) -> dt.datetime:
    """`value` if it is a timezone-aware `datetime.datetime` (a naive one is hours off Coupang's
    Korean clock on most servers)."""
    if not isinstance(value, dt.datetime):
        raise InvalidInputError(
            field, f"must be a datetime.datetime, not {describe(value)}", value=value
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInputError(
            field,
            "is a naive datetime; it must be timezone-aware (Coupang's times are Korean time:"
            " datetime(..., tzinfo=coupang_async.models.KST)); for whole days pass a"
            " datetime.date where the argument takes one",
            value=value,
        )
    return value


def check_date(field: str, value: object) -> dt.date:
    """`value` if it is a `datetime.date` (not a datetime, not a string)."""
    if isinstance(value, dt.datetime):
        raise InvalidInputError(
            field,
            "must be a datetime.date: the filter selects a whole day, so pass the day, e.g. "
            "value.astimezone(coupang_async.models.KST).date() for an aware datetime",
            value=value,
        )
    if not isinstance(value, dt.date):
        raise InvalidInputError(
            field,
            f"must be a datetime.date (e.g. datetime.date(2024, 6, 27)), not {describe(value)}",
            value=value,
        )
    return value


# -- paging ---------------------------------------------------------------------------------------


def check_page_size(value: object, maximum: int, field: str = "max_per_page") -> int:
    """`value` if it is an int page size in `1..maximum`."""
    return check_int_range(field, value, 1, maximum)


def check_max_pages(value: object, field: str = "max_pages") -> int | None:
    """`value` if it is None (walk everything) or a positive int."""
    if value is None:
        return None
    if not is_int(value) or value < 1:
        raise InvalidInputError(
            field, f"must be a positive int or None, not {describe(value)}", value=value
        )
    return value


def check_token(value: object, field: str = "next_token") -> str | None:
    """A resume token (a `Page.next_token`) without surrounding blanks; None/"" for the start.

    Ints are accepted as their text (some gateways hand out numeric tokens).
    """
    if value is None:
        return None
    if is_int(value):
        return str(value)
    if not isinstance(value, str):
        raise InvalidInputError(
            field,
            f"must be a token string from a previous page (or None), not {describe(value)}",
            value=value,
        )
    return value.strip() or None


def check_extended_timeout(value: object, field: str = "extended_timeout") -> float | None:
    """`value` if it is None or a positive finite number of seconds."""
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise InvalidInputError(
            field, f"must be seconds or None, not {describe(value)}", value=value
        )
    if value <= 0:
        raise InvalidInputError(field, f"must be positive (or None), got {value}", value=value)
    return float(value)


def deprecated_alias(
    old_name: str,
    old_value: object,
    new_name: str,
    new_value: object,
    default: object,
    *,
    stacklevel: int = 4,
) -> object:
    """Read a renamed keyword argument: the old spelling still works, with a DeprecationWarning.

    Returns the value to use. Giving both spellings (the new one not at its default) is an error.
    `stacklevel` points the warning at the user's call (4: user → endpoint → helper → here).
    """
    if old_value is None:
        return new_value
    warnings.warn(
        f"{old_name}= is deprecated; use {new_name}=", DeprecationWarning, stacklevel=stacklevel
    )
    if new_value != default:
        raise InvalidInputError(
            old_name, f"give {new_name} or {old_name} (deprecated), not both", value=old_value
        )
    return old_value


# -- text -----------------------------------------------------------------------------------------


def check_text(
    field: str,
    value: object,
    *,
    min_length: int = 1,
    max_length: int | None = None,
    blank_hint: str = "",
) -> str:
    """`value` if it is a str that is not blank, with no lone surrogates, whose NFC form has
    `min_length..max_length` characters (Korean typed on some systems arrives decomposed: its
    jamo would count two or three times).

    Returns the text as given (not normalised).
    """
    if not isinstance(value, str):
        raise InvalidInputError(field, f"must be a string, not {describe(value)}", value=value)
    if not value.strip():
        raise InvalidInputError(field, f"must not be empty{blank_hint}", value=value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(
            field, "contains a lone surrogate (not valid Unicode text)", value=value
        ) from None
    length = len(unicodedata.normalize("NFC", value))
    if length < min_length:
        raise InvalidInputError(
            field, f"must be at least {min_length} characters, got {length}", value=value
        )
    if max_length is not None and length > max_length:
        raise InvalidInputError(
            field,
            f"must be at most {max_length} characters, got {length}: {describe(value)}",
            value=value,
        )
    return value


# -- vendor items (prices, stock, sale status) ----------------------------------------------------


def check_vendor_item_id(value: object, field: str = "vendor_item_id") -> int:
    """`value` if it is a positive int id."""
    return check_positive_id(field, value)


def check_price(value: object, field: str = "price", *, allow_zero: bool = False) -> int:
    """`value` if it is a positive (or, for original prices, zero) multiple of 10 won."""
    if not is_int(value):
        raise InvalidInputError(
            field, f"must be an int number of won, not {describe(value)}", value=value
        )
    if value < 0 or (value == 0 and not allow_zero):
        bound = "zero or more" if allow_zero else "positive"
        raise InvalidInputError(field, f"must be {bound}, got {value}", value=value)
    if value % 10:
        raise InvalidInputError(
            field,
            f"must be in 10-won units (Coupang rejects 1-won units), got {value}",
            value=value,
        )
    if value > MAX_ID:
        raise InvalidInputError(field, f"must be at most {MAX_ID}, got {value}", value=value)
    return value


def check_quantity(value: object, field: str = "quantity") -> int:
    """`value` if it is an int stock level in 0..MAX_QUANTITY."""
    return check_int_range(field, value, 0, MAX_QUANTITY)


def check_on_sale(value: object, field: str = "on_sale") -> bool:
    """`value` if it is a bool (True = on sale / resume, False = stopped)."""
    return check_bool(field, value)
