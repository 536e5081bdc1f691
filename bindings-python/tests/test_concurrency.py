"""The GIL is released during network calls; one client is shared across threads; asyncio."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import List

import pytest

import wcheckout
import wcheckout.aio
from helpers import Sandbox, uid


def test_gil_released_while_waiting_on_the_network(sandbox: Sandbox, client: wcheckout.Client) -> None:
    client.list_checkout_orders(page_size=1)  # the token is fetched outside the measured call
    ticks: List[float] = []
    stop = threading.Event()

    def busy() -> None:
        # Pure Python work: it can only progress while no other thread holds the GIL.
        while not stop.is_set():
            x = 0
            for i in range(2000):
                x += i
            ticks.append(time.monotonic())

    sandbox.fault("delay", count=1, path="/checkout/order/list", delay_ms=800)
    worker = threading.Thread(target=busy)
    worker.start()
    try:
        start = time.monotonic()
        page = client.list_checkout_orders(page_size=1)
        end = time.monotonic()
    finally:
        stop.set()
        worker.join()
    assert page.page_size == 1
    assert end - start >= 0.7, "the delay fault did not apply"
    during = [t for t in ticks if start + 0.1 < t < end - 0.1]
    assert len(during) > 50, f"the other thread made only {len(during)} steps while the call waited"


def test_one_client_shared_by_threads(client: wcheckout.Client) -> None:
    numbers = [uid() for _ in range(24)]

    def create(no: str) -> str:
        return client.create_checkout_order(order_no=no, order_amount="1.00", customer_id="c", token="ETH_USDT").order_no

    with ThreadPoolExecutor(max_workers=8) as pool:
        done = list(pool.map(create, numbers))
    assert done == numbers
    for no in numbers[:3]:
        assert client.get_checkout_order_info(no).order_no == no


def test_async_client_never_blocks_the_loop(sandbox: Sandbox) -> None:
    aclient = wcheckout.aio.AsyncClient(
        api_key="demo_api_key", api_secret="demo_api_secret", sign_key="demo_sign_key", base_url=sandbox.url
    )

    async def main() -> None:
        await aclient.list_checkout_orders(page_size=1)
        sandbox.fault("delay", count=3, path="/checkout/order/info", delay_ms=500)
        numbers = [uid() for _ in range(3)]
        for no in numbers:
            await aclient.create_checkout_order(order_no=no, order_amount="2", customer_id="c", token="ETH_USDT")
        ticks = 0
        running = True

        async def ticker() -> None:
            nonlocal ticks
            while running:
                await asyncio.sleep(0.01)
                ticks += 1

        t = asyncio.create_task(ticker())
        start = time.monotonic()
        orders = await asyncio.gather(*(aclient.get_checkout_order_info(no) for no in numbers))
        elapsed = time.monotonic() - start
        running = False
        await t
        assert [o.order_no for o in orders] == numbers
        assert ticks >= 20, f"event loop ticked only {ticks} times in {elapsed:.2f}s"
        assert elapsed < 1.4, f"calls did not overlap ({elapsed:.2f}s for three 0.5 s calls)"
        items = [o async for o in aclient.iter_checkout_orders(page_size=2)]
        assert len(items) >= 3
        with_retcode = None
        try:
            await aclient.get_checkout_order_info(uid("missing"))
        except wcheckout.ApiError as e:
            with_retcode = e.retcode
        assert with_retcode == "00010"
        assert (await aclient.request("GET", "/checkout/order/info", {"orderNo": numbers[0]}))["orderNo"] == numbers[0]

    asyncio.run(main())
    sandbox.clear_faults()


def _remaining_faults(sandbox: Sandbox) -> int:
    return sum(int(f["remaining"]) for f in sandbox.control("GET", "/faults")["faults"])


def test_cancelling_an_async_call_stops_its_retries(sandbox: Sandbox) -> None:
    # Every list call is answered 429 with Retry-After: 1 s, five times over. The call may retry
    # up to five times; the task is cancelled while it waits for its first retry.
    aclient = wcheckout.aio.AsyncClient.wrap(sandbox.client(max_retries=5))
    sandbox.control("POST", "/faults", {"kind": "http_429", "count": 5, "path": "/checkout/order/list", "retryAfter": 1})
    try:

        async def main() -> None:
            task = asyncio.create_task(aclient.list_checkout_orders(page_size=1))
            deadline = time.monotonic() + 5
            while _remaining_faults(sandbox) == 5 and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            assert _remaining_faults(sandbox) == 4, "the first attempt did not arrive"
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        # Well past the 1 s retry delay: a retry would have taken the next fault.
        time.sleep(1.6)
        assert _remaining_faults(sandbox) == 4, "the cancelled call kept retrying"
    finally:
        sandbox.clear_faults()


def test_a_cancel_token_stops_a_sync_call_waiting_to_retry(sandbox: Sandbox) -> None:
    token = wcheckout.CancelToken()
    assert not token.cancelled and repr(token) == "CancelToken(cancelled=False)"
    client = sandbox.client(max_retries=5).with_options(cancel=token)
    sandbox.control("POST", "/faults", {"kind": "http_429", "count": 5, "path": "/checkout/order/list", "retryAfter": 3})
    try:
        timer = threading.Timer(0.5, token.cancel)
        timer.start()
        start = time.monotonic()
        with pytest.raises(wcheckout.TransportError) as e:
            client.list_checkout_orders(page_size=1)
        elapsed = time.monotonic() - start
        timer.join()
        assert "cancelled" in str(e.value), str(e.value)
        assert e.value.outcome_unknown is False, "a 429 was not processed"
        assert token.cancelled and _remaining_faults(sandbox) == 4
        assert elapsed < 2.5, f"the call waited out the 3 s retry delay ({elapsed:.2f} s)"
        # Another client without the token is unaffected.
        sandbox.clear_faults()
        assert sandbox.client(max_retries=0).list_checkout_orders(page_size=1).page_size == 1
    finally:
        sandbox.clear_faults()
