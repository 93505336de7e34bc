"""Which case modules make up the suite, and how they are loaded.

Add a module to `CASE_MODULES` to plug in a case (recipe in benchmarks/README.md). A module that
cannot be imported (an optional dependency is missing, or it raises `Skip`) is reported as
skipped, with the reason.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from benchmarks.harness import Case, Comparison, Skip

CASE_MODULES: tuple[str, ...] = (
    "benchmarks.case_signing",  # signing alone vs the vendor sample's code
    "benchmarks.case_http",  # per-request CPU: CoupangClient vs bare httpx (raw server)
    "benchmarks.case_baselines",  # vendor-style urllib and aiohttp doing the same signed calls
    "benchmarks.case_tls",  # over HTTPS: CoupangClient vs the vendor sample (new TLS per call)
    "benchmarks.case_transport",  # httpx-aiohttp transport vs default, c=8 and c=64
    "benchmarks.case_speed",  # the default backend vs aiohttp at c=1/8/64; 200 vendors at 5/s
    "benchmarks.case_pace",  # client-side pacing vs its requests_per_second
    "benchmarks.case_fake",  # the per-request cases against the fake's loopback server
    "benchmarks.case_fake_inprocess",  # wraps bench_fake.py (the fake's own scenarios)
    "benchmarks.case_decode",  # typed decode of a 100-product page vs orjson.loads
    "benchmarks.case_export",  # export walk pages/s vs a bare httpx walk
    "benchmarks.case_bulk",  # bulk pace vs the fake's limit (bench_bulk.pace)
    "benchmarks.case_fulfilment",  # acknowledgement / invoice calls/s vs the fake's 10/s
    "benchmarks.case_memory",  # memory growth: 100,000 products exported, 100,000 updates
    "benchmarks.case_redis",  # 4 processes sharing one budget in Redis; cost of one admission
)


@dataclass
class Suite:
    cases: dict[str, tuple[str, Case]] = field(default_factory=dict)  # name -> (module, case)
    comparisons: list[Comparison] = field(default_factory=list)
    skipped_modules: dict[str, str] = field(default_factory=dict)  # module -> reason


def load_suite(modules: tuple[str, ...] = CASE_MODULES) -> Suite:
    """Import every case module; collect its `CASES` and `COMPARISONS`."""
    suite = Suite()
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except Skip as exc:
            suite.skipped_modules[module_name] = str(exc)
            continue
        except ImportError as exc:
            suite.skipped_modules[module_name] = f"{type(exc).__name__}: {exc}"
            continue
        cases = getattr(module, "CASES", None)
        if not isinstance(cases, list | tuple):
            suite.skipped_modules[module_name] = "defines no CASES list (not a harness module)"
            continue
        for case in cases:
            if case.name in suite.cases:
                raise ValueError(f"duplicate case name {case.name!r} in {module_name}")
            suite.cases[case.name] = (module_name, case)
        suite.comparisons.extend(getattr(module, "COMPARISONS", ()))
    return suite


def find_case(module_name: str, case_name: str) -> Case:
    """The case `case_name` of `module_name` (in the case's own process)."""
    module = importlib.import_module(module_name)
    for case in module.CASES:
        if case.name == case_name:
            return case  # type: ignore[no-any-return]
    raise LookupError(f"{module_name} has no case {case_name!r}")
