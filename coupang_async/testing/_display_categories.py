"""The display-category tree (``seller_api`` meta/display-categories) built from the fake's table.

``ROOT`` (code 0) → one depth-1 group per notice category of the built-in category table (codes
90001, 90002, …) → the table's categories as leaves. ``GET …/display-categories`` answers the
whole tree; ``GET …/display-categories/{code}`` the category with its direct children only
(grandchildren left out: their ``child`` is ``[]``). Unknown codes: ``seller_api`` 400.
"""

from __future__ import annotations

from typing import Any, Final

from coupang_async.testing._categories import CATEGORIES
from coupang_async.testing._http import Call, Response, ok, seller_error
from coupang_async.testing._routing import SELLER_API, route

_PATH: Final = f"{SELLER_API}/meta/display-categories"


def tree() -> dict[str, Any]:
    """The whole tree as the API answers it (a fresh copy)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for category in sorted(CATEGORIES.values(), key=lambda c: c.code):
        groups.setdefault(category.notice, []).append(
            {
                "displayItemCategoryCode": category.code,
                "name": category.name,
                "status": "ACTIVE",
                "child": [],
            }
        )
    children = [
        {
            "displayItemCategoryCode": 90_001 + index,
            "name": name,
            "status": "ACTIVE",
            "child": leaves,
        }
        for index, (name, leaves) in enumerate(sorted(groups.items()))
    ]
    return {"displayItemCategoryCode": 0, "name": "ROOT", "status": "ACTIVE", "child": children}


def _find(node: dict[str, Any], code: int) -> dict[str, Any] | None:
    if node["displayItemCategoryCode"] == code:
        return node
    for child in node["child"]:
        found = _find(child, code)
        if found is not None:
            return found
    return None


@route("GET", _PATH)
def list_display_categories(call: Call) -> Response:
    """GET …/marketplace/meta/display-categories (the whole tree)."""
    return ok({"code": "SUCCESS", "message": "", "data": tree()})


@route("GET", rf"{_PATH}/(?P<code>[^/]+)")
def get_display_category(call: Call) -> Response:
    """GET …/marketplace/meta/display-categories/{displayCategoryCode} (one level of children)."""
    text = call.params["code"]
    if not text.isascii() or not text.isdigit():
        raise seller_error("Display category code should be numeric.")
    node = _find(tree(), int(text))
    if node is None:
        raise seller_error(f"Display category code {text} does not exist.")  # fake's wording
    shallow = dict(node)
    shallow["child"] = [{**child, "child": []} for child in node["child"]]
    return ok({"code": "SUCCESS", "message": "", "data": shallow})
