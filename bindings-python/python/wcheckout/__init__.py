"""wcheckout: the W Checkout (StableLink) stablecoin payment API for Python.

A thin layer over one audited Rust core: request signing, webhook verification, exact money
(``decimal.Decimal``) and a thread-safe blocking client that releases the GIL during every
network call. ``wcheckout.aio.AsyncClient`` offers the same operations as awaitables.
"""

from __future__ import annotations

from . import enums, errors, fleet, models
from ._native import (
    ACKNOWLEDGEMENT,
    DEFAULT_WEBHOOK_TOLERANCE,
    ERROR_CODES,
    VERSION,
    CancelToken,
    Client,
    Page,
    PageIterator,
    Signer,
    WebhookEvent,
    WebhookVerifier,
    amount_text,
    canonicalize_json,
    now_millis,
    parse_amount,
    parse_envelope,
    sign_request,
    sign_webhook_for_test,
    string_to_sign,
)
from .fleet import EventDeduplicator, ReconcilePoll, Reconciler, ReconcilerThread
from .models import (
    AbnormalPayment,
    AbnormalPaymentDetected,
    CheckoutOrder,
    CheckoutOrderChanged,
    CreatedCheckoutOrder,
    RefundOrder,
    RefundOrderChanged,
    SettlementOrder,
    SettlementOrderChanged,
)
from .enums import (
    AbnormalPaymentStatus,
    AbnormalPaymentType,
    EventType,
    OrderStatus,
    RefundStatus,
    SettleStatus,
    Token,
)
from .errors import (
    ApiError,
    AuthError,
    DecodeError,
    IdempotencyConflictError,
    InternalError,
    InvalidAmountError,
    InvalidArgumentError,
    RequestTimeoutError,
    ResponseSignatureError,
    SignatureError,
    TokenStoreError,
    TransportError,
    WCheckoutError,
    WebhookVerificationError,
)

__version__ = VERSION

#: The body to answer a verified webhook with (HTTP 200, ``Content-Type: application/json``).
ACKNOWLEDGEMENT_BYTES: bytes = ACKNOWLEDGEMENT.encode()

__all__ = [
    "ACKNOWLEDGEMENT",
    "ACKNOWLEDGEMENT_BYTES",
    "DEFAULT_WEBHOOK_TOLERANCE",
    "ERROR_CODES",
    "VERSION",
    "AbnormalPayment",
    "AbnormalPaymentDetected",
    "AbnormalPaymentStatus",
    "AbnormalPaymentType",
    "ApiError",
    "AuthError",
    "CheckoutOrder",
    "CheckoutOrderChanged",
    "CancelToken",
    "Client",
    "CreatedCheckoutOrder",
    "DecodeError",
    "EventDeduplicator",
    "EventType",
    "IdempotencyConflictError",
    "InternalError",
    "InvalidAmountError",
    "InvalidArgumentError",
    "OrderStatus",
    "Page",
    "PageIterator",
    "ReconcilePoll",
    "Reconciler",
    "ReconcilerThread",
    "RefundOrder",
    "RefundOrderChanged",
    "RefundStatus",
    "RequestTimeoutError",
    "ResponseSignatureError",
    "SettleStatus",
    "SettlementOrder",
    "SettlementOrderChanged",
    "SignatureError",
    "Signer",
    "Token",
    "TokenStoreError",
    "TransportError",
    "WCheckoutError",
    "WebhookEvent",
    "WebhookVerificationError",
    "WebhookVerifier",
    "amount_text",
    "canonicalize_json",
    "enums",
    "errors",
    "fleet",
    "models",
    "now_millis",
    "parse_amount",
    "parse_envelope",
    "sign_request",
    "sign_webhook_for_test",
    "string_to_sign",
]
