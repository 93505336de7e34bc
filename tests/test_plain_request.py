"""The client's own request building (`_plain_request`) builds exactly the request httpx would.

Whatever the joiner builds must equal, byte for byte, what `httpx.AsyncClient.build_request`
builds for the same input (the signature covers those bytes); whatever it declines goes to
httpx. And it must not decline the ordinary requests the endpoint modules make, or the speed
it exists for is gone.
"""

from __future__ import annotations

import functools
from typing import Any

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coupang_async._plain_request import UrlJoiner

from .helpers import make_client

# Characters a path or query may hold, the ones httpx treats specially weighted up.
SPECIAL = [*"%#?/.~ ;,:@$!'()*+=&[]\\\"<>{}|^`", "%2B", "%20", "%zz", "%%", "/.", "/..", "//"]
TEXT = st.lists(
    st.one_of(
        st.sampled_from(SPECIAL),
        st.sampled_from(["한글", "v2", "seller-products", "A00012345", "\t", "\x7f"]),
        st.characters(codec="ascii"),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=10,
).map("".join)
PARAM_VALUES = st.one_of(
    TEXT,
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(st.one_of(TEXT, st.integers(), st.booleans()), max_size=3),
    st.tuples(TEXT, st.integers()),
)
PARAMS = st.one_of(
    st.none(),
    st.dictionaries(st.one_of(TEXT, st.integers()), PARAM_VALUES, max_size=4),
)
BASES = st.sampled_from(
    [
        "https://api-gateway.coupang.com",
        "http://127.0.0.1:8080",
        "http://localhost:80/prefix/",
        "http://[::1]:9000/a%20b",
        "https://example.com/base?x=1",
    ]
)

PRICE = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/3000000001/prices/10000"


@functools.cache
def _plain_client(base: str) -> httpx.AsyncClient:
    # It never sends; its own transport spares loading a CA bundle for every base URL.
    never = httpx.MockTransport(lambda request: httpx.Response(500))
    return httpx.AsyncClient(base_url=base, transport=never, trust_env=False)


def _httpx_url(base: str, url: str, params: Any) -> httpx.URL | None:
    """What plain httpx builds, or None when it refuses the input."""
    client = _plain_client(base)
    try:
        return client.build_request("GET", url, params=params).url
    except (httpx.InvalidURL, UnicodeEncodeError):
        return None


@settings(max_examples=1500, deadline=None)
@given(base=BASES, path=TEXT, query=st.one_of(st.none(), TEXT), params=PARAMS)
@example(base="https://api-gateway.coupang.com", path="a", query=None, params={1: "a", "1": "b"})
@example(base="https://api-gateway.coupang.com", path="a", query=None, params={"a": []})
@example(base="https://api-gateway.coupang.com", path="a", query="", params=None)
@example(base="https://api-gateway.coupang.com", path="", query=None, params={"q": "호떡 믹스"})
def test_joined_urls_are_httpx_urls(base: str, path: str, query: str | None, params: Any) -> None:
    url = "/" + path + ("" if query is None else "?" + query)
    joined = UrlJoiner(_plain_client(base).base_url).join(url, params)
    if joined is None:
        return  # declined: httpx builds it
    _check_same(joined, base, url, params)


def _check_same(joined: httpx.URL, base: str, url: str, params: Any) -> None:
    expected = _httpx_url(base, url, params)
    assert expected is not None, "joined a URL httpx refuses"
    assert joined.raw_path == expected.raw_path
    assert str(joined) == str(expected)
    assert joined == expected
    assert (joined.scheme, joined.host, joined.port) == (
        expected.scheme,
        expected.host,
        expected.port,
    )


PLAIN_TEXT = st.text(alphabet="abcXYZ019-._~!$&'()*+,;=:@/", max_size=30).filter(
    lambda text: "/." not in "/" + text and not text.startswith("/")
)
PLAIN_PARAMS = st.one_of(st.none(), st.dictionaries(TEXT, PARAM_VALUES, max_size=4))


@settings(max_examples=300, deadline=None)
@given(
    base=BASES.filter(lambda base: "?" not in base),
    path=PLAIN_TEXT,
    query=st.one_of(st.none(), PLAIN_TEXT),
    params=PLAIN_PARAMS,
)
def test_plain_urls_are_joined(base: str, path: str, query: str | None, params: Any) -> None:
    """ASCII paths and queries of characters httpx keeps as they are (what the endpoint modules
    send), with any dict of params (httpx encodes those itself), are joined, not declined."""
    if query is not None:
        params = None
    url = "/" + path + ("" if query is None else "?" + query)
    joined = UrlJoiner(_plain_client(base).base_url).join(url, params)
    assert joined is not None
    _check_same(joined, base, url, params)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (PRICE, None),
        (PRICE + "?forceSalePriceUpdate=false", None),
        (PRICE, {"forceSalePriceUpdate": False}),
        (
            "/v2/providers/openapi/apis/api/v4/vendors/A00012345/ordersheets",
            {"status": "ACCEPT", "maxPerPage": 50, "nextToken": ""},
        ),
        (
            "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products",
            {"vendorId": "A00012345", "sellerProductName": "호떡 믹스 & 꿀"},
        ),
        (
            "/v2/providers/openapi/apis/api/v4/vendors/A00012345/onlineInquiries",
            {"status": ["A", "B"]},
        ),
    ],
)
def test_the_requests_endpoints_make_are_joined(url: str, params: Any) -> None:
    joined = UrlJoiner(httpx.URL("https://api-gateway.coupang.com/")).join(url, params)
    assert joined is not None
    assert joined == _httpx_url("https://api-gateway.coupang.com", url, params)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/v2/한글", None),  # httpx percent-encodes it
        ("/v2/a b", None),
        ("/v2/a%zz", None),  # a bare % that httpx leaves alone but we do not judge
        ("/v2/./a", None),  # a dot segment httpx normalises
        ("//host/a", None),  # read as a host
        ("/v2/a#frag", None),
        ("/v2/a?x=1", {"y": 2}),  # httpx re-encodes the merged query
        ("/v2/a", [("x", "1")]),  # not a dict
        ("/v2/a", httpx.QueryParams({"x": "1"})),
        ("https://elsewhere.example/v2/a", None),
    ],
)
def test_unusual_urls_are_left_to_httpx(url: str, params: Any) -> None:
    assert UrlJoiner(httpx.URL("https://api-gateway.coupang.com/")).join(url, params) is None


def _same_request(ours: httpx.Request, theirs: httpx.Request) -> None:
    assert ours.method == theirs.method
    assert ours.url == theirs.url
    assert ours.url.raw_path == theirs.url.raw_path
    assert ours.headers.raw == theirs.headers.raw
    assert ours.content == theirs.content
    assert ours.extensions == theirs.extensions
    assert type(ours.stream) is type(theirs.stream)


@settings(max_examples=200, deadline=None)
@given(
    method=st.sampled_from(["GET", "get", "POST", "PUT", "PATCH", "DELETE"]),
    content=st.one_of(st.none(), st.binary(max_size=20), TEXT),
    headers=st.one_of(
        st.none(),
        st.dictionaries(
            st.sampled_from(
                [
                    "X-EXTENDED-TIMEOUT",
                    "X-A",
                    "Accept",
                    "host",
                    "Content-Length",
                    "Transfer-Encoding",
                    "content-type",
                ]
            ),
            st.text(alphabet="abc019 ", min_size=1, max_size=5),
            max_size=3,
        ),
    ),
    params=st.one_of(st.none(), st.dictionaries(TEXT, PARAM_VALUES, max_size=3)),
    request_timeout=st.sampled_from([httpx.USE_CLIENT_DEFAULT, 3.0, None]),
)
async def test_the_client_builds_the_same_request_as_httpx(
    method: str, content: Any, headers: Any, params: Any, request_timeout: Any
) -> None:
    """Method, URL, headers (values and order), body, stream type and timeout of every request
    the client builds equal httpx's, whether the short path built it or declined."""
    async with make_client(transport=httpx.MockTransport(lambda r: httpx.Response(200))) as client:
        arguments: dict[str, Any] = {
            "params": params,
            "content": content,
            "headers": headers,
            "timeout": request_timeout,
        }
        ours = client.build_request(method, PRICE, **arguments)
        theirs = httpx.AsyncClient.build_request(client, method, PRICE, **arguments)
        _same_request(ours, theirs)


async def test_the_short_path_builds_the_requests_endpoints_make() -> None:
    """The requests the operation layer builds take the short path (else it gives no speed)."""
    async with make_client(transport=httpx.MockTransport(lambda r: httpx.Response(200))) as client:
        built: list[httpx.Request | None] = []
        for method, params, body in [
            ("PUT", None, None),
            ("GET", {"a": 1}, None),
            ("POST", None, b'{"x":1}'),
        ]:
            built.append(
                client._build_plain_request(
                    method,
                    PRICE,
                    body,
                    None,
                    None,
                    params,
                    {"X-EXTENDED-TIMEOUT": "90000"},
                    None,
                    httpx.USE_CLIENT_DEFAULT,
                    None,
                )
            )
        assert all(request is not None for request in built)


async def test_a_new_base_url_is_used() -> None:
    async with make_client(transport=httpx.MockTransport(lambda r: httpx.Response(200))) as client:
        assert client.build_request("GET", "/a").url.host == "api-gateway.coupang.com"
        client.base_url = httpx.URL("http://127.0.0.1:9/prefix")
        assert str(client.build_request("GET", "/a").url) == "http://127.0.0.1:9/prefix/a"


async def test_collected_cookies_still_go_out() -> None:
    """A cookie the client has kept is merged by httpx: the short path steps aside."""
    async with make_client(transport=httpx.MockTransport(lambda r: httpx.Response(200))) as client:
        client.cookies.set("AWSALB", "x", domain="api-gateway.coupang.com")
        assert client.build_request("GET", "/a").headers["Cookie"] == "AWSALB=x"
