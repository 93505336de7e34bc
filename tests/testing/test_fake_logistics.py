"""Shipping places, return centers (pageNum paging, two envelopes) and category endpoints."""

from __future__ import annotations

from typing import Any

import pytest

from coupang_async.testing import FakeCoupang
from tests.testing.signer import OPENAPI, OUTBOUND, SP, Api

pytestmark = pytest.mark.both_backends

META = f"{SP}/meta/category-related-metas/display-category-codes"
PREDICT = f"{OPENAPI}/v1/categorization/predict"


async def _pages(api: Api, path: str, size: int, *, envelope: bool) -> list[dict[str, Any]]:
    content: list[dict[str, Any]] = []
    for page in range(1, 50):  # bounded
        body = (await api.get(path, {"pageNum": page, "pageSize": size})).json()
        data = body["data"] if envelope else body
        content.extend(data["content"])
        pagination = data["pagination"]
        assert pagination["currentPage"] == page
        assert pagination["countPerPage"] == size
        if pagination["currentPage"] >= pagination["totalPages"]:
            return content
    raise AssertionError("paging did not end")


@pytest.mark.parametrize("version", [1, 2])
async def test_outbound_places_are_bare_content_and_pagination(
    api: Api, fake: FakeCoupang, version: int
) -> None:
    """Outbound places come without an envelope and page with pageNum until totalPages."""
    path = OUTBOUND.replace("/v1/", f"/v{version}/")
    body = (await api.get(path, {"pageNum": 1, "pageSize": 2})).json()
    assert set(body) == {"content", "pagination"}
    assert body["pagination"] == {
        "currentPage": 1,
        "totalPages": 2,
        "totalElements": 3,
        "countPerPage": 2,
    }
    places = await _pages(api, path, 1, envelope=False)
    assert [p["outboundShippingPlaceCode"] for p in places] == [
        p["outboundShippingPlaceCode"] for p in fake.vendor().shipping_places
    ]
    assert places[0]["outboundShippingPlaceCode"] == 74010
    assert {"shippingPlaceName", "createDate", "placeAddresses", "remoteInfos", "usable"} <= set(
        places[0]
    )


async def test_outbound_places_by_code_and_name(api: Api, fake: FakeCoupang) -> None:
    """placeCodes / placeNames select places without paging parameters."""
    by_code = (await api.get(OUTBOUND, {"placeCodes": "74010"})).json()
    assert [p["outboundShippingPlaceCode"] for p in by_code["content"]] == [74010]
    by_name = (await api.get(OUTBOUND, {"placeNames": "상품출고지2"})).json()
    assert [p["shippingPlaceName"] for p in by_name["content"]] == ["상품출고지2"]


@pytest.mark.parametrize(
    ("params", "status"), [({}, 400), ({"pageNum": 0}, 400), ({"pageNum": 1, "pageSize": 51}, 400)]
)
async def test_outbound_paging_parameters_are_checked(
    api: Api, params: dict[str, int], status: int
) -> None:
    """pageNum is required and at least 1; pageSize is at most 50."""
    assert (await api.get(OUTBOUND, params)).status_code == status


@pytest.mark.parametrize("version", [4, 5])
async def test_return_centers_use_data_content_and_pagination(
    api: Api, fake: FakeCoupang, version: int
) -> None:
    """Return centers answer ``{code:200, message:"SUCCESS", data:{content, pagination}}``."""
    path = f"{OPENAPI}/v{version}/vendors/{fake.vendor_id}/returnShippingCenters"
    body = (await api.get(path, {"pageNum": 1})).json()
    assert body["code"] == 200
    assert body["message"] == "SUCCESS"
    assert body["data"]["pagination"]["countPerPage"] == 10
    centers = await _pages(api, path, 1, envelope=True)
    assert [c["returnCenterCode"] for c in centers] == [
        c["returnCenterCode"] for c in fake.vendor().return_centers
    ]
    assert centers[0]["returnCenterCode"] == "1000274592"
    assert isinstance(centers[0]["createdAt"], int)


async def test_category_meta_shape(api: Api) -> None:
    """Category meta answers the documented keys with ``code`` "SUCCESS"."""
    body = (await api.get(f"{META}/56137")).json()
    assert body["code"] == "SUCCESS"
    data = body["data"]
    assert {
        "isAllowSingleItem",
        "attributes",
        "noticeCategories",
        "requiredDocumentNames",
        "certifications",
        "allowedOfferConditions",
    } <= set(data)
    assert data["noticeCategories"][0]["noticeCategoryName"] == "화장품"
    assert {
        "attributeTypeName",
        "dataType",
        "basicUnit",
        "usableUnits",
        "required",
        "groupNumber",
        "exposed",
    } == set(data["attributes"][0])
    unknown = await api.get(f"{META}/1")
    assert unknown.status_code == 400


async def test_categorization_predict(api: Api) -> None:
    """Predict answers numeric ``code`` 200 and a string predictedCategoryId."""
    body = (await api.post(PREDICT, json={"productName": "고농축 섬유유연제 3.1L"})).json()
    assert body["code"] == 200
    assert body["message"] == "OK"
    assert body["data"] == {
        "autoCategorizationPredictionResultType": "SUCCESS",
        "predictedCategoryId": "63950",
        "predictedCategoryName": "일반 섬유유연제",
        "comment": None,
    }
    vague = (await api.post(PREDICT, json={"productName": "무언가"})).json()
    assert vague["data"]["autoCategorizationPredictionResultType"] == "INSUFFICIENT_INFORMATION"
    missing = await api.post(PREDICT, json={"brand": "x"})
    assert missing.status_code == 400
    assert missing.json()["code"] == 400
