"""Many processes, one merchant: a shared token store, exactly-once event handling and the
reconciler, against the real sandbox and a real redis-server (no mocks)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import wcheckout
from helpers import SIGN_KEY, RedisServer, Sandbox, uid

WORKER = str(Path(__file__).resolve().parent / "fleet_worker.py")


def run_workers(argvs: List[List[str]]) -> List[Dict[str, Any]]:
    """Starts one process per argv, releases them together once all are ready, returns their results."""
    procs = [
        subprocess.Popen([sys.executable, WORKER, *a], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for a in argvs
    ]
    try:
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        results = []
        for p in procs:
            out, _ = p.communicate(timeout=120)
            assert p.returncode == 0, out
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


@pytest.fixture()
def fresh_sandbox() -> Iterator[Sandbox]:
    """Its own sandbox (supersede: one live token), so its token counts are this test's alone."""
    sb = Sandbox("--token-policy", "supersede")
    yield sb
    sb.stop()


def token_counts(sb: Sandbox) -> Dict[str, int]:
    counts = sb.control("GET", "/state")["counts"]
    return {"issued": counts["tokensIssued"], "rejected": counts["tokenRejections"]}


def test_four_processes_on_a_file_store_share_one_token(fresh_sandbox: Sandbox, tmp_path: Path) -> None:
    store = f"file://{tmp_path / 'wcheckout'}"
    results = run_workers([["calls", fresh_sandbox.url, store, "80"] for _ in range(4)])
    assert [r["failed"] for r in results] == [[], [], [], []]
    assert sum(r["ok"] for r in results) == 320
    assert token_counts(fresh_sandbox) == {"issued": 1, "rejected": 0}
    token_file = next((tmp_path / "wcheckout").glob("token-*.json"))
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert set(json.loads(token_file.read_text())) == {"accessToken", "expiresAtMs", "refreshAtMs"}


def test_four_processes_with_private_tokens_knock_each_other_out(fresh_sandbox: Sandbox) -> None:
    results = run_workers([["calls", fresh_sandbox.url, "memory", "80"] for _ in range(4)])
    counts = token_counts(fresh_sandbox)
    assert counts["issued"] > 1 and counts["rejected"] > 0, counts
    # Whatever failed, failed as an authentication error, never silently.
    assert all(code == "auth_error" for r in results for code in r["failed"]), results


@pytest.mark.parametrize("backend", ["redis", "file"])
def test_four_processes_claim_200_keys_each_won_exactly_once(backend: str, redis: RedisServer, tmp_path: Path) -> None:
    store = redis.url if backend == "redis" else f"file://{tmp_path / 'wcheckout'}"
    if backend == "redis":
        redis.command("FLUSHALL")
    results = run_workers([["claim", store, "200"] for _ in range(4)])
    won = [key for r in results for key in r["won"]]
    assert sorted(won) == sorted(f"order:K{i}:PAID" for i in range(200))


def test_event_deduplicator(redis: RedisServer, tmp_path: Path) -> None:
    for url in ["memory", f"file://{tmp_path / 'd'}", redis.url]:
        d = wcheckout.EventDeduplicator(url)
        key = f"order:{uid()}:PAID"
        assert d.claim(key) and not d.claim(key)
        d.release(key)
        assert d.claim(key)
        assert d.ttl == 7 * 86400
        with pytest.raises(wcheckout.InvalidArgumentError):
            d.claim("")
    short = wcheckout.EventDeduplicator(redis.url, ttl=1, namespace="py-ttl")
    assert short.claim("k") and not short.claim("k")
    time.sleep(1.1)
    assert short.claim("k"), "the claim expired"
    with pytest.raises(wcheckout.InvalidArgumentError):
        wcheckout.EventDeduplicator("ftp://x")
    with pytest.raises(wcheckout.InvalidArgumentError):
        wcheckout.EventDeduplicator("memory", ttl=0)
    secret = wcheckout.EventDeduplicator("redis://:hunter2pass@127.0.0.1:1/0", timeout=0.5)
    assert "hunter2pass" not in repr(secret)
    with pytest.raises(wcheckout.TokenStoreError) as e:
        secret.claim("k")
    assert e.value.retryable and "hunter2pass" not in str(e.value)


class Receiver:
    """A merchant's webhook endpoint: verify, claim the dedupe key, process once, acknowledge."""

    def __init__(self, dedupe: wcheckout.EventDeduplicator) -> None:
        self.processed: List[str] = []
        self.duplicates: List[str] = []
        verifier = wcheckout.WebhookVerifier(SIGN_KEY)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                event = verifier.verify(dict(self.headers.items()), body)
                outer.handle(event, dedupe)
                ack = wcheckout.ACKNOWLEDGEMENT_BYTES
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(ack)))
                self.end_headers()
                self.wfile.write(ack)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def handle(self, event: wcheckout.WebhookEvent, dedupe: wcheckout.EventDeduplicator) -> None:
        if dedupe.claim(event.dedupe_key):
            self.processed.append(event.dedupe_key)
        else:
            self.duplicates.append(event.dedupe_key)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_lost_paid_webhook_is_found_in_one_poll_and_the_late_webhook_deduplicated(
    fresh_sandbox: Sandbox, redis: RedisServer
) -> None:
    sb = fresh_sandbox
    dedupe = wcheckout.EventDeduplicator(redis.url, namespace=uid("ns"))
    receiver = Receiver(dedupe)
    try:
        sb.control("PUT", "/webhook-url", {"url": receiver.url})
        client = sb.client(token_store=redis.url)
        rec = wcheckout.Reconciler(client, store=redis.url)
        no = uid("L")
        client.create_checkout_order(order_no=no, order_amount="5", customer_id="c", token="ETH_USDT")
        rec.watch_order(no)
        sb.control("POST", "/faults", {"kind": "lose_webhook", "eventType": "CHECKOUT_ORDER_CHANGED"})
        sb.pay(no, "5")
        lost = [d for d in sb.webhooks() if d["event"]["data"].get("orderNo") == no]
        assert [(d["event"]["data"]["orderStatus"], d["status"]) for d in lost] == [("PAID", "lost")]
        # One poll reports it, as the webhook would have: same type, data and dedupe key.
        poll = rec.run_once(lambda ev: receiver.handle(ev, dedupe))
        assert len(poll.events) == 1 and poll.polled == 1 and not poll.skipped
        event = poll.events[0]
        assert event.is_reconciled and event.event_type is wcheckout.EventType.CHECKOUT_ORDER_CHANGED
        assert isinstance(event.data, wcheckout.CheckoutOrderChanged)
        assert event.data.order_status is wcheckout.OrderStatus.PAID and str(event.data.paying_amount) == "5"
        assert event.dedupe_key == f"order:{no}:PAID"
        assert receiver.processed == [f"order:{no}:PAID"]
        assert rec.watched() == [], "paid: no longer watched"
        # The webhook arrives after all (re-sent as the gateway would): deduplicated, acknowledged.
        body = lost[0]["body"].encode()
        headers = wcheckout.sign_webhook_for_test(SIGN_KEY, body)
        import urllib.request

        req = urllib.request.Request(receiver.url, data=body, headers={**headers, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200
        assert receiver.duplicates == [f"order:{no}:PAID"]
        assert receiver.processed == [f"order:{no}:PAID"], "processed exactly once"
    finally:
        receiver.stop()


def test_reconciler_at_least_once_failures_and_the_background_thread(fresh_sandbox: Sandbox) -> None:
    sb = fresh_sandbox
    client = sb.client()
    rec = wcheckout.Reconciler(client, max_age=3600, concurrency=2)
    no = uid("B")
    client.create_checkout_order(order_no=no, order_amount="3", customer_id="c", token="ETH_USDT")
    rec.watch_order(no)
    rec.watch_order("NOSUCHORDER1")
    sb.pay(no, "3")

    def failing(ev: wcheckout.WebhookEvent) -> None:
        raise RuntimeError("handler failed")

    with pytest.raises(RuntimeError):
        rec.run_once(failing)
    poll = rec.poll()  # not acknowledged: reported again
    assert [e.dedupe_key for e in poll.events] == [f"order:{no}:PAID"]
    assert len(poll.failures) == 1
    watched, error = poll.failures[0]
    assert watched["number"] == "NOSUCHORDER1" and isinstance(error, wcheckout.ApiError) and error.retcode == "00010"
    assert rec.unwatch("order", "NOSUCHORDER1")
    seen: List[str] = []
    done = threading.Event()

    def handler(ev: wcheckout.WebhookEvent) -> None:
        seen.append(ev.dedupe_key)
        done.set()

    worker = rec.run_forever(0.05, handler)
    try:
        assert done.wait(10)
    finally:
        worker.stop(timeout=10)
    assert not worker.running
    assert seen == [f"order:{no}:PAID"] and rec.watched() == []
    with pytest.raises(wcheckout.InvalidArgumentError):
        wcheckout.Reconciler(client, concurrency=0)
    with pytest.raises(ValueError):
        rec.run_forever(0, handler)
