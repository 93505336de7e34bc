"""Property-based round trips: samples with unknown keys, nulls, removed keys, other JSON types."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coupang_async._converter._plan import _plan_class
from coupang_async.models import (
    PartialProductUpdate,
    PayloadValidationError,
    Product,
    ProductSummary,
    StatusHistoryEntry,
    VendorItemInventory,
    WireModel,
    converter,
    structure_payload,
)
from tests.models._model_samples import (
    SAMPLES,
    differences,
    load,
    model_type,
    structure_or_required,
)

# Keys the models never declare (they start with "x_"), so they are unknown wherever they land.
unknown_key = st.text(min_size=0, max_size=6).map(lambda s: "x_" + s)
json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**18), max_value=10**18)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
SETTINGS = settings(max_examples=150, deadline=None)


def _numeric_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return text.strip().lower() in ("true", "false")
    return True


@st.composite
def respelled(draw: st.DrawFn, value: Any) -> Any:
    """The same scalar in another JSON type the API is known to use (§9), or unchanged."""
    if isinstance(value, bool):
        return draw(st.sampled_from([value, "true" if value else "false"]))
    if isinstance(value, int):
        return draw(st.sampled_from([value, float(value), str(value)]))
    if isinstance(value, float):
        options: list[Any] = [value, str(value)]
        if value.is_integer():
            options.append(int(value))
        return draw(st.sampled_from(options))
    if isinstance(value, str) and not _numeric_text(value):
        # Any text fits a string field, and an unknown value must be kept by an enum field.
        return draw(st.sampled_from([value, value + "_NEW"]) | st.text(max_size=6))
    return value


@st.composite
def mutated(draw: st.DrawFn, value: Any, *, keep_values: bool = False) -> Any:
    """Recursively: drop keys, null keys, add unknown keys (nested too), respell scalars."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            action = draw(st.sampled_from(["keep", "keep", "keep", "null", "drop"]))
            if action == "drop":
                continue
            out[key] = None if action == "null" else draw(mutated(item, keep_values=keep_values))
        for key in draw(st.lists(unknown_key, max_size=2, unique=True)):
            if key not in out:
                out[key] = draw(json_value)
        return out
    if isinstance(value, list):
        items = [draw(mutated(item, keep_values=keep_values)) for item in value]
        drop_one: bool = draw(st.booleans())
        if items and drop_one:
            del items[draw(st.integers(0, len(items) - 1))]
        return items
    return value if keep_values else draw(respelled(value))


sample_and_payload = st.sampled_from(sorted(SAMPLES)).flatmap(
    lambda name: st.tuples(st.just(name), mutated(load(name)))
)


@SETTINGS
@given(sample_and_payload)
def test_round_trip_law_on_mutated_samples(case: tuple[str, Any]) -> None:
    """The law holds for samples with unknown keys, nulls, removed keys and respelled scalars."""
    name, payload = case
    model = structure_or_required(payload, model_type(name))
    if model is None:
        return
    back = converter.unstructure(model)
    assert back == payload
    assert differences(back, payload) == []


@SETTINGS
@given(sample_and_payload)
def test_structuring_is_stable(case: tuple[str, Any]) -> None:
    """Structuring the round-tripped payload gives an equal model."""
    name, payload = case
    tp = model_type(name)
    model = structure_or_required(payload, tp)
    if model is None:
        return
    assert converter.structure(converter.unstructure(model), tp) == model


def _unknown_keys_in_order(value: Any, path: str = "$") -> dict[str, list[str]]:
    """Path of every object -> its unknown keys in order (key order itself may differ)."""
    found: dict[str, list[str]] = {}
    if isinstance(value, dict):
        found[path] = [k for k in value if k.startswith("x_")]
        for key, item in value.items():
            found.update(_unknown_keys_in_order(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(_unknown_keys_in_order(item, f"{path}[{index}]"))
    return found


@SETTINGS
@given(
    st.sampled_from(sorted(SAMPLES)).flatmap(
        lambda name: st.tuples(st.just(name), mutated(load(name), keep_values=True))
    )
)
def test_unknown_keys_keep_their_order(case: tuple[str, Any]) -> None:
    """Unknown keys come back in their wire order, at every level."""
    name, payload = case
    model = structure_or_required(payload, model_type(name))
    if model is None:
        return
    back = converter.unstructure(model)
    assert _unknown_keys_in_order(back) == _unknown_keys_in_order(payload)


@SETTINGS
@given(st.integers(min_value=0, max_value=10**18 - 1), st.sampled_from([int, float, str]))
def test_integer_ids_in_any_spelling(value: int, spelling: type) -> None:
    """An id up to 18 digits is the same int whether sent as a number or a string."""
    wire: Any = spelling(value) if spelling is not float or value < 2**53 else value
    summary = converter.structure({"sellerProductId": wire}, ProductSummary)
    assert summary.seller_product_id == value
    assert differences(converter.unstructure(summary), {"sellerProductId": wire}) == []


def _objects(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path (keys and indexes) of every object in a JSON value."""
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        found.append(path)
        for key, item in value.items():
            found.extend(_objects(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_objects(item, (*path, index)))
    return found


def _variants(payload: Any) -> list[Any]:
    """For every object of the payload: all its keys null, all removed, an unknown key added."""
    variants = []
    for path in _objects(payload):
        for change in ("null", "empty", "extra"):
            copy = converter.unstructure(payload)  # a deep copy of plain JSON
            target = copy
            for step in path:
                target = target[step]
            if change == "null":
                target.update(dict.fromkeys(target))
            elif change == "empty":
                target.clear()
            else:
                target["x_new"] = {"nested": [1, None, {"deep": True}]}
            variants.append(copy)
    return variants


def test_every_object_nulled_emptied_and_extended() -> None:
    """Each object of each sample, with all keys null, all removed, or an extra key, round-trips."""
    count = ok = 0
    for name in sorted(SAMPLES):
        for variant in _variants(load(name)):
            count += 1
            model = structure_or_required(variant, model_type(name))
            if model is None:  # a required key nulled or removed: a clean error instead
                continue
            back = converter.unstructure(model)
            assert differences(back, variant) == [], name
            ok += 1
    assert count > 500  # every object of every sample, three ways
    assert ok > 0.8 * count  # only the objects that hold required keys fail


def _random_object(cls: type[WireModel], depth: int) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with any subset of `cls`'s wire keys holding arbitrary (often wrong) JSON."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for plan in _plan_class(cls):
        value: st.SearchStrategy[Any] = json_value
        if plan.kind == "model" and depth > 0:
            value = _random_object(plan.target, depth - 1) | json_value
        elif plan.kind == "model_list" and depth > 0:
            value = st.lists(_random_object(plan.target, depth - 1), max_size=2) | json_value
        for key in plan.keys:
            fields[key] = value
    known = st.fixed_dictionaries({}, optional=fields)
    unknown = st.dictionaries(unknown_key, json_value, max_size=2)
    return st.tuples(known, unknown).map(lambda pair: {**pair[0], **pair[1]})


MODELS = [Product, ProductSummary, StatusHistoryEntry, PartialProductUpdate, VendorItemInventory]


@SETTINGS
@given(st.sampled_from(MODELS).flatmap(lambda cls: st.tuples(st.just(cls), _random_object(cls, 2))))
def test_arbitrary_json_round_trips_or_fails_cleanly(case: tuple[type[WireModel], Any]) -> None:
    """Any JSON under known keys either round-trips exactly or raises a path-naming error."""
    cls, payload = case
    errors: list[str] = []
    try:
        model = structure_payload(payload, cls)
    except PayloadValidationError as exc:
        errors = exc.errors or ["(no message)"]
    else:
        assert differences(converter.unstructure(model), payload) == []
    assert all(" @ $" in message for message in errors)
