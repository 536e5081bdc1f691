"""Every shared vector in tests/vectors/*.json, through the public Python API."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, Dict, List, Tuple

import pytest

import wcheckout
from helpers import VECTORS, load_vectors

CONSUMED = {"amounts.json", "enums.json", "envelope.json", "signing.json", "webhook.json"}


def test_every_vector_file_is_consumed() -> None:
    assert {p.name for p in VECTORS.glob("*.json")} == CONSUMED


def ids(items: List[Dict[str, Any]]) -> List[str]:
    return [str(v["name"]) for v in items]


SIGNING = load_vectors("signing.json")
WEBHOOK = load_vectors("webhook.json")
AMOUNTS = load_vectors("amounts.json")
ENVELOPE = load_vectors("envelope.json")


def prefix(v: Dict[str, Any]) -> str:
    return {"none": "none", "questionMark": "question_mark"}[v["queryPrefix"]]


@pytest.mark.parametrize("v", SIGNING["vectors"], ids=ids(SIGNING["vectors"]))
def test_signing_vector(v: Dict[str, Any]) -> None:
    args = (v["method"], v["timestamp"], v["path"], v["query"], v["body"].encode())
    sts = wcheckout.string_to_sign(*args, query_prefix=prefix(v))
    assert sts == v["stringToSign"].encode()
    assert len(sts) == v["stringToSignBytes"]
    assert wcheckout.sign_request(v["signKey"], *args, query_prefix=prefix(v)) == v["signature"]
    signer = wcheckout.Signer(v["signKey"], query_prefix=prefix(v))
    assert signer.sign(*args) == v["signature"]
    signer.verify(v["signature"], *args)
    # A str body is the same UTF-8 bytes.
    assert wcheckout.sign_request(v["signKey"], *args[:4], v["body"], query_prefix=prefix(v)) == v["signature"]
    with pytest.raises(wcheckout.SignatureError) as e:
        signer.verify(v["signature"], *args[:4], v["body"].encode() + b" ")
    assert e.value.code == "signature_mismatch"


@pytest.mark.parametrize("v", SIGNING["rejects"], ids=ids(SIGNING["rejects"]))
def test_signing_reject(v: Dict[str, Any]) -> None:
    with pytest.raises(wcheckout.WCheckoutError) as e:
        wcheckout.sign_request(
            v["signKey"], v["method"], v["timestamp"], v["path"], v["query"], v["body"].encode(), query_prefix=prefix(v)
        )
    assert e.value.code == v["error"]
    assert isinstance(e.value, wcheckout.errors.error_class_for_code(v["error"]))


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def text_of(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("v", WEBHOOK["cases"], ids=ids(WEBHOOK["cases"]))
def test_webhook_vector(v: Dict[str, Any]) -> None:
    headers: List[Tuple[str, str]] = [(k, val) for k, val in v["headers"]]
    verifier = wcheckout.WebhookVerifier(v["signKey"], tolerance=v["toleranceSec"])
    body = v["body"].encode()
    expect = v["expect"]
    if "error" in expect:
        with pytest.raises(wcheckout.WebhookVerificationError) as e:
            verifier.verify_at(headers, body, v["nowMs"])
        assert e.value.code == expect["error"]
        return
    event = verifier.verify_at(headers, body, v["nowMs"])
    # Headers given as a dict work the same (when names are unique).
    if len({k.lower() for k, _ in headers}) == len(headers):
        assert verifier.verify_at(dict(headers), body, v["nowMs"]).event_id == event.event_id
    assert event.event_type == expect["eventType"]
    assert isinstance(event.event_type, wcheckout.EventType)
    assert event.event_id == expect["eventId"]
    if "timestamp" in expect:
        assert event.timestamp == expect["timestamp"]
    assert expect["data"], "vector checks nothing"
    data = event.data
    for field, want in expect["data"].items():
        assert text_of(event.raw["data"][field]) == want, field
        typed = data[field] if isinstance(data, dict) else getattr(data, snake(field))
        assert text_of(typed) == want, field


def exact(text: str) -> Any:
    """A JSON value with numbers kept exact (the way the README recommends)."""
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


@pytest.mark.parametrize("v", AMOUNTS["parse"], ids=ids(AMOUNTS["parse"]))
def test_amount_parse_vector(v: Dict[str, Any]) -> None:
    value = exact(v["json"])
    amount = wcheckout.parse_amount(value)
    assert isinstance(amount, Decimal)
    assert amount == Decimal(v["canonical"])
    if isinstance(value, Decimal) and "e" in v["json"].lower():
        # Decimal itself normalises exponent literals (1.50e1 is Decimal('15.0')): the exact
        # canonical text of an exponent form is reached by passing the JSON text instead.
        value = v["json"]
    assert wcheckout.amount_text(value) == v["canonical"]
    assert format(wcheckout.parse_amount(value), "f") == v["canonical"]
    # The canonical text round-trips to the same text and value; int input works for integers.
    again = wcheckout.parse_amount(v["canonical"])
    assert wcheckout.amount_text(again) == v["canonical"]
    assert again == amount
    if v["canonical"].isdigit():
        assert wcheckout.amount_text(int(v["canonical"])) == v["canonical"]


@pytest.mark.parametrize("v", AMOUNTS["rejects"], ids=ids(AMOUNTS["rejects"]))
def test_amount_reject_vector(v: Dict[str, Any]) -> None:
    value = exact(v["json"])
    if isinstance(value, (str, Decimal)):
        with pytest.raises(wcheckout.InvalidAmountError) as e:
            wcheckout.parse_amount(value)
        assert e.value.code == v["error"]
        assert isinstance(e.value, ValueError)
    else:
        # null, booleans, arrays and objects are refused by type before any parsing.
        with pytest.raises(TypeError):
            wcheckout.parse_amount(value)


@pytest.mark.parametrize("v", ENVELOPE["cases"], ids=ids(ENVELOPE["cases"]))
def test_envelope_vector(v: Dict[str, Any]) -> None:
    expect = v["expect"]
    if "error" in expect:
        with pytest.raises(wcheckout.WCheckoutError) as e:
            wcheckout.parse_envelope(v["body"].encode(), v["httpStatus"])
        assert e.value.code == expect["error"]
        if expect["error"] == "api_error":
            assert isinstance(e.value, wcheckout.ApiError)
            assert e.value.retcode == expect["retcode"]
            assert e.value.retmsg == expect["retmsg"]
            assert e.value.http_status == expect["httpStatus"]
        return
    got = wcheckout.parse_envelope(v["body"], v["httpStatus"])
    assert got == json.loads(json.dumps(expect["retdata"]), parse_float=Decimal)


ENUMS = load_vectors("enums.json")
ENUM_CLASSES = {
    "token": wcheckout.Token,
    "orderStatus": wcheckout.OrderStatus,
    "refundStatus": wcheckout.RefundStatus,
    "settleStatus": wcheckout.SettleStatus,
    "abnormalPaymentType": wcheckout.AbnormalPaymentType,
    "abnormalPaymentStatus": wcheckout.AbnormalPaymentStatus,
    "eventType": wcheckout.EventType,
}


def test_enum_vectors_name_exactly_the_known_values() -> None:
    assert set(ENUMS) == set(ENUM_CLASSES) | {"description", "notCodes"}
    for key, cls in ENUM_CLASSES.items():
        assert [m.value for m in cls] == ENUMS[key], key
        assert all(cls(v).is_known for v in ENUMS[key]), key


def test_enum_vectors_not_codes_are_unknown_and_kept_verbatim() -> None:
    for text in ENUMS["notCodes"]:
        t = wcheckout.Token(text)
        assert not t.is_known and t == text and str(t) == text
        assert not hasattr(wcheckout.Token, text)
