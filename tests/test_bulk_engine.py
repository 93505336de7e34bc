"""The generic bulk engine: batched writes (N inputs per call, one outcome each), group keys,
per-item retries the gateway asks for, and the whole-call failure rules."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import anyio
import anyio.lowlevel
import httpx
import orjson
import pytest

from coupang_async import BulkResult, CoupangClient, InvalidInputError, ItemStatus
from coupang_async._bulk_engine import BulkOperation, run_bulk
from coupang_async._bulk_types import ItemOutcome
from coupang_async._envelope import unwrap_response

from .helpers import make_client

pytestmark = pytest.mark.both_backends

OK = ItemStatus.OK
FAILED = ItemStatus.FAILED
SUPERSEDED = ItemStatus.SUPERSEDED
UNKNOWN = ItemStatus.UNKNOWN
NOT_ATTEMPTED = ItemStatus.NOT_ATTEMPTED


class BatchGateway:
    """A loopback-free gateway answering `POST /batch` with one entry per id, as scripted."""

    def __init__(self) -> None:
        self.calls: list[list[Any]] = []
        self.retry_left: dict[object, int] = {}  # id -> times to answer retryRequired first
        self.refused: dict[object, str] = {}  # id -> result code of a refusal for good
        self.status = 200

    def handler(self, request: httpx.Request) -> httpx.Response:
        ids = orjson.loads(request.content)
        self.calls.append(ids)
        if self.status != 200:
            return httpx.Response(self.status, json={"code": "ERROR", "message": "boom"})
        answers = []
        for one in ids:
            key = tuple(one) if isinstance(one, list) else one
            if self.retry_left.get(key, 0) > 0:
                self.retry_left[key] -= 1
                answers.append(
                    {
                        "id": one,
                        "succeed": False,
                        "resultCode": "BUSY",
                        "resultMessage": "try again",
                        "retryRequired": True,
                    }
                )
            elif key in self.refused:
                answers.append(
                    {
                        "id": one,
                        "succeed": False,
                        "resultCode": self.refused[key],
                        "resultMessage": "refused",
                        "retryRequired": False,
                    }
                )
            else:
                answers.append(
                    {"id": one, "succeed": True, "resultCode": "OK", "retryRequired": False}
                )
        return httpx.Response(200, json={"code": 200, "data": {"responseList": answers}})

    def client(self) -> CoupangClient:
        return make_client(transport=httpx.MockTransport(self.handler))


async def post_batch(client: CoupangClient, ids: Sequence[object]) -> list[ItemOutcome]:
    response = await client.post("/batch", content=orjson.dumps(list(ids)))
    answers = unwrap_response(response).data["responseList"]
    outcomes = []
    for answer in answers:
        if answer["succeed"]:
            outcomes.append(ItemOutcome.success(answer["resultCode"]))
        else:
            outcomes.append(
                ItemOutcome.failure(
                    answer["resultCode"],
                    answer["resultMessage"],
                    retry_required=answer["retryRequired"],
                )
            )
    return outcomes


def check_id(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidInputError("shipment_box_ids", f"must be a positive int, not {value!r}")


ACK: BulkOperation[int] = BulkOperation(
    name="shipment box id",
    key=lambda box: box,
    check=check_id,
    write_batch=post_batch,
    batch_size=50,
    retry_wait=0.0,
)


async def test_batches_of_at_most_50_one_result_per_input_in_order() -> None:
    gateway = BatchGateway()
    gateway.refused[7] = "ALREADY_SHIPPED"
    ids = [*range(1, 121), -5]
    async with gateway.client() as client:
        result: BulkResult[int] = await run_bulk(client, ids, ACK, argument="shipment_box_ids")
    assert [r.index for r in result.results] == list(range(121))
    assert [r.key for r in result.results] == ids
    assert all(len(call) <= 50 for call in gateway.calls)
    assert sorted(i for call in gateway.calls for i in call) == list(range(1, 121))
    assert len(gateway.calls) == 3
    by_key = {r.key: r for r in result.results}
    assert by_key[7].status is FAILED
    assert by_key[7].result_code == "ALREADY_SHIPPED"
    assert by_key[7].retry_required is False
    assert by_key[7].error is not None
    assert "refused" in str(by_key[7].error)
    assert by_key[8].status is OK
    assert by_key[8].result_code == "OK"
    assert isinstance(by_key[-5].error, InvalidInputError)  # never sent
    assert result.counts[OK] == 119


async def test_retry_required_items_are_sent_again_a_bounded_number_of_times() -> None:
    gateway = BatchGateway()
    gateway.retry_left = {2: 2, 3: 99}
    async with gateway.client() as client:
        result = await run_bulk(client, [1, 2, 3, 4], ACK)
    two, three = result.results[1], result.results[2]
    assert two.status is OK
    assert two.retry_required is False
    assert three.status is FAILED
    assert three.retry_required is True
    assert three.result_code == "BUSY"
    sent = [i for call in gateway.calls for i in call]
    assert sent.count(1) == 1
    assert sent.count(4) == 1
    assert sent.count(2) == 3
    assert sent.count(3) == 1 + ACK.item_retries


async def test_the_same_id_twice_is_never_a_failed_copy() -> None:
    gateway = BatchGateway()
    async with gateway.client() as client:
        result = await run_bulk(client, [5, 6, 5], ACK)
    statuses = [r.status for r in result.results]
    assert statuses in ([SUPERSEDED, OK, OK], [OK, OK, OK])


@pytest.mark.parametrize(("status", "expected"), [(500, UNKNOWN), (400, FAILED)])
async def test_a_failed_call_gives_every_item_of_it_the_same_status(
    status: int, expected: ItemStatus
) -> None:
    """A 5xx after the call was sent cannot say what was applied: UNKNOWN. A 400: FAILED."""
    gateway = BatchGateway()
    gateway.status = status
    async with gateway.client() as client:
        result = await run_bulk(client, [1, 2, 3], ACK)
    assert [r.status for r in result.results] == [expected] * 3


Invoice = tuple[int, int]  # (shipment box id, vendor item id)


def check_invoice(invoice: Invoice) -> None:
    check_id(invoice[0])
    check_id(invoice[1])


INVOICES: BulkOperation[Invoice] = BulkOperation(
    name="invoice",
    key=lambda invoice: invoice,
    group=lambda invoice: invoice[0],
    check=check_invoice,
    write_batch=post_batch,
    batch_size=4,
    retry_wait=0.0,
)


@pytest.mark.parametrize("source", ["list", "async"])
async def test_a_group_is_never_split_across_calls(source: str) -> None:
    """Items of one box travel in one call (even when the box does not fit next to others)."""
    gateway = BatchGateway()
    boxes = {1: 3, 2: 2, 3: 1, 4: 3, 5: 5, 6: 1}  # box -> items
    invoices = [(box, 100 * box + i) for box, n in boxes.items() for i in range(n)]

    async def slowly() -> AsyncIterator[Invoice]:
        for invoice in invoices:
            await anyio.lowlevel.checkpoint()  # the workers run between any two inputs
            yield invoice

    async with gateway.client() as client:
        inputs: list[Invoice] | AsyncIterator[Invoice] = invoices if source == "list" else slowly()
        result = await run_bulk(client, inputs, INVOICES)
    assert [r.key for r in result.results] == invoices
    assert all(r.status is OK for r in result.results)
    for call in gateway.calls:
        sent_boxes = [int(invoice[0]) for invoice in call]
        in_call = set(sent_boxes)
        for box in in_call:
            assert sent_boxes.count(box) == boxes[box]  # the whole box
        assert len(call) <= 4 or len(in_call) == 1  # only a box larger than a batch goes alone


async def test_a_group_answer_is_each_of_its_items_outcome() -> None:
    gateway = BatchGateway()
    for item in (10, 11):
        gateway.refused[(1, item)] = "INVALID_INVOICE"
    async with gateway.client() as client:
        result = await run_bulk(client, [(1, 10), (1, 11), (2, 20)], INVOICES)
    assert [r.status for r in result.results] == [FAILED, FAILED, OK]
    assert [r.result_code for r in result.results] == ["INVALID_INVOICE", "INVALID_INVOICE", "OK"]


async def test_an_operation_needs_exactly_one_way_to_write() -> None:
    with pytest.raises(TypeError):
        BulkOperation(name="x", key=lambda x: x, check=check_id)
