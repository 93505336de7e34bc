"""The recipe for other model families: declaring attrs classes is enough to be lossless."""

from __future__ import annotations

import enum
from collections import OrderedDict
from typing import Annotated, Any

import attrs
import pytest

from coupang_async._converter import Codec, PayloadValidationError
from coupang_async.models import MISSING, Maybe, WireModel, converter, structure_payload, wire
from tests.models._model_samples import differences


class DeliveryStatus(enum.StrEnum):
    """An order status, as another family would declare it."""

    ACCEPT = "ACCEPT"
    FINAL_DELIVERY = "FINAL_DELIVERY"


@attrs.define(kw_only=True, repr=False)
class RemoteInfo(WireModel):
    """A logistics-style model: the 2019 spec says jejuFee, the samples say jeju."""

    remote_info_id: Maybe[int] = MISSING
    delivery_code: Maybe[str] = MISSING
    jeju_fee: Annotated[Maybe[int], wire("jejuFee", "jeju")] = MISSING
    not_jeju_fee: Annotated[Maybe[int], wire("notJejuFee", "notJeju")] = MISSING
    usable: Maybe[bool] = MISSING


@attrs.define(kw_only=True, repr=False)
class OrderItem(WireModel):
    """An order-style item."""

    vendor_item_id: Maybe[int] = MISSING
    sales_price: Maybe[int] = MISSING
    etc_info_values: Maybe[list[str]] = MISSING
    extra_properties: Maybe[dict[str, Any]] = MISSING
    confirm_date: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class OrderSheet(WireModel):
    """An order-style model with Coupang's own spelling of a key."""

    shipment_box_id: Maybe[int] = MISSING
    status: Maybe[DeliveryStatus | str] = MISSING
    strict_status: Maybe[DeliveryStatus] = MISSING
    in_transit_date_time: Annotated[Maybe[str], wire("inTrasitDateTime")] = MISSING
    order_items: Maybe[list[OrderItem]] = MISSING
    remote_infos: Maybe[list[RemoteInfo]] = MISSING
    counts: Maybe[dict[str, int]] = MISSING
    anything: Maybe[Any] = MISSING


ORDER = {
    "shipmentBoxId": 448531493,
    "status": "FINAL_DELIVERY",
    "inTrasitDateTime": "2017-10-16 22:08:04",
    "orderItems": [
        {
            "vendorItemId": 3242596358,
            "salesPrice": 19900,
            "etcInfoValues": ["추가메시지1", "추가메시지2"],
            "extraProperties": {},
            "confirmDate": "2017-10-25 00:10:33",
            "pricingBadge": False,
        }
    ],
    "remoteInfos": [
        {
            "remoteInfoId": 105,
            "deliveryCode": "AJOU",
            "jeju": 70000,
            "notJeju": 30000,
            "usable": True,
        },
        {"remoteInfoId": 581487, "deliveryCode": "DIRECT", "jejuFee": 5000, "notJejuFee": 2500},
    ],
    "counts": {"a": 1, "b": "2"},
    "anything": [{"x": None}],
    "refer": "안드로이드앱",
}


def test_new_family_is_lossless() -> None:
    """A model declared by the recipe round-trips exactly, renamed and fallback keys included."""
    order = converter.structure(ORDER, OrderSheet)
    assert differences(converter.unstructure(order), ORDER) == []


def test_new_family_is_typed() -> None:
    """The recipe gives typed access under snake_case names."""
    order = converter.structure(ORDER, OrderSheet)
    assert order.in_transit_date_time == "2017-10-16 22:08:04"
    assert order.status is DeliveryStatus.FINAL_DELIVERY
    assert order.extra == {"refer": "안드로이드앱"}
    remote = order.remote_infos or []
    assert [r.jeju_fee for r in remote] == [70000, 5000]
    assert [r.not_jeju_fee for r in remote] == [30000, 2500]
    assert order.counts == {"a": 1, "b": 2}
    items = order.order_items or []
    assert items[0].etc_info_values == ["추가메시지1", "추가메시지2"]
    assert items[0].extra == {"pricingBadge": False}


def test_fallback_key_read_is_written_back() -> None:
    """Each object writes the key it read; edited values keep that key."""
    order = converter.structure(ORDER, OrderSheet)
    first, _ = order.remote_infos or []
    first.jeju_fee = 71000
    out = converter.unstructure(order)["remoteInfos"]
    assert out[0]["jeju"] == 71000
    assert "jejuFee" not in out[0]
    assert out[1]["jejuFee"] == 5000
    assert converter.unstructure(RemoteInfo(jeju_fee=1)) == {"jejuFee": 1}


def test_strict_enum_rejects_unknown_values() -> None:
    """A field declared with a bare enum (no `| str`) rejects values it does not list."""
    assert converter.structure({"strictStatus": "ACCEPT"}, OrderSheet).strict_status is (
        DeliveryStatus.ACCEPT
    )
    with pytest.raises(
        ValueError, match=r"expected one of ACCEPT, FINAL_DELIVERY @ \$.strictStatus"
    ):
        structure_payload({"strictStatus": "NEW"}, OrderSheet)


def test_list_of_scalars_round_trips_coerced_elements() -> None:
    """A list of strings sent with a number keeps the number on the trip back."""
    payload = {"etcInfoValues": ["a", 1, None]}
    item = converter.structure(payload, OrderItem)
    assert item.etc_info_values == ["a", "1", None]
    assert differences(converter.unstructure(item), payload) == []
    assert item.etc_info_values is not None
    item.etc_info_values.append("b")
    assert converter.unstructure(item) == {"etcInfoValues": ["a", "1", None, "b"]}


@attrs.define(kw_only=True, repr=False)
class NotOptional(WireModel):
    """Misdeclared: a required (plain-typed) field with a default."""

    value: int = 0


@attrs.define(kw_only=True, repr=False)
class WrongDefault(WireModel):
    """Misdeclared: default is not MISSING."""

    value: Maybe[int] = None


@attrs.define(kw_only=True, repr=False)
class DuplicateKey(WireModel):
    """Misdeclared: two fields read the same wire key."""

    value: Maybe[int] = MISSING
    other: Annotated[Maybe[int], wire("value")] = MISSING


@attrs.define(kw_only=True, repr=False)
class Unsupported(WireModel):
    """Misdeclared: a type with no codec."""

    value: Maybe[complex] = MISSING


@attrs.define(kw_only=True, repr=False)
class WithValidator(WireModel):
    """Misdeclared: validators would reject what the API sends."""

    value: Maybe[int] = attrs.field(default=MISSING, validator=attrs.validators.instance_of(int))


@pytest.mark.parametrize(
    ("cls", "message"),
    [
        (NotOptional, r"NotOptional.value: a required wire field \(no Maybe\) takes no default"),
        (WrongDefault, r"WrongDefault.value: wire fields default to MISSING"),
        (DuplicateKey, r"DuplicateKey: wire key 'value' used by value too"),
        (Unsupported, r"Unsupported.value: unsupported type"),
        (WithValidator, r"WithValidator.value: wire fields take no validator"),
    ],
)
def test_misdeclared_models_fail_clearly(cls: type[WireModel], message: str) -> None:
    """A model that breaks the recipe raises a TypeError naming the field on first use."""
    with pytest.raises(TypeError, match=message):
        converter.structure({}, cls)


def test_missing_none_in_annotation_fails_clearly() -> None:
    """A field whose type does not admit null and MISSING is rejected on first use."""

    @attrs.define(kw_only=True, repr=False)
    class NoNull(WireModel):
        value: int | None = MISSING  # type: ignore[assignment]

    with pytest.raises(TypeError, match=r"a required wire field \(no Maybe\) takes no default"):
        converter.structure({}, NoNull)


def test_self_referencing_model() -> None:
    """A model that contains itself (a category tree) is supported."""

    @attrs.define(kw_only=True, repr=False)
    class Category(WireModel):
        name: Maybe[str] = MISSING
        child: Maybe[Category] = MISSING

    globals()["Category"] = Category  # resolvable like a module-level class
    payload = {"name": "a", "child": {"name": "b", "child": None, "x": 1}}
    tree = converter.structure(payload, Category)
    assert isinstance(tree.child, Category)
    assert converter.unstructure(tree) == payload


def _yes_no(value: Any) -> bool:
    if value in ("Y", "N"):
        return bool(value == "Y")
    raise ValueError("expected Y or N")


YES_NO = Codec("Y or N", (), _yes_no, lambda flag: "Y" if flag else "N")


@attrs.define(kw_only=True, repr=False)
class WithCodec(WireModel):
    """A field with its own codec: Y/N on the wire, bool in Python."""

    deliverable: Annotated[Maybe[bool], YES_NO] = MISSING


def test_custom_codec() -> None:
    """A Codec in the annotation converts both ways; null and absent still work."""
    model = converter.structure({"deliverable": "Y"}, WithCodec)
    assert model.deliverable is True
    model.deliverable = False
    assert converter.unstructure(model) == {"deliverable": "N"}
    assert converter.unstructure(converter.structure({"deliverable": None}, WithCodec)) == {
        "deliverable": None
    }
    assert converter.unstructure(converter.structure({}, WithCodec)) == {}
    with pytest.raises(ValueError, match=r"@ \$.deliverable"):
        structure_payload({"deliverable": "maybe"}, WithCodec)


def test_python_mappings_and_tuples_are_accepted() -> None:
    """Payloads built in Python may use other mappings and tuples for objects and arrays."""
    payload = OrderedDict(shipmentBoxId=1, orderItems=(OrderedDict(vendorItemId=2),))
    order = converter.structure(payload, OrderSheet)
    assert [i.vendor_item_id for i in order.order_items or ()] == [2]
    assert converter.unstructure(order) == {"shipmentBoxId": 1, "orderItems": [{"vendorItemId": 2}]}
    with pytest.raises(ValueError, match=r"expected an array, got a string @ \$.orderItems"):
        structure_payload({"orderItems": "x"}, OrderSheet)


@attrs.define(kw_only=True, repr=False)
class Keyed(WireModel):
    """Plain-typed fields: the key is always there (``int``), or always there but nullable."""

    key_id: int
    label: str | None
    children: list[Keyed]
    note: Maybe[str] = MISSING


def test_required_fields_round_trip_and_are_plain_types() -> None:
    """A payload with the required keys round-trips, spellings and unknown keys included."""
    payload = {
        "keyId": "7",
        "label": None,
        "children": [{"keyId": 8, "label": "x", "children": []}],
    }
    keyed = converter.structure({**payload, "x_new": 1}, Keyed)
    assert keyed.key_id == 7
    assert keyed.children[0].key_id + 1 == 9  # an int, no narrowing needed
    assert keyed.note is MISSING
    assert converter.unstructure(keyed) == {**payload, "x_new": 1}
    assert converter.unstructure(Keyed(key_id=1, label=None, children=[])) == {
        "keyId": 1,
        "label": None,
        "children": [],
    }


@pytest.mark.parametrize(
    ("payload", "messages"),
    [
        ({"label": "x", "children": []}, ["required key is absent @ $.keyId"]),
        ({"keyId": None, "label": "x", "children": []}, ["required, got null @ $.keyId"]),
        (
            {"keyId": 1, "children": None},
            [
                "required key is absent @ $.label",
                "required, got null @ $.children",
            ],
        ),
        (
            {"keyId": 1, "label": None, "children": [{"label": None, "children": []}]},
            ["required key is absent @ $.children[0].keyId"],
        ),
    ],
)
def test_required_keys_absent_or_null_are_decode_errors(
    payload: dict[str, Any], messages: list[str]
) -> None:
    """Absence (or null where null is not allowed) fails at decode time, naming the path."""
    with pytest.raises(PayloadValidationError) as info:
        structure_payload(payload, Keyed)
    assert sorted(info.value.errors) == sorted(messages)
