"""Tests every declared operation gets from its row in tests/operations/: a row per operation,
bad ids refused before sending, and the documented answer read through the right path."""

from __future__ import annotations

import re
from typing import Any

import httpx
import orjson
import pytest

import coupang_async  # noqa: F401 - imports every endpoint module, declaring their operations
from coupang_async import InvalidInputError, RetryPolicy
from coupang_async._operation import Operation, operations

from .helpers import make_client
from .operations import Row, all_rows

pytestmark = pytest.mark.both_backends

ROWS = all_rows()
BAD_IDS = [0, -1, 2**63, True, "1", 1.0]


def _declared() -> dict[str, Operation[Any]]:
    # Operations declared by the tests themselves (tests/test_operation.py) are not endpoints.
    return {op.name: op for op in operations() if not op.name.startswith("test.")}


def _path_pattern(op: Operation[Any]) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]*\})", op.path)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


def test_every_operation_has_exactly_one_row() -> None:
    """A new operation without a row (or a row naming no operation) fails here."""
    names = [row.op for row in ROWS]
    assert len(names) == len(set(names)), "an operation has two rows"
    assert sorted(names) == sorted(_declared())


def _recording_client(body: Any, seen: list[httpx.Request]) -> Any:
    content = orjson.dumps(body)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=content, headers={"Content-Type": "application/json"})

    return make_client(transport=httpx.MockTransport(handler), retry=RetryPolicy.disabled())


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
@pytest.mark.parametrize("row", [r for r in ROWS if r.id_arg], ids=lambda r: r.op)
async def test_bad_ids_are_refused_before_sending(row: Row, bad: object) -> None:
    """Not a positive int64 (0, -1, 2**63, a bool, a string, a float): InvalidInputError naming
    the id argument, nothing sent."""
    seen: list[httpx.Request] = []
    async with _recording_client({"code": "SUCCESS"}, seen) as client:
        with pytest.raises(InvalidInputError) as info:
            await row.call(client, bad)
    assert info.value.field == row.id_arg
    assert seen == []


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.op)
async def test_documented_answer_is_read(row: Row) -> None:
    """The documented answer reads without error, from a request to the operation's path."""
    op = _declared()[row.op]
    seen: list[httpx.Request] = []
    async with _recording_client(row.sample, seen) as client:
        result = await row.call(client, 1)
    repr(result)
    assert seen
    assert seen[0].method == op.method
    assert _path_pattern(op).fullmatch(seen[0].url.path), seen[0].url.path
