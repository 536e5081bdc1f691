"""Fixtures. Tests import `wcheckout` from the installed wheel; only this folder is put on
sys.path (for `helpers`), so the source tree can never shadow the installed package."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wcheckout  # noqa: E402
from helpers import Sandbox, uid  # noqa: E402


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    sb = Sandbox()
    yield sb
    sb.stop()


@pytest.fixture()
def client(sandbox: Sandbox) -> Iterator[wcheckout.Client]:
    yield sandbox.client(max_retries=0)
    sandbox.clear_faults()


@pytest.fixture()
def paid_order(sandbox: Sandbox, client: wcheckout.Client) -> wcheckout.CheckoutOrder:
    no = uid()
    created = client.create_checkout_order(
        order_no=no, order_amount=Decimal("20.00"), customer_id="cust1", token=wcheckout.Token.ETH_USDT
    )
    sandbox.pay(no, created.paying_amount)
    return client.get_checkout_order_info(no)


@pytest.fixture(scope="session")
def redis() -> Iterator["RedisServer"]:
    from helpers import RedisServer

    server = RedisServer()
    yield server
    server.stop()
