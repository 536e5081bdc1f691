"""Many concurrent calls from asyncio over one client (the event loop never blocks)."""

from __future__ import annotations

import asyncio
import sys
from typing import List

import wcheckout
from wcheckout.aio import AsyncClient


async def main(base_url: str) -> None:
    client = AsyncClient(
        api_key="demo_api_key", api_secret="demo_api_secret", sign_key="demo_sign_key", base_url=base_url
    )
    page = await client.list_checkout_orders(page_size=5)
    numbers: List[str] = [o.order_no for o in page.items]
    orders = await asyncio.gather(*(client.get_checkout_order_info(no) for no in numbers))
    for order in orders:
        print(order.order_no, order.order_status, order.order_amount)
    async for refund in client.iter_refund_orders(page_size=50):
        print("refund", refund.refund_order_no, refund.refund_status)
    try:
        await client.cancel_checkout_order("doesNotExist1")
    except wcheckout.ApiError as e:
        print("api error", e.retcode)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8787"))
