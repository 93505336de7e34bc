"""Discount coupons: instant coupons (``fms``, asynchronous jobs) and downloadable coupons.

Instant coupons (``/v2/providers/fms/apis/api/…``) answer ``{code, message, httpStatus,
httpStatusMessage, errorMessage, data: {success, content, pagination}}``. Create, add items and
expire are jobs: they answer a ``requestedId`` (a string of ~20 digits) and the request-status
route answers ``REQUESTED`` for the first ``CouponState.polls_until_done`` polls, then ``DONE``
(``FAIL`` when nothing succeeded) with per-item failures (``[CIR06]`` unknown option, ``[CIR08]``
option already on another coupon).

Downloadable coupons (``/v2/providers/marketplace_openapi/apis/api/v1/…``) answer without an
envelope: create and read a bare object, add items and expire a bare array of
``{requestResultStatus, body: {couponId, requestTransactionId}, errorCode, errorMessage}``; the
request-status route answers ``{"transactionStatusResponse": {...}}`` with the same polling rule.
A failed item add **destroys** the downloadable coupon (Coupang's documented behaviour): the
coupon goes to ``DETACHED`` and later operations on it answer ``삭제된 프로모션 입니다.``.

State for tests: ``coupons(fake.vendor())`` (`CouponState`).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Any, Final

from coupang_async.testing._http import KST, ApiError, Call, Response, ok
from coupang_async.testing._routing import MARKETPLACE_OPENAPI, VENDOR, Gateway, route
from coupang_async.testing._store import StateKey, VendorState

__all__ = ["COUPONS", "CouponJobRecord", "CouponState", "coupons"]

_FMS: Final = "/v2/providers/fms/apis/api"
_DL: Final = f"{MARKETPLACE_OPENAPI}/v1"
_STAMP: Final = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
NO_PERMISSION: Final = "업체정보의 권한을 확인하세요."
NO_COUPON: Final = "쿠폰이 없습니다. 쿠폰 번호를 확인해주세요."
DELETED_PROMOTION: Final = "삭제된 프로모션 입니다."
NOT_FOUND_ITEM: Final = "[CIR06] 옵션 상품을 찾지 못했습니다."
TAKEN_ITEM: Final = "[CIR08] 해당 옵션은 이미 다른 쿠폰에 발행되어져 있습니다."
STATUSES: Final = ("STANDBY", "APPLIED", "PAUSED", "EXPIRED", "DETACHED")


@dataclass
class CouponJobRecord:
    """One asynchronous coupon request."""

    request_id: str
    kind: str  # COUPON_PUBLISH | COUPON_EXPIRE | COUPON_ITEM_PUBLISH
    coupon_id: int
    download: bool
    vendor_items: list[int] = field(default_factory=list)
    failures: dict[int, str] = field(default_factory=dict)
    polls: int = 0
    applied: bool = False

    @property
    def status(self) -> str:
        """``REQUESTED`` while running, then ``DONE`` or ``FAIL``."""
        if not self.applied:
            return "REQUESTED"
        if self.vendor_items and len(self.failures) == len(self.vendor_items):
            return "FAIL"
        if self.download and self.failures:
            return "FAIL"
        return "DONE"


@dataclass
class CouponState:
    """One vendor's contracts, coupons and coupon requests."""

    contracts: list[dict[str, Any]]
    instant: dict[int, dict[str, Any]] = field(default_factory=dict)
    download: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: vendorItemId -> couponId of the active coupon it is on (instant and downloadable alike).
    items: dict[int, int] = field(default_factory=dict)
    jobs: dict[str, CouponJobRecord] = field(default_factory=dict)
    #: How many status polls answer REQUESTED before a job finishes.
    polls_until_done: int = 2
    rng: random.Random = field(default_factory=random.Random)
    next_coupon_id: int = 15_350_000

    def new_request_id(self, download: bool) -> str:
        """A request id: ~20 digits (instant) or ``et5_…`` (downloadable)."""
        digits = str(10**19 + self.rng.randrange(9 * 10**19))
        return f"et5_{digits}" if download else digits

    def new_coupon_id(self) -> int:
        """A new coupon id."""
        self.next_coupon_id += self.rng.randint(1, 500)
        return self.next_coupon_id

    def job(self, kind: str, coupon_id: int, *, download: bool) -> CouponJobRecord:
        """Start a job."""
        record = CouponJobRecord(self.new_request_id(download), kind, coupon_id, download)
        self.jobs[record.request_id] = record
        return record

    def running(self, coupon_id: int) -> bool:
        """True while a job on this coupon has not finished."""
        return any(j.coupon_id == coupon_id and not j.applied for j in self.jobs.values())

    def poll(self, record: CouponJobRecord, vendor: VendorState) -> None:
        """Count a status poll; apply the job's effect when it finishes."""
        record.polls += 1
        if record.applied or record.polls <= self.polls_until_done:
            return
        record.applied = True
        coupons = self.download if record.download else self.instant
        coupon = coupons.get(record.coupon_id)
        if coupon is None:
            return
        status_key = "couponStatus" if record.download else "status"
        if record.kind == "COUPON_PUBLISH":
            coupon[status_key] = "APPLIED"
        elif record.kind == "COUPON_EXPIRE":
            coupon[status_key] = "EXPIRED"
            for vid in [v for v, c in self.items.items() if c == record.coupon_id]:
                del self.items[vid]
        elif record.kind == "COUPON_ITEM_PUBLISH":
            for vid in record.vendor_items:
                if vid not in vendor.vendor_items:
                    record.failures[vid] = NOT_FOUND_ITEM
                elif self.items.get(vid, record.coupon_id) != record.coupon_id:
                    record.failures[vid] = TAKEN_ITEM
            if record.download and record.failures:
                # Coupang: "if adding the items fails, the coupon is destroyed".
                coupon[status_key] = "DETACHED"
                return
            for vid in record.vendor_items:
                if vid not in record.failures:
                    self.items[vid] = record.coupon_id
            if record.download:
                coupon["appliedOptionCount"] = sum(
                    1 for c in self.items.values() if c == record.coupon_id
                )
                if not coupon.get("publishedDate"):
                    coupon["publishedDate"] = coupon.get("startDate")


def _generate(vendor: VendorState, gateway: Gateway) -> CouponState:
    rng = random.Random(f"coupons:{gateway.seed}:{vendor.vendor_id}")
    contracts = [
        {
            "contractId": 15,
            "vendorContractId": -1,
            "sellerId": vendor.vendor_id,
            "sellerShareRatio": 100.0,
            "coupangShareRatio": 0.0,
            "gmvRatio": 0.0,
            "start": "2020-01-01 00:00:00",
            "end": "2999-12-31 23:59:59",
            "type": "NON_CONTRACT_BASED",
            "useBudget": False,
            "modifiedAt": "2020-01-01 00:00:00",
            "modifiedBy": vendor.vendor_user_id,
        }
    ]
    return CouponState(contracts=contracts, rng=rng)


#: The per-vendor coupons (``fake.vendor().state(COUPONS)`` in tests).
COUPONS: Final = StateKey("coupons", _generate)


def coupons(vendor: VendorState) -> CouponState:
    """The coupon state of one vendor of the fake."""
    return vendor.state(COUPONS)


# -- instant coupons ----------------------------------------------------------------------------


def _fms(data: Any, success: bool = True, pagination: Any = None) -> Response:
    return ok(
        {
            "code": 200,
            "message": "OK",
            "httpStatus": 200,
            "httpStatusMessage": "OK",
            "errorMessage": "",
            "data": {"success": success, "content": data, "pagination": pagination},
        }
    )


def _fms_error(message: str, status: int = 400) -> ApiError:
    return ApiError(
        status,
        {
            "code": status,
            "message": message,
            "httpStatus": status,
            "httpStatusMessage": "BAD_REQUEST" if status == 400 else "ERROR",
            "errorMessage": message,
            "data": None,
        },
    )


def _body(call: Call, error: Any) -> dict[str, Any]:
    body = call.json()
    if not isinstance(body, dict):
        raise error("입력값에 오류가 있습니다.")  # fake's wording
    return body


def _stamp(value: object, name: str, error: Any) -> dt.datetime:
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        raise error(f"{name} 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss")
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise error(f'Cannot parse "{value}"') from None


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


@route("GET", rf"{_FMS}/v2{VENDOR}/contract/list")
def list_contracts(call: Call) -> Response:
    """GET …/fms/apis/api/v2/vendors/{vendorId}/contract/list."""
    return _fms(call.state(COUPONS).contracts)


@route("POST", rf"{_FMS}/v2{VENDOR}/coupon")
def create_instant_coupon(call: Call) -> Response:
    """POST …/fms/apis/api/v2/vendors/{vendorId}/coupon (a job)."""
    state = call.state(COUPONS)
    body = _body(call, _fms_error)
    contract_id = _int(body.get("contractId"))
    if not any(c["contractId"] == contract_id for c in state.contracts):
        raise _fms_error(f"contractId={body.get('contractId')} 계약이 존재하지 않습니다.")
    name = body.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 45:
        raise _fms_error("name 은 1~45자로 입력해주세요.")  # fake's wording
    kind = body.get("type")
    discount = _int(body.get("discount"))
    if kind not in ("RATE", "PRICE", "FIXED_WITH_QUANTITY"):
        raise _fms_error("type 을 확인하세요.")  # fake's wording
    if discount is None or discount < 1 or (kind == "RATE" and discount > 100):
        raise _fms_error("discount 양수만 입력 가능합니다. (정률은 1~100, 정액은 1이상)")
    max_price = _int(body.get("maxDiscountPrice"))
    if max_price is None or max_price < 10:
        raise _fms_error("maxDiscountPrice 는 10원 이상이어야 합니다.")  # fake's wording
    start = _stamp(body.get("startAt"), "startAt", _fms_error)
    end = _stamp(body.get("endAt"), "endAt", _fms_error)
    if end <= start:
        raise _fms_error("endAt 은 startAt 이후여야 합니다.")  # fake's wording
    coupon_id = state.new_coupon_id()
    state.instant[coupon_id] = {
        "contractId": contract_id,
        "vendorContractId": -1,
        "couponId": coupon_id,
        "promotionName": name,
        "status": "STANDBY",
        "type": kind,
        "maxDiscountPrice": max_price,
        "discount": discount,
        "startAt": body["startAt"],
        "endAt": body["endAt"],
        "wowExclusive": "true" if body.get("wowExclusive") in (True, "true") else "false",
    }
    job = state.job("COUPON_PUBLISH", coupon_id, download=False)
    return _fms({"requestedId": job.request_id, "success": True})


@route("GET", rf"{_FMS}/v1{VENDOR}/requested/(?P<requestedId>[^/]+)")
def instant_request_status(call: Call) -> Response:
    """GET …/fms/apis/api/v1/vendors/{vendorId}/requested/{requestedId}."""
    state = call.state(COUPONS)
    job = state.jobs.get(call.params["requestedId"])
    if job is None or job.download:
        raise _fms_error(NO_PERMISSION)
    state.poll(job, call.vendor)
    total = len(job.vendor_items) if job.vendor_items else 1
    failed = len(job.failures) if job.applied else 0
    return _fms(
        {
            "couponId": job.coupon_id,
            "requestedId": job.request_id,
            "type": job.kind,
            "status": job.status,
            "total": total,
            "succeeded": total - failed if job.applied else 0,
            "failed": failed,
            "failedVendorItems": [
                {"vendorItemId": vid, "reason": reason} for vid, reason in job.failures.items()
            ],
        }
    )


def _instant(call: Call) -> tuple[CouponState, dict[str, Any], int]:
    state = call.state(COUPONS)
    coupon_id = call.int_param("couponId")
    coupon = state.instant.get(coupon_id)
    if coupon is None:
        raise _fms_error(f"쿠폰아이디를 확인해주세요 {coupon_id}")
    return state, coupon, coupon_id


@route("POST", rf"{_FMS}/v1{VENDOR}/coupons/(?P<couponId>\d+)/items")
def add_instant_coupon_items(call: Call) -> Response:
    """POST …/fms/apis/api/v1/vendors/{vendorId}/coupons/{couponId}/items (a job)."""
    state, coupon, coupon_id = _instant(call)
    body = _body(call, _fms_error)
    items = body.get("vendorItems")
    if not isinstance(items, list) or not 1 <= len(items) <= 10_000:
        raise _fms_error(
            "vendorItems may not be empty, vendorItems size must be between 1 and 10000"
        )
    ids = [_int(v) for v in items]
    if any(v is None for v in ids):
        raise _fms_error("vendorItems 는 숫자만 입력 가능합니다.")  # fake's wording
    if coupon["status"] in ("EXPIRED", "DETACHED"):
        raise _fms_error(f"쿠폰아이디를 확인해주세요 {coupon_id}")
    job = state.job("COUPON_ITEM_PUBLISH", coupon_id, download=False)
    job.vendor_items = [v for v in ids if v is not None]
    return _fms({"requestedId": job.request_id, "success": True})


@route("PUT", rf"{_FMS}/v1{VENDOR}/coupons/(?P<couponId>\d+)")
def expire_instant_coupon(call: Call) -> Response:
    """PUT …/fms/apis/api/v1/vendors/{vendorId}/coupons/{couponId}?action=expire (a job)."""
    state, coupon, coupon_id = _instant(call)
    if call.query.get("action") != "expire":
        raise _fms_error("action 을 확인하세요.")  # fake's wording
    if state.running(coupon_id) or coupon["status"] in ("EXPIRED", "DETACHED"):
        # Another request on the coupon is still running (or it is gone): success false.
        return _fms({"requestedId": None, "success": False}, success=False)
    job = state.job("COUPON_EXPIRE", coupon_id, download=False)
    return _fms({"requestedId": job.request_id, "success": True})


@route("GET", rf"{_FMS}/v2{VENDOR}/coupon")
def get_instant_coupon(call: Call) -> Response:
    """GET …/fms/apis/api/v2/vendors/{vendorId}/coupon?couponId=."""
    coupon_id = _int(call.query.get("couponId"))
    coupon = call.state(COUPONS).instant.get(coupon_id or 0)
    if coupon is None:
        raise _fms_error(NO_COUPON)
    return _fms(coupon)


@route("GET", rf"{_FMS}/v2{VENDOR}/coupons")
def list_instant_coupons(call: Call) -> Response:
    """GET …/fms/apis/api/v2/vendors/{vendorId}/coupons?status=&page=&size=&sort=."""
    status = call.query.get("status")
    if status not in STATUSES:
        raise _fms_error("status 를 확인하세요.")  # fake's wording
    page = _int(call.query.get("page") or "1")
    size = _int(call.query.get("size") or "10")
    if page is None or page < 0:
        raise _fms_error("Page index must not be less than zero!")
    if size is None or not 1 <= size <= 1000:
        raise _fms_error("Page size must not be less than one!")
    page = max(page, 1)
    rows = sorted(
        (c for c in call.state(COUPONS).instant.values() if c["status"] == status),
        key=lambda c: int(c["couponId"]),
        reverse=call.query.get("sort") == "desc",
    )
    total = len(rows)
    pagination = {
        "currentPage": page,
        "countPerPage": size,
        "totalPages": (total + size - 1) // size,
        "totalElements": total,
    }
    return _fms(rows[(page - 1) * size : page * size], pagination=pagination)


# -- downloadable coupons -----------------------------------------------------------------------


def _dl_error(message: str, status: int = 400) -> ApiError:
    return ApiError(status, {"code": status, "message": message, "data": None})


def _outcome(coupon_id: int, request_id: str) -> dict[str, Any]:
    return {
        "requestResultStatus": "SUCCESS",
        "body": {"couponId": coupon_id, "requestTransactionId": request_id},
        "errorCode": None,
        "errorMessage": None,
    }


@route("POST", rf"{_DL}/coupons")
def create_download_coupon(call: Call) -> Response:
    """POST …/marketplace_openapi/apis/api/v1/coupons (synchronous, bare object)."""
    state = call.state(COUPONS)
    body = _body(call, _dl_error)
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _dl_error("createCouponRequest.title 은 빈칸임")
    contract_id = _int(body.get("contractId"))
    if not any(c["contractId"] == contract_id for c in state.contracts):
        raise _dl_error(
            f"contractId={body.get('contractId')} (으)로 계약이 판매자={call.vendor.vendor_id} 에 "
            "속하지 않습니다."
        )
    start = _stamp(body.get("startDate"), "startAt", _dl_error)
    end = _stamp(body.get("endDate"), "endAt", _dl_error)
    now = dt.datetime.fromtimestamp(call.now, KST).replace(tzinfo=None)
    if start < now or end <= start:
        raise _dl_error("Please check the promotion period.")
    if not isinstance(body.get("userId"), str) or not body["userId"]:
        raise _dl_error("userId 를 입력하세요.")  # fake's wording
    policies = body.get("policies")
    if not isinstance(policies, list) or not 1 <= len(policies) <= 3:
        raise _dl_error("policies 는 1~3개까지 입력 가능합니다.")  # fake's wording
    kinds = {p.get("typeOfDiscount") for p in policies if isinstance(p, dict)}
    if len(kinds) != 1 or not kinds <= {"RATE", "PRICE"}:
        raise _dl_error("policies 의 typeOfDiscount 는 하나로 통일해야 합니다.")  # fake's
    for index, policy in enumerate(policies):
        discount = _int(policy.get("discount"))
        minimum = _int(policy.get("minimumPrice"))
        per_day = _int(policy.get("maximumPerDaily"))
        if policy["typeOfDiscount"] == "RATE" and (discount is None or not 1 <= discount <= 99):
            raise _dl_error(f"policies[{index}] 할인율은 1~99 사이로 입력해야 합니다.")  # fake's
        if policy["typeOfDiscount"] == "PRICE" and (discount is None or discount % 10):
            raise _dl_error(f"policies[{index}] 금액 정보는 10원 단위로 입력해야 합니다.")
        if minimum is None or minimum % 10:
            raise _dl_error(f"policies[{index}] Invalid Amount Unit.")
        if per_day is None or not 1 <= per_day <= 9999:
            raise _dl_error(f"policies[{index}].maxPerDaily 1~9999 양수만 입력 가능합니다.")
    coupon_id = state.new_coupon_id()
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    coupon = {
        "couponId": coupon_id,
        "vendorId": call.vendor.vendor_id,
        "couponType": "DOWNLOAD",
        "lastModifiedBy": body["userId"],
        "lastModifiedDate": stamp,
        "title": title,
        "publishedDate": "",
        "startDate": body["startDate"],
        "endDate": body["endDate"],
        "couponStatus": "STANDBY",
        "appliedOptionCount": 0,
        "usageAmount": 0,
        "couponPolicies": [
            {
                "description": p.get("description", ""),
                "discount": _int(p.get("discount")),
                "maximumDiscountPrice": _int(p.get("maximumDiscountPrice"))
                if p["typeOfDiscount"] == "RATE"
                else -1,
                "maximumPerDay": _int(p.get("maximumPerDaily")),
                "minimumPrice": _int(p.get("minimumPrice")),
                "title": p.get("title", ""),
                "typeOfDiscount": p["typeOfDiscount"],
                "manageCode": f"FMS_{contract_id}_{call.vendor.vendor_id}_{coupon_id}{i}",
            }
            for i, p in enumerate(policies)
        ],
    }
    state.download[coupon_id] = coupon
    answer = {k: v for k, v in coupon.items() if k not in ("appliedOptionCount", "usageAmount")}
    answer["publishedDate"] = None
    answer["couponPolicies"] = [
        {("maximumPerDaily" if k == "maximumPerDay" else k): v for k, v in p.items()}
        for p in coupon["couponPolicies"]
    ]
    return ok(answer)


@route("PUT", rf"{_DL}/coupon-items")
def add_download_coupon_items(call: Call) -> Response:
    """PUT …/marketplace_openapi/apis/api/v1/coupon-items (bare array with the job id)."""
    state = call.state(COUPONS)
    body = _body(call, _dl_error)
    entries = body.get("couponItems")
    if not isinstance(entries, list) or not entries:
        raise _dl_error("couponItems 를 입력하세요.")  # fake's wording
    answers = []
    for entry in entries:
        coupon_id = _int(entry.get("couponId")) if isinstance(entry, dict) else None
        coupon = state.download.get(coupon_id or 0)
        if coupon is None or coupon_id is None:
            raise _dl_error(f"존재 하지 않는 프로모션 ({entry.get('couponId')})", 404)
        if coupon["couponStatus"] in ("DETACHED", "EXPIRED"):
            raise _dl_error(DELETED_PROMOTION)
        ids = entry.get("vendorItemIds")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise _dl_error("vendorItemIds 는 1~100개까지 입력 가능합니다.")  # fake's wording
        job = state.job("COUPON_ITEM_PUBLISH", coupon_id, download=True)
        job.vendor_items = [v for v in (_int(i) for i in ids) if v is not None]
        answers.append(_outcome(coupon_id, job.request_id))
    return ok(answers)


@route("POST", rf"{_DL}/coupons/expire")
def expire_download_coupons(call: Call) -> Response:
    """POST …/marketplace_openapi/apis/api/v1/coupons/expire (bare array with the job id)."""
    state = call.state(COUPONS)
    body = _body(call, _dl_error)
    entries = body.get("expireCouponList")
    if not isinstance(entries, list) or not entries:
        raise _dl_error("expireCouponList 를 입력하세요.")  # fake's wording
    answers = []
    for entry in entries:
        coupon_id = _int(entry.get("couponId")) if isinstance(entry, dict) else None
        coupon = state.download.get(coupon_id or 0)
        if coupon is None or coupon_id is None or coupon["couponStatus"] == "EXPIRED":
            raise _dl_error("There is no coupon to expire.", 500)
        job = state.job("COUPON_EXPIRE", coupon_id, download=True)
        answers.append(_outcome(coupon_id, job.request_id))
    return ok(answers)


@route("GET", rf"{_DL}/coupons/transactionStatus", priority=1)
def download_transaction_status(call: Call) -> Response:
    """GET …/marketplace_openapi/apis/api/v1/coupons/transactionStatus?requestTransactionId=."""
    state = call.state(COUPONS)
    job = state.jobs.get(call.query.get("requestTransactionId") or "")
    if job is None or not job.download:
        raise _dl_error("시스템 오류", 500)
    state.poll(job, call.vendor)
    total = len(job.vendor_items) if job.vendor_items else 1
    failed = len(job.failures) if job.applied else 0
    return ok(
        {
            "transactionStatusResponse": {
                "type": job.kind,
                "total": total,
                "succeeded": total - failed if job.applied else 0,
                "status": job.status,
                "requestedId": job.request_id,
                "couponFailedVendorItemIdResponses": [
                    {"vendorItemId": vid, "failureReason": reason}
                    for vid, reason in job.failures.items()
                ],
                "failed": failed,
                "couponId": job.coupon_id,
            }
        }
    )


@route("GET", rf"{_DL}/coupons/(?P<couponId>\d+)")
def get_download_coupon(call: Call) -> Response:
    """GET …/marketplace_openapi/apis/api/v1/coupons/{couponId} (bare object)."""
    coupon_id = call.int_param("couponId")
    coupon = call.state(COUPONS).download.get(coupon_id)
    if coupon is None:
        raise _dl_error(f"존재 하지 않는 프로모션 ({coupon_id})", 404)
    return ok(coupon)
