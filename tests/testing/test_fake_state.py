"""Request log, write counters, direct state access, catalogue generation and the pytest fixture."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from coupang_async.testing import FakeCoupang
from tests.testing.signer import SP, Api, Clock, create_product, get_product

pytestmark = pytest.mark.both_backends

HANGUL = re.compile("[가-힣]")
TODAY = dt.date(2026, 1, 15)  # the generated orders are dated 2026-01-09 … 2026-01-15


async def test_request_log_records_what_was_sent(api: Api, fake: FakeCoupang) -> None:
    """Each request is logged with method, raw path and query, headers, body, status, vendor."""
    spid = await create_product(api)
    await api.get(
        f"{SP}/seller-products", {"vendorId": fake.vendor_id, "sellerProductName": "호떡"}
    )
    post, get = fake.requests[-2], fake.requests[-1]
    assert post.method == "POST"
    assert post.json()["sellerProductName"] == "상품등록_example"
    assert post.status == 200
    assert post.vendor_id == fake.vendor_id
    assert post.headers["authorization"].startswith("CEA algorithm=HmacSHA256, access-key=")
    assert get.query == f"vendorId={fake.vendor_id}&sellerProductName=%ED%98%B8%EB%96%A1"
    assert get.params == [("vendorId", fake.vendor_id), ("sellerProductName", "호떡")]
    assert get.target == f"{SP}/seller-products?{get.query}"
    assert [r.method for r in fake.requests.filter(method="post")] == ["POST"]
    assert fake.requests.filter(path=f"*/seller-products/{spid}") == []
    assert len(fake.requests.filter(path=re.compile("seller-products"))) == 2
    fake.requests.clear()
    assert len(fake.requests) == 0
    assert fake.requests.last is None


async def test_request_log_is_bounded(clock: Clock) -> None:
    """``request_log_size`` keeps only the newest requests; 0 keeps none."""
    for size, kept in ((2, 2), (0, 0)):
        fake = FakeCoupang(clock=clock, requests_per_second=None, request_log_size=size)
        api = Api(fake, clock)
        for _ in range(4):
            await api.get(f"{SP}/seller-products/inflow-status")
        await api.aclose()
        assert len(fake.requests) == kept


async def test_failed_authentication_is_logged_without_vendor(api: Api, fake: FakeCoupang) -> None:
    """A 401 is in the log with its status and no vendor id."""
    await api.get(f"{SP}/seller-products/inflow-status", header="CEA nonsense")
    record = fake.requests.last
    assert record is not None
    assert (record.status, record.vendor_id) == (401, None)


async def test_product_write_counters(api: Api, fake: FakeCoupang) -> None:
    """Creates, updates, partial updates, approvals and deletes are counted per product."""
    spid = await create_product(api)
    data = await get_product(api, spid)
    await api.put(f"{SP}/seller-products", json=data)
    await api.put(f"{SP}/seller-products/{spid}/partial", json={"sellerProductId": spid})
    await api.put(f"{SP}/seller-products/{spid}/approvals")
    assert fake.writes(spid) == {
        "product_create": 1,
        "product_update": 1,
        "product_partial_update": 1,
        "product_approval": 1,
    }


def test_get_product_returns_a_copy(fake: FakeCoupang) -> None:
    """Mutating what ``get_product`` returns does not change the fake."""
    spid = fake.seller_product_ids()[0]
    copy = fake.get_product(spid)
    assert copy is not None
    copy["sellerProductName"] = "changed"
    again = fake.get_product(spid)
    assert again is not None
    assert again["sellerProductName"] != "changed"
    assert fake.get_product(1) is None
    assert fake.product_status(1) is None
    assert fake.vendor_item(1) is None


def test_set_product_status_validates(fake: FakeCoupang) -> None:
    """Unknown statuses and products are refused."""
    with pytest.raises(ValueError, match="unknown status"):
        fake.set_product_status(fake.seller_product_ids()[0], "SOLD")
    with pytest.raises(KeyError):
        fake.set_product_status(1, "DENIED")


def test_set_product_status_relabels(fake: FakeCoupang) -> None:
    """A non-approval status only changes the label (statusName follows)."""
    spid = fake.seller_product_ids("APPROVED")[0]
    fake.set_product_status(spid, "DENIED")
    product = fake.get_product(spid)
    assert product is not None
    assert product["statusName"] == "승인반려"


def test_catalogue_is_deterministic_per_seed() -> None:
    """The same seed gives the same data; another seed gives other data."""
    a, b, c = (FakeCoupang(products=25, seed=s, today=TODAY) for s in (5, 5, 6))
    docs = [[x.get_product(pid) for pid in x.seller_product_ids()] for x in (a, b, c)]
    assert docs[0] == docs[1]
    assert docs[0] != docs[2]
    assert a.vendor().orders.rows == b.vendor().orders.rows


def test_catalogue_is_realistic() -> None:
    """Every status, 1–3 options, RG-only and hybrid, Korean names, ids in Coupang's ranges."""
    fake = FakeCoupang(products=200, seed=11, today=TODAY)
    products = list(fake.vendor().products.values())
    statuses = Counter(p.status for p in products)
    assert set(statuses) == {
        "IN_REVIEW",
        "SAVED",
        "APPROVING",
        "APPROVED",
        "PARTIAL_APPROVED",
        "DENIED",
        "DELETED",
    }
    assert statuses.most_common(1)[0][0] == "APPROVED"
    assert {len(p.items) for p in products} <= {1, 2, 3}
    assert {p.registration_type for p in products} == {None, "RFM", "NORMAL"}
    assert all(HANGUL.search(p.doc["sellerProductName"]) for p in products)
    assert all(10**8 <= p.id <= 1.6 * 10**10 for p in products)
    assert all(3 * 10**9 <= vid <= 9 * 10**10 for vid in fake.vendor_item_ids())
    created = sorted(p.created_at for p in products)
    assert created[0][:4] < created[-1][:4]  # spread over more than one calendar year
    orders = fake.vendor().orders.rows
    assert len(orders) == 400
    assert all(len(str(o["shipmentBoxId"])) == 18 for o in orders)
    assert {o["orderedAt"][:10] for o in orders} <= {f"2026-01-{d:02d}" for d in range(9, 16)}
    partial = [p for p in products if p.status == "PARTIAL_APPROVED"]
    assert all(
        any(i.vendor_item_id for i in p.items) and not all(i.vendor_item_id for i in p.items)
        for p in partial
    )


async def test_generated_products_pass_the_fakes_own_validation(clock: Clock) -> None:
    """Every generated editable product survives a GET → PUT round trip unchanged."""
    fake = FakeCoupang(products=60, seed=8, requests_per_second=None, clock=clock)
    api = Api(fake, clock)
    editable = [
        pid
        for pid in fake.seller_product_ids()
        if fake.product_status(pid) in ("SAVED", "APPROVED", "PARTIAL_APPROVED", "DENIED")
    ]
    for pid in editable:
        before = await get_product(api, pid)
        response = await api.put(f"{SP}/seller-products", json=before)
        assert response.status_code == 200, (pid, response.text)
    await api.aclose()


def test_constructor_validates_arguments() -> None:
    """Bad constructor and add_vendor arguments raise ValueError."""
    with pytest.raises(ValueError, match="vendor_id"):
        FakeCoupang(vendor_id="12345")
    with pytest.raises(ValueError, match="access_key"):
        FakeCoupang(access_key="")
    with pytest.raises(ValueError, match="warn_ratio"):
        FakeCoupang(warn_ratio=0)
    fake = FakeCoupang()
    with pytest.raises(ValueError, match="already registered"):
        fake.add_vendor(fake.vendor_id, access_key="x", secret_key="y")
    assert "fake-secret-key" not in repr(fake)


def test_fixture_gives_a_fresh_default_fake(fake_coupang: FakeCoupang) -> None:
    """The plugin's ``fake_coupang`` fixture is a default FakeCoupang (sync, no async plugin)."""
    assert isinstance(fake_coupang, FakeCoupang)
    assert fake_coupang.vendor_id == "A00012345"
    assert fake_coupang.seller_product_ids() == []


@pytest.mark.fake_coupang(products=12, seed=9, requests_per_second=None)
def test_fixture_marker_passes_constructor_arguments(fake_coupang: FakeCoupang) -> None:
    """``@pytest.mark.fake_coupang(...)`` configures the fixture's fake."""
    assert len(fake_coupang.seller_product_ids()) == 12
    assert fake_coupang.requests_per_second is None
