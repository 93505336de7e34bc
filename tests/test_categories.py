"""categories: category meta (seller_api envelope) and recommendation (openapi envelope)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import respx

from coupang_async import (
    BadRequestError,
    CoupangClient,
    InvalidInputError,
    ResponseValidationError,
    categories,
)
from coupang_async.models import (
    AttributeDataType,
    AttributeExposure,
    CategoryMeta,
    OfferCondition,
    PredictionResult,
    Requirement,
    converter,
)
from coupang_async.testing import FakeCoupang

from .helpers import BASE_URL, make_client, verify_on_server

pytestmark = pytest.mark.both_backends

DATA = Path(__file__).parent / "models" / "data"
META = "/v2/providers/seller_api/apis/api/v1/marketplace/meta/category-related-metas"
PREDICT = "/v2/providers/openapi/apis/api/v1/categorization/predict"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with its built-in category table."""
    return FakeCoupang(requests_per_second=None)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced."""
    async with fake.client(requests_per_second=None) as client:
        yield client


async def test_category_meta_is_typed(fake: FakeCoupang, client: CoupangClient) -> None:
    """The meta of 77723 comes back typed, with its mandatory attributes and notice lines."""
    meta = await categories.get_category_meta(client, 77723)
    assert isinstance(meta, CategoryMeta)
    assert meta.is_allow_single_item is True
    assert meta.attributes
    first = meta.attributes[0]
    assert first.attribute_type_name == "수량"
    assert first.data_type is AttributeDataType.NUMBER
    assert first.exposed is AttributeExposure.EXPOSED
    assert meta.purchase_options == ["수량"]
    assert meta.mandatory_attributes == []
    notice = meta.notice("자동차용품(자동차부품/기타 자동차용품)")
    assert notice is not None
    assert [d.notice_category_detail_name for d in notice.notice_category_detail_names or ()] == [
        "품명 및 모델명",
        "출시년월",
        "KC 인증 필 유무",
    ]
    assert meta.notice("없는 고시") is None
    assert OfferCondition.NEW in (meta.allowed_offer_conditions or [])
    assert meta.is_expiration_date_required_for_rocket_growth is False
    assert fake.requests[0].path == f"{META}/display-category-codes/77723"


async def test_mandatory_attributes_of_a_food_category(client: CoupangClient) -> None:
    """Bottled water (59258) requires volume and count: mandatory_attributes lists them."""
    meta = await categories.get_category_meta(client, 59258)
    assert sorted(meta.mandatory_attributes) == sorted(["개당 용량", "수량"])
    assert meta.is_expiration_date_required_for_rocket_growth is True


async def test_unknown_category_is_a_bad_request(client: CoupangClient) -> None:
    """A category Coupang does not know answers 400 with its Korean message."""
    with pytest.raises(BadRequestError, match="존재하지 않는 카테고리"):
        await categories.get_category_meta(client, 1)


@pytest.mark.parametrize("code", [0, -1, "77723", 77723.0, True, None])
async def test_bad_category_codes(fake: FakeCoupang, client: CoupangClient, code: Any) -> None:
    """A code that is not a positive int is refused before sending."""
    with pytest.raises(InvalidInputError) as info:
        await categories.get_category_meta(client, code)
    assert info.value.field == "display_category_code"
    assert len(fake.requests) == 0


async def test_recommendation_succeeds(fake: FakeCoupang, client: CoupangClient) -> None:
    """A recognisable name gets SUCCESS and a category id usable for the meta call."""
    prediction = await categories.recommend_category(
        client, "차량용 휴대폰 거치대", brand="페이크", attributes={"색상": "검정"}
    )
    assert prediction.result_type is PredictionResult.SUCCESS
    assert prediction.succeeded
    assert prediction.predicted_category_id == 77723
    assert prediction.predicted_category_name == "차량용 휴대폰 거치대"
    meta = await categories.get_category_meta(client, prediction.predicted_category_id)
    assert meta.attributes
    assert fake.requests[0].json() == {
        "productName": "차량용 휴대폰 거치대",
        "brand": "페이크",
        "attributes": {"색상": "검정"},
    }


async def test_recommendation_without_a_match(client: CoupangClient) -> None:
    """An unrecognisable name is a normal answer with INSUFFICIENT_INFORMATION, not an error."""
    prediction = await categories.recommend_category(client, "무엇인지 모를 물건")
    assert prediction.result_type is PredictionResult.INSUFFICIENT_INFORMATION
    assert not prediction.succeeded
    assert prediction.predicted_category_id is None
    assert prediction.comment


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        (("",), {}, "product_name"),
        (("  ",), {}, "product_name"),
        ((None,), {}, "product_name"),
        (("코트",), {"brand": 1}, "brand"),
        (("코트",), {"product_description": b"x"}, "product_description"),
        (("코트",), {"seller_sku_code": 123}, "seller_sku_code"),
        (("코트",), {"attributes": {"색상": 1}}, "attributes"),
        (("코트",), {"attributes": [("색상", "베이지")]}, "attributes"),
    ],
)
async def test_bad_recommendation_arguments(
    fake: FakeCoupang,
    client: CoupangClient,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    field: str,
) -> None:
    """Bad names, texts and attributes are refused before sending, naming the argument."""
    with pytest.raises(InvalidInputError) as info:
        await categories.recommend_category(client, *args, **kwargs)
    assert info.value.field == field
    assert len(fake.requests) == 0


async def test_reference_samples_on_the_wire() -> None:
    """The §6.2 request sample is sent byte for byte; §6.1 and §6.2 responses decode losslessly."""
    request_sample = (DATA / "ref_6_2_predict_request.json").read_text(encoding="utf-8")
    predict_body = json.loads((DATA / "ref_6_2_predict.json").read_text(encoding="utf-8"))
    meta_body = json.loads((DATA / "ref_6_1_category_meta.json").read_text(encoding="utf-8"))
    fields = json.loads(request_sample)
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        predict = router.post(PREDICT).mock(return_value=httpx.Response(200, json=predict_body))
        meta_route = router.get(f"{META}/display-category-codes/63950").mock(
            return_value=httpx.Response(200, json=meta_body)
        )
        async with make_client() as client:
            prediction = await categories.recommend_category(
                client,
                fields["productName"],
                product_description=fields["productDescription"],
                brand=fields["brand"],
                attributes=fields["attributes"],
                seller_sku_code=fields["sellerSkuCode"],
            )
            code = prediction.predicted_category_id
            assert isinstance(code, int)
            meta = await categories.get_category_meta(client, code)
    sent = predict.calls.last.request
    assert sent.content == orjson.dumps(fields)
    assert list(json.loads(sent.content)) == list(fields)  # the sample's key order
    assert sent.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert verify_on_server(sent.url.raw_path, "POST", sent.headers["Authorization"])
    get = meta_route.calls.last.request
    assert verify_on_server(get.url.raw_path, "GET", get.headers["Authorization"])
    assert converter.unstructure(prediction) == predict_body["data"]
    assert prediction.predicted_category_id == 63950
    assert converter.unstructure(meta) == meta_body["data"]
    assert meta.required_documents
    assert meta.required_documents[1].required is Requirement.MANDATORY_PARALLEL_IMPORTED
    assert meta.certifications
    assert meta.certifications[2].required is Requirement.RECOMMEND


# --- category status ------------------------------------------------------------------------------

STATUS = "/v2/providers/seller_api/apis/api/v1/marketplace/meta/display-categories"


async def test_category_status_of_a_known_category(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A category of the fake's table is usable; the request is the documented GET."""
    assert await categories.get_category_status(client, 77723) is True
    [request] = fake.requests
    assert (request.method, request.path) == ("GET", f"{STATUS}/77723/status")


async def test_category_status_of_an_unknown_category(client: CoupangClient) -> None:
    """An unknown code is the gateway's 400, as for the meta."""
    with pytest.raises(BadRequestError):
        await categories.get_category_status(client, 1)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"code": "SUCCESS", "message": "", "data": True}, True),  # the current sample
        ({"code": "SUCCESS", "message": "", "data": False}, False),
        # the 2019 sample: nested envelope, the boolean as text
        ({"code": "200", "message": "", "data": {"code": "SUCCESS", "data": "true"}}, True),
        ({"code": "SUCCESS", "data": "false"}, False),
    ],
)
async def test_category_status_samples(body: dict[str, Any], expected: bool) -> None:
    """true and "true" (either envelope) are True; false and "false" are False."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        router.get(f"{STATUS}/58896/status").mock(return_value=httpx.Response(200, json=body))
        async with make_client(requests_per_second=None) as client:
            assert await categories.get_category_status(client, 58896) is expected


@pytest.mark.parametrize("data", [None, "yes", 1, {}, []])
async def test_category_status_that_is_not_a_boolean(data: object) -> None:
    """Anything but true/false is a ResponseValidationError naming $.data."""
    body = {"code": "SUCCESS", "data": data}
    with respx.mock(base_url=BASE_URL) as router:
        router.get(f"{STATUS}/58896/status").mock(return_value=httpx.Response(200, json=body))
        async with make_client(requests_per_second=None) as client:
            with pytest.raises(ResponseValidationError, match=r"\$\.data"):
                await categories.get_category_status(client, 58896)
