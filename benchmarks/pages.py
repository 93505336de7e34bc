"""Wire-shaped test pages shared by the benchmarks (no package imports: the raw server uses them).

- `listing_page`: a GET seller-products page of the Rocket Growth listing (100 products, 2 options
  each, ~80 KB): what the typed-decode goal, the raw server's listing and the export walks use.
- `full_product`: a GET product body (reference §5.2) with three options.
"""

from __future__ import annotations

import random
from typing import Any


def listing_page(n: int = 100, seed: int = 0, first: int = 0) -> dict[str, Any]:
    """A listing page like GET seller-products with ``businessTypes=rocketGrowth``.

    ``first`` offsets every id (page k of a walk: ``first=k * n``); names vary with ``seed``.
    """
    rnd = random.Random(seed)
    data = []
    for i in range(first, first + n):
        items = []
        for j in range(2):
            kind = rnd.choice(("marketplace", "rocket", "hybrid"))
            base = 30100601900 + i * 10 + j
            mp = {"vendorInventoryItemId": base, "vendorItemId": 72300272900 + i * 10 + j}
            rg = {"vendorInventoryItemId": base + 1000, "vendorItemId": 72300273900 + i * 10 + j}
            items.append(
                {
                    "itemName": f"옵션 {j} 블랙/{250 + j * 5}mm",
                    "marketPlaceItem": mp if kind != "rocket" else None,
                    "rocketGrowthItem": rg if kind != "marketplace" else None,
                }
            )
        data.append(
            {
                "items": items,
                "sellerProductId": 30100307000 + i,
                "sellerProductName": f"[테스트] 헬로키티 미니낚시놀이 세트 {i}호 대용량 패키지",
                "displayCategoryCode": 77413 + i,
                "categoryId": 2102,
                "productId": 14784194 + i if i % 5 else None,
                "vendorId": "A00012345",
                "mdId": "harry867@",
                "mdName": None,
                "saleStartedAt": "2017-02-14T06:00:00",
                "saleEndedAt": "2099-12-31T00:00:00",
                "brand": "상세설명별도참조",
                "statusName": rnd.choice(("승인완료", "임시저장", "승인반려")),
                "createdAt": "2017-02-13T02:09:47",
                "registrationType": "NORMAL",
            }
        )
    return {"code": "SUCCESS", "message": "", "nextToken": "2", "data": data}


def full_product(i: int) -> dict[str, Any]:
    """A GET product body like reference §5.2, with three options."""
    item = {
        "offerCondition": "NEW",
        "offerDescription": "",
        "sellerProductItemId": 425073845 + i,
        "vendorItemId": None,
        "itemName": "[Stchodo] 스쳐도 민트코코 빅에디션 버핑 44",
        "originalPrice": 13000.0,
        "salePrice": 10000.0,
        "supplyPrice": 8570.0,
        "maximumBuyCount": 9999,
        "maximumBuyForPerson": 0,
        "outboundShippingTimeDay": 2,
        "maximumBuyForPersonPeriod": 1,
        "unitCount": 1,
        "adultOnly": "EVERYONE",
        "taxType": "TAX",
        "parallelImported": "NOT_PARALLEL_IMPORTED",
        "overseasPurchased": "NOT_OVERSEAS_PURCHASED",
        "externalVendorSku": "90726",
        "pccNeeded": False,
        "bestPriceGuaranteed3P": False,
        "emptyBarcode": True,
        "emptyBarcodeReason": "NOT_ISSUEED",
        "barcode": "",
        "saleAgentCommission": 10.0,
        "modelNo": "",
        "images": [
            {
                "imageOrder": k,
                "imageType": "REPRESENTATION" if k == 0 else "DETAIL",
                "cdnPath": f"vendor_inventory/images/2017/11/30/16/2/9cb2338b-{k}.jpg",
                "vendorPath": f"1510090210070000{k}.jpg",
            }
            for k in range(3)
        ],
        "notices": [
            {
                "noticeCategoryName": "패션잡화(모자/벨트/액세서리)",
                "noticeCategoryDetailName": name,
                "content": "상세페이지 참조",
            }
            for name in ("종류", "소재", "치수", "제조자", "제조국", "취급시 주의사항")
        ],
        "attributes": [
            {
                "attributeTypeName": "색상",
                "attributeValueName": "GREY",
                "exposed": "EXPOSED",
                "editable": False,
            },
            {
                "attributeTypeName": "사이즈",
                "attributeValueName": "44",
                "exposed": "EXPOSED",
                "editable": False,
            },
        ],
        "contents": [
            {
                "contentsType": "TEXT",
                "contentDetails": [
                    {
                        "content": "<div><img src='http://example.invalid/x.jpg'></div>",
                        "detailType": "TEXT",
                    }
                ],
            }
        ],
        "certifications": [{"certificationType": "NOT_REQUIRED", "certificationCode": ""}],
        "extraProperties": {"transactionType": "manufacturer", "businessType": "Beauty"},
        "searchTags": ["검색어1", "검색어2"],
    }
    return {
        "sellerProductId": 152620911 + i,
        "sellerProductName": "테스트 상품 등록_CJ제일제당 백설 찹쌀 호떡믹스_Python",
        "displayCategoryCode": 81592,
        "categoryId": 2715,
        "productId": None,
        "vendorId": "A00013264",
        "mdId": "JJANGCBW@",
        "mdName": "최병우",
        "saleStartedAt": "2017-11-30T16:23:12",
        "saleEndedAt": "2099-01-01T23:59:59",
        "displayProductName": "고객 만족 CJ제일제당 백설 찹쌀 호떡믹스",
        "brand": "Stchodo",
        "generalProductName": "CJ제일제당 백설 찹쌀 호떡믹스",
        "productGroup": "호떡믹스",
        "statusName": "임시저장",
        "deliveryMethod": "SEQUENCIAL",
        "deliveryCompanyCode": "KGB",
        "deliveryChargeType": "FREE",
        "deliveryCharge": 0.0,
        "freeShipOverAmount": 0.0,
        "deliveryChargeOnReturn": 2500.0,
        "remoteAreaDeliverable": "N",
        "bundlePackingDelivery": None,
        "unionDeliveryType": "UNION_DELIVERY",
        "returnCenterCode": "1000274592",
        "returnChargeName": "대표이름4",
        "companyContactNumber": "02-1234-678",
        "returnZipCode": "135-090",
        "returnAddress": "서울특별시 강남구 삼성동",
        "returnAddressDetail": "333",
        "returnCharge": 5000.0,
        "exchangeType": "AFTER",
        "returnChargeVendor": "N",
        "afterServiceInformation": "A/S안내 1544-1255",
        "afterServiceContactNumber": "1544-1255",
        "outboundShippingPlaceCode": 74010,
        "contributorType": "API_SELLER",
        "vendorUserId": "et5",
        "requested": False,
        "items": [{**item, "sellerProductItemId": 425073845 + i * 3 + k} for k in range(3)],
        "requiredDocuments": [],
        "extraInfoMessage": None,
        "manufacture": "제조사",
    }
