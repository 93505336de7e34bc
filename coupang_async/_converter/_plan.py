"""Planning: from a model's attrs fields to what the generated code does for each."""

from __future__ import annotations

import enum
import types
import typing
from typing import Annotated, Any, Final, Literal

import attrs

from coupang_async._converter._codecs import (
    _SCALARS,
    ANY,
    Codec,
    _dict_codec,
    _enum_codec,
    _identity,
    _list_codec,
)
from coupang_async._converter._missing import MISSING
from coupang_async._converter._model import Wire, WireModel, _camel

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
    required: bool = False  # the key must be present (a plain ``T`` or ``T | None`` field)
    nullable: bool = True  # null is accepted (``Maybe[T]`` and ``T | None``)

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
    if a.validator is not None or a.converter is not None:
        raise TypeError(f"{where}: wire fields take no validator or converter")
    if not a.init:
        raise TypeError(f"{where}: wire fields must be init=True (attrs.evolve needs them)")
    tp, metadata = _split_annotated(a.type)
    union = typing.get_origin(tp) in (typing.Union, types.UnionType)
    args = typing.get_args(tp) if union else ()
    if any(_is_missing_type(x) for x in args):
        # Maybe[T]: the key may be absent (MISSING, the default) or null.
        if type(None) not in args:
            raise TypeError(f"{where}: declare the type as Maybe[...] (it may be null or absent)")
        if a.default is not MISSING:
            raise TypeError(f"{where}: wire fields default to MISSING")
        required, nullable = False, True
        rest = tuple(x for x in args if x is not type(None) and not _is_missing_type(x))
    else:
        # A plain T (or T | None): every payload carries the key; absence is a decode error.
        if a.default is not attrs.NOTHING:
            raise TypeError(f"{where}: a required wire field (no Maybe) takes no default")
        nullable = type(None) in args
        required = True
        rest = tuple(x for x in args if x is not type(None)) if union else (tp,)
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
            return _Plan(
                a.name,
                keys,
                "model",
                annotation,
                target=inner,
                required=required,
                nullable=nullable,
            )
        if _is_wire_model_list(inner):
            target = typing.get_args(inner)[0]
            return _Plan(
                a.name,
                keys,
                "model_list",
                annotation,
                target=target,
                required=required,
                nullable=nullable,
            )
        codec = _codec_for(inner, where)
        enum_cls, lenient = _enum_of(inner)
        if enum_cls is not None:
            return _Plan(
                a.name,
                keys,
                "enum",
                annotation,
                codec=codec,
                target=enum_cls,
                lenient=lenient,
                required=required,
                nullable=nullable,
            )
    # Identity dumps with fast wire types get the inline fast path; containers go generic.
    kind = "scalar" if codec.fast and codec.dump is _identity else "generic"
    return _Plan(a.name, keys, kind, annotation, codec=codec, required=required, nullable=nullable)


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
