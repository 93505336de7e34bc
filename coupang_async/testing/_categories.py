"""A small built-in category table: category meta, category status and categorization predict.

Codes are real display category codes seen in Coupang's own samples (56137 from the create sample,
77723 from the meta sample, 81592 / 77413 / 78361 / 98910 / 63950 from product and predict samples,
62600 from the update doc) plus a few common grocery ones. Create and update validate against it:
unknown codes, missing MANDATORY attributes and notice categories the category does not offer are
400s, as on the real API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from coupang_async.testing._http import Call, Response, ok, openapi_error, seller_error
from coupang_async.testing._routing import OPENAPI, SELLER_API, route
from coupang_async.testing._samples import COSMETICS_NOTICE_DETAILS


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute of a category's meta."""

    name: str
    data_type: str = "STRING"
    basic_unit: str = "없음"
    usable_units: tuple[str, ...] = ()
    required: str = "OPTIONAL"
    exposed: str = "EXPOSED"

    def meta(self) -> dict[str, Any]:
        """The attribute as the meta endpoint returns it."""
        return {
            "attributeTypeName": self.name,
            "dataType": self.data_type,
            "basicUnit": self.basic_unit,
            "usableUnits": list(self.usable_units),
            "required": self.required,
            "groupNumber": "NONE",
            "exposed": self.exposed,
        }


@dataclass(frozen=True, slots=True)
class Category:
    """A display category: meta data plus the words the fake's predictor and generator use."""

    code: int
    category_id: int
    name: str
    notice: str
    notice_details: tuple[str, ...]
    attributes: tuple[Attribute, ...]
    keywords: tuple[str, ...]
    certifications: tuple[dict[str, str], ...] = field(default=())

    @property
    def mandatory_attributes(self) -> tuple[str, ...]:
        """Names of the attributes every item must carry."""
        return tuple(a.name for a in self.attributes if a.required == "MANDATORY")

    def meta(self) -> dict[str, Any]:
        """The ``data`` of the category meta endpoint."""
        return {
            "isAllowSingleItem": True,
            "attributes": [a.meta() for a in self.attributes],
            "noticeCategories": [
                {
                    "noticeCategoryName": self.notice,
                    "noticeCategoryDetailNames": [
                        {"noticeCategoryDetailName": d, "required": "MANDATORY"}
                        for d in self.notice_details
                    ],
                }
            ],
            "requiredDocumentNames": [
                {"templateName": "기타인증서류", "required": "OPTIONAL"},
                {
                    "templateName": "수입신고필증(병행수입 선택시)",
                    "required": "MANDATORY_PARALLEL_IMPORTED",
                },
                {
                    "templateName": "인보이스영수증(해외구매대행 선택시)",
                    "required": "MANDATORY_OVERSEAS_PURCHASED",
                },
            ],
            "certifications": [*_BASE_CERTIFICATIONS, *self.certifications],
            "allowedOfferConditions": [
                "NEW",
                "REFURBISHED",
                "USED_BEST",
                "USED_GOOD",
                "USED_NORMAL",
            ],
            "isExpirationDateRequiredForRocketGrowth": self.notice == "가공식품",
        }


_BASE_CERTIFICATIONS: Final = (
    {
        "certificationType": "NOT_REQUIRED",
        "name": "인증대상아님",
        "dataType": "NONE",
        "required": "OPTIONAL",
    },
    {
        "certificationType": "PRESENTED_IN_DETAIL_PAGE",
        "name": "상세설명에 표시",
        "dataType": "NONE",
        "required": "OPTIONAL",
    },
)
_KC_KID: Final = {
    "certificationType": "KC_KID_CERTIFICATION",
    "name": "KC인증 어린이제품 안전인증",
    "dataType": "CODE",
    "required": "RECOMMEND",
}

_COUNT: Final = Attribute("수량", "NUMBER", "개", ("개", "개입", "매", "매입", "팩", "입"))
_COUNT_REQUIRED: Final = Attribute(
    "수량", "NUMBER", "개", ("개", "개입", "매", "매입", "팩", "입"), required="MANDATORY"
)
_VOLUME_REQUIRED: Final = Attribute("개당 용량", "NUMBER", "ml", ("ml", "l"), required="MANDATORY")
_WEIGHT: Final = Attribute("개당 중량", "NUMBER", "g", ("g", "kg"))
_FOOD_NOTICE: Final = (
    "식품의 유형",
    "생산자 및 소재지",
    "제조연월일, 유통기한 또는 품질유지기한",
    "포장단위별 용량(중량), 수량",
    "원재료명 및 함량",
    "소비자상담 관련 전화번호",
)

CATEGORIES: Final[dict[int, Category]] = {
    c.code: c
    for c in (
        Category(
            56137,
            4021,
            "클렌징 오일",
            "화장품",
            COSMETICS_NOTICE_DETAILS,  # the notices of Coupang's own create sample
            (_COUNT, _VOLUME_REQUIRED),
            ("클렌징", "오일", "클렌저", "화장품"),
        ),
        Category(
            81592,
            2715,
            "호떡믹스",
            "가공식품",
            _FOOD_NOTICE,
            (_COUNT, _WEIGHT),
            ("호떡", "믹스", "부침가루", "가루"),
        ),
        Category(
            77413,
            2102,
            "낚시놀이",
            "완구",
            ("품명 및 모델명", "KC 인증 필 유무", "크기, 중량", "재질", "사용연령", "제조국"),
            (_COUNT, Attribute("사용 연령", exposed="NONE")),
            ("낚시놀이", "장난감", "완구", "놀이"),
            (_KC_KID,),
        ),
        Category(
            77723,
            3390,
            "차량용 휴대폰 거치대",
            "자동차용품(자동차부품/기타 자동차용품)",
            ("품명 및 모델명", "출시년월", "KC 인증 필 유무"),
            (
                _COUNT,
                Attribute("자동차거치용품 거치대고정", exposed="NONE"),
                Attribute("헤드 회전 가능여부", exposed="NONE"),
                Attribute("각도조절 가능여부", exposed="NONE"),
            ),
            ("거치대", "차량용", "자동차"),
        ),
        Category(
            63950,
            5561,
            "일반 섬유유연제",
            "생활화학제품",
            ("품명 및 모델명", "용도 및 제형", "제조연월 및 유통기한", "제조국"),
            (_VOLUME_REQUIRED, _COUNT),
            ("섬유유연제", "유연제", "세탁"),
        ),
        Category(
            78361,
            2357,
            "반팔 티셔츠",
            "의류",
            (
                "제품 소재",
                "색상",
                "치수",
                "제조자(수입자)",
                "제조국",
                "세탁방법 및 취급시 주의사항",
            ),
            (
                Attribute("색상", required="MANDATORY"),
                Attribute("사이즈"),
            ),
            ("티셔츠", "반팔", "셔츠", "코트", "의류"),
        ),
        Category(
            98910,
            7652,
            "백팩",
            "가방",
            ("종류", "소재", "색상", "크기", "제조자(수입자)", "제조국"),
            (Attribute("색상"),),
            ("백팩", "가방", "배낭"),
        ),
        Category(
            59258,
            1122,
            "생수",
            "가공식품",
            _FOOD_NOTICE,
            (_VOLUME_REQUIRED, _COUNT_REQUIRED),
            ("생수", "워터", "먹는샘물"),
        ),
        Category(
            58901,
            1187,
            "봉지라면",
            "가공식품",
            _FOOD_NOTICE,
            (_COUNT_REQUIRED, _WEIGHT),
            ("라면", "면"),
        ),
        Category(
            62600,
            6412,
            "자급제폰",
            "휴대폰",
            (
                "품명 및 모델명",
                "KC 인증 필 유무",
                "동일모델의 출시년월",
                "제조자(수입자)",
                "제조국",
            ),
            (Attribute("색상"), Attribute("저장용량")),
            ("휴대폰", "스마트폰", "갤럭시", "자급제"),
        ),
    )
}

UNKNOWN_CATEGORY: Final = "존재하지 않는 카테고리입니다. [{code}]"  # fake's wording


def predict(product_name: str) -> Category | None:
    """The category whose keywords match the product name best (ties: table order)."""
    best: Category | None = None
    best_score = 0
    for category in CATEGORIES.values():
        score = sum(1 for word in category.keywords if word in product_name)
        if score > best_score:
            best, best_score = category, score
    return best


# --- routes -------------------------------------------------------------------------------------


@route("GET", rf"{SELLER_API}/meta/category-related-metas/display-category-codes/(?P<code>\d+)")
def get_category_meta(call: Call) -> Response:
    """GET …/meta/category-related-metas/display-category-codes/{displayCategoryCode}."""
    code = call.int_param("code")
    category = CATEGORIES.get(code)
    if category is None:
        raise seller_error(UNKNOWN_CATEGORY.format(code=code))
    return ok({"code": "SUCCESS", "message": "", "data": category.meta()})


@route("GET", rf"{SELLER_API}/meta/display-categories/(?P<code>\d+)/status")
def get_category_status(call: Call) -> Response:
    """GET …/meta/display-categories/{displayCategoryCode}/status: every category of the fake's
    table is a leaf in service (true); an unknown code is a 400, as for the meta."""
    code = call.int_param("code")
    if code not in CATEGORIES:
        raise seller_error(UNKNOWN_CATEGORY.format(code=code))
    return ok({"code": "SUCCESS", "message": "", "data": True})


@route("POST", f"{OPENAPI}/v1/categorization/predict")
def predict_category(call: Call) -> Response:
    """POST /v2/providers/openapi/apis/api/v1/categorization/predict (numeric ``code`` 200)."""
    body = call.json()
    name = body.get("productName") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise openapi_error("productName is required.")  # fake's wording
    category = predict(name)
    if category is None:
        data: dict[str, Any] = {
            "autoCategorizationPredictionResultType": "INSUFFICIENT_INFORMATION",
            "predictedCategoryId": None,
            "predictedCategoryName": None,
            "comment": "상품명만으로는 카테고리를 추천할 수 없습니다.",  # fake's wording
        }
    else:
        data = {
            "autoCategorizationPredictionResultType": "SUCCESS",
            "predictedCategoryId": str(category.code),
            "predictedCategoryName": category.name,
            "comment": None,
        }
    return ok({"code": 200, "message": "OK", "data": data})
