"""The `coupang-async` console script.

Its dependencies (click, rich) are the optional extra `cli`, so the library itself stays lean;
without them the script says how to install them instead of failing with a traceback.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line (`coupang-async --help`)."""
    missing = [name for name in ("click", "rich") if importlib.util.find_spec(name) is None]
    if missing:
        sys.stderr.write(
            f"coupang-async: the command line needs {', '.join(missing)}: "
            "pip install 'coupang-async[cli]'\n"
        )
        raise SystemExit(2)
    from coupang_async.cli._app import cli  # imported late: it needs the optional extra

    cli.main(args=list(argv) if argv is not None else None, prog_name="coupang-async")
