"""Deterministic generation of a realistic seller account (same seed, same data, byte for byte).

What ``generate()`` builds for one vendor:

* ``products`` products over the two years before ``today``: Korean names and brands from the
  built-in categories, 1–3 options each, every product status when there are at least seven
  products (most are APPROVED), some Rocket Growth only (``registrationType`` RFM) and hybrid
  (NORMAL) products as documented, a few with listing violation types; ids grow with createdAt.
* orders over the 7 days ending on ``today`` (KST) for approved marketplace options, ~1/6 of them
  with a return or cancel request and ~1/15 with an exchange request.
* ``shipping_places`` outbound shipping places (the first has code 74010 as in Coupang's samples)
  and ``return_centers`` return centers (the first has code 1000274592), so the official request
  samples validate against the fake as they are.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Final

from coupang_async.testing._categories import CATEGORIES, Category
from coupang_async.testing._http import KST, format_dt
from coupang_async.testing._store import (
    STATUS_NAMES,
    STATUSES,
    SYSTEM_USER,
    Ids,
    Item,
    Product,
    VendorState,
)

_BRANDS_AND_NAMES: Final[dict[int, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    56137: (
        ("해피바스", "아모레퍼시픽", "이니스프리", "라네즈", "마몽드", "순플러스"),
        ("솝베리 클렌징 오일", "딥 클렌징 오일", "퓨어 클렌징 오일", "그린티 클렌징 오일"),
    ),
    81592: (
        ("CJ제일제당", "오뚜기", "삼양사", "큐원"),
        ("백설 찹쌀 호떡믹스", "씨앗 호떡믹스", "옛날 호떡믹스"),
    ),
    77413: (
        ("영실업", "손오공", "오로라월드", "미미월드"),
        ("헬로키티 미니낚시놀이", "뽀로로 자석 낚시놀이", "아기상어 낚시놀이"),
    ),
    77723: (
        ("카멜레온", "큐브온", "알로코리아", "엑스넷"),
        ("차량용 무선충전 거치대", "송풍구 휴대폰 거치대", "대시보드 거치대"),
    ),
    63950: (
        ("피죤", "샤프란", "아로마티카", "엘지생활건강"),
        ("고농축 섬유유연제", "실내건조 섬유유연제", "코튼향 섬유유연제"),
    ),
    78361: (
        ("스파오", "탑텐", "지오다노", "후아유"),
        ("오버핏 반팔 티셔츠", "코튼 라운드 반팔 티셔츠", "레터링 반팔 티셔츠"),
    ),
    98910: (
        ("후아유", "잔스포츠", "디스커버리", "내셔널지오그래픽"),
        ("벙커 레터 백팩", "데일리 백팩", "노트북 백팩"),
    ),
    59258: (
        ("제주삼다수", "아이시스", "백산수", "평창수"),
        ("먹는샘물", "천연 미네랄 생수", "무라벨 생수"),
    ),
    58901: (
        ("농심", "오뚜기", "삼양", "팔도"),
        ("신라면", "진라면 매운맛", "불닭볶음면", "비빔면"),
    ),
    62600: (
        ("삼성전자", "LG전자", "애플"),
        ("갤럭시 S24 자급제", "갤럭시 A35 자급제", "아이폰 15 자급제"),
    ),
}

# (low, high) sale price in won for one unit of the category.
_PRICE_RANGE: Final = {
    56137: (8_000, 35_000),
    81592: (3_000, 12_000),
    77413: (9_900, 39_900),
    77723: (12_900, 49_900),
    63950: (6_900, 19_900),
    78361: (9_900, 29_900),
    98910: (29_900, 89_900),
    59258: (5_900, 15_900),
    58901: (3_900, 25_900),
    62600: (599_000, 1_599_000),
}

_COLORS: Final = ("블랙", "화이트", "네이비", "베이지", "그레이", "(19)Black", "(35)Beige")
_SIZES: Final = ("S", "M", "L", "XL")
_COURIERS: Final = ("CJGLS", "HANJIN", "HYUNDAI", "EPOST", "KGB", "KDEXP", "ILYANG")
_COURIER_NAMES: Final = {
    "CJGLS": "CJ 대한통운",
    "HANJIN": "한진택배",
    "HYUNDAI": "롯데택배",
    "EPOST": "우체국택배",
    "KGB": "로젠택배",
    "KDEXP": "경동택배",
    "ILYANG": "일양로지스",
}
_ADDRESSES: Final = (
    ("05510", "서울특별시 송파구 송파대로 570", "서울특별시 송파구 신천동 7-30"),
    ("06164", "서울특별시 강남구 테헤란로 521", "서울특별시 강남구 삼성동 159"),
    ("10881", "경기도 파주시 탄현면 월롱산로 294", "경기도 파주시 탄현면 성동리 60"),
    ("31216", "충청남도 천안시 동남구 풍세면 풍세로 123", "충청남도 천안시 동남구 풍세면 보성리 1"),
    ("17084", "경기도 용인시 기흥구 중부대로 184", "경기도 용인시 기흥구 영덕동 1003"),
    ("48058", "부산광역시 해운대구 센텀중앙로 79", "부산광역시 해운대구 우동 1485"),
    ("14101", "경기도 안양시 동안구 평촌대로 223", "경기도 안양시 동안구 평촌동 934"),
)
_SURNAMES: Final = "김이박최정강조윤장임한오서신권황안송류홍"
_GIVEN: Final = "민서지현수영준호은희성우하윤태연"
_MD_NAMES: Final = ("최병우", "김하늘", "박지민", "이서연", "정우성", "한예슬")
_REFERS: Final = ("안드로이드앱", "아이폰앱", "PC웹", "모바일웹")
_RETURN_REASONS: Final = (
    ("고객변심", "단순변심(사유없음)"),
    ("고객변심", "다른 상품 잘못 주문"),
    ("상품불량", "상품이 파손되어 배송됨"),
    ("배송문제", "배송된 장소에 박스가 분실됨"),
)
_EXCHANGE_REASONS: Final = (
    ("DIFFERENTOPT", "색상/ 사이즈가 기대와 다름"),
    ("DAMAGED", "상품이 파손되어 배송됨"),
    ("WRONGDELIVERY", "다른 상품이 배송됨"),
)
#: A fixed date for tests that pin the fake (``FakeCoupang(today=DEFAULT_TODAY)``); the fake itself
#: defaults to the KST date of its clock.
DEFAULT_TODAY: Final = dt.date(2026, 1, 15)
ORDER_DAYS: Final = 7


def _round(value: float, unit: int = 100) -> int:
    return max(unit, round(value / unit) * unit)


def _mask_name(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)}*{rng.choice(_GIVEN)}"


def _full_name(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)}{rng.choice(_GIVEN)}{rng.choice(_GIVEN)}"


def _ean13(rng: random.Random) -> str:
    digits = [8, 8, 0, *(rng.randrange(10) for _ in range(9))]
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def _options(category: Category, rng: random.Random, count: int) -> list[tuple[str, list[Any]]]:
    """``count`` distinct (itemName, attributes) pairs fitting the category's attributes."""
    code = category.code
    candidates: list[tuple[str, list[Any]]] = []
    if code in (56137, 63950, 59258):
        volumes = {56137: (150, 200, 300), 63950: (2100, 3100), 59258: (500, 2000)}[code]
        for volume in volumes:
            for n in (1, 2, 3, 6, 12):
                unit = (
                    f"{volume // 1000}L" if volume >= 1000 and volume % 1000 == 0 else f"{volume}ml"
                )
                candidates.append(
                    (
                        f"{unit}_{n}개",
                        [
                            {"attributeTypeName": "수량", "attributeValueName": f"{n}개"},
                            {"attributeTypeName": "개당 용량", "attributeValueName": unit},
                        ],
                    )
                )
    elif code in (81592, 58901, 77413, 77723):
        for n in (1, 2, 3, 5, 10, 20, 40):
            attrs: list[Any] = [{"attributeTypeName": "수량", "attributeValueName": f"{n}개"}]
            if code == 81592:
                attrs.append({"attributeTypeName": "개당 중량", "attributeValueName": "400g"})
            elif code == 58901:
                attrs.append({"attributeTypeName": "개당 중량", "attributeValueName": "120g"})
            elif code == 77413:
                attrs.append(
                    {
                        "attributeTypeName": "사용 연령",
                        "attributeValueName": "3세 이상",
                        "exposed": "NONE",
                    }
                )
            candidates.append((f"{n}개", attrs))
    elif code == 78361:
        candidates = [
            (
                f"{color}_{size}",
                [
                    {
                        "attributeTypeName": "색상",
                        "attributeValueName": color,
                        "exposed": "EXPOSED",
                    },
                    {
                        "attributeTypeName": "사이즈",
                        "attributeValueName": size,
                        "exposed": "EXPOSED",
                    },
                ],
            )
            for color in _COLORS[:5]
            for size in _SIZES
        ]
    elif code == 98910:
        candidates = [
            (color, [{"attributeTypeName": "색상", "attributeValueName": color}])
            for color in _COLORS
        ]
    else:  # 62600 phones
        for color in ("팬텀블랙", "크림", "바이올렛"):
            for storage in ("256GB", "512GB"):
                candidates.append(
                    (
                        f"{color}_{storage}",
                        [
                            {"attributeTypeName": "색상", "attributeValueName": color},
                            {"attributeTypeName": "저장용량", "attributeValueName": storage},
                        ],
                    )
                )
    return rng.sample(candidates, min(count, len(candidates)))


def _status_plan(rng: random.Random, count: int) -> list[str]:
    weights = {
        "APPROVED": 70,
        "SAVED": 6,
        "IN_REVIEW": 4,
        "APPROVING": 5,
        "PARTIAL_APPROVED": 5,
        "DENIED": 5,
        "DELETED": 5,
    }
    plan = list(STATUSES) if count >= len(STATUSES) else []
    names, w = list(weights), list(weights.values())
    plan += rng.choices(names, w, k=count - len(plan))
    rng.shuffle(plan)
    return plan


def _history(product: Product, rng: random.Random, vendor: VendorState) -> None:
    created = dt.datetime.fromisoformat(product.created_at)
    t = created

    def step(status: str, by: str, comment: str, minutes: tuple[int, int] = (1, 90)) -> None:
        nonlocal t
        product.add_history(format_dt(t), status, by, comment)
        t += dt.timedelta(minutes=rng.randint(*minutes))

    step("임시저장", vendor.vendor_name, "판매자 임시저장")
    if product.status in ("SAVED",):
        return
    step("승인요청", vendor.vendor_name, "판매자 승인요청")
    if product.status == "IN_REVIEW":
        step("심사중", SYSTEM_USER, "상품 정보 심사중")
        return
    step("승인대기중", SYSTEM_USER, "승인 관련 정보 생성 중")
    if product.status == "APPROVING":
        return
    if product.status == "DENIED":
        step("승인반려", SYSTEM_USER, "상품정보 확인 필요 - 대표이미지 기준 미달")
        return
    step("승인대기중", SYSTEM_USER, "컨텐츠 확인 대기중")
    final = "부분승인완료" if product.status == "PARTIAL_APPROVED" else "승인완료"
    step(final, SYSTEM_USER, "승인완료 - Items 생성 완료")
    if product.status == "DELETED":
        step("상품삭제", vendor.vendor_name, "판매자 상품 삭제", (60, 60 * 24 * 30))


def _product(
    rng: random.Random,
    ids: Ids,
    vendor: VendorState,
    created: dt.datetime,
    status: str,
    registration_type: str | None,
    strides: tuple[int, int],
) -> Product:
    category = CATEGORIES[rng.choice(list(_BRANDS_AND_NAMES))]
    brands, names = _BRANDS_AND_NAMES[category.code]
    brand, base = rng.choice(brands), rng.choice(names)
    low, high = _PRICE_RANGE[category.code]
    unit_price = _round(rng.uniform(low, high), 1000 if low >= 100_000 else 100)
    place = rng.choice(vendor.shipping_places) if vendor.shipping_places else None
    center = rng.choice(vendor.return_centers) if vendor.return_centers else None
    charge_type = rng.choices(["FREE", "NOT_FREE", "CONDITIONAL_FREE"], [5, 3, 2])[0]
    delivery_charge = 0.0 if charge_type == "FREE" else float(rng.choice((2500, 3000)))
    approved = status in ("APPROVED", "PARTIAL_APPROVED", "DELETED")
    spid = ids.next_seller_product_id(stride=strides[0])
    n_items = rng.choices([1, 2, 3], [5, 3, 2])[0]
    if status == "PARTIAL_APPROVED":
        n_items = max(2, n_items)
    items: list[Item] = []
    options = _options(category, rng, n_items)
    for index, (option_name, attributes) in enumerate(options):
        multiplier = 1.0 + 0.8 * index
        sale = _round(unit_price * multiplier)
        original = _round(sale * rng.choice((1.0, 1.0, 1.1, 1.2, 1.35)))
        item_approved = approved and not (
            status == "PARTIAL_APPROVED" and index == len(options) - 1
        )
        has_barcode = rng.random() < 0.5
        doc: dict[str, Any] = {
            "offerCondition": "NEW",
            "offerDescription": "",
            "sellerProductItemId": ids.next_item_id(stride=strides[1]),
            "vendorItemId": (
                ids.next_vendor_item_id(stride=strides[1])
                if item_approved and registration_type != "RFM"
                else None
            ),
            "itemName": option_name,
            "originalPrice": float(original),
            "salePrice": float(sale),
            "supplyPrice": float(_round(sale * 0.857, 10)),
            "maximumBuyCount": rng.choice((0, 5, 30, 100, 250, 999, 9999)),
            "maximumBuyForPerson": rng.choice((0, 0, 0, 5, 10)),
            "outboundShippingTimeDay": rng.choice((1, 1, 2, 3)),
            "maximumBuyForPersonPeriod": 1,
            "unitCount": 1,
            "adultOnly": "EVERYONE",
            "taxType": "TAX",
            "parallelImported": "NOT_PARALLEL_IMPORTED",
            "overseasPurchased": "NOT_OVERSEAS_PURCHASED",
            "externalVendorSku": str(rng.randrange(10**7, 10**12)),
            "pccNeeded": False,
            "bestPriceGuaranteed3P": False,
            "emptyBarcode": not has_barcode,
            "emptyBarcodeReason": "" if has_barcode else "상품확인불가_바코드없음사유",
            "barcode": _ean13(rng) if has_barcode else "",
            "saleAgentCommission": rng.choice((6.0, 7.8, 10.0, 10.8)),
            "modelNo": "" if rng.random() < 0.5 else f"{rng.randrange(10**5, 10**7)}",
            "images": [
                {
                    "imageOrder": 0,
                    "imageType": "REPRESENTATION",
                    "cdnPath": f"vendor_inventory/images/{created:%Y/%m/%d}/{rng.randrange(24)}/"
                    f"{rng.getrandbits(64):016x}.jpg",
                    "vendorPath": f"http://image.fakeseller.co.kr/{spid}/{index}_main.jpg",
                },
                {
                    "imageOrder": 1,
                    "imageType": "DETAIL",
                    "cdnPath": f"vendor_inventory/images/{created:%Y/%m/%d}/{rng.randrange(24)}/"
                    f"{rng.getrandbits(64):016x}.jpg",
                    "vendorPath": f"http://image.fakeseller.co.kr/{spid}/{index}_detail.jpg",
                },
            ],
            "notices": [
                {
                    "noticeCategoryName": category.notice,
                    "noticeCategoryDetailName": detail,
                    "content": "상세페이지 참조",
                }
                for detail in category.notice_details
            ],
            "attributes": attributes,
            "contents": [
                {
                    "contentsType": "TEXT",
                    "contentDetails": [
                        {
                            "content": f"<div><img src='http://image.fakeseller.co.kr/{spid}/"
                            f"content_{index}.jpg' /></div>",
                            "detailType": "TEXT",
                        }
                    ],
                }
            ],
            "certifications": [{"certificationType": "NOT_REQUIRED", "certificationCode": ""}],
            "extraProperties": {},
            "searchTags": [brand, rng.choice(category.keywords)],
        }
        rocket_growth = None
        if registration_type is not None:
            rocket_growth = {
                "vendorInventoryItemId": ids.next_item_id(stride=strides[1]),
                "vendorItemId": (
                    ids.next_vendor_item_id(stride=strides[1]) if item_approved else None
                ),
            }
        on_sale = status != "DELETED" and rng.random() < 0.92
        items.append(
            Item(
                doc,
                on_sale=on_sale,
                marketplace=registration_type != "RFM",
                rocket_growth=rocket_growth,
            )
        )
    name = f"{brand} {base}"
    after_service = rng.choice(("1544-1255", "1588-3366", "02-555-1234"))
    doc = {
        "sellerProductId": spid,
        "sellerProductName": name,
        "displayCategoryCode": category.code,
        "categoryId": category.category_id,
        "productId": ids.next_product_id(stride=5_000_000) if approved else None,
        "vendorId": vendor.vendor_id,
        "mdId": f"{rng.choice(('harry', 'jjang', 'mdkim', 'sora'))}{rng.randrange(100, 999)}@"
        if approved
        else None,
        "mdName": rng.choice(_MD_NAMES) if approved and rng.random() < 0.7 else None,
        "saleStartedAt": format_dt(created.replace(hour=0, minute=0, second=0)),
        "saleEndedAt": "2099-12-31T00:00:00",
        "displayProductName": f"{brand} {base}",
        "brand": brand,
        "generalProductName": base,
        "productGroup": category.name,
        "statusName": STATUS_NAMES[status],
        "deliveryMethod": "SEQUENCIAL",
        "deliveryCompanyCode": rng.choice(_COURIERS),
        "deliveryChargeType": charge_type,
        "deliveryCharge": delivery_charge,
        "freeShipOverAmount": float(rng.choice((19800, 30000)))
        if charge_type == "CONDITIONAL_FREE"
        else 0.0,
        "deliveryChargeOnReturn": 2500.0 if charge_type == "FREE" else 0.0,
        "remoteAreaDeliverable": rng.choice(("N", "N", "Y")),
        "bundlePackingDelivery": None,
        "unionDeliveryType": "UNION_DELIVERY" if place else "NOT_UNION_DELIVERY",
        "returnCenterCode": center["returnCenterCode"] if center else "NO_RETURN_CENTERCODE",
        "returnChargeName": center["shippingPlaceName"] if center else "반품지",
        "companyContactNumber": _first_address(center, "companyContactNumber", "02-1234-5678"),
        "returnZipCode": _first_address(center, "returnZipCode", "05510"),
        "returnAddress": _first_address(center, "returnAddress", _ADDRESSES[0][2]),
        "returnAddressDetail": _first_address(center, "returnAddressDetail", "1층"),
        "returnCharge": float(rng.choice((2500, 3000, 5000))),
        "exchangeType": "AFTER",
        "returnChargeVendor": "N",
        "afterServiceInformation": f"A/S안내 {after_service}",
        "afterServiceContactNumber": after_service,
        "outboundShippingPlaceCode": place["outboundShippingPlaceCode"] if place else None,
        "contributorType": "API_SELLER",
        "vendorUserId": vendor.vendor_user_id,
        "requested": status != "SAVED",
        "items": [item.doc for item in items],
        "requiredDocuments": [],
        "extraInfoMessage": None,
        "manufacture": brand,
    }
    violations: frozenset[str] = frozenset()
    if status == "APPROVED" and rng.random() < 0.05:
        violations = frozenset(rng.sample(("NO_VA_V2", "MOTA_V2", "ATTR"), rng.randint(1, 2)))
    product = Product(
        doc,
        items,
        status=status,
        created_at=format_dt(created),
        registration_type=registration_type,
        violations=violations,
    )
    _history(product, rng, vendor)
    return product


def _first_address(center: dict[str, Any] | None, key: str, default: str) -> str:
    if center is None:
        return default
    value = center["placeAddresses"][0][key]
    return str(value)


def _shipping_places(rng: random.Random, vendor: VendorState, count: int, today: dt.date) -> None:
    code = 74010
    for index in range(count):
        zip_code, road, jibun = _ADDRESSES[index % len(_ADDRESSES)]
        phone = f"02-{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}"
        detail = f"{rng.randrange(1, 20)}층"
        created = today - dt.timedelta(days=rng.randrange(200, 2000))
        vendor.shipping_places.append(
            {
                "outboundShippingPlaceCode": code,
                "shippingPlaceName": f"상품출고지{index + 1}",
                "createDate": created.strftime("%Y/%m/%d"),
                "placeAddresses": [
                    {
                        "addressType": kind,
                        "countryCode": "KR",
                        "companyContactNumber": phone,
                        "phoneNumber2": "",
                        "returnZipCode": zip_code,
                        "returnAddress": address,
                        "returnAddressDetail": detail,
                    }
                    for kind, address in (("JIBUN", jibun), ("ROADNAME", road))
                ],
                "remoteInfos": [
                    {
                        "remoteInfoId": rng.randrange(100_000, 999_999),
                        "deliveryCode": courier,
                        "jeju": 5000,
                        "notJeju": 2500,
                        "usable": True,
                    }
                    for courier in rng.sample(_COURIERS, 2)
                ],
                "usable": index < 2 or rng.random() < 0.7,
            }
        )
        code += rng.randrange(1, 50_000)


def _return_centers(rng: random.Random, vendor: VendorState, count: int, today: dt.date) -> None:
    code = 1_000_274_592
    for index in range(count):
        zip_code, road, jibun = _ADDRESSES[(index + 2) % len(_ADDRESSES)]
        courier = rng.choice(_COURIERS[:4])
        phone = f"0{rng.randrange(2, 70)}-{rng.randrange(100, 9999)}-{rng.randrange(1000, 9999)}"
        fee = rng.choice((2500, 3000))
        created = dt.datetime.combine(
            today - dt.timedelta(days=rng.randrange(100, 1500)), dt.time(10, 30), KST
        )
        center: dict[str, Any] = {
            "vendorId": vendor.vendor_id,
            "returnCenterCode": str(code),
            "shippingPlaceName": f"반품지_{index + 1}",
            "deliverCode": courier,
            "deliverName": _COURIER_NAMES[courier],
            "goodsflowStatus": "승인완료",
            "errorMessage": "",
            "createdAt": int(created.timestamp() * 1000),
        }
        for prefix in ("vendorCreditFee", "vendorCashFee", "consumerCashFee", "returnFee"):
            for weight in ("05kg", "10kg", "20kg"):
                center[f"{prefix}{weight}"] = fee
        center["usable"] = True
        center["placeAddresses"] = [
            {
                "addressType": kind,
                "countryCode": "KR",
                "companyContactNumber": phone,
                "phoneNumber2": "",
                "returnZipCode": zip_code,
                "returnAddress": address,
                "returnAddressDetail": "반품센터",
            }
            for kind, address in (("JIBUN", jibun), ("ROADNAME", road))
        ]
        vendor.return_centers.append(center)
        code += rng.randrange(1_000, 900_000)


def _order(
    rng: random.Random,
    ids: Ids,
    ordered: dt.datetime,
    lines: list[tuple[Product, Item]],
    today: dt.date,
) -> dict[str, Any]:
    age = (today - ordered.date()).days
    if age == 0:
        status = rng.choice(("ACCEPT", "ACCEPT", "INSTRUCT"))
    elif age == 1:
        status = rng.choice(("INSTRUCT", "DEPARTURE", "DELIVERING"))
    elif age == 2:
        status = rng.choice(("DELIVERING", "FINAL_DELIVERY"))
    else:
        status = rng.choices(("FINAL_DELIVERY", "NONE_TRACKING"), (9, 1))[0]
    shipped = status in ("DEPARTURE", "DELIVERING", "FINAL_DELIVERY")
    delivered = status == "FINAL_DELIVERY"
    product0 = lines[0][0]
    charge_type = product0.doc.get("deliveryChargeType")
    shipping_price = 0 if charge_type == "FREE" else int(product0.doc.get("deliveryCharge") or 0)
    courier = str(product0.doc.get("deliveryCompanyCode") or "CJGLS")
    order_items: list[dict[str, Any]] = []
    for product, item in lines:
        count = rng.choice((1, 1, 1, 2, 3))
        price = int(item.doc["salePrice"])
        option = str(item.doc.get("itemName"))
        estimated = ordered.date() + dt.timedelta(
            days=int(item.doc.get("outboundShippingTimeDay") or 1)
        )
        order_items.append(
            {
                "vendorItemPackageId": 0,
                "vendorItemPackageName": product.doc.get("sellerProductName"),
                "productId": product.doc.get("productId"),
                "vendorItemId": item.vendor_item_id,
                "vendorItemName": f"{product.doc.get('sellerProductName')}, {option}",
                "shippingCount": count,
                "salesPrice": price,
                "orderPrice": price * count,
                "discountPrice": None,
                "externalVendorSkuCode": item.doc.get("externalVendorSku"),
                "etcInfoHeader": None,
                "etcInfoValue": None,
                "etcInfoValues": [],
                "sellerProductId": product.id,
                "sellerProductName": product.doc.get("sellerProductName"),
                "sellerProductItemName": option,
                "firstSellerProductItemName": option.replace("_", "/"),
                "cancelCount": 0,
                "holdCountForCancel": 0,
                "estimatedShippingDate": estimated.isoformat(),
                "plannedShippingDate": "",
                "invoiceNumberUploadDate": format_dt(ordered + dt.timedelta(hours=20)).replace(
                    "T", " "
                )
                if shipped
                else "",
                "extraProperties": {},
                "pricingBadge": False,
                "usedProduct": False,
                "confirmDate": format_dt(ordered + dt.timedelta(days=3)).replace("T", " ")
                if delivered
                else None,
                "deliveryChargeTypeName": "무료" if shipping_price == 0 else "유료",
                "canceled": False,
            }
        )
    zip_code, road, _ = rng.choice(_ADDRESSES)
    name = _mask_name(rng)
    safe = f"0503-{'*' * rng.randint(2, 4)}-{rng.randrange(1000, 9999)}"
    return {
        "shipmentBoxId": ids.next_shipment_box_id(),
        "orderId": ids.next_order_id(),
        "orderedAt": format_dt(ordered),
        "orderer": {
            "name": name,
            "email": f"{rng.choice('abcdefghij')}{rng.choice('klmnopq')}*****@na",
            "safeNumber": safe,
            "ordererNumber": None,
        },
        "paidAt": format_dt(ordered),
        "status": status,
        "shippingPrice": shipping_price,
        "remotePrice": None,
        "remoteArea": False,
        "parcelPrintMessage": rng.choice(
            ("문 앞", "경비실에 맡겨주세요", "배송 전 연락바랍니다", "")
        ),
        "splitShipping": False,
        "ableSplitShipping": False,
        "receiver": {
            "name": name,
            "safeNumber": safe,
            "receiverNumber": None,
            "addr1": road.rsplit(" ", 1)[0] + " **아파트",
            "addr2": f"{rng.randrange(101, 120)}동 *호",
            "postCode": zip_code,
        },
        "orderItems": order_items,
        "overseaShippingInfoDto": {
            "personalCustomsClearanceCode": "",
            "ordererSsn": "",
            "ordererPhoneNumber": "",
        },
        "deliveryCompanyName": _COURIER_NAMES.get(courier, "CJ 대한통운"),
        "invoiceNumber": str(rng.randrange(10**11, 10**12)) if shipped else "",
        "inTrasitDateTime": format_dt(ordered + dt.timedelta(hours=30)).replace("T", " ")
        if shipped
        else "",
        "deliveredDate": format_dt(ordered + dt.timedelta(hours=50)).replace("T", " ")
        if delivered
        else "",
        "refer": rng.choice(_REFERS),
    }


_RETURN_STATUS: Final = {
    "UC": "RETURNS_UNCHECKED",
    "RU": "RELEASE_STOP_UNCHECKED",
    "PR": "REQUEST_COUPANG_CHECK",
    "CC": "RETURNS_COMPLETED",
}


def _return_request(
    rng: random.Random, ids: Ids, order: dict[str, Any], created: dt.datetime
) -> dict[str, Any]:
    cancel = order["status"] in ("ACCEPT", "INSTRUCT")
    status = (
        rng.choice(("RU", "UC")) if cancel else rng.choices(list(_RETURN_STATUS), (4, 1, 2, 3))[0]
    )
    reason1, reason2 = rng.choice(_RETURN_REASONS)
    line = order["orderItems"][0]
    completed = status == "CC"
    return {
        "receiptId": ids.next_receipt_id(),
        "orderId": order["orderId"],
        "paymentId": order["orderId"] + 939_000_000,
        "receiptType": "CANCEL" if cancel else "RETURN",
        "receiptStatus": _RETURN_STATUS[status],
        "createdAt": format_dt(created),
        "modifiedAt": format_dt(created),
        "requesterName": order["orderer"]["name"],
        "requesterPhoneNumber": order["orderer"]["safeNumber"],
        "requesterRealPhoneNumber": None,
        "requesterAddress": order["receiver"]["addr1"],
        "requesterAddressDetail": order["receiver"]["addr2"],
        "requesterZipCode": order["receiver"]["postCode"],
        "cancelReasonCategory1": reason1,
        "cancelReasonCategory2": reason2,
        "cancelReason": "",
        "cancelCountSum": line["shippingCount"],
        "returnDeliveryId": rng.randrange(20_000_000, 29_999_999),
        "returnDeliveryType": "연동택배",
        "releaseStopStatus": "미처리" if status == "RU" else "처리(이미출고)",
        "enclosePrice": 0,
        "faultByType": rng.choice(("CUSTOMER", "VENDOR", "COUPANG")),
        "preRefund": False,
        "completeConfirmDate": format_dt(created + dt.timedelta(days=2)).replace("T", " ")
        if completed
        else "",
        "completeConfirmType": "VENDOR_CONFIRM" if completed else "UNDEFINED",
        "returnItems": [
            {
                "vendorItemPackageId": 0,
                "vendorItemPackageName": line["vendorItemPackageName"],
                "vendorItemId": line["vendorItemId"],
                "vendorItemName": line["vendorItemName"],
                "purchaseCount": line["shippingCount"],
                "cancelCount": line["shippingCount"],
                "shipmentBoxId": order["shipmentBoxId"],
                "sellerProductId": line["sellerProductId"],
                "sellerProductName": line["sellerProductName"],
            }
        ],
        "returnDeliveryDtos": [{"deliveryCompanyCode": "CJGLS", "deliveryInvoiceNo": ""}],
        "_status": status,  # the query code; removed from responses
    }


def _exchange_request(
    rng: random.Random,
    ids: Ids,
    order: dict[str, Any],
    created: dt.datetime,
    vendor: VendorState,
) -> dict[str, Any]:
    status = rng.choices(("RECEIPT", "PROGRESS", "SUCCESS", "REJECT", "CANCEL"), (3, 3, 2, 1, 1))[0]
    reason_code, reason_text = rng.choice(_EXCHANGE_REASONS)
    line = order["orderItems"][0]
    exchange_id = ids.next_exchange_id()
    stamp = format_dt(created)
    receiver = order["receiver"]
    center = vendor.return_centers[0] if vendor.return_centers else None
    address = center["placeAddresses"][0] if center else {}
    labels = {
        "RECEIPT": "RECEIPT",
        "PROGRESS": "PROGRESS",
        "SUCCESS": "SUCCESS",
        "REJECT": "REJECT",
        "CANCEL": "CANCEL",
    }
    return {
        "exchangeId": exchange_id,
        "orderId": order["orderId"],
        "vendorId": vendor.vendor_id,
        "orderDeliveryStatusCode": "FINAL_DELIVERY",
        "exchangeStatus": status,
        "referType": "WEB_MOBILE",
        "faultType": rng.choice(("VENDOR", "CUSTOMER")),
        "exchangeAmount": 0,
        "reason": None,
        "reasonCode": reason_code,
        "reasonCodeText": reason_text,
        "reasonEtcDetail": rng.choice(
            ("베이지색 주문했는데 브라운이 왔습니다", "사이즈가 작아요", "")
        ),
        "cancelReason": "고객 철회" if status == "CANCEL" else None,
        "createdByType": "CUSTOMER",
        "createdAt": stamp,
        "modifiedByType": "TRACKING",
        "modifiedAt": stamp,
        "exchangeItemDtoV1s": [
            {
                "exchangeItemId": exchange_id * 10 + 1,
                "orderItemId": line["vendorItemId"],
                "orderItemUnitPrice": line["salesPrice"],
                "orderItemName": None,
                "orderPackageId": None,
                "orderPackageName": None,
                "targetItemId": line["vendorItemId"],
                "targetItemUnitPrice": line["salesPrice"],
                "targetItemName": line["vendorItemName"],
                "targetPackageId": -1,
                "targetPackageName": "",
                "quantity": 1,
                "orderItemDeliveryComplete": None,
                "orderItemReturnComplete": None,
                "targetItemDeliveryComplete": None,
                "createdAt": stamp,
                "modifiedAt": stamp,
                "originalShipmentBoxId": order["shipmentBoxId"],
            }
        ],
        "exchangeAddressDtoV1": {
            "exchangeAddressId": exchange_id // 60,
            "returnCustomerName": order["orderer"]["name"],
            "returnAddressZipCode": receiver["postCode"],
            "returnAddress": receiver["addr1"],
            "returnAddressDetail": receiver["addr2"],
            "returnPhone": None,
            "returnMobile": "010-****-****",
            "returnMemo": None,
            "deliveryCustomerName": order["orderer"]["name"],
            "deliveryAddressZipCode": receiver["postCode"],
            "deliveryAddress": receiver["addr1"],
            "deliveryAddressDetail": receiver["addr2"],
            "deliveryPhone": None,
            "deliveryMobile": "010-****-****",
            "deliveryMemo": None,
            "createdAt": stamp,
            "modifiedAt": stamp,
            "exchangeId": exchange_id,
        },
        "deliveryInvoiceGroupDtos": [],
        "deliveryStatus": "BeforeDirection",
        "collectStatus": "Collecting" if status in ("RECEIPT", "PROGRESS") else "CompleteCollect",
        "collectCompleteDate": None,
        "collectInformationsDto": {
            "returnType": "EXCHANGE_RETURN",
            "expectedReturnDate": format_dt(created + dt.timedelta(days=3)),
            "returndeliveryItemDtos": [
                {
                    "vendorItemId": line["vendorItemId"],
                    "statusCode": "RETURN_SEND_READY",
                    "returnCount": None,
                    "releaseStatus": "RELEASED",
                    "paymentReturnDeliveryMapId": exchange_id // 4,
                    "paymentItemId": 1,
                    "modifiedBy": "104132490",
                    "moodifiedAt": stamp,  # sic: Coupang's own spelling
                    "createdBy": "104132490",
                    "createdAt": stamp,
                    "count": 1,
                    "confirmType": None,
                    "collectStatus": "RETURN",
                }
            ],
            "returndeliveryDestinationDto": {
                "vendorZipCode": address.get("returnZipCode", ""),
                "vendorPhone": address.get("companyContactNumber", ""),
                "vendorName": vendor.vendor_name,
                "vendorMobile": "",
                "vendorAddressDetail": address.get("returnAddressDetail", ""),
                "vendorAddress": address.get("returnAddress", ""),
                "safetyNumberStatus": "DISABLE",
                "safetyNumberId": exchange_id * 2,
                "safetyNumber": f"0503{rng.randrange(10**7, 10**8)}",
                "returnDeliveryId": None,
                "returnCenterCode": center["returnCenterCode"] if center else None,
                "receiptId": None,
                "orderedByMobile": None,
                "orderId": order["orderId"],
                "message": None,
                "customerZipCode": receiver["postCode"],
                "customerPhone": "010*",
                "customerName": order["orderer"]["name"],
                "customerMobile": "010*",
                "customerAddressDetail": receiver["addr2"],
                "customerAddress": receiver["addr1"],
            },
        },
        "returnDeliveryDtos": [{"deliveryCompanyCode": "CJGLS", "deliveryInvoiceNo": ""}],
        "orderDeliveryStatusLabel": "FINAL_DELIVERY",
        "exchangeStatusLabel": labels[status],
        "referTypeLabel": "WEB_MOBILE",
        "faultTypeLabel": "VENDOR",
        "createdByTypeLabel": "CUSTOMER",
        "rejectable": status in ("RECEIPT", "PROGRESS"),
        "modifiedByTypeLabel": "CUSTOMER",
        "deliveryInvoiceModifiable": False,
        "successable": status == "PROGRESS",
    }


def generate(
    vendor: VendorState,
    ids: Ids,
    *,
    seed: int,
    products: int,
    orders: int | None,
    shipping_places: int,
    return_centers: int,
    today: dt.date,
) -> None:
    """Fill ``vendor`` with a deterministic catalogue (see the module docstring)."""
    rng = random.Random(f"catalogue:{seed}:{vendor.vendor_id}")
    _shipping_places(rng, vendor, shipping_places, today)
    _return_centers(rng, vendor, return_centers, today)

    start = dt.datetime.combine(today - dt.timedelta(days=730), dt.time(0), tzinfo=None)
    span = 730 * 86_400
    created_times = sorted(
        start + dt.timedelta(seconds=rng.randrange(span)) for _ in range(products)
    )
    plan = _status_plan(rng, products)
    # Rocket Growth: about one in twelve approved-ish products each RG-only and hybrid (at least one
    # of each when there are ten or more products).
    registration: list[str | None] = [None] * products
    eligible = [i for i, s in enumerate(plan) if s in ("APPROVED", "DENIED")]
    rng.shuffle(eligible)
    n_rg = max(1 if products >= 10 else 0, products // 12)
    for i in eligible[:n_rg]:
        registration[i] = "RFM"
    for i in eligible[n_rg : 2 * n_rg]:
        registration[i] = "NORMAL"
    # Id strides shrink with the catalogue so ids stay in Coupang's ranges for any size
    # (sellerProductId below ~1.2e10, vendorItemId below ~4e10).
    strides = (
        min(1_000_000, max(1_000, 10**10 // max(products, 1))),
        min(2_000_000, max(1_000, 3 * 10**10 // max(4 * products, 1))),
    )
    for created, status, reg in zip(created_times, plan, registration, strict=True):
        vendor.add_product(_product(rng, ids, vendor, created, status, reg, strides))
    # Listing violation flags: ~5 % of approved products, and at least one of each combination
    # the filter tests need (ATTR+MOTA_V2, NO_VA_V2, ATTR) when there are enough products.
    approved = [p for p in vendor.products.values() if p.status == "APPROVED" and p.is_marketplace]
    if products >= 10:
        fixed = (frozenset({"ATTR", "MOTA_V2"}), frozenset({"NO_VA_V2"}), frozenset({"ATTR"}))
        for product, flags in zip(rng.sample(approved, min(3, len(approved))), fixed, strict=False):
            product.violations = flags

    pool = [
        (product, item)
        for product, item in vendor.vendor_items.values()
        if product.status == "APPROVED" and item.on_sale
    ]
    if not pool:
        return
    n_orders = 2 * products if orders is None else orders
    first_day = dt.datetime.combine(today - dt.timedelta(days=ORDER_DAYS - 1), dt.time(0))
    end = dt.datetime.combine(today, dt.time(23, 59, 59))
    times = sorted(
        first_day + dt.timedelta(seconds=rng.randrange(ORDER_DAYS * 86_400))
        for _ in range(n_orders)
    )
    generated = []
    for ordered in times:
        lines = rng.sample(pool, rng.choices((1, 2), (4, 1))[0] if len(pool) > 1 else 1)
        order = _order(rng, ids, ordered, lines, today)
        vendor.orders.add(order)
        generated.append((ordered, order))
    returns = []
    for ordered, order in generated:
        if rng.random() < 1 / 6:
            created = min(ordered + dt.timedelta(hours=rng.randint(1, 72)), end)
            returns.append((created, order))
    for created, order in sorted(returns, key=lambda pair: pair[0]):
        vendor.return_requests.add(_return_request(rng, ids, order, created))
    exchanges = []
    for ordered, order in generated:
        if order["status"] == "FINAL_DELIVERY" and rng.random() < 1 / 8:
            created = min(ordered + dt.timedelta(hours=rng.randint(50, 96)), end)
            exchanges.append((created, order))
    for created, order in sorted(exchanges, key=lambda pair: pair[0]):
        vendor.exchange_requests.add(_exchange_request(rng, ids, order, created, vendor))


#: For the order flow of the fake (``_fulfilment``): the same builders, used one order at a time.
new_order: Final = _order
new_return_request: Final = _return_request
new_exchange_request: Final = _exchange_request
