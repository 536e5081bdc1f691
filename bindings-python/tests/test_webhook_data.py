"""A verified webhook's `data` model, built straight from the body's JSON text (the fast path),
against what the body says, field by field, for every known event type and the shapes a body can
take; and every body that path does not take still gets the core's answer (a model or its typed
error)."""

import json
from decimal import Decimal
from typing import Any, Dict, List, Optional

import pytest

import wcheckout
import wcheckout.enums

KEY = "test-sign-key"
SCHEMA = json.loads(wcheckout._native.model_schema())
MODELS = {m["name"]: m for m in SCHEMA["models"]}
TYPES = {
    "CHECKOUT_ORDER_CHANGED": "CheckoutOrderChanged",
    "REFUND_ORDER_CHANGED": "RefundOrderChanged",
    "SETTLEMENT_ORDER_CHANGED": "SettlementOrderChanged",
    "ABNORMAL_PAYMENT": "AbnormalPaymentDetected",
}


def verify(body: bytes) -> wcheckout.WebhookEvent:
    return wcheckout.WebhookVerifier(KEY).verify(wcheckout.sign_webhook_for_test(KEY, body), body)


def body_of(event_type: str, data_text: str) -> bytes:
    return ('{"eventId":"evt_1","eventType":"%s","timestamp":1,"data":%s}' % (event_type, data_text)).encode()


def check(event: wcheckout.WebhookEvent, model: str, data: Dict[str, Any]) -> None:
    """`event.data` is the `model` holding exactly `data` (absent or null fields are None)."""
    got = event.data
    assert type(got).__name__ == model
    for f in MODELS[model]["fields"]:
        want = data.get(f["wire"])
        value = getattr(got, f["name"])
        if want is None:
            assert value is None, f["wire"]
        elif f["kind"] == "amount":
            assert isinstance(value, Decimal) and format(value, "f") == str(want), (f["wire"], value)
        elif f["kind"] == "enum":
            assert value == want and type(value).__name__ == f["of"], (f["wire"], value)
        else:
            assert type(value) is str and value == want, f["wire"]


def enum_value(f: Dict[str, Any], which: int) -> str:
    """A known value of the field's enum (which=0), or one the SDK does not know (which=1)."""
    if which:
        return "NEW_VALUE_X"
    return str(next(iter(getattr(wcheckout.enums, f["of"]))).value)


@pytest.mark.parametrize("event_type", sorted(TYPES))
@pytest.mark.parametrize("variant", range(4))
def test_every_field_of_every_event_type(event_type: str, variant: int) -> None:
    model = TYPES[event_type]
    data: Dict[str, Any] = {}
    for n, f in enumerate(MODELS[model]["fields"]):
        # variant 3: only the required fields; variant 2: optional ones null.
        if variant == 3 and not f["required"]:
            continue
        if variant == 2 and not f["required"]:
            data[f["wire"]] = None
            continue
        if f["kind"] == "amount":
            data[f["wire"]] = "1%d.%d0" % (n, variant)
        elif f["kind"] == "enum":
            data[f["wire"]] = enum_value(f, variant % 2)
        else:
            data[f["wire"]] = "t%d-\u00e9\"\\x/\u2028" % n
    # Amounts written as JSON numbers in variant 1 (their exact text is kept).
    text = json.dumps({"extraField": {"nested": [1, 2.5, None]}, **data}, ensure_ascii=variant == 0)
    if variant == 1:
        for f in MODELS[model]["fields"]:
            if f["kind"] == "amount" and f["wire"] in data:
                text = text.replace('"%s"' % data[f["wire"]], data[f["wire"]])
    ev = verify(body_of(event_type, text))
    check(ev, model, data)
    # The core event (read from the kept body on demand) agrees: its key names the object.
    first = MODELS[model]["fields"][0]["wire"]
    assert ev.dedupe_key.split(":")[1] == data[first]
    assert repr(ev).startswith("WebhookEvent(event_id='evt_1'")
    assert ev.raw["data"]["extraField"] == {"nested": [1, Decimal("2.5"), None]}


def test_equal_amounts_share_one_decimal_and_data_before_the_type() -> None:
    text = '{"orderNo":"A1","orderStatus":"PAID","payingAmount":989.19,"orderAmount":"989.19","refundedAmount":0}'
    ev = verify(b'{"data":' + text.encode() + b',"eventType":"CHECKOUT_ORDER_CHANGED","eventId":"e"}')
    d = ev.data
    assert d.paying_amount == d.order_amount == Decimal("989.19")
    # One Decimal for both: the model was built straight from the body (the core's conversion
    # makes one per field).
    assert d.paying_amount is d.order_amount
    assert format(d.refunded_amount, "f") == "0"
    assert d.order_status is wcheckout.OrderStatus.PAID
    assert ev.dedupe_key == "order:A1:PAID" and ev.timestamp == 0


# Unusual but valid writing (escapes, exponents), and bodies the core refuses: the fast path
# gives up on whatever it does not take, and the core's typed parse answers.
ACCEPTED = [
    # Escaped keys and values.
    ('{"order\\u004eo":"A\\u0031","orderStatus":"PA\\u0049D","orderAmount":"1.50"}', {"orderNo": "A1", "orderStatus": "PAID", "orderAmount": "1.50"}),
    # Exponent amounts are read exactly by the core.
    ('{"orderNo":"A1","orderStatus":"PAID","orderAmount":1.5e1}', {"orderNo": "A1", "orderStatus": "PAID", "orderAmount": "15"}),
]
REFUSED: List[str] = [
    '{"orderNo":"A1","orderStatus":"PAID","orderNo":"A2"}',  # repeated field
    '{"orderStatus":"PAID"}',  # missing required field
    '{"orderNo":null,"orderStatus":"PAID"}',  # required field null
    '{"orderNo":"A1","orderStatus":5}',  # enum not a string
    '{"orderNo":7,"orderStatus":"PAID"}',  # text not a string
    '{"orderNo":"A1","orderStatus":"PAID","orderAmount":"1.2.3"}',  # bad amount
    '{"orderNo":"A1","orderStatus":"PAID","orderAmount":true}',  # amount of another type
    '{"orderNo":"A1","orderStatus":"PAID","txHash":["x"]}',  # optional text of another type
    "[1,2]",  # not an object
    "null",
]


@pytest.mark.parametrize("text,want", ACCEPTED)
def test_bodies_read_by_the_core(text: str, want: Dict[str, Optional[str]]) -> None:
    ev = verify(body_of("CHECKOUT_ORDER_CHANGED", text))
    d = ev.data
    assert d.order_no == want["orderNo"] and d.order_status == want["orderStatus"]
    assert format(d.order_amount, "f") == want["orderAmount"]


@pytest.mark.parametrize("text", REFUSED)
def test_malformed_data_is_a_typed_error(text: str) -> None:
    with pytest.raises(wcheckout.WebhookVerificationError) as e:
        verify(body_of("CHECKOUT_ORDER_CHANGED", text))
    assert e.value.code == "webhook_malformed_json"
