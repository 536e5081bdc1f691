"""Receiving W Checkout webhooks in FastAPI (or any ASGI framework): verify the raw body.

Type-checked without FastAPI installed: the handler only needs the raw body and the headers.
With FastAPI:

    @app.post("/webhooks/wcheckout")
    async def hook(request: Request) -> Response:
        status, body = await receive(dict(request.headers), await request.body())
        return Response(body, status_code=status, media_type="application/json")
"""

from __future__ import annotations

from typing import Mapping, Tuple

import wcheckout

verifier = wcheckout.WebhookVerifier("demo_sign_key", tolerance=120)
seen: set[str] = set()


async def receive(headers: Mapping[str, str], raw_body: bytes) -> Tuple[int, str]:
    """Returns (HTTP status, body) for one delivery."""
    try:
        event = verifier.verify(headers, raw_body)
    except wcheckout.WebhookVerificationError as e:
        return 400, f'{{"error":"{e.code}"}}'
    if event.event_id not in seen:  # deliveries repeat: process each event once
        seen.add(event.event_id)
        if isinstance(event.data, wcheckout.RefundOrderChanged):
            print(f"refund {event.data.refund_order_no} is {event.data.refund_status}")
    return 200, wcheckout.ACKNOWLEDGEMENT
