#!/usr/bin/env python3
"""Writes the shared test vectors in this folder: enums.json, signing.json, webhook.json, amounts.json,
envelope.json.

Every expected signature here is computed with Python's own hmac/hashlib/base64, independently of the
Rust core, so the vectors check the SDK rather than echo it. The official vector and the values quoted
in the spec are asserted before anything is written.

    python3 tests/vectors/generate.py          # rewrite the files
    python3 tests/vectors/generate.py --check  # exit 1 if a file differs from what this script writes

Deterministic: no clock, no randomness. Standard library only.
"""

import base64
import hashlib
import hmac
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent

OFFICIAL_KEY = "aR2822Y6XbehWMclnB0Y2NJK"


def hmac_b64(key: str, message: str) -> str:
    digest = hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha512).digest()
    return base64.b64encode(digest).decode("ascii")


# --------------------------------------------------------------------------------------------------
# signing.json
# --------------------------------------------------------------------------------------------------


def string_to_sign(method, timestamp, path, query, body, query_prefix):
    sep = "?" if query_prefix == "questionMark" and query else ""
    return method.upper() + timestamp + path + sep + query + body


def sign_vector(name, source, method, timestamp, path, query="", body="", query_prefix="none",
                key=OFFICIAL_KEY, expect_signature=None, note=None):
    sts = string_to_sign(method, timestamp, path, query, body, query_prefix)
    sig = hmac_b64(key, sts)
    if expect_signature is not None and sig != expect_signature:
        raise SystemExit(f"{name}: computed {sig}, the spec says {expect_signature}")
    v = {
        "name": name,
        "source": source,
        "signKey": key,
        "method": method,
        "timestamp": timestamp,
        "path": path,
        "query": query,
        "body": body,
        "queryPrefix": query_prefix,
        "stringToSign": sts,
        "stringToSignBytes": len(sts.encode("utf-8")),
        "signature": sig,
    }
    if note:
        v["note"] = note
    return v


LONG_BODY = (
    '{"settlementOrderNo":"ST20260101","merchantId":"2","token":"ETH_USDT",'
    '"address":"0x9f9D96DAB48f2E67BF93CCc7Ece46e09D5e4a22C","amount":"1000.233567","orderNos":['
    + ",".join(f'"order{i:05d}"' for i in range(200))
    + "]}"
)

CREATE_ORDER = ('{"orderNo":"1759988038609","orderAmount":0.5,"customerId":"6","merchantId":"1",'
                '"token":"ETH_USDT","fiat":"USD","expiredIn":2000}')


def signing():
    ok = [
        sign_vector("official ANexPay vector (spec 2.3)", "official", "POST", "1636360661729", "/openapi/test",
                    body='{"a":"124"}',
                    expect_signature="MxrYnCm9Q7JOAvOrISf8+T2kuTW1d/w0at8aaPaoiX08VWfun3XPokVlIx1TkHXdcitls09wzfUGtXQZq23xdg=="),
        sign_vector("spec GET example with ? (QuestionMark prefix)", "spec-computed", "GET", "1636360576641",
                    "/openapi/test", query="test=234", query_prefix="questionMark",
                    expect_signature="KDlQhhUfc4U+kPClhXVT5+ne17NtRQs2R4mlYk9x/QsuD9hhXWh9v967nZJDbYt7nXa2uK0xvR9NfNAQ8j1EqA=="),
        sign_vector("spec GET example without ?", "spec-computed", "GET", "1636360576641", "/openapi/test",
                    query="test=234",
                    expect_signature="ZzFOTZDXLTD8Oihw8HlXsqE5luohrZaSMNIRgcggL85CR/r4wkwbJrePnI1HdAhzJ29/tpMGc9wHhIC/g6RLpQ=="),
        sign_vector("spec order info without ?", "spec-computed", "GET", "1759988038609", "/checkout/order/info",
                    query="orderNo=1762251243302",
                    expect_signature="fps8s3eIaOJLu4RQ78rJRG9klTUbeHwXGJgvKNWhTQmeWLzizhTHiL9iQdWkjmGIJHt4GzBtEiCZvWAgxzlJ7w=="),
        sign_vector("spec order info with ? (QuestionMark prefix)", "spec-computed", "GET", "1759988038609",
                    "/checkout/order/info", query="orderNo=1762251243302", query_prefix="questionMark",
                    expect_signature="tT1aolvwrJtLq9hCgNj2w0st6AOsK2FwTi/Wc3gaeNobgqTZaAdJHlRCNAvJeuxsRBziQO93s32namY0s7/Aeg=="),
        sign_vector("spec create order example", "spec-computed", "POST", "1759988038609", "/checkout/order/create",
                    body=CREATE_ORDER,
                    expect_signature="+RSQk3wA/3tnQMFRMVmbYbs8QWWUDe07WhaCmTVxR2TFF9aS3c7jK2GDcIUUEljl6mPdgvAsLM69JPJCoienjQ=="),
        # Ours. Same key unless stated.
        sign_vector("whitespace between tokens changes the signature", "sdk", "POST", "1636360661729",
                    "/openapi/test", body='{"a": "124"}',
                    note="the body is signed exactly as given; compare with the official vector"),
        sign_vector("orderAmount written 0.50 instead of 0.5", "sdk", "POST", "1759988038609",
                    "/checkout/order/create", body=CREATE_ORDER.replace('"orderAmount":0.5', '"orderAmount":0.50'),
                    note="numbers are signed as written: 0.50 and 0.5 give different signatures"),
        sign_vector("lower-case method is signed upper-cased", "sdk", "post", "1636360661729", "/openapi/test",
                    body='{"a":"124"}', note="same string to sign and signature as the official vector"),
        sign_vector("mixed-case GET with query", "sdk", "Get", "1759988038609", "/checkout/order/cancel",
                    query="orderNo=A1B2C3"),
        sign_vector("POST with empty body", "sdk", "POST", "1759988038609", "/checkout/order/list"),
        sign_vector("GET query keeps caller order, several parameters", "sdk", "GET", "1759988038610",
                    "/checkout/settlement/list", query="pageSize=20&pageNum=1&settleStatus=SETTLED"),
        sign_vector("GET query value with space and CJK, signed unencoded", "sdk", "GET", "1759988038611",
                    "/checkout/order/info", query="orderNo=A1&remark=hello world&name=张三"),
        sign_vector("PUT with body", "sdk", "PUT", "1759988038612", "/checkout/order/update",
                    body='{"orderNo":"A1","expiredIn":1800}'),
        sign_vector("DELETE with query, no body", "sdk", "DELETE", "1759988038613", "/checkout/refund-order/cancel",
                    query="refundOrderNo=RF1"),
        sign_vector("CJK body", "sdk", "POST", "1759988038614", "/checkout/abnormal-payment/refund",
                    body='{"refundOrderNo":"7592274273351","orderNo":"1759227427335","txHash":"0x00000000000000",'
                         '"token":"ETH_USDT","remark":"退款原因：重复支付"}'),
        sign_vector("emoji body", "sdk", "POST", "1759988038615", "/checkout/abnormal-payment/refund",
                    body='{"refundOrderNo":"R1","remark":"paid twice 💸✅"}'),
        sign_vector("escaped \\u sequences are signed as written", "sdk", "POST", "1759988038614",
                    "/checkout/abnormal-payment/refund",
                    body='{"refundOrderNo":"7592274273351","orderNo":"1759227427335","txHash":"0x00000000000000",'
                         '"token":"ETH_USDT","remark":"\\u9000\\u6b3e\\u539f\\u56e0\\uff1a\\u91cd\\u590d\\u652f\\u4ed8"}',
                    note="same JSON value as the CJK body vector, different text, different signature"),
        sign_vector("spaces inside string values are kept", "sdk", "POST", "1759988038616",
                    "/checkout/abnormal-payment/refund",
                    body='{"refundOrderNo":"R2","remark":"hello world","note":"  two  spaces  "}'),
        sign_vector("body with newlines and indentation signed as raw bytes", "sdk", "POST", "1636360661729",
                    "/openapi/test", body='{\n  "a": "124"\n}'),
        sign_vector("long body (settlement with 200 orderNos)", "sdk", "POST", "1759988038617",
                    "/checkout/settlement/create", body=LONG_BODY),
        sign_vector("different key", "sdk", "POST", "1636360661729", "/openapi/test", body='{"a":"124"}',
                    key="Zq7NvLk3TfWb9YxR2mPa8HcD"),
        sign_vector("non-ASCII key used as UTF-8 bytes", "sdk", "GET", "1759988038618", "/checkout/order/info",
                    query="orderNo=A1", key="clé-秘密-🔑"),
        sign_vector("key longer than the SHA-512 block (200 bytes)", "sdk", "GET", "1759988038619",
                    "/checkout/order/info", query="orderNo=A1", key="k" * 100 + "K" * 100),
        sign_vector("QuestionMark prefix with empty query adds no ?", "sdk", "GET", "1759988038620",
                    "/checkout/order/list", query_prefix="questionMark"),
        sign_vector("QuestionMark prefix with query and body", "sdk", "POST", "1759988038621",
                    "/checkout/order/list", query="lang=en", body='{"pageNum":1,"pageSize":10}',
                    query_prefix="questionMark"),
        sign_vector("timestamp 0", "sdk", "GET", "0", "/checkout/order/info", query="orderNo=A1"),
        sign_vector("root path, 20-digit timestamp (u64 max)", "sdk", "GET", "18446744073709551615", "/"),
    ]

    def reject(name, key=OFFICIAL_KEY, method="POST", timestamp="1636360661729", path="/openapi/test",
               query="", body='{"a":"124"}', query_prefix="none"):
        return {"name": name, "signKey": key, "method": method, "timestamp": timestamp, "path": path,
                "query": query, "body": body, "queryPrefix": query_prefix, "error": "invalid_argument"}

    rejects = [
        reject("empty sign key", key=""),
        reject("negative timestamp", timestamp="-1"),
        reject("timestamp with a letter", timestamp="12a"),
        reject("empty timestamp", timestamp=""),
        reject("timestamp with a decimal point", timestamp="1636360661.729"),
        reject("timestamp with a leading space", timestamp=" 1636360661729"),
        reject("timestamp larger than u64", timestamp="18446744073709551616"),
        reject("path without leading /", path="openapi/test"),
        reject("empty path", path=""),
        reject("path containing ?", path="/openapi/test?a=1"),
        reject("query starting with ? under prefix none", method="GET", query="?test=234", body=""),
        reject("empty method", method=""),
        reject("method with a non-letter", method="GET1"),
    ]

    return {
        "description": (
            "Request signatures (spec 2.3): stringToSign = upper(method) + timestamp + path + [\"?\" when "
            "queryPrefix is questionMark and query is not empty] + query + body, no separators; signature = "
            "standard Base64 (with padding) of HMAC-SHA512 keyed with the UTF-8 bytes of signKey over the UTF-8 "
            "bytes of stringToSign. Fields of `vectors`: name; source (official = published by the vendor, "
            "spec-computed = quoted in the spec, sdk = ours; every signature was computed independently with "
            "Python hmac/hashlib by generate.py); signKey; method (as passed in, possibly lower-case); "
            "timestamp (decimal text); path; query (no leading ?, not percent-encoded); body (the exact body "
            "text, signed byte for byte, never re-serialised); queryPrefix (\"none\" or \"questionMark\"); "
            "stringToSign (expected exact text); stringToSignBytes (its UTF-8 length); signature (expected). "
            "A vector passes when the SDK's string to sign equals stringToSign, signing gives signature, and "
            "verifying signature succeeds. Fields of `rejects`: the same inputs and `error`, the Error::code() "
            "the SDK must return instead of a signature."
        ),
        "vectors": ok,
        "rejects": rejects,
    }


# --------------------------------------------------------------------------------------------------
# webhook.json
# --------------------------------------------------------------------------------------------------

TS = 1758701681000
OTHER_KEY = "Zq7NvLk3TfWb9YxR2mPa8HcD"

CHECKOUT = ('{"eventId":"evt_0a4fee0f8882","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1758701681,'
            '"data":{"orderNo":"oxxxxxxx","token":"ETH_USDT","payingAmount":989.19,"orderAmount":989.19,'
            '"orderStatus":"PAID","refundedAmount":0,"createdTime":"2025-11-23 11:27:29",'
            '"updatedTime":"2025-11-23 11:27:29"}}')
REFUND = ('{"eventId":"evt_0a4fee0f8882","eventType":"REFUND_ORDER_CHANGED","timestamp":1758701681,'
          '"data":{"refundOrderNo":"xxxxxxx","token":"ETH_USDT","amount":"404.69","refundStatus":"REFUNDED",'
          '"createdTime":"2025-01-25 00:48:39","updatedTime":"2025-01-25 00:48:39"}}')
SETTLEMENT = ('{"eventId":"evt_0a4fee0f8882","eventType":"SETTLEMENT_ORDER_CHANGED","timestamp":1758701681,'
              '"data":{"settlementOrderNo":"xxxxxxxx","token":"ETH_USDT","address":"0xxxxxxxxxxxx",'
              '"settlementAmount":"315.45","settleStatus":"SETTLED","createdTime":"2026-05-15 07:28:12",'
              '"updatedTime":"2026-05-15 07:28:12"}}')
ABNORMAL = ('{"eventId":"evt_0a4fee0f8882","eventType":"ABNORMAL_PAYMENT","timestamp":1758701681,'
            '"data":{"abnormalPaymentNo":"xxxxxxxx","orderNo":"xxxxxxx","token":"ETH_USDT","amount":"818.89",'
            '"hash":"0xxxxxxxxxx","pendingAmount":"739.00","createdTime":"2025-12-23 12:56:47",'
            '"updatedTime":"2025-12-23 12:56:47"}}')
UNKNOWN = ('{"eventId":"evt_7b1c00d1e2f3","eventType":"PAYOUT_BATCH_CREATED","timestamp":1758701681,'
           '"data":{"batchNo":"B1","total":"12.50","futureField":[1,2,3]}}')
CHECKOUT_PRETTY = json.dumps(json.loads(CHECKOUT), indent=2)  # floats here are exact: 989.19 and 0 round-trip
REFUND_UNICODE = ('{"eventId":"evt_unicode01","eventType":"REFUND_ORDER_CHANGED","timestamp":1758701681,'
                  '"data":{"refundOrderNo":"RF9","token":"TRX_USDT","amount":"0.50","refundStatus":"REFUNDING",'
                  '"remark":"退款 ✅ \\u00e9"}}')

CHECKOUT_EXPECT = {"ok": True, "eventType": "CHECKOUT_ORDER_CHANGED", "eventId": "evt_0a4fee0f8882",
                   "timestamp": 1758701681,
                   "data": {"orderNo": "oxxxxxxx", "orderStatus": "PAID", "payingAmount": "989.19",
                            "refundedAmount": "0"}}


def wh_sig(key, ts, body):
    return hmac_b64(key, str(ts) + body)


def signed_headers(body, ts=TS, key=OFFICIAL_KEY, sig_name="SIGNATURE", ts_name="TIMESTAMP"):
    return [[sig_name, wh_sig(key, ts, body)], [ts_name, str(ts)]]


def wh(name, body, headers, expect, now_ms=TS, tolerance_sec=120, key=OFFICIAL_KEY, source="sdk", note=None):
    v = {"name": name, "source": source, "signKey": key, "headers": headers, "body": body, "nowMs": now_ms,
         "toleranceSec": tolerance_sec, "expect": expect}
    if note:
        v["note"] = note
    return v


def err(code):
    return {"error": code}


def webhook():
    spec_sig = "2cLkiqniDbuoh2rBWd4b4/RLupRQ8FRTF97NRS7nit+vN21mzswahXhloVtWPEYyZ3w8DG1nEBHaCkoJp5Hveg=="
    if wh_sig(OFFICIAL_KEY, TS, ABNORMAL) != spec_sig:
        raise SystemExit("ABNORMAL_PAYMENT example does not reproduce the spec's signature")
    good = signed_headers(CHECKOUT)
    sig, ts = good[0][1], good[1][1]
    cases = [
        wh("valid CHECKOUT_ORDER_CHANGED", CHECKOUT, good, CHECKOUT_EXPECT),
        wh("valid REFUND_ORDER_CHANGED", REFUND, signed_headers(REFUND),
           {"ok": True, "eventType": "REFUND_ORDER_CHANGED", "eventId": "evt_0a4fee0f8882",
            "data": {"refundOrderNo": "xxxxxxx", "refundStatus": "REFUNDED", "amount": "404.69"}}),
        wh("valid SETTLEMENT_ORDER_CHANGED", SETTLEMENT, signed_headers(SETTLEMENT),
           {"ok": True, "eventType": "SETTLEMENT_ORDER_CHANGED", "eventId": "evt_0a4fee0f8882",
            "data": {"settleStatus": "SETTLED", "settlementAmount": "315.45", "address": "0xxxxxxxxxxxx"}}),
        wh("spec computed ABNORMAL_PAYMENT example", ABNORMAL,
           [["SIGNATURE", spec_sig], ["TIMESTAMP", str(TS)]],
           {"ok": True, "eventType": "ABNORMAL_PAYMENT", "eventId": "evt_0a4fee0f8882", "timestamp": 1758701681,
            "data": {"abnormalPaymentNo": "xxxxxxxx", "amount": "818.89", "pendingAmount": "739.00"}},
           source="spec-computed"),
        wh("valid ABNORMAL_PAYMENT with another key and time", ABNORMAL,
           signed_headers(ABNORMAL, ts=1767225600123, key=OTHER_KEY),
           {"ok": True, "eventType": "ABNORMAL_PAYMENT", "eventId": "evt_0a4fee0f8882",
            "data": {"pendingAmount": "739.00", "token": "ETH_USDT"}},
           key=OTHER_KEY, now_ms=1767225600123),
        wh("unknown event type is kept, not rejected", UNKNOWN, signed_headers(UNKNOWN),
           {"ok": True, "eventType": "PAYOUT_BATCH_CREATED", "eventId": "evt_7b1c00d1e2f3",
            "data": {"batchNo": "B1", "total": "12.50"}}),
        wh("unicode body with an escaped \\u sequence kept as written", REFUND_UNICODE,
           signed_headers(REFUND_UNICODE),
           {"ok": True, "eventType": "REFUND_ORDER_CHANGED", "eventId": "evt_unicode01",
            "data": {"refundStatus": "REFUNDING", "amount": "0.50"}}),
        wh("pretty-printed body verifies over its raw bytes", CHECKOUT_PRETTY, signed_headers(CHECKOUT_PRETTY),
           CHECKOUT_EXPECT),
        wh("compact signature does not verify the pretty-printed body", CHECKOUT_PRETTY, good,
           err("webhook_signature_mismatch"), note="whitespace is part of the signed bytes"),
        wh("tampered body (amount changed)", CHECKOUT.replace("989.19", "989.20", 1), good,
           err("webhook_signature_mismatch")),
        wh("tampered body (status changed)", CHECKOUT.replace('"PAID"', '"REFUNDED"'), good,
           err("webhook_signature_mismatch")),
        wh("wrong key", CHECKOUT, good, err("webhook_signature_mismatch"), key=OTHER_KEY),
        wh("TIMESTAMP header changed after signing (replay with a fresh time)", CHECKOUT,
           [["SIGNATURE", sig], ["TIMESTAMP", str(TS + 1000)]], err("webhook_signature_mismatch"), now_ms=TS + 1000),
        wh("signature truncated", CHECKOUT, [["SIGNATURE", sig[:80]], ["TIMESTAMP", ts]],
           err("webhook_signature_mismatch")),
        wh("signature not Base64", CHECKOUT, [["SIGNATURE", "not a signature!"], ["TIMESTAMP", ts]],
           err("webhook_signature_mismatch")),
        wh("empty signature", CHECKOUT, [["SIGNATURE", ""], ["TIMESTAMP", ts]], err("webhook_signature_mismatch")),
        wh("stale by tolerance + 1 ms", CHECKOUT, good, err("webhook_outside_tolerance"), now_ms=TS + 120_001),
        wh("stale by exactly the tolerance (inside)", CHECKOUT, good, CHECKOUT_EXPECT, now_ms=TS + 120_000),
        wh("future by tolerance + 1 ms", CHECKOUT, good, err("webhook_outside_tolerance"), now_ms=TS - 120_001),
        wh("future by exactly the tolerance (inside)", CHECKOUT, good, CHECKOUT_EXPECT, now_ms=TS - 120_000),
        wh("custom tolerance 300 s, 299.999 s stale (inside)", CHECKOUT, good, CHECKOUT_EXPECT,
           now_ms=TS + 299_999, tolerance_sec=300),
        wh("custom tolerance 300 s, 300.001 s stale", CHECKOUT, good, err("webhook_outside_tolerance"),
           now_ms=TS + 300_001, tolerance_sec=300),
        wh("tolerance 0, same millisecond (inside)", CHECKOUT, good, CHECKOUT_EXPECT, tolerance_sec=0),
        wh("tolerance 0, 1 ms later", CHECKOUT, good, err("webhook_outside_tolerance"), now_ms=TS + 1,
           tolerance_sec=0),
        wh("tolerance is checked before the signature", CHECKOUT, [["SIGNATURE", "bad"], ["TIMESTAMP", ts]],
           err("webhook_outside_tolerance"), now_ms=TS + 3_600_000),
        wh("TIMESTAMP in seconds instead of milliseconds", CHECKOUT,
           [["SIGNATURE", wh_sig(OFFICIAL_KEY, 1758701681, CHECKOUT)], ["TIMESTAMP", "1758701681"]],
           err("webhook_outside_tolerance")),
        wh("missing SIGNATURE", CHECKOUT, [["TIMESTAMP", ts]], err("webhook_missing_header")),
        wh("missing TIMESTAMP", CHECKOUT, [["SIGNATURE", sig]], err("webhook_missing_header")),
        wh("no headers at all", CHECKOUT, [], err("webhook_missing_header")),
        wh("D-SIGNATURE and D-TIMESTAMP", CHECKOUT, signed_headers(CHECKOUT, sig_name="D-SIGNATURE",
                                                                  ts_name="D-TIMESTAMP"), CHECKOUT_EXPECT),
        wh("lower-case d-signature and d-timestamp", CHECKOUT,
           signed_headers(CHECKOUT, sig_name="d-signature", ts_name="d-timestamp"), CHECKOUT_EXPECT),
        wh("lower-case signature and timestamp", CHECKOUT,
           signed_headers(CHECKOUT, sig_name="signature", ts_name="timestamp"), CHECKOUT_EXPECT),
        wh("mixed-case headers among others", CHECKOUT,
           [["Content-Type", "application/json"], ["Signature", sig], ["User-Agent", "wcheckout"],
            ["Timestamp", ts]], CHECKOUT_EXPECT),
        wh("SIGNATURE wins over D-SIGNATURE (D- is only a fallback)", CHECKOUT,
           [["D-SIGNATURE", "bad"], ["SIGNATURE", sig], ["TIMESTAMP", ts]], CHECKOUT_EXPECT),
        wh("a wrong SIGNATURE is not rescued by a correct D-SIGNATURE", CHECKOUT,
           [["SIGNATURE", "bad"], ["D-SIGNATURE", sig], ["TIMESTAMP", ts]], err("webhook_signature_mismatch")),
        wh("malformed TIMESTAMP", CHECKOUT, [["SIGNATURE", sig], ["TIMESTAMP", "1758701681000x"]],
           err("webhook_malformed_timestamp")),
        wh("negative TIMESTAMP", CHECKOUT, [["SIGNATURE", sig], ["TIMESTAMP", "-1758701681000"]],
           err("webhook_malformed_timestamp")),
        wh("empty TIMESTAMP", CHECKOUT, [["SIGNATURE", sig], ["TIMESTAMP", ""]], err("webhook_malformed_timestamp")),
        wh("valid signature, malformed JSON body", '{"eventId":"evt_1","eventType":',
           signed_headers('{"eventId":"evt_1","eventType":'), err("webhook_malformed_json")),
        wh("valid signature, empty body", "", signed_headers(""), err("webhook_malformed_json")),
        wh("valid signature, JSON without eventId", '{"eventType":"CHECKOUT_ORDER_CHANGED","data":{}}',
           signed_headers('{"eventType":"CHECKOUT_ORDER_CHANGED","data":{}}'), err("webhook_malformed_json")),
        wh("valid signature, known event type with an invalid amount", CHECKOUT.replace("989.19", '"-5"', 1),
           signed_headers(CHECKOUT.replace("989.19", '"-5"', 1)), err("webhook_malformed_json")),
    ]
    return {
        "description": (
            "Inbound webhooks (spec 6.2): the signature is standard Base64 of HMAC-SHA512(signKey, TIMESTAMP "
            "header text + raw body bytes), checked before the body is parsed. Fields: name; source (sdk or "
            "spec-computed; signatures computed with Python hmac by generate.py); signKey (the verifier's key); "
            "headers (list of [name, value] pairs in arrival order; names are matched case-insensitively, "
            "SIGNATURE/TIMESTAMP first, D-SIGNATURE/D-TIMESTAMP only when those are absent); body (the raw body, "
            "its UTF-8 bytes are what was signed); nowMs (the verifier's clock, milliseconds since the epoch); "
            "toleranceSec (allowed difference between TIMESTAMP and nowMs, both ways, inclusive); expect: either "
            "{ok: true, eventType, eventId, [timestamp: the body's own timestamp in seconds], data: {field: "
            "expected exact text}} where each data value is the field of the event's data object as text (JSON "
            "numbers by their literal digits, e.g. \"989.19\", strings as is), or {error: Error::code()}."
        ),
        "cases": cases,
    }


# --------------------------------------------------------------------------------------------------
# amounts.json
# --------------------------------------------------------------------------------------------------


def amounts():
    parse = [
        ("number 0.5", "0.5", "0.5"),
        ("number 0.50 keeps its trailing zero", "0.50", "0.50"),
        ("string 404.69", '"404.69"', "404.69"),
        ("string 1000.233567", '"1000.233567"', "1000.233567"),
        ("number 989.19", "989.19", "989.19"),
        ("number 0", "0", "0"),
        ("string 0", '"0"', "0"),
        ("number 0.00", "0.00", "0.00"),
        ("string 739.00", '"739.00"', "739.00"),
        ("number 100 (integer)", "100", "100"),
        ("smallest step 0.000001", "0.000001", "0.000001"),
        ("36 significant digits", "123456789012345678901234567890.123456", "123456789012345678901234567890.123456"),
        ("36 nines as a string", '"' + "9" * 36 + '"', "9" * 36),
        ("digits a binary double cannot hold", "0.30000000000000000001", "0.30000000000000000001"),
        ("more digits than a double, as a string", '"9007199254740993.01"', "9007199254740993.01"),
        ("exponent 1.5e2", "1.5e2", "150"),
        ("exponent upper-case 15E-3", "15E-3", "0.015"),
        ("exponent with plus 2.5e+1", "2.5e+1", "25"),
        ("exponent 1e0", "1e0", "1"),
        ("exponent 1e-36", "1e-36", "0." + "0" * 35 + "1"),
        ("exponent drops trailing fraction zeros 1.50e1", "1.50e1", "15"),
        ("exponent on zero 0e5", "0e5", "0"),
        ("exponent in a string", '"1.5e2"', "150"),
    ]
    rejects = [
        ("string NaN", '"NaN"'),
        ("string Infinity", '"Infinity"'),
        ("string -Infinity", '"-Infinity"'),
        ("negative number -1", "-1"),
        ("negative string -0.01", '"-0.01"'),
        ("negative zero", "-0"),
        ("plus sign", '"+1"'),
        ("empty string", '""'),
        ("leading space", '" 1"'),
        ("trailing space", '"1 "'),
        ("huge exponent 1e99999", "1e99999"),
        ("huge exponent as a string", '"1e99999"'),
        ("exponent out of range 1e40", "1e40"),
        ("too many digits after expanding 1e36", "1e36"),
        ("37 significant digits", "1" * 37),
        ("malformed exponent", '"1e"'),
        ("exponent without digits after sign", '"1e+"'),
        ("no digit before the point", '".5"'),
        ("no digit after the point", '"5."'),
        ("leading zero", '"01"'),
        ("hexadecimal", '"0x10"'),
        ("comma decimal separator", '"1,5"'),
        ("two points", '"1.2.3"'),
        ("letters", '"abc"'),
        ("thousands separator", '"1_000"'),
        ("non-ASCII digit", '"١"'),
        ("null", "null"),
        ("true", "true"),
        ("empty array", "[]"),
        ("empty object", "{}"),
        ("array with a number", "[1]"),
    ]
    return {
        "description": (
            "Exact decimal amounts (spec A6). `json` is the raw JSON text of one value handed to the SDK: a JSON "
            "number literal (keep its exact digits: never go through binary floating point; in Python use "
            "json.loads(text, parse_float=decimal.Decimal) or pass the text) or a JSON string holding decimal "
            "text. `parse` vectors: the SDK accepts the value and its canonical text is `canonical`; serialising "
            "the amount writes `canonical` as a JSON number; parsing `canonical` again gives the same text and "
            "value. Plain decimals keep their digits (0.50 stays 0.50); exponent forms are expanded to plain "
            "digits without trailing fraction zeros. `rejects` vectors: the SDK refuses the value with the "
            "Error::code() in `error`."
        ),
        "parse": [{"name": n, "json": j, "canonical": c} for n, j, c in parse],
        "rejects": [{"name": n, "json": j, "error": "invalid_amount"} for n, j in rejects],
    }


# --------------------------------------------------------------------------------------------------
# envelope.json
# --------------------------------------------------------------------------------------------------


def envelope():
    def ok(name, status, body, retdata):
        return {"name": name, "httpStatus": status, "body": body, "expect": {"ok": True, "retdata": retdata}}

    def api(name, status, body, retcode, retmsg):
        return {"name": name, "httpStatus": status, "body": body,
                "expect": {"error": "api_error", "retcode": retcode, "retmsg": retmsg, "httpStatus": status}}

    def decode(name, status, body):
        return {"name": name, "httpStatus": status, "body": body, "expect": {"error": "decode_error"}}

    cases = [
        ok("retcode as string", 200, '{"retcode":"200","retdata":{"orderNo":"A1"},"retmsg":""}', {"orderNo": "A1"}),
        ok("retcode as number", 200, '{"retcode":200,"retdata":{"orderNo":"A1"},"retmsg":""}', {"orderNo": "A1"}),
        ok("missing retmsg (GetCheckoutOrderInfo example)", 200,
           '{"retcode":"200","retdata":{"sysid":"OR1971467057612247041","orderStatus":"PAYING"}}',
           {"sysid": "OR1971467057612247041", "orderStatus": "PAYING"}),
        ok("null retmsg", 200, '{"retcode":"200","retdata":{"a":1},"retmsg":null}', {"a": 1}),
        ok("null retdata", 200, '{"retcode":"200","retdata":null,"retmsg":""}', None),
        ok("missing retdata", 200, '{"retcode":"200","retmsg":"ok"}', None),
        ok("extra success field and pretty printing", 200,
           '{\n  "retcode": 200,\n  "retdata": {"access_token": "Cji8NYO32ugrFJJkG7uCYiX2", "expires_in": 21600},\n'
           '  "success": true\n}',
           {"access_token": "Cji8NYO32ugrFJJkG7uCYiX2", "expires_in": 21600}),
        ok("retdata as an array", 200, '{"retcode":"200","retdata":[{"orderNo":"A1"}],"retmsg":""}',
           [{"orderNo": "A1"}]),
        api("business error retcode 00008 keeps its leading zeros", 200,
            '{"retcode":"00008","retmsg":"orderNo must be alphanumeric","retdata":null}', "00008",
            "orderNo must be alphanumeric"),
        api("access denied 00006", 200, '{"retcode":"00006","retmsg":"Access denied: Missing header [SIGNATURE]"}',
            "00006", "Access denied: Missing header [SIGNATURE]"),
        api("numeric error retcode", 200, '{"retcode":500,"retmsg":"internal error"}', "500", "internal error"),
        api("error without retmsg", 200, '{"retcode":"00008"}', "00008", ""),
        api("error with null retmsg", 200, '{"retcode":"00009","retmsg":null}', "00009", ""),
        api("HTTP 500 with a 200 retcode is an error", 500, '{"retcode":"200","retdata":{},"retmsg":""}', "200", ""),
        api("HTTP 401 with an error envelope", 401, '{"retcode":"00006","retmsg":"token expired"}', "00006",
            "token expired"),
        decode("non-JSON body", 200, "<html><body>502 Bad Gateway</body></html>"),
        decode("non-JSON body with HTTP 502", 502, "Bad Gateway"),
        decode("empty body", 200, ""),
        decode("JSON without retcode", 200, '{"retdata":{},"retmsg":""}'),
        decode("retcode of the wrong type", 200, '{"retcode":true,"retmsg":""}'),
        decode("JSON array instead of an object", 200, "[]"),
    ]
    return {
        "description": (
            "Response envelopes (spec 4.1): {retcode, retdata, retmsg}. Success is HTTP 200 and retcode 200, "
            "written as a number or a string. Fields: name; httpStatus; body (raw response body text); expect: "
            "{ok: true, retdata: the payload as JSON, null when absent or null} or {error: \"api_error\", "
            "retcode: the retcode as text exactly as sent (\"00008\"; a number becomes its digits), retmsg: the "
            "message (empty when missing or null), httpStatus} or {error: \"decode_error\"} when the body is not "
            "an envelope."
        ),
        "cases": cases,
    }


# enums.json

def enums():
    return {
        "description": (
            "Every enumeration of spec 5 with its known wire values, in the spec's order. Each binding's enum "
            "must know exactly these values (no more, no fewer). `notCodes` lists token texts that are NOT gateway "
            "codes (TRON is TRX_, WUSD is Ethereum-only): a request with one is refused by the sandbox with 00008, "
            "and a response carrying one keeps it verbatim as an unknown value."
        ),
        "token": ["ETH_USDT", "ETH_USDC", "ETH_WUSD", "TRX_USDT", "TRX_USDC", "SOL_USDT", "SOL_USDC"],
        "notCodes": ["TRON_USDT", "TRON_USDC", "TRON_WUSD", "SOL_WUSD"],
        "orderStatus": ["PAYING", "PAID", "CANCELLED", "REFUNDING", "PARTIAL_REFUNDED", "REFUNDED", "TIMEOUT"],
        "refundStatus": ["PENDING_REFUND", "REFUNDING", "REFUNDED", "CANCELLED", "FAILED"],
        "settleStatus": ["PENDING_SETTLEMENT", "SETTLING", "SETTLED", "FAILED", "REJECTED", "CANCELLED"],
        "abnormalPaymentType": ["OVER_PAID", "UNDER_PAID", "LATE_PAYMENT"],
        "abnormalPaymentStatus": ["PENDING", "HANDLED"],
        "eventType": ["CHECKOUT_ORDER_CHANGED", "REFUND_ORDER_CHANGED", "SETTLEMENT_ORDER_CHANGED", "ABNORMAL_PAYMENT"],
    }


FILES = {
    "enums.json": enums,
    "signing.json": signing,
    "webhook.json": webhook,
    "amounts.json": amounts,
    "envelope.json": envelope,
}


def render(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv) -> int:
    check = "--check" in argv[1:]
    stale = []
    for name, build in FILES.items():
        text = render(build())
        path = HERE / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run tests/vectors/generate.py):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
