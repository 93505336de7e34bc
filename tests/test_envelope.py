"""Envelope unwrapping for every body shape Coupang sends (reference/coupang-api.md §4)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from coupang_async._envelope import NOT_JSON, business_error, decode_body, unwrap


@pytest.mark.parametrize(
    ("body", "data", "code", "next_token"),
    [
        ({"code": "SUCCESS", "message": "", "data": {"a": 1}}, {"a": 1}, "SUCCESS", None),
        (
            {"code": "SUCCESS", "message": "", "nextToken": "2", "data": [1]},
            [1],
            "SUCCESS",
            "2",
        ),
        (
            {
                "code": "200",
                "message": "",
                "data": {"code": "SUCCESS", "message": "", "data": 7770},
            },
            7770,
            "SUCCESS",
            None,
        ),
        ({"code": 200, "message": "OK", "data": [], "nextToken": ""}, [], 200, ""),
        (
            {"code": "200", "message": "", "data": [{"status": "임시저장"}]},
            [{"status": "임시저장"}],
            "200",
            None,
        ),
        (
            {"content": [1], "pagination": {"currentPage": 1}},
            {"content": [1], "pagination": {"currentPage": 1}},
            None,
            None,
        ),
        ({"code": "SUCCESS", "message": "재고 변경을 완료했습니다."}, None, "SUCCESS", None),
        ({"code": 200, "nextToken": 448537989, "data": []}, [], 200, "448537989"),
    ],
    ids=[
        "flat",
        "paged",
        "nested-200",
        "numeric",
        "string-200-list",
        "bare",
        "no-data",
        "int-token",
    ],
)
def test_unwrap_shapes(body: dict[str, Any], data: Any, code: Any, next_token: Any) -> None:
    """Each documented envelope yields its payload, code and top-level nextToken."""
    envelope = unwrap(body)
    assert envelope.data == data
    assert envelope.code == code
    assert envelope.next_token == next_token
    assert envelope.body is body


def test_nested_message_is_the_inner_one() -> None:
    """The message of a nested envelope comes from the inner result."""
    body = {"code": "200", "message": "", "data": {"code": "SUCCESS", "message": "ok", "data": 1}}
    assert unwrap(body).message == "ok"


def test_nested_data_that_merely_has_a_code_field_is_not_unwrapped() -> None:
    """A payload object with its own unrelated `code` key is not mistaken for an envelope."""
    body = {"code": "SUCCESS", "data": {"code": "KR-123", "name": "x"}}
    assert unwrap(body).data == {"code": "KR-123", "name": "x"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", NOT_JSON),
        (b"<html></html>", NOT_JSON),
        (b'{"a": ', NOT_JSON),
        (b"  [1, 2]", [1, 2]),
        ('{"k": "한글"}'.encode(), {"k": "한글"}),
    ],
)
def test_decode_body(content: bytes, expected: Any) -> None:
    """Bodies decode to JSON when they are JSON and to NOT_JSON otherwise, never raising."""
    assert decode_body(httpx.Response(200, content=content)) == expected


def test_decode_body_is_cached() -> None:
    """The body is decoded once per response."""
    response = httpx.Response(200, json={"a": [1]})
    assert decode_body(response) is decode_body(response)


@pytest.mark.parametrize(
    "body",
    [{"code": "SUCCESS"}, {"code": 200}, {"code": "200"}, {"content": []}, [], {"code": True}],
)
def test_no_business_error_for_success(body: Any) -> None:
    """Success codes (and bodies without a code) are not business errors."""
    assert business_error(httpx.Response(200), body) is None


def test_structure_bad_payload_names_the_path() -> None:
    """A payload that does not fit its model raises ResponseValidationError naming the field."""
    from coupang_async import ResponseValidationError
    from coupang_async._envelope import unwrap_response
    from coupang_async.models import ProductSummary

    body = {
        "code": "SUCCESS",
        "nextToken": "",
        "data": [{"sellerProductId": 1}, {"sellerProductId": "not-a-number"}],
    }
    envelope = unwrap_response(httpx.Response(200, json=body))
    with pytest.raises(ResponseValidationError) as info:
        envelope.structure(list[ProductSummary])
    assert any("$.data[1].sellerProductId" in error for error in info.value.errors)
    assert info.value.body == body
    assert "$.data[1].sellerProductId" in str(info.value)


def test_structure_good_payload() -> None:
    """A fitting payload structures into models that round-trip."""
    from coupang_async import converter
    from coupang_async._envelope import unwrap_response
    from coupang_async.models import ProductSummary

    data = [{"sellerProductId": 1, "statusName": "승인완료", "futureField": [1]}]
    envelope = unwrap_response(httpx.Response(200, json={"code": "SUCCESS", "data": data}))
    summaries = envelope.structure(list[ProductSummary])
    assert summaries[0].seller_product_id == 1
    assert converter.unstructure(summaries) == data
