"""The Python rows of ``make bench-all``: each SDK path against what a user would write instead.

Not a test. Every figure is the median of rounds that alternate SDK and baseline, so load drifts
hit both alike. Run through ``make bench-all`` (release wheel, sandboxes started for it), or by
hand with a release wheel installed and the two sandbox URLs set:

    WCHECKOUT_BENCH_URL=http://127.0.0.1:PORT        (token policy ``multiple``)
    WCHECKOUT_BENCH_SLOW_URL=http://127.0.0.1:PORT2   (a 20 ms ``delay`` fault armed)
    WCHECKOUT_BENCH_JSON=rows.json python bench/bench.py [name-filter ...]

Rows (ratio = baseline time / SDK time, above 1 the SDK is faster):
    python.sign                    sign_request one-shot vs hmac + base64
    python.webhook                 verify + parse + read 3 fields vs hmac + compare_digest + json.loads
    python.webhook.list            verify + parse an event, then read ``data`` of 20 webhook bodies
    python.call_vs_requests        get_checkout_order_info vs the same signed call with requests.Session
    python.call_vs_httpx           the same against httpx.Client
    python.call_vs_*.concurrent8   the same with 8 threads sharing one client / session
    python.list_vs_requests        list_checkout_orders (50 orders per page) vs requests + json.loads
    python.threads8                8 threads on one Client vs 1 thread, sandbox delaying each call 20 ms
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from decimal import Decimal
from typing import Any, Callable, Dict, List, Optional, Tuple

import wcheckout

ROUNDS = 9
SIGN_KEY = "demo_sign_key"
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

Row = Dict[str, Any]


def median(values: List[float]) -> float:
    return sorted(values)[len(values) // 2]


def alternate(batch: int, sdk: Callable[[int], Any], base: Callable[[int], Any]) -> Tuple[float, float]:
    """ns per operation of ``sdk(n)`` and ``base(n)``: medians of ROUNDS alternating rounds."""
    sdk(max(1, batch // 10))
    base(max(1, batch // 10))
    s: List[float] = []
    b: List[float] = []

    def timed(f: Callable[[int], Any]) -> float:
        t = time.perf_counter_ns()
        f(batch)
        return (time.perf_counter_ns() - t) / batch

    for r in range(ROUNDS):
        if r % 2 == 0:
            s.append(timed(sdk))
            b.append(timed(base))
        else:
            b.append(timed(base))
            s.append(timed(sdk))
    return median(s), median(b)


def loop(fn: Callable[[], Any]) -> Callable[[int], None]:
    def run(n: int) -> None:
        for _ in range(n):
            fn()

    return run


def threaded(fn: Callable[[], Any], threads: int = 8) -> Callable[[int], None]:
    """``n`` calls of ``fn`` spread over ``threads`` threads."""

    def run(n: int) -> None:
        per = -(-n // threads)
        errors: List[BaseException] = []

        def work() -> None:
            try:
                for _ in range(per):
                    fn()
            except BaseException as e:  # reported after the join
                errors.append(e)

        ts = [threading.Thread(target=work) for _ in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        if errors:
            raise errors[0]

    return run


def row(name: str, sdk: str, sdk_ns: float, baseline: str, baseline_ns: float) -> Row:
    return {
        "name": name,
        "language": "python",
        "sdk": sdk,
        "sdk_ns": round(sdk_ns),
        "baseline": baseline,
        "baseline_ns": round(baseline_ns),
        "ratio": round(baseline_ns / sdk_ns, 3),
    }


# ---- what a user writes instead -------------------------------------------------------------


def py_sign_request(sign_key: str, method: str, timestamp: str, path: str, query: str, body: bytes) -> str:
    """The usual pure-Python signature: build the string, HMAC-SHA512, Base64."""
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


class PlainCall:
    """A signed GET made by hand with an HTTP library session (requests or httpx)."""

    def __init__(self, session: Any, url: str) -> None:
        self.session = session
        self.url = url
        self.key = SIGN_KEY.encode()
        r = session.post(
            f"{url}/user/auth/oauth2/token",
            params={"grant_type": "client_credentials", "api_key": "demo_api_key", "api_secret": "demo_api_secret"},
        )
        self.token = r.json()["retdata"]["access_token"]

    def _headers(self, method: str, path: str, query: str, body: bytes) -> Dict[str, str]:
        ts = str(time.time_ns() // 1_000_000)
        message = (method + ts + path + query).encode() + body
        sig = base64.b64encode(hmac.new(self.key, message, hashlib.sha512).digest()).decode()
        return {"Authorization": f"Bearer {self.token}", "SIGNATURE": sig, "TIMESTAMP": ts}

    def get(self, path: str, query: str) -> Any:
        r = self.session.get(f"{self.url}{path}?{query}", headers=self._headers("GET", path, query, b""))
        return self._open(r.content)

    def post(self, path: str, body: Dict[str, Any]) -> Any:
        data = json.dumps(body, separators=(",", ":")).encode()
        headers = self._headers("POST", path, "", data)
        headers["Content-Type"] = "application/json"
        kind = "content" if type(self.session).__module__.startswith("httpx") else "data"
        return self._open(self.session.post(f"{self.url}{path}", headers=headers, **{kind: data}).content)

    @staticmethod
    def _open(content: bytes) -> Any:
        envelope = json.loads(content, parse_float=Decimal)
        if str(envelope.get("retcode")) != "200":
            raise RuntimeError(f"call failed: {envelope}")
        return envelope["retdata"]


def client(url: str) -> wcheckout.Client:
    return wcheckout.Client(api_key="demo_api_key", api_secret="demo_api_secret", sign_key=SIGN_KEY, base_url=url)


# ---- rows ------------------------------------------------------------------------------------


def sign_rows() -> List[Row]:
    expected = py_sign_request(SIGN_KEY, "POST", TS, PATH, "", BODY)
    assert wcheckout.sign_request(SIGN_KEY, "POST", TS, PATH, "", BODY) == expected
    sign = wcheckout.sign_request
    sdk_ns, base_ns = alternate(
        50_000,
        loop(lambda: sign(SIGN_KEY, "POST", TS, PATH, "", BODY)),
        loop(lambda: py_sign_request(SIGN_KEY, "POST", TS, PATH, "", BODY)),
    )
    return [row("python.sign", "sign_request(key, …) one-shot", sdk_ns, "hmac + hashlib + base64", base_ns)]


def webhook_rows() -> List[Row]:
    now = int(TS)
    headers = wcheckout.sign_webhook_for_test(SIGN_KEY, EVENT, now)
    verifier = wcheckout.WebhookVerifier(SIGN_KEY)
    key = SIGN_KEY.encode()

    def sdk() -> Any:
        ev = verifier.verify_at(headers, EVENT, now)
        d = ev.data
        return ev.event_type, d.order_status, d.order_amount  # type: ignore[union-attr]

    def base() -> Any:
        ev = py_verify_webhook(key, headers, EVENT, now)
        d = ev["data"]
        return ev["eventType"], d["orderStatus"], d["orderAmount"]

    assert sdk() == ("CHECKOUT_ORDER_CHANGED", "PAID", Decimal("989.19")), sdk()
    assert base() == sdk()
    sdk_ns, base_ns = alternate(30_000, loop(sdk), loop(base))
    return [
        row(
            "python.webhook",
            "WebhookVerifier.verify_at + event_type, data.order_status, data.order_amount",
            sdk_ns,
            "hmac + compare_digest + json.loads(parse_float=Decimal), same 3 reads",
            base_ns,
        )
    ]


def call_rows(url: str) -> List[Row]:
    import httpx
    import requests

    sdk_client = client(url)
    order_no = f"BENCHPY{os.getpid()}"
    sdk_client.create_checkout_order(order_no=order_no, order_amount=Decimal("12.50"), customer_id="c", token="ETH_USDT")
    # 50 more orders for the list rows.
    for i in range(50):
        sdk_client.create_checkout_order(
            order_no=f"{order_no}L{i}", order_amount=Decimal("3.25"), customer_id="list", token="TRX_USDT"
        )
    rows: List[Row] = []
    query = f"orderNo={order_no}"

    def sdk() -> Any:
        return sdk_client.get_checkout_order_info(order_no).order_status

    for lib, session in (("requests", requests.Session()), ("httpx", httpx.Client())):
        plain = PlainCall(session, url)

        def base(plain: PlainCall = plain) -> Any:
            return plain.get("/checkout/order/info", query)["orderStatus"]

        assert sdk() == base(), (sdk(), base())
        label = "requests.Session" if lib == "requests" else "httpx.Client"
        what = f"{label} + hmac + json.loads(parse_float=Decimal)"
        sdk_ns, base_ns = alternate(300, loop(sdk), loop(base))
        rows.append(row(f"python.call_vs_{lib}", "Client.get_checkout_order_info", sdk_ns, what, base_ns))
        sdk_ns, base_ns = alternate(600, threaded(sdk), threaded(base))
        rows.append(
            row(
                f"python.call_vs_{lib}.concurrent8",
                "8 threads on one Client",
                sdk_ns,
                f"8 threads on one {label}",
                base_ns,
            )
        )
        if lib == "requests":
            list_body = {"customerId": "list", "pageNum": 1, "pageSize": 50}

            def sdk_list() -> Any:
                page = sdk_client.list_checkout_orders(customer_id="list", page_size=50)
                return [o.order_amount for o in page.items]

            def base_list(plain: PlainCall = plain) -> Any:
                page = plain.post("/checkout/order/list", list_body)
                return [o["orderAmount"] for o in page["records"]]

            assert sdk_list() == base_list() and len(sdk_list()) == 50, (len(sdk_list()), len(base_list()))
            sdk_ns, base_ns = alternate(100, loop(sdk_list), loop(base_list))
            rows.append(
                row(
                    "python.list_vs_requests",
                    "list_checkout_orders, 50 orders, read order_amount of each",
                    sdk_ns,
                    "requests + json.loads(parse_float=Decimal), same reads",
                    base_ns,
                )
            )
        session.close()
    return rows


def threads_rows(slow_url: str) -> List[Row]:
    sdk_client = client(slow_url)
    order_no = f"BENCHPYT{os.getpid()}"
    sdk_client.create_checkout_order(order_no=order_no, order_amount=Decimal("1"), customer_id="c", token="ETH_USDT")

    def call() -> Any:
        return sdk_client.get_checkout_order_info(order_no)

    t = time.perf_counter()
    call()
    assert time.perf_counter() - t >= 0.019, "the slow sandbox must delay each call by 20 ms"
    global ROUNDS
    rounds, ROUNDS = ROUNDS, 5
    try:
        sdk_ns, base_ns = alternate(80, threaded(call), loop(call))
    finally:
        ROUNDS = rounds
    return [
        row(
            "python.threads8",
            "8 threads on one Client (20 ms server delay)",
            sdk_ns,
            "the same Client, 1 thread",
            base_ns,
        )
    ]


def main(argv: List[str]) -> None:
    wanted = [a for a in argv if not a.startswith("-")]

    def want(name: str) -> bool:
        return not wanted or any(w in name for w in wanted)

    print(f"wcheckout {wcheckout.__version__}, Python {sys.version.split()[0]} ({wcheckout._native.__file__})")
    rows: List[Row] = []
    if want("python.sign"):
        rows += sign_rows()
    if want("python.webhook"):
        rows += webhook_rows()
    url: Optional[str] = os.environ.get("WCHECKOUT_BENCH_URL")
    if url and (want("python.call") or want("python.list")):
        rows += call_rows(url)
    slow_url = os.environ.get("WCHECKOUT_BENCH_SLOW_URL")
    if slow_url and want("python.threads8"):
        rows += threads_rows(slow_url)
    for r in rows:
        print(
            f"{r['name']:36} sdk {r['sdk_ns']:>10,} ns  baseline {r['baseline_ns']:>10,} ns  ratio {r['ratio']:6.2f}"
        )
    out = os.environ.get("WCHECKOUT_BENCH_JSON")
    if out:
        with open(out, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
