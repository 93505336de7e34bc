"""Errors of the wire layer: a field that does not fit, and a payload that does not."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class WireError(Exception):
    """A wire value does not fit its field (a leaf of the cattrs validation errors)."""


class WireTypeError(WireError, TypeError):
    """The JSON type is wrong, e.g. a string where a list of objects is required."""


class WireValueError(WireError, ValueError):
    """The JSON type is acceptable but the value is not, e.g. ``"abc"`` for an integer."""


class PayloadValidationError(ValueError):
    """A payload does not fit its model.

    Attributes:
        errors: one message per bad field, each ending in its path, e.g.
            ``"expected an integer, got a boolean @ $.items[0].salePrice"``.
        payload: the payload, unchanged.
    """

    def __init__(self, errors: Sequence[str], payload: Any) -> None:
        self.errors = list(errors)
        self.payload = payload
        super().__init__("; ".join(self.errors) or "payload does not fit the model")


def _kind(value: Any) -> str:
    """Describe a wire value's JSON type without quoting it (payloads carry personal data)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"
