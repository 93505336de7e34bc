"""Argument checks shared by the endpoint modules: fail before sending, naming the argument.

Every check raises `InvalidInputError(field, message, value=...)`; messages describe the rejected
value by type and a short repr, so a log line says what was passed without dumping it whole.
"""

from __future__ import annotations

from typing import TypeGuard

from coupang_async._errors import InvalidInputError

__all__ = ["check_int_range", "check_positive_id", "describe", "is_int"]


def describe(value: object) -> str:
    """A short `type repr` of a rejected value for error messages."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def is_int(value: object) -> TypeGuard[int]:
    """True for ints, never for bools (which are ints to Python, not to Coupang)."""
    return isinstance(value, int) and not isinstance(value, bool)


def check_positive_id(field: str, value: object) -> int:
    """`value` if it is a positive int (never a bool, a string or a float)."""
    if not is_int(value):
        raise InvalidInputError(field, f"must be an int, not {describe(value)}", value=value)
    if value <= 0:
        raise InvalidInputError(field, f"must be a positive id, got {value}", value=value)
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
