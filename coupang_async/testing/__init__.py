"""A faithful in-process fake of Coupang's API gateway, for tests, benchmarks and demos.

``FakeCoupang`` is an ASGI app with in-memory state. It verifies every request's CEA signature like
the gateway (401 with the gateway's JSON otherwise), enforces the per-vendor rate (429), serves the
product, vendor-item, category, order, return, exchange and logistics endpoints with Coupang's
shapes, envelopes and paging, and can inject faults:

```python
from coupang_async.testing import Fault, FakeCoupang

fake = FakeCoupang(products=50, seed=1)                     # generated, deterministic data
async with fake.client(requests_per_second=None) as client:  # a CoupangClient, in-process
    response = await client.get(f"{SP}/seller-products/{fake.seller_product_ids()[0]}")

vendor_item_id = fake.vendor_item_ids(writable=True)[0]
fake.faults.add(Fault.server_error(503), method="PUT", times=1)  # the next PUT fails once
fake.vendor_item(vendor_item_id).sale_price                 # state, read without HTTP
fake.requests.last                                          # what the client sent
```

``async with fake.serve() as base_url:`` runs it as a real loopback server (uvicorn), and pytest
users get a fresh fake from the ``fake_coupang`` fixture (``@pytest.mark.fake_coupang(products=10)``
passes constructor arguments).
"""

from coupang_async.testing._app import (
    BASE_URL,
    DEFAULT_ACCESS_KEY,
    DEFAULT_SECRET_KEY,
    DEFAULT_VENDOR_ID,
    FakeCoupang,
    ItemSnapshot,
)
from coupang_async.testing._faults import Fault, FaultKind, FaultRule, Faults
from coupang_async.testing._log import RecordedRequest, RequestLog

__all__ = [
    "BASE_URL",
    "DEFAULT_ACCESS_KEY",
    "DEFAULT_SECRET_KEY",
    "DEFAULT_VENDOR_ID",
    "FakeCoupang",
    "Fault",
    "FaultKind",
    "FaultRule",
    "Faults",
    "ItemSnapshot",
    "RecordedRequest",
    "RequestLog",
]
