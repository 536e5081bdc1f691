"""A real Flask app receives the sandbox's webhooks over HTTP and verifies them from the raw body."""

from __future__ import annotations

import importlib.util
import threading
import time
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict, Iterator, List

import pytest
from werkzeug.serving import make_server

import wcheckout
from helpers import SIGN_KEY, Sandbox, uid

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load_example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Receiver:
    def __init__(self, sign_key: str) -> None:
        self.events: List[wcheckout.WebhookEvent] = []
        app = load_example("flask_webhook").create_app(sign_key, self.events.append)
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhooks/wcheckout"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, pred: Callable[[wcheckout.WebhookEvent], bool], timeout: float = 10.0) -> wcheckout.WebhookEvent:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for ev in list(self.events):
                if pred(ev):
                    return ev
            time.sleep(0.02)
        raise AssertionError(f"no matching webhook among {[e.event_type for e in self.events]}")

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    r = Receiver(SIGN_KEY)
    yield r
    r.close()


@pytest.fixture(scope="module")
def hooked(receiver: Receiver) -> Iterator[Sandbox]:
    sb = Sandbox("--webhook-url", receiver.url)
    yield sb
    sb.stop()


def data_of(ev: wcheckout.WebhookEvent) -> Any:
    return ev.data


def test_every_event_type_arrives_verified(hooked: Sandbox, receiver: Receiver) -> None:
    c = hooked.client()
    no = uid()
    created = c.create_checkout_order(order_no=no, order_amount=Decimal("30.10"), customer_id="c", token="ETH_USDT")
    hooked.pay(no, created.paying_amount)
    paid = receiver.wait_for(
        lambda e: isinstance(e.data, wcheckout.CheckoutOrderChanged)
        and e.data.order_no == no
        and e.data.order_status is wcheckout.OrderStatus.PAID
    )
    assert paid.event_type is wcheckout.EventType.CHECKOUT_ORDER_CHANGED
    assert data_of(paid).order_amount == Decimal("30.10") and str(data_of(paid).order_amount) == "30.10"
    assert paid.event_id.startswith("evt_")

    refund = c.create_refund_order(refund_order_no=uid("R"), order_no=no, amount="0.10")
    hooked.control("POST", f"/refunds/{refund.refund_order_no}/process")
    ev = receiver.wait_for(
        lambda e: isinstance(e.data, wcheckout.RefundOrderChanged) and e.data.refund_order_no == refund.refund_order_no
    )
    assert data_of(ev).amount == Decimal("0.10")

    s = c.create_settlement_order(settlement_order_no=uid("S"), token="ETH_USDT", address="0xabc", amount="1")
    hooked.control("POST", f"/settlements/{s.settlement_order_no}/process")
    receiver.wait_for(
        lambda e: isinstance(e.data, wcheckout.SettlementOrderChanged)
        and e.data.settlement_order_no == s.settlement_order_no
    )

    over = uid()
    c.create_checkout_order(order_no=over, order_amount="5", customer_id="c", token="ETH_USDT")
    hooked.pay(over, "7.25")
    ab = receiver.wait_for(lambda e: isinstance(e.data, wcheckout.AbnormalPaymentDetected) and e.data.order_no == over)
    assert data_of(ab).pending_amount == Decimal("2.25")

    # The sandbox saw HTTP 200 + the acknowledgement for every delivery to this receiver.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        deliveries = hooked.webhooks()
        if deliveries and all(d["status"] == "delivered" for d in deliveries):
            break
        time.sleep(0.05)
    assert deliveries and all(d["status"] == "delivered" for d in deliveries), deliveries


def post(url: str, body: bytes, headers: Dict[str, str]) -> int:
    req = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            assert r.read() == wcheckout.ACKNOWLEDGEMENT_BYTES
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def test_tampered_and_unsigned_deliveries_are_refused(receiver: Receiver) -> None:
    body = b'{"eventId":"evt_manual","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"X1","orderStatus":"PAID"}}'
    headers = wcheckout.sign_webhook_for_test(SIGN_KEY, body)
    assert post(receiver.url, body, headers) == 200
    assert post(receiver.url, body.replace(b"X1", b"X2"), headers) == 400
    assert post(receiver.url, body, {"Content-Type": "application/json"}) == 400
    stale = wcheckout.sign_webhook_for_test(SIGN_KEY, body, wcheckout.now_millis() - 10 * 60 * 1000)
    assert post(receiver.url, body, stale) == 400
    # D-SIGNATURE / D-TIMESTAMP are accepted as fallbacks.
    assert post(receiver.url, body, {f"D-{k}": v for k, v in headers.items()}) == 200


def test_wrong_key_is_retried_by_the_sandbox(hooked: Sandbox) -> None:
    wrong = Receiver("not-the-sign-key")
    try:
        hooked.control("PUT", "/webhook-url", {"url": wrong.url})
        c = hooked.client()
        no = uid()
        c.create_checkout_order(order_no=no, order_amount="1", customer_id="c", token="ETH_USDT")
        hooked.pay(no, "1")
        deadline = time.monotonic() + 5
        attempts: List[Dict[str, Any]] = []
        while time.monotonic() < deadline:
            mine = [d for d in hooked.webhooks() if d["url"] == wrong.url]
            attempts = [a for d in mine for a in d["attempts"]]
            if len(attempts) >= 2:
                break
            time.sleep(0.05)
        assert len(attempts) >= 2 and all(a["httpStatus"] == 400 for a in attempts), attempts
        assert wrong.events == []
    finally:
        wrong.close()
