"""`wcheckout.testing`: the sandbox inside the package. These tests use only the toolkit (no
`wcheckout` binary, no helpers.Sandbox process): the sandbox runs in this interpreter."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from decimal import Decimal

import pytest

import wcheckout
from wcheckout import EventType, OrderStatus, RefundStatus, SettleStatus, Token
from wcheckout.testing import Sandbox, WebhookInbox, WebhookTimeoutError
from helpers import uid


def test_end_to_end_with_only_the_toolkit() -> None:
    with Sandbox() as sb:
        client = sb.client()
        inbox = sb.webhook_inbox()
        no = uid("E")
        created = client.create_checkout_order(
            order_no=no, order_amount=Decimal("25.00"), customer_id="c1", token=Token.ETH_USDT
        )
        assert created.paying_amount == Decimal("25.00")

        payment = sb.pay(no, created.paying_amount)
        assert payment.order.order_status is OrderStatus.PAID
        assert payment.abnormal_payment is None
        paid = inbox.wait_for(EventType.CHECKOUT_ORDER_CHANGED, order_no=no, order_status=OrderStatus.PAID)
        assert paid.event_id.startswith("evt_")
        assert paid.data.paying_amount == Decimal("25.00")

        refund = client.create_refund_order(refund_order_no=uid("R"), order_no=no, amount=Decimal("5.50"))
        assert sb.complete_refund(refund.refund_order_no).refund_status is RefundStatus.REFUNDED
        done = inbox.wait_for("REFUND_ORDER_CHANGED", refund_status="REFUNDED")
        assert done.data.amount == Decimal("5.50")
        order = client.get_checkout_order_info(no)
        assert order.order_status is OrderStatus.PARTIAL_REFUNDED
        assert order.refunded_amount == Decimal("5.50")

        settlement = client.create_settlement_order(
            settlement_order_no=uid("S"), token=Token.ETH_USDT, address="0xabc", amount=Decimal("19.50")
        )
        assert sb.complete_settlement(settlement.settlement_order_no).settle_status is SettleStatus.SETTLED
        inbox.wait_for("SETTLEMENT_ORDER_CHANGED", settle_status="SETTLED")
        assert sb.state()["balances"]["ETH_USDT"] == 0

        log = sb.webhooks()
        assert [d.event_id for d in log] == [e.event_id for e in inbox.events]
        deadline = time.monotonic() + 10
        while not all(d.status == "delivered" for d in sb.webhooks()):
            assert time.monotonic() < deadline, [d.status for d in sb.webhooks()]
            time.sleep(0.01)
        first = sb.webhooks()[0]
        assert first.event_type is EventType.CHECKOUT_ORDER_CHANGED
        assert first.attempts[0].http_status == 200
        assert first.event.data.order_no == no
        assert inbox.rejected == []


def test_two_sandboxes_side_by_side() -> None:
    with Sandbox() as a, Sandbox(api_key="k2", api_secret="s2", sign_key="sign2") as b:
        assert a.base_url != b.base_url
        inbox_a, inbox_b = a.webhook_inbox(), b.webhook_inbox()
        ca, cb = a.client(), b.client()
        for client, amount in ((ca, "1.25"), (cb, "2.50")):
            client.create_checkout_order(order_no="SAME1", order_amount=Decimal(amount), customer_id="c", token="ETH_USDT")
        a.pay("SAME1", Decimal("1.25"))
        b.pay("SAME1", Decimal("2.50"))
        assert inbox_a.wait_for(order_status="PAID").data.paying_amount == Decimal("1.25")
        assert inbox_b.wait_for(order_status="PAID").data.paying_amount == Decimal("2.50")
        # Each sandbox knows only its own credentials and records.
        with pytest.raises(wcheckout.AuthError):
            a.client(api_key="k2", api_secret="s2", sign_key="sign2", max_retries=0, response_signature="off").get_checkout_order_info(
                "SAME1"
            )
        a.reset()
        assert a.state()["counts"]["orders"] == 0
        assert b.state()["counts"]["orders"] == 1
        assert [e.data.order_no for e in inbox_b.events] == ["SAME1"]


def test_control_errors_are_typed() -> None:
    with Sandbox() as sb:
        with pytest.raises(wcheckout.ApiError) as e:
            sb.pay("NOPE1", Decimal("1"))
        assert (e.value.retcode, e.value.http_status) == ("00010", 404)
        with pytest.raises(TypeError, match="float"):
            sb.pay("NOPE1", 1.5)  # type: ignore[arg-type]
        with pytest.raises(wcheckout.ApiError) as e:
            sb.complete_refund("NOREFUND1")
        assert e.value.retcode == "00010"
        with pytest.raises(wcheckout.ApiError) as e:
            sb.fault("teleport")
        assert (e.value.retcode, e.value.http_status) == ("00008", 400)
        with pytest.raises(ValueError):
            sb.advance_clock(-1)
    assert sb.closed
    with pytest.raises(wcheckout.InvalidArgumentError, match="stopped"):
        sb.state()
    sb.close()  # idempotent
    with pytest.raises(wcheckout.InvalidArgumentError, match="token_policy"):
        Sandbox(token_policy="sometimes")
    with pytest.raises(wcheckout.InvalidArgumentError, match="api_key"):
        Sandbox(api_key="")


def test_clock_faults_token_and_state() -> None:
    with Sandbox() as sb:
        client = sb.client(max_retries=0)
        no = uid("C")
        client.create_checkout_order(order_no=no, order_amount=10, customer_id="c", token="TRX_USDT", expired_in=60)
        clock = sb.advance_clock(61)
        assert clock.offset_seconds == 61
        assert sb.clock().offset_seconds == 61
        assert client.get_checkout_order_info(no).order_status is OrderStatus.TIMEOUT
        late = sb.pay(no, 10)
        assert late.abnormal_payment is not None and late.abnormal_payment.abnormal_type == "LATE_PAYMENT"

        sb.fault("http_503", "/checkout/order/info", retry_after=3)
        with pytest.raises(wcheckout.ApiError) as e:
            client.get_checkout_order_info(no)
        assert e.value.http_status == 503 and e.value.retryable
        sb.fault("http_500", count=5)
        sb.clear_faults()
        assert client.get_checkout_order_info(no).order_no == no

        assert sb.expire_token() is True
        assert client.get_checkout_order_info(no).order_no == no  # the client refetches once
        state = sb.state()
        assert state["counts"]["tokensIssued"] == 2
        assert state["counts"]["tokenRejections"] == 1
        assert sb.control("GET", "/health") == {"status": "ok"}
        sb.reset()
        assert sb.state()["counts"]["orders"] == 0


def test_lose_webhook_and_no_inbox() -> None:
    with Sandbox() as sb:
        inbox = sb.webhook_inbox()
        sb.fault("lose_webhook", event_type="CHECKOUT_ORDER_CHANGED")
        client = sb.client()
        no = uid("L")
        client.create_checkout_order(order_no=no, order_amount=3, customer_id="c", token="ETH_USDT")
        sb.pay(no, 3)
        assert [d.status for d in sb.webhooks()] == ["lost"]
        with pytest.raises(WebhookTimeoutError) as e:
            inbox.wait_for(EventType.CHECKOUT_ORDER_CHANGED, order_no=no, timeout=0.2)
        assert isinstance(e.value, AssertionError) and isinstance(e.value, wcheckout.WCheckoutError)
        assert "received 0" in str(e.value) and no in str(e.value)
        sb.set_webhook_url(None)
        assert sb.webhook_url is None


def test_inbox_refuses_unverified_deliveries() -> None:
    with WebhookInbox("inbox_key") as inbox:
        body = b'{"eventId":"evt_1","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}'

        def post(headers: dict[str, str]) -> int:
            req = urllib.request.Request(inbox.url, data=body, method="POST", headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=5) as r:
                    return int(r.status)
            except urllib.error.HTTPError as err:
                return int(err.code)

        assert post(wcheckout.sign_webhook_for_test("wrong_key", body)) == 400
        assert [r.code for r in inbox.rejected] == ["webhook_signature_mismatch"]
        assert inbox.events == []
        assert post(wcheckout.sign_webhook_for_test("inbox_key", body)) == 200
        assert inbox.wait_for(order_no="A1", timeout=1).event_id == "evt_1"
        inbox.clear()
        assert inbox.events == [] and inbox.rejected == []
    assert inbox.closed


def test_async_variants() -> None:
    async def scenario() -> None:
        async with Sandbox() as sb:
            client = sb.async_client()
            inbox = sb.webhook_inbox()
            no = uid("A")
            created = await client.create_checkout_order(order_no=no, order_amount=Decimal("4"), customer_id="c", token="SOL_USDC")
            sb.pay(no, created.paying_amount or 0)
            event = await inbox.wait_for_async(order_no=no, order_status="PAID")
            assert event.data.token == Token.SOL_USDC
        assert sb.closed and inbox.closed

    asyncio.run(scenario())


def test_repr_never_shows_secrets() -> None:
    with Sandbox(api_secret="s3cr3t_value", sign_key="k3y_value") as sb:
        text = repr(sb) + repr(sb.webhook_inbox()) + repr(sb._native)
        assert "s3cr3t_value" not in text and "k3y_value" not in text
        assert sb.base_url in repr(sb)
        assert sb.api_secret == "s3cr3t_value"


_EXIT_SCRIPT = """
import atexit, socket, sys
results = {}
def check():  # registered first, so it runs after wcheckout.testing's own exit handler
    for name, port in ports.items():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            results[name] = "still listening"
        except OSError:
            results[name] = "stopped"
    print(sorted(results.items()), sb.closed, inbox.closed, flush=True)
atexit.register(check)
from wcheckout.testing import Sandbox
sb = Sandbox()
inbox = sb.webhook_inbox()
ports = {"sandbox": int(sb.base_url.rsplit(":", 1)[1]), "inbox": int(inbox.url.split(":")[2].split("/")[0])}
"""


def test_running_sandboxes_stop_at_interpreter_exit() -> None:
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", _EXIT_SCRIPT], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[('inbox', 'stopped'), ('sandbox', 'stopped')] True True"
    assert time.monotonic() - started < 20


def test_port_is_loopback_only() -> None:
    with Sandbox() as sb:
        port = int(sb.base_url.rsplit(":", 1)[1])
        assert sb.base_url.startswith("http://127.0.0.1:")
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
        body = json.loads(urllib.request.urlopen(sb.base_url + "/_sandbox/health", timeout=5).read())
        assert body["retdata"] == {"status": "ok"}  # the HTTP control API keeps working
