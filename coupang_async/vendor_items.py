"""Per-option (vendor item) stock, price and sale status (DESIGN.md §6, reference §5.12).

```python
from coupang_async import vendor_items

inventory = await vendor_items.get_inventory(client, 3000000000)
await vendor_items.update_price(client, 3000000000, 32_000)               # 10-won units
await vendor_items.update_price(client, 3000000000, 99_000, force=True)   # beyond -50 %..+100 %
await vendor_items.update_quantity(client, 3000000000, 120)
await vendor_items.update_original_price(client, 3000000000, 40_000)
await vendor_items.stop_sales(client, 3000000000)
await vendor_items.resume_sales(client, 3000000000)
```

Every write sets an absolute value (a price, a stock level, a sale status), so sending it twice
has the same effect as sending it once: the client's retries of PUTs after 5xx answers and
timeouts are safe, and so is re-running a batch of failed updates (see `coupang_async.bulk`).

Paths live under `/v2/providers/seller_api/apis/api/v1/marketplace` (written `…` below).

Arguments are checked before anything is sent; a bad one raises `InvalidInputError` naming it:
ids are positive ints, prices positive multiples of 10 won (Coupang rejects 1-won units),
original prices multiples of 10 from 0, quantities 0..99999. `bool` is never accepted as a
number. Coupang's own guard on sale prices (a change may lower the price by at most 50 % and
raise it by at most 100 % unless `force=True`) needs the current price, so it is left to the
gateway, which answers `BadRequestError` with its Korean message.

Many sellers manage thousands of options at once; for that use `coupang_async.bulk`, which
paces, never sends two writes for one option at once, and reports one result per update.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupang_async._errors import InvalidInputError
from coupang_async._validate import check_int_range, check_positive_id, describe, is_int
from coupang_async.models.products import VendorItemInventory

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

__all__ = [
    "MAX_QUANTITY",
    "get_inventory",
    "resume_sales",
    "stop_sales",
    "update_original_price",
    "update_price",
    "update_quantity",
]

_PREFIX = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items"

#: The largest stock level accepted (the seller UI and API refuse more).
MAX_QUANTITY = 99_999


# -- argument checks (also used by coupang_async.bulk and the CLI) ------------------------------


def _check_vendor_item_id(value: object, field: str = "vendor_item_id") -> int:
    """`value` if it is a positive int, else `InvalidInputError` naming `field`."""
    return check_positive_id(field, value)


def _check_price(value: object, field: str = "price", *, allow_zero: bool = False) -> int:
    """`value` if it is a positive (or, for original prices, zero) multiple of 10 won."""
    if not is_int(value):
        raise InvalidInputError(
            field, f"must be an int number of won, not {describe(value)}", value=value
        )
    if value < 0 or (value == 0 and not allow_zero):
        bound = "zero or more" if allow_zero else "positive"
        raise InvalidInputError(field, f"must be {bound}, got {value}", value=value)
    if value % 10:
        raise InvalidInputError(
            field,
            f"must be in 10-won units (Coupang rejects 1-won units), got {value}",
            value=value,
        )
    return value


def _check_quantity(value: object, field: str = "quantity") -> int:
    """`value` if it is an int stock level in 0..MAX_QUANTITY."""
    return check_int_range(field, value, 0, MAX_QUANTITY)


def _check_on_sale(value: object, field: str = "on_sale") -> bool:
    """`value` if it is a bool (True = on sale / resume, False = stopped)."""
    if not isinstance(value, bool):
        raise InvalidInputError(field, f"must be True or False, not {describe(value)}", value=value)
    return value


# -- endpoints -----------------------------------------------------------------------------------


async def get_inventory(client: CoupangClient, vendor_item_id: int) -> VendorItemInventory:
    """Read the stock, sale price and sale status of one vendor item.

    `GET …/vendor-items/{vendorItemId}/inventories`

    Returns:
        The lossless `VendorItemInventory` (`seller_item_id`, `amount_in_stock`, `sale_price`,
        `on_sale`; unknown keys kept).

    Raises:
        InvalidInputError: `vendor_item_id` is not a positive int (nothing sent).
        ResponseValidationError: the answer does not fit the model (the errors name the path).
        APIError: and subclasses, as for every call.
    """
    vid = _check_vendor_item_id(vendor_item_id)
    envelope = await client._request_envelope("GET", f"{_PREFIX}/{vid}/inventories")
    inventory: VendorItemInventory = envelope.structure(VendorItemInventory)
    return inventory


async def update_price(
    client: CoupangClient, vendor_item_id: int, price: int, *, force: bool = False
) -> None:
    """Set the sale price of one vendor item.

    `PUT …/vendor-items/{vendorItemId}/prices/{price}`

    Args:
        price: the new sale price in won, a positive multiple of 10.
        force: send `forceSalePriceUpdate=true`, lifting Coupang's guard that a change may lower
            the price by at most 50 % and raise it by at most 100 %.

    Raises:
        InvalidInputError: a bad id or price (nothing sent).
        BadRequestError: e.g. the change is outside -50 %..+100 % without `force`, or the item
            was deleted (Coupang's message says which).
    """
    vid = _check_vendor_item_id(vendor_item_id)
    value = _check_price(price)
    if not isinstance(force, bool):
        raise InvalidInputError("force", f"must be True or False, not {describe(force)}")
    params = {"forceSalePriceUpdate": "true"} if force else None
    await client._request_envelope("PUT", f"{_PREFIX}/{vid}/prices/{value}", params=params)


async def update_quantity(client: CoupangClient, vendor_item_id: int, quantity: int) -> None:
    """Set the stock level of one vendor item.

    `PUT …/vendor-items/{vendorItemId}/quantities/{quantity}`

    Raises:
        InvalidInputError: a bad id, or a quantity outside 0..99999 (nothing sent).
    """
    vid = _check_vendor_item_id(vendor_item_id)
    value = _check_quantity(quantity)
    await client._request_envelope("PUT", f"{_PREFIX}/{vid}/quantities/{value}")


async def update_original_price(client: CoupangClient, vendor_item_id: int, price: int) -> None:
    """Set the original price (the crossed-out reference price of the discount) of one item.

    `PUT …/vendor-items/{vendorItemId}/original-prices/{originalPrice}`

    Args:
        price: in won, a multiple of 10 from 0.

    Raises:
        InvalidInputError: a bad id or price (nothing sent).
    """
    vid = _check_vendor_item_id(vendor_item_id)
    value = _check_price(price, allow_zero=True)
    await client._request_envelope("PUT", f"{_PREFIX}/{vid}/original-prices/{value}")


async def stop_sales(client: CoupangClient, vendor_item_id: int) -> None:
    """Stop selling one vendor item.

    `PUT …/vendor-items/{vendorItemId}/sales/stop`

    Raises:
        InvalidInputError: a bad id (nothing sent).
    """
    vid = _check_vendor_item_id(vendor_item_id)
    await client._request_envelope("PUT", f"{_PREFIX}/{vid}/sales/stop")


async def resume_sales(client: CoupangClient, vendor_item_id: int) -> None:
    """Resume selling one vendor item.

    `PUT …/vendor-items/{vendorItemId}/sales/resume`

    Raises:
        InvalidInputError: a bad id (nothing sent).
    """
    vid = _check_vendor_item_id(vendor_item_id)
    await client._request_envelope("PUT", f"{_PREFIX}/{vid}/sales/resume")
