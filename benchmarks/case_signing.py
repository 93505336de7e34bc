"""Signing alone: `CoupangAuth.authorization()` vs the vendor sample's signing code.

Goal: ours <= 1.0x the sample's CPU per signature. Also reported: the whole httpx Auth path
(`auth_flow` on a built request), which is what every request pays.
"""

from __future__ import annotations

import httpx

from benchmarks.harness import (
    ACCESS_KEY,
    SECRET_KEY,
    Case,
    Comparison,
    Context,
    Metrics,
    time_calls,
)
from benchmarks.vendor_sample import seed_authorization

PATH = "/v2/providers/openapi/apis/api/v4/vendors/A00012345/returnRequests"
QUERY = "createdAtFrom=2018-08-08&createdAtTo=2018-08-08&status=UC"
RAW = f"{PATH}?{QUERY}".encode("ascii")


def _count(ctx: Context) -> int:
    return ctx.size(200_000, 2_000)


def sign_ours(ctx: Context) -> Metrics:
    from coupang_async import CoupangAuth

    auth = CoupangAuth(ACCESS_KEY, SECRET_KEY)
    return time_calls(lambda: auth.authorization("GET", RAW), _count(ctx))


def sign_seed(ctx: Context) -> Metrics:
    return time_calls(
        lambda: seed_authorization("GET", PATH, QUERY, ACCESS_KEY, SECRET_KEY), _count(ctx)
    )


def auth_flow_ours(ctx: Context) -> Metrics:
    from coupang_async import CoupangAuth

    auth = CoupangAuth(ACCESS_KEY, SECRET_KEY)
    request = httpx.Request("GET", "https://api-gateway.coupang.com" + PATH + "?" + QUERY)

    def one() -> None:
        flow = auth.auth_flow(request)
        next(flow)
        flow.close()

    return time_calls(one, _count(ctx))


CASES = [
    Case("sign.ours", sign_ours, "CoupangAuth.authorization(method, raw_path)"),
    Case("sign.seed", sign_seed, "seeds/000_* signing block, verbatim, as a function"),
    Case("sign.auth_flow", auth_flow_ours, "CoupangAuth.auth_flow on a built httpx.Request"),
]

COMPARISONS = [
    Comparison(
        "signing alone vs the vendor sample",
        ("sign.ours", "cpu_us_per_call"),
        ("sign.seed", "cpu_us_per_call"),
        ("<=", 1.0),
    ),
]
