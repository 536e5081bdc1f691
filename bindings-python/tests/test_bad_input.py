"""Wrong types, None, huge and malformed values give clear Python exceptions, never a crash."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any, Callable, Dict, List, Tuple, Type

import pytest

import wcheckout
from helpers import API_KEY, API_SECRET, SIGN_KEY, Sandbox, uid

HUGE = "9" * 100_000


def make(**kw: Any) -> wcheckout.Client:
    opts: Dict[str, Any] = dict(api_key=API_KEY, api_secret=API_SECRET, sign_key=SIGN_KEY, base_url="http://127.0.0.1:9")
    opts.update(kw)
    return wcheckout.Client(**opts)


@pytest.mark.parametrize(
    "kwargs, exc",
    [
        ({"api_key": None}, TypeError),
        ({"api_key": ""}, wcheckout.InvalidArgumentError),
        ({"api_secret": "  "}, wcheckout.InvalidArgumentError),
        ({"sign_key": 42}, TypeError),
        ({"base_url": "ftp://example"}, wcheckout.InvalidArgumentError),
        ({"base_url": None, "environment": "moon"}, wcheckout.InvalidArgumentError),
        ({"timeout": -1}, wcheckout.InvalidArgumentError),
        ({"timeout": 0}, wcheckout.InvalidArgumentError),
        ({"timeout": float("nan")}, wcheckout.InvalidArgumentError),
        ({"timeout": float("inf")}, wcheckout.InvalidArgumentError),
        ({"timeout": "10"}, TypeError),
        ({"timeout": True}, TypeError),
        ({"max_retries": -1}, wcheckout.InvalidArgumentError),
        ({"max_retries": 11}, wcheckout.InvalidArgumentError),
        ({"max_retries": 10**30}, OverflowError),
        ({"max_retries": "2"}, TypeError),
        ({"response_signature": "sometimes"}, wcheckout.InvalidArgumentError),
        ({"user_agent_suffix": "x\ny"}, wcheckout.InvalidArgumentError),
        ({"unknown_option": 1}, TypeError),
    ],
)
def test_bad_client_options(kwargs: Dict[str, Any], exc: Type[BaseException]) -> None:
    with pytest.raises(exc):
        make(**kwargs)


def test_good_client_options() -> None:
    c = make(timeout=timedelta(seconds=5), connect_timeout=2.5, environment="production", base_url=None)
    assert c.base_url == "https://openapi.stablelink.app"
    assert make(environment="sandbox", base_url=None).base_url == "https://openapi.stg.stablelink.app"


def test_positional_credentials_are_refused() -> None:
    with pytest.raises(TypeError):
        wcheckout.Client(API_KEY, API_SECRET, SIGN_KEY)  # type: ignore[misc]


@pytest.mark.parametrize(
    "amount, exc, fragment",
    [
        (12.5, TypeError, "float"),
        (True, TypeError, "bool"),
        (None, TypeError, "NoneType"),
        ([1], TypeError, "list"),
        (b"12", TypeError, "bytes"),
        ("-1", wcheckout.InvalidAmountError, "negative"),
        ("0", wcheckout.InvalidAmountError, "greater than zero"),
        ("NaN", wcheckout.InvalidAmountError, ""),
        (Decimal("NaN"), wcheckout.InvalidAmountError, ""),
        (Decimal("-Infinity"), wcheckout.InvalidAmountError, ""),
        (Decimal("1E+99999"), wcheckout.InvalidAmountError, ""),
        ("1e40", wcheckout.InvalidAmountError, ""),
        ("12,50", wcheckout.InvalidAmountError, ""),
        (" 1", wcheckout.InvalidAmountError, ""),
        (10**60, wcheckout.InvalidAmountError, "digits"),
        (HUGE, wcheckout.InvalidAmountError, ""),
    ],
)
def test_bad_amounts_fail_before_sending(amount: Any, exc: Type[BaseException], fragment: str) -> None:
    c = make()  # unreachable URL: the error must come from validation, not the network
    with pytest.raises(exc) as e:
        c.create_checkout_order(order_no="A1", order_amount=amount, customer_id="c", token="ETH_USDT")
    assert fragment in str(e.value)
    assert len(str(e.value)) < 400, "messages quote at most a short prefix of the input"


@pytest.mark.parametrize(
    "call, exc",
    [
        (lambda c: c.get_checkout_order_info(None), TypeError),
        (lambda c: c.get_checkout_order_info(123), TypeError),
        (lambda c: c.get_checkout_order_info(""), wcheckout.InvalidArgumentError),
        (lambda c: c.get_checkout_order_info("A 1"), wcheckout.InvalidArgumentError),
        (lambda c: c.get_checkout_order_info("A" * 65), wcheckout.InvalidArgumentError),
        (lambda c: c.get_checkout_order_info(HUGE), wcheckout.InvalidArgumentError),
        (lambda c: c.get_checkout_order_info("\x00"), wcheckout.InvalidArgumentError),
        (lambda c: c.get_checkout_order_info("\ud800"), UnicodeEncodeError),
        (lambda c: c.cancel_refund_order("ü"), wcheckout.InvalidArgumentError),
        (lambda c: c.create_checkout_order(order_no="A1", order_amount="1", customer_id="c"), TypeError),
        (
            lambda c: c.create_checkout_order(order_no="A1", order_amount="1", customer_id="", token="ETH_USDT"),
            wcheckout.InvalidArgumentError,
        ),
        (
            lambda c: c.create_checkout_order(
                order_no="A1", order_amount="1", customer_id="c", token="ETH_USDT", expired_in=-5
            ),
            OverflowError,
        ),
        (
            lambda c: c.create_checkout_order(
                order_no="A1", order_amount="1", customer_id="c", token="ETH_USDT", forwarded_for="1.2.3.4\r\nX: y"
            ),
            wcheckout.InvalidArgumentError,
        ),
        (lambda c: c.create_refund_order(refund_order_no="R1", amount="1"), wcheckout.InvalidArgumentError),
        (
            lambda c: c.create_settlement_order(
                settlement_order_no="S1", token="ETH_USDT", address="a", amount="1", order_nos="A1"
            ),
            TypeError,
        ),
        (lambda c: c.list_checkout_orders(page_size=-1), OverflowError),
        (lambda c: c.list_checkout_orders(page_size="10"), TypeError),
        (lambda c: c.list_checkout_orders(order_status=3), TypeError),
        (lambda c: c.request("BREW", "/x"), wcheckout.InvalidArgumentError),
        (lambda c: c.request("GET", "no-slash"), wcheckout.InvalidArgumentError),
        (lambda c: c.request("GET", "/x?y=1"), wcheckout.InvalidArgumentError),
        (lambda c: c.request("POST", "/x", body="{broken"), wcheckout.InvalidArgumentError),
        (lambda c: c.request("POST", "/x", body={"amount": 1.5}), TypeError),
        (lambda c: c.request("POST", "/x", body={1: "a"}), TypeError),
        (lambda c: c.request("POST", "/x", body={"s": {1, 2}}), TypeError),
        (lambda c: c.request("GET", "/x", query=[("a", "b&c")]), wcheckout.InvalidArgumentError),
        (lambda c: c.request("GET", "/x", query="a=b"), TypeError),
        (lambda c: c.call("no_such_operation", {}), wcheckout.InvalidArgumentError),
        (lambda c: c.call("get_access_token", {}), wcheckout.InvalidArgumentError),
        (lambda c: c.call("get_checkout_order_info", {"orderNo": 5}), wcheckout.InvalidArgumentError),
        (lambda c: c.call("create_checkout_order", {"orderNo": "A1"}), wcheckout.InvalidArgumentError),
    ],
)
def test_bad_operation_arguments(call: Callable[[wcheckout.Client], Any], exc: Type[BaseException]) -> None:
    with pytest.raises(exc):
        call(make())


def test_cyclic_and_deep_bodies_are_refused() -> None:
    cyclic: List[Any] = []
    cyclic.append(cyclic)
    deep: Any = "x"
    for _ in range(200):
        deep = [deep]
    for body in (cyclic, deep):
        with pytest.raises(wcheckout.InvalidArgumentError):
            make().request("POST", "/x", body=body)


@pytest.mark.parametrize(
    "headers, body, exc",
    [
        ({"SIGNATURE": "x", "TIMESTAMP": "1"}, '{"a":1}', TypeError),
        ({"SIGNATURE": "x", "TIMESTAMP": "1"}, None, TypeError),
        ({"SIGNATURE": "x", "TIMESTAMP": "1"}, 123, TypeError),
        ("SIGNATURE: x", b"{}", TypeError),
        (None, b"{}", TypeError),
        ([("SIGNATURE",)], b"{}", TypeError),
        ({"SIGNATURE": 1, "TIMESTAMP": "1"}, b"{}", TypeError),
        ({"SIGNATURE": "x" * 100_000, "TIMESTAMP": "9" * 100_000}, b"{}", wcheckout.WebhookVerificationError),
        ({}, b"\xff" * 1_000_000, wcheckout.WebhookVerificationError),
    ],
)
def test_bad_webhook_input(headers: Any, body: Any, exc: Type[BaseException]) -> None:
    with pytest.raises(exc) as e:
        wcheckout.WebhookVerifier("key").verify(headers, body)
    if isinstance(body, str):
        assert "bytes" in str(e.value) and "request.get_data()" in str(e.value)


def test_webhook_body_buffer_types() -> None:
    body = b'{"eventId":"e1","eventType":"NEW_THING","timestamp":"7","data":{"x":1.10}}'
    headers = wcheckout.sign_webhook_for_test("key", body)
    v = wcheckout.WebhookVerifier("key", tolerance=timedelta(minutes=1))
    for raw in (body, bytearray(body), memoryview(body)):
        ev = v.verify(headers, raw)
        assert ev.event_type == "NEW_THING" and not ev.event_type.is_known
        assert ev.data == {"x": Decimal("1.10")} and ev.timestamp == 7
    pairs: List[Tuple[bytes, bytes]] = [(k.lower().encode(), val.encode()) for k, val in headers.items()]
    assert v.verify(pairs, body).event_id == "e1"  # raw ASGI headers


@pytest.mark.parametrize(
    "call, exc",
    [
        (lambda: wcheckout.WebhookVerifier(""), wcheckout.InvalidArgumentError),
        (lambda: wcheckout.WebhookVerifier(None), TypeError),
        (lambda: wcheckout.WebhookVerifier("k", tolerance=-1), wcheckout.InvalidArgumentError),
        (lambda: wcheckout.WebhookVerifier("k", tolerance="1"), TypeError),
        (lambda: wcheckout.sign_request("", "GET", "1", "/x"), wcheckout.InvalidArgumentError),
        (lambda: wcheckout.sign_request("k", "GET", 1, "/x"), TypeError),
        (lambda: wcheckout.sign_request("k", "GET", "1", "/x", body=1), TypeError),
        (lambda: wcheckout.sign_request("k", "GET", "1", "/x", query_prefix="maybe"), wcheckout.InvalidArgumentError),
        (lambda: wcheckout.Signer("k").verify("", "GET", "1", "/x"), wcheckout.SignatureError),
        (lambda: wcheckout.sign_webhook_for_test("k", "text"), TypeError),
        (lambda: wcheckout.sign_webhook_for_test("k", b"{}", -1), OverflowError),
        (lambda: wcheckout.parse_envelope(b"{}", 70000), OverflowError),
        (lambda: wcheckout.parse_envelope(None), TypeError),
        (lambda: wcheckout.parse_amount(object()), TypeError),
    ],
)
def test_bad_helper_input(call: Callable[[], Any], exc: Type[BaseException]) -> None:
    with pytest.raises(exc):
        call()


def test_unknown_enum_values_are_kept(sandbox: Sandbox, client: wcheckout.Client) -> None:
    # A token the SDK does not know reaches the server unchanged (which refuses it), not a crash.
    with pytest.raises(wcheckout.ApiError):
        client.create_checkout_order(order_no=uid(), order_amount="1", customer_id="c", token="BSC_USDT")
    status = wcheckout.OrderStatus("ON_HOLD")
    assert status == "ON_HOLD" and not status.is_known and str(status) == "ON_HOLD"
    assert wcheckout.OrderStatus("ON_HOLD") is status
    assert wcheckout.OrderStatus.PAID.is_known and f"{wcheckout.OrderStatus.PAID}" == "PAID"
