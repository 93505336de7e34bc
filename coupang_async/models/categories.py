"""Category meta (what a display category requires of a product) and category recommendation.

Wire facts: reference/coupang-api.md §6.1 (category meta sample; the current doc adds
``isExpirationDateRequiredForRocketGrowth``) and §6.2 (categorization predict). Lossless per the
recipe in `coupang_async._converter`.

Build a product's ``attributes``, ``notices``, ``requiredDocuments`` and ``certifications`` to
match `CategoryMeta`; `CategoryMeta.mandatory_attributes` and friends list what must be present.
"""

from __future__ import annotations

import enum
from typing import Annotated

import attrs

from coupang_async._converter import MISSING, Maybe, WireModel, wire
from coupang_async.models.products import AttributeExposure, OfferCondition

__all__ = [
    "AttributeDataType",
    "CategoryAttribute",
    "CategoryCertification",
    "CategoryDocument",
    "CategoryMeta",
    "CategoryNotice",
    "CategoryNoticeDetail",
    "CategoryPrediction",
    "CertificationDataType",
    "PredictionResult",
    "Requirement",
]


class Requirement(enum.StrEnum):
    """``required`` of attributes, notices, documents and certifications in the meta."""

    MANDATORY = "MANDATORY"
    OPTIONAL = "OPTIONAL"
    #: Certifications only.
    RECOMMEND = "RECOMMEND"
    #: Documents only: required when the product is parallel-imported.
    MANDATORY_PARALLEL_IMPORTED = "MANDATORY_PARALLEL_IMPORTED"
    #: Documents only: required when the product is an overseas purchase.
    MANDATORY_OVERSEAS_PURCHASED = "MANDATORY_OVERSEAS_PURCHASED"


class AttributeDataType(enum.StrEnum):
    """``attributes[].dataType``."""

    STRING = "STRING"
    NUMBER = "NUMBER"
    DATE = "DATE"


class CertificationDataType(enum.StrEnum):
    """``certifications[].dataType``: whether a certification code must be given."""

    CODE = "CODE"
    NONE = "NONE"


class PredictionResult(enum.StrEnum):
    """``autoCategorizationPredictionResultType`` of a category recommendation."""

    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    INSUFFICIENT_INFORMATION = "INSUFFICIENT_INFORMATION"


@attrs.define(kw_only=True, repr=False)
class CategoryAttribute(WireModel):
    """An attribute (option or search attribute) the category offers."""

    attribute_type_name: Maybe[str] = MISSING
    data_type: Maybe[AttributeDataType | str] = MISSING
    #: The unit of a NUMBER attribute (``없음`` when none).
    basic_unit: Maybe[str] = MISSING
    usable_units: Maybe[list[str]] = MISSING
    required: Maybe[Requirement | str] = MISSING
    #: ``NONE``, or a group number: give at least one attribute of each group.
    group_number: Maybe[str] = MISSING
    #: `AttributeExposure.EXPOSED` = purchase option, `NONE` = search attribute.
    exposed: Maybe[AttributeExposure | str] = MISSING


@attrs.define(kw_only=True, repr=False)
class CategoryNoticeDetail(WireModel):
    """One line of a notice category (상품고시정보 항목)."""

    notice_category_detail_name: Maybe[str] = MISSING
    required: Maybe[Requirement | str] = MISSING


@attrs.define(kw_only=True, repr=False)
class CategoryNotice(WireModel):
    """A notice category (상품고시정보 카테고리) with its lines."""

    notice_category_name: Maybe[str] = MISSING
    notice_category_detail_names: Maybe[list[CategoryNoticeDetail]] = MISSING


@attrs.define(kw_only=True, repr=False)
class CategoryDocument(WireModel):
    """A document template the category may require (``requiredDocumentNames``)."""

    template_name: Maybe[str] = MISSING
    required: Maybe[Requirement | str] = MISSING


@attrs.define(kw_only=True, repr=False)
class CategoryCertification(WireModel):
    """A certification type the category accepts."""

    certification_type: Maybe[str] = MISSING
    name: Maybe[str] = MISSING
    data_type: Maybe[CertificationDataType | str] = MISSING
    required: Maybe[Requirement | str] = MISSING


@attrs.define(kw_only=True, repr=False)
class CategoryMeta(WireModel):
    """What a display category requires of a product (the ``data`` of the meta call)."""

    #: Whether a product may have a single option.
    is_allow_single_item: Maybe[bool] = MISSING
    attributes: Maybe[list[CategoryAttribute]] = MISSING
    notice_categories: Maybe[list[CategoryNotice]] = MISSING
    required_documents: Annotated[Maybe[list[CategoryDocument]], wire("requiredDocumentNames")] = (
        MISSING
    )
    certifications: Maybe[list[CategoryCertification]] = MISSING
    allowed_offer_conditions: Maybe[list[OfferCondition | str]] = MISSING
    is_expiration_date_required_for_rocket_growth: Maybe[bool] = MISSING

    @property
    def mandatory_attributes(self) -> list[str]:
        """Names of the attributes every option must carry."""
        return [
            a.attribute_type_name
            for a in self.attributes or ()
            if a.required == Requirement.MANDATORY and isinstance(a.attribute_type_name, str)
        ]

    @property
    def purchase_options(self) -> list[str]:
        """Names of the attributes that are purchase options (``exposed == EXPOSED``)."""
        return [
            a.attribute_type_name
            for a in self.attributes or ()
            if a.exposed == AttributeExposure.EXPOSED and isinstance(a.attribute_type_name, str)
        ]

    def notice(self, name: str) -> CategoryNotice | None:
        """The notice category called ``name``, or None."""
        for notice in self.notice_categories or ():
            if notice.notice_category_name == name:
                return notice
        return None


@attrs.define(kw_only=True, repr=False)
class CategoryPrediction(WireModel):
    """The recommended display category for a product (the ``data`` of categorization predict)."""

    result_type: Annotated[
        Maybe[PredictionResult | str], wire("autoCategorizationPredictionResultType")
    ] = MISSING
    #: The recommended displayCategoryCode (a numeric string on the wire, an ``int`` here).
    predicted_category_id: Maybe[int] = MISSING
    predicted_category_name: Maybe[str] = MISSING
    comment: Maybe[str] = MISSING

    @property
    def succeeded(self) -> bool:
        """True when Coupang recommended a category."""
        return self.result_type == PredictionResult.SUCCESS and isinstance(
            self.predicted_category_id, int
        )
