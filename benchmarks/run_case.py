"""Run ONE case in this (fresh) process and print its metrics as one JSON line.

    python -m benchmarks.run_case MODULE CASE --ctx '{"quick": false, "servers": {...}}'

The harness starts this once per case and repetition, so no case inherits another's warm
caches, connection pools, garbage or imported modules. The result line starts with
`BENCH-RESULT ` so stray output cannot corrupt it.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import sys
import traceback

from benchmarks.harness import Context, Skip
from benchmarks.registry import find_case

RESULT_PREFIX = "BENCH-RESULT "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("module")
    parser.add_argument("case")
    parser.add_argument("--ctx", default="{}", help="JSON: quick, servers")
    args = parser.parse_args(argv)
    raw = json.loads(args.ctx)
    outcome: dict[str, object]
    try:
        case = find_case(args.module, args.case)
        ctx = Context(
            quick=bool(raw.get("quick", False)),
            servers=raw.get("servers", {}),
            params=dict(case.params),
        )
        result = case.run(ctx)
        metrics = asyncio.run(result) if inspect.isawaitable(result) else result  # type: ignore[arg-type]
        outcome = {"status": "ok", "metrics": metrics}
    except Skip as exc:
        outcome = {"status": "skipped", "reason": str(exc)}
    except ImportError as exc:
        outcome = {"status": "skipped", "reason": f"{type(exc).__name__}: {exc}"}
    except Exception as exc:
        traceback.print_exc()
        while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) >= 1:
            exc = exc.exceptions[0]  # the first real cause, not "unhandled errors in a TaskGroup"
        outcome = {"status": "error", "reason": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(RESULT_PREFIX + json.dumps(outcome) + "\n")
    sys.stdout.flush()
    return 0 if outcome["status"] != "error" else 1


if __name__ == "__main__":
    raise SystemExit(main())
