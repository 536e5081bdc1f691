"""Signing and verifying by hand (the client does this for you on every call)."""

from __future__ import annotations

import wcheckout

# The official vector from the W Checkout documentation.
signature = wcheckout.sign_request(
    "aR2822Y6XbehWMclnB0Y2NJK", "POST", "1636360661729", "/openapi/test", body=b'{"a":"124"}'
)
assert signature.startswith("MxrYnCm9Q7JOAvOrISf8")

signer = wcheckout.Signer("aR2822Y6XbehWMclnB0Y2NJK")  # keyed once, reuse it
ts = str(wcheckout.now_millis())
sig = signer.sign("GET", ts, "/checkout/order/info", "orderNo=A1")
signer.verify(sig, "GET", ts, "/checkout/order/info", "orderNo=A1")

# A webhook as W Checkout would send it, for your own tests.
body = b'{"eventId":"evt_1","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}'
headers = wcheckout.sign_webhook_for_test("my_sign_key", body)
event = wcheckout.WebhookVerifier("my_sign_key").verify(headers, body)
print(event.event_type, event.data)
