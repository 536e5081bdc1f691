"""Operating in real networks: TLS trust (private CA, ``ca_bundle``, ``SSL_CERT_FILE``), proxies
(option, environment, ``NO_PROXY``, credentials), request logging, per-call overrides and
pickling. Everything runs against the real sandbox behind real TLS and a real CONNECT proxy."""

from __future__ import annotations

import asyncio
import logging
import pickle
import time
from decimal import Decimal
from pathlib import Path
from typing import Iterator, Tuple

import pytest

import wcheckout
from wcheckout.aio import AsyncClient
from helpers import API_SECRET, SIGN_KEY, Sandbox, uid
from netutil import ConnectProxy, TlsFront, private_ca

PROXY_VARS = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"]


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture()
def front(sandbox: Sandbox, tmp_path: Path) -> Iterator[Tuple[TlsFront, Path]]:
    ca, cert, key = private_ca(tmp_path)
    f = TlsFront(cert, key, sandbox.url)
    yield f, ca
    f.close()


@pytest.fixture()
def proxy() -> Iterator[ConnectProxy]:
    p = ConnectProxy()
    yield p
    p.close()


def test_a_private_ca_is_refused_with_a_message_naming_the_certificate_and_host(
    sandbox: Sandbox, front: Tuple[TlsFront, Path]
) -> None:
    f, _ = front
    client = sandbox.client(base_url=f.url, max_retries=0)
    with pytest.raises(wcheckout.TransportError) as e:
        client.list_checkout_orders()
    text = str(e.value)
    assert "certificate" in text and f.url.split("://")[1] in text and "ca_bundle" in text, text
    assert e.value.code == "transport_error" and not e.value.outcome_unknown
    assert not e.value.retryable, "a certificate problem is not fixed by repeating the call"


def test_ca_bundle_trusts_the_private_ca(sandbox: Sandbox, front: Tuple[TlsFront, Path]) -> None:
    f, ca = front
    assert sandbox.client(base_url=f.url, ca_bundle=ca).list_checkout_orders(page_size=1).page_size == 1
    assert sandbox.client(base_url=f.localhost_url, ca_bundle=str(ca)).list_checkout_orders().total >= 0
    with pytest.raises(wcheckout.InvalidArgumentError, match="ca_bundle"):
        sandbox.client(base_url=f.url, ca_bundle=ca.parent / "missing.pem")


def test_ssl_cert_file_is_honoured(
    sandbox: Sandbox, front: Tuple[TlsFront, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    f, ca = front
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    assert sandbox.client(base_url=f.url, max_retries=0).list_checkout_orders().total >= 0


def test_the_proxy_option_carries_every_call(sandbox: Sandbox, proxy: ConnectProxy, front: Tuple[TlsFront, Path]) -> None:
    sandbox.client(proxy=proxy.url).list_checkout_orders()
    upstream = sandbox.url.split("://")[1]
    assert proxy.targets and set(proxy.targets) == {upstream}, proxy.targets
    # TLS through the tunnel, to a name the proxy resolves.
    f, ca = front
    sandbox.client(base_url=f.localhost_url, ca_bundle=ca, proxy=proxy.url).list_checkout_orders()
    assert f.localhost_url.split("://")[1] in proxy.targets


def test_proxy_environment_variables_and_no_proxy(
    sandbox: Sandbox, proxy: ConnectProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    sandbox.client().list_checkout_orders()
    seen = len(proxy.targets)
    assert seen > 0
    monkeypatch.setenv("NO_PROXY", "example.com, 127.0.0.1")
    sandbox.client().list_checkout_orders()
    assert len(proxy.targets) == seen
    monkeypatch.delenv("NO_PROXY")
    sandbox.client(proxy="direct").list_checkout_orders()
    assert len(proxy.targets) == seen


def test_proxy_credentials_are_used_and_never_shown(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    p = ConnectProxy("agent:pr0xy-pass")
    try:
        caplog.set_level(logging.DEBUG, logger="wcheckout")
        sandbox.client(proxy=f"http://agent:pr0xy-pass@127.0.0.1:{p.port}").list_checkout_orders()
        assert all(a and a.startswith("Basic ") for _, a in p.tunnels)
        bad = sandbox.client(proxy=f"http://agent:wr0ng-pass@127.0.0.1:{p.port}", max_retries=0, log_bodies=True)
        with pytest.raises(wcheckout.TransportError) as e:
            bad.list_checkout_orders()
        text = f"{e.value} {e.value!r} {bad!r} " + " ".join(r.getMessage() for r in caplog.records)
        assert "407" in str(e.value) and "proxy" in str(e.value)
        assert "pr0xy-pass" not in text and "wr0ng-pass" not in text, text
    finally:
        p.close()


def _messages(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.levelname} {r.getMessage()} {getattr(r, 'wcheckout', '')}" for r in caplog.records)


def test_every_attempt_is_logged_without_secrets_or_bodies(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="wcheckout")
    client = sandbox.client(max_retries=2)
    no = uid()
    sandbox.fault("http_503", path="/checkout/order/create")
    client.create_checkout_order(order_no=no, order_amount=Decimal("3.50"), customer_id="c", token="ETH_USDT")
    records = [r for r in caplog.records if r.name == "wcheckout"]
    debug = [r for r in records if r.levelno == logging.DEBUG]
    info = [r.getMessage() for r in records if r.levelno == logging.INFO]
    creates = [r for r in debug if r.wcheckout["path"] == "/checkout/order/create"]  # type: ignore[attr-defined]
    assert [r.wcheckout["attempt"] for r in creates] == [1, 2]  # type: ignore[attr-defined]
    assert "HTTP 503" in creates[0].getMessage() and "HTTP 200 retcode 200" in creates[1].getMessage()
    assert any("fetched a new access token" in m for m in info), info
    assert any("/checkout/order/create attempt 1 failed" in m and "retrying in" in m for m in info), info
    text = _messages(caplog)
    for secret in (API_SECRET, SIGN_KEY, no, "3.50", "Bearer"):
        assert secret not in text, (secret, text)


def test_bodies_are_logged_only_when_asked(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="wcheckout")
    no = uid()
    sandbox.client(log_bodies=True).create_checkout_order(
        order_no=no, order_amount=Decimal("4.25"), customer_id="c", token="ETH_USDT"
    )
    text = _messages(caplog)
    assert no in text and "request body" in text and "response body" in text
    assert API_SECRET not in text and SIGN_KEY not in text


def test_per_call_timeout_and_retries_in_the_async_client(sandbox: Sandbox) -> None:
    async def main() -> None:
        client = AsyncClient.wrap(sandbox.client(timeout=10, max_retries=2))
        await client.list_checkout_orders()
        sandbox.fault("delay", path="/checkout/order/list", delay_ms=1500)
        started = time.monotonic()
        with pytest.raises(wcheckout.RequestTimeoutError) as e:
            await client.list_checkout_orders(timeout=0.3, max_retries=0)
        assert time.monotonic() - started < 1.4 and e.value.outcome_unknown
        sandbox.fault("http_503", path="/checkout/order/list")
        with pytest.raises(wcheckout.ApiError):
            await client.list_checkout_orders(max_retries=0)
        sandbox.fault("http_503", path="/checkout/order/list")
        assert (await client.list_checkout_orders()).total >= 0  # the client's own budget retries
        with pytest.raises(wcheckout.InvalidArgumentError):
            await client.get_checkout_order_info("X1", max_retries=11)

    try:
        asyncio.run(main())
    finally:
        sandbox.clear_faults()


def test_clients_refuse_to_pickle_with_a_clear_message(client: wcheckout.Client) -> None:
    for c in (client, AsyncClient.wrap(client), client.with_options(timeout=5)):
        with pytest.raises(TypeError, match="cannot be pickled: it holds the API secrets"):
            pickle.dumps(c)


def test_errors_pickle_and_compare_equal(sandbox: Sandbox, client: wcheckout.Client) -> None:
    no = uid()
    client.create_checkout_order(order_no=no, order_amount=Decimal("5.00"), customer_id="c", token="ETH_USDT")
    with pytest.raises(wcheckout.IdempotencyConflictError) as conflict:
        client.create_checkout_order(order_no=no, order_amount=Decimal("5.01"), customer_id="c", token="ETH_USDT")
    with pytest.raises(wcheckout.ApiError) as api:
        client.get_checkout_order_info(uid("missing"))
    for error in (conflict.value, api.value, wcheckout.RequestTimeoutError("t", code="timeout", outcome_unknown=True)):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and again == error and hash(again) == hash(error)
        assert (again.code, again.retryable, again.outcome_unknown, str(again)) == (
            error.code, error.retryable, error.outcome_unknown, str(error))
    again = pickle.loads(pickle.dumps(conflict.value))
    assert again.existing == conflict.value.existing and again.existing.order_no == no
    assert again.differences == ["orderAmount"]
    assert conflict.value != api.value
