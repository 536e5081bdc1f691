"""Receiving W Checkout webhooks in Flask: verify the RAW body, then act, then acknowledge.

Run: WCHECKOUT_SIGN_KEY=... flask --app flask_webhook:app run
"""

from __future__ import annotations

import os
from typing import Callable, Optional, Tuple, Union

from flask import Flask, Response, request

import wcheckout

Handler = Callable[[wcheckout.WebhookEvent], None]


def handle_event(event: wcheckout.WebhookEvent) -> None:
    """Your business logic. Deliveries can repeat: process each event_id once."""
    data = event.data
    if isinstance(data, wcheckout.CheckoutOrderChanged) and data.order_status is wcheckout.OrderStatus.PAID:
        print(f"order {data.order_no} paid: {data.order_amount} USD")
    elif isinstance(data, wcheckout.AbnormalPaymentDetected):
        print(f"abnormal payment on {data.order_no}: pending {data.pending_amount}")


def create_app(sign_key: str, on_event: Optional[Handler] = None) -> Flask:
    app = Flask(__name__)
    verifier = wcheckout.WebhookVerifier(sign_key)
    handler = on_event or handle_event

    @app.post("/webhooks/wcheckout")
    def wcheckout_webhook() -> Union[Response, Tuple[Response, int]]:
        try:
            # request.get_data() is the exact bytes received: never verify request.json re-serialised.
            event = verifier.verify(request.headers, request.get_data())
        except wcheckout.WebhookVerificationError as e:
            return Response(f'{{"error":"{e.code}"}}', mimetype="application/json"), 400
        handler(event)
        return Response(wcheckout.ACKNOWLEDGEMENT, mimetype="application/json")

    return app


app = create_app(os.environ.get("WCHECKOUT_SIGN_KEY", "demo_sign_key"))
