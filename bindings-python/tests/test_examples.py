"""The examples (type-checked by mypy --strict in the test script) also run."""

from __future__ import annotations

import asyncio
import runpy
from pathlib import Path

import pytest

from helpers import Sandbox
from test_webhook_flask import load_example

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_quickstart_reaches_a_paid_order(sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    load_example("quickstart").main(sandbox.url)
    out = capsys.readouterr().out
    assert ": PAID" in out and "API error 00010" in out


def test_async_example(sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(load_example("async_client").main(sandbox.url))
    assert "api error 00010" in capsys.readouterr().out


def test_signing_example() -> None:
    runpy.run_path(str(EXAMPLES / "signing.py"))


def test_fastapi_style_handler() -> None:
    import wcheckout

    mod = load_example("fastapi_webhook")
    body = b'{"eventId":"evt_9","eventType":"REFUND_ORDER_CHANGED","timestamp":1,"data":{"refundOrderNo":"R1","refundStatus":"REFUNDED"}}'
    headers = wcheckout.sign_webhook_for_test("demo_sign_key", body)
    assert asyncio.run(mod.receive(headers, body)) == (200, wcheckout.ACKNOWLEDGEMENT)
    assert asyncio.run(mod.receive(headers, body + b"\n"))[0] == 400
