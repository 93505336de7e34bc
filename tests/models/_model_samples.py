"""The documented sample payloads (tests/models/data, see its README) and comparison helpers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coupang_async._converter import PayloadValidationError, structure_payload
from coupang_async.models import (
    InflowStatus,
    PartialProductUpdate,
    Product,
    ProductSummary,
    StatusHistoryEntry,
    VendorItemInventory,
)

DATA = Path(__file__).parent / "data"

# file -> (model type, whether the file is a response envelope whose "data" is the payload)
SAMPLES: dict[str, tuple[Any, bool]] = {
    "ref_5_1_create_product.json": (Product, False),
    "ref_5_2_get_product.json": (Product, True),
    "ref_5_4_partial_update.json": (PartialProductUpdate, False),
    "ref_5_7_list_products.json": (list[ProductSummary], True),
    "ref_5_8_list_time_frame.json": (list[ProductSummary], True),
    "ref_5_9_status_history.json": (list[StatusHistoryEntry], True),
    "ref_5_11_inflow_status.json": (InflowStatus, True),
    "ref_5_12_inventories.json": (VendorItemInventory, True),
    "seed_000_create_product.json": (Product, False),
    "seed_000_update_product.json": (Product, False),
    "seed_001_update_product.json": (Product, False),
    "seed_004_list_rocket_growth.json": (list[ProductSummary], True),
    "seed_004_list_hybrid.json": (list[ProductSummary], True),
}


def load(name: str) -> Any:
    """The payload of a sample file (the envelope's ``data`` for responses), freshly parsed."""
    _, enveloped = SAMPLES[name]
    body = json.loads((DATA / name).read_text(encoding="utf-8"))
    return body["data"] if enveloped else body


def model_type(name: str) -> Any:
    """The model type a sample file structures as."""
    return SAMPLES[name][0]


def differences(a: Any, b: Any, path: str = "$") -> list[str]:
    """Paths where two JSON values differ, JSON types included (``1``, ``1.0``, ``True`` differ)."""
    if type(a) is not type(b):
        return [path]
    if isinstance(a, dict):
        found = []
        for key in a.keys() | b.keys():
            if key not in a or key not in b:
                found.append(f"{path}.{key}")
            else:
                found.extend(differences(a[key], b[key], f"{path}.{key}"))
        return sorted(found)
    if isinstance(a, list):
        if len(a) != len(b):
            return [path]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [path]


def structure_or_required(payload: Any, tp: Any) -> Any | None:
    """The structured payload, or ``None`` when its only faults are required keys absent or null.

    Plain-typed (required) fields make a payload without them invalid; the lossless law is
    about every payload that carries them, so mutated samples that lost one are skipped, and any
    other error still fails the test.
    """
    try:
        return structure_payload(payload, tp)
    except PayloadValidationError as exc:
        errors = exc.errors
    assert errors, "no messages"
    assert all("required" in message for message in errors), errors
    return None
