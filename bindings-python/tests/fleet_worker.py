"""One worker process of the multi-process tests (not a test module).

    python fleet_worker.py calls SANDBOX_URL STORE N   -> N calls with its own Client on STORE
    python fleet_worker.py claim STORE N               -> claims order:K0:PAID … order:K{N-1}:PAID

It prints "ready", waits for a line on stdin (so every worker starts at once), does its work and
prints one JSON line with the result.
"""

from __future__ import annotations

import json
import sys
import uuid

import wcheckout


def calls(url: str, store: str, n: int) -> dict:
    client = wcheckout.Client(
        api_key="demo_api_key", api_secret="demo_api_secret", sign_key="demo_sign_key", base_url=url,
        token_store=store, max_retries=2,
    )
    ready()
    ok, failed = 0, []
    for i in range(n):
        try:
            if i % 4 == 0:
                client.create_checkout_order(
                    order_no="P" + uuid.uuid4().hex[:20], order_amount="1", customer_id="c", token="ETH_USDT"
                )
            else:
                client.list_checkout_orders(page_size=1)
            ok += 1
        except wcheckout.WCheckoutError as e:
            failed.append(e.code)
    return {"ok": ok, "failed": failed}


def claim(store: str, n: int) -> dict:
    dedupe = wcheckout.EventDeduplicator(store)
    ready()
    return {"won": [f"order:K{i}:PAID" for i in range(n) if dedupe.claim(f"order:K{i}:PAID")]}


def ready() -> None:
    print("ready", flush=True)
    sys.stdin.readline()


if __name__ == "__main__":
    mode = sys.argv[1]
    result = calls(sys.argv[2], sys.argv[3], int(sys.argv[4])) if mode == "calls" else claim(sys.argv[2], int(sys.argv[3]))
    print(json.dumps(result), flush=True)
