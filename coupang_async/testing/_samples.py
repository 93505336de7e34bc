"""A valid create-product body, taken from Coupang's own create-product sample."""

from __future__ import annotations

import copy
from typing import Any, Final

COSMETICS_NOTICE_DETAILS: Final = (
    "용량(중량)",
    "제품 주요 사양",
    "사용기한 또는 개봉 후 사용기간",
    "사용방법",
    "제조업자 및 제조판매업자",
    "제조국",
    "화장품법에 따라 기재, 표시하여야 하는 모든 성분",
    "식품의약품안전처 심사 필 유무",
    "사용할 때 주의사항",
    "품질보증기준",
    "소비자상담관련 전화번호",
)


def _item(name: str, original: int, sale: int, count: str, sku: str, model: str) -> dict[str, Any]:
    return {
        "itemName": name,
        "originalPrice": original,
        "salePrice": sale,
        "maximumBuyCount": "100",
        "maximumBuyForPerson": "0",
        "outboundShippingTimeDay": "1",
        "maximumBuyForPersonPeriod": "1",
        "unitCount": 1,
        "adultOnly": "EVERYONE",
        "taxType": "TAX",
        "parallelImported": "NOT_PARALLEL_IMPORTED",
        "overseasPurchased": "NOT_OVERSEAS_PURCHASED",
        "pccNeeded": "false",
        "externalVendorSku": sku,
        "barcode": "",
        "emptyBarcode": True,
        "emptyBarcodeReason": "상품확인불가_바코드없음사유",
        "modelNo": model,
        "extraProperties": None,
        "certifications": [{"certificationType": "NOT_REQUIRED", "certificationCode": ""}],
        "searchTags": ["검색어1", "검색어2"],
        "images": [
            {
                "imageOrder": 0,
                "imageType": "REPRESENTATION",
                "vendorPath": "http://image11.coupangcdn.com/image/product/image/vendoritem/2018/06/"
                "25/3719529368/27a6b898-ff3b-4a27-b1e4-330a90c25e9c.jpg",
            },
            {
                "imageOrder": 1,
                "imageType": "DETAIL",
                "vendorPath": "http://image11.coupangcdn.com/image/product/image/vendoritem/2017/02/"
                "21/3000169918/34b79649-d625-4f49-a260-b78bf7a573a8.jpg",
            },
        ],
        "notices": [
            {
                "noticeCategoryName": "화장품",
                "noticeCategoryDetailName": d,
                "content": "상세페이지 참조",
            }
            for d in COSMETICS_NOTICE_DETAILS
        ],
        "attributes": [
            {"attributeTypeName": "수량", "attributeValueName": count},
            {"attributeTypeName": "개당 용량", "attributeValueName": "200ml"},
        ],
        "contents": [
            {
                "contentsType": "TEXT",
                "contentDetails": [
                    {
                        "content": "<img src='http://image11.coupangcdn.com/image/product/content/"
                        "vendorItem/2018/06/26/196713/738d905f-ed80-4fd8-ad21-ed87b195a19e.jpg' />",
                        "detailType": "TEXT",
                    }
                ],
            }
        ],
        "offerCondition": "NEW",
        "offerDescription": "",
    }


_BODY: Final[dict[str, Any]] = {
    "displayCategoryCode": 56137,
    "sellerProductName": "상품등록_example",
    "vendorId": "A00012345",
    "saleStartedAt": "2018-08-13T00:00:00",
    "saleEndedAt": "2099-01-01T23:59:59",
    "displayProductName": "해피바스 솝베리 클렌징 오일",
    "brand": "해피바스",
    "generalProductName": "솝베리 클렌징 오일",
    "productGroup": "클렌징 오일",
    "deliveryMethod": "SEQUENCIAL",
    "deliveryCompanyCode": "KGB",
    "deliveryChargeType": "FREE",
    "deliveryCharge": 0,
    "freeShipOverAmount": 0,
    "deliveryChargeOnReturn": 2500,
    "remoteAreaDeliverable": "N",
    "unionDeliveryType": "UNION_DELIVERY",
    "returnCenterCode": "1000274592",
    "returnChargeName": "반품지_1",
    "companyContactNumber": "02-1234-678",
    "returnZipCode": "135-090",
    "returnAddress": "서울특별시 강남구 삼성동",
    "returnAddressDetail": "333",
    "returnCharge": 2500,
    "outboundShippingPlaceCode": "74010",
    "vendorUserId": "user01",
    "requested": False,
    "items": [
        _item("200ml_1개", 13000, 10000, "1개", "0001", "1717171"),
        _item("200ml_2개", 26000, 20000, "2개", "0002", "1717172"),
    ],
    "requiredDocuments": [
        {
            "templateName": "기타인증서류",
            "vendorDocumentPath": "http://image11.coupangcdn.com/image/product/content/vendorItem/"
            "2018/07/02/41579010/eebc0c30-8f35-4a51-8ffd-808953414dc1.jpg",
        }
    ],
    "extraInfoMessage": "",
    "manufacture": "아모레퍼시픽",
}


def product_body(vendor_id: str, **overrides: Any) -> dict[str, Any]:
    """A fresh copy of Coupang's create sample for ``vendor_id``, top-level keys overridden."""
    body = copy.deepcopy(_BODY)
    body["vendorId"] = vendor_id
    body.update(copy.deepcopy(overrides))
    return body
