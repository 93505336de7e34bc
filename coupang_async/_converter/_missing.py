"""``MISSING`` and ``Maybe``: "the key was absent", distinct from ``None`` ("the key was null")."""

from __future__ import annotations

import enum
from typing import Final, Literal, TypeAlias, TypeVar

_T = TypeVar("_T")


class MissingType(enum.Enum):
    """The type of `MISSING`; an enum so that type checkers narrow ``x is MISSING``."""

    MISSING = "MISSING"

    def __bool__(self) -> Literal[False]:
        # Falsy like None, so `item.barcode or ""` does the obvious thing.
        return False

    def __repr__(self) -> str:
        return "MISSING"


Missing: TypeAlias = Literal[MissingType.MISSING]
#: The default of every wire field: the key was absent from the payload (and stays absent).
MISSING: Final = MissingType.MISSING

#: ``Maybe[T]`` = ``T | Missing | None``: the type of every wire field.
Maybe: TypeAlias = _T | Missing | None
