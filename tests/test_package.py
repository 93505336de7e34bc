"""Packaging details a user meets first: submodules as attributes, the license."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import coupang_async

ROOT = Path(__file__).parents[1]


def test_import_coupang_async_reaches_every_endpoint_module() -> None:
    """``import coupang_async; coupang_async.products`` works in a fresh interpreter."""
    code = (
        "import sys, coupang_async\n"
        "assert 'coupang_async.orders' not in sys.modules  # imported on first use\n"
        "for name in ('products', 'orders', 'returns', 'exchanges', 'categories', 'logistics',"
        " 'vendor_items', 'bulk', 'export', 'models'):\n"
        "    module = getattr(coupang_async, name)\n"
        "    assert module.__name__ == 'coupang_async.' + name, module\n"
        "assert callable(coupang_async.products.get_product)\n"
        "print('ok')\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_unknown_attributes_still_raise() -> None:
    """The lazy loader does not hide typos."""
    with pytest.raises(AttributeError, match="prodcuts"):
        coupang_async.prodcuts  # type: ignore[attr-defined]  # noqa: B018
    assert "products" in dir(coupang_async)


def test_license_file_matches_pyproject() -> None:
    """A LICENSE file exists and is the MIT license that pyproject.toml declares."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
