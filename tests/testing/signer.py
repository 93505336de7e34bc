"""An independent CEA signer for driving the fake with plain httpx (not ``coupang_async._auth``).

It follows Coupang's own Python sample (seeds/000_*) line by line: the query string is built with
``urllib.parse.urlencode`` and the very same string is appended to the URL and to the message.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson

from coupang_async.testing import FakeCoupang

SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
OPENAPI = "/v2/providers/openapi/apis/api"
OUTBOUND = "/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound"
START = datetime(2026, 1, 15, 3, 0, 0, tzinfo=UTC)


class Clock:
    """A settable clock shared by the fake (POSIX seconds) and the signer (datetime)."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds

    @property
    def datetime(self) -> datetime:
        """The current time as an aware UTC datetime."""
        return datetime.fromtimestamp(self.now, UTC)


def signed_date(now: datetime) -> str:
    """``yyMMdd'T'HHmmss'Z'`` exactly as the sample builds it."""
    return now.strftime("%y%m%d") + "T" + now.strftime("%H%M%S") + "Z"


def authorization(
    method: str,
    path: str,
    query: str,
    *,
    access_key: str,
    secret_key: str,
    now: datetime,
    separator: str = ", ",
) -> str:
    """The ``Authorization`` header of seeds/000_* for one request."""
    date = signed_date(now)
    message = date + method + path + query
    signature = hmac.new(
        secret_key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    return separator.join(
        (
            "CEA algorithm=HmacSHA256",
            "access-key=" + access_key,
            "signed-date=" + date,
            "signature=" + signature,
        )
    )


class Api:
    """Plain ``httpx.AsyncClient`` plus the signer above: in-process (``httpx.ASGITransport``)
    or, given ``base_url``, over a real loopback connection."""

    def __init__(
        self,
        fake: FakeCoupang,
        clock: Clock,
        *,
        base_url: str | None = None,
        timeout: float = 5.0,
    ) -> None:
        self.fake = fake
        self.clock = clock
        self.access_key = fake.access_key
        self.secret_key = fake.secret_key
        if base_url is None:  # in-process
            self.http = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=fake), base_url=fake.base_url
            )
        else:  # a real loopback server
            self.http = httpx.AsyncClient(base_url=base_url, timeout=timeout)

    async def call(
        self,
        method: str,
        path: str,
        params: Any = None,
        *,
        query: str | None = None,
        json: Any = None,
        content: bytes | None = None,
        header: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
    ) -> httpx.Response:
        """Send one signed request; ``params`` go through ``urlencode`` like the sample."""
        if query is None:
            query = urlencode(params, doseq=True) if params else ""
        if header is None:
            header = authorization(
                method,
                path,
                query,
                access_key=access_key or self.access_key,
                secret_key=secret_key or self.secret_key,
                now=self.clock.datetime,
            )
        if json is not None:
            content = orjson.dumps(json)
        url = path + ("?" + query if query else "")
        headers = {"Authorization": header, "Content-Type": "application/json;charset=UTF-8"}
        return await self.http.request(method, url, content=content, headers=headers)

    async def get(self, path: str, params: Any = None, **kwargs: Any) -> httpx.Response:
        """Signed GET."""
        return await self.call("GET", path, params, **kwargs)

    async def put(self, path: str, params: Any = None, **kwargs: Any) -> httpx.Response:
        """Signed PUT."""
        return await self.call("PUT", path, params, **kwargs)

    async def post(self, path: str, params: Any = None, **kwargs: Any) -> httpx.Response:
        """Signed POST."""
        return await self.call("POST", path, params, **kwargs)

    async def delete(self, path: str, params: Any = None, **kwargs: Any) -> httpx.Response:
        """Signed DELETE."""
        return await self.call("DELETE", path, params, **kwargs)

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.http.aclose()


async def create_product(api: Api, **overrides: Any) -> int:
    """Create Coupang's sample product (overrides applied); returns the new sellerProductId."""
    response = await api.post(f"{SP}/seller-products", json=api.fake.product_body(**overrides))
    assert response.status_code == 200, response.text
    seller_product_id = response.json()["data"]["data"]
    assert isinstance(seller_product_id, int)
    return seller_product_id


async def get_product(api: Api, seller_product_id: int) -> dict[str, Any]:
    """GET one product's ``data``."""
    response = await api.get(f"{SP}/seller-products/{seller_product_id}")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data
