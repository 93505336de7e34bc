"""Outbound shipping places (출고지) and return centers (반품지), and their page envelope.

Wire facts: reference/coupang-api.md §6.3 (outbound places: bare ``{content, pagination}``, the
current and the 2019 sample), §6.4 (return centers: ``data.content``). Lossless per the recipe in
`coupang_async._converter`.

* `RemoteInfo` reads ``jeju`` / ``notJeju`` (what the samples send) and the spec's ``jejuFee`` /
  ``notJejuFee``, writing back the key it read.
* `ReturnCenter.created_at` is epoch milliseconds (an ``int``; the spec calls it ``createAt``,
  read too); `parse_timestamp` turns it into an aware ``datetime``.
* Codes: ``outboundShippingPlaceCode`` is a number (``int``), ``returnCenterCode`` a string
  (``str``), as product bodies use them.
* `Pagination` / `OutboundShippingPlaceList` / `ReturnCenterList` model the page envelope so that
  whole bodies round-trip; the list functions hand out the items.
"""

from __future__ import annotations

import enum
from typing import Annotated

import attrs

from coupang_async._converter import MISSING, Maybe, WireModel, wire

__all__ = [
    "AddressType",
    "OutboundShippingPlace",
    "OutboundShippingPlaceList",
    "Pagination",
    "PlaceAddress",
    "RemoteInfo",
    "ReturnCenter",
    "ReturnCenterList",
]


class AddressType(enum.StrEnum):
    """``placeAddresses[].addressType``."""

    #: Lot-number address (지번).
    JIBUN = "JIBUN"
    #: Road-name address (도로명).
    ROADNAME = "ROADNAME"
    OVERSEA = "OVERSEA"


@attrs.define(kw_only=True, repr=False)
class PlaceAddress(WireModel):
    """One address of a shipping place or return center (usually a JIBUN and a ROADNAME)."""

    address_type: Maybe[AddressType | str] = MISSING
    country_code: Maybe[str] = MISSING
    company_contact_number: Maybe[str] = MISSING
    phone_number2: Maybe[str] = MISSING
    return_zip_code: Maybe[str] = MISSING
    return_address: Maybe[str] = MISSING
    return_address_detail: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class RemoteInfo(WireModel):
    """Extra delivery fees to remote areas for one courier."""

    remote_info_id: Maybe[int] = MISSING
    #: Courier code, e.g. ``CJGLS``.
    delivery_code: Maybe[str] = MISSING
    #: Extra fee for Jeju (won).
    jeju_fee: Annotated[Maybe[int], wire("jeju", "jejuFee")] = MISSING
    #: Extra fee for other remote areas (won).
    not_jeju_fee: Annotated[Maybe[int], wire("notJeju", "notJejuFee")] = MISSING
    usable: Maybe[bool] = MISSING


@attrs.define(kw_only=True, repr=False)
class OutboundShippingPlace(WireModel):
    """An outbound shipping place: its code goes into a product's ``outboundShippingPlaceCode``."""

    outbound_shipping_place_code: int
    shipping_place_name: Maybe[str] = MISSING
    #: ``yyyy/MM/dd``.
    create_date: Maybe[str] = MISSING
    place_addresses: Maybe[list[PlaceAddress]] = MISSING
    remote_infos: Maybe[list[RemoteInfo]] = MISSING
    usable: Maybe[bool] = MISSING


@attrs.define(kw_only=True, repr=False)
class ReturnCenter(WireModel):
    """A return center: its code goes into a product's ``returnCenterCode``."""

    vendor_id: Maybe[str] = MISSING
    return_center_code: str
    shipping_place_name: Maybe[str] = MISSING
    #: Courier code, e.g. ``CJGLS``.
    deliver_code: Maybe[str] = MISSING
    deliver_name: Maybe[str] = MISSING
    #: Korean status of the courier link (굿스플로), e.g. ``승인완료``.
    goodsflow_status: Maybe[str] = MISSING
    error_message: Maybe[str] = MISSING
    #: Epoch milliseconds (the spec's ``createAt`` is read too).
    created_at: Annotated[Maybe[int], wire("createdAt", "createAt")] = MISSING
    vendor_credit_fee_05kg: Maybe[int] = MISSING
    vendor_credit_fee_10kg: Maybe[int] = MISSING
    vendor_credit_fee_20kg: Maybe[int] = MISSING
    vendor_cash_fee_05kg: Maybe[int] = MISSING
    vendor_cash_fee_10kg: Maybe[int] = MISSING
    vendor_cash_fee_20kg: Maybe[int] = MISSING
    consumer_cash_fee_05kg: Maybe[int] = MISSING
    consumer_cash_fee_10kg: Maybe[int] = MISSING
    consumer_cash_fee_20kg: Maybe[int] = MISSING
    return_fee_05kg: Maybe[int] = MISSING
    return_fee_10kg: Maybe[int] = MISSING
    return_fee_20kg: Maybe[int] = MISSING
    usable: Maybe[bool] = MISSING
    place_addresses: Maybe[list[PlaceAddress]] = MISSING


@attrs.define(kw_only=True, repr=False)
class Pagination(WireModel):
    """Page-number paging: the last page is reached when ``current_page >= total_pages``."""

    current_page: Maybe[int] = MISSING
    total_pages: Maybe[int] = MISSING
    total_elements: Maybe[int] = MISSING
    count_per_page: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class OutboundShippingPlaceList(WireModel):
    """One page of outbound shipping places (the whole, envelope-less body)."""

    content: Maybe[list[OutboundShippingPlace]] = MISSING
    pagination: Maybe[Pagination] = MISSING


@attrs.define(kw_only=True, repr=False)
class ReturnCenterList(WireModel):
    """One page of return centers (the ``data`` of the body)."""

    content: Maybe[list[ReturnCenter]] = MISSING
    pagination: Maybe[Pagination] = MISSING
