"""The fake gateway's own CEA HMAC verifier (as Coupang documents it).

Written independently of ``coupang_async._auth`` on purpose: it is a second implementation of the
algorithm, so a bug in the client's signer shows up as a 401 here instead of agreeing with itself.

    message   = signed-date + METHOD + path + query        (bytes exactly as received)
    signature = lowercase hex HMAC-SHA256(secret key, message)
    header    = "CEA algorithm=HmacSHA256, access-key=…, signed-date=…, signature=…"
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
from typing import Final, NamedTuple

# Gateway messages (Coupang's documentation, copied verbatim).
INVALID_SIGNATURE: Final = "Invalid signature."
EXPIRED_SIGNATURE: Final = "Specified signature is expired."
INVALID_FORMAT: Final = "HMAC format is invalid."
UNKNOWN_ERROR: Final = "Unknown error occurred, please contact api-gateway channel for the details."
NOT_AUTHORIZED: Final = "Request is not authorized."
NOT_AUTHORIZED_MESSAGES: Final = {
    # The source quotes only the first sentence of the Korean text; nothing is invented here.
    "korean": "미인증된 요청은 허용되지 않습니다.",
    "english": "Unauthorized request is denied. Check if the client's credential meets the "
    "requirements (CMDB, consumer token or HMAC).",
}

_FIELDS: Final = frozenset({"algorithm", "access-key", "signed-date", "signature"})
_SIGNED_DATE: Final = re.compile(r"\d{6}T\d{6}Z")
_HEX64: Final = re.compile(r"[0-9a-fA-F]{64}")


class Credentials(NamedTuple):
    """The four fields of a well-formed ``Authorization`` header."""

    access_key: str
    signed_date: str
    signed_at: float  # the signed-date as POSIX seconds (UTC)
    signature: str


def parse_authorization(value: str) -> Credentials | None:
    """Parse a ``CEA …`` header; ``None`` when it is malformed ("HMAC format is invalid.").

    Separators may be ``", "`` (seller samples) or ``","`` (the Partners generator); the field
    order is free, every field must appear exactly once, and the algorithm must be HmacSHA256.
    """
    scheme, sep, rest = value.partition(" ")
    if scheme != "CEA" or not sep:
        return None
    fields: dict[str, str] = {}
    for part in rest.split(","):
        key, eq, val = part.strip().partition("=")
        if not eq or key not in _FIELDS or key in fields or not val:
            return None
        fields[key] = val
    if len(fields) != len(_FIELDS) or fields["algorithm"] != "HmacSHA256":
        return None
    signed_date = fields["signed-date"]
    signed_at = parse_signed_date(signed_date)
    if signed_at is None or not _HEX64.fullmatch(fields["signature"]):
        return None
    return Credentials(fields["access-key"], signed_date, signed_at, fields["signature"])


def parse_signed_date(value: str) -> float | None:
    """``yyMMdd'T'HHmmss'Z'`` (UTC) to POSIX seconds, or ``None`` if it is not a valid date."""
    if not _SIGNED_DATE.fullmatch(value):
        return None
    year, month, day = 2000 + int(value[0:2]), int(value[2:4]), int(value[4:6])
    hour, minute, second = int(value[7:9]), int(value[9:11]), int(value[11:13])
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    return float(calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)))


class Verifier:
    """Recomputes signatures for one secret key (the HMAC key schedule is computed once)."""

    __slots__ = ("_mac",)

    def __init__(self, secret_key: str) -> None:
        self._mac = hmac.new(secret_key.encode("utf-8"), digestmod=hashlib.sha256)

    def expected(self, signed_date: str, method: str, raw_path: bytes, query: bytes) -> str:
        """The lowercase hex signature for the bytes exactly as they arrived."""
        mac = self._mac.copy()
        mac.update(signed_date.encode("ascii"))
        mac.update(method.encode("ascii"))
        mac.update(raw_path)
        mac.update(query)
        return mac.hexdigest()

    def verify(self, credentials: Credentials, method: str, raw_path: bytes, query: bytes) -> bool:
        """True when the header's signature matches (constant-time comparison)."""
        expected = self.expected(credentials.signed_date, method, raw_path, query)
        return hmac.compare_digest(expected, credentials.signature)
