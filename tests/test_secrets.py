"""Secrets: with DEBUG logging on everywhere, the secret key appears in no log record, repr,
str, exception message or traceback, not even in tracebacks that show every frame's locals; the
access key appears only masked where the library renders it.

Decisions:
- After construction the secret exists only inside the HMAC object of `CoupangAuth` (whose repr
  shows nothing), so no frame of any request, retry, bulk run, export or CLI command holds it:
  `traceback.TracebackException(..., capture_locals=True)` (Sentry, rich's `show_locals`,
  pytest `-l`) never shows it. During construction the key is an argument; the constructors drop
  it as soon as the HMAC is built, so a construction error does not show it either.
- The access key is not secret: the `Authorization` header carries it on the wire, and a
  traceback with locals may show that header inside httpcore's frames. Everything the library
  itself renders (reprs, log lines, messages) masks it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from coupang_async import (
    APIConnectionError,
    AuthenticationError,
    BulkUpdateError,
    ConfigError,
    CoupangAuth,
    CoupangClient,
    CoupangError,
    PriceUpdate,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    bulk,
    export,
    products,
    vendor_items,
)
from coupang_async._auth import mask_key
from coupang_async.cli import _bulk as _cli_bulk
from coupang_async.cli import _common as _cli_common
from coupang_async.cli import _export as _cli_export
from coupang_async.cli._app import cli
from coupang_async.testing import FakeCoupang, Fault

from .helpers import FAST_RETRY, TEST_TRANSPORT

pytestmark = pytest.mark.both_backends

SECRET = "sk-7f3e9a1c5b2d4e6f8a0b1c2d3e4f5a6b-SECRET"
WRONG_SECRET = "sk-0000ffff1111eeee2222dddd3333cccc-WRONG"
ACCESS = "ak-0a1b2c3d4e5f60718293a4b5c6d7e8f9-ACCESS"
VENDOR = "A00054321"
SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
LOGGERS = ("httpx", "httpcore", "coupang_async", "stamina", "uvicorn", "")
TESTS = Path(__file__).parent


class Capture(logging.Handler):
    """Keeps every record."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def debug_logs() -> Iterator[Capture]:
    """DEBUG logging for httpx, httpcore, the library, stamina and the root logger."""
    capture = Capture()
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    root.addHandler(capture)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def rendered_records(records: list[logging.LogRecord]) -> str:
    """Everything a handler could show of the records: message, args, extra fields, the
    formatted exception and stack."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    parts: list[str] = []
    for record in records:
        parts += [record.getMessage(), repr(record.args), repr(record.__dict__)]
        parts.append(formatter.format(record))
    return "\n".join(parts)


def rendered_exception(error: BaseException, *, with_locals: bool) -> str:
    """The exception as a traceback printer shows it, causes and contexts included. With locals,
    from the first frame outside the tests: the caller's own frames hold what the caller holds
    (a test's keyword arguments carry the secret), the library's must not."""
    if not with_locals:
        return "".join(traceback.format_exception(error))
    tb = error.__traceback__
    while tb is not None and Path(tb.tb_frame.f_code.co_filename).is_relative_to(TESTS):
        tb = tb.tb_next
    formatted = traceback.TracebackException(type(error), error, tb, capture_locals=True).format()
    return "".join(formatted)


def check_text(text: str, *, access_key_allowed: bool = False) -> None:
    """No secret at all; the access key only masked (unless it may come from a wire header)."""
    assert SECRET not in text
    assert WRONG_SECRET not in text
    if not access_key_allowed:
        assert ACCESS not in text


class Flow:
    """Runs a representative session and keeps everything a user might print."""

    def __init__(self, fake: FakeCoupang) -> None:
        self.fake = fake
        self.objects: list[Any] = []
        self.errors: list[BaseException] = []

    def client(self, **kwargs: Any) -> CoupangClient:
        options: dict[str, Any] = {
            "access_key": ACCESS,
            "secret_key": SECRET,
            "vendor_id": VENDOR,
            "requests_per_second": None,
            "retry": FAST_RETRY,
        }
        options.update(kwargs)
        client = self.fake.client(**options)
        self.objects += [client, client.auth]
        return client

    async def expect(self, error_type: type[BaseException], call: Any) -> None:
        with pytest.raises(error_type) as info:
            await call
        self.errors.append(info.value)

    def check(self) -> None:
        for thing in self.objects:
            check_text(repr(thing))
            check_text(str(thing))
        for error in self.errors:
            check_text(str(error))
            check_text(repr(error))
            check_text(repr(vars(error)))
            check_text(rendered_exception(error, with_locals=False))
            # Locals may show the Authorization header inside httpcore's frames, never the
            # secret.
            check_text(rendered_exception(error, with_locals=True), access_key_allowed=True)


async def run_flow(flow: Flow, tmp_path: Path, **client_options: Any) -> None:
    """Retries, 401s, a lost connection, a broken body, a 429 and its cool-down, a listing walk,
    bulk runs (with failures, a crashing progress callback, raise_for_failures) and exports."""
    fake = flow.fake
    vid = fake.vendor_item_ids(writable=True)[0]
    inventory = f"{SP}/vendor-items/{vid}/inventories"
    now = datetime.now(UTC)

    async with flow.client(**client_options) as client:
        fake.faults.add(Fault.server_error(503), method="GET", path=inventory, times=2)
        flow.objects.append(await vendor_items.get_inventory(client, vid))  # retried twice
        fake.faults.add(Fault.drop_before(), method="GET", path=inventory, times=3)
        await flow.expect(APIConnectionError, vendor_items.get_inventory(client, vid))
        fake.faults.add(Fault.drop_after(), method="POST", times=1)
        await flow.expect(APIConnectionError, products.create_product(client, fake.product_body()))
        fake.faults.add(Fault.truncated_json(), method="GET", path=inventory, times=1)
        await flow.expect(ResponseValidationError, vendor_items.get_inventory(client, vid))
        fake.faults.add(Fault.server_error(500), method="GET", path=inventory, times=3)
        await flow.expect(ServerError, vendor_items.get_inventory(client, vid))
        flow.objects.append(await products.list_products(client, max_per_page=5).to_list())

        fake.faults.add(Fault.server_error(503), method="PUT", probability=0.3, seed=1)
        fake.faults.add(Fault.business_error(), method="PUT", probability=0.2, seed=2)
        vids = fake.vendor_item_ids(writable=True)[:20]
        plan = [PriceUpdate(v, fake.vendor_item(v).sale_price + 10) for v in vids]  # type: ignore[union-attr]

        def broken_progress(_: object) -> None:
            raise RuntimeError("a progress display that fails")

        result = await bulk.update_prices(client, plan, progress=broken_progress)
        flow.objects += [result, *result.results]
        await flow.expect(BulkUpdateError, _raise_for_failures(result))
        fake.faults.clear()

        fake.faults.add(Fault.server_error(503), method="GET", path=f"{SP}/seller-products")
        out = tmp_path / "products.jsonl"
        await flow.expect(ServerError, export.export_products(client, out, max_per_page=5))
        fake.faults.clear()
        flow.objects.append(await export.export_products(client, out, max_per_page=5))

        fake.faults.add(Fault.rate_limited(), times=1)
        await flow.expect(RateLimitError, vendor_items.get_inventory(client, vid))
        await flow.expect(RateLimitError, vendor_items.get_inventory(client, vid))  # cool-down

    async with flow.client(secret_key=WRONG_SECRET, **client_options) as wrong:
        await flow.expect(AuthenticationError, vendor_items.get_inventory(wrong, vid))
    stale = now - timedelta(hours=1)
    async with flow.client(clock=lambda: stale, **client_options) as late:
        await flow.expect(AuthenticationError, vendor_items.get_inventory(late, vid))
    await flow.expect(CoupangError, vendor_items.get_inventory(late, vid))  # closed


async def _raise_for_failures(result: Any) -> None:
    result.raise_for_failures()


def _fake() -> FakeCoupang:
    return FakeCoupang(
        access_key=ACCESS,
        secret_key=SECRET,
        vendor_id=VENDOR,
        products=30,
        requests_per_second=None,
    )


async def test_no_secret_anywhere_in_process(debug_logs: Capture, tmp_path: Path) -> None:
    """In-process, a representative session with DEBUG logging on leaks the secret nowhere and
    shows the access key only masked."""
    flow = Flow(_fake())
    await run_flow(flow, tmp_path)
    assert len(flow.errors) >= 10
    assert debug_logs.records  # the flow did log (retries, 429, bulk, ...)
    check_text(rendered_records(debug_logs.records))
    flow.check()
    assert mask_key(ACCESS) in repr(flow.objects[0])


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
async def test_no_secret_anywhere_over_a_socket(debug_logs: Capture, tmp_path: Path) -> None:
    """Over a real socket (httpcore's and h11's DEBUG logs, connection errors raised from deep
    inside httpcore) the secret appears nowhere either."""
    fake = _fake()
    flow = Flow(fake)
    async with fake.serve() as base_url:
        await run_flow(flow, tmp_path, base_url=base_url, transport=None)
    names = {record.name for record in debug_logs.records}
    if TEST_TRANSPORT == "fast":  # aiohttp logs nothing per request; httpx still does
        assert {"httpx", "coupang_async.retry"} <= names
    else:
        assert {"httpx", "httpcore.http11", "httpcore.connection", "coupang_async.retry"} <= names
    check_text(rendered_records(debug_logs.records))
    flow.check()


def test_httpx_redacts_the_authorization_header_in_reprs() -> None:
    """A signed request's headers repr hides the Authorization value (httpx redacts it)."""
    auth = CoupangAuth(ACCESS, SECRET)
    request = next(auth.auth_flow(httpx.Request("GET", f"https://x{SP}/seller-products")))
    assert request.headers["Authorization"].startswith(
        f"CEA algorithm=HmacSHA256, access-key={ACCESS}"
    )
    check_text(repr(request.headers))
    check_text(repr(request))


# --- construction ---------------------------------------------------------------------------------


def _config_error(**kwargs: Any) -> ConfigError:
    options: dict[str, Any] = {"access_key": ACCESS, "secret_key": SECRET, "vendor_id": VENDOR}
    options.update(kwargs)
    with pytest.raises(ConfigError) as info:
        CoupangClient(**options)
    return info.value


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"vendor_id": "12345"}, id="vendor-id"),
        pytest.param({"base_url": "api-gateway.coupang.com"}, id="base-url"),
        pytest.param({"requests_per_second": -1}, id="rate"),
        pytest.param({"access_key": "a,b"}, id="access-key"),
        pytest.param({"secret_key": f" {SECRET}\n"}, id="padded-secret"),
        pytest.param({"secret_key": SECRET.encode()}, id="bytes-secret"),
        pytest.param({"auth": httpx.BasicAuth("u", "p")}, id="auth-kwarg"),
    ],
)
def test_construction_errors_never_show_the_secret(bad: dict[str, Any]) -> None:
    """A ConfigError at construction shows the secret neither in its message nor in a
    traceback with every frame's locals."""
    error = _config_error(**bad)
    check_text(str(error), access_key_allowed="access_key" in bad)
    check_text(rendered_exception(error, with_locals=False), access_key_allowed=True)
    check_text(rendered_exception(error, with_locals=True), access_key_allowed=True)


@pytest.mark.parametrize("missing", ["COUPANG_ACCESS_KEY", "COUPANG_VENDOR_ID"])
def test_from_env_errors_never_show_the_secret(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    """from_env with a variable missing: neither the message nor a traceback with locals shows
    the secret (the environment is not held in a frame)."""
    for name, value in {
        "COUPANG_ACCESS_KEY": ACCESS,
        "COUPANG_SECRET_KEY": SECRET,
        "COUPANG_VENDOR_ID": VENDOR,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigError, match=missing) as info:
        CoupangClient.from_env()
    check_text(rendered_exception(info.value, with_locals=True), access_key_allowed=True)


def test_from_env_bad_value_never_shows_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """from_env with a malformed vendor id: the secret read from the environment is not in the
    traceback's locals."""
    monkeypatch.setenv("COUPANG_ACCESS_KEY", ACCESS)
    monkeypatch.setenv("COUPANG_SECRET_KEY", SECRET)
    monkeypatch.setenv("COUPANG_VENDOR_ID", "vendor-1")
    with pytest.raises(ConfigError, match="vendor_id") as info:
        CoupangClient.from_env()
    check_text(rendered_exception(info.value, with_locals=True), access_key_allowed=True)


# --- the command line -------------------------------------------------------------------------


def test_cli_with_verbose_logging_never_shows_the_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, debug_logs: Capture
) -> None:
    """`export -vv` and `prices apply` with credentials from the environment, through retries
    and failures: neither their output nor any log record shows the secret or the full access
    key."""
    fake = FakeCoupang(access_key=ACCESS, secret_key=SECRET, vendor_id=VENDOR, products=20, seed=71)
    for name, value in {
        "COUPANG_ACCESS_KEY": ACCESS,
        "COUPANG_SECRET_KEY": SECRET,
        "COUPANG_VENDOR_ID": VENDOR,
        "COUPANG_BASE_URL": "https://api-gateway.coupang.com",
    }.items():
        monkeypatch.setenv(name, value)

    def client_from_env(**kwargs: Any) -> CoupangClient:
        # The real path (CoupangClient.from_env), wired to the fake.
        kwargs.setdefault("requests_per_second", None)
        return _cli_common.client_from_env(
            transport=httpx.ASGITransport(app=fake), retry=FAST_RETRY, **kwargs
        )

    monkeypatch.setattr(_cli_export, "client_from_env", client_from_env)
    monkeypatch.setattr(_cli_bulk, "client_from_env", client_from_env)
    fake.faults.add(Fault.server_error(503), method="GET", times=2)
    fake.faults.add(Fault.business_error(), method="PUT", times=1)
    prices = tmp_path / "prices.csv"
    rows = [f"{v},{fake.vendor_item(v).sale_price + 10}" for v in fake.vendor_item_ids()[:5]]  # type: ignore[union-attr]
    prices.write_text("vendor_item_id,price\n" + "\n".join(rows) + "\n", encoding="utf-8")

    runner = CliRunner()
    outputs = [
        runner.invoke(cli, ["export", "--out", str(tmp_path / "p.jsonl"), "-vv"]),
        runner.invoke(cli, ["prices", "apply", str(prices)]),
    ]
    fake.faults.add(Fault.server_error(500), method="GET")
    outputs.append(runner.invoke(cli, ["export", "--out", str(tmp_path / "q.jsonl"), "-v"]))
    assert [result.exit_code for result in outputs] == [0, 1, 1], [r.output for r in outputs]
    for result in outputs:
        check_text(result.output)
        check_text(result.stderr)
    assert debug_logs.records
    check_text(rendered_records(debug_logs.records))
    for path in tmp_path.iterdir():
        check_text(path.read_text(encoding="utf-8", errors="replace"))
