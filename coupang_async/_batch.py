"""Per-item answers of batch writes: one `BatchOutcome` per item the call named.

Several writes change many things in one call and answer, inside HTTP 200, item by item: some
items may have failed while the call "succeeded". Reading those answers here turns each into an
outcome per item, so a partial failure is never an exception and never a silent success:

* ``responseList`` (order acknowledgements, invoice upload and update)::

      {"code": "200", "data": {"responseCode": 1, "responseMessage": "...",
        "responseList": [{"shipmentBoxId": 1, "succeed": true, "resultCode": "OK",
                          "retryRequired": false, "resultMessage": null}, ...]}}

  ``responseCode`` 0 = all succeeded, 1 = some failed, 99 = all failed, -1 = none processed.
* order cancellation: ``data.receiptMap`` (keyed by receipt id: the items it cancelled) and
  ``data.failedVendorItemIds`` (the items it did not), with ``code`` "400" when all failed.
* a single result: ``data.resultCode`` ``SUCCESS`` / ``FAIL`` with ``resultMessage``.

```python
answer = read_response_list(envelope.body, key_field="shipmentBoxId")
for outcome in answer.for_keys(requested_ids):   # one per id asked for, in that order
    outcome.ok, outcome.result_code, outcome.message, outcome.retry_required
```

Ids are read as ints whether the gateway sends numbers or numeric strings (never via float: they
have 18 digits). Nothing here raises on a malformed body except `ResponseValidationError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from coupang_async._errors import APIError, ResponseValidationError
from coupang_async._validate import is_int

__all__ = [
    "MISSING_CODE",
    "BatchAnswer",
    "BatchOutcome",
    "read_cancel",
    "read_response_list",
    "read_simple_result",
]

#: `BatchOutcome.result_code` of an item the gateway's answer does not mention.
MISSING_CODE: Final = "NOT_IN_ANSWER"

_ALL_SUCCEEDED: Final = 0
_ALL_FAILED: Final = 99


@attrs.frozen
class BatchOutcome:
    """What the gateway answered for one item of a batch write.

    Attributes:
        key: the item's id (a shipment box id, a vendor item id, ...).
        ok: True only when the gateway says this item succeeded.
        result_code: the gateway's code for the item (``"OK"``, ``"INVALID_STATUS"``, ...), or
            `MISSING_CODE` when the answer does not mention the item.
        message: the gateway's message for the item (None when it sent none).
        retry_required: the gateway's hint that sending the item again may succeed.
        receipt_id: for cancellations, the receipt the item was cancelled under.
    """

    key: int | str
    ok: bool
    result_code: str | None
    message: str | None
    retry_required: bool = False
    receipt_id: int | None = None

    @property
    def missing(self) -> bool:
        """True when the answer did not mention the item (its outcome is unknown)."""
        return self.result_code == MISSING_CODE


@attrs.frozen
class BatchAnswer:
    """A batch write's answer: the outcome of each item it mentions.

    Attributes:
        outcomes: the items' outcomes, keyed by id, in the order of the answer.
        response_code: ``data.responseCode`` (0, 1, 99, -1) when sent.
        message: the call's message (``responseMessage`` or ``message``).
        body: the whole decoded body.
    """

    outcomes: Mapping[int | str, BatchOutcome]
    response_code: int | None
    message: str | None
    body: Any = attrs.field(repr=False, eq=False)
    _all_ok: bool = attrs.field(default=False, alias="all_ok", repr=False)
    _all_failed: bool = attrs.field(default=False, alias="all_failed", repr=False)

    @property
    def ok(self) -> bool:
        """True when every mentioned item succeeded (and at least one did, or the call said so)."""
        if self.outcomes:
            return all(outcome.ok for outcome in self.outcomes.values())
        return self._all_ok

    def for_keys(self, keys: Iterable[int | str]) -> list[BatchOutcome]:
        """One outcome per requested key, in the order given.

        A key the answer does not list is a failure when the call said every item failed
        (``responseCode`` 99), a success when it said every item succeeded with no list at all
        (``responseCode`` 0), and otherwise not ``ok`` with `MISSING_CODE` (its fate is unknown:
        read it back).
        """
        result: list[BatchOutcome] = []
        for key in keys:
            found = self.outcomes.get(_key(key))
            if found is None:
                if self._all_failed:
                    found = BatchOutcome(key, False, "FAILED", self.message)
                elif self._all_ok and not self.outcomes:
                    found = BatchOutcome(key, True, "OK", self.message)
                else:
                    found = BatchOutcome(
                        key, False, MISSING_CODE, "the gateway's answer does not mention it"
                    )
            result.append(found)
        return result


def _key(value: object) -> int | str:
    """An id as an int when it is one (also from a numeric string), else as text."""
    if is_int(value):
        return value
    text = str(value).strip()
    if text.isascii() and text.lstrip("-").isdecimal():
        return int(text)
    return text


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _bool(value: object) -> bool:
    """The gateway's booleans: true / "true" (any case); everything else is False."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() == "true"


def _invalid(body: Any, problem: str) -> ResponseValidationError:
    return ResponseValidationError(
        "the batch answer cannot be read", errors=[problem], body=body, response=None
    )


def _data_of(body: Any) -> dict[str, Any]:
    if isinstance(body, APIError):  # a call that failed as a whole still answers per item
        body = body.body
    if not isinstance(body, dict):
        raise _invalid(body, f"expected an object, got {type(body).__name__} @ $")
    data = body.get("data")
    if not isinstance(data, dict):
        raise _invalid(body, f"expected an object, got {type(data).__name__} @ $.data")
    return data


def read_response_list(body: Any, *, key_field: str = "shipmentBoxId") -> BatchAnswer:
    """Read a ``responseList`` answer (acknowledgements, invoices) into per-item outcomes.

    Args:
        body: the decoded body (`Envelope.body`), or the error (`BusinessError`, ...) of a call
            the gateway failed as a whole: its body is read.
        key_field: the field naming each item.

    Raises:
        ResponseValidationError: the body has no ``data`` object, or its list is malformed.
    """
    data = _data_of(body)
    code = data.get("responseCode")
    response_code = _key(code) if code is not None else None
    if not isinstance(response_code, int):
        response_code = None
    entries = data.get("responseList")
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise _invalid(body, "expected a list @ $.data.responseList")
    outcomes: dict[int | str, BatchOutcome] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or entry.get(key_field) is None:
            raise _invalid(
                body, f"expected an object with {key_field} @ $.data.responseList[{index}]"
            )
        key = _key(entry[key_field])
        outcomes[key] = BatchOutcome(
            key=key,
            ok=_bool(entry.get("succeed")),
            result_code=_text(entry.get("resultCode")),
            message=_text(entry.get("resultMessage")),
            retry_required=_bool(entry.get("retryRequired")),
        )
    return BatchAnswer(
        outcomes=outcomes,
        response_code=response_code,
        message=_text(data.get("responseMessage")),
        body=body,
        all_ok=response_code == _ALL_SUCCEEDED,
        all_failed=response_code == _ALL_FAILED,
    )


def read_cancel(body: Any) -> BatchAnswer:
    """Read an order cancellation's answer: items in ``receiptMap`` succeeded (with their
    receipt id), items in ``failedVendorItemIds`` failed (with the call's message, which lists
    the reasons). Keys are vendor item ids.

    Args:
        body: the decoded body, or the error raised when every item failed (the gateway then
            answers ``code`` "400": a `BusinessError`, or a `BadRequestError` under HTTP 400).

    Raises:
        ResponseValidationError: the body has no ``data`` object, or its lists are malformed.
    """
    data = _data_of(body)
    whole = body.body if isinstance(body, APIError) else body
    message = _text(whole.get("message")) if isinstance(whole, dict) else None
    outcomes: dict[int | str, BatchOutcome] = {}
    receipts = data.get("receiptMap")
    if receipts is None:
        receipts = {}
    if not isinstance(receipts, dict):
        raise _invalid(body, "expected an object @ $.data.receiptMap")
    for name, receipt in receipts.items():
        if not isinstance(receipt, dict):
            raise _invalid(body, f"expected an object @ $.data.receiptMap.{name}")
        receipt_key = _key(receipt.get("receiptId", name))
        receipt_id = receipt_key if isinstance(receipt_key, int) else None
        items = receipt.get("vendorItemIds")
        if items is None:
            items = []
        if not isinstance(items, list):
            raise _invalid(body, f"expected a list @ $.data.receiptMap.{name}.vendorItemIds")
        for item in items:
            key = _key(item)
            outcomes[key] = BatchOutcome(
                key, True, _text(receipt.get("receiptType")) or "OK", None, receipt_id=receipt_id
            )
    failed = data.get("failedVendorItemIds")
    if failed is None:
        failed = []
    if not isinstance(failed, list):
        raise _invalid(body, "expected a list @ $.data.failedVendorItemIds")
    for item in failed:
        key = _key(item)
        outcomes[key] = BatchOutcome(key, False, "FAILED", message)
    return BatchAnswer(outcomes=outcomes, response_code=None, message=message, body=body)


def read_simple_result(body: Any, key: int | str) -> BatchOutcome:
    """Read a single ``resultCode`` / ``resultMessage`` answer (stop shipment, exchange
    rejection, logistics writes, ...) as the outcome of `key`. The result may sit in ``data``
    or, as in one documented sample, beside the envelope's code inside ``data``.

    Raises:
        ResponseValidationError: there is no ``resultCode`` to read.
    """
    data = _data_of(body)
    code = _text(data.get("resultCode"))
    if code is None:
        raise _invalid(body, "expected a resultCode @ $.data.resultCode")
    return BatchOutcome(key, code.upper() == "SUCCESS", code, _text(data.get("resultMessage")))
