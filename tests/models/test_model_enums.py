"""Enumerations: known codes, Korean labels, and unknown values kept as strings."""

from __future__ import annotations

import enum
import typing
from typing import Any

import pytest

from coupang_async import models
from coupang_async.models import (
    Attribute,
    AttributeExposure,
    Product,
    ProductItem,
    ProductStatus,
    ProductSummary,
    StatusHistoryEntry,
    TaxType,
    converter,
)
from tests.models._model_samples import differences

LABELS = {
    ProductStatus.IN_REVIEW: "심사중",
    ProductStatus.SAVED: "임시저장",
    ProductStatus.APPROVING: "승인대기중",
    ProductStatus.APPROVED: "승인완료",
    ProductStatus.PARTIAL_APPROVED: "부분승인완료",
    ProductStatus.DENIED: "승인반려",
    ProductStatus.DELETED: "상품삭제",
}


@pytest.mark.parametrize(("status", "label"), list(LABELS.items()))
def test_status_labels_map_both_ways(status: ProductStatus, label: str) -> None:
    """Each status maps to its Korean label and back."""
    assert status.label == label
    assert ProductStatus.from_label(label) is status
    assert ProductStatus.parse(label) is status
    assert ProductStatus.parse(status.value) is status


def test_status_set_is_the_documented_one() -> None:
    """ProductStatus has exactly the seven documented codes."""
    assert set(ProductStatus) == set(LABELS)


def test_unknown_status_is_kept() -> None:
    """An unknown label or code is returned unchanged, never rejected."""
    assert ProductStatus.from_label("임시저장중") is None
    assert ProductStatus.parse("임시저장중") == "임시저장중"
    assert ProductStatus.parse("SAVING") == "SAVING"


def test_status_members_are_strings() -> None:
    """Status members compare equal to their codes (usable as query values)."""
    assert ProductStatus.APPROVED == "APPROVED"
    assert f"{ProductStatus.APPROVED}" == "APPROVED"


@pytest.mark.parametrize("model", [Product, ProductSummary])
def test_status_property_reads_the_korean_label(model: type[Product | ProductSummary]) -> None:
    """`.status` maps statusName to a ProductStatus, keeps unknown labels, is None when absent."""
    # The keys each model requires (see the model's plain-typed fields).
    base: dict[str, Any] = {"items": []} if model is Product else {"sellerProductId": 1}
    approved = converter.structure({**base, "statusName": "승인완료"}, model)
    assert approved.status is ProductStatus.APPROVED
    assert converter.structure({**base, "statusName": "새 상태"}, model).status == "새 상태"
    assert converter.structure(base, model).status is None
    assert converter.structure({**base, "statusName": None}, model).status is None


def test_known_enum_values_become_members() -> None:
    """Documented enum values are structured as members."""
    item = converter.structure({"taxType": "TAX"}, ProductItem)
    assert item.tax_type is TaxType.TAX
    assert converter.unstructure(item) == {"taxType": "TAX"}
    assert type(converter.unstructure(item)["taxType"]) is str


def test_unknown_enum_values_are_kept_as_strings() -> None:
    """A value Coupang adds later stays a plain string and goes back unchanged."""
    payload = {"taxType": "ZERO_RATED", "adultOnly": "TEEN"}
    item = converter.structure(payload, ProductItem)
    assert item.tax_type == "ZERO_RATED"
    assert not isinstance(item.tax_type, TaxType)
    assert converter.unstructure(item) == payload


def test_enum_value_sent_as_non_string_is_kept() -> None:
    """An enum field sent as a number is read as text and goes back as the number."""
    payload = {"exposed": 1}
    attribute = converter.structure(payload, Attribute)
    assert attribute.exposed == "1"
    assert differences(converter.unstructure(attribute), payload) == []


def test_setting_an_enum_member_writes_its_value() -> None:
    """Assigning a member writes its plain string value."""
    attribute = Attribute(exposed=AttributeExposure.NONE)
    assert converter.unstructure(attribute) == {"exposed": "NONE"}
    assert type(converter.unstructure(attribute)["exposed"]) is str


def test_history_reads_both_status_keys() -> None:
    """History entries read `status` (samples) or `statusName` (2019), write back the one read."""
    current = {"createdAt": "2015-09-02T09:41:25", "status": "승인완료"}
    old = {"createdAt": "2015-09-02T09:41:25", "statusName": "승인완료"}
    for payload in (current, old):
        entry = converter.structure(payload, StatusHistoryEntry)
        assert entry.status_name == "승인완료"
        assert entry.status is ProductStatus.APPROVED
        assert entry.extra == {}
        assert converter.unstructure(entry) == payload


def test_history_with_both_status_keys_keeps_both() -> None:
    """When both keys are present, the one not read is kept in `extra` and written back."""
    payload = {"statusName": "임시저장", "status": "승인완료"}
    entry = converter.structure(payload, StatusHistoryEntry)
    assert entry.status_name == "승인완료"
    assert entry.extra == {"statusName": "임시저장"}
    assert converter.unstructure(entry) == payload


def test_history_entry_built_in_python_uses_the_current_key() -> None:
    """A value set in Python is written under the primary key (`status`)."""
    entry = converter.structure({"statusName": "임시저장"}, StatusHistoryEntry)
    assert converter.unstructure(StatusHistoryEntry(status_name="임시저장")) == {
        "status": "임시저장"
    }
    entry.status_name = "승인완료"
    assert converter.unstructure(entry) == {"statusName": "승인완료"}


@pytest.mark.parametrize(
    ("enum_cls", "literal"),
    [
        (models.ProductStatus, models.ProductStatusCode),
        (models.OrderStatus, models.OrderStatusCode),
        (models.ReturnStatus, models.ReturnStatusCode),
        (models.ExchangeStatus, models.ExchangeStatusCode),
    ],
)
def test_status_literals_list_exactly_the_enum_codes(
    enum_cls: type[enum.Enum], literal: Any
) -> None:
    """The ``status=`` literal types and the enums name the same codes, in the same order."""
    assert typing.get_args(literal) == tuple(member.value for member in enum_cls)
