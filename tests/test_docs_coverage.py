"""The site's API coverage page matches the code: the operation table and the list of operations."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

HOOK = Path(__file__).parents[1] / "docs" / "hooks" / "coverage.py"


@pytest.fixture(scope="module")
def coverage() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_coverage_hook", HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


def _exists(dotted: str) -> bool:
    """``module.function`` or ``module.Class.method`` names a callable of the package."""
    module, *names = dotted.split(".")
    obj: object = importlib.import_module(f"coupang_async.{module}")
    for name in names:
        obj = getattr(obj, name, None)
    return callable(obj)


def test_every_declared_operation_is_on_the_page(coverage: ModuleType) -> None:
    ops = coverage.load_operations()
    assert ops, "the operation table is empty"
    rows = coverage.build_rows(ops)
    page = coverage.render(rows)
    declared = {(row.function, row.method) for row in rows if row.declared}
    for op in ops:
        function = coverage.function_of(op)
        assert (function, op.method) in declared, op.name
        assert f"[`{function}`][coupang_async.{function}]" in page
        assert _exists(function), f"{op.name}: no public function {function}"


def test_every_operation_is_covered_or_says_why(coverage: ModuleType) -> None:
    rows = coverage.build_rows()
    for row in rows:
        assert (row.function is None) != (row.why is None), row
        if row.function is not None:
            assert _exists(row.function), row
    covered = sum(1 for row in rows if row.function)
    assert f"**{covered} of {len(rows)} operations covered.**" in coverage.render(rows)


def test_no_stale_entries(coverage: ModuleType) -> None:
    """A hint disagreeing with the table, or a deliberate omission the code now covers, fails."""
    ops = coverage.load_operations()
    by_key = {key: op for op in ops for key in coverage.op_keys(op)}
    planned = {coverage.PLANNED_O2C, coverage.PLANNED_CS}
    for entry in coverage.OPERATIONS:
        op = by_key.get((entry.method, coverage._shape(entry.path)))
        if op is None:
            continue
        if entry.function is not None:
            assert entry.function == coverage.function_of(op), entry
        if entry.why is not None:
            assert entry.why in planned, f"{entry.path} is declared by {op.name}: drop the reason"


def test_the_list_has_no_duplicates(coverage: ModuleType) -> None:
    keys = [(entry.method, coverage._shape(entry.path)) for entry in coverage.OPERATIONS]
    assert len(keys) == len(set(keys))
    assert len(keys) >= 90
