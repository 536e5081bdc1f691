"""Every operation of the client against the real sandbox process."""

from __future__ import annotations

from decimal import Decimal

import wcheckout
from helpers import Sandbox, uid
from wcheckout import OrderStatus, RefundStatus, SettleStatus, Token


def test_checkout_order_lifecycle(sandbox: Sandbox, client: wcheckout.Client) -> None:
    no = uid()
    created = client.create_checkout_order(
        order_no=no,
        order_amount=Decimal("12.50"),
        customer_id="cust42",
        token=Token.ETH_USDT,
        merchant_id="m1",
        expired_in=600,
        pc_callback_url="https://shop.example/return",
        forwarded_for="203.0.113.7",
    )
    assert isinstance(created, wcheckout.CreatedCheckoutOrder)
    assert created.order_no == no
    assert created.paying_amount == Decimal("12.50") and str(created.paying_amount) == "12.50"
    assert created.token is Token.ETH_USDT
    assert created.payment_url and created.deposit_address
    info = client.get_checkout_order_info(no)
    assert info.order_status is OrderStatus.PAYING
    assert info.order_amount == Decimal("12.50")
    sandbox.pay(no, created.paying_amount, tx_hash="0xfeed")
    paid = client.get_checkout_order_info(no)
    assert paid.order_status == "PAID" and paid.tx_hash == "0xfeed"
    assert paid.to_dict()["order_status"] is OrderStatus.PAID
    assert '"orderAmount":12.50' in paid.to_json()
    assert "order_status='PAID'" in repr(paid)
    assert paid == client.get_checkout_order_info(no)


def test_cancel_checkout_order(client: wcheckout.Client) -> None:
    no = uid()
    client.create_checkout_order(order_no=no, order_amount="5", customer_id="c", token="TRX_USDT")
    cancelled = client.cancel_checkout_order(no)
    assert cancelled.order_status is OrderStatus.CANCELLED
    assert cancelled.token is Token.TRX_USDT


def test_amount_inputs_keep_their_digits(client: wcheckout.Client) -> None:
    for given, text in [(Decimal("0.10"), "0.10"), ("12.345678", "12.345678"), (7, "7"), (Decimal("1.5E+2"), "150")]:
        no = uid()
        client.create_checkout_order(order_no=no, order_amount=given, customer_id="c", token="ETH_USDC")
        got = client.get_checkout_order_info(no).order_amount
        assert isinstance(got, Decimal) and format(got, "f") == text


def test_list_and_iterate_checkout_orders(client: wcheckout.Client) -> None:
    customer = uid("cust")
    numbers = [uid() for _ in range(5)]
    for no in numbers:
        client.create_checkout_order(order_no=no, order_amount="1.01", customer_id=customer, token="SOL_USDC")
    page = client.list_checkout_orders(customer_id=customer, page_size=2, page_num=1)
    assert isinstance(page, wcheckout.Page)
    assert page.total == 5 and len(page) == 2 and page.has_more and page.page_num == 1
    assert all(isinstance(o, wcheckout.CheckoutOrder) for o in page)
    it = client.iter_checkout_orders(customer_id=customer, page_size=2)
    assert it.total is None
    seen = [o.order_no for o in it]
    assert sorted(seen) == sorted(numbers)
    assert it.total == 5
    only_paying = client.list_checkout_orders(customer_id=customer, order_status=OrderStatus.PAYING)
    assert only_paying.total == 5
    assert client.list_checkout_orders(customer_id=customer, order_status="PAID").total == 0


def test_refund_lifecycle(sandbox: Sandbox, client: wcheckout.Client, paid_order: wcheckout.CheckoutOrder) -> None:
    order_no = paid_order.order_no
    r1 = client.create_refund_order(refund_order_no=uid("R"), order_no=order_no, amount=Decimal("2.50"), remark="x")
    assert r1.refund_status is RefundStatus.PENDING_REFUND
    assert r1.amount == Decimal("2.50")
    assert client.get_refund_order_info(r1.refund_order_no).refund_order_no == r1.refund_order_no
    sandbox.control("POST", f"/refunds/{r1.refund_order_no}/process")
    sandbox.control("POST", f"/refunds/{r1.refund_order_no}/complete")
    assert client.get_refund_order_info(r1.refund_order_no).refund_status is RefundStatus.REFUNDED
    r2 = client.create_refund_order(refund_order_no=uid("R"), order_no=order_no, amount="1")
    assert client.cancel_refund_order(r2.refund_order_no).refund_status is RefundStatus.CANCELLED
    page = client.list_refund_orders(order_no=order_no)
    assert page.total == 2
    assert {r.refund_order_no for r in client.iter_refund_orders(order_no=order_no, page_size=1)} == {
        r1.refund_order_no,
        r2.refund_order_no,
    }
    assert client.list_refund_orders(order_no=order_no, refund_status=RefundStatus.REFUNDED).total == 1
    order = client.get_checkout_order_info(order_no)
    assert order.refunded_amount == Decimal("2.50")


def test_settlement_lifecycle(sandbox: Sandbox, client: wcheckout.Client, paid_order: wcheckout.CheckoutOrder) -> None:
    s = client.create_settlement_order(
        settlement_order_no=uid("S"),
        token=Token.ETH_USDT,
        address="0x1111111111111111111111111111111111111111",
        amount=Decimal("1.25"),
        order_nos=[paid_order.order_no],
    )
    assert s.settle_status is SettleStatus.PENDING_SETTLEMENT
    assert s.settlement_amount == Decimal("1.25")
    sandbox.control("POST", f"/settlements/{s.settlement_order_no}/process")
    sandbox.control("POST", f"/settlements/{s.settlement_order_no}/complete")
    assert client.get_settlement_order(s.settlement_order_no).settle_status is SettleStatus.SETTLED
    fiat = client.create_fiat_settlement_order(
        settlement_order_no=uid("F"), token="ETH_USDT", amount="0.75", fiat="USD", bank_account_id="BA1", remark="r"
    )
    assert fiat.fiat == "USD" and fiat.bank_account_id == "BA1"
    assert client.cancel_settlement_order(fiat.settlement_order_no).settle_status is SettleStatus.CANCELLED
    settled = client.list_settlement_orders(settle_status=SettleStatus.SETTLED, page_size=100)
    assert s.settlement_order_no in {x.settlement_order_no for x in settled}
    everything = {x.settlement_order_no for x in client.iter_settlement_orders(page_size=3)}
    assert {s.settlement_order_no, fiat.settlement_order_no} <= everything


def test_abnormal_payment_and_refund(sandbox: Sandbox, client: wcheckout.Client) -> None:
    no = uid()
    client.create_checkout_order(order_no=no, order_amount="10", customer_id="c", token="ETH_USDT")
    sandbox.pay(no, "15.5", tx_hash="0xover")
    page = client.list_abnormal_payments(order_no=no)
    assert page.total == 1
    ap = page.items[0]
    assert isinstance(ap, wcheckout.AbnormalPayment)
    assert ap.abnormal_type is wcheckout.AbnormalPaymentType.OVER_PAID
    assert ap.pending_amount == Decimal("5.5") and ap.amount == Decimal("15.5")
    assert [a.abnormal_payment_no for a in client.iter_abnormal_payments(order_no=no)] == [ap.abnormal_payment_no]
    refund = client.create_abnormal_payment_refund(
        refund_order_no=uid("AR"), order_no=no, tx_hash="0xover", token=Token.ETH_USDT, remark="over"
    )
    assert refund.abnormal_payment_no == ap.abnormal_payment_no
    assert refund.amount == Decimal("5.5")
    # Pending until the refund completes, then handled.
    assert client.list_abnormal_payments(order_no=no, status="PENDING").total == 1
    sandbox.control("POST", f"/refunds/{refund.refund_order_no}/complete", {})
    assert client.list_abnormal_payments(order_no=no, status="PENDING").total == 0
    assert [a.status for a in client.iter_abnormal_payments(order_no=no)] == [wcheckout.AbnormalPaymentStatus.HANDLED]


def test_request_and_call(client: wcheckout.Client) -> None:
    no = uid()
    client.create_checkout_order(order_no=no, order_amount="3.30", customer_id="c", token="ETH_USDT")
    info = client.request("GET", "/checkout/order/info", {"orderNo": no})
    assert info["orderNo"] == no and info["orderAmount"] == Decimal("3.30")
    listed = client.request("POST", "/checkout/order/list", body={"pageSize": 1, "pageNum": 1})
    assert listed["pageSize"] == 1
    as_text = client.request("POST", "/checkout/order/list", body='{ "pageSize" : 1 }')
    assert as_text["pageSize"] == 1
    assert client.call("get_checkout_order_info", {"orderNo": no})["orderStatus"] == "PAYING"


def test_client_properties(sandbox: Sandbox, client: wcheckout.Client) -> None:
    assert client.base_url == sandbox.url
    assert client.user_agent.startswith("wcheckout/") and "python/3." in client.user_agent
    client.clear_token()
    assert client.list_checkout_orders(page_size=1).page_size == 1


def test_token_expiry_is_transparent(sandbox: Sandbox, client: wcheckout.Client) -> None:
    client.list_checkout_orders(page_size=1)
    sandbox.control("POST", "/tokens/expire")
    assert client.list_checkout_orders(page_size=1).page_num == 1
