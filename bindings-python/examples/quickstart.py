"""From credentials to a paid sandbox order, a refund and a settlement.

Start the local sandbox first (`wcheckout sandbox --port 8787`), then:
    python examples/quickstart.py http://127.0.0.1:8787
"""

from __future__ import annotations

import json
import sys
import urllib.request
import uuid
from decimal import Decimal

import wcheckout
from wcheckout import OrderStatus, Token


def sandbox_pay(base_url: str, order_no: str, amount: Decimal) -> None:
    """Simulates the customer's on-chain payment (local sandbox control API only)."""
    body = json.dumps({"amount": str(amount), "txHash": "0x" + uuid.uuid4().hex}).encode()
    req = urllib.request.Request(
        f"{base_url}/_sandbox/orders/{order_no}/pay",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req) as resp:
        resp.read()


def main(base_url: str) -> None:
    client = wcheckout.Client(
        api_key="demo_api_key",
        api_secret="demo_api_secret",
        sign_key="demo_sign_key",
        base_url=base_url,  # omit for environment="sandbox" (hosted) or "production"
        timeout=10,
    )

    # Checkout orders
    order_no = "A" + uuid.uuid4().hex[:12]
    created = client.create_checkout_order(
        order_no=order_no,
        order_amount=Decimal("25.00"),  # Decimal, str or int: never float
        customer_id="customer-42",
        token=Token.ETH_USDT,
    )
    print(f"pay {created.paying_amount} {created.token} to {created.deposit_address} ({created.payment_url})")
    assert created.paying_amount is not None
    sandbox_pay(base_url, order_no, created.paying_amount)
    order = client.get_checkout_order_info(order_no)
    assert order.order_status is OrderStatus.PAID
    print(f"order {order.order_no}: {order.order_status}")

    # Refund orders
    refund = client.create_refund_order(refund_order_no="R" + order_no, order_no=order_no, amount=Decimal("5.00"))
    print(f"refund {refund.refund_order_no}: {refund.refund_status} {refund.amount}")

    # Settlement orders
    settlement = client.create_settlement_order(
        settlement_order_no="S" + order_no,
        token=Token.ETH_USDT,
        address="0x1111111111111111111111111111111111111111",
        amount=Decimal("10"),
    )
    print(f"settlement {settlement.settlement_order_no}: {settlement.settle_status}")

    # Lists: one page, or every item lazily
    page = client.list_checkout_orders(page_size=10, order_status=OrderStatus.PAID)
    print(f"{page.total} paid orders, first page has {len(page)}")
    for o in client.iter_checkout_orders(customer_id="customer-42"):
        print(" -", o.order_no, o.order_status, o.order_amount)

    # Abnormal payments (over-, under-, late payments)
    for ap in client.iter_abnormal_payments():
        print(" abnormal:", ap.abnormal_payment_no, ap.abnormal_type, ap.pending_amount)

    # Errors
    try:
        client.get_checkout_order_info("doesNotExist1")
    except wcheckout.ApiError as e:
        print(f"API error {e.retcode}: {e.retmsg}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8787")
