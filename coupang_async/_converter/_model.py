"""``WireModel``, the base class of every API model, and ``wire()`` for a field's wire keys."""

from __future__ import annotations

from typing import Any, Final

import attrs

from coupang_async._converter._missing import MISSING


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
