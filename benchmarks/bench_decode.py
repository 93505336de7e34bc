"""Typed decode cost: orjson.loads alone vs orjson.loads + converter.structure (and unstructure).

Two pages: a 100-product listing page (the shape of GET seller-products with Rocket Growth /
hybrid items: ~200 options, ~80 KB) and a page of 20 full products (GET product shape, 3
options each, money as decimals). Prints the timings and the ratios and writes them to
``benchmarks/results/decode.json``. Goal (issue): listing decode ≤ 3x ``orjson.loads``.

Run: ``python benchmarks/bench_decode.py [--rounds N]``. Not a test: numbers depend on the box
(calibrate with ``python -m timeit "sum(range(10000))"``, see reference/performance-notes.md).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from coupang_async.models import Product, ProductSummary, converter

RESULTS = Path(__file__).parent / "results" / "decode.json"


def listing_page(n: int = 100, seed: int = 0) -> dict[str, Any]:
    """A listing page like GET seller-products with ``businessTypes=rocketGrowth``."""
    rnd = random.Random(seed)
    data = []
    for i in range(n):
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


def best_of(fn: Callable[[], object], rounds: int) -> float:
    """Best mean seconds per call over ``rounds`` repeats (the least disturbed by the box)."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=rounds, number=number)) / number


def measure(name: str, raw: bytes, tp: Any, rounds: int) -> dict[str, Any]:
    data = orjson.loads(raw)["data"]
    typed = converter.structure(data, tp)
    assert converter.unstructure(typed, tp) == data  # the law, on the benchmarked page too
    loads = best_of(lambda: orjson.loads(raw), rounds)
    decode = best_of(lambda: converter.structure(orjson.loads(raw)["data"], tp), rounds)
    unstructure = best_of(lambda: converter.unstructure(typed, tp), rounds)
    encode = best_of(lambda: orjson.dumps(converter.unstructure(typed, tp)), rounds)
    dumps = best_of(lambda: orjson.dumps(data), rounds)
    result = {
        "bytes": len(raw),
        "objects": len(data),
        "orjson_loads_us": round(loads * 1e6, 1),
        "loads_plus_structure_us": round(decode * 1e6, 1),
        "structure_only_us": round((decode - loads) * 1e6, 1),
        "decode_ratio": round(decode / loads, 2),
        "orjson_dumps_us": round(dumps * 1e6, 1),
        "unstructure_us": round(unstructure * 1e6, 1),
        "unstructure_plus_dumps_us": round(encode * 1e6, 1),
        "encode_ratio": round(encode / dumps, 2),
    }
    print(
        f"{name:<22} {len(raw) / 1024:6.1f} KB  loads {result['orjson_loads_us']:8.1f} us  "
        f"loads+structure {result['loads_plus_structure_us']:8.1f} us  "
        f"ratio {result['decode_ratio']:.2f}x  |  dumps {result['orjson_dumps_us']:7.1f} us  "
        f"unstructure+dumps {result['unstructure_plus_dumps_us']:8.1f} us  "
        f"ratio {result['encode_ratio']:.2f}x"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="repeats per timing (best is kept)")
    args = parser.parse_args()
    listing = orjson.dumps(listing_page())
    products = orjson.dumps({"code": "SUCCESS", "data": [full_product(i) for i in range(20)]})
    start = time.perf_counter()
    calibration = best_of(lambda: sum(range(10000)), args.rounds)
    results = {
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "calibration_sum_range_10000_us": round(calibration * 1e6, 1),
        "listing_page_100_products": measure(
            "listing (100 products)", listing, list[ProductSummary], args.rounds
        ),
        "full_products_20": measure("full products (20)", products, list[Product], args.rounds),
    }
    results["seconds"] = round(time.perf_counter() - start, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
