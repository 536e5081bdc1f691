"""Prints how the Rust-backed functions compare with straightforward pure-Python equivalents.

Not a test. Build a release wheel first, or the figures measure unoptimised Rust:
    cd bindings-python && maturin build --release --out ../target/wheels-python-release
    pip install --force-reinstall ../target/wheels-python-release/*.whl && python bench/bench.py
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import platform
import timeit
from decimal import Decimal
from typing import Any, Callable, Dict, List, Tuple

import wcheckout

KEY = "aR2822Y6XbehWMclnB0Y2NJK"
TS = "1758701681000"
PATH = "/checkout/order/create"
BODY = (
    b'{"orderNo":"A1758701681000","orderAmount":989.19,"customerId":"customer-42","merchantId":"m-7",'
    b'"token":"ETH_USDT","fiat":"USD","expiredIn":1800,"pcCallbackUrl":"https://shop.example/return"}'
)
EVENT = (
    b'{"eventId":"evt_0a4fee0f8882","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1758701681,'
    b'"data":{"orderNo":"A1758701681000","token":"ETH_USDT","payingAmount":989.19,"orderAmount":989.19,'
    b'"orderStatus":"PAID","refundedAmount":0,"txHash":"0x9f2c4b7e1d","createdTime":"2025-11-23 11:27:29",'
    b'"updatedTime":"2025-11-23 11:30:02"}}'
)


def py_sign_request(sign_key: str, method: str, timestamp: str, path: str, query: str, body: bytes) -> str:
    """The usual pure-Python implementation: build the string, HMAC-SHA512, Base64."""
    message = (method.upper() + timestamp + path + query).encode() + body
    return base64.b64encode(hmac.new(sign_key.encode(), message, hashlib.sha512).digest()).decode()


def py_verify_webhook(sign_key: bytes, headers: Dict[str, str], body: bytes, now_ms: int) -> Any:
    """The usual pure-Python webhook check: window, HMAC, constant-time compare, json.loads."""
    signature, timestamp = headers["SIGNATURE"], headers["TIMESTAMP"]
    if abs(now_ms - int(timestamp)) > 120_000:
        raise ValueError("outside tolerance")
    expected = hmac.new(sign_key, timestamp.encode() + body, hashlib.sha512).digest()
    if not hmac.compare_digest(base64.b64decode(signature), expected):
        raise ValueError("bad signature")
    return json.loads(body, parse_float=Decimal)


def best(fn: Callable[[], Any], number: int = 20_000, repeat: int = 7) -> float:
    """Best time per call, in microseconds."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def main() -> None:
    native = wcheckout._native.__file__
    print(f"wcheckout {wcheckout.__version__} ({native}), Python {platform.python_version()}, {platform.machine()}")
    expected = py_sign_request(KEY, "POST", TS, PATH, "", BODY)
    assert wcheckout.sign_request(KEY, "POST", TS, PATH, "", BODY) == expected
    signer = wcheckout.Signer(KEY)
    assert signer.sign("POST", TS, PATH, "", BODY) == expected

    now = int(TS)
    headers = wcheckout.sign_webhook_for_test(KEY, EVENT, now)
    verifier = wcheckout.WebhookVerifier(KEY)
    key_bytes = KEY.encode()
    assert py_verify_webhook(key_bytes, headers, EVENT, now)["data"]["orderStatus"] == "PAID"
    assert verifier.verify_at(headers, EVENT, now).data.order_status == "PAID"  # type: ignore[union-attr]

    def rust_verify_and_read() -> Any:
        ev = verifier.verify_at(headers, EVENT, now)
        return ev.event_type, ev.data.order_status  # type: ignore[union-attr]

    def py_verify_and_read() -> Any:
        ev = py_verify_webhook(key_bytes, headers, EVENT, now)
        return ev["eventType"], ev["data"]["orderStatus"]

    rows: List[Tuple[str, float, float]] = [
        (
            "sign_request (one-shot, key each call) vs hmac+base64",
            best(lambda: wcheckout.sign_request(KEY, "POST", TS, PATH, "", BODY)),
            best(lambda: py_sign_request(KEY, "POST", TS, PATH, "", BODY)),
        ),
        (
            "Signer.sign (keyed once) vs hmac+base64",
            best(lambda: signer.sign("POST", TS, PATH, "", BODY)),
            best(lambda: py_sign_request(KEY, "POST", TS, PATH, "", BODY)),
        ),
        (
            "webhook verify+parse vs hmac+json.loads",
            best(lambda: verifier.verify_at(headers, EVENT, now)),
            best(lambda: py_verify_webhook(key_bytes, headers, EVENT, now)),
        ),
        (
            "webhook verify+parse+read 2 fields vs same in Python",
            best(rust_verify_and_read),
            best(py_verify_and_read),
        ),
    ]
    print(f"{'case':58} {'wcheckout':>10} {'pure Python':>12} {'speed-up':>9}")
    for name, ours, theirs in rows:
        print(f"{name:58} {ours:8.2f}us {theirs:10.2f}us {theirs / ours:8.2f}x")


if __name__ == "__main__":
    main()
