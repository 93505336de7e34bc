"""Payloads that do not fit: errors name the path of every bad field."""

from __future__ import annotations

from typing import Any

import cattrs
import pytest
from cattrs.errors import ClassValidationError

from coupang_async._converter import error_messages
from coupang_async.models import (
    PayloadValidationError,
    Product,
    ProductItem,
    ProductSummary,
    converter,
    structure_payload,
)
from tests.models._model_samples import load


def _messages(payload: Any, tp: Any, path: str = "$") -> list[str]:
    with pytest.raises(PayloadValidationError) as info:
        structure_payload(payload, tp, path=path)
    assert info.value.payload is payload
    return info.value.errors


def test_string_where_a_list_of_objects_is_required() -> None:
    """A string for `items` is reported at $.items."""
    assert _messages({"items": "oops"}, Product) == ["expected an array, got a string @ $.items"]


def test_bad_price_names_its_path() -> None:
    """A non-numeric price is reported at $.items[0].salePrice."""
    assert _messages({"items": [{"salePrice": "abc"}]}, Product) == [
        "expected an integer, got a non-numeric string @ $.items[0].salePrice"
    ]


def test_bad_field_in_a_complete_payload() -> None:
    """A bad value in a payload carrying every known key is reported with its path too."""
    payload = load("ref_5_2_get_product.json")
    payload["items"][0]["salePrice"] = True
    payload["items"][0]["images"][2]["imageOrder"] = "first"
    assert _messages(payload, Product) == [
        "expected an integer, got a boolean @ $.items[0].salePrice",
        "expected an integer, got a non-numeric string @ $.items[0].images[2].imageOrder",
    ]


def test_every_bad_field_is_reported() -> None:
    """All errors of a payload are listed, not only the first."""
    payload = {
        "sellerProductId": 12.5,
        "requested": "maybe",
        "items": [{"itemName": "ok"}, 7, {"searchTags": ["a", {}]}],
        "requiredDocuments": {"templateName": "x"},
    }
    assert _messages(payload, Product) == [
        "expected an integer, got a number with a fraction @ $.sellerProductId",
        "expected a boolean, got a string other than true/false @ $.requested",
        "expected an object (ProductItem), got a number @ $.items[1]",
        "expected a string, got an object @ $.items[2].searchTags[1]",
        "expected an array, got an object @ $.requiredDocuments",
    ]


def test_nested_object_of_the_wrong_type() -> None:
    """A list where a nested object is required is reported at its key."""
    assert _messages(
        [{"sellerProductId": 1, "items": [{"marketPlaceItem": []}]}], list[ProductSummary], "$.data"
    ) == ["expected an object (ListingItemRef), got an array @ $.data[0].items[0].marketPlaceItem"]


def test_list_payload_reports_the_index() -> None:
    """A bad element of a listing page is reported by index, under the given root path."""
    page = [{"sellerProductId": 1}, {"sellerProductId": "x1"}, "nope"]
    assert _messages(page, list[ProductSummary], "$.data") == [
        "expected an integer, got a non-numeric string @ $.data[1].sellerProductId",
        "expected an object (ProductSummary), got a string @ $.data[2]",
    ]


def test_not_an_object_at_all() -> None:
    """A payload that is not an object is reported at the root."""
    assert _messages("html?", Product) == ["expected an object (Product), got a string @ $"]
    assert _messages({"a": 1}, list[ProductSummary]) == ["expected an array, got an object @ $"]


def test_converter_raises_cattrs_errors() -> None:
    """The converter itself raises cattrs' errors, which cattrs.transform_error understands."""
    with pytest.raises(ClassValidationError) as info:
        converter.structure({"items": [{"salePrice": "abc"}]}, Product)
    (message,) = cattrs.transform_error(info.value)
    assert message.endswith(" @ $.items[0].salePrice")
    assert error_messages(info.value) == [
        "expected an integer, got a non-numeric string @ $.items[0].salePrice"
    ]


def test_error_messages_do_not_quote_values() -> None:
    """Messages describe the JSON type only: payloads of other families carry personal data."""
    payload = {"sellerProductId": 1, "sellerProductName": {"name": "홍길동 010-1234-5678"}}
    messages = _messages(payload, ProductSummary)
    assert messages == ["expected a string, got an object @ $.sellerProductName"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (100.5, "expected an integer, got a number with a fraction"),
        ("100.5", "expected an integer, got a string with a fraction"),
        ("", "expected an integer, got a non-numeric string"),
        (False, "expected an integer, got a boolean"),
        ([1], "expected an integer, got an array"),
    ],
)
def test_integer_field_rejects(value: Any, message: str) -> None:
    """Integer fields reject fractions, booleans, non-numeric strings and containers."""
    assert _messages({"salePrice": value}, ProductItem) == [f"{message} @ $.salePrice"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("13000.00", 13000), (" 42 ", 42), (1e3, 1000), ("-5", -5), (7, 7)],
)
def test_integer_field_accepts(value: Any, expected: int) -> None:
    """Integer fields accept integral numbers and numeric strings, and write them back as sent."""
    item = converter.structure({"salePrice": value}, ProductItem)
    assert item.sale_price == expected
    assert type(item.sale_price) is int
    assert converter.unstructure(item) == {"salePrice": value}


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("FALSE", False), (1, True), (0, False), (True, True)]
)
def test_bool_field_accepts(value: Any, expected: bool) -> None:
    """Boolean fields accept true/false strings and 0/1, and write them back as sent."""
    item = converter.structure({"pccNeeded": value}, ProductItem)
    assert item.pcc_needed is expected
    assert type(converter.unstructure(item)["pccNeeded"]) is type(value)


def test_float_and_string_fields_accept_numbers() -> None:
    """Float fields take numeric strings; string fields take numbers; both go back as sent."""
    payload = {"supplyPrice": "8570.5", "saleAgentCommission": 10, "modelNo": 171717}
    item = converter.structure(payload, ProductItem)
    assert item.supply_price == 8570.5
    assert item.sale_agent_commission == 10
    assert item.model_no == "171717"
    assert converter.unstructure(item) == payload
    assert _messages({"supplyPrice": "nan"}, ProductItem) == [
        "expected a number, got a non-finite number @ $.supplyPrice"
    ]
