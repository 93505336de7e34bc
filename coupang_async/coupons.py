"""Discount coupons: instant coupons (즉시할인쿠폰) and downloadable coupons (다운로드쿠폰).

```python
import datetime as dt
from coupang_async import coupons
from coupang_async.models import KST, DiscountType

tomorrow = dt.datetime.now(KST).date() + dt.timedelta(days=1)
start = dt.datetime.combine(tomorrow, dt.time(), tzinfo=KST)
job = await coupons.create_instant_coupon(
    client, contract_id=15, name="여름 세일", discount_type=DiscountType.RATE, discount=10,
    max_discount_price=5000, start_at=start, end_at=start + dt.timedelta(days=7),
)
created = await job.wait(timeout=60)          # polls the request status, paced like any call
job = await coupons.add_instant_coupon_items(client, created.coupon_id, [3226138951, 3226138847])
result = await job.wait(timeout=60)
for item in result.items:
    print(item.vendor_item_id, item.status, item.reason)   # OK, or FAILED with "[CIR08] …"
```

Decisions:

* **Jobs.** Creating an instant coupon, adding items to a coupon and expiring one are run by
  Coupang as background requests: the call answers a request id at once and the outcome comes
  later. These functions return a `CouponJob`; ``await job.wait(timeout=...)`` polls the request
  status (every ``interval`` seconds, each poll an ordinary request of the client: signed, paced,
  retried like any GET) and returns a `CouponJobResult` with one `CouponItemOutcome` per vendor
  item sent, in input order. A job that does not finish within ``timeout`` raises
  `CouponJobTimeoutError` (a ``TimeoutError``); the job keeps running at Coupang and ``wait()``
  can be called again.
  Request ids are strings (instant ids have ~20 digits, beyond a 64-bit integer; downloadable
  ones look like ``et5_154210571558673553106``).
* **A DONE job can have failed items** (an option already on another coupon, ``[CIR08]``): they
  are ``FAILED`` outcomes with Coupang's reason, never an exception
  (`CouponJobResult.raise_for_failures` raises if you want one).
* **Downloadable coupons are destroyed by a failed item add** (Coupang's documented rule: "if
  adding the items fails, the coupon is destroyed"). `CouponJob.wait` then raises
  `CouponDestroyedError` (with the result attached), and a later call on that coupon that Coupang
  refuses with ``삭제된 프로모션 입니다.`` raises it too: create a new coupon. Add only approved
  options that are on no other coupon.
* **Writes are never re-sent** (they are POST/PUT jobs with no idempotency): after a lost reply,
  read the coupon back (`get_instant_coupon` / `get_download_coupon`) before trying again.
* **Dates** are aware ``datetime`` values, sent as ``yyyy-MM-dd HH:mm:ss`` in Korean time
  (naive datetimes are refused). Instant coupons can start from the next day 00:00 KST (Coupang's
  rule); downloadable coupons at the earliest one hour after creation.
* ``user_id`` (downloadable coupons) is the WING login id of the person making the change.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import anyio
import attrs

from coupang_async._converter import KST, converter
from coupang_async._envelope import Envelope, structure_data
from coupang_async._errors import BadRequestError, BusinessError, CoupangError, InvalidInputError
from coupang_async._operation import Operation
from coupang_async._paging import PageNumber
from coupang_async._validate import (
    check_aware_datetime,
    check_bool,
    check_choice,
    check_int_range,
    check_page_size,
    check_positive_id,
    check_text,
    describe,
)
from coupang_async.bulk import ItemStatus
from coupang_async.models.coupons import (
    CouponJobStatus,
    CouponJobType,
    CouponStatus,
    DiscountType,
    DownloadCoupon,
    DownloadCouponOutcome,
    DownloadCouponPolicy,
    DownloadCouponTransaction,
    InstantCoupon,
    InstantCouponRequestStatus,
    InstantCouponResult,
)

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = [
    "MAX_DOWNLOAD_ITEMS",
    "MAX_INSTANT_ITEMS",
    "CouponDestroyedError",
    "CouponItemOutcome",
    "CouponJob",
    "CouponJobResult",
    "CouponJobTimeoutError",
    "add_download_coupon_items",
    "add_instant_coupon_items",
    "create_download_coupon",
    "create_instant_coupon",
    "expire_download_coupon",
    "expire_instant_coupon",
    "get_download_coupon",
    "get_instant_coupon",
    "list_instant_coupons",
]

#: Vendor items per instant-coupon item add.
MAX_INSTANT_ITEMS: Final = 10_000
#: Vendor items per downloadable-coupon item add.
MAX_DOWNLOAD_ITEMS: Final = 100
#: The longest instant-coupon name.
MAX_NAME_LENGTH: Final = 45
#: The largest page of the instant-coupon listing.
MAX_PER_PAGE: Final = 100

_FMS: Final = "/v2/providers/fms/apis/api"
_DL: Final = "/v2/providers/marketplace_openapi/apis/api/v1"
_FINAL: Final = frozenset({"DONE", "FAIL", "FAILED", "SUCCESS", "COMPLETE", "COMPLETED"})
_FAILED: Final = frozenset({"FAIL", "FAILED"})
_DESTROYED_MESSAGE: Final = "삭제된 프로모션"

_CREATE_INSTANT: Final = Operation(
    "coupons.create_instant_coupon", "POST", f"{_FMS}/v2/vendors/{{vendor_id}}/coupon",
    returns=Envelope,
)  # fmt: skip
_INSTANT_STATUS: Final = Operation(
    "coupons.CouponJob.wait[instant]",
    "GET",
    f"{_FMS}/v1/vendors/{{vendor_id}}/requested/{{request_id}}",
    returns=InstantCouponResult,
)
_ADD_INSTANT_ITEMS: Final = Operation(
    "coupons.add_instant_coupon_items",
    "POST",
    f"{_FMS}/v1/vendors/{{vendor_id}}/coupons/{{coupon_id}}/items",
    returns=Envelope,
)
_EXPIRE_INSTANT: Final = Operation(
    "coupons.expire_instant_coupon",
    "PUT",
    f"{_FMS}/v1/vendors/{{vendor_id}}/coupons/{{coupon_id}}",
    returns=Envelope,
)
_GET_INSTANT: Final = Operation(
    "coupons.get_instant_coupon",
    "GET",
    f"{_FMS}/v2/vendors/{{vendor_id}}/coupon",
    returns=InstantCouponResult,
)


@attrs.frozen
class _FmsPages(PageNumber):
    """``page`` / ``size`` paging of the fms listings, counted from 1 as documented.

    Coupang's own sample answers ``currentPage: 0`` for ``page=1``, so ``currentPage`` is not
    trusted: the walk goes on while the page was not empty and its number is below
    ``totalPages``.
    """

    number_param: str = "page"
    size_param: str | None = "size"

    def read(
        self, listing: Any, envelope: Any, token: str | None
    ) -> tuple[Sequence[Any], str | None]:
        data = envelope.data
        if not isinstance(data, dict):
            return [], None
        items = listing.items(envelope, data.get("content"), path="$.data.content")
        pagination = data.get("pagination")
        total = pagination.get("totalPages") if isinstance(pagination, dict) else None
        number = int(token) if token else 1
        if not items or not isinstance(total, int) or isinstance(total, bool) or number >= total:
            return items, None
        return items, str(number + 1)


_LIST_INSTANT: Final = Operation(
    "coupons.list_instant_coupons",
    "GET",
    f"{_FMS}/v2/vendors/{{vendor_id}}/coupons",
    returns=InstantCoupon,
    paging=_FmsPages(),
)
_CREATE_DOWNLOAD: Final = Operation(
    "coupons.create_download_coupon", "POST", f"{_DL}/coupons", returns=DownloadCoupon
)
_ADD_DOWNLOAD_ITEMS: Final = Operation(
    "coupons.add_download_coupon_items", "PUT", f"{_DL}/coupon-items", returns=Envelope
)
_EXPIRE_DOWNLOAD: Final = Operation(
    "coupons.expire_download_coupon", "POST", f"{_DL}/coupons/expire", returns=Envelope
)
_DOWNLOAD_STATUS: Final = Operation(
    "coupons.CouponJob.wait[download]",
    "GET",
    f"{_DL}/coupons/transactionStatus",
    returns=DownloadCouponTransaction,
)
_GET_DOWNLOAD: Final = Operation(
    "coupons.get_download_coupon", "GET", f"{_DL}/coupons/{{coupon_id}}", returns=DownloadCoupon
)


# -- results ------------------------------------------------------------------------------------


class CouponJobTimeoutError(CoupangError, TimeoutError):
    """`CouponJob.wait` gave up: the job had not finished within its ``timeout``.

    The job goes on at Coupang; call ``wait()`` again (or read the coupon back).

    Attributes:
        request_id: the job's request id.
    """

    def __init__(self, request_id: str, message: str) -> None:
        self.request_id = request_id
        super().__init__(message)


class CouponDestroyedError(CoupangError):
    """A downloadable coupon was destroyed by Coupang because adding items to it failed.

    Coupang's rule: "if adding the items fails, the coupon is destroyed". The coupon cannot be
    used any more; create a new one (with options that are approved and on no other coupon).

    Attributes:
        coupon_id: the destroyed coupon.
        result: the item add's `CouponJobResult` (which items failed and why), when known.
    """

    def __init__(self, coupon_id: int, message: str, result: CouponJobResult | None = None) -> None:
        self.coupon_id = coupon_id
        self.result = result
        super().__init__(message)


@attrs.frozen
class CouponItemOutcome:
    """What a coupon job did to one vendor item.

    Attributes:
        vendor_item_id: the option.
        status: ``OK`` or ``FAILED`` (`ItemStatus`).
        reason: Coupang's reason for a failure (e.g. ``[CIR08] 해당 옵션은 이미 다른 쿠폰에
            발행되어져 있습니다.``), else None.
    """

    vendor_item_id: int
    status: ItemStatus
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when the item was handled."""
        return self.status is ItemStatus.OK


@attrs.frozen
class CouponJobResult:
    """The outcome of a finished coupon job.

    Attributes:
        request_id: the job's request id (a string).
        type: what the job did (`CouponJobType`: publish, expire, item publish).
        status: Coupang's final status (``DONE`` or ``FAIL``).
        coupon_id: the coupon (for an instant create: the new coupon's id).
        total: Coupang's count of items in the job (1 for create / expire).
        succeeded: Coupang's count of items handled.
        failed: Coupang's count of items refused.
        items: one outcome per vendor item sent, in input order (empty for create / expire).
        coupon_destroyed: True when a failed item add destroyed a downloadable coupon.
        raw: the last status payload, as Coupang sent it.
    """

    request_id: str
    type: CouponJobType | str
    status: CouponJobStatus | str
    coupon_id: int | None
    total: int
    succeeded: int
    failed: int
    items: tuple[CouponItemOutcome, ...] = ()
    coupon_destroyed: bool = False
    raw: Any = attrs.field(default=None, repr=False, eq=False)

    @property
    def ok(self) -> bool:
        """True when the job is DONE and no item failed."""
        return self.status not in _FAILED and self.failed == 0 and all(i.ok for i in self.items)

    @property
    def failed_items(self) -> list[CouponItemOutcome]:
        """The items that failed."""
        return [item for item in self.items if not item.ok]

    def raise_for_failures(self) -> None:
        """Raise `BusinessError` when the job failed or any item failed."""
        if self.ok:
            return
        reasons = "; ".join(f"{i.vendor_item_id}: {i.reason}" for i in self.failed_items[:5])
        raise BusinessError(
            f"coupon request {self.request_id} ({self.type}) ended {self.status} with"
            f" {self.failed} failed item(s)" + (f": {reasons}" if reasons else ""),
            response=None,
            status_code=200,
            code=str(self.status),
            body=self.raw,
        )


class CouponJob:
    """A coupon request Coupang runs in the background; ``await job.wait()`` for its outcome.

    Attributes:
        request_id: the request id (a string; instant ``requestedId`` or downloadable
            ``requestTransactionId``).
        kind: ``"instant"`` or ``"download"``.
        coupon_id: the coupon (None for an instant create until it finished).
        vendor_item_ids: the vendor items sent (item adds), in input order.
    """

    def __init__(
        self,
        client: CoupangClient,
        request_id: str,
        *,
        kind: Literal["instant", "download"],
        coupon_id: int | None = None,
        vendor_item_ids: Sequence[int] = (),
    ) -> None:
        self._client = client
        self.request_id = request_id
        self.kind = kind
        self.coupon_id = coupon_id
        self.vendor_item_ids = tuple(vendor_item_ids)

    def __repr__(self) -> str:
        return (
            f"CouponJob(request_id={self.request_id!r}, kind={self.kind!r},"
            f" coupon_id={self.coupon_id!r}, items={len(self.vendor_item_ids)})"
        )

    async def poll(self) -> CouponJobResult | None:
        """Ask for the request's status once: the result when finished, else None."""
        if self.kind == "instant":
            answer = await self._client._call(_INSTANT_STATUS, self.request_id)
            raw = answer.content
            status = structure_data(raw, InstantCouponRequestStatus, path="$.data.content")
            failures = {f.vendor_item_id: f.reason for f in status.failed_vendor_items or ()}
        else:
            transaction = await self._client._call(
                _DOWNLOAD_STATUS, query=[("requestTransactionId", self.request_id)]
            )
            status = transaction.transaction_status_response
            raw = converter.unstructure(transaction)
            if not status:
                return None
            failures = {
                f.vendor_item_id: f.failure_reason
                for f in status.coupon_failed_vendor_item_id_responses or ()
            }
        text = str(status.status or "")
        if text.upper() not in _FINAL:
            return None
        failed_job = text.upper() in _FAILED
        items = tuple(
            CouponItemOutcome(vid, ItemStatus.FAILED, str(failures[vid]))
            if vid in failures
            else (
                CouponItemOutcome(vid, ItemStatus.FAILED, "the request failed")
                if failed_job and not failures
                else CouponItemOutcome(vid, ItemStatus.OK)
            )
            for vid in self.vendor_item_ids
        )
        job_type = status.type or ""
        coupon_id = status.coupon_id or self.coupon_id
        destroyed = (
            self.kind == "download"
            and str(job_type) == CouponJobType.COUPON_ITEM_PUBLISH
            and (failed_job or bool(failures))
        )
        return CouponJobResult(
            request_id=self.request_id,
            type=job_type,
            status=status.status or text,
            coupon_id=coupon_id if isinstance(coupon_id, int) else None,
            total=int(status.total or 0),
            succeeded=int(status.succeeded or 0),
            failed=int(status.failed or 0),
            items=items,
            coupon_destroyed=destroyed,
            raw=raw,
        )

    async def wait(
        self,
        *,
        timeout: float = 60.0,  # noqa: ASYNC109 - `timeout=` is the documented interface
        interval: float = 2.0,
    ) -> CouponJobResult:
        """Poll the request status until the job finishes; its outcome per item.

        Each poll is an ordinary request of the client (paced with every other request).

        Args:
            timeout: seconds to wait in total (a positive number).
            interval: seconds between polls (>= 0; Coupang publishes no interval, 2 s is what
                live integrations use).

        Returns:
            The `CouponJobResult` (failed items are ``FAILED`` outcomes, not exceptions).

        Raises:
            InvalidInputError: a bad ``timeout`` or ``interval``.
            CouponJobTimeoutError: not finished within ``timeout`` (a ``TimeoutError`` too; the
                job goes on at Coupang: wait again).
            CouponDestroyedError: a downloadable coupon's item add failed, which destroys the
                coupon; ``error.result`` holds the outcome.
        """
        _seconds("timeout", timeout, positive=True)
        _seconds("interval", interval, positive=False)
        result: CouponJobResult | None = None
        with anyio.move_on_after(timeout):
            while True:
                result = await self.poll()
                if result is not None:
                    break
                await anyio.sleep(interval)
        if result is None:
            raise CouponJobTimeoutError(
                self.request_id,
                f"coupon request {self.request_id} did not finish within {timeout:g} s;"
                " it goes on at Coupang: call wait() again",
            )
        if result.coupon_id is not None:
            self.coupon_id = result.coupon_id
        if result.coupon_destroyed:
            raise CouponDestroyedError(
                result.coupon_id or 0,
                f"adding items to downloadable coupon {result.coupon_id} failed, so Coupang"
                f" destroyed the coupon ({result.failed} item(s) failed"
                + (f": {result.failed_items[0].reason}" if result.failed_items else "")
                + "); create a new coupon",
                result,
            )
        return result


# -- argument checks ----------------------------------------------------------------------------


def _seconds(field: str, value: object, *, positive: bool) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
        or (positive and value == 0)
    ):
        wanted = "a positive number of seconds" if positive else "seconds >= 0"
        raise InvalidInputError(field, f"must be {wanted}, not {describe(value)}", value=value)
    return float(value)


def _stamp(field: str, value: object) -> str:
    moment = check_aware_datetime(field, value)
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M:%S")


def _vendor_items(value: object, maximum: int) -> list[int]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidInputError(
            "vendor_item_ids", f"must be a list of ints, not {describe(value)}", value=value
        )
    ids: list[int] = []
    seen: set[int] = set()
    for index, item in enumerate(value):
        ident = check_positive_id(f"vendor_item_ids[{index}]", item)
        if ident not in seen:
            seen.add(ident)
            ids.append(ident)
    if not 1 <= len(ids) <= maximum:
        raise InvalidInputError(
            "vendor_item_ids",
            f"must hold 1..{maximum} distinct ids per call, got {len(ids)}",
            value=value,
        )
    return ids


def _user_id(value: object) -> str:
    text = check_text("user_id", value, max_length=100, blank_hint=" (a WING login id)")
    if any(char.isspace() for char in text):
        raise InvalidInputError("user_id", "must be a WING login id without spaces", value=value)
    return text


def _instant_content(envelope: Envelope, what: str) -> dict[str, Any]:
    data = envelope.data if isinstance(envelope.data, dict) else {}
    content = data.get("content")
    if not isinstance(content, dict):
        content = {}
    if (
        data.get("success") is False
        or content.get("success") is False
        or not content.get("requestedId")
    ):
        raise BusinessError(
            f"Coupang did not accept the {what} (success: false); another request on the"
            " coupon may still be running",
            response=envelope.response,
            status_code=envelope.response.status_code if envelope.response is not None else 200,
            code=envelope.code,
            body=envelope.body,
        )
    return content


# -- instant coupons ------------------------------------------------------------------------------


async def create_instant_coupon(
    client: CoupangClient,
    *,
    contract_id: int,
    name: str,
    discount_type: DiscountType | str,
    discount: int,
    max_discount_price: int,
    start_at: dt.datetime,
    end_at: dt.datetime,
    wow_exclusive: bool = False,
) -> CouponJob:
    """Create an instant discount coupon (a job: ``wait()`` gives the new coupon's id).

    `POST /v2/providers/fms/apis/api/v2/vendors/{vendorId}/coupon`

    Args:
        client: the client.
        contract_id: the budget contract (``contractId`` of the contract list).
        name: the promotion name, at most 45 characters.
        discount_type: `DiscountType` RATE (percent), PRICE (won) or FIXED_WITH_QUANTITY.
        discount: 1..100 for RATE, >= 1 won otherwise.
        max_discount_price: the largest discount in won, >= 10.
        start_at: an aware datetime (sent in KST); the coupon can start from the next day
            00:00 KST.
        end_at: an aware datetime after ``start_at``, within the contract.
        wow_exclusive: True for Rocket WOW members only (needs Coupang's approval).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    kind = check_choice("discount_type", discount_type, DiscountType)
    high = 100 if kind == DiscountType.RATE else 10**9
    check_bool("wow_exclusive", wow_exclusive)
    start = _stamp("start_at", start_at)
    end = _stamp("end_at", end_at)
    if end_at <= start_at:
        raise InvalidInputError("end_at", f"({end}) must be after start_at ({start})", value=end_at)
    body = {
        "contractId": check_positive_id("contract_id", contract_id),
        "name": check_text("name", name, max_length=MAX_NAME_LENGTH),
        "maxDiscountPrice": check_int_range("max_discount_price", max_discount_price, 10, 10**9),
        "discount": check_int_range("discount", discount, 1, high),
        "startAt": start,
        "endAt": end,
        "type": kind,
        "wowExclusive": wow_exclusive,
    }
    envelope = await client._call(_CREATE_INSTANT, json=body)
    content = _instant_content(envelope, "coupon")
    return CouponJob(client, str(content["requestedId"]), kind="instant")


async def add_instant_coupon_items(
    client: CoupangClient, coupon_id: int, vendor_item_ids: Iterable[int]
) -> CouponJob:
    """Put vendor items on an instant coupon (a job; items cannot be removed later).

    `POST /v2/providers/fms/apis/api/v1/vendors/{vendorId}/coupons/{couponId}/items`

    Args:
        client: the client.
        coupon_id: the coupon.
        vendor_item_ids: 1..10,000 approved vendor items (repeats are sent once).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    ident = check_positive_id("coupon_id", coupon_id)
    ids = _vendor_items(vendor_item_ids, MAX_INSTANT_ITEMS)
    envelope = await client._call(_ADD_INSTANT_ITEMS, ident, json={"vendorItems": ids})
    content = _instant_content(envelope, "item add")
    return CouponJob(
        client, str(content["requestedId"]), kind="instant", coupon_id=ident, vendor_item_ids=ids
    )


async def expire_instant_coupon(client: CoupangClient, coupon_id: int) -> CouponJob:
    """Expire (파기) an instant coupon (a job).

    `PUT /v2/providers/fms/apis/api/v1/vendors/{vendorId}/coupons/{couponId}?action=expire`

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
        BusinessError: Coupang refused (``success: false``), e.g. while another request on the
            coupon is still running: wait for that job first.
    """
    ident = check_positive_id("coupon_id", coupon_id)
    envelope = await client._call(_EXPIRE_INSTANT, ident, query=[("action", "expire")])
    content = _instant_content(envelope, "expiry")
    return CouponJob(client, str(content["requestedId"]), kind="instant", coupon_id=ident)


async def get_instant_coupon(client: CoupangClient, coupon_id: int) -> InstantCoupon:
    """One instant coupon.

    `GET /v2/providers/fms/apis/api/v2/vendors/{vendorId}/coupon?couponId=`

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
        BadRequestError: no such coupon (``쿠폰이 없습니다.``).
    """
    ident = check_positive_id("coupon_id", coupon_id)
    answer = await client._call(_GET_INSTANT, query=[("couponId", ident)])
    coupon: InstantCoupon = structure_data(answer.content, InstantCoupon, path="$.data.content")
    return coupon


def list_instant_coupons(
    client: CoupangClient,
    *,
    status: CouponStatus | str,
    max_per_page: int = MAX_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
) -> AsyncPaginator[InstantCoupon]:
    """List the instant coupons in one status.

    `GET /v2/providers/fms/apis/api/v2/vendors/{vendorId}/coupons?status=&page=&size=`

    Args:
        client: the client.
        status: STANDBY, APPLIED, PAUSED, EXPIRED or DETACHED (`CouponStatus`).
        max_per_page: coupons per page, 1..100.
        next_token: resume from a `Page.next_token` (a page number as text).
        max_pages: stop after this many pages (None: walk to the end).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    allowed = ("STANDBY", "APPLIED", "PAUSED", "EXPIRED", "DETACHED")
    wanted = check_choice("status", status, allowed)
    per_page = check_page_size(max_per_page, MAX_PER_PAGE)
    return client._list(
        _LIST_INSTANT,
        [("status", wanted)],
        page_size=per_page,
        next_token=next_token,
        max_pages=max_pages,
    )


# -- downloadable coupons ---------------------------------------------------------------------


def _policies(value: object) -> list[dict[str, Any]]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise InvalidInputError(
            "policies",
            f"must be a list of DownloadCouponPolicy, not {describe(value)}",
            value=value,
        )
    if not 1 <= len(value) <= 3:
        raise InvalidInputError(
            "policies", f"must hold 1..3 policies, got {len(value)}", value=value
        )
    bodies: list[dict[str, Any]] = []
    kinds: set[str] = set()
    for index, policy in enumerate(value):
        field = f"policies[{index}]"
        if not isinstance(policy, DownloadCouponPolicy):
            raise InvalidInputError(
                field, f"must be a DownloadCouponPolicy, not {describe(policy)}", value=policy
            )
        kind = check_choice(f"{field}.type_of_discount", policy.type_of_discount, ("RATE", "PRICE"))
        kinds.add(kind)
        check_text(f"{field}.title", policy.title)
        if kind == "RATE":
            check_int_range(f"{field}.discount", policy.discount, 1, 99)
            check_int_range(
                f"{field}.maximum_discount_price", policy.maximum_discount_price, 10, 10**9
            )
        else:
            amount = check_int_range(f"{field}.discount", policy.discount, 10, 10**9)
            if amount % 10:
                raise InvalidInputError(
                    f"{field}.discount", f"must be a multiple of 10 won, got {amount}", value=amount
                )
        minimum = check_int_range(f"{field}.minimum_price", policy.minimum_price, 10, 10**9)
        if minimum % 10:
            raise InvalidInputError(
                f"{field}.minimum_price",
                f"must be a multiple of 10 won, got {minimum}",
                value=minimum,
            )
        check_int_range(f"{field}.maximum_per_daily", policy.maximum_per_daily, 1, 9999)
        bodies.append(converter.unstructure(policy))
    if len(kinds) > 1:
        raise InvalidInputError(
            "policies", "must all have the same type_of_discount (RATE or PRICE)", value=value
        )
    return bodies


async def create_download_coupon(
    client: CoupangClient,
    *,
    title: str,
    contract_id: int,
    start_date: dt.datetime,
    end_date: dt.datetime,
    user_id: str,
    policies: Sequence[DownloadCouponPolicy],
) -> DownloadCoupon:
    """Create a downloadable coupon (synchronous: the answer is the new coupon).

    `POST /v2/providers/marketplace_openapi/apis/api/v1/coupons`

    Args:
        client: the client.
        title: the name customers see.
        contract_id: the budget contract.
        start_date: an aware datetime (sent in KST); the earliest start is one hour after
            creation.
        end_date: an aware datetime after ``start_date``.
        user_id: the WING login id of the person creating it.
        policies: 1..3 `DownloadCouponPolicy`, all RATE (discount 1..99 %, with a
            ``maximum_discount_price``) or all PRICE (discount in multiples of 10 won); each
            with a ``title``, a ``minimum_price`` (multiple of 10 won) and ``maximum_per_daily``
            (1..9,999 per customer per day).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    start = _stamp("start_date", start_date)
    end = _stamp("end_date", end_date)
    if end_date <= start_date:
        raise InvalidInputError(
            "end_date", f"({end}) must be after start_date ({start})", value=end_date
        )
    body = {
        "title": check_text("title", title),
        "contractId": check_positive_id("contract_id", contract_id),
        "couponType": "DOWNLOAD",
        "startDate": start,
        "endDate": end,
        "userId": _user_id(user_id),
        "policies": _policies(policies),
    }
    coupon: DownloadCoupon = await client._call(_CREATE_DOWNLOAD, json=body)
    return coupon


def _download_outcome(envelope: Envelope, coupon_id: int, what: str) -> str:
    data = envelope.data
    first = data[0] if isinstance(data, list) and data else data
    outcome = structure_data(first, DownloadCouponOutcome, body=envelope.body, path="$[0]")
    body = outcome.body
    if outcome.request_result_status != "SUCCESS" or not body or not body.request_transaction_id:
        message = outcome.error_message or f"Coupang did not accept the {what}"
        if _DESTROYED_MESSAGE in str(message):
            raise CouponDestroyedError(coupon_id, f"downloadable coupon {coupon_id}: {message}")
        raise BusinessError(
            str(message),
            response=envelope.response,
            status_code=envelope.response.status_code if envelope.response is not None else 200,
            code=outcome.error_code or outcome.request_result_status or None,
            body=envelope.body,
        )
    return str(body.request_transaction_id)


async def add_download_coupon_items(
    client: CoupangClient, coupon_id: int, vendor_item_ids: Iterable[int], *, user_id: str
) -> CouponJob:
    """Put vendor items on a downloadable coupon (a job).

    `PUT /v2/providers/marketplace_openapi/apis/api/v1/coupon-items`

    **If adding the items fails, Coupang destroys the coupon**: `CouponJob.wait` then raises
    `CouponDestroyedError`. Add only approved options that are on no other coupon.

    Args:
        client: the client.
        coupon_id: the coupon.
        vendor_item_ids: 1..100 vendor items (repeats are sent once).
        user_id: the WING login id of the person making the change.

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
        CouponDestroyedError: the coupon was destroyed by an earlier failed item add
            (``삭제된 프로모션 입니다.``).
    """
    ident = check_positive_id("coupon_id", coupon_id)
    ids = _vendor_items(vendor_item_ids, MAX_DOWNLOAD_ITEMS)
    body = {"couponItems": [{"couponId": ident, "userId": _user_id(user_id), "vendorItemIds": ids}]}
    try:
        envelope = await client._call(_ADD_DOWNLOAD_ITEMS, json=body)
    except BadRequestError as error:
        if _DESTROYED_MESSAGE in str(error):
            raise CouponDestroyedError(
                ident, f"downloadable coupon {ident} was destroyed: {error}"
            ) from error
        raise
    request_id = _download_outcome(envelope, ident, "item add")
    return CouponJob(client, request_id, kind="download", coupon_id=ident, vendor_item_ids=ids)


async def expire_download_coupon(
    client: CoupangClient, coupon_id: int, *, user_id: str
) -> CouponJob:
    """Expire a downloadable coupon (a job).

    `POST /v2/providers/marketplace_openapi/apis/api/v1/coupons/expire`

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
        ServerError: Coupang answers 500 ``There is no coupon to expire.`` for an unknown (or
            already expired) coupon; being a POST it is not retried.
    """
    ident = check_positive_id("coupon_id", coupon_id)
    body = {
        "expireCouponList": [
            {"couponId": str(ident), "reason": "expired", "userId": _user_id(user_id)}
        ]
    }
    envelope = await client._call(_EXPIRE_DOWNLOAD, json=body)
    request_id = _download_outcome(envelope, ident, "expiry")
    return CouponJob(client, request_id, kind="download", coupon_id=ident)


async def get_download_coupon(client: CoupangClient, coupon_id: int) -> DownloadCoupon:
    """One downloadable coupon (its policies under ``coupon_policies``).

    `GET /v2/providers/marketplace_openapi/apis/api/v1/coupons/{couponId}`

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
        NotFoundError: no such coupon (``존재 하지 않는 프로모션``).
    """
    ident = check_positive_id("coupon_id", coupon_id)
    coupon: DownloadCoupon = await client._call(_GET_DOWNLOAD, ident)
    return coupon
