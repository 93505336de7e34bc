"""Codecs: how a scalar (or a container of scalars) goes from the wire to Python and back."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import attrs
from cattrs.errors import (
    IterableValidationError,
    IterableValidationNote,
)

from coupang_async._converter._errors import (
    WireTypeError,
    WireValueError,
    _kind,
)
from coupang_async._converter._missing import MISSING


def _identity(value: Any) -> Any:
    return value


@attrs.frozen
class Codec:
    """How one field's wire value becomes a Python value and back.

    Attributes:
        name: what the field expects, for error messages ("an integer").
        fast: wire types kept as they are (the common case: one type check, no call).
        parse: turns any other wire value into the Python value; raises `WireError`.
        dump: turns a Python value into its wire value (identity for scalars).
        exact: True when ``dump(parse(v))`` always equals ``v`` exactly, so the raw value never
            needs remembering (e.g. copies of ``Any`` values).
    """

    name: str
    fast: tuple[type, ...]
    parse: Callable[[Any], Any]
    dump: Callable[[Any], Any] = _identity
    exact: bool = False


def _parse_int(value: Any) -> int:
    cls = value.__class__
    if cls is float:
        if value.is_integer():
            return int(value)
        if value != value or value in (float("inf"), float("-inf")):
            raise WireValueError("expected an integer, got a non-finite number")
        raise WireValueError("expected an integer, got a number with a fraction")
    if cls is str:
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise WireValueError("expected an integer, got a non-numeric string") from None
        if number.is_finite() and number == number.to_integral_value():
            return int(number)
        raise WireValueError("expected an integer, got a string with a fraction")
    if isinstance(value, bool):
        raise WireTypeError("expected an integer, got a boolean")
    if isinstance(value, int):
        return int(value)
    raise WireTypeError(f"expected an integer, got {_kind(value)}")


def _parse_float(value: Any) -> float:
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise WireValueError("expected a number, got a non-numeric string") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise WireValueError("expected a number, got a non-finite number")
        return number
    if isinstance(value, bool):
        raise WireTypeError("expected a number, got a boolean")
    if isinstance(value, int | float):
        return value
    raise WireTypeError(f"expected a number, got {_kind(value)}")


def _parse_bool(value: Any) -> bool:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
        raise WireValueError("expected a boolean, got a string other than true/false")
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise WireTypeError(f"expected a boolean, got {_kind(value)}")


def _parse_str(value: Any) -> str:
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise WireTypeError(f"expected a string, got {_kind(value)}")


def _copy_json(value: Any) -> Any:
    """Copy the containers of a JSON value (scalars are immutable and shared)."""
    cls = value.__class__
    if cls is dict:
        return {k: _copy_json(v) for k, v in value.items()}
    if cls is list:
        return [_copy_json(v) for v in value]
    return value


STR: Final = Codec("a string", (str,), _parse_str)
INT: Final = Codec("an integer", (int,), _parse_int)
FLOAT: Final = Codec("a number", (float, int), _parse_float)
BOOL: Final = Codec("a boolean", (bool,), _parse_bool)
# Any values are copied both ways so that a model never shares containers with a payload.
ANY: Final = Codec("any JSON value", (), _copy_json, _copy_json, exact=True)
_SCALARS: Final = {str: STR, int: INT, float: FLOAT, bool: BOOL}


def _enum_codec(enum_cls: type[enum.Enum], *, lenient: bool) -> Codec:
    by_value = {member.value: member for member in enum_cls}

    def parse(value: Any) -> Any:
        if isinstance(value, enum_cls):
            return value
        text = _parse_str(value)
        member = by_value.get(text)
        if member is not None:
            return member
        if lenient:
            return text
        raise WireValueError(f"expected one of {', '.join(map(str, by_value))}")

    def dump(value: Any) -> Any:
        return value.value if isinstance(value, enum.Enum) else value

    return Codec(f"a {enum_cls.__name__}", (str,), parse, dump)


def _list_codec(item: Codec) -> Codec:
    fast, parse_item, dump_item = item.fast, item.parse, item.dump

    def parse(value: Any) -> list[Any]:
        if value.__class__ is not list and not isinstance(value, list | tuple):
            raise WireTypeError(f"expected an array, got {_kind(value)}")
        out = []
        errors: list[Exception] = []
        for index, element in enumerate(value):
            try:
                if element is None or element.__class__ in fast:
                    out.append(_copy_json(element))
                else:
                    out.append(parse_item(element))
            except Exception as exc:  # collected: every bad element is reported
                exc.__notes__ = [IterableValidationNote(f"@ index {index}", index, item.name)]
                errors.append(exc)
        if errors:
            raise IterableValidationError("While structuring an array", errors, list)
        return out

    def dump(value: Any) -> Any:
        if value is None or value is MISSING:
            return value
        return [dump_item(element) for element in value]

    return Codec(f"an array of {item.name}", (), parse, dump, exact=item.exact)


def _dict_codec(item: Codec) -> Codec:
    fast, parse_item, dump_item = item.fast, item.parse, item.dump

    def parse(value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise WireTypeError(f"expected an object, got {_kind(value)}")
        out = {}
        errors: list[Exception] = []
        for key, element in value.items():
            try:
                if element is None or element.__class__ in fast:
                    out[key] = _copy_json(element)
                else:
                    out[key] = parse_item(element)
            except Exception as exc:  # collected: every bad element is reported
                exc.__notes__ = [IterableValidationNote(f"@ key {key!r}", key, item.name)]
                errors.append(exc)
        if errors:
            raise IterableValidationError("While structuring an object", errors, dict)
        return out

    def dump(value: Any) -> Any:
        if value is None or value is MISSING:
            return value
        return {key: dump_item(element) for key, element in value.items()}

    return Codec(f"an object of {item.name}", (), parse, dump, exact=item.exact)


def _exact(a: Any, b: Any) -> bool:
    """Equal and of the same JSON types all the way down (``1 == 1.0 == True`` is not enough)."""
    if a.__class__ is not b.__class__:
        return False
    if a.__class__ is list:
        return len(a) == len(b) and all(map(_exact, a, b))
    if a.__class__ is dict:
        return a.keys() == b.keys() and all(_exact(v, b[k]) for k, v in a.items())
    return bool(a == b)
