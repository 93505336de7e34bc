"""The one cattrs converter for every Coupang payload, lossless by construction.

The law: for every payload the API returns,
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
        shipment_box_id: int                          # every sample carries it: required
        #: Coupang's spelling; a wire key that is not the camelCase of the name goes in wire().
        in_transit_date_time: Annotated[Maybe[str], wire("inTrasitDateTime")] = MISSING
        status: Maybe[OrderStatus | str] = MISSING     # enum; unknown values kept as plain str
        order_items: Maybe[list[OrderItem]] = MISSING  # nested models, lists of models

Rules, checked when the converter first meets the class (a clear ``TypeError`` otherwise):

* Every field is ``Maybe[T]`` (= ``T | Missing | None``) with default ``MISSING``.
  ``MISSING`` means "the key was absent"; ``None`` means "the key was ``null``". ``MISSING`` is
  falsy, so ``x.brand or ""`` and ``for i in sheet.order_items or ():`` work, and type checkers
  narrow ``x is MISSING``.
* Except a key that every documented sample of the payload carries (an identifier such as
  ``shipment_box_id``, a product's ``items``): declare it plain, ``shipment_box_id: int`` (or
  ``label: str | None`` when it is always present but may be null), with NO default. Users then
  get a plain type, and a payload without it (or with null) fails at decode time with
  "required key is absent" / "required, got null" at its path (the client raises
  ``ResponseValidationError``). Never make a key required that some sample lacks.
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

import typing
from typing import Any, Final, TypeVar

from cattrs.errors import BaseValidationError
from cattrs.preconf.orjson import OrjsonConverter, make_converter
from cattrs.v import format_exception, transform_error

from coupang_async._converter._codecs import Codec
from coupang_async._converter._codegen import configure_converter
from coupang_async._converter._errors import (
    PayloadValidationError,
    WireError,
    WireTypeError,
    WireValueError,
)
from coupang_async._converter._missing import MISSING, Maybe, Missing, MissingType
from coupang_async._converter._model import WireModel, wire
from coupang_async._converter._plan import _plan_class
from coupang_async._converter._time import KST, format_timestamp, parse_timestamp

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

#: The converter: ``converter.structure(payload, Product)`` / ``converter.unstructure(product)``.
converter: Final[OrjsonConverter] = make_converter(detailed_validation=True)
configure_converter(converter)


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
