"""Routes declared beside their handlers: registration, order, per-vendor state of a new family."""

from __future__ import annotations

import ast
import importlib
import itertools
import pathlib
from dataclasses import dataclass, field
from typing import Any, Final

import pytest

import coupang_async.testing
from coupang_async.testing import FakeCoupang, _app
from coupang_async.testing._http import Call, Response, ok, seller_error
from coupang_async.testing._routing import OPENAPI, VENDOR, Gateway, Router, route, routes
from coupang_async.testing._store import _STATE_KEYS, StateKey, VendorState
from tests.testing.signer import Api

pytestmark = pytest.mark.both_backends

TESTING_DIR = pathlib.Path(coupang_async.testing.__file__).parent


# --- a family declared the way a new module (e.g. _inquiries.py) declares one --------------------


@dataclass
class Notes:
    """Per-vendor state of the test family: generated at creation, changed by a route."""

    rows: dict[int, str] = field(default_factory=dict)

    @classmethod
    def create(cls, vendor: VendorState, gateway: Gateway) -> Notes:
        ids = [gateway.ids.next("test-note", start=500_000) for _ in range(2)]
        return cls({ids[0]: f"{vendor.vendor_id} first", ids[1]: f"{gateway.today} second"})


NOTES: Final = StateKey("test-notes", Notes.create)
_NOTES: Final = f"{OPENAPI}/v1{VENDOR}/test-notes"


@route("GET", _NOTES)
def list_notes(call: Call) -> Response:
    notes = call.state(NOTES)
    return ok(
        {
            "code": 200,
            "message": "OK",
            "data": [{"id": k, "text": v} for k, v in notes.rows.items()],
        }
    )


@route("PUT", rf"{_NOTES}/(?P<noteId>\d+)")
def edit_note(call: Call) -> Response:
    notes = call.state(NOTES)
    note_id = call.int_param("noteId")
    if note_id not in notes.rows:
        raise seller_error("no such note")
    notes.rows[note_id] = str(call.json()["text"])
    call.gateway.count_write(note_id, "note_edit")
    return ok({"code": 200, "message": "OK", "data": None})


@route("PUT", rf"{_NOTES}/(?P<special>latest)", priority=1)
def edit_latest(call: Call) -> Response:
    """Also matches the pattern above? No: ``latest`` is not digits; priority shown anyway."""
    return ok({"code": 200, "message": "OK", "data": "latest"})


# --- tests ------------------------------------------------------------------------------------


async def test_a_new_family_serves_its_routes_and_keeps_state_per_vendor(
    fake: FakeCoupang, api: Api
) -> None:
    """Routes registered in a module other than the app's work, with lazily created state."""
    path = f"{OPENAPI}/v1/vendors/{fake.vendor_id}/test-notes"
    listed = await api.get(path)
    assert listed.status_code == 200, listed.text
    rows = listed.json()["data"]
    assert len(rows) == 2
    assert rows[0]["text"] == f"{fake.vendor_id} first"
    first = rows[0]["id"]
    assert first > 500_000

    edited = await api.put(f"{path}/{first}", json={"text": "changed"})
    assert edited.status_code == 200, edited.text
    assert fake.vendor().state(NOTES).rows[first] == "changed"
    assert fake.writes(first) == {"note_edit": 1}
    assert (await api.put(f"{path}/latest", json={})).json()["data"] == "latest"
    # Another vendor's id in the path is a 404, as for every route with {vendorId}.
    other = await api.get(f"{OPENAPI}/v1/vendors/A99999999/test-notes")
    assert other.status_code == 404


def test_state_is_created_once_per_vendor_and_is_deterministic() -> None:
    """The factory runs on first use, once per vendor; same seed, same data."""
    one, two = FakeCoupang(seed=5), FakeCoupang(seed=5)
    assert one.vendor().state(NOTES) is one.vendor().state(NOTES)
    assert one.vendor().state(NOTES) == two.vendor().state(NOTES)
    other = one.add_vendor("A00000002", access_key="ak2", secret_key="sk2")
    assert other.state(NOTES) is not one.vendor().state(NOTES)
    assert "A00000002 first" in other.state(NOTES).rows.values()


def test_eager_state_exists_before_any_request() -> None:
    """``eager=True``: created when the vendor is added (in declaration order)."""
    created: list[str] = []

    def factory(vendor: VendorState, gateway: Gateway) -> str:
        created.append(vendor.vendor_id)
        return "ready"

    key = StateKey("test-eager", factory, eager=True)
    try:
        fake = FakeCoupang()
        assert created == [fake.vendor_id]
        assert fake.vendor().state(key) == "ready"
        assert created == [fake.vendor_id]
    finally:
        del _STATE_KEYS["test-eager"]  # later fakes must not create it


def test_state_names_and_routes_are_unique() -> None:
    """Declaring the same state name or the same method and pattern twice fails at import."""
    with pytest.raises(ValueError, match="already declared"):
        StateKey("test-notes", Notes.create)
    with pytest.raises(ValueError, match="already routed to"):
        route("GET", _NOTES)(list_notes)


def test_new_id_kinds_do_not_shift_the_others() -> None:
    """``ids.next(kind)`` draws from its own sequence: the built-in ids stay the same."""
    plain, extended = FakeCoupang(seed=9), FakeCoupang(seed=9)
    extended.ids.next("coupon", start=10_000)
    assert plain.ids.next_seller_product_id() == extended.ids.next_seller_product_id()
    a = FakeCoupang(seed=9).ids
    values = [a.next("coupon", start=10_000, stride=5) for _ in range(3)]
    assert values == sorted(values)
    assert 10_000 < values[0] <= 10_005
    assert all(0 < b - a <= 5 for a, b in itertools.pairwise(values))


def test_priority_then_family_order_then_source_order() -> None:
    """The matching order a ``Router`` gives: priority, listed modules, registration."""
    router = Router()

    def handler(call: Call) -> Response:  # pragma: no cover - never called
        raise AssertionError

    def named(module: str, name: str) -> Any:
        def h(call: Call) -> Response:  # pragma: no cover - never called
            raise AssertionError

        h.__module__ = module
        h.__qualname__ = name
        return h

    router.route("get", "/a")(named("m2", "a"))
    router.route("GET", "/b")(named("m1", "b"))
    router.route("GET", "/c", priority=5)(named("m2", "c"))
    router.route("GET", "/d")(named("m1", "d"))
    router.route("POST", "/a")(handler)
    table = router.table(["m1", "m2"])
    assert [r.pattern for r in table["GET"]] == ["/c", "/b", "/d", "/a"]
    assert [r.pattern for r in table["POST"]] == ["/a"]
    assert [r.pattern for r in router.table()["GET"]] == ["/c", "/a", "/b", "/d"]
    with pytest.raises(ValueError, match="already routed"):
        router.route("GET", "/a")(handler)


def test_every_module_that_declares_routes_is_a_family_of_the_app() -> None:
    """A new family module must be listed in ``FAMILIES``, or its routes would never load."""
    declaring: set[str] = set()
    for path in TESTING_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if isinstance(target, ast.Name) and target.id == "route":
                        declaring.add(f"coupang_async.testing.{path.stem}")
    assert declaring, "no @route found: the scan is broken"
    assert declaring == set(_app._FAMILY_NAMES)
    # And each family module's routes are in the table the app uses.
    served = {r.handler for table in _app._route_table().values() for r in table}
    for name in declaring:
        module = importlib.import_module(name)
        mine = {r.handler for r in routes.all() if r.handler.__module__ == module.__name__}
        assert mine <= served
        assert mine


def test_handlers_do_not_depend_on_the_app() -> None:
    """Family modules import nothing from ``_app``: they see the ``Gateway`` protocol only."""
    for name in _app._FAMILY_NAMES:
        source = (TESTING_DIR / f"{name.rsplit('.', 1)[1]}.py").read_text(encoding="utf-8")
        assert "testing._app" not in source, name
        assert "FakeCoupang" not in source, name
