"""Every error class from a real-looking gateway body (reference/coupang-api.md §3, §4)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from coupang_async import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BusinessError,
    CoupangError,
    GatewayTimeoutError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    RetryPolicy,
    ServerError,
)

from .helpers import BASE_URL, SECRET_KEY, make_client

pytestmark = pytest.mark.both_backends

PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products/152620911"

ACCESS_DENIED_HTML = (
    "<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \n"
    "You don't have permission to access \"http://api-gateway.coupang.com/v2/providers/"
    'openapi/apis/api/v4/vendors/callCenterInquiries/***** " on this server.<P>\n'
    "Reference #18.3c61ca17.1701137054.1f34800d\n</BODY>\n</HTML>\n"
)
GATEWAY_401 = {
    "Invalid signature.": "78dcba12-7e64-400a-8f1d-0c185a1f3ce1",
    "HMAC format is invalid.": "b806c1f1-1b6c-4ca6-9040-0418f695a315",
    "Unknown error occurred, please contact api-gateway channel for the details.": (
        "f57c356c-e3f5-4b71-b45f-3db19f6b092b"
    ),
}
NO_RETRY = RetryPolicy.disabled()


async def _call(response: httpx.Response) -> CoupangError:
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        router.get(PATH).mock(return_value=response)
        async with make_client(retry=NO_RETRY) as client:
            with pytest.raises(CoupangError) as info:
                await client.get(PATH)
    return info.value


@pytest.mark.parametrize(("message", "transaction_id"), list(GATEWAY_401.items()))
async def test_gateway_401_bodies(message: str, transaction_id: str) -> None:
    """The gateway's 401 JSON bodies become AuthenticationError with message and transaction id."""
    body = {"code": "ERROR", "message": message, "transactionId": transaction_id}
    error = await _call(httpx.Response(401, json=body))
    assert type(error) is AuthenticationError
    assert error.status_code == 401
    assert error.code == "ERROR"
    assert error.message == message
    assert error.transaction_id == transaction_id
    assert error.body == body
    assert transaction_id in str(error)
    assert f"GET {PATH}" in str(error)


async def test_expired_signature_tells_to_check_clock() -> None:
    """A stale signed-date 401 tells the user to check the system clock."""
    body = {
        "code": "ERROR",
        "message": "Specified signature is expired.",
        "transactionId": "2d2ccd2b-2e3f-480b-966d-e9ceedaaa91f",
    }
    error = await _call(httpx.Response(401, json=body))
    assert isinstance(error, AuthenticationError)
    assert "Specified signature is expired." in str(error)
    assert "clock" in str(error)


async def test_not_authorized_uses_english_detail() -> None:
    """The 'Request is not authorized.' body carries its English explanation into the message."""
    body = {
        "code": "ERROR",
        "message": "Request is not authorized.",
        "transactionId": "9fa11d4c-bcbd-4702-a994-b699f5968d8a",
        "messages": {
            "korean": "미인증된 요청은 허용되지 않습니다.",
            "english": "Unauthorized request is denied.",
        },
    }
    error = await _call(httpx.Response(401, json=body))
    assert isinstance(error, AuthenticationError)
    assert "Unauthorized request is denied." in error.message


async def test_html_403_block() -> None:
    """The HTML 'Access Denied' page is a PermissionDeniedError titled from the page, no crash."""
    error = await _call(
        httpx.Response(403, text=ACCESS_DENIED_HTML, headers={"Content-Type": "text/html"})
    )
    assert type(error) is PermissionDeniedError
    assert error.message == "Access Denied"
    assert error.body == ACCESS_DENIED_HTML
    assert error.code is None


async def test_forbidden_ip_json() -> None:
    """A JSON 403 (IP not allowed) keeps the gateway's message."""
    body = {"code": "ERROR", "message": "[FORBIDDEN] Not allowed IP", "transactionId": "t-1"}
    error = await _call(httpx.Response(403, json=body))
    assert isinstance(error, PermissionDeniedError)
    assert error.message == "[FORBIDDEN] Not allowed IP"


async def test_bad_request_korean_message() -> None:
    """A 400 with a Korean business message is a BadRequestError carrying that message."""
    message = (
        "가격변경에 실패했습니다. [옵션ID[3572784698] : 판매가 변경이 불가능합니다. "
        "변경전 판매가의 최대 50% 인하/최대 100%인상까지 변경가능합니다.]"
    )
    error = await _call(httpx.Response(400, json={"code": "ERROR", "message": message}))
    assert type(error) is BadRequestError
    assert error.message == message


async def test_not_found() -> None:
    """A 404 is a NotFoundError, even with an empty body."""
    error = await _call(httpx.Response(404))
    assert type(error) is NotFoundError
    assert error.message == "Not Found"
    assert error.body is None


@pytest.mark.parametrize(
    ("status", "cls"),
    [(500, ServerError), (502, ServerError), (503, ServerError), (504, GatewayTimeoutError)],
)
async def test_server_errors_html_and_empty(status: int, cls: type[APIStatusError]) -> None:
    """5xx with an HTML page or no body are classified by status without a decode crash."""
    html = f"<html><head><title>{status} Error</title></head><body>upstream</body></html>"
    error = await _call(httpx.Response(status, text=html))
    assert type(error) is cls
    assert error.message == f"{status} Error"
    error = await _call(httpx.Response(status))
    assert type(error) is cls
    assert error.status_code == status


async def test_plain_text_error_body() -> None:
    """A plain-text error body becomes the message (first line)."""
    error = await _call(httpx.Response(500, text="Internal Exception\nstack..."))
    assert isinstance(error, ServerError)
    assert error.message == "Internal Exception"


async def test_truncated_json_error_body() -> None:
    """A truncated JSON error body is kept as text and does not crash the classifier."""
    error = await _call(httpx.Response(400, content=b'{"code": "ERROR", "mess'))
    assert isinstance(error, BadRequestError)
    assert error.body == '{"code": "ERROR", "mess'


async def test_302_block_is_an_error() -> None:
    """A 302 (Coupang's IP/vendor block) is raised, not followed or returned as success."""
    error = await _call(httpx.Response(302, headers={"Location": "https://example.invalid/"}))
    assert type(error) is APIStatusError
    assert error.status_code == 302
    assert "block" in str(error)


async def test_unlisted_4xx_is_generic_status_error() -> None:
    """Statuses without their own class (410, 423) are plain APIStatusError."""
    error = await _call(httpx.Response(423, json={"code": "ERROR", "message": "locked"}))
    assert type(error) is APIStatusError
    assert error.status_code == 423


async def test_429_is_rate_limit_error() -> None:
    """A 429 is a RateLimitError carrying the cool-down as retry_after and the warnings header."""
    response = httpx.Response(429, text="Too Many Requests", headers={"X-CAG-Warnings": "90%"})
    error = await _call(response)
    assert type(error) is RateLimitError
    assert error.retry_after == 60.0
    assert error.warnings == "90%"
    assert error.local is False


@pytest.mark.parametrize(
    "body",
    [
        {
            "code": "ERROR",
            "message": "업체상품[123]이 없거나 삭제가 불가능한 상태입니다.",
            "data": None,
        },
        {"code": "200", "message": "", "data": {"code": "ERROR", "message": "실패", "data": None}},
        {"code": 500, "message": "Internal", "data": None},
        {"code": "400", "message": "bad"},
    ],
    ids=["flat-error", "nested-error", "numeric-500", "string-400"],
)
async def test_http_200_with_error_envelope(body: dict[str, Any]) -> None:
    """HTTP 200 whose envelope (outer or nested) reports an error raises BusinessError."""
    error = await _call(httpx.Response(200, json=body))
    assert type(error) is BusinessError
    assert error.status_code == 200
    assert error.body == body


@pytest.mark.parametrize(
    "body",
    [
        {"code": "SUCCESS", "message": "", "data": {"sellerProductId": 1}},
        {"code": "200", "message": "", "data": {"code": "SUCCESS", "message": "", "data": 7770}},
        {"code": 200, "message": "OK", "data": [], "nextToken": ""},
        {"content": [], "pagination": {"currentPage": 1, "totalPages": 1}},
        [1, 2, 3],
    ],
)
async def test_success_shapes_pass(body: Any) -> None:
    """Every documented success shape passes through a raw call untouched."""
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(return_value=httpx.Response(200, json=body))
        async with make_client(retry=NO_RETRY) as client:
            response = await client.get(PATH)
    assert response.json() == body


async def test_non_json_success_is_left_to_the_caller() -> None:
    """A raw call may fetch non-JSON content; only endpoint helpers insist on JSON."""
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(return_value=httpx.Response(200, text="<html>ok</html>"))
        async with make_client(retry=NO_RETRY) as client:
            response = await client.get(PATH)
            assert response.text == "<html>ok</html>"
            with pytest.raises(ResponseValidationError) as info:
                await client._request_envelope("GET", PATH)
    assert info.value.body == "<html>ok</html>"


async def test_empty_success_body_fails_validation_in_endpoint_helper() -> None:
    """An empty 200 body is a ResponseValidationError for an endpoint call, not a crash."""
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(return_value=httpx.Response(200))
        async with make_client(retry=NO_RETRY) as client:
            with pytest.raises(ResponseValidationError):
                await client._request_envelope("GET", PATH)


async def test_connection_error_mapped() -> None:
    """A refused connection is an APIConnectionError that knows nothing was sent."""
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(side_effect=httpx.ConnectError("refused"))
        async with make_client(retry=NO_RETRY) as client:
            with pytest.raises(APIConnectionError) as info:
                await client.get(PATH)
    assert info.value.request_sent is False
    assert isinstance(info.value.__cause__, httpx.ConnectError)


async def test_read_timeout_mapped() -> None:
    """A read timeout is an APITimeoutError that may have reached the server."""
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(side_effect=httpx.ReadTimeout("slow"))
        async with make_client(retry=NO_RETRY) as client:
            with pytest.raises(APITimeoutError) as info:
                await client.get(PATH)
    assert info.value.request_sent is True


async def test_error_text_never_contains_secret() -> None:
    """No error message or repr includes the secret key."""
    error = await _call(
        httpx.Response(401, json={"code": "ERROR", "message": "Invalid signature."})
    )
    assert SECRET_KEY not in str(error)
    assert SECRET_KEY not in repr(error)
    assert isinstance(error, APIError)
    assert SECRET_KEY not in repr(error.request)
