"""MkDocs hook and generator of the API coverage page (``coverage.md``).

Every operation of Coupang's seller API (the operations of Coupang's own SDK specification plus
those documented only on its help centre) is listed in `OPERATIONS` with its method, path and
current version. The page matches each against the library's operation table (every endpoint
declares its method, path template and versions in one place, and
``coupang_async._operation.operations()`` lists the declarations) and shows the function that
calls it, or why the library does not. An operation declared in the table that this list does
not know is shown too, so the page can never hide an endpoint.

While an endpoint module is not yet declared in the operation table, an entry may name the
function that calls it (``function=``); the tests check that the function exists and, once the
operation is declared, that both agree.

This module imports nothing from MkDocs, so the test suite can call `build_rows` and `render`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from typing import Any

PACKAGE = "coupang_async"
PAGE = "coverage.md"

OA = "/v2/providers/openapi/apis/api"
V4 = f"{OA}/v4/vendors/{{vendorId}}"
SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
MO = "/v2/providers/marketplace_openapi/apis/api"
FMS = "/v2/providers/fms/apis/api"
RG = "/v2/providers/rg_open_api/apis/api/v1/vendors/{vendorId}"

PLANNED_O2C = "planned: order-to-cash writes and single-record reads"
PLANNED_CS = "planned: customer service, settlement and coupons"
NOT_DOCUMENTED = "not in Coupang's current documentation (only in the old SDK specification)"


@dataclass(frozen=True)
class Entry:
    """One operation of Coupang's seller API."""

    family: str
    method: str
    path: str
    version: str
    why: str | None = None  # why the library does not call it (None: it does)
    function: str | None = None  # the function calling it, while not in the operation table


def _e(family: str, method: str, path: str, version: str, **kw: Any) -> Entry:
    return Entry(family, method, path, version, **kw)


OPERATIONS: tuple[Entry, ...] = (
    # -- products and vendor items (seller_api) -------------------------------------------------
    _e("products", "POST", f"{SP}/seller-products", "v1", function="products.create_product"),
    _e("products", "GET", f"{SP}/seller-products", "v1", function="products.list_products"),
    _e("products", "PUT", f"{SP}/seller-products", "v1", function="products.update_product"),
    _e("products", "GET", f"{SP}/seller-products/{{id}}", "v1", function="products.get_product"),
    _e("products", "DELETE", f"{SP}/seller-products/{{id}}", "v1", function="products.delete_product"),
    _e("products", "PUT", f"{SP}/seller-products/{{id}}/approvals", "v1", function="products.request_approval"),
    _e("products", "GET", f"{SP}/seller-products/time-frame", "v1", function="products.list_products_by_time_frame"),
    _e("products", "GET", f"{SP}/seller-products/{{id}}/histories", "v1", function="products.list_status_history"),
    _e("products", "GET", f"{SP}/seller-products/external-vendor-sku-codes/{{code}}", "v1", function="products.get_product_by_external_sku"),
    _e("products", "GET", f"{SP}/seller-products/{{id}}/partial", "v1", function="products.get_partial_product"),
    _e("products", "PUT", f"{SP}/seller-products/{{id}}/partial", "v1", function="products.partial_update_product"),
    _e("products", "GET", f"{SP}/seller-products/inflow-status", "v1", function="products.get_inflow_status"),
    _e("products", "GET", f"{SP}/meta/products", "v1", why=NOT_DOCUMENTED),
    _e("products", "PUT", f"{SP}/vendor-items/{{id}}/quantities/{{quantity}}", "v1"),
    _e("products", "PUT", f"{SP}/vendor-items/{{id}}/prices/{{price}}", "v1"),
    _e("products", "PUT", f"{SP}/vendor-items/{{id}}/original-prices/{{price}}", "v1"),
    _e("products", "PUT", f"{SP}/vendor-items/{{id}}/sales/stop", "v1"),
    _e("products", "PUT", f"{SP}/vendor-items/{{id}}/sales/resume", "v1"),
    _e("products", "GET", f"{SP}/vendor-items/{{id}}/inventories", "v1"),
    # -- categories -------------------------------------------------------------------------------
    _e("categories", "POST", f"{OA}/v1/categorization/predict", "v1", function="categories.recommend_category"),
    _e("categories", "GET", f"{SP}/meta/category-related-metas/display-category-codes/{{code}}", "v1", function="categories.get_category_meta"),
    _e("categories", "GET", f"{SP}/meta/display-categories", "v1", why=PLANNED_CS),
    _e("categories", "GET", f"{SP}/meta/display-categories/{{code}}", "v1", why=PLANNED_CS),
    _e("categories", "GET", f"{SP}/meta/display-categories/{{code}}/status", "v1", why=PLANNED_CS),
    _e("categories", "GET", f"{SP}/vendors/{{vendorId}}/check-auto-category-agreed", "v1", why="a seller-centre agreement flag; use a raw `client.get`"),
    # -- orders -----------------------------------------------------------------------------------
    _e("orders", "GET", f"{OA}/v5/vendors/{{vendorId}}/ordersheets", "v5"),
    _e("orders", "PUT", f"{V4}/ordersheets/acknowledgement", "v4", why=PLANNED_O2C),
    _e("orders", "GET", f"{OA}/v5/vendors/{{vendorId}}/ordersheets/{{id}}", "v5", why=PLANNED_O2C),
    _e("orders", "GET", f"{OA}/v5/vendors/{{vendorId}}/ordersheets/{{id}}/history", "v5", why=PLANNED_O2C),
    _e("orders", "GET", f"{OA}/v5/vendors/{{vendorId}}/{{orderId}}/ordersheets", "v5", why=PLANNED_O2C),
    _e("orders", "POST", f"{V4}/orders/invoices", "v4", why=PLANNED_O2C),
    _e("orders", "POST", f"{V4}/orders/updateInvoices", "v4", why=PLANNED_O2C),
    _e("orders", "PUT", f"{V4}/returnRequests/{{id}}/stoppedShipment", "v4", why=PLANNED_O2C),
    _e("orders", "PUT", f"{V4}/returnRequests/{{id}}/completedShipment", "v4", why=PLANNED_O2C),
    _e("orders", "POST", f"{V4}/orders/{{orderId}}/refunds", "v4", why="removed by Coupang (replaced by the v5 cancel)"),
    _e("orders", "POST", f"{OA}/v5/vendors/{{vendorId}}/orders/{{orderId}}/cancel", "v5", why=PLANNED_O2C),
    _e("orders", "POST", f"{V4}/completeLongTermUndelivery", "v4", why=PLANNED_O2C),
    # -- returns ----------------------------------------------------------------------------------
    _e("returns", "GET", f"{OA}/v6/vendors/{{vendorId}}/returnRequests", "v6"),
    _e("returns", "GET", f"{OA}/v6/vendors/{{vendorId}}/returnRequests/{{id}}", "v6", why=PLANNED_O2C),
    _e("returns", "PUT", f"{V4}/returnRequests/{{id}}/receiveConfirmation", "v4", why=PLANNED_O2C),
    _e("returns", "PUT", f"{V4}/returnRequests/{{id}}/approval", "v4", why=PLANNED_O2C),
    _e("returns", "POST", f"{V4}/returnWithdrawList", "v4", why=PLANNED_O2C),
    _e("returns", "GET", f"{V4}/returnWithdrawRequests", "v4", why=PLANNED_O2C),
    _e("returns", "POST", f"{V4}/return-exchange-invoices/manual", "v4", why=PLANNED_O2C),
    # -- exchanges --------------------------------------------------------------------------------
    _e("exchanges", "GET", f"{V4}/exchangeRequests", "v4"),
    _e("exchanges", "PUT", f"{V4}/exchangeRequests/{{id}}/receiveConfirmation", "v4", why=PLANNED_O2C),
    _e("exchanges", "PUT", f"{V4}/exchangeRequests/{{id}}/rejection", "v4", why=PLANNED_O2C),
    _e("exchanges", "POST", f"{V4}/exchangeRequests/{{id}}/invoices", "v4", why=PLANNED_O2C),
    # -- Rocket Growth ----------------------------------------------------------------------------
    _e("rocket growth", "GET", f"{RG}/rg/orders", "v1", why=PLANNED_O2C),
    _e("rocket growth", "GET", f"{RG}/rg/order/{{orderId}}", "v1", why=PLANNED_O2C),
    _e("rocket growth", "GET", f"{RG}/rg/inventory/summaries", "v1", why=PLANNED_O2C),
    # -- customer service -------------------------------------------------------------------------
    _e("customer service", "GET", f"{OA}/v5/vendors/{{vendorId}}/onlineInquiries", "v5", why=PLANNED_CS),
    _e("customer service", "POST", f"{V4}/onlineInquiries/{{id}}/replies", "v4", why=PLANNED_CS),
    _e("customer service", "GET", f"{OA}/v5/vendors/{{vendorId}}/callCenterInquiries", "v5", why=PLANNED_CS),
    _e("customer service", "GET", f"{OA}/v5/vendors/callCenterInquiries/{{id}}", "v5", why=PLANNED_CS),
    _e("customer service", "POST", f"{V4}/callCenterInquiries/{{id}}/replies", "v4", why=PLANNED_CS),
    _e("customer service", "POST", f"{V4}/callCenterInquiries/{{id}}/confirms", "v4", why=PLANNED_CS),
    # -- settlement -------------------------------------------------------------------------------
    _e("settlement", "GET", f"{OA}/v1/revenue-history", "v1", why=PLANNED_CS),
    _e("settlement", "GET", f"{MO}/v1/settlement-histories", "v1", why=PLANNED_CS),
    _e("settlement", "GET", f"{V4}/retroactiveFees", "v4", why=NOT_DOCUMENTED),
    _e("settlement", "GET", f"{V4}/orders/salesDetails", "v4", why=NOT_DOCUMENTED),
    _e("settlement", "GET", f"{V4}/orders/settlementDetails", "v4", why=NOT_DOCUMENTED),
    _e("settlement", "GET", f"{V4}/orders/{{orderId}}/settlementDetails", "v4", why=NOT_DOCUMENTED),
    # -- coupons ----------------------------------------------------------------------------------
    _e("coupons", "GET", f"{FMS}/v1/vendors/{{vendorId}}/budgets", "v1", why=PLANNED_CS),
    _e("coupons", "GET", f"{FMS}/v2/vendors/{{vendorId}}/contract/list", "v2", why=PLANNED_CS),
    _e("coupons", "GET", f"{FMS}/v2/vendors/{{vendorId}}/contract", "v2", why=PLANNED_CS),
    _e("coupons", "POST", f"{FMS}/v2/vendors/{{vendorId}}/contract/create/non_contract_info", "v2", why=NOT_DOCUMENTED),
    _e("coupons", "GET", f"{FMS}/v2/vendors/{{vendorId}}/coupon", "v2", why=PLANNED_CS),
    _e("coupons", "POST", f"{FMS}/v2/vendors/{{vendorId}}/coupon", "v2", why=PLANNED_CS),
    _e("coupons", "GET", f"{FMS}/v2/vendors/{{vendorId}}/coupons", "v2", why=PLANNED_CS),
    _e("coupons", "GET", f"{FMS}/v2/vendors/{{vendorId}}/{{orderId}}/coupons", "v2", why=PLANNED_CS),
    _e("coupons", "PUT", f"{FMS}/v1/vendors/{{vendorId}}/coupons/{{couponId}}", "v1", why=PLANNED_CS),
    _e("coupons", "GET", f"{FMS}/v1/vendors/{{vendorId}}/coupons/{{couponId}}/items", "v1", why=PLANNED_CS),
    _e("coupons", "POST", f"{FMS}/v1/vendors/{{vendorId}}/coupons/{{couponId}}/items", "v1", why=PLANNED_CS),
    _e("coupons", "PUT", f"{FMS}/v1/vendors/{{vendorId}}/coupons/{{couponId}}/items", "v1", why=NOT_DOCUMENTED),
    _e("coupons", "GET", f"{FMS}/v1/vendors/{{vendorId}}/coupons/{{couponId}}/items/{{itemId}}", "v1", why=PLANNED_CS),
    _e("coupons", "GET", f"{FMS}/v1/vendors/{{vendorId}}/requested/{{requestedId}}", "v1", why=PLANNED_CS),
    _e("coupons", "PUT", f"{MO}/v1/coupon-items", "v1", why=PLANNED_CS),
    _e("coupons", "GET", f"{MO}/v1/coupons", "v1", why=NOT_DOCUMENTED),
    _e("coupons", "POST", f"{MO}/v1/coupons", "v1", why=PLANNED_CS),
    _e("coupons", "DELETE", f"{MO}/v1/coupons", "v1", why=NOT_DOCUMENTED),
    _e("coupons", "POST", f"{MO}/v1/coupons/expire", "v1", why=PLANNED_CS),
    _e("coupons", "GET", f"{MO}/v1/coupons/transactionStatus", "v1", why=PLANNED_CS),
    _e("coupons", "GET", f"{MO}/v1/coupons/{{couponId}}", "v1", why=PLANNED_CS),
    # -- cashback ---------------------------------------------------------------------------------
    _e("cashback", "GET", f"{V4}/products/items/cashback", "v4", why="not requested by users yet; use a raw `client.get`"),
    _e("cashback", "POST", f"{V4}/products/items/cashback", "v4", why="not requested by users yet; use a raw `client.post`"),
    _e("cashback", "DELETE", f"{V4}/products/items/cashback", "v4", why="not requested by users yet; use a raw `client.delete`"),
    # -- logistics --------------------------------------------------------------------------------
    _e("logistics", "GET", f"{MO}/v2/vendor/shipping-place/outbound", "v2"),
    _e("logistics", "POST", f"{OA}/v5/vendors/{{vendorId}}/outboundShippingCenters", "v5", why=PLANNED_CS),
    _e("logistics", "PUT", f"{OA}/v5/vendors/{{vendorId}}/outboundShippingCenters/{{code}}", "v5", why=PLANNED_CS),
    _e("logistics", "GET", f"{V4}/outboundShippingCenters", "v4", why="superseded by the v2 outbound shipping place listing (covered)"),
    _e("logistics", "GET", f"{OA}/v5/vendors/{{vendorId}}/returnShippingCenters", "v5"),
    _e("logistics", "POST", f"{OA}/v5/vendors/{{vendorId}}/returnShippingCenters", "v5", why=PLANNED_CS),
    _e("logistics", "PUT", f"{OA}/v5/vendors/{{vendorId}}/returnShippingCenters/{{code}}", "v5", why=PLANNED_CS),
    _e("logistics", "GET", f"{OA}/v3/return/shipping-places/center-code", "v3", why="the return centre listing returns every centre with the same fields"),
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One line of the page."""

    family: str
    method: str
    path: str
    version: str
    function: str | None  # module.function, when the library calls it
    why: str | None  # why not, otherwise
    declared: bool  # the function's operation is in the operation table


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def load_operations() -> list[Any]:
    """Import every public module of the package, then read the operation table."""
    package = importlib.import_module(PACKAGE)
    modules = set()
    for module in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
        parts = module.name.split(".")
        if any(part.startswith("_") for part in parts) or parts[1] in {"cli", "testing", "redis"}:
            continue
        importlib.import_module(module.name)
        modules.add(module.name.removeprefix(f"{PACKAGE}."))
    from coupang_async._operation import operations

    # Only the package's own endpoints (a test suite may declare throwaway operations). A name is
    # "module.function" or "module.Class.method" (e.g. a job's polling, "coupons.CouponJob.wait").
    return [op for op in operations() if function_of(op).split(".")[0] in modules]


def function_of(op: Any) -> str:
    """The public function an operation belongs to (``orders.list_order_sheets[v4]`` -> without)."""
    return str(op.name).split("[", 1)[0]


def op_keys(op: Any) -> list[tuple[str, str]]:
    """(method, path shape) for every version the operation can be sent with."""
    versions = op.versions or (op.version,)
    return [
        (op.method, _shape(op.path.replace("{version}", str(v)) if v is not None else op.path))
        for v in versions
    ]


def build_rows(ops: list[Any] | None = None) -> list[Row]:
    """The page's rows: every entry of `OPERATIONS`, then operations the list does not know."""
    if ops is None:
        ops = load_operations()
    by_key: dict[tuple[str, str], Any] = {}
    for op in ops:
        for key in op_keys(op):
            by_key.setdefault(key, op)
    used: set[str] = set()
    rows = []
    for entry in OPERATIONS:
        op = by_key.get((entry.method, _shape(entry.path)))
        if op is not None:
            used.add(op.name)
            function, declared = function_of(op), True
        else:
            function, declared = entry.function, False
        why = None if function else entry.why
        rows.append(
            Row(entry.family, entry.method, entry.path, entry.version, function, why, declared)
        )
    for op in ops:
        if op.name in used:
            continue
        family = function_of(op).split(".")[0].replace("_", " ")
        path = op.path.replace("{vendor_id}", "{vendorId}")
        for version in op.versions or (None,):
            filled = path.replace("{version}", str(version)) if version is not None else path
            label = f"v{version}" if version is not None else "–"
            rows.append(Row(family, op.method, filled, label, function_of(op), None, True))
    return rows


def render(rows: list[Row]) -> str:
    """The Markdown of the coverage page."""
    covered = sum(1 for row in rows if row.function)
    lines = [
        "# API coverage",
        "",
        "Every operation of Coupang's seller API, with the function of this library that calls it,",
        "or why none does. Generated from the library's operation table when the site is built, so",
        "it always matches the code. Paths start with `/v2/providers/` and carry the API version",
        "(`v1`, `v4`, `v5`…); `{vendorId}` is filled in by the client. Anything not covered can",
        "still be called through the client itself (`await client.get(path, params=...)`), signed,",
        "paced and classified like every call.",
        "",
        f"**{covered} of {len(rows)} operations covered.**",
        "",
    ]
    families: dict[str, list[Row]] = {}
    for row in rows:
        families.setdefault(row.family, []).append(row)
    for family, members in families.items():
        lines += [
            f"## {family.capitalize()}",
            "",
            "| operation | function |",
            "|---|---|",
        ]
        for row in members:
            path = row.path.removeprefix("/v2/providers/")
            if row.function:
                target = f"{PACKAGE}.{row.function}"
                cell = f"[`{row.function}`][{target}]"
            elif row.why is not None and row.why.startswith("planned"):
                cell = row.why
            else:
                cell = f"not covered: {row.why}"
            lines.append(f"| `{row.method} {path}` | {cell} |")
        lines.append("")
    lines += [
        "Not listed: Coupang's auto-generated-option opt-in and opt-out (four operations) and",
        "its brand APIs (two), which this library does not cover: they are seller-centre",
        "settings rarely automated; call them through the client directly if you need them.",
        "",
    ]
    return "\n".join(lines)


def on_page_read_source(page: Any, config: Any, **_: Any) -> str | None:
    """MkDocs hook: the coverage page's source is generated, not read from disk."""
    if page.file.src_uri == PAGE:
        return render(build_rows())
    return None
