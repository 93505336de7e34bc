"""The order-to-cash answers: the round-trip law on every sample of the fulfilment reference.

The samples are tests/models/data/fulfil_* (see the README there), copied from the reference's
JSON blocks. Each is checked as it is and under hypothesis mutations (keys dropped, nulled,
unknown keys added at any depth, scalars respelled in other JSON types).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coupang_async.models import (
    BatchResponse,
    CancelResult,
    CollectionInvoice,
    DeliveryHistory,
    OrderSheet,
    OrderStatus,
    RefundDeliveryDuty,
    ReturnWithdrawal,
    RocketGrowthInventory,
    RocketGrowthInventoryDetails,
    RocketGrowthOrder,
    SimpleResult,
    converter,
    unknown_keys,
)
from tests.models._model_samples import DATA, differences, structure_or_required
from tests.models.test_model_properties import SETTINGS, mutated

# file -> model type of the body's "data"
SAMPLES: dict[str, Any] = {
    "fulfil_2_1_ordersheet_v5.json": OrderSheet,
    "fulfil_2_3_history.json": DeliveryHistory,
    "fulfil_2_4_acknowledge.json": BatchResponse,
    "fulfil_2_5_invoices.json": BatchResponse,
    "fulfil_2_5_invoices_failure.json": BatchResponse,
    "fulfil_2_6_update_invoices.json": BatchResponse,
    "fulfil_2_7_stopped_shipment.json": SimpleResult,
    "fulfil_2_8_completed_shipment.json": SimpleResult,
    "fulfil_2_9_cancel_partial.json": CancelResult,
    "fulfil_2_9_cancel_failed.json": CancelResult,
    "fulfil_3_4_withdrawals.json": list[ReturnWithdrawal],
    "fulfil_3_5_collection_invoice.json": CollectionInvoice,
    "fulfil_4_2_reject_exchange.json": SimpleResult,
    "fulfil_4_3_exchange_invoice.json": SimpleResult,
    "fulfil_5_1_rg_orders.json": list[RocketGrowthOrder],
    "fulfil_5_2_rg_order.json": RocketGrowthOrder,
    "fulfil_5_3_rg_inventory.json": list[RocketGrowthInventory],
}
NAMES = sorted(SAMPLES)


def load(name: str) -> Any:
    """The ``data`` of a sample body, freshly parsed (exact ints: no float on the way)."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))["data"]


@pytest.mark.parametrize("name", NAMES)
def test_round_trip_law(name: str) -> None:
    """unstructure(structure(payload)) == payload, JSON types included."""
    payload = load(name)
    back = converter.unstructure(converter.structure(payload, SAMPLES[name]))
    assert back == payload
    assert differences(back, payload) == []


@pytest.mark.parametrize("name", NAMES)
def test_models_know_every_documented_field(name: str) -> None:
    """No documented field ends up in `extra`."""
    assert unknown_keys(converter.structure(load(name), SAMPLES[name])) == []


sample_and_payload = st.sampled_from(NAMES).flatmap(
    lambda name: st.tuples(st.just(name), mutated(load(name)))
)


@SETTINGS
@given(sample_and_payload)
def test_round_trip_law_on_mutated_samples(case: tuple[str, Any]) -> None:
    """The law holds with unknown keys, nulls, removed keys and respelled scalars anywhere."""
    name, payload = case
    model = structure_or_required(payload, SAMPLES[name])
    if model is None:
        return
    back = converter.unstructure(model)
    assert differences(back, payload) == []
    assert converter.structure(back, SAMPLES[name]) == model


def test_order_sheet_by_box_keeps_the_18_digit_id_exact() -> None:
    """642538971006401429 is above 2**53: it must come out as exactly that int."""
    sheet = converter.structure(load("fulfil_2_1_ordersheet_v5.json"), OrderSheet)
    assert sheet.shipment_box_id == 642538971006401429
    assert sheet.status is OrderStatus.FINAL_DELIVERY
    assert isinstance(sheet.extra_properties, dict)
    assert sheet.extra_properties["cutOffTimeHour"] == "18"


def test_batch_response_reads_per_box_outcomes() -> None:
    """The acknowledgement sample: one box OK, one failed with retryRequired; responseKey < 0."""
    answer = converter.structure(load("fulfil_2_4_acknowledge.json"), BatchResponse)
    assert answer.response_key == -7326489997410939972
    assert answer.response_code == 1
    ok, failed = answer.response_list or []
    assert (ok.shipment_box_id, ok.succeed, ok.result_code) == (102391542, True, "OK")
    assert (failed.succeed, failed.result_code, failed.retry_required) == (
        False,
        "NOT_FOUND_SHIPMENT_BOX",
        True,
    )


def test_cancel_result_reads_both_receipt_map_forms() -> None:
    """receiptMap keyed by receipt id (current) and the flat 2019 form give the same receipts."""
    partial = converter.structure(load("fulfil_2_9_cancel_partial.json"), CancelResult)
    (receipt,) = partial.receipts
    assert receipt.receipt_id == 44698107
    assert receipt.vendor_item_ids == [3145181065, 3145181067]
    assert partial.failed == [3145181064]
    flat = converter.structure(
        {"receiptMap": {"receiptId": 5, "receiptType": "CANCEL", "totalCount": 1}}, CancelResult
    )
    assert [r.receipt_id for r in flat.receipts] == [5]
    failed = converter.structure(load("fulfil_2_9_cancel_failed.json"), CancelResult)
    assert failed.receipts == []
    assert len(failed.failed) == 3


def test_simple_results_and_the_nested_already_shipped_form() -> None:
    """SimpleResult reads SUCCESS/FAIL; the already-shipped answer nests code and message."""
    nested = converter.structure(load("fulfil_2_8_completed_shipment.json"), SimpleResult)
    assert nested.code == "200"
    assert nested.succeeded
    assert not converter.structure({"resultCode": "FAIL"}, SimpleResult).succeeded


def test_rocket_growth_prices_and_paid_at_in_both_spellings() -> None:
    """unitSalesPrice (listing) and salesPrice (single order); epoch-ms and ISO paidAt."""
    (listed,) = converter.structure(load("fulfil_5_1_rg_orders.json"), list[RocketGrowthOrder])
    single = converter.structure(load("fulfil_5_2_rg_order.json"), RocketGrowthOrder)
    assert (listed.order_items or [])[0].price == 27800
    assert (single.order_items or [])[0].price == 15000
    assert listed.paid_at_datetime == dt.datetime(2025, 5, 1, 9, 52, 42, tzinfo=dt.UTC)
    assert single.paid_at_datetime == dt.datetime(2024, 6, 2, 17, 13, 27, tzinfo=dt.UTC)
    (stock,) = converter.structure(
        load("fulfil_5_3_rg_inventory.json"), list[RocketGrowthInventory]
    )
    assert isinstance(stock.inventory_details, RocketGrowthInventoryDetails)
    assert stock.inventory_details.total_orderable_quantity == 10


def test_withdrawal_enum() -> None:
    """refundDeliveryDuty becomes a member; unknown values stay strings."""
    (row,) = converter.structure(load("fulfil_3_4_withdrawals.json"), list[ReturnWithdrawal])
    assert row.refund_delivery_duty is RefundDeliveryDuty.COM
    other = converter.structure({"refundDeliveryDuty": "XYZ"}, ReturnWithdrawal)
    assert other.refund_delivery_duty == "XYZ"
