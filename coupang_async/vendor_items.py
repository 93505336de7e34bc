"""Per-option (vendor item) stock, price and sale status.

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

from typing import TYPE_CHECKING, Final

from coupang_async._operation import Operation
from coupang_async._validate import (
    MAX_QUANTITY,
    check_bool,
    check_on_sale,
    check_price,
    check_quantity,
    check_vendor_item_id,
)
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

_PREFIX: Final = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/{vendor_item_id}"
_NONE = type(None)

# The operations of this module (the tests walk every declared operation).
_GET_INVENTORY: Final = Operation(
    "vendor_items.get_inventory", "GET", f"{_PREFIX}/inventories", returns=VendorItemInventory
)
_UPDATE_PRICE: Final = Operation(
    "vendor_items.update_price", "PUT", f"{_PREFIX}/prices/{{price}}", returns=_NONE
)
_UPDATE_QUANTITY: Final = Operation(
    "vendor_items.update_quantity", "PUT", f"{_PREFIX}/quantities/{{quantity}}", returns=_NONE
)
_UPDATE_ORIGINAL_PRICE: Final = Operation(
    "vendor_items.update_original_price",
    "PUT",
    f"{_PREFIX}/original-prices/{{price}}",
    returns=_NONE,
)
_STOP_SALES: Final = Operation(
    "vendor_items.stop_sales", "PUT", f"{_PREFIX}/sales/stop", returns=_NONE
)
_RESUME_SALES: Final = Operation(
    "vendor_items.resume_sales", "PUT", f"{_PREFIX}/sales/resume", returns=_NONE
)

# The checks under their former names (coupang_async.bulk imports them from here).
_check_vendor_item_id = check_vendor_item_id
_check_price = check_price
_check_quantity = check_quantity
_check_on_sale = check_on_sale


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
    return await client._call(_GET_INVENTORY, check_vendor_item_id(vendor_item_id))


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
    vid = check_vendor_item_id(vendor_item_id)
    value = check_price(price)
    query = {"forceSalePriceUpdate": "true"} if check_bool("force", force) else None
    await client._call(_UPDATE_PRICE, vid, value, query=query)


async def update_quantity(client: CoupangClient, vendor_item_id: int, quantity: int) -> None:
    """Set the stock level of one vendor item.

    `PUT …/vendor-items/{vendorItemId}/quantities/{quantity}`

    Raises:
        InvalidInputError: a bad id, or a quantity outside 0..99999 (nothing sent).
    """
    vid = check_vendor_item_id(vendor_item_id)
    await client._call(_UPDATE_QUANTITY, vid, check_quantity(quantity))


async def update_original_price(client: CoupangClient, vendor_item_id: int, price: int) -> None:
    """Set the original price (the crossed-out reference price of the discount) of one item.

    `PUT …/vendor-items/{vendorItemId}/original-prices/{originalPrice}`

    Args:
        price: in won, a multiple of 10 from 0.

    Raises:
        InvalidInputError: a bad id or price (nothing sent).
    """
    vid = check_vendor_item_id(vendor_item_id)
    await client._call(_UPDATE_ORIGINAL_PRICE, vid, check_price(price, allow_zero=True))


async def stop_sales(client: CoupangClient, vendor_item_id: int) -> None:
    """Stop selling one vendor item.

    `PUT …/vendor-items/{vendorItemId}/sales/stop`

    Raises:
        InvalidInputError: a bad id (nothing sent).
    """
    await client._call(_STOP_SALES, check_vendor_item_id(vendor_item_id))


async def resume_sales(client: CoupangClient, vendor_item_id: int) -> None:
    """Resume selling one vendor item.

    `PUT …/vendor-items/{vendorItemId}/sales/resume`

    Raises:
        InvalidInputError: a bad id (nothing sent).
    """
    await client._call(_RESUME_SALES, check_vendor_item_id(vendor_item_id))
