"""The documented response bodies the rows name (tests/models/data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_DATA = Path(__file__).parent.parent / "models" / "data"


def sample(name: str) -> Any:
    """The body of tests/models/data/<name>.json."""
    return json.loads((_DATA / f"{name}.json").read_text(encoding="utf-8"))
