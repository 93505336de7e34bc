"""Helpers the generated structure / unstructure functions call (off the hot path)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cattrs.errors import (
    AttributeValidationNote,
    IterableValidationError,
    IterableValidationNote,
)

from coupang_async._converter._codecs import (
    _copy_json,
)
from coupang_async._converter._errors import (
    WireTypeError,
    WireValueError,
    _kind,
)
from coupang_async._converter._model import _WireMemo
from coupang_async._converter._plan import _Plan


def _fail(errors: list[Exception] | None, exc: Exception, key: str, tp: Any) -> list[Exception]:
    exc.__notes__ = [
        *getattr(exc, "__notes__", ()),
        AttributeValidationNote(f"Structuring field {key!r}", key, tp),
    ]
    if errors is None:
        errors = []
    errors.append(exc)
    return errors


def _memo_value(memo: _WireMemo | None, name: str, parsed: Any, raw: Any) -> _WireMemo:
    if memo is None:
        memo = _WireMemo()
    if memo.values is None:
        memo.values = {}
    # Copies: an in-place edit of the field must count as a change, and a later edit of the
    # payload must not change what is written back.
    memo.values[name] = (_copy_json(parsed), _copy_json(raw))
    return memo


def _memo_key(memo: _WireMemo | None, name: str, key: str) -> _WireMemo:
    if memo is None:
        memo = _WireMemo()
    if memo.keys is None:
        memo.keys = {}
    memo.keys[name] = key
    return memo


def _extras(d: Mapping[str, Any], plans: list[_Plan], memo: _WireMemo | None) -> dict[str, Any]:
    read_keys = memo.keys if memo is not None and memo.keys is not None else {}
    consumed = {read_keys.get(p.name, p.keys[0]) for p in plans}
    return {k: _copy_json(v) for k, v in d.items() if k not in consumed}


def _not_an_object(value: Any, cls: type) -> WireTypeError:
    return WireTypeError(f"expected an object ({cls.__name__}), got {_kind(value)}")


def _not_an_array(value: Any) -> WireTypeError:
    return WireTypeError(f"expected an array, got {_kind(value)}")


def _list_error(
    values: Sequence[Any], hook: Callable[[Any, type], Any], cls: type
) -> IterableValidationError:
    """Re-run a failed list element by element to report every bad index."""
    errors: list[Exception] = []
    for index, value in enumerate(values):
        try:
            if not isinstance(value, Mapping):
                raise _not_an_object(value, cls)
            hook(value, cls)
        except Exception as exc:  # collected: every bad element is reported
            exc.__notes__ = [
                *getattr(exc, "__notes__", ()),
                IterableValidationNote(f"Structuring element {index}", index, cls),
            ]
            errors.append(exc)
    if not errors:  # pragma: no cover - the fast path and this one use the same hook
        errors.append(WireValueError(f"could not structure an array of {cls.__name__}"))
    return IterableValidationError(f"While structuring list[{cls.__name__}]", errors, list)


def _models(values: Any, hook: Callable[[Any, type], Any], cls: type) -> list[Any]:
    """A list of models from any list or tuple (the slow path of list fields)."""
    if not isinstance(values, list | tuple):
        raise _not_an_array(values)
    try:
        return [hook(value, cls) for value in values]
    except Exception:
        raise _list_error(values, hook, cls) from None


def _enum_dump(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _absent() -> WireValueError:
    """A required key (a field declared without ``Maybe``) is not in the payload."""
    return WireValueError("required key is absent")


def _null() -> WireTypeError:
    """A required, non-nullable field is ``null``."""
    return WireTypeError("required, got null")
