"""The hook generator: one straight-line structure and unstructure function per model class."""

from __future__ import annotations

import linecache
import typing
from collections.abc import Callable, Mapping
from typing import Any

import cattrs
import orjson
from cattrs.errors import (
    ClassValidationError,
)

from coupang_async._converter._codecs import (
    _copy_json,
    _exact,
    _identity,
)
from coupang_async._converter._missing import MISSING
from coupang_async._converter._model import WireModel
from coupang_async._converter._plan import _is_wire_model, _is_wire_model_list, _Plan, _plan_class
from coupang_async._converter._runtime import (
    _absent,
    _enum_dump,
    _extras,
    _fail,
    _list_error,
    _memo_key,
    _memo_value,
    _models,
    _not_an_array,
    _not_an_object,
    _null,
)

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
    if plan.nullable:
        src.line(n + 1, f"o.{attr} = None")
    else:
        src.line(n + 1, f"errs = _fail(errs, _null(), {key!r}, {tp})")
    if var is None:
        src.line(n, "elif v is M:")
        if plan.required:
            src.line(n + 1, f"errs = _fail(errs, _absent(), {key!r}, {tp})")
        else:
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
        _absent=_absent,
        _null=_null,
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
