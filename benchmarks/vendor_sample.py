"""Coupang's Python sample (shared/seeds/000_*), kept verbatim where it signs and sends.

The per-request lines are the sample's own (`time.strftime` stamps, `hmac.new(...).hexdigest()`,
string concatenation, `urllib.request` with a fresh connection per call); they are wrapped in
functions so the benchmarks can call them. `os.environ['TZ'] = 'GMT+0'` runs once, at import, as
in the sample's script header. Only the URL (loopback instead of the gateway) and the printing
differ.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import ssl
import time
import urllib.parse
import urllib.request

os.environ["TZ"] = "GMT+0"
time.tzset()  # the sample relies on the process starting with TZ set; same effect


def seed_authorization(method: str, path: str, query: str, accesskey: str, secretkey: str) -> str:
    """The sample's signing block, verbatim (seeds/000_*, "GET Request Example" 2)."""
    datetime = time.strftime("%y%m%d") + "T" + time.strftime("%H%M%S") + "Z"
    message = datetime + method + path + query
    signature = hmac.new(
        secretkey.encode("utf-8"), message.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    authorization = (
        "CEA algorithm=HmacSHA256, access-key="
        + accesskey
        + ", signed-date="
        + datetime
        + ", signature="
        + signature
    )
    return authorization


def seed_request(
    base_url: str,
    method: str,
    path: str,
    query: str,
    accesskey: str,
    secretkey: str,
    context: ssl.SSLContext | None = None,
) -> str:
    """One call exactly as the sample makes it: sign, build a Request, urlopen, read, decode."""
    authorization = seed_authorization(method, path, query, accesskey, secretkey)
    url = base_url + path + ("?%s" % query if query else "")  # noqa: UP031 - the sample's code
    req = urllib.request.Request(url)  # noqa: S310 - loopback http only
    req.add_header("Content-type", "application/json;charset=UTF-8")
    req.add_header("Authorization", authorization)
    req.get_method = lambda: method  # type: ignore[method-assign]
    data = b"" if method in ("PUT", "POST") else None
    if base_url.startswith("https:"):
        # The sample's own TLS setup, per call, certificate checks off (as it ships), unless a
        # context built once is passed (to separate the handshake from the CA-store load).
        ctx = context or ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        resp = urllib.request.urlopen(req, data, context=ctx)  # noqa: S310 - loopback only
    else:
        resp = urllib.request.urlopen(req, data)  # noqa: S310 - loopback only
    body = resp.read().decode(resp.headers.get_content_charset())
    return body
