"""The table of every declared operation, one `ROWS` list per endpoint module (one file each).

A row runs its endpoint with an id under test and names a documented answer; the table drives the
bad-id, robustness and sample tests (tests/test_operations_table.py, tests/test_robustness.py).
Adding an endpoint = its `Operation` declaration + one `Row` line in the module's file here.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from coupang_async import CoupangClient

__all__ = ["Row", "all_rows"]

Call = Callable[[CoupangClient, Any], Awaitable[Any]]


@attrs.frozen
class Row:
    """One operation under test.

    Attributes:
        op: the `Operation.name` (e.g. "vendor_items.get_inventory").
        call: runs the endpoint with its id argument set to the second argument; a listing
            returns its paginator (awaiting it fetches the first page); rows without an id
            ignore the argument.
        id_arg: the name of the id argument (None: the endpoint takes none).
        sample: a documented response body the call must read without error.
    """

    op: str
    call: Call
    id_arg: str | None = None
    sample: Any = attrs.field(factory=lambda: {"code": "SUCCESS", "message": ""})


def all_rows() -> list[Row]:
    """Every row of every module of this package."""
    rows: list[Row] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rows.extend(module.ROWS)
    return rows
