"""Rows of coupang_async.logistics."""

from __future__ import annotations

from coupang_async import logistics as lg
from coupang_async.models import PlaceAddress, ShippingPlaceRequest, converter

from . import Row
from ._data import sample

ADDRESS = PlaceAddress(address_type="JIBUN", country_code="KR", company_contact_number="02-1234-5678", return_zip_code="10516", return_address="경기도 파주시 탄현면 월롱산로", return_address_detail="294-58")  # fmt: skip
PLACE = ShippingPlaceRequest(
    user_id="wing-id", shipping_place_name="출고지", place_addresses=[ADDRESS]
)
CENTER = converter.structure(
    sample("cs_4_3_create_return_center_request") | {"vendorId": "A00012345"}, ShippingPlaceRequest
)
CENTER.goodsflow_info_open_api_dto.deliver_code = "CJGLS"  # type: ignore[union-attr] # the sample's DONGBU is not a return courier

ROWS = [
    Row("logistics.list_outbound_shipping_places", lambda c, _: lg.list_outbound_shipping_places(c), None, sample("ref_6_3_outbound_places")),
    Row("logistics.list_return_centers", lambda c, _: lg.list_return_centers(c), None, sample("ref_6_4_return_centers")),
    Row("logistics.create_outbound_shipping_place", lambda c, _: lg.create_outbound_shipping_place(c, PLACE), None, sample("cs_4_1_create_outbound_response")),
    Row("logistics.update_outbound_shipping_place", lambda c, i: lg.update_outbound_shipping_place(c, i, PLACE), "outbound_shipping_place_code", sample("cs_4_2_update_outbound_response")),
    Row("logistics.create_return_center", lambda c, _: lg.create_return_center(c, CENTER), None, sample("cs_4_3_create_return_center_response")),
    Row("logistics.update_return_center", lambda c, _: lg.update_return_center(c, "1100044653", CENTER), None, sample("cs_4_2_update_outbound_response")),
]  # fmt: skip
