"""Per-item batch answers: every documented sample read into one outcome per item."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from coupang_async import BusinessError, ResponseValidationError
from coupang_async._batch import (
    MISSING_CODE,
    BatchOutcome,
    read_cancel,
    read_response_list,
    read_simple_result,
)

# Acknowledgement, partial errors (responseCode 1), with an int64 responseKey.
ACK_PARTIAL: dict[str, Any] = {
    "code": "200",
    "message": "OK",
    "data": {
        "responseKey": -7326489997410939972,
        "responseCode": 1,
        "responseMessage": "apply instructStatus result - Partial errors.",
        "responseList": [
            {
                "shipmentBoxId": 102391542,
                "succeed": True,
                "resultCode": "OK",
                "retryRequired": False,
                "resultMessage": "request succeeded.",
            },
            {
                "shipmentBoxId": 102391599,
                "succeed": False,
                "resultCode": "NOT_FOUND_SHIPMENT_BOX",
                "retryRequired": True,
                "resultMessage": "shipmentBoxId (102391599) is not found.",
            },
        ],
    },
}
# Invoice upload, all succeeded (responseCode 0), one box for two items.
INVOICE_OK: dict[str, Any] = {
    "code": "200",
    "message": "OK",
    "data": {
        "responseCode": 0,
        "responseMessage": "SUCCESS",
        "responseList": [
            {
                "shipmentBoxId": 606920263,
                "succeed": True,
                "resultCode": "OK",
                "retryRequired": False,
                "resultMessage": None,
            }
        ],
    },
}
# Invoice upload refused (responseCode 99), from the official FAQ.
INVOICE_FAILED: dict[str, Any] = {
    "code": "200",
    "message": "OK",
    "data": {
        "responseCode": 99,
        "responseMessage": "FAIL",
        "responseList": [
            {
                "shipmentBoxId": 0,
                "succeed": False,
                "resultCode": "NOT_ALLOW_INVOICE_NUMBER_RE_UPLOAD",
                "retryRequired": False,
                "resultMessage": "이미 저장된 송장번호가 있어, 송장번호 등록이 불가능합니다.",
            }
        ],
    },
}
# The INVALID_STATUS item as quoted on its own (a bare list: wrapped as the call answers it).
INVALID_STATUS_ITEMS: list[dict[str, Any]] = [
    {
        "shipmentBoxId": 38273723,
        "succeed": False,
        "resultCode": "INVALID_STATUS",
        "retryRequired": False,
        "resultMessage": "배송진행상태가 유효하지 않습니다. [합포장번호 : 38273723]",
    }
]
# Invoice update: numeric code 200.
UPDATE_OK: dict[str, Any] = {
    "code": 200,
    "message": "OK",
    "data": {
        "responseCode": 0,
        "responseMessage": "SUCCESS",
        "responseList": [
            {
                "shipmentBoxId": 614018634,
                "succeed": True,
                "resultCode": "OK",
                "retryRequired": False,
                "resultMessage": None,
            }
        ],
    },
}
CANCEL_PARTIAL: dict[str, Any] = {
    "code": "200",
    "message": "[요청번호] cd5b \r\n[3145181064]<= 취소 가능한 개수보다 요청한 개수가 더 많습니다",
    "data": {
        "receiptMap": {
            "44698107": {
                "receiptId": 44698107,
                "receiptType": "STOP_SHIPMENT",
                "vendorItemIds": [3145181065, 3145181067],
                "totalCount": 3,
            }
        },
        "orderId": 2000006593044,
        "failedVendorItemIds": [3145181064],
    },
}
CANCEL_ALL_FAILED: dict[str, Any] = {
    "code": "400",
    "message": "[요청번호] 5d803ea1 \r\n [3145181067, 3145181065, 3145181064]<= 취소 불가",
    "data": {
        "receiptMap": {},
        "orderId": 23000059824637,
        "failedVendorItemIds": [3145181067, 3145181065, 3145181064],
    },
}
STOPPED_SHIPMENT: dict[str, Any] = {
    "code": "200",
    "message": "OK",
    "data": {"resultCode": "SUCCESS", "resultMessage": "출고중지완료요청이 성공하였습니다"},
}
COMPLETED_SHIPMENT_NESTED: dict[str, Any] = {
    "data": {
        "code": "200",
        "message": "OK",
        "resultCode": "SUCCESS",
        "resultMessage": "이미출고 상태변경이 성공하였습니다.",
    }
}


def test_partial_errors_are_per_item() -> None:
    """responseCode 1: one OK, one failure with its code, message and retry hint."""
    answer = read_response_list(ACK_PARTIAL)
    assert answer.response_code == 1
    assert not answer.ok
    ok, failed = answer.for_keys([102391542, 102391599])
    assert ok == BatchOutcome(102391542, True, "OK", "request succeeded.", False)
    assert failed == BatchOutcome(
        102391599,
        False,
        "NOT_FOUND_SHIPMENT_BOX",
        "shipmentBoxId (102391599) is not found.",
        True,
    )


def test_all_succeeded_and_numeric_code() -> None:
    """responseCode 0 (code "200" or 200): every listed box OK, null message kept as None."""
    for body, box in ((INVOICE_OK, 606920263), (UPDATE_OK, 614018634)):
        answer = read_response_list(body)
        assert answer.ok
        assert answer.for_keys([box]) == [BatchOutcome(box, True, "OK", None, False)]


def test_all_failed_marks_unlisted_items_failed_too() -> None:
    """responseCode 99: the listed item fails with its code; an unlisted one fails as well."""
    answer = read_response_list(INVOICE_FAILED)
    listed, unlisted = answer.for_keys([0, 123])
    assert listed.result_code == "NOT_ALLOW_INVOICE_NUMBER_RE_UPLOAD"
    assert not listed.ok
    assert not listed.retry_required
    assert not unlisted.ok
    assert unlisted.result_code == "FAILED"
    assert unlisted.message == "FAIL"


def test_invalid_status_item() -> None:
    """The quoted INVALID_STATUS item, in its call's envelope."""
    body = {"code": "200", "data": {"responseCode": 99, "responseList": INVALID_STATUS_ITEMS}}
    [outcome] = read_response_list(body).for_keys([38273723])
    assert (outcome.ok, outcome.result_code) == (False, "INVALID_STATUS")


def test_an_item_the_answer_omits_is_never_a_silent_success() -> None:
    """Partial answer without an asked-for box: not ok, marked missing."""
    [outcome] = read_response_list(ACK_PARTIAL).for_keys([42])
    assert not outcome.ok
    assert outcome.missing
    assert outcome.result_code == MISSING_CODE


def test_ids_as_strings_and_18_digits() -> None:
    """Ids sent as strings are read as ints, 18-digit ones exactly; "true" strings are true."""
    big = 642538971006401429
    body = {
        "data": {
            "responseCode": 0,
            "responseList": [
                {"shipmentBoxId": str(big), "succeed": "true", "retryRequired": "false"}
            ],
        }
    }
    [outcome] = read_response_list(body).for_keys([big])
    assert outcome == BatchOutcome(big, True, None, None, False)


def test_cancel_partial() -> None:
    """receiptMap items succeed under their receipt; failedVendorItemIds fail with the message."""
    answer = read_cancel(CANCEL_PARTIAL)
    failed, first, second = answer.for_keys([3145181064, 3145181065, 3145181067])
    assert not failed.ok
    assert failed.message is not None
    assert "3145181064" in failed.message
    assert first.ok
    assert second.ok
    assert first.receipt_id == second.receipt_id == 44698107
    assert first.result_code == "STOP_SHIPMENT"


def test_cancel_all_failed_from_the_raised_error() -> None:
    """code "400" makes the client raise; its body still reads into three failed items."""
    request = httpx.Request("POST", "https://x/cancel")
    error = BusinessError(
        "all failed",
        response=httpx.Response(200, json=CANCEL_ALL_FAILED, request=request),
        status_code=200,
        code="400",
        body=CANCEL_ALL_FAILED,
    )
    for source in (CANCEL_ALL_FAILED, error):
        outcomes = read_cancel(source).for_keys([3145181064, 3145181065, 3145181067])
        assert [outcome.ok for outcome in outcomes] == [False, False, False]


def test_simple_results() -> None:
    """resultCode SUCCESS / FAIL, top-level code or nested under data."""
    assert read_simple_result(STOPPED_SHIPMENT, 363667).ok
    nested = read_simple_result(COMPLETED_SHIPMENT_NESTED, 12346897)
    assert nested.ok
    assert nested.message == "이미출고 상태변경이 성공하였습니다."
    failed = read_simple_result({"data": {"resultCode": "FAIL", "resultMessage": "no"}}, 1)
    assert (failed.ok, failed.message) == (False, "no")


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"code": "200"},
        {"data": []},
        {"data": {"responseList": {}}},
        {"data": {"responseList": [1]}},
        {"data": {"responseList": [{"succeed": True}]}},
    ],
)
def test_malformed_response_lists_raise_response_validation_error(body: Any) -> None:
    """Anything unreadable is a ResponseValidationError, never a KeyError or TypeError."""
    with pytest.raises(ResponseValidationError):
        read_response_list(body)


@pytest.mark.parametrize(
    "body",
    [
        {"data": {"receiptMap": []}},
        {"data": {"receiptMap": {"1": 2}}},
        {"data": {"receiptMap": {"1": {"vendorItemIds": 3}}}},
        {"data": {"failedVendorItemIds": {}}},
    ],
)
def test_malformed_cancels_raise_response_validation_error(body: Any) -> None:
    """Unreadable cancel answers are ResponseValidationErrors."""
    with pytest.raises(ResponseValidationError):
        read_cancel(body)
    with pytest.raises(ResponseValidationError):
        read_simple_result({"data": {}}, 1)
