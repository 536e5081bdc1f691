"""Every error class, its attributes, and that no secret leaks into a message or a repr."""

from __future__ import annotations

import builtins
from decimal import Decimal
from typing import List

import pytest

import wcheckout
import wcheckout.aio
from helpers import API_SECRET, SIGN_KEY, Sandbox, uid
from wcheckout import errors


def test_every_core_code_maps_to_a_class() -> None:
    assert set(wcheckout.ERROR_CODES) == set(errors._CLASS_BY_CODE)
    for code in wcheckout.ERROR_CODES:
        assert issubclass(errors.error_class_for_code(code), wcheckout.WCheckoutError)
    assert issubclass(wcheckout.InvalidArgumentError, ValueError)
    assert issubclass(wcheckout.RequestTimeoutError, builtins.TimeoutError)
    assert issubclass(wcheckout.RequestTimeoutError, wcheckout.TransportError)
    assert issubclass(wcheckout.TransportError, ConnectionError)


def test_api_error_not_found(client: wcheckout.Client) -> None:
    with pytest.raises(wcheckout.ApiError) as e:
        client.get_checkout_order_info(uid("missing"))
    err = e.value
    assert err.code == "api_error" and err.retcode == "00010" and err.http_status == 200
    assert err.retmsg and err.retmsg in str(err)
    assert not err.retryable
    assert "retcode='00010'" in repr(err)


def test_reused_number_identical_request_returns_the_order(client: wcheckout.Client) -> None:
    no = uid()
    first = client.create_checkout_order(order_no=no, order_amount="1", customer_id="c", token="ETH_USDT")
    again = client.create_checkout_order(order_no=no, order_amount="1.00", customer_id="c", token="ETH_USDT")
    assert again == first


def test_reused_number_different_request_is_a_conflict_carrying_the_stored_object(
    sandbox: Sandbox, client: wcheckout.Client, paid_order: wcheckout.CheckoutOrder
) -> None:
    no = uid()
    client.create_checkout_order(order_no=no, order_amount="1", customer_id="c", token="ETH_USDT")
    with pytest.raises(wcheckout.IdempotencyConflictError) as e:
        client.create_checkout_order(order_no=no, order_amount="1", customer_id="c", token="TRX_USDT")
    err = e.value
    assert err.code == "idempotency_conflict" and err.differences == ["token"]
    assert isinstance(err.existing, wcheckout.CheckoutOrder) and err.existing.order_no == no
    assert err.existing.token is wcheckout.Token.ETH_USDT
    assert not err.retryable and not err.outcome_unknown
    # A settlement number reused for another address.
    st = uid("S")
    addr = "0xAAA0000000000000000000000000000000000001"
    client.create_settlement_order(settlement_order_no=st, token="ETH_USDT", address=addr, amount="1")
    with pytest.raises(wcheckout.IdempotencyConflictError) as e:
        client.create_settlement_order(settlement_order_no=st, token="ETH_USDT", address="0xBBB", amount="1")
    assert e.value.differences == ["address"]
    assert isinstance(e.value.existing, wcheckout.SettlementOrder) and e.value.existing.address == addr


def test_outcome_unknown(sandbox: Sandbox) -> None:
    c = sandbox.client(max_retries=0, timeout=0.4)
    c.list_checkout_orders(page_size=1)  # token fetched first
    no = uid()
    sandbox.fault("drop_after_processing", path="/checkout/order/create")
    with pytest.raises(wcheckout.TransportError) as e:
        c.create_checkout_order(order_no=no, order_amount="2", customer_id="c", token="ETH_USDT")
    assert e.value.outcome_unknown and "repeat the identical call" in str(e.value)
    # Repeating the identical call returns the one order.
    assert c.create_checkout_order(order_no=no, order_amount="2", customer_id="c", token="ETH_USDT").order_no == no
    with pytest.raises(wcheckout.ApiError) as e2:
        c.get_checkout_order_info(uid("missing"))
    assert e2.value.outcome_unknown is False


def test_a_lost_cancel_answer_returns_the_cancelled_order(sandbox: Sandbox) -> None:
    c = sandbox.client(max_retries=2)
    no = uid()
    c.create_checkout_order(order_no=no, order_amount="2", customer_id="c", token="ETH_USDT")
    sandbox.fault("drop_after_processing", path="/checkout/order/cancel")
    assert c.cancel_checkout_order(no).order_status is wcheckout.OrderStatus.CANCELLED
    assert c.cancel_checkout_order(no).order_status is wcheckout.OrderStatus.CANCELLED


def test_a_panic_is_an_internal_error_not_a_base_exception() -> None:
    from wcheckout import _native

    with pytest.raises(wcheckout.InternalError) as e:
        _native._panic_for_test("boom")
    assert isinstance(e.value, Exception) and e.value.code == "internal" and "boom" in str(e.value)


def test_api_error_illegal_state(client: wcheckout.Client, paid_order: wcheckout.CheckoutOrder) -> None:
    with pytest.raises(wcheckout.ApiError) as e:
        client.cancel_checkout_order(paid_order.order_no)
    assert e.value.retcode == "00011"
    with pytest.raises(wcheckout.ApiError) as e:
        client.create_refund_order(refund_order_no=uid("R"), order_no=paid_order.order_no, amount="999")
    assert e.value.retcode == "00012"


def test_http_500_after_retries(sandbox: Sandbox) -> None:
    c = sandbox.client(max_retries=1)
    c.list_checkout_orders(page_size=1)  # token fetched first
    sandbox.fault("http_500", count=2)
    with pytest.raises(wcheckout.ApiError) as e:
        c.list_checkout_orders(page_size=1)
    assert e.value.http_status == 500 and e.value.retryable
    sandbox.clear_faults()


def test_retry_recovers(sandbox: Sandbox) -> None:
    c = sandbox.client(max_retries=2)
    sandbox.fault("http_503", count=1, path="/checkout/order/list")
    assert c.list_checkout_orders(page_size=1).page_size == 1
    sandbox.clear_faults()


def test_auth_error_without_secret(sandbox: Sandbox) -> None:
    secret = "wrong-secret-value-XYZ"
    c = sandbox.client(api_secret=secret, max_retries=0)
    with pytest.raises(wcheckout.AuthError) as e:
        c.list_checkout_orders()
    assert e.value.code == "auth_error"
    for text in (str(e.value), repr(e.value), repr(c)):
        assert secret not in text


def test_signature_error() -> None:
    signer = wcheckout.Signer("k")
    with pytest.raises(wcheckout.SignatureError) as e:
        signer.verify("bm90IGEgc2lnbmF0dXJl", "GET", "1", "/x")
    assert e.value.code == "signature_mismatch"


def test_response_signature_error(sandbox: Sandbox, client: wcheckout.Client) -> None:
    client.list_checkout_orders(page_size=1)
    sandbox.fault("bad_signature", count=1, path="/checkout/order/list")
    with pytest.raises(wcheckout.ResponseSignatureError) as e:
        client.list_checkout_orders(page_size=1)
    assert e.value.code == "response_signature"
    assert isinstance(e.value, wcheckout.SignatureError)


def test_response_signature_policies() -> None:
    for mode in ("full", "short", "none"):
        sb = Sandbox("--response-signature", mode)
        try:
            policy = "required" if mode != "none" else "if_present"
            assert sb.client(response_signature=policy).list_checkout_orders().page_num == 1
            if mode == "none":
                with pytest.raises(wcheckout.ResponseSignatureError):
                    sb.client(response_signature="required", max_retries=0).list_checkout_orders()
                assert sb.client(response_signature="off").list_checkout_orders().page_num == 1
        finally:
            sb.stop()


def test_transport_error(sandbox: Sandbox, client: wcheckout.Client) -> None:
    client.list_checkout_orders(page_size=1)
    sandbox.fault("drop", count=1, path="/checkout/order/list")
    with pytest.raises(wcheckout.TransportError) as e:
        client.list_checkout_orders(page_size=1)
    assert e.value.code in ("transport_error", "timeout") and e.value.retryable


def test_timeout_error(sandbox: Sandbox) -> None:
    c = sandbox.client(timeout=0.3, max_retries=0)
    c.list_checkout_orders(page_size=1)
    sandbox.fault("delay", count=1, path="/checkout/order/list", delay_ms=1500)
    with pytest.raises(wcheckout.RequestTimeoutError) as e:
        c.list_checkout_orders(page_size=1)
    assert e.value.code == "timeout"
    assert isinstance(e.value, TimeoutError)
    sandbox.clear_faults()


def test_connection_refused() -> None:
    c = wcheckout.Client(
        api_key="k", api_secret=API_SECRET, sign_key=SIGN_KEY, base_url="http://127.0.0.1:9", max_retries=0
    )
    with pytest.raises(wcheckout.TransportError):
        c.get_checkout_order_info("A1")


def test_webhook_errors() -> None:
    v = wcheckout.WebhookVerifier("key")
    body = b'{"eventId":"e","eventType":"X","data":{}}'
    good = wcheckout.sign_webhook_for_test("key", body)
    cases = [
        ({"TIMESTAMP": good["TIMESTAMP"]}, body, "webhook_missing_header"),
        ({"SIGNATURE": good["SIGNATURE"]}, body, "webhook_missing_header"),
        ({**good, "TIMESTAMP": "soon"}, body, "webhook_malformed_timestamp"),
        (wcheckout.sign_webhook_for_test("key", body, 1_000), body, "webhook_outside_tolerance"),
        (good, body + b" ", "webhook_signature_mismatch"),
        (wcheckout.sign_webhook_for_test("key", b"[1]"), b"[1]", "webhook_malformed_json"),
    ]
    for headers, raw, code in cases:
        with pytest.raises(wcheckout.WebhookVerificationError) as e:
            v.verify(headers, raw)
        assert e.value.code == code, code


def test_decode_and_invalid_argument_errors() -> None:
    with pytest.raises(wcheckout.DecodeError):
        wcheckout.parse_envelope(b"<html>", 502)
    with pytest.raises(wcheckout.InvalidArgumentError):
        wcheckout.canonicalize_json("{not json")
    with pytest.raises(wcheckout.InvalidAmountError):
        wcheckout.parse_amount("1,5")


def test_no_secret_in_any_repr_or_message(sandbox: Sandbox) -> None:
    secret, key = "S3cr3t-api-secret-0001", "S1gn-key-0002"
    c = wcheckout.Client(api_key="demo_api_key", api_secret=secret, sign_key=key, base_url=sandbox.url, max_retries=0)
    texts: List[str] = [repr(c), str(c), repr(wcheckout.WebhookVerifier(key)), repr(wcheckout.Signer(key))]
    texts.append(repr(wcheckout.aio.AsyncClient.wrap(c)))
    for call in (lambda: c.list_checkout_orders(), lambda: c.get_checkout_order_info("bad no!")):
        with pytest.raises(wcheckout.WCheckoutError) as e:
            call()  # a wrong secret: the token call is refused
        texts += [str(e.value), repr(e.value), repr(e.value.args)]
    with pytest.raises(wcheckout.WCheckoutError) as e:
        wcheckout.WebhookVerifier(key).verify({"SIGNATURE": "x", "TIMESTAMP": "1"}, b"{}")
    texts += [str(e.value), repr(e.value)]
    for text in texts:
        assert secret not in text and key not in text, text
    assert "demo_api_key" not in repr(c)  # only the first characters of the api key are shown


def test_error_constructor_is_usable_by_callers() -> None:
    e = wcheckout.ApiError("boom", code="api_error", retcode="00010", retmsg="not found", http_status=200)
    assert (e.code, e.retcode, e.retmsg, e.http_status, e.retryable) == ("api_error", "00010", "not found", 200, False)
    assert str(wcheckout.RequestTimeoutError("t", code="timeout")) == "t"
    assert Decimal("1") == wcheckout.parse_amount(1)


def test_errors_survive_pickling(client: wcheckout.Client) -> None:
    import pickle

    with pytest.raises(wcheckout.ApiError) as e:
        client.get_checkout_order_info(uid("missing"))
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is wcheckout.ApiError
    assert (again.code, again.retcode, again.http_status, str(again)) == ("api_error", "00010", 200, str(e.value))


def test_response_tolerance_option_reaches_the_core(sandbox: Sandbox) -> None:
    assert sandbox.client(response_tolerance=60).list_checkout_orders(page_size=1).page_size == 1
    with pytest.raises(wcheckout.InvalidArgumentError, match="response_tolerance"):
        sandbox.client(response_tolerance=7200)


def test_token_store_error_when_the_store_is_unreachable(sandbox: Sandbox) -> None:
    import socket

    with socket.socket() as s:  # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"redis://:hunter2pass@127.0.0.1:{port}/0"
    c = sandbox.client(token_store=url)
    assert c.token_store == f"redis://***@127.0.0.1:{port}/0"
    with pytest.raises(wcheckout.TokenStoreError) as e:
        c.get_checkout_order_info(uid("missing"))
    err = e.value
    assert err.code == "token_store" and err.retryable and not err.outcome_unknown
    assert f"127.0.0.1:{port}" in str(err)
    assert "hunter2pass" not in f"{err} {err!r} {c!r}"
    # Opting into the fallback: a private token, so the call itself goes through.
    c = sandbox.client(token_store=url, token_store_fallback=True)
    with pytest.raises(wcheckout.ApiError) as e2:
        c.get_checkout_order_info(uid("missing"))
    assert e2.value.retcode == "00010"
    with pytest.raises(wcheckout.InvalidArgumentError):
        sandbox.client(token_store="ftp://nowhere")
