"""The pytest plugin (entry point `pytest11`), run the way a merchant runs it: pytester starts a
separate pytest in a temporary project where only the installed package exists, with no
`wcheckout` binary on PATH and no sandbox process anywhere."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from pathlib import Path

import pytest

pytest_plugins = ("pytester",)

MERCHANT_TESTS = '''
import os, shutil
from decimal import Decimal
from pathlib import Path

import pytest
from wcheckout import OrderStatus, RefundStatus, SettleStatus


def children():
    """Child processes of this process (Linux); the sandbox must not be one."""
    tasks = Path("/proc/self/task")
    found = []
    for t in tasks.iterdir() if tasks.exists() else []:
        try:
            found += (t / "children").read_text().split()
        except OSError:
            pass  # the thread ended between listing and reading
    return found


def test_scenario(wcheckout_sandbox):
    assert shutil.which("wcheckout") is None and "WCHECKOUT_BIN" not in os.environ
    sb = wcheckout_sandbox
    client, inbox = sb.client(), sb.webhook_inbox()
    created = client.create_checkout_order(order_no="M1", order_amount=Decimal("30"), customer_id="c", token="TRX_USDT")
    sb.pay("M1", created.paying_amount)
    inbox.wait_for("CHECKOUT_ORDER_CHANGED", order_no="M1", order_status=OrderStatus.PAID)
    refund = client.create_refund_order(refund_order_no="R1", order_no="M1", amount=Decimal("10"))
    assert sb.complete_refund(refund.refund_order_no).refund_status is RefundStatus.REFUNDED
    client.create_settlement_order(settlement_order_no="S1", token="TRX_USDT", address="T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", amount=Decimal("20"))
    assert sb.complete_settlement("S1").settle_status is SettleStatus.SETTLED
    assert client.get_checkout_order_info("M1").order_status is OrderStatus.PARTIAL_REFUNDED
    assert children() == []


def test_fresh_state_per_test(wcheckout_sandbox):
    assert wcheckout_sandbox.state()["counts"]["orders"] == 0


@pytest.mark.wcheckout_sandbox(api_key="mk", api_secret="ms", sign_key="msk", token_policy="multiple")
def test_marker_options(wcheckout_sandbox):
    assert wcheckout_sandbox.api_key == "mk"
    a, b = wcheckout_sandbox.client(), wcheckout_sandbox.client()
    a.list_checkout_orders()
    b.list_checkout_orders()
    a.list_checkout_orders()  # "multiple": b's token did not supersede a's
    assert wcheckout_sandbox.state()["counts"]["tokenRejections"] == 0


def test_session_first(wcheckout_sandbox_session):
    wcheckout_sandbox_session.client().create_checkout_order(order_no="SS1", order_amount=1, customer_id="c", token="ETH_USDT")


def test_session_second(wcheckout_sandbox_session, wcheckout_sandbox):
    assert wcheckout_sandbox_session.client().get_checkout_order_info("SS1").order_no == "SS1"
    assert wcheckout_sandbox.base_url != wcheckout_sandbox_session.base_url
'''


@pytest.fixture
def merchant_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """PATH with only the interpreter's directory; no WCHECKOUT_BIN."""
    monkeypatch.delenv("WCHECKOUT_BIN", raising=False)
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))


def test_fixtures_run_a_merchant_suite(pytester: pytest.Pytester, merchant_env: None) -> None:
    pytester.makepyfile(test_merchant=MERCHANT_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error::pytest.PytestUnknownMarkWarning")
    result.assert_outcomes(passed=5)


def test_session_options_can_be_overridden(pytester: pytest.Pytester, merchant_env: None) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def wcheckout_sandbox_session_options():
            return {"api_key": "session_key", "exchange_rate": "2"}
        """
    )
    pytester.makepyfile(
        """
        def test_options(wcheckout_sandbox_session):
            assert wcheckout_sandbox_session.api_key == "session_key"
            order = wcheckout_sandbox_session.client().create_checkout_order(
                order_no="X1", order_amount=3, customer_id="c", token="ETH_USDT")
            assert str(order.paying_amount) == "6"
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_a_failing_merchant_test_fails(pytester: pytest.Pytester, merchant_env: None) -> None:
    pytester.makepyfile(
        """
        def test_no_event(wcheckout_sandbox):
            wcheckout_sandbox.webhook_inbox().wait_for("CHECKOUT_ORDER_CHANGED", timeout=0.1)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*WebhookTimeoutError*no webhook CHECKOUT_ORDER_CHANGED arrived within 0.1 s*"])


def test_plugin_is_an_entry_point_and_pytest_is_not_a_dependency() -> None:
    plugins = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="pytest11")}
    assert plugins.get("wcheckout") == "wcheckout.pytest_plugin"
    requires = importlib.metadata.requires("wcheckout") or []
    runtime = [r for r in requires if "extra ==" not in r]
    assert runtime == [], runtime
    assert os.path.basename(importlib.metadata.distribution("wcheckout").locate_file("wcheckout/pytest_plugin.py")) == "pytest_plugin.py"


def test_the_readme_example_passes(pytester: pytest.Pytester, merchant_env: None) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "test_checkout_with_sandbox.py"
    pytester.makepyfile(test_example=example.read_text())
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
