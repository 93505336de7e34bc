"""get → change → update: an edit changes exactly the edited key of the payload."""

from __future__ import annotations

import attrs

from coupang_async.models import MISSING, Image, Maybe, Product, ProductItem, TaxType, converter
from tests.models._model_samples import differences, load


def _product(name: str = "ref_5_2_get_product.json") -> Product:
    return converter.structure(load(name), Product)


def _items(product: Product) -> list[ProductItem]:
    assert isinstance(product.items, list)
    return product.items


def test_editing_one_price_changes_exactly_that_key() -> None:
    """Changing one option's sale price changes only items[0].salePrice of the payload."""
    original = load("ref_5_2_get_product.json")
    product = _product()
    _items(product)[0].sale_price = 12000
    changed = converter.unstructure(product)
    assert differences(changed, original) == ["$.items[0].salePrice"]
    assert changed["items"][0]["salePrice"] == 12000
    assert changed["items"][0]["originalPrice"] == 13000.0  # untouched: still as sent


def test_setting_the_same_value_changes_nothing() -> None:
    """Assigning the value a field already has keeps the wire spelling (13000.0 stays a float)."""
    original = load("ref_5_2_get_product.json")
    product = _product()
    _items(product)[0].original_price = 13000
    assert differences(converter.unstructure(product), original) == []


def test_evolve_keeps_the_wire_form() -> None:
    """An option replaced by attrs.evolve changes only the evolved key."""
    original = load("ref_5_2_get_product.json")
    product = _product()
    items = _items(product)
    items[0] = attrs.evolve(items[0], tax_type=TaxType.FREE)
    assert differences(converter.unstructure(product), original) == ["$.items[0].taxType"]
    assert converter.unstructure(product)["items"][0]["taxType"] == "FREE"


def test_editing_a_count_sent_as_string() -> None:
    """Where counts were sent as strings, an edited count is written as a number, others as sent."""
    original = load("seed_000_update_product.json")
    product = _product("seed_000_update_product.json")
    _items(product)[1].maximum_buy_count = 50
    changed = converter.unstructure(product)
    assert differences(changed, original) == ["$.items[1].maximumBuyCount"]
    assert changed["items"][1]["maximumBuyCount"] == 50
    assert changed["items"][0]["maximumBuyCount"] == "100"


def test_in_place_list_edit_is_a_change() -> None:
    """Appending a search tag changes only that option's searchTags."""
    original = load("ref_5_2_get_product.json")
    product = _product()
    tags = _items(product)[0].search_tags
    assert isinstance(tags, list)
    tags.append("검색어3")
    assert differences(converter.unstructure(product), original) == ["$.items[0].searchTags"]
    assert original["items"][0]["searchTags"] == [
        "검색어1",
        "검색어2",
    ]  # the payload is not aliased


def test_null_and_absent_are_distinct_edits() -> None:
    """None writes null, MISSING removes the key."""
    product = _product()
    product.brand = None
    product.manufacture = MISSING
    changed = converter.unstructure(product)
    assert changed["brand"] is None
    assert "manufacture" not in changed
    assert differences(changed, load("ref_5_2_get_product.json")) == ["$.brand", "$.manufacture"]


def test_adding_an_option_and_an_image() -> None:
    """A new option built in Python is written canonically, the old ones as they were."""
    original = load("ref_5_2_get_product.json")
    product = _product()
    new = ProductItem(item_name="[Stchodo] 55", original_price=13000, sale_price=11000)
    _items(product).append(new)
    images = _items(product)[0].images
    assert isinstance(images, list)
    images.append(Image(image_order=3, image_type="DETAIL", vendor_path="http://x.invalid/a.jpg"))
    changed = converter.unstructure(product)
    assert differences(changed, original) == ["$.items"]
    assert changed["items"][:1] != original["items"][:1]
    assert differences(changed["items"][0], original["items"][0]) == ["$.images"]
    assert changed["items"][0]["images"][:3] == original["items"][0]["images"]
    assert changed["items"][1] == {
        "itemName": "[Stchodo] 55",
        "originalPrice": 13000,
        "salePrice": 11000,
    }


def test_extra_edits_are_written() -> None:
    """Unknown keys are data too: edits to `extra` are written back."""
    payload = {"itemName": "A", "futureField": {"a": 1}}
    item = converter.structure(payload, ProductItem)
    item.extra["futureField"]["a"] = 2
    item.extra["another"] = True
    assert converter.unstructure(item) == {
        "itemName": "A",
        "futureField": {"a": 2},
        "another": True,
    }


def test_a_set_field_wins_over_an_extra_with_its_key() -> None:
    """When a hand edit puts a known key into `extra`, the typed field is what is written."""
    item = ProductItem(sale_price=10, extra={"salePrice": 99, "other": 1})
    assert converter.unstructure(item) == {"salePrice": 10, "other": 1}
    item.sale_price = MISSING
    assert converter.unstructure(item) == {"salePrice": 99, "other": 1}


def test_unstructured_output_never_aliases_the_model() -> None:
    """Mutating an unstructured payload (extras, Any values, raw values) leaves the model as is."""
    payload = {
        "itemName": "A",
        "maximumBuyCount": "100",
        "extraProperties": {"nested": {"a": [1]}},
        "searchTags": ["a", 1],
        "futureField": {"b": [2]},
    }
    item = converter.structure(payload, ProductItem)
    first = converter.unstructure(item)
    first["extraProperties"]["nested"]["a"].append(9)
    first["searchTags"].append("z")
    first["futureField"]["b"].append(9)
    assert converter.unstructure(item) == payload


def test_subclass_instances_keep_their_own_fields() -> None:
    """An option of a subclass appended to a product is written with the subclass's fields."""

    @attrs.define(kw_only=True, repr=False)
    class TaggedItem(ProductItem):
        internal_tag: Maybe[str] = MISSING

    product = _product()
    _items(product).append(TaggedItem(item_name="B", internal_tag="t1"))
    assert converter.unstructure(product)["items"][1] == {"itemName": "B", "internalTag": "t1"}
