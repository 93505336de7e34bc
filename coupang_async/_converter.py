"""The one cattrs converter for every Coupang payload, lossless by construction.

The law (DESIGN.md §5): for every payload the API returns,
``converter.unstructure(converter.structure(payload, Model)) == payload``. Unknown keys are
kept, ``null`` stays ``null``, an absent key stays absent, at every nesting level. The documented
way to edit a product is get → change → PUT the whole object, so a field this library does not
know must survive the trip or the seller loses data.

The law holds even in a stronger, type-exact form: JSON types are preserved too (a count sent as
``"100"`` comes back as ``"100"``, a price sent as ``13000.0`` comes back as ``13000.0``), as long
as the value was not changed. A changed value is written in its canonical JSON type.

How to declare a lossless model (any family: orders, returns, logistics, ...)
-----------------------------------------------------------------------------
::

    from typing import Annotated
    import attrs
    from coupang_async._converter import MISSING, Maybe, WireModel, wire

    @attrs.define(kw_only=True, repr=False)       # always these two options
    class RemoteInfo(WireModel):                  # always inherit WireModel
        #: One short line of documentation per non-obvious field.
        remote_info_id: Maybe[int] = MISSING      # wire key "remoteInfoId" (camelCase of the name)
        delivery_code: Maybe[str] = MISSING
        #: The 2019 spec says "jejuFee", the samples say "jeju": read both, write back the one read.
        jeju_fee: Annotated[Maybe[int], wire("jejuFee", "jeju")] = MISSING
        usable: Maybe[bool] = MISSING

    @attrs.define(kw_only=True, repr=False)
    class OrderSheet(WireModel):
        #: Coupang's spelling; a wire key that is not the camelCase of the name goes in wire().
        in_transit_date_time: Annotated[Maybe[str], wire("inTrasitDateTime")] = MISSING
        status: Maybe[OrderStatus | str] = MISSING     # enum; unknown values kept as plain str
        order_items: Maybe[list[OrderItem]] = MISSING  # nested models, lists of models

Rules, checked when the converter first meets the class (a clear ``TypeError`` otherwise):

* Every field is ``Maybe[T]`` (= ``T | Missing | None``) with default ``MISSING``.
  ``MISSING`` means "the key was absent"; ``None`` means "the key was ``null``". ``MISSING`` is
  falsy, so ``x.brand or ""`` and ``for i in product.items or ():`` work, and type checkers
  narrow ``x is MISSING``.
* ``T`` is one of ``str``, ``int``, ``float``, ``bool``, ``Any``, a ``WireModel`` subclass,
  ``E | str`` for a string enum ``E`` (unknown values are kept as ``str``, never rejected; a bare
  ``E`` is strict and rejects unknown values), ``list[...]`` or ``dict[str, ...]`` of those.
  Anything else needs its own `Codec`: ``Annotated[Maybe[T], my_codec]``.
* Wire key = camelCase of the attribute name (``best_price_guaranteed_3p`` would become
  ``bestPriceGuaranteed3p``, so that field says ``wire("bestPriceGuaranteed3P")``).
  ``wire("primary", "fallback", ...)`` reads the first key present and writes back the key it
  read (the primary key for values set in Python). If several are present, the ones not read go
  to ``extra``, so nothing is lost. (Keys live in the annotation rather than in a field()
  default so that every field reads ``= MISSING`` and linters see plain attrs defaults.)
* No validators, converters, ``__attrs_post_init__`` or ``frozen``: the API's data is kept as
  sent, and get → edit → update needs mutable objects. ``attrs.evolve`` works.

Nothing needs registering: the converter's hook factories pick up every ``WireModel`` subclass
(and ``list[WireModel subclass]``) on first use and generate one structure and one unstructure
function per class, once.

What every instance carries
---------------------------
* ``extra``: the unknown keys, under their wire names, in wire order, values as sent (copied).
  They are written back after the known fields. Edit them freely; a known field's key in
  ``extra`` is ignored when the field itself is set.
* ``_wire`` (private, excluded from ``==`` and ``repr``): the raw wire value of every field whose
  JSON type or spelling changed on the way in (``"100"`` for an ``int`` field, ``13000.0`` for
  an ``int`` price, ``"false"`` for a ``bool``), and which fallback key was read. On the way out a
  field that still holds the value parsed from the wire is written as the raw value; a changed
  field is written canonically. ``attrs.evolve``, ``copy`` and ``pickle`` carry it over.

``converter.unstructure`` returns fresh JSON: mutating its result never changes the model, and a
model never shares containers with the payload it was structured from.

Type leniency (decisions, see also ``coupang_async.models.products``)
--------------------------------------------------------------------
* ``int`` (ids up to 18 digits, KRW amounts, counts): accepts JSON integers, integral floats
  (``13000.0``; GET product sends money like that) and numeric strings (``"100"``,
  ``" 30100307028"``, ``"13000.00"``; the official create samples send those). A fraction
  (``13000.5``), a boolean or a non-numeric string is an error: KRW has no subunit and the API
  takes prices in 10-won steps, so such a value is a malformed payload, not a quirk.
* ``float``: JSON numbers (an ``int`` stays an ``int``) and numeric strings.
* ``bool``: ``true``/``false``, the strings ``"true"``/``"false"`` (any case), ``0``/``1``.
* ``str``: strings; numbers are accepted as their text (the raw number is kept for the trip back).
* Timestamps stay ``str``: the wire formats vary (``2017-11-30T16:23:12``,
  ``2025-01-15T14:17:13.973885-08:00``, ``2017-10-25 00:10:33``, epoch milliseconds) and the text
  is what the API wants back. `parse_timestamp` / `format_timestamp` convert on demand (epoch
  milliseconds, as in return centers' ``createdAt``, are better declared ``int``).
* ``Any`` and ``dict[str, Any]``: kept as sent (containers copied).

Errors
------
A payload that does not fit raises cattrs' own ``ClassValidationError`` /
``IterableValidationError`` (with the usual notes, so ``cattrs.transform_error`` works) whose
leaves are `WireTypeError` / `WireValueError`. `structure_payload` turns them into
`PayloadValidationError` with one message per bad field, e.g.
``"expected an integer, got a non-numeric string @ $.items[0].salePrice"``. All errors of a
payload are reported, not only the first; the values themselves are not quoted (payloads of
other families carry personal data).

Performance
-----------
Structuring and unstructuring run straight-line generated code per class: no reflection per
call, no ``detailed_validation`` bookkeeping on the success path (the per-field ``try`` blocks are
free in CPython 3.11+), instances are filled without calling ``__init__``, an object that
carries exactly the known keys (the usual API response) has its values fetched by plain
subscripts with no MISSING branches, and ``extra`` is only made when used. Structure a page as
``converter.structure(data, list[Model])`` rather than item by item (one dispatch).
``python -m benchmarks --only 'decode.*'`` measures it against ``orjson.loads``.
"""

from __future__ import annotations

import enum
import linecache
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Final, Literal, TypeAlias, TypeVar

import attrs
import cattrs
import orjson
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.preconf.orjson import OrjsonConverter, make_converter
from cattrs.v import format_exception, transform_error

__all__ = [
    "KST",
    "MISSING",
    "Codec",
    "Maybe",
    "Missing",
    "MissingType",
    "PayloadValidationError",
    "WireError",
    "WireModel",
    "WireTypeError",
    "WireValueError",
    "configure_converter",
    "converter",
    "error_messages",
    "format_timestamp",
    "parse_timestamp",
    "structure_payload",
    "unknown_keys",
    "wire",
]

_T = TypeVar("_T")


# --------------------------------------------------------------------------------------------
# MISSING: "the key was absent", distinct from None ("the key was null").


class MissingType(enum.Enum):
    """The type of `MISSING`; an enum so that type checkers narrow ``x is MISSING``."""

    MISSING = "MISSING"

    def __bool__(self) -> Literal[False]:
        # Falsy like None, so `item.barcode or ""` does the obvious thing.
        return False

    def __repr__(self) -> str:
        return "MISSING"


Missing: TypeAlias = Literal[MissingType.MISSING]
#: The default of every wire field: the key was absent from the payload (and stays absent).
MISSING: Final = MissingType.MISSING

#: ``Maybe[T]`` = ``T | Missing | None``: the type of every wire field.
Maybe: TypeAlias = _T | Missing | None


# --------------------------------------------------------------------------------------------
# Errors.


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


# --------------------------------------------------------------------------------------------
# Codecs: how a scalar (or a container of scalars) goes from the wire to Python and back.


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


# --------------------------------------------------------------------------------------------
# The base class and field declaration.


class _WireMemo:
    """What an instance remembers about its wire form; never mutated after structuring."""

    __slots__ = ("keys", "values")

    def __init__(self) -> None:
        # attribute name -> (value parsed from the wire, raw wire value)
        self.values: dict[str, tuple[Any, Any]] | None = None
        # attribute name -> the fallback wire key that was read
        self.keys: dict[str, str] | None = None

    def __getstate__(self) -> tuple[Any, Any]:
        return (self.values, self.keys)

    def __setstate__(self, state: tuple[Any, Any]) -> None:
        self.values, self.keys = state


@attrs.define(kw_only=True, repr=False)
class WireModel:
    """Base class of every API model: keeps unknown keys and the raw wire form.

    See the module documentation for how to declare a subclass.
    """

    #: Keys this model does not know, under their wire names, in wire order, values as sent.
    extra: dict[str, Any] = attrs.field(factory=dict)
    # Raw wire values and fallback keys (see the module docs); private, not part of ==.
    _wire: _WireMemo | None = attrs.field(default=None, eq=False, repr=False, alias="_wire")

    def __repr__(self) -> str:
        # Only what is present: a Product has ~45 fields and most payloads set a few of them.
        parts = []
        for a in attrs.fields(type(self)):
            if not a.repr:
                continue
            # For `extra`, its slot: no dict is made just to be printed (see below).
            name = "_extra_slot" if a.name == "extra" else a.name
            value = getattr(self, name, MISSING)
            if value is MISSING or (a.name == "extra" and not value):
                continue
            parts.append(f"{a.name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


# `extra` is created on first use. Structuring a page makes hundreds of objects and nearly all
# of them have no unknown keys: an empty dict for each doubled the allocations that drive the
# cyclic garbage collector (a 100-product listing page: 1.8 -> 0.9 young collections per page,
# -16 % time with the collector on). The slot attrs made for the field holds None until then;
# the generated code reads and writes it under a second name, `_extra_slot` (the same slot, so
# no property call and no allocation), and `extra` is a property that puts a dict there when
# None. Users, attrs' __init__/__eq__/evolve/pickling and repr only ever see a dict.
_EXTRA_SLOT: Final[Any] = WireModel.__dict__["extra"]
_extra_get: Final = _EXTRA_SLOT.__get__
_extra_set: Final = _EXTRA_SLOT.__set__


def _get_extra(self: WireModel) -> dict[str, Any]:
    extra: dict[str, Any] | None = _extra_get(self)
    if extra is None:
        extra = {}
        _extra_set(self, extra)
    return extra


def _set_extra(self: WireModel, value: dict[str, Any]) -> None:
    _extra_set(self, value)


def _delete_extra(self: WireModel) -> None:
    _EXTRA_SLOT.__delete__(self)


type.__setattr__(
    WireModel,
    "extra",
    property(_get_extra, _set_extra, _delete_extra, "Keys this model does not know (see above)."),
)
type.__setattr__(WireModel, "_extra_slot", _EXTRA_SLOT)


@attrs.frozen
class Wire:
    """Annotation metadata: the wire keys of a field, primary first (see `wire`)."""

    keys: tuple[str, ...]


def wire(*keys: str) -> Wire:
    """The wire key of a field whose key is not the camelCase of its name, or several keys.

    Use in the annotation: ``Annotated[Maybe[str], wire("inTrasitDateTime")] = MISSING``. With
    several keys the first is written for values set in Python; all are read (the first present
    wins) and the one read is written back.
    """
    if not keys or not all(keys):
        raise TypeError("wire() takes one or more non-empty keys")
    return Wire(keys)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


# --------------------------------------------------------------------------------------------
# Planning: from attrs fields to what the generated code does.

_BASE_FIELDS: Final = frozenset(a.name for a in attrs.fields(WireModel))


def _is_wire_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, WireModel) and tp is not WireModel


def _is_wire_model_list(tp: Any) -> bool:
    return typing.get_origin(tp) is list and _is_wire_model(next(iter(typing.get_args(tp)), None))


def _is_missing_type(tp: Any) -> bool:
    return typing.get_origin(tp) is Literal and typing.get_args(tp) == (MISSING,)


@attrs.frozen
class _Plan:
    name: str  # attribute name
    keys: tuple[str, ...]  # wire keys, primary first
    kind: str  # "scalar" | "enum" | "model" | "model_list" | "generic"
    annotation: Any  # the declared type, for error notes
    codec: Codec | None = None  # scalar, enum, generic
    target: Any = None  # the enum class, or the model class
    lenient: bool = False  # enum: unknown values kept as str

    def need_codec(self) -> Codec:
        if self.codec is None:  # pragma: no cover - _plan_field sets it for these kinds
            raise RuntimeError(f"{self.name}: no codec planned")
        return self.codec


def _enum_of(tp: Any) -> tuple[type[enum.Enum] | None, bool]:
    """``(E, lenient)`` for ``E`` (strict) or ``E | str`` (lenient), else ``(None, False)``."""
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp, False
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        enums = [a for a in args if isinstance(a, type) and issubclass(a, enum.Enum)]
        if len(args) == 2 and len(enums) == 1 and str in args:
            return enums[0], True
    return None, False


def _codec_for(tp: Any, where: str) -> Codec:
    """A codec for a non-model type (scalars, Any, enums, containers of those)."""
    if tp is Any:
        return ANY
    if tp in _SCALARS:
        return _SCALARS[tp]
    enum_cls, lenient = _enum_of(tp)
    if enum_cls is not None:
        if not all(isinstance(m.value, str) for m in enum_cls):
            raise TypeError(f"{where}: {enum_cls.__name__} must have string values")
        return _enum_codec(enum_cls, lenient=lenient)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list and len(args) == 1:
        return _list_codec(_codec_for(args[0], where))
    if origin is dict and len(args) == 2 and args[0] is str:
        return _dict_codec(_codec_for(args[1], where))
    raise TypeError(
        f"{where}: unsupported type {tp!r}; use str/int/float/bool/Any, a WireModel, "
        "E | str for a string enum E, list[...] or dict[str, ...] of those, or a Codec"
    )


def _split_annotated(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """``Annotated[T, m1, m2]`` -> ``(T, (m1, m2))``; anything else -> ``(tp, ())``."""
    if typing.get_origin(tp) is Annotated:
        inner, *metadata = typing.get_args(tp)
        return inner, tuple(metadata)
    return tp, ()


def _plan_field(a: attrs.Attribute[Any], where: str) -> _Plan:
    if a.default is not MISSING:
        raise TypeError(f"{where}: wire fields default to MISSING")
    if a.validator is not None or a.converter is not None:
        raise TypeError(f"{where}: wire fields take no validator or converter")
    if not a.init:
        raise TypeError(f"{where}: wire fields must be init=True (attrs.evolve needs them)")
    tp, metadata = _split_annotated(a.type)
    union = typing.get_origin(tp) in (typing.Union, types.UnionType)
    args = typing.get_args(tp) if union else ()
    if type(None) not in args or not any(_is_missing_type(x) for x in args):
        raise TypeError(f"{where}: declare the type as Maybe[...] (it may be null or absent)")
    rest = tuple(x for x in args if x is not type(None) and not _is_missing_type(x))
    inner: Any = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007 - a runtime value
    inner, inner_metadata = _split_annotated(inner)  # Maybe[Annotated[T, ...]] works too
    metadata += inner_metadata
    wires = [m for m in metadata if isinstance(m, Wire)]
    codecs = [m for m in metadata if isinstance(m, Codec)]
    if len(wires) > 1 or len(codecs) > 1:
        raise TypeError(f"{where}: at most one wire() and one Codec per field")
    keys = wires[0].keys if wires else (_camel(a.name),)
    annotation = tp  # for error notes, without Annotated
    if codecs:
        codec = codecs[0]
    else:
        if _is_wire_model(inner):
            return _Plan(a.name, keys, "model", annotation, target=inner)
        if _is_wire_model_list(inner):
            target = typing.get_args(inner)[0]
            return _Plan(a.name, keys, "model_list", annotation, target=target)
        codec = _codec_for(inner, where)
        enum_cls, lenient = _enum_of(inner)
        if enum_cls is not None:
            return _Plan(
                a.name, keys, "enum", annotation, codec=codec, target=enum_cls, lenient=lenient
            )
    # Identity dumps with fast wire types get the inline fast path; containers go generic.
    kind = "scalar" if codec.fast and codec.dump is _identity else "generic"
    return _Plan(a.name, keys, kind, annotation, codec=codec)


_PLANS: dict[type, list[_Plan]] = {}


def _plan_class(cls: type[WireModel]) -> list[_Plan]:
    cached = _PLANS.get(cls)
    if cached is not None:
        return cached
    attrs.resolve_types(cls)
    if getattr(cls, "__attrs_post_init__", None) is not None:
        raise TypeError(f"{cls.__qualname__}: wire models must not define __attrs_post_init__")
    plans = [
        _plan_field(a, f"{cls.__qualname__}.{a.name}")
        for a in attrs.fields(cls)
        if a.name not in _BASE_FIELDS
    ]
    seen: dict[str, str] = {}
    for plan in plans:
        for key in plan.keys:
            if key in seen:
                raise TypeError(f"{cls.__qualname__}: wire key {key!r} used by {seen[key]} too")
            seen[key] = plan.name
    _PLANS[cls] = plans
    return plans


# --------------------------------------------------------------------------------------------
# Helpers called by the generated code (off the hot path, except _new).


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


# --------------------------------------------------------------------------------------------
# Code generation.


_DECODED_KEYS: dict[str, str] = {}


def _decoded_key(key: str) -> str:
    """The str object orjson gives for ``key`` when it decodes an object key.

    orjson keeps the keys it decodes in a cache and hands out the same str objects again, so a
    lookup with that very object matches on identity. With an equal but distinct str (a literal
    in the generated code), CPython compares the text on every lookup: orjson builds its dicts
    presized, with general (not str-only) key tables, whose lookups call the full rich compare.
    If orjson ever returns another object, lookups stay correct (equal keys), only slower.
    """
    found = _DECODED_KEYS.get(key)
    if found is None:
        decoded = orjson.loads(orjson.dumps({key: None}))
        found = _DECODED_KEYS[key] = next(iter(decoded))
    return found


class _Source:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.globals: dict[str, Any] = {}

    def line(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def ref(self, prefix: str, value: Any) -> str:
        name = f"{prefix}{len(self.globals)}"
        self.globals[name] = value
        return name

    def key(self, key: str) -> str:
        """A wire key to look up in decoded JSON objects: orjson's own str object for it."""
        return self.ref("K", _decoded_key(key))

    def compile(self, fn_name: str, cls: type) -> Callable[..., Any]:
        source = "\n".join(self.lines) + "\n"
        filename = f"<coupang_async generated {fn_name} for {cls.__module__}.{cls.__qualname__}>"
        # Tracebacks through generated code show the code (as attrs does for its __init__).
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        namespace = dict(self.globals)
        exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own generated code
        fn: Callable[..., Any] = namespace[fn_name]
        return fn


def _structure_field(
    src: _Source, plan: _Plan, hooks: dict[str, str], *, n: int, var: str | None
) -> None:
    """Append the code reading one field into ``o``, indented ``n`` levels.

    ``var`` names a local already holding the value when every key is known to be present
    (the all-present path of _make_structure); None reads it from ``d``, fallbacks included.
    """
    attr, key = plan.name, plan.keys[0]
    tp = src.ref("T", plan.annotation)
    src.line(n, f"# {attr}")
    if var is None:
        # d.get(...) at each use: CPython 3.11 specialises that method call; a bound
        # `g = d.get` is a generic call (~10 ns more per field).
        src.line(n, f"v = d.get({src.key(key)}, M)")
        for fallback in plan.keys[1:]:
            src.line(n, "if v is M:")
            src.line(n + 1, f"v = d.get({src.key(fallback)}, M)")
            src.line(n + 1, "if v is not M:")
            src.line(n + 2, f"memo = _memo_key(memo, {attr!r}, {fallback!r})")
        v = "v"
    else:
        v = var
    # The chain's first branch is the common wire case; its order is the point of this code.
    keyword = "if"
    if plan.kind == "scalar":
        fast = plan.need_codec().fast
        if len(fast) == 1:
            src.line(n, f"if {v}.__class__ is {src.ref('F', fast[0])}:")
        else:
            tests = " or ".join(f"c is {src.ref('F', t)}" for t in fast)
            src.line(n, f"c = {v}.__class__")
            src.line(n, f"if {tests}:")
        src.line(n + 1, f"o.{attr} = {v}")
        keyword = "elif"
    elif plan.kind == "enum":
        members = src.ref("E", {m.value: m for m in plan.target})
        if plan.lenient:
            src.line(n, f"if {v}.__class__ is str:")
            src.line(n + 1, f"o.{attr} = {members}.get({v}, {v})")
        else:
            src.line(n, f"if {v}.__class__ is str and {v} in {members}:")
            src.line(n + 1, f"o.{attr} = {members}[{v}]")
        keyword = "elif"
    elif plan.kind in ("model", "model_list"):
        hook, target = hooks[attr], src.ref("C", plan.target)
        if plan.kind == "model":
            src.line(n, f"if {v}.__class__ is _dict:")
            src.line(n + 1, "try:")
            src.line(n + 2, f"o.{attr} = {hook}({v}, {target})")
            src.line(n + 1, "except Exception as e:")
            src.line(n + 2, f"errs = _fail(errs, e, {key!r}, {tp})")
        else:
            src.line(n, f"if {v}.__class__ is list:")
            src.line(n + 1, "try:")
            # A loop, not a comprehension: in CPython 3.11 each comprehension makes a function
            # object and a frame, which costs more than the one or two items these lists hold.
            src.line(n + 2, "xs = []")
            src.line(n + 2, f"for x in {v}:")
            src.line(n + 3, f"xs.append({hook}(x, {target}))")
            src.line(n + 2, f"o.{attr} = xs")
            src.line(n + 1, "except Exception:")
            src.line(
                n + 2, f"errs = _fail(errs, _list_error({v}, {hook}, {target}), {key!r}, {tp})"
            )
        keyword = "elif"
    src.line(n, f"{keyword} {v} is None:")
    src.line(n + 1, f"o.{attr} = None")
    if var is None:
        src.line(n, "elif v is M:")
        src.line(n + 1, f"o.{attr} = M")
        src.line(n + 1, "miss += 1")
    src.line(n, "else:")
    if plan.kind in ("model", "model_list"):
        # Other mappings and sequences (not from JSON, but from Python callers), or an error.
        call = (
            f"{hook}({v}, {target})" if plan.kind == "model" else f"_models({v}, {hook}, {target})"
        )
        src.line(n + 1, "try:")
        src.line(n + 2, f"o.{attr} = {call}")
        src.line(n + 1, "except Exception as e:")
        src.line(n + 2, f"errs = _fail(errs, e, {key!r}, {tp})")
    else:
        codec = plan.need_codec()
        parse = src.ref("P", codec.parse)
        src.line(n + 1, "try:")
        src.line(n + 2, f"t = {parse}({v})")
        src.line(n + 2, f"o.{attr} = t")
        if not codec.exact:
            check = "t" if codec.dump is _identity else f"{src.ref('D', codec.dump)}(t)"
            src.line(n + 2, f"if not _exact({check}, {v}):")
            src.line(n + 3, f"memo = _memo_value(memo, {attr!r}, t, {v})")
        src.line(n + 1, "except Exception as e:")
        src.line(n + 2, f"errs = _fail(errs, e, {key!r}, {tp})")


def _make_structure(cls: type[WireModel], conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    plans = _plan_class(cls)
    src = _Source()
    src.globals.update(
        M=MISSING,
        CLS=cls,
        PLANS=plans,
        _new=object.__new__,
        _dict=dict,
        _Mapping=Mapping,
        _fail=_fail,
        _memo_value=_memo_value,
        _memo_key=_memo_key,
        _extras=_extras,
        _exact=_exact,
        _not_an_object=_not_an_object,
        _not_an_array=_not_an_array,
        _list_error=_list_error,
        _models=_models,
        _CVE=ClassValidationError,
    )
    hooks = {
        p.name: src.ref("S", _nested_structure_hook(conv, p.target))
        for p in plans
        if p.kind in ("model", "model_list")
    }
    fn_name = f"structure_{cls.__name__}"
    raise_errors = f"raise _CVE({f'While structuring {cls.__name__}'!r}, errs, CLS)"
    src.line(0, f"def {fn_name}(d, _t=None):")
    src.line(1, "if d.__class__ is not _dict:")
    src.line(2, "if not isinstance(d, _Mapping):")
    src.line(3, "raise _not_an_object(d, CLS)")
    src.line(2, "d = _dict(d)")
    # Filled without __init__: every field is assigned below, and attrs' __init__ would only
    # add a call with up to ~45 keyword arguments per object.
    src.line(1, "o = _new(CLS)")
    src.line(1, "memo = None")
    src.line(1, "errs = None")
    if len(plans) >= 2:
        # The all-present path: API responses usually carry every known key (null rather than
        # absent), and then plain subscripts fetch them (specialised dict lookups, cheaper than
        # an itemgetter call and its tuple), there are no extras and no MISSING branches.
        # Same count but other keys raises KeyError: take the general path.
        names = [f"v{i}" for i in range(len(plans))]
        src.line(1, f"if len(d) == {len(plans)}:")
        src.line(2, "try:")
        for plan, name in zip(plans, names, strict=True):
            src.line(3, f"{name} = d[{src.key(plan.keys[0])}]")
        src.line(2, "except KeyError:")
        src.line(3, "pass")
        src.line(2, "else:")
        for plan, name in zip(plans, names, strict=True):
            _structure_field(src, plan, hooks, n=3, var=name)
        src.line(3, "o._extra_slot = None")
        src.line(3, "o._wire = memo")
        src.line(3, "if errs is not None:")
        src.line(4, raise_errors)
        src.line(3, "return o")
    src.line(1, "miss = 0")
    for plan in plans:
        _structure_field(src, plan, hooks, n=1, var=None)
    # Every known key present counts once, so a length mismatch means unknown (or doubled
    # fallback) keys: only then is the payload scanned for them.
    src.line(1, f"if len(d) != {len(plans)} - miss:")
    src.line(2, "o._extra_slot = _extras(d, PLANS, memo)")
    src.line(1, "else:")
    src.line(2, "o._extra_slot = None")
    src.line(1, "o._wire = memo")
    src.line(1, "if errs is not None:")
    src.line(2, raise_errors)
    src.line(1, "return o")
    return src.compile(fn_name, cls)


def _dump_expr(src: _Source, plan: _Plan, conv: cattrs.Converter) -> str:
    """An expression turning the attribute value ``v`` (not MISSING) into its wire value."""
    if plan.kind == "scalar":
        return "v"
    if plan.kind == "enum":
        enum_cls = src.ref("C", plan.target)
        return f"v._value_ if v.__class__ is {enum_cls} else _enum_dump(v)"
    if plan.kind in ("model", "model_list"):
        # An instance of a subclass is written by its own class's hook, or its fields are lost.
        hook = src.ref("U", _nested_unstructure_hook(conv, plan.target))
        target = src.ref("C", plan.target)
        one = f"{hook}({{x}}) if {{x}}.__class__ is {target} else _unstructure({{x}})"
        if plan.kind == "model":
            return f"None if v is None else ({one.format(x='v')})"
        return f"None if v is None else [{one.format(x='x')} for x in v]"
    dump = src.ref("D", plan.need_codec().dump)
    return f"None if v is None else {dump}(v)"


def _make_unstructure(cls: type[WireModel], conv: cattrs.Converter) -> Callable[[Any], Any]:
    plans = _plan_class(cls)
    src = _Source()
    src.globals.update(
        M=MISSING,
        _exact=_exact,
        _enum_dump=_enum_dump,
        _copy_json=_copy_json,
        _unstructure=conv.unstructure,
        _EMPTY={},
    )
    fn_name = f"unstructure_{cls.__name__}"
    src.line(0, f"def {fn_name}(o):")
    src.line(1, "r = {}")
    src.line(1, "memo = o._wire")
    src.line(1, "if memo is None:")
    for plan in plans:
        src.line(2, f"v = o.{plan.name}")
        src.line(2, "if v is not M:")
        src.line(3, f"r[{plan.keys[0]!r}] = {_dump_expr(src, plan, conv)}")
    src.line(1, "else:")
    # The slow path: values parsed from other JSON types, and fallback keys.
    src.line(2, "mv = memo.values or _EMPTY")
    src.line(2, "mk = memo.keys or _EMPTY")
    for plan in plans:
        key = (
            f"mk.get({plan.name!r}, {plan.keys[0]!r})" if len(plan.keys) > 1 else repr(plan.keys[0])
        )
        src.line(2, f"v = o.{plan.name}")
        src.line(2, "if v is not M:")
        if plan.kind in ("model", "model_list"):
            src.line(3, f"r[{key}] = {_dump_expr(src, plan, conv)}")
            continue
        src.line(3, f"s = mv.get({plan.name!r})")
        src.line(3, "if s is not None and _exact(v, s[0]):")
        src.line(4, f"r[{key}] = _copy_json(s[1])")
        src.line(3, "else:")
        src.line(4, f"r[{key}] = {_dump_expr(src, plan, conv)}")
    src.line(1, "x = o._extra_slot")
    src.line(1, "if x:")
    # A field that is set wins over an extra with the same key (extras never collide with
    # fields after structuring; only hand edits can make them).
    src.line(2, "for k, v in x.items():")
    src.line(3, "if k not in r:")
    src.line(4, "r[k] = _copy_json(v)")
    src.line(1, "return r")
    return src.compile(fn_name, cls)


# Hook generation may recurse (a model containing itself): such references go through the
# converter at call time instead of being bound at generation time.
_IN_PROGRESS: set[tuple[int, type, str]] = set()


def _nested_structure_hook(conv: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    if (id(conv), cls, "s") in _IN_PROGRESS:
        return lambda value, tp: conv.structure(value, tp)
    return conv.get_structure_hook(cls)


def _nested_unstructure_hook(conv: cattrs.Converter, cls: type) -> Callable[[Any], Any]:
    if (id(conv), cls, "u") in _IN_PROGRESS:
        return lambda value: conv.unstructure(value, cls)
    hook: Callable[[Any], Any] = conv.get_unstructure_hook(cls)
    return hook


def _structure_factory(cls: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    token = (id(conv), cls, "s")
    _IN_PROGRESS.add(token)
    try:
        return _make_structure(cls, conv)
    finally:
        _IN_PROGRESS.discard(token)


def _unstructure_factory(cls: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    token = (id(conv), cls, "u")
    _IN_PROGRESS.add(token)
    try:
        return _make_unstructure(cls, conv)
    finally:
        _IN_PROGRESS.discard(token)


def _list_structure_factory(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    (cls,) = typing.get_args(tp)
    hook = conv.get_structure_hook(cls)

    def structure_list(values: Any, _tp: Any = None) -> list[Any]:
        if values.__class__ is not list and not isinstance(values, list | tuple):
            raise _not_an_array(values)
        try:
            return [hook(value, cls) for value in values]
        except Exception:
            raise _list_error(values, hook, cls) from None

    return structure_list


def configure_converter(conv: cattrs.Converter) -> cattrs.Converter:
    """Teach a cattrs converter the lossless handling of every `WireModel` subclass."""
    conv.register_structure_hook_factory(_is_wire_model, _structure_factory)
    conv.register_unstructure_hook_factory(_is_wire_model, _unstructure_factory)
    conv.register_structure_hook_factory(_is_wire_model_list, _list_structure_factory)
    return conv


#: The converter: ``converter.structure(payload, Product)`` / ``converter.unstructure(product)``.
converter: Final[OrjsonConverter] = make_converter(detailed_validation=True)
configure_converter(converter)


# --------------------------------------------------------------------------------------------
# Entry points for the client.


def _format_error(exc: BaseException, tp: type | None) -> str:
    if isinstance(exc, WireError):
        return str(exc)
    return format_exception(exc, tp)


def error_messages(exc: BaseException, *, path: str = "$") -> list[str]:
    """One ``"<problem> @ <path>"`` message per bad field of a structuring error."""
    return transform_error(exc, path, _format_error)


@typing.overload
def structure_payload(payload: Any, cls: type[_T], *, path: str = "$") -> _T: ...
@typing.overload
def structure_payload(payload: Any, cls: Any, *, path: str = "$") -> Any: ...
def structure_payload(payload: Any, cls: Any, *, path: str = "$") -> Any:
    """Structure ``payload`` as ``cls``; a payload that does not fit raises one error listing all.

    Args:
        payload: decoded JSON (the envelope's ``data``).
        cls: a model class, or e.g. ``list[ProductSummary]``.
        path: the payload's own path, for the messages (e.g. ``"$.data"``).

    Raises:
        PayloadValidationError: with ``errors``, one message per bad field, and the payload.
    """
    try:
        return converter.structure(payload, cls)
    except (BaseValidationError, ValueError, TypeError) as exc:
        raise PayloadValidationError(error_messages(exc, path=path), payload) from exc


def unknown_keys(obj: Any, *, path: str = "$") -> list[str]:
    """The paths of every key a structured model kept in ``extra`` (what the models lack)."""
    found: list[str] = []
    if isinstance(obj, list):
        for index, item in enumerate(obj):
            found.extend(unknown_keys(item, path=f"{path}[{index}]"))
        return found
    if not isinstance(obj, WireModel):
        return found
    for plan in _plan_class(type(obj)):
        value = getattr(obj, plan.name)
        if isinstance(value, WireModel | list):
            read_keys = obj._wire.keys if obj._wire is not None and obj._wire.keys else {}
            key = read_keys.get(plan.name, plan.keys[0])
            found.extend(unknown_keys(value, path=f"{path}.{key}"))
    found.extend(f"{path}.{key}" for key in obj.extra)
    return found


# --------------------------------------------------------------------------------------------
# Timestamps: kept as text on the models, parsed on demand.

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
