"""The round-trip law on every documented sample body, and what the typed models hold."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import attrs
import orjson
import pytest

from coupang_async.models import (
    MISSING,
    DeliveryChargeType,
    ImageType,
    Product,
    ProductItem,
    ProductStatus,
    ProductSummary,
    StatusHistoryEntry,
    TaxType,
    VendorItemInventory,
    converter,
    unknown_keys,
)
from tests.models._model_samples import SAMPLES, differences, load, model_type

SAMPLE_NAMES = sorted(SAMPLES)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_round_trip_law(name: str) -> None:
    """unstructure(structure(payload)) == payload for every documented sample."""
    payload = load(name)
    assert converter.unstructure(converter.structure(payload, model_type(name))) == payload


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_round_trip_keeps_json_types(name: str) -> None:
    """The trip back keeps JSON types too: "100" stays a string, 13000.0 stays a float."""
    payload = load(name)
    back = converter.unstructure(converter.structure(payload, model_type(name)))
    assert differences(back, payload) == []
    assert orjson.dumps(back, option=orjson.OPT_SORT_KEYS) == orjson.dumps(
        payload, option=orjson.OPT_SORT_KEYS
    )


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_models_know_every_documented_field(name: str) -> None:
    """No documented field ends up in `extra`: the models cover the reference and the seeds."""
    assert unknown_keys(converter.structure(load(name), model_type(name))) == []


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_structure_of_unstructure_is_identity(name: str) -> None:
    """Structuring the unstructured model again gives an equal model."""
    tp = model_type(name)
    model = converter.structure(load(name), tp)
    assert converter.structure(converter.unstructure(model), tp) == model


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_round_trip_survives_copy_and_pickle(name: str) -> None:
    """Copies and pickles keep the raw wire form, so their round trip is exact too."""
    payload = load(name)
    model = converter.structure(payload, model_type(name))
    pickled = pickle.loads(pickle.dumps(model))  # noqa: S301 - our own bytes
    for clone in (copy.copy(model), copy.deepcopy(model), pickled):
        assert clone == model
        assert differences(converter.unstructure(clone), payload) == []


def test_get_product_fields_are_typed() -> None:
    """GET product's decimals become ints, enums become members, booleans stay booleans."""
    product = converter.structure(load("ref_5_2_get_product.json"), Product)
    assert product.seller_product_id == 152620911
    assert product.status is ProductStatus.SAVED
    assert product.delivery_charge_type is DeliveryChargeType.FREE_DELIVERY_OVER_9800
    assert product.delivery_charge == 2500
    assert type(product.delivery_charge) is int
    assert product.product_id is None
    assert product.extra_info_message is None
    assert product.required_documents == []
    item = (product.items or [])[0]
    assert type(item.sale_price) is int
    assert item.sale_price == 10000
    assert item.original_price == 13000
    assert item.vendor_item_id is None
    assert item.supply_price == 8570.0
    assert item.tax_type is TaxType.TAX
    assert item.best_price_guaranteed_3p is False
    assert item.extra_properties == {
        "transactionType": "manufacturer",
        "onlineSalePriceForBooks": "10000",
        "coupangSalePrice": "5000",
        "businessType": "Beauty",
    }
    assert [i.image_type for i in item.images or ()] == [
        ImageType.REPRESENTATION,
        ImageType.USED_PRODUCT,
        ImageType.USED_PRODUCT,
    ]


def test_create_sample_strings_become_python_types() -> None:
    """The create sample's "100" / "false" / "74010" are an int, a bool and an int in Python."""
    product = converter.structure(load("ref_5_1_create_product.json"), Product)
    item = (product.items or [])[0]
    assert product.outbound_shipping_place_code == 74010
    assert item.maximum_buy_count == 100
    assert item.maximum_buy_for_person == 0
    assert item.pcc_needed is False
    assert item.attributes is not MISSING
    # Absent stays absent: the create body has no vendorItemId and no `exposed` on attributes.
    assert item.vendor_item_id is MISSING
    assert all(a.exposed is MISSING for a in item.attributes or ())
    assert "vendorItemId" not in converter.unstructure(item)


def test_rocket_growth_listing_items() -> None:
    """Listing items expose their marketplace and Rocket Growth ids (null where not sold)."""
    (rocket,) = converter.structure(load("seed_004_list_rocket_growth.json"), list[ProductSummary])
    (hybrid,) = converter.structure(load("seed_004_list_hybrid.json"), list[ProductSummary])
    rocket_item = (rocket.items or [])[0]
    assert rocket_item.market_place_item is None
    assert rocket_item.rocket_growth_item
    assert rocket_item.rocket_growth_item.vendor_item_id == 123333333
    assert rocket.status is ProductStatus.DENIED
    assert rocket.registration_type == "RFM"
    assert hybrid.status is ProductStatus.APPROVED
    assert hybrid.find_item(vendor_item_id=72300272940) is (hybrid.items or [])[0]
    assert hybrid.find_item(vendor_item_id=1) is None


def test_status_history_reads_status_key() -> None:
    """History entries read the samples' `status` key as the Korean status label."""
    entries = converter.structure(load("ref_5_9_status_history.json"), list[StatusHistoryEntry])
    assert [e.status for e in entries][:2] == [ProductStatus.APPROVING, ProductStatus.APPROVING]
    assert entries[-1].status is ProductStatus.SAVED
    assert entries[-2].status == "승인요청"  # a workflow step, not a product status: kept as is


def test_inventory_price_as_decimal_is_an_int() -> None:
    """An inventory sale price sent as a decimal (SDK: Double) is an int and goes back as sent."""
    payload = {"sellerItemId": 3000000000, "amountInStock": 0, "salePrice": 32000.0, "onSale": True}
    inventory = converter.structure(payload, VendorItemInventory)
    assert type(inventory.sale_price) is int
    assert differences(converter.unstructure(inventory), payload) == []


def test_ids_with_eighteen_digits_and_padding() -> None:
    """18-digit ids, also sent as strings with padding, are exact ints and go back as sent."""
    payload = {"sellerProductId": " 123456789012345678", "productId": 987654321098765432}
    summary = converter.structure(payload, ProductSummary)
    assert summary.seller_product_id == 123456789012345678
    assert summary.product_id == 987654321098765432
    assert differences(converter.unstructure(summary), payload) == []


def test_find_item() -> None:
    """Product.find_item matches every given criterion and needs at least one."""
    product = converter.structure(load("seed_000_update_product.json"), Product)
    second = (product.items or [])[1]
    assert product.find_item(seller_product_item_id=769536472) is second
    assert product.find_item(item_name="200ml_2개", external_vendor_sku="0001") is second
    assert product.find_item(item_name="200ml_2개", external_vendor_sku="nope") is None
    with pytest.raises(TypeError):
        product.find_item()


def test_models_construct_and_evolve() -> None:
    """Models are plain attrs classes: keyword construction, evolve and == work."""
    item = ProductItem(item_name="빨강", sale_price=12000)
    assert converter.unstructure(item) == {"itemName": "빨강", "salePrice": 12000}
    assert attrs.evolve(item, sale_price=13000).sale_price == 13000
    assert item == ProductItem(item_name="빨강", sale_price=12000)
    assert item != ProductItem(item_name="빨강", sale_price=12000, extra={"x": 1})


def test_repr_shows_present_fields_only() -> None:
    """repr lists the present fields (and extra when not empty), not the MISSING ones."""
    item = converter.structure({"itemName": "A", "vendorItemId": None, "zz": 1}, ProductItem)
    assert repr(item) == "ProductItem(extra={'zz': 1}, vendor_item_id=None, item_name='A')"
    assert repr(MISSING) == "MISSING"
    assert not MISSING


def test_unknown_keys_lists_paths() -> None:
    """unknown_keys names where the payload had keys the models lack."""
    payload: dict[str, Any] = {"items": [{"itemName": "A", "newKey": 1}], "rocketGrowthInfo": {}}
    assert unknown_keys(converter.structure(payload, Product)) == [
        "$.items[0].newKey",
        "$.rocketGrowthInfo",
    ]


def test_unknown_keys_are_copied_and_kept_in_order() -> None:
    """Unknown keys keep their wire order and are copies, not views of the payload."""
    payload: dict[str, Any] = {"b": {"x": [1]}, "itemName": "A", "a": 2, "salePrice": 5, "c": None}
    item = converter.structure(payload, ProductItem)
    assert list(item.extra) == ["b", "a", "c"]
    payload["b"]["x"].append(2)
    assert item.extra["b"] == {"x": [1]}
    assert list(converter.unstructure(item)) == ["itemName", "salePrice", "b", "a", "c"]
