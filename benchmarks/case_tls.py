"""Over HTTPS, as the gateway is: CoupangClient (keep-alive, one verified TLS session per
connection) vs the vendor's urllib sample (a new TLS connection, and a new SSL context, per call,
certificate checks off, exactly as the sample ships). Loopback, so without network round trips:
a real gateway adds 1-2 round trips per new TLS connection on top of these CPU costs.
Reported, no goals.
"""

from __future__ import annotations

from benchmarks.case_baselines import run_vendor
from benchmarks.case_http import run_httpx
from benchmarks.harness import REPORT_REPEAT, Case, Comparison

CASES = [
    *(
        Case(
            f"tls.{method.lower()}.c1.ours",
            run_httpx,
            f"CoupangClient over HTTPS (keep-alive), {method}, sequential",
            servers=("raw_tls",),
            params={"server": "raw_tls", "c": 1, "method": method, "client": "ours"},
            repeat=REPORT_REPEAT,
        )
        for method in ("PUT", "GET")
    ),
    *(
        Case(
            f"tls.{method.lower()}.c1.vendor",
            run_vendor,
            f"vendor sample over HTTPS (new SSL context and connection per call), {method}",
            servers=("raw_tls",),
            # ~23 ms a call: the sample loads the CA store for every call
            params={"server": "raw_tls", "method": method, "total": 100},
            repeat=REPORT_REPEAT,
        )
        for method in ("PUT", "GET")
    ),
    Case(
        "tls.put.c1.vendor_context_once",
        run_vendor,
        "vendor sample over HTTPS, SSL context built once (new TLS connection per call), PUT",
        servers=("raw_tls",),
        params={"server": "raw_tls", "method": "PUT", "total": 300, "context_once": True},
        repeat=REPORT_REPEAT,
    ),
]

COMPARISONS = [
    Comparison(
        "HTTPS: CoupangClient vs vendor sample with its SSL context hoisted, PUT c=1",
        ("tls.put.c1.ours", "cpu_us_per_req"),
        ("tls.put.c1.vendor_context_once", "cpu_us_per_req"),
    ),
    *(
        Comparison(
            f"HTTPS: CoupangClient vs vendor urllib sample, {method} c=1",
            (f"tls.{method.lower()}.c1.ours", metric),
            (f"tls.{method.lower()}.c1.vendor", metric),
        )
        for method in ("PUT", "GET")
        for metric in ("cpu_us_per_req", "req_per_s")
    ),
]
