"""A merchant's own pytest tests against the sandbox inside the package (nothing else to install
or start): `pytest examples/test_checkout_with_sandbox.py`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wcheckout import OrderStatus, RefundStatus, SettleStatus, Token
from wcheckout.testing import Sandbox


def test_paid_order_is_refunded_and_settled(wcheckout_sandbox: Sandbox) -> None:
    sb = wcheckout_sandbox  # a fresh sandbox for this test, on 127.0.0.1, in this process
    client = sb.client()  # a wcheckout.Client with the sandbox's URL and credentials
    inbox = sb.webhook_inbox()  # receives and verifies the sandbox's webhooks

    order = client.create_checkout_order(
        order_no="A1001", order_amount=Decimal("25.00"), customer_id="customer-42", token=Token.ETH_USDT
    )
    sb.pay("A1001", order.paying_amount or Decimal(0))  # the customer pays on chain
    inbox.wait_for("CHECKOUT_ORDER_CHANGED", order_no="A1001", order_status=OrderStatus.PAID)

    refund = client.create_refund_order(refund_order_no="R1001", order_no="A1001", amount=Decimal("5"))
    assert sb.complete_refund(refund.refund_order_no).refund_status is RefundStatus.REFUNDED
    assert client.get_checkout_order_info("A1001").order_status is OrderStatus.PARTIAL_REFUNDED

    client.create_settlement_order(settlement_order_no="S1001", token=Token.ETH_USDT, address="0xabc", amount=20)
    assert sb.complete_settlement("S1001").settle_status is SettleStatus.SETTLED


@pytest.mark.wcheckout_sandbox(token_policy="multiple")
def test_order_times_out(wcheckout_sandbox: Sandbox) -> None:
    client = wcheckout_sandbox.client()
    client.create_checkout_order(order_no="T1", order_amount=10, customer_id="c", token="TRX_USDT", expired_in=600)
    wcheckout_sandbox.advance_clock(601)
    assert client.get_checkout_order_info("T1").order_status is OrderStatus.TIMEOUT


def test_gateway_outage_is_reported(wcheckout_sandbox: Sandbox) -> None:
    import wcheckout

    wcheckout_sandbox.fault("http_503", "/checkout/order/create", count=3)
    with pytest.raises(wcheckout.ApiError) as err:
        wcheckout_sandbox.client().create_checkout_order(order_no="F1", order_amount=1, customer_id="c", token="ETH_USDT")
    assert err.value.http_status == 503 and err.value.retryable
