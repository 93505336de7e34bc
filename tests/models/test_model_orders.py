"""Orders, returns, exchanges, logistics, categories: the round-trip law on the §6–7 samples.

The samples are tests/models/data/ref_6_* and ref_7_* (see the README there). Besides the law on
each sample as it is, hypothesis mutates them (keys dropped, nulled, unknown keys added at any
depth, scalars respelled in other JSON types) and throws arbitrary JSON at every model.
"""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coupang_async.models import (
    AddressType,
    CategoryMeta,
    CategoryPrediction,
    CollectInformation,
    ExchangeRequest,
    ExchangeStatus,
    FaultType,
    Money,
    OrderItem,
    OrderItemV4,
    OrderSheet,
    OrderSheetV4,
    OrderStatus,
    OutboundShippingPlace,
    OutboundShippingPlaceList,
    OverseaShippingInfo,
    PayloadValidationError,
    PredictionResult,
    ReceiptStatus,
    RemoteInfo,
    ReturnCenter,
    ReturnCenterList,
    ReturnDeliveryItem,
    ReturnRequest,
    WireModel,
    converter,
    structure_payload,
    unknown_keys,
)
from tests.models._model_samples import DATA, differences, structure_or_required
from tests.models.test_model_properties import SETTINGS, _random_object, _variants, mutated

# file -> (model type, the key of the payload in the body; None = the whole body)
SAMPLES: dict[str, tuple[Any, str | None]] = {
    "ref_6_1_category_meta.json": (CategoryMeta, "data"),
    "ref_6_2_predict.json": (CategoryPrediction, "data"),
    "ref_6_3_outbound_places.json": (OutboundShippingPlaceList, None),
    "ref_6_3_outbound_places_2019.json": (OutboundShippingPlaceList, "data"),
    "ref_6_4_return_centers.json": (ReturnCenterList, "data"),
    "ref_7_1_ordersheets_v4.json": (list[OrderSheetV4], "data"),
    "ref_7_1_ordersheets_v5.json": (list[OrderSheet], "data"),
    "ref_7_2_return_requests.json": (list[ReturnRequest], "data"),
    "ref_7_3_exchange_requests.json": (list[ExchangeRequest], "data"),
}
NAMES = sorted(SAMPLES)
MODELS: list[type[WireModel]] = [
    CategoryMeta,
    CategoryPrediction,
    OutboundShippingPlaceList,
    ReturnCenterList,
    OrderSheet,
    OrderSheetV4,
    ReturnRequest,
    ExchangeRequest,
]


def load(name: str) -> Any:
    """The payload of a sample file, freshly parsed."""
    body = json.loads((DATA / name).read_text(encoding="utf-8"))
    key = SAMPLES[name][1]
    return body if key is None else body[key]


def model_type(name: str) -> Any:
    """The type a sample structures as."""
    return SAMPLES[name][0]


@pytest.mark.parametrize("name", NAMES)
def test_round_trip_law(name: str) -> None:
    """unstructure(structure(payload)) == payload, JSON types included, for every sample."""
    payload = load(name)
    back = converter.unstructure(converter.structure(payload, model_type(name)))
    assert back == payload
    assert differences(back, payload) == []


@pytest.mark.parametrize("name", NAMES)
def test_models_know_every_documented_field(name: str) -> None:
    """No field of the reference samples ends up in `extra`."""
    assert unknown_keys(converter.structure(load(name), model_type(name))) == []


@pytest.mark.parametrize("name", NAMES)
def test_structure_of_unstructure_and_copies(name: str) -> None:
    """Structuring again gives an equal model; copies and pickles round-trip exactly too."""
    tp = model_type(name)
    payload = load(name)
    model = converter.structure(payload, tp)
    assert converter.structure(converter.unstructure(model), tp) == model
    clone = pickle.loads(pickle.dumps(model))  # noqa: S301 - our own bytes
    for copied in (copy.deepcopy(model), clone):
        assert differences(converter.unstructure(copied), payload) == []


def test_v5_order_sheet_fields() -> None:
    """The v5 sample: Money amounts, an 18-digit id, enum status, the order's extraProperties."""
    (sheet,) = converter.structure(load("ref_7_1_ordersheets_v5.json"), list[OrderSheet])
    assert sheet.shipment_box_id == 642538970006401429
    assert sheet.status is OrderStatus.FINAL_DELIVERY
    assert sheet.shipping_price == Money(currency_code="KRW", units=5000, nanos=0)
    assert sheet.remote_price is None
    assert sheet.extra_properties == {"sameDayShipping": "false", "cutOffTimeHour": "0"}
    assert sheet.in_transit_date_time == "2025-01-15T14:17:13.973885-08:00"
    assert isinstance(sheet.oversea_shipping_info, OverseaShippingInfo)
    assert sheet.oversea_shipping_info.orderer_ssn == ""
    item = (sheet.order_items or [])[0]
    assert isinstance(item, OrderItem)
    assert isinstance(item.instant_coupon_discount, Money)
    assert item.instant_coupon_discount.amount == 2000
    assert item.etc_info_values == ["추가메시지1", "추가메시지2"]


def test_v4_order_sheet_fields() -> None:
    """The v4 sample: amounts in won, null discount, zone-less timestamps as text."""
    (sheet,) = converter.structure(load("ref_7_1_ordersheets_v4.json"), list[OrderSheetV4])
    assert sheet.shipping_price == 2500
    item = (sheet.order_items or [])[0]
    assert isinstance(item, OrderItemV4)
    assert item.sales_price == 19900
    assert item.discount_price is None
    assert item.confirm_date == "2017-10-25 00:10:33"


def test_masked_shipment_box_id_is_reported_with_its_path() -> None:
    """The source's masked id ("64253897***…") is not a number: a clear, path-naming error."""
    payload = load("ref_7_1_ordersheets_v5.json")
    payload[0]["shipmentBoxId"] = "64253897***6401429 (masked in source)"
    with pytest.raises(PayloadValidationError) as info:
        structure_payload(payload, list[OrderSheet], path="$.data")
    assert info.value.errors == [
        "expected an integer, got a non-numeric string @ $.data[0].shipmentBoxId"
    ]


def test_v5_money_in_a_v4_model_is_an_error() -> None:
    """A money object where v4 has a number is reported, not silently dropped."""
    with pytest.raises(PayloadValidationError, match=r"@ \$\.shippingPrice"):
        structure_payload({"shippingPrice": {"units": 1}}, OrderSheetV4)


# The keys an order sheet always carries (its plain-typed fields).
SHEET_KEYS: dict[str, Any] = {"shipmentBoxId": 1, "orderId": 2}


@pytest.mark.parametrize(
    ("model", "payload", "attribute", "value"),
    [
        (OrderSheet, {**SHEET_KEYS, "inTrasitDateTime": "x"}, "in_transit_date_time", "x"),
        (OrderSheet, {**SHEET_KEYS, "inTransitDateTime": "x"}, "in_transit_date_time", "x"),
        (ReturnDeliveryItem, {"moodifiedAt": "x"}, "modified_at", "x"),
        (ReturnDeliveryItem, {"modifiedAt": "x"}, "modified_at", "x"),
        (RemoteInfo, {"jeju": 5000, "notJeju": 2500}, "jeju_fee", 5000),
        (RemoteInfo, {"jejuFee": 5000, "notJejuFee": 2500}, "not_jeju_fee", 2500),
        (
            ReturnCenter,
            {"returnCenterCode": "1", "createAt": 1531379440000},
            "created_at",
            1531379440000,
        ),
    ],
)
def test_spelling_variants_are_read_and_written_back(
    model: type[WireModel], payload: dict[str, Any], attribute: str, value: Any
) -> None:
    """Coupang's typos and spec spellings are read, and the key read is the key written."""
    structured = converter.structure(payload, model)
    assert getattr(structured, attribute) == value
    assert structured.extra == {}
    assert converter.unstructure(structured) == payload


def test_enums_of_the_families() -> None:
    """Known values become members; values Coupang adds later stay plain strings."""
    exchange = converter.structure(
        {
            "exchangeId": 1,
            "orderId": 2,
            "exchangeStatus": "SUCCESS",
            "faultType": "WMS",
            "orderDeliveryStatusCode": "X",
        },
        ExchangeRequest,
    )
    assert exchange.exchange_status is ExchangeStatus.SUCCESS
    assert exchange.fault_type == "WMS"
    assert not isinstance(exchange.fault_type, FaultType)
    assert exchange.order_delivery_status_code == "X"
    request = converter.structure(
        {"receiptId": 1, "orderId": 2, "receiptStatus": "VENDOR_WAREHOUSE_CONFIRM"}, ReturnRequest
    )
    assert request.receipt_status is ReceiptStatus.VENDOR_WAREHOUSE_CONFIRM
    place = converter.structure(
        {"returnCenterCode": "1", "placeAddresses": [{"addressType": "ROADNAME"}]}, ReturnCenter
    )
    assert (place.place_addresses or [])[0].address_type is AddressType.ROADNAME
    prediction = converter.structure(
        {"autoCategorizationPredictionResultType": "FAILURE"}, CategoryPrediction
    )
    assert prediction.result_type is PredictionResult.FAILURE
    assert OrderStatus("ACCEPT") is OrderStatus.ACCEPT
    assert OrderStatus.ACCEPT == "ACCEPT"


def test_models_build_in_python() -> None:
    """Models construct with keywords and write their camelCase keys."""
    info = CollectInformation(items=[ReturnDeliveryItem(modified_at="t", count=1)])
    assert converter.unstructure(info) == {
        "returndeliveryItemDtos": [{"moodifiedAt": "t", "count": 1}]
    }
    place = OutboundShippingPlace(
        outbound_shipping_place_code=74010, remote_infos=[RemoteInfo(jeju_fee=1)]
    )
    assert converter.unstructure(place) == {
        "outboundShippingPlaceCode": 74010,
        "remoteInfos": [{"jeju": 1}],
    }


# -- hypothesis ------------------------------------------------------------------------------------

sample_and_payload = st.sampled_from(NAMES).flatmap(
    lambda name: st.tuples(st.just(name), mutated(load(name)))
)


@SETTINGS
@given(sample_and_payload)
def test_round_trip_law_on_mutated_samples(case: tuple[str, Any]) -> None:
    """The law holds with unknown keys, nulls, removed keys and respelled scalars anywhere."""
    name, payload = case
    tp = model_type(name)
    model = structure_or_required(payload, tp)
    if model is None:
        return
    back = converter.unstructure(model)
    assert differences(back, payload) == []
    assert converter.structure(back, tp) == model


def test_every_object_nulled_emptied_and_extended() -> None:
    """Each object of each sample, all keys null, all removed, or one key added, round-trips."""
    count = ok = 0
    for name in NAMES:
        for variant in _variants(load(name)):
            count += 1
            model = structure_or_required(variant, model_type(name))
            if model is None:  # a required key nulled or removed: a clean error instead
                continue
            back = converter.unstructure(model)
            assert differences(back, variant) == [], name
            ok += 1
    assert count > 150  # every object of every sample, three ways
    assert ok > 0.8 * count  # only the objects that hold required keys fail


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


@SETTINGS
@given(st.integers(min_value=0, max_value=10**18 - 1), st.sampled_from([int, str]))
def test_shipment_box_ids_up_to_18_digits(value: int, spelling: type) -> None:
    """An 18-digit shipmentBoxId is an exact int, sent as a number or a string, written as sent."""
    payload = {"shipmentBoxId": spelling(value), "orderId": 1}
    sheet = converter.structure(payload, OrderSheet)
    assert sheet.shipment_box_id == value
    assert differences(converter.unstructure(sheet), payload) == []


@SETTINGS
@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=0, max_value=999_999_999),
)
def test_money_amount_and_of_are_inverse(units: int, nanos: int) -> None:
    """Money.of(Money.amount) gives the same units and nanos (signs kept together)."""
    signed = -nanos if units < 0 else nanos
    money = Money(currency_code="KRW", units=units, nanos=signed)
    amount = money.amount
    assert amount is not None
    assert Money.of(amount) == money
