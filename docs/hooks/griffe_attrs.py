"""Griffe extension: the ``__init__`` that attrs generates, for the API reference.

Griffe reads the package statically, so a class decorated with ``@attrs.define`` /
``@attrs.frozen`` / ``@attrs.mutable`` has no ``__init__`` to show. This extension writes one from
the class's annotated attributes, the way attrs does: in definition order with inherited fields
first, ``kw_only`` from the decorator or the field, ``attrs.field(init=False)`` left out, the
default (``default=``, ``factory=``) shown, and a leading underscore dropped from the argument
name (attrs' private-attribute rule, unless ``alias=`` says otherwise). With mkdocstrings'
``merge_init_into_class`` the reader sees ``PriceUpdate(vendor_item_id: int, price: int)``.
"""

from __future__ import annotations

import ast
from typing import Any

import griffe

_DECORATORS = frozenset(
    {
        "attrs.define",
        "attrs.frozen",
        "attrs.mutable",
        "attr.define",
        "attr.frozen",
        "attr.mutable",
        "attr.s",
        "attr.attrs",
    }
)
_POSITIONAL = griffe.ParameterKind.positional_or_keyword
_FIELDS = frozenset({"attrs.field", "attr.field", "attr.ib", "attr.attrib"})


def _attrs_call(cls: griffe.Class) -> griffe.Expr | None:
    for decorator in cls.decorators:
        value = decorator.value
        if isinstance(value, griffe.Expr) and value.canonical_path in _DECORATORS:
            return value
    return None


def _arguments(expr: object) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if isinstance(expr, griffe.ExprCall):
        for argument in expr.arguments:
            if isinstance(argument, griffe.ExprKeyword):
                found[argument.name] = argument.value
    return found


def _field_call(attribute: griffe.Attribute) -> dict[str, Any] | None:
    value = attribute.value
    if isinstance(value, griffe.ExprCall) and value.canonical_path in _FIELDS:
        return _arguments(value)
    return None


def _own_parameters(cls: griffe.Class) -> list[griffe.Parameter]:
    decorator = _attrs_call(cls)
    options = _arguments(decorator) if decorator is not None else {}
    if str(options.get("init")) == "False":
        return []
    class_kw_only = str(options.get("kw_only")) == "True"
    parameters = []
    for member in cls.members.values():
        if member.is_alias or not isinstance(member, griffe.Attribute):
            continue
        if member.annotation is None or "property" in member.labels:
            continue
        if "class-attribute" in member.labels and "instance-attribute" not in member.labels:
            continue
        field = _field_call(member)
        if field is not None and str(field.get("init")) == "False":
            continue
        kw_only = class_kw_only or (field is not None and str(field.get("kw_only")) == "True")
        if field is None:
            default = member.value
        elif "default" in field:
            default = field["default"]
        elif "factory" in field:
            default = griffe.ExprCall(function=field["factory"], arguments=[])
        else:
            default = None
        alias = field.get("alias") if field is not None else None
        name = ast.literal_eval(str(alias)) if alias is not None else member.name.lstrip("_")
        kind = griffe.ParameterKind.keyword_only if kw_only else _POSITIONAL
        parameters.append(
            griffe.Parameter(
                name,
                annotation=member.annotation,
                kind=kind,
                default=default,
                docstring=member.docstring,
            )
        )
    return parameters


def _set_init(cls: griffe.Class) -> None:
    if _attrs_call(cls) is None or "__init__" in cls.members:
        return
    inherited: list[griffe.Parameter] = []
    try:
        parents = list(reversed(cls.mro()))
    except ValueError:
        parents = []
    for parent in parents:
        if _attrs_call(parent) is not None:
            inherited.extend(_own_parameters(parent))
    by_name = {parameter.name: parameter for parameter in [*inherited, *_own_parameters(cls)]}
    ordered = sorted(by_name.values(), key=lambda p: p.kind is griffe.ParameterKind.keyword_only)
    self_parameter = griffe.Parameter(
        "self", annotation=None, kind=griffe.ParameterKind.positional_or_keyword, default=None
    )
    init = griffe.Function(
        "__init__",
        lineno=0,
        endlineno=0,
        parent=cls,
        parameters=griffe.Parameters(self_parameter, *ordered),
        returns="None",
    )
    cls.set_member("__init__", init)


def _walk(obj: griffe.Module | griffe.Class, seen: set[str]) -> None:
    if obj.path in seen:
        return
    seen.add(obj.path)
    if isinstance(obj, griffe.Class):
        _set_init(obj)
    for member in obj.members.values():
        if not member.is_alias and isinstance(member, griffe.Module | griffe.Class):
            _walk(member, seen)


class AttrsExtension(griffe.Extension):
    """Give attrs classes the ``__init__`` attrs generates (see the module docstring)."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Walk the loaded package once it is complete."""
        _walk(pkg, set())
