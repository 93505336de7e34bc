"""Products: the registered product ("seller product"), its options, the listing and history.

The fields are those of Coupang's product documentation (create, get and update bodies, the
listing and the Rocket Growth listing, the status history, the partial update, the registration
quota, the option inventory) and its enumerations. Declared per the recipe in
`coupang_async._converter`:
every field may be absent (`MISSING`) or null (``None``), unknown keys land in ``extra``, and
the raw wire form is kept, so ``converter.unstructure(converter.structure(p, Product)) == p``.

Type choices (Coupang's JSON types are inconsistent):

* Ids, KRW amounts set by the seller, counts and days are ``int``. GET product sends money as
  ``13000.0``, the official create samples send counts as ``"100"`` and codes as ``"74010"``; all
  become ``int`` and are written back as sent while unchanged.
* ``supply_price`` and ``sale_agent_commission`` are computed by Coupang and may carry a fraction:
  ``float``.
* Enumerations are ``StrEnum`` members (so ``item.tax_type == "TAX"`` holds); values Coupang adds
  later stay plain ``str``.
* ``status_name`` (the Korean label the API sends) stays ``str``; ``.status`` maps it to
  `ProductStatus`.
* Timestamps stay ``str`` (exact wire text): use `coupang_async.models.parse_timestamp`.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any, Final, Literal, TypeAlias

import attrs

from coupang_async._converter import MISSING, Maybe, WireModel, wire

__all__ = [
    "AdultOnly",
    "Attribute",
    "AttributeExposure",
    "Certification",
    "Content",
    "ContentDetail",
    "ContentsType",
    "DeliveryChargeType",
    "DeliveryMethod",
    "DetailType",
    "Image",
    "ImageType",
    "InflowStatus",
    "ListingItemRef",
    "Notice",
    "OfferCondition",
    "OverseasPurchased",
    "ParallelImported",
    "PartialProductUpdate",
    "Product",
    "ProductItem",
    "ProductStatus",
    "ProductSummary",
    "ProductSummaryItem",
    "RequiredDocument",
    "SameDayShipping",
    "StatusHistoryEntry",
    "TaxType",
    "UnionDeliveryType",
    "VendorItemInventory",
    "YesNo",
]


# --------------------------------------------------------------------------------------------
# Enumerations. Fields typed `E | str` keep values not listed here as plain strings.


class ProductStatus(enum.StrEnum):
    """A registered product's status: the codes of the list query, the Korean labels of responses.

    Responses carry the Korean label (``statusName``); `from_label`, `parse` and `label` map
    between the two.
    """

    IN_REVIEW = "IN_REVIEW"
    SAVED = "SAVED"
    APPROVING = "APPROVING"
    APPROVED = "APPROVED"
    PARTIAL_APPROVED = "PARTIAL_APPROVED"
    DENIED = "DENIED"
    DELETED = "DELETED"

    @property
    def label(self) -> str:
        """The Korean label responses use, e.g. ``"승인완료"`` for `APPROVED`."""
        return _STATUS_LABELS[self]

    @classmethod
    def from_label(cls, label: str) -> ProductStatus | None:
        """The status for a Korean label (``"승인완료"`` → `APPROVED`), or None if unknown."""
        return _STATUS_BY_LABEL.get(label.strip())

    @classmethod
    def parse(cls, value: str) -> ProductStatus | str:
        """A code or a Korean label as a `ProductStatus`; anything else is returned unchanged."""
        text = value.strip()
        return _STATUS_BY_LABEL.get(text) or _STATUS_BY_CODE.get(text) or value


#: The `ProductStatus` codes as string literals: ``status="APROVED"`` is a type error.
ProductStatusCode: TypeAlias = Literal[
    "IN_REVIEW", "SAVED", "APPROVING", "APPROVED", "PARTIAL_APPROVED", "DENIED", "DELETED"
]


_STATUS_LABELS: Final[dict[ProductStatus, str]] = {
    ProductStatus.IN_REVIEW: "심사중",
    ProductStatus.SAVED: "임시저장",
    ProductStatus.APPROVING: "승인대기중",
    ProductStatus.APPROVED: "승인완료",
    ProductStatus.PARTIAL_APPROVED: "부분승인완료",
    ProductStatus.DENIED: "승인반려",
    ProductStatus.DELETED: "상품삭제",
}
_STATUS_BY_LABEL: Final = {label: status for status, label in _STATUS_LABELS.items()}
_STATUS_BY_CODE: Final = {status.value: status for status in ProductStatus}


def _status_of(label: str | None) -> ProductStatus | str | None:
    return None if not label else ProductStatus.parse(label)


class DeliveryMethod(enum.StrEnum):
    """``deliveryMethod`` (the spelling SEQUENCIAL is Coupang's)."""

    SEQUENCIAL = "SEQUENCIAL"  # regular delivery
    COLD_FRESH = "COLD_FRESH"
    MAKE_ORDER = "MAKE_ORDER"  # made to order
    AGENT_BUY = "AGENT_BUY"  # overseas purchasing agent
    VENDOR_DIRECT = "VENDOR_DIRECT"  # installation / delivered by the seller
    INSTRUCTURE = "INSTRUCTURE"  # deprecated
    MAKE_ORDER_DIRECT = "MAKE_ORDER_DIRECT"  # deprecated, merged into VENDOR_DIRECT


class DeliveryChargeType(enum.StrEnum):
    """``deliveryChargeType``: current values plus the 2019 ones still found on old products."""

    FREE = "FREE"
    NOT_FREE = "NOT_FREE"
    CHARGE_RECEIVED = "CHARGE_RECEIVED"  # cash on delivery
    CONDITIONAL_FREE = "CONDITIONAL_FREE"  # free from `free_ship_over_amount`
    FREE_DELIVERY_OVER_9800 = "FREE_DELIVERY_OVER_9800"
    FREE_DELIVERY_OVER_19800 = "FREE_DELIVERY_OVER_19800"
    FREE_DELIVERY_OVER_30000 = "FREE_DELIVERY_OVER_30000"


class YesNo(enum.StrEnum):
    """``Y``/``N`` flags (``remoteAreaDeliverable``, ``returnChargeVendor``)."""

    Y = "Y"
    N = "N"


class UnionDeliveryType(enum.StrEnum):
    """``unionDeliveryType``: whether the product may ship bundled with others."""

    UNION_DELIVERY = "UNION_DELIVERY"
    NOT_UNION_DELIVERY = "NOT_UNION_DELIVERY"


class AdultOnly(enum.StrEnum):
    """``adultOnly``."""

    ADULT_ONLY = "ADULT_ONLY"
    EVERYONE = "EVERYONE"


class TaxType(enum.StrEnum):
    """``taxType``."""

    TAX = "TAX"
    FREE = "FREE"


class ParallelImported(enum.StrEnum):
    """``parallelImported``."""

    PARALLEL_IMPORTED = "PARALLEL_IMPORTED"
    NOT_PARALLEL_IMPORTED = "NOT_PARALLEL_IMPORTED"


class OverseasPurchased(enum.StrEnum):
    """``overseasPurchased``."""

    OVERSEAS_PURCHASED = "OVERSEAS_PURCHASED"
    NOT_OVERSEAS_PURCHASED = "NOT_OVERSEAS_PURCHASED"


class OfferCondition(enum.StrEnum):
    """``offerCondition`` (cannot be changed after creation)."""

    NEW = "NEW"
    REFURBISHED = "REFURBISHED"
    USED_BEST = "USED_BEST"
    USED_GOOD = "USED_GOOD"
    USED_NORMAL = "USED_NORMAL"


class ImageType(enum.StrEnum):
    """``images[].imageType``."""

    REPRESENTATION = "REPRESENTATION"
    DETAIL = "DETAIL"
    USED_PRODUCT = "USED_PRODUCT"
    REP_OBLONG_ORIGIN = "REP_OBLONG_ORIGIN"


class ContentsType(enum.StrEnum):
    """``contents[].contentsType``."""

    IMAGE = "IMAGE"
    IMAGE_NO_SPACE = "IMAGE_NO_SPACE"
    TEXT = "TEXT"
    IMAGE_TEXT = "IMAGE_TEXT"
    TEXT_IMAGE = "TEXT_IMAGE"
    IMAGE_IMAGE = "IMAGE_IMAGE"
    TEXT_TEXT = "TEXT_TEXT"
    TITLE = "TITLE"
    HTML = "HTML"


class DetailType(enum.StrEnum):
    """``contentDetails[].detailType``."""

    IMAGE = "IMAGE"
    TEXT = "TEXT"
    TITLE = "TITLE"


class AttributeExposure(enum.StrEnum):
    """``attributes[].exposed``: a purchase option or a search-only attribute."""

    EXPOSED = "EXPOSED"
    NONE = "NONE"


# --------------------------------------------------------------------------------------------
# The product and its parts (create, get and update bodies).


@attrs.define(kw_only=True, repr=False)
class Image(WireModel):
    """One image of an option."""

    #: Display order, 0 first.
    image_order: Maybe[int] = MISSING
    image_type: Maybe[ImageType | str] = MISSING
    #: Path on Coupang's CDN (set by Coupang, or by the seller for already uploaded images).
    cdn_path: Maybe[str] = MISSING
    #: The seller's path or http URL (downloaded to the CDN); at most 150 characters.
    vendor_path: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class Notice(WireModel):
    """One line of the legally required product information (상품고시정보)."""

    notice_category_name: Maybe[str] = MISSING
    notice_category_detail_name: Maybe[str] = MISSING
    content: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class Attribute(WireModel):
    """An option attribute (e.g. 색상 = GREY)."""

    attribute_type_name: Maybe[str] = MISSING
    attribute_value_name: Maybe[str] = MISSING
    #: EXPOSED: a purchase option; NONE: a search attribute.
    exposed: Maybe[AttributeExposure | str] = MISSING
    editable: Maybe[bool] = MISSING


@attrs.define(kw_only=True, repr=False)
class ContentDetail(WireModel):
    """One block of a detail-page content."""

    #: Text or HTML, or an image path, depending on `detail_type`.
    content: Maybe[str] = MISSING
    detail_type: Maybe[DetailType | str] = MISSING


@attrs.define(kw_only=True, repr=False)
class Content(WireModel):
    """A detail-page content section."""

    contents_type: Maybe[ContentsType | str] = MISSING
    content_details: Maybe[list[ContentDetail]] = MISSING


@attrs.define(kw_only=True, repr=False)
class Certification(WireModel):
    """A product safety certification (types come from the category meta)."""

    #: E.g. NOT_REQUIRED, PRESENTED_IN_DETAIL_PAGE, KC_KID_CERTIFICATION (open list).
    certification_type: Maybe[str] = MISSING
    certification_code: Maybe[str] = MISSING
    #: Attachments, each ``{"vendorPath": ...}`` or ``{"cdnPath": ...}``.
    certification_attachments: Maybe[list[dict[str, Any]]] = MISSING


@attrs.define(kw_only=True, repr=False)
class RequiredDocument(WireModel):
    """A document the category requires (one of the two paths is set)."""

    template_name: Maybe[str] = MISSING
    document_path: Maybe[str] = MISSING
    vendor_document_path: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class ProductItem(WireModel):
    """One option (item) of a product: its price, stock, images, attributes and content.

    After approval, price, stock and sale status change through the vendor-item endpoints,
    not through a product update.
    """

    offer_condition: Maybe[OfferCondition | str] = MISSING
    #: Condition description for used products, at most 700 characters.
    offer_description: Maybe[str] = MISSING
    #: The option's id inside the product; required in an update for options that are kept.
    seller_product_item_id: Maybe[int] = MISSING
    #: The option id issued on approval (null while the product is saved but not approved).
    vendor_item_id: Maybe[int] = MISSING
    #: Unique per product, at most 150 characters.
    item_name: Maybe[str] = MISSING
    #: The reference price the discount rate is computed from (KRW).
    original_price: Maybe[int] = MISSING
    #: The selling price (KRW, 10-won steps).
    sale_price: Maybe[int] = MISSING
    #: Computed by Coupang; may carry a fraction.
    supply_price: Maybe[float] = MISSING
    #: Stock quantity.
    maximum_buy_count: Maybe[int] = MISSING
    #: Per-person purchase limit; 0 = unlimited.
    maximum_buy_for_person: Maybe[int] = MISSING
    #: Days from order to dispatch (D+1 → 1).
    outbound_shipping_time_day: Maybe[int] = MISSING
    #: The period (days) of the per-person limit; 1 when unlimited.
    maximum_buy_for_person_period: Maybe[int] = MISSING
    unit_count: Maybe[int] = MISSING
    adult_only: Maybe[AdultOnly | str] = MISSING
    tax_type: Maybe[TaxType | str] = MISSING
    parallel_imported: Maybe[ParallelImported | str] = MISSING
    overseas_purchased: Maybe[OverseasPurchased | str] = MISSING
    #: The seller's own code for the option.
    external_vendor_sku: Maybe[str] = MISSING
    #: Whether the buyer must give a personal customs clearance code.
    pcc_needed: Maybe[bool] = MISSING
    #: Response-only; dropped from the current docs.
    best_price_guaranteed_3p: Annotated[Maybe[bool], wire("bestPriceGuaranteed3P")] = MISSING
    #: True when there is no barcode (then `empty_barcode_reason` says why).
    empty_barcode: Maybe[bool] = MISSING
    empty_barcode_reason: Maybe[str] = MISSING
    barcode: Maybe[str] = MISSING
    #: Commission rate in percent; computed by Coupang.
    sale_agent_commission: Maybe[float] = MISSING
    model_no: Maybe[str] = MISSING
    images: Maybe[list[Image]] = MISSING
    notices: Maybe[list[Notice]] = MISSING
    attributes: Maybe[list[Attribute]] = MISSING
    contents: Maybe[list[Content]] = MISSING
    certifications: Maybe[list[Certification]] = MISSING
    #: Free key/value pairs; values as sent (strings in responses, numbers in some requests).
    extra_properties: Maybe[dict[str, Any]] = MISSING
    search_tags: Maybe[list[str]] = MISSING


@attrs.define(kw_only=True, repr=False)
class Product(WireModel):
    """A registered product ("seller product"): GET product, and the create / update body.

    Edit by getting it, changing fields, and sending the whole object back (update); fields
    this model does not know travel in ``extra`` and come back unchanged.
    """

    #: The registered product's id (absent in a create body).
    seller_product_id: Maybe[int] = MISSING
    #: The seller's name for the product, at most 100 characters.
    seller_product_name: Maybe[str] = MISSING
    #: The display category; may be omitted on create for automatic matching.
    display_category_code: Maybe[int] = MISSING
    category_id: Maybe[int] = MISSING
    #: The display product id (can change through merges and splits).
    product_id: Maybe[int] = MISSING
    vendor_id: Maybe[str] = MISSING
    #: The merchandiser's id and name (response only).
    md_id: Maybe[str] = MISSING
    md_name: Maybe[str] = MISSING
    #: ``yyyy-MM-ddTHH:mm:ss``.
    sale_started_at: Maybe[str] = MISSING
    #: ``yyyy-MM-ddTHH:mm:ss``, up to the year 2099.
    sale_ended_at: Maybe[str] = MISSING
    display_product_name: Maybe[str] = MISSING
    brand: Maybe[str] = MISSING
    general_product_name: Maybe[str] = MISSING
    product_group: Maybe[str] = MISSING
    #: The status as its Korean label (response only); see `status`.
    status_name: Maybe[str] = MISSING
    delivery_method: Maybe[DeliveryMethod | str] = MISSING
    #: The courier's code, e.g. CJGLS, HANJIN, KGB (open list).
    delivery_company_code: Maybe[str] = MISSING
    delivery_charge_type: Maybe[DeliveryChargeType | str] = MISSING
    delivery_charge: Maybe[int] = MISSING
    #: The free-shipping threshold for CONDITIONAL_FREE; 0 otherwise.
    free_ship_over_amount: Maybe[int] = MISSING
    #: The initial shipping fee charged on a return of a free-shipping order.
    delivery_charge_on_return: Maybe[int] = MISSING
    #: Whether islands and mountain areas are served.
    remote_area_deliverable: Maybe[YesNo | str] = MISSING
    #: Response only; undocumented (null in the samples).
    bundle_packing_delivery: Maybe[Any] = MISSING
    union_delivery_type: Maybe[UnionDeliveryType | str] = MISSING
    #: The return center, or NO_RETURN_CENTERCODE.
    return_center_code: Maybe[str] = MISSING
    #: The return center's contact name.
    return_charge_name: Maybe[str] = MISSING
    company_contact_number: Maybe[str] = MISSING
    return_zip_code: Maybe[str] = MISSING
    return_address: Maybe[str] = MISSING
    return_address_detail: Maybe[str] = MISSING
    #: One-way return shipping fee.
    return_charge: Maybe[int] = MISSING
    #: Response only, e.g. AFTER (undocumented).
    exchange_type: Maybe[str] = MISSING
    #: 2019 only: Y = collect on delivery, N = prepaid.
    return_charge_vendor: Maybe[YesNo | str] = MISSING
    after_service_information: Maybe[str] = MISSING
    after_service_contact_number: Maybe[str] = MISSING
    #: The outbound shipping place; required for bundled delivery.
    outbound_shipping_place_code: Maybe[int] = MISSING
    #: Response only, e.g. API_SELLER (undocumented).
    contributor_type: Maybe[str] = MISSING
    #: The WING login id of the user acting for the vendor.
    vendor_user_id: Maybe[str] = MISSING
    #: True: save and request approval at once; false: save only.
    requested: Maybe[bool] = MISSING
    #: The options; every product carries them (a plain ``list``, never absent).
    items: list[ProductItem]
    required_documents: Maybe[list[RequiredDocument]] = MISSING
    #: The message shown to buyers of made-to-order products.
    extra_info_message: Maybe[str] = MISSING
    manufacture: Maybe[str] = MISSING

    @property
    def status(self) -> ProductStatus | str | None:
        """`status_name` as a `ProductStatus` (an unknown label is returned as is)."""
        return _status_of(self.status_name or None)

    def find_item(
        self,
        *,
        vendor_item_id: int | None = None,
        seller_product_item_id: int | None = None,
        external_vendor_sku: str | None = None,
        item_name: str | None = None,
    ) -> ProductItem | None:
        """The first option matching every criterion given, or None.

        Raises:
            TypeError: no criterion was given.
        """
        wanted = {
            "vendor_item_id": vendor_item_id,
            "seller_product_item_id": seller_product_item_id,
            "external_vendor_sku": external_vendor_sku,
            "item_name": item_name,
        }
        wanted = {name: value for name, value in wanted.items() if value is not None}
        if not wanted:
            raise TypeError("find_item() needs at least one criterion")
        for item in self.items or ():
            if all(getattr(item, name) == value for name, value in wanted.items()):
                return item
        return None


# --------------------------------------------------------------------------------------------
# The listing (paged, by time frame, by external SKU; Rocket Growth items as Coupang's listing
# documentation shows them).


@attrs.define(kw_only=True, repr=False)
class ListingItemRef(WireModel):
    """The ids of an option in one channel (marketplace or Rocket Growth) of a listing item."""

    vendor_inventory_item_id: Maybe[int] = MISSING
    #: Listed in the spec table, absent from the samples.
    seller_product_item_id: Maybe[int] = MISSING
    #: Null until the product is approved.
    vendor_item_id: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class ProductSummaryItem(WireModel):
    """An option in the listing: its name and its ids per channel (null where not sold)."""

    item_name: Maybe[str] = MISSING
    #: The spec table calls it ``marketPlaceItemData``, the samples ``marketPlaceItem``.
    market_place_item: Annotated[
        Maybe[ListingItemRef], wire("marketPlaceItem", "marketPlaceItemData")
    ] = MISSING
    rocket_growth_item: Annotated[
        Maybe[ListingItemRef], wire("rocketGrowthItem", "rocketGrowthItemData")
    ] = MISSING


@attrs.define(kw_only=True, repr=False)
class ProductSummary(WireModel):
    """A product in the paged listing, the time-frame listing and the by-SKU lookup."""

    #: Always present (every documented listing carries it): a plain ``int``.
    seller_product_id: int
    seller_product_name: Maybe[str] = MISSING
    display_category_code: Maybe[int] = MISSING
    category_id: Maybe[int] = MISSING
    product_id: Maybe[int] = MISSING
    vendor_id: Maybe[str] = MISSING
    md_id: Maybe[str] = MISSING
    md_name: Maybe[str] = MISSING
    sale_started_at: Maybe[str] = MISSING
    sale_ended_at: Maybe[str] = MISSING
    brand: Maybe[str] = MISSING
    #: The status as its Korean label; see `status`.
    status_name: Maybe[str] = MISSING
    created_at: Maybe[str] = MISSING
    #: Options with their channel ids (Rocket Growth listing only).
    items: Maybe[list[ProductSummaryItem]] = MISSING
    #: E.g. NORMAL, RFM (Rocket Growth listing only; open list).
    registration_type: Maybe[str] = MISSING

    @property
    def status(self) -> ProductStatus | str | None:
        """`status_name` as a `ProductStatus` (an unknown label is returned as is)."""
        return _status_of(self.status_name or None)

    def find_item(self, *, vendor_item_id: int) -> ProductSummaryItem | None:
        """The option sold as ``vendor_item_id`` in either channel, or None."""
        for item in self.items or ():
            for ref in (item.market_place_item, item.rocket_growth_item):
                if ref and ref.vendor_item_id == vendor_item_id:
                    return item
        return None


@attrs.define(kw_only=True, repr=False)
class StatusHistoryEntry(WireModel):
    """One entry of a product's status history."""

    created_at: Maybe[str] = MISSING
    #: The Korean status label; the samples send ``status``, the 2019 spec ``statusName``.
    status_name: Annotated[Maybe[str], wire("status", "statusName")] = MISSING
    #: Who made the change (쿠팡 셀러 시스템 for the system).
    created_by: Maybe[str] = MISSING
    comment: Maybe[str] = MISSING

    @property
    def status(self) -> ProductStatus | str | None:
        """`status_name` as a `ProductStatus`; steps like 승인요청 are returned as is."""
        return _status_of(self.status_name or None)


# --------------------------------------------------------------------------------------------
# Partial update, registration quota, one option's inventory.


@attrs.define(kw_only=True, repr=False)
class SameDayShipping(WireModel):
    """Same-day dispatch settings of a partial update."""

    active: Maybe[bool] = MISSING
    #: 10–23.
    cut_off_time_hour: Maybe[int] = MISSING
    #: 0 when active.
    cut_off_time_minute: Maybe[int] = MISSING
    #: E.g. KR.
    cut_off_time_zone: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class PartialProductUpdate(WireModel):
    """The body of a partial update (no re-approval): delivery and return settings only.

    Only the fields that are set are sent; ``seller_product_id`` must equal the path's id.
    """

    seller_product_id: Maybe[int] = MISSING
    company_contact_number: Maybe[str] = MISSING
    delivery_charge: Maybe[int] = MISSING
    delivery_charge_on_return: Maybe[int] = MISSING
    delivery_charge_type: Maybe[DeliveryChargeType | str] = MISSING
    delivery_company_code: Maybe[str] = MISSING
    delivery_method: Maybe[DeliveryMethod | str] = MISSING
    extra_info_message: Maybe[str] = MISSING
    free_ship_over_amount: Maybe[int] = MISSING
    outbound_shipping_place_code: Maybe[int] = MISSING
    outbound_shipping_time_day: Maybe[int] = MISSING
    same_day_shipping: Maybe[SameDayShipping] = MISSING
    pcc_needed: Maybe[bool] = MISSING
    remote_area_deliverable: Maybe[YesNo | str] = MISSING
    return_address: Maybe[str] = MISSING
    return_address_detail: Maybe[str] = MISSING
    return_center_code: Maybe[str] = MISSING
    return_charge: Maybe[int] = MISSING
    return_charge_name: Maybe[str] = MISSING
    return_zip_code: Maybe[str] = MISSING
    union_delivery_type: Maybe[UnionDeliveryType | str] = MISSING


@attrs.define(kw_only=True, repr=False)
class InflowStatus(WireModel):
    """The vendor's product registration quota."""

    vendor_id: Maybe[str] = MISSING
    #: True: the vendor cannot create products now.
    restricted: Maybe[bool] = MISSING
    #: Registered products, deleted ones excluded.
    registered_count: Maybe[int] = MISSING
    #: The quota; null means unlimited.
    permitted_count: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class VendorItemInventory(WireModel):
    """Stock, price and sale status of one option (vendor item)."""

    #: The option's id (the vendor item id). These four are always present: plain types.
    seller_item_id: int
    amount_in_stock: int
    sale_price: int
    on_sale: bool
    #: 2019 responses only.
    best_price_guaranteed_3p: Annotated[Maybe[bool], wire("bestPriceGuaranteed3P")] = MISSING
