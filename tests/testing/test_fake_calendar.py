"""The fake's calendar: data dated around today (KST) by default, pinned with ``today=``."""

from __future__ import annotations

import datetime as dt

import click
import pytest
from click.testing import CliRunner

from coupang_async.cli import _fake as _cli_fake
from coupang_async.models import KST
from coupang_async.testing import FakeCoupang
from tests.testing.signer import Clock


def _order_days(fake: FakeCoupang) -> set[dt.date]:
    return {dt.date.fromisoformat(str(row["orderedAt"])[:10]) for row in fake.vendor().orders.rows}


def test_default_today_is_the_clock_s_date_in_korea() -> None:
    """Without ``today=``, the data ends on the KST date of the fake's clock."""
    clock = Clock(dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC))  # 2026-04-01 01:30 KST
    fake = FakeCoupang(products=10, clock=clock)
    assert fake.today == dt.date(2026, 4, 1)
    days = _order_days(fake)
    assert days
    assert max(days) <= dt.date(2026, 4, 1)
    assert min(days) >= dt.date(2026, 3, 26)  # the 7 days up to today


def test_without_a_clock_the_data_is_dated_around_the_real_today() -> None:
    """The default fake (and ``fake-server``, ``--demo``) lists orders of the last 7 days."""
    before = dt.datetime.now(KST).date()
    fake = FakeCoupang(products=10)
    after = dt.datetime.now(KST).date()
    assert fake.today in (before, after)
    assert max(_order_days(fake)) >= fake.today - dt.timedelta(days=6)


def test_today_pins_the_data() -> None:
    """``today=`` pins the generated data: same seed and date, same data, whatever the clock."""
    pinned = dt.date(2026, 1, 15)
    one = FakeCoupang(products=10, seed=4, today=pinned)
    two = FakeCoupang(products=10, seed=4, today=pinned, clock=Clock())
    assert one.today == two.today == pinned
    assert one.vendor().orders.rows == two.vendor().orders.rows
    assert max(_order_days(one)) <= pinned


def _run(*args: str) -> tuple[int, str, str]:
    group = click.Group()
    _cli_fake.register(group)
    result = CliRunner().invoke(group, ["fake-server", "--max-seconds", "0", "--rate", "0", *args])
    return result.exit_code, result.stdout, result.stderr


def test_fake_server_banner_counts_listable_products_and_says_why() -> None:
    """The banner says how many products the plain listing returns, why, and the data's dates."""
    code, _, err = _run("--products", "40", "--today", "2026-01-15")
    assert code == 0, err
    fake = FakeCoupang(products=40, today=dt.date(2026, 1, 15))
    listable = len(fake.listable_product_ids())
    assert 0 < listable < 40  # the seed-0 catalogue has Rocket-Growth-only products
    lines = err.splitlines()
    assert lines[0] == f"# serving 40 products: {listable} listable with the default listing"
    assert f"({40 - listable} are Rocket Growth only" in lines[1]
    assert "businessTypes=rocketGrowth" in lines[1]
    assert "up to 2026-01-15 (KST)" in lines[2]
    assert "from 2026-01-09" in lines[2]


def test_fake_server_today_defaults_to_today_and_rejects_garbage() -> None:
    """Without ``--today`` the banner shows today's KST date; a malformed date is a usage error."""
    code, _, err = _run("--products", "0")
    assert code == 0, err
    assert any(
        f"up to {day.isoformat()} (KST)" in err
        for day in (dt.datetime.now(KST).date(), dt.datetime.now(KST).date() - dt.timedelta(1))
    )
    assert "Rocket Growth only" not in err
    code, _, _ = _run("--today", "15/01/2026")
    assert code == 2


@pytest.mark.parametrize("products", [0, 12])
def test_listable_product_ids_match_the_listing_filter(products: int) -> None:
    """``listable_product_ids`` is what the default listing walks (no Rocket-Growth-only ones)."""
    fake = FakeCoupang(products=products, seed=1, today=dt.date(2026, 1, 15))
    listable = fake.listable_product_ids()
    assert listable == [
        pid
        for pid in fake.seller_product_ids()
        if fake.vendor().products[pid].registration_type != "RFM"
    ]
