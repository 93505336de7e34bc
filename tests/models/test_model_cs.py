"""Customer service, settlement, logistics writes, coupons, display categories: the round-trip law.

Every JSON sample of the customer-service and settlement reference (tests/models/data/cs_*, see
the README there) structures into its model and comes back unchanged, JSON types included; none
of their documented fields lands in ``extra``. Hypothesis mutates the samples as for the other
families.
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
    AnswerType,
    CallCenterInquiry,
    CallCenterInquiryList,
    CouponBudget,
    CouponJobStatus,
    DisplayCategory,
    DisplayCategoryStatus,
    DownloadCoupon,
    DownloadCouponOutcome,
    DownloadCouponTransaction,
    InquiryReply,
    InstantCoupon,
    InstantCouponRequest,
    InstantCouponRequestStatus,
    InstantCouponResult,
    ProductInquiryList,
    RevenueHistoryPage,
    RevenueItem,
    SaleType,
    Settlement,
    SettlementType,
    ShippingPlaceRequest,
    ShippingPlaceResult,
    TransferStatus,
    converter,
    unknown_keys,
)
from tests.models._model_samples import DATA, differences
from tests.models.test_model_properties import SETTINGS, mutated

# file -> (model type, the path of the payload in the body; () = the whole body)
SAMPLES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "cs_2_1_online_inquiries_v5.json": (ProductInquiryList, ("data",)),
    "cs_2_2_reply_request.json": (InquiryReply, ()),
    "cs_2_3_call_center_inquiries_v5.json": (CallCenterInquiryList, ("data",)),
    "cs_2_5_reply_request.json": (InquiryReply, ()),
    "cs_3_1_revenue_history.json": (RevenueHistoryPage, ()),
    "cs_3_2_settlement_histories.json": (list[Settlement], ()),
    "cs_4_1_create_outbound_request.json": (ShippingPlaceRequest, ()),
    "cs_4_1_create_outbound_response.json": (ShippingPlaceResult, ("data",)),
    "cs_4_1_create_outbound_response_live.json": (ShippingPlaceResult, ("data",)),
    "cs_4_2_update_outbound_request.json": (ShippingPlaceRequest, ()),
    "cs_4_2_update_outbound_response.json": (ShippingPlaceResult, ("data",)),
    "cs_4_3_create_return_center_request.json": (ShippingPlaceRequest, ()),
    "cs_4_3_create_return_center_response.json": (ShippingPlaceResult, ("data",)),
    "cs_4_4_update_return_center_request.json": (ShippingPlaceRequest, ()),
    "cs_5_1_budget.json": (list[CouponBudget], ("data", "content")),
    "cs_5_2_instant_create_request.json": (InstantCouponRequest, ()),
    "cs_5_2_instant_create_response.json": (InstantCouponResult, ("data",)),
    "cs_5_3_instant_request_status.json": (InstantCouponRequestStatus, ("data", "content")),
    "cs_5_5_instant_expire_response.json": (InstantCouponResult, ("data",)),
    "cs_5_7_instant_coupon.json": (InstantCoupon, ("data", "content")),
    "cs_5_8_download_create_response.json": (DownloadCoupon, ()),
    "cs_5_9_download_add_items_response.json": (list[DownloadCouponOutcome], ()),
    "cs_5_9_download_add_items_response_doc.json": (DownloadCouponOutcome, ()),
    "cs_5_10_download_expire_response.json": (list[DownloadCouponOutcome], ()),
    "cs_5_11_download_transaction_status.json": (DownloadCouponTransaction, ()),
    "cs_5_12_download_coupon.json": (DownloadCoupon, ()),
    "cs_6_1_display_categories.json": (DisplayCategory, ("data",)),
    "cs_6_1_display_categories_2019.json": (DisplayCategory, ("data", "data")),
    "cs_6_2_display_category.json": (DisplayCategory, ("data",)),
}
NAMES = sorted(SAMPLES)


def load(name: str) -> Any:
    """The payload of a sample file, freshly parsed."""
    body = json.loads((DATA / name).read_text(encoding="utf-8"))
    for key in SAMPLES[name][1]:
        body = body[key]
    return body


def test_every_cs_sample_file_is_registered() -> None:
    """A sample added to the data folder is covered by the law (no file is forgotten)."""
    assert sorted(p.name for p in DATA.glob("cs_*.json")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_round_trip_law(name: str) -> None:
    """unstructure(structure(payload)) == payload, JSON types included, for every sample."""
    payload = load(name)
    back = converter.unstructure(converter.structure(payload, SAMPLES[name][0]))
    assert back == payload
    assert differences(back, payload) == []


@pytest.mark.parametrize("name", NAMES)
def test_models_know_every_documented_field(name: str) -> None:
    """No field of the reference samples ends up in `extra`."""
    assert unknown_keys(converter.structure(load(name), SAMPLES[name][0])) == []


@pytest.mark.parametrize("name", NAMES)
def test_structure_of_unstructure_and_copies(name: str) -> None:
    """Structuring again gives an equal model; copies and pickles round-trip exactly too."""
    tp = SAMPLES[name][0]
    payload = load(name)
    model = converter.structure(payload, tp)
    assert converter.structure(converter.unstructure(model), tp) == model
    clone = pickle.loads(pickle.dumps(model))  # noqa: S301 - our own bytes
    for copied in (copy.deepcopy(model), clone):
        assert differences(converter.unstructure(copied), payload) == []


@given(data=st.data())
@SETTINGS
def test_round_trip_law_on_mutated_samples(data: st.DataObject) -> None:
    """Keys dropped, nulled, added at any depth, scalars respelled: the law still holds."""
    name = data.draw(st.sampled_from(NAMES))
    payload = data.draw(mutated(load(name)))
    tp = SAMPLES[name][0]
    try:
        model = converter.structure(payload, tp)
    except Exception:
        return
    assert differences(converter.unstructure(model), payload) == []


def test_call_center_inquiry_fields() -> None:
    """vendorItemId is a list; the agent's transfer reply is found; enums are members."""
    listing = converter.structure(
        load("cs_2_3_call_center_inquiries_v5.json"), CallCenterInquiryList
    )
    (inquiry,) = listing.content or []
    assert inquiry.vendor_item_ids == [3285906659]
    assert inquiry.order_id == 10000011255416
    replies = inquiry.replies or []
    assert replies[0].answer_type is AnswerType.CS_AGENT
    assert replies[0].partner_transfer_status is TransferStatus.ANSWERED
    assert replies[1].partner_transfer_status is None
    assert inquiry.pending_reply() is None
    assert listing.pagination
    assert listing.pagination.total_pages == 7


def test_call_center_vendor_item_id_scalar_is_a_one_element_list() -> None:
    """The tables' scalar vendorItemId reads as a list and is written back as the scalar."""
    payload = {"inquiryId": 1, "vendorItemId": 3285906659}
    inquiry = converter.structure(payload, CallCenterInquiry)
    assert inquiry.vendor_item_ids == [3285906659]
    assert converter.unstructure(inquiry) == payload


def test_product_inquiry_fields() -> None:
    """The v5 product inquiry: ids, order ids, the answer under `comments`."""
    listing = converter.structure(load("cs_2_1_online_inquiries_v5.json"), ProductInquiryList)
    (inquiry,) = listing.content or []
    assert inquiry.inquiry_id == 39352323
    assert inquiry.order_ids == [19000041361951]
    assert inquiry.answered
    assert (inquiry.comments or [])[0].inquiry_comment_id == 36881065


def test_revenue_fields() -> None:
    """Refund rows are negative; deliveryFee is an object; settlement amounts add up."""
    page = converter.structure(load("cs_3_1_revenue_history.json"), RevenueHistoryPage)
    refund, sale = page.data or []
    assert refund.sale_type is SaleType.REFUND
    assert refund.delivery_fee
    assert refund.delivery_fee.amount == -5000
    assert refund.delivery_fee.settlement_amount is None
    assert sale.settlement_amount == 14592
    assert str(sale.recognition_day) == "2019-02-12"
    assert page.has_next is False
    assert page.next_token == ""
    assert isinstance(sale, RevenueItem)


def test_settlement_and_coupon_fields() -> None:
    """Settlement enums; request ids stay strings; a DONE job; display-category children."""
    weekly, reserve = converter.structure(
        load("cs_3_2_settlement_histories.json"), list[Settlement]
    )
    assert weekly.settlement_type is SettlementType.WEEKLY
    assert reserve.final_amount == 70000
    created = converter.structure(load("cs_5_2_instant_create_response.json"), InstantCouponResult)
    assert created.content == {"requestedId": "123543582159745830895", "success": True}
    status = converter.structure(
        load("cs_5_3_instant_request_status.json"), InstantCouponRequestStatus
    )
    assert status.requested_id == "4080133932843441"
    assert status.status is CouponJobStatus.DONE
    outcome = converter.structure(
        load("cs_5_9_download_add_items_response.json"), list[DownloadCouponOutcome]
    )
    assert outcome[0].body
    assert outcome[0].body.request_transaction_id == ("someid_883857331766744556994")
    tree = converter.structure(load("cs_6_1_display_categories.json"), DisplayCategory)
    assert tree.display_category_code == 0
    assert tree.status is DisplayCategoryStatus.ACTIVE
    assert [c.display_category_code for c in tree.walk()] == [0, 69182]
    assert tree.children[0].is_leaf


def test_display_category_reads_the_tables_key_too() -> None:
    """displayCategoryCode (the tables' name) is read and written back as read."""
    payload = {"displayCategoryCode": "77834", "name": "가구/홈데코", "child": None}
    category = converter.structure(payload, DisplayCategory)
    assert category.display_category_code == 77834
    assert category.children == []
    assert converter.unstructure(category) == payload


def test_shipping_place_request_global_flag() -> None:
    """`global` (a Python keyword) is `global_`; strings as in the samples come back as sent."""
    body = converter.structure(load("cs_4_1_create_outbound_request.json"), ShippingPlaceRequest)
    assert body.global_ is False
    assert body.usable is True
    assert (body.remote_infos or [])[0].jeju_fee == 5000
    assert converter.unstructure(body)["global"] == "false"
