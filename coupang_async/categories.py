"""Category meta, category status and category recommendation.

```python
from coupang_async import categories

prediction = await categories.recommend_category(client, "코데즈컴바인 양트임싱글코트")
if prediction.succeeded:
    meta = await categories.get_category_meta(client, prediction.predicted_category_id)
    print(meta.mandatory_attributes, [n.notice_category_name for n in meta.notice_categories or ()])
```

* `get_category_meta`: what a display category requires of a product (attributes, notices,
  documents, certifications, offer conditions); build the create body to match it.
  `GET /v2/providers/seller_api/apis/api/v1/marketplace/meta/category-related-metas/
  display-category-codes/{displayCategoryCode}` (``{"code": "SUCCESS", "data": {...}}``).
* `get_category_status`: whether a display category can be used for products now (only leaf
  categories in service can).
  `GET /v2/providers/seller_api/apis/api/v1/marketplace/meta/display-categories/
  {displayCategoryCode}/status` (``{"code": "SUCCESS", "data": true}``; older answers send
  ``"true"`` as text).
* `recommend_category`: Coupang's category prediction for a product name (and optionally its
  description, brand, attributes and SKU).
  `POST /v2/providers/openapi/apis/api/v1/categorization/predict` (``{"code": 200, "data":
  {...}}``). A prediction that did not succeed (``FAILURE``, ``INSUFFICIENT_INFORMATION``) is a
  normal answer, not an exception: check `CategoryPrediction.succeeded`. Being a POST it is not
  retried after a 5xx or a timeout (the client's rule for POST); call it again if you need to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from coupang_async._envelope import Envelope
from coupang_async._errors import InvalidInputError, ResponseValidationError
from coupang_async._operation import Operation
from coupang_async._validate import check_positive_id, describe
from coupang_async.models.categories import CategoryMeta, CategoryPrediction

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

__all__ = ["get_category_meta", "get_category_status", "recommend_category"]

_META: Final = "/v2/providers/seller_api/apis/api/v1/marketplace/meta"

# The operations of this module (the tests walk every declared operation).
_GET_CATEGORY_META: Final = Operation(
    "categories.get_category_meta",
    "GET",
    f"{_META}/category-related-metas/display-category-codes/{{display_category_code}}",
    returns=CategoryMeta,
)
_GET_CATEGORY_STATUS: Final = Operation(
    "categories.get_category_status",
    "GET",
    f"{_META}/display-categories/{{display_category_code}}/status",
    returns=Envelope,
)
_RECOMMEND_CATEGORY: Final = Operation(
    "categories.recommend_category",
    "POST",
    "/v2/providers/openapi/apis/api/v1/categorization/predict",
    returns=CategoryPrediction,
)


async def get_category_meta(client: CoupangClient, display_category_code: int) -> CategoryMeta:
    """What the display category requires of a product.

    `GET /v2/providers/seller_api/apis/api/v1/marketplace/meta/category-related-metas/`
    `display-category-codes/{displayCategoryCode}`

    Args:
        client: the client.
        display_category_code: the category (e.g. 77723; a product's ``displayCategoryCode``).

    Returns:
        The `CategoryMeta` (lossless: unknown keys kept in ``extra``).

    Raises:
        InvalidInputError: the code is not a positive int; nothing is sent.
        BadRequestError: Coupang does not know the category.
    """
    code = check_positive_id("display_category_code", display_category_code)
    return await client._call(_GET_CATEGORY_META, code)


async def get_category_status(client: CoupangClient, display_category_code: int) -> bool:
    """Whether products can be registered in the display category now.

    `GET /v2/providers/seller_api/apis/api/v1/marketplace/meta/display-categories/`
    `{displayCategoryCode}/status`

    Args:
        client: the client.
        display_category_code: the category (e.g. 77723).

    Returns:
        True when the category is usable, False when Coupang says it is not.

    Raises:
        InvalidInputError: the code is not a positive int; nothing is sent.
        BadRequestError: Coupang does not know the code, or it is not a leaf category (its
            message lists the leaf categories below it).
        ResponseValidationError: the answer is neither true nor false.
    """
    code = check_positive_id("display_category_code", display_category_code)
    envelope = await client._call(_GET_CATEGORY_STATUS, code)
    data = envelope.data
    if isinstance(data, str):  # older answers send the boolean as text
        data = {"true": True, "false": False}.get(data.strip().lower(), data)
    if not isinstance(data, bool):
        raise ResponseValidationError(
            "the response does not fit a category status",
            errors=[f"expected true or false, got {describe(data)} @ $.data"],
            body=envelope.body,
            response=envelope.response,
        )
    return data


def _optional_text(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(name, f"must be a str or None, not {describe(value)}", value=value)
    return value


def _required_text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(
            name, f"must be a non-empty str, not {describe(value)}", value=value
        )
    return value


def _attributes(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidInputError(
            "attributes",
            f"must map attribute names to values (str to str), not {describe(value)}",
            value=value,
        )
    return dict(value)


async def recommend_category(
    client: CoupangClient,
    product_name: str,
    *,
    product_description: str | None = None,
    brand: str | None = None,
    attributes: Mapping[str, str] | None = None,
    seller_sku_code: str | None = None,
) -> CategoryPrediction:
    """Ask Coupang which display category fits a product.

    `POST /v2/providers/openapi/apis/api/v1/categorization/predict`

    Args:
        client: the client.
        product_name: the product's name (required; the more specific, the better).
        product_description: free text about the product.
        brand: the brand.
        attributes: attribute name → value, e.g. ``{"색상": "베이지,네이비", "제조국": "한국"}``.
        seller_sku_code: the seller's own code for the product.

    Returns:
        The `CategoryPrediction`; ``predicted_category_id`` is the displayCategoryCode to use
        when `CategoryPrediction.succeeded`.

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    # Keys in the order of Coupang's request sample.
    body: dict[str, Any] = {"productName": _required_text("product_name", product_name)}
    description = _optional_text("product_description", product_description)
    if description is not None:
        body["productDescription"] = description
    brand_text = _optional_text("brand", brand)
    if brand_text is not None:
        body["brand"] = brand_text
    if attributes is not None:
        body["attributes"] = _attributes(attributes)
    sku = _optional_text("seller_sku_code", seller_sku_code)
    if sku is not None:
        body["sellerSkuCode"] = sku
    return await client._call(_RECOMMEND_CATEGORY, json=body)
