"""Exceptions raised by wcheckout. Every one derives from :class:`WCheckoutError`.

Each carries ``code`` (a stable machine-readable string), ``retcode``/``retmsg``/``http_status``
(for API errors, else ``None``), ``retryable`` and ``outcome_unknown``. Messages never contain a
secret.

``outcome_unknown`` is True when an attempt of the failed call may have reached the server and been
processed (a timeout after sending, a dropped connection, HTTP 5xx, an unreadable answer, or any
error after such an attempt was retried). Then repeat the identical call: a create answered
"duplicate" returns the object if it is this request's (otherwise ``IdempotencyConflictError``), and
a cancel of an already cancelled object returns it.
"""

from __future__ import annotations

import builtins
from typing import Any, Dict, List, Optional, Type

__all__ = [
    "WCheckoutError",
    "InvalidArgumentError",
    "InvalidAmountError",
    "SignatureError",
    "ResponseSignatureError",
    "WebhookVerificationError",
    "ApiError",
    "AuthError",
    "TransportError",
    "RequestTimeoutError",
    "DecodeError",
    "IdempotencyConflictError",
    "TokenStoreError",
    "InternalError",
    "error_class_for_code",
]


class WCheckoutError(Exception):
    """Base class of every error the SDK raises."""

    code: str
    retcode: Optional[str]
    retmsg: Optional[str]
    http_status: Optional[int]
    retryable: bool
    outcome_unknown: bool

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        retcode: Optional[str] = None,
        retmsg: Optional[str] = None,
        http_status: Optional[int] = None,
        retryable: bool = False,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.retcode = retcode
        self.retmsg = retmsg
        self.http_status = http_status
        self.retryable = retryable
        self.outcome_unknown = outcome_unknown

    def __eq__(self, other: object) -> bool:
        """Errors of one class with the same message and attributes are equal (so an error
        compares equal to itself after a pickle round trip, e.g. through Celery or
        ``multiprocessing``)."""
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, WCheckoutError)
        return self.args == other.args and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), self.args, self.code, self.retcode))

    def __repr__(self) -> str:
        extra = ""
        if self.retcode is not None:
            extra = f", retcode={self.retcode!r}, http_status={self.http_status!r}"
        return f"{type(self).__name__}({str(self)!r}, code={self.code!r}{extra})"


class InvalidArgumentError(WCheckoutError, ValueError):
    """A value passed to the SDK is unusable (code ``invalid_argument``)."""


class InvalidAmountError(InvalidArgumentError):
    """An amount is not an exact, finite, non-negative decimal (code ``invalid_amount``)."""


class SignatureError(WCheckoutError):
    """A request signature did not match (code ``signature_mismatch``)."""


class ResponseSignatureError(SignatureError):
    """A response signature was missing under ``required`` or did not match (``response_signature``)."""


class WebhookVerificationError(WCheckoutError):
    """A webhook failed verification or parsing (codes ``webhook_*``): answer it with HTTP 400."""


class ApiError(WCheckoutError):
    """The API answered with a business error (``retcode`` other than 200) or a non-200 status."""


class AuthError(WCheckoutError):
    """The access token could not be obtained or was refused (code ``auth_error``)."""


class TransportError(WCheckoutError, builtins.ConnectionError):
    """The connection failed (code ``transport_error``)."""


class RequestTimeoutError(TransportError, builtins.TimeoutError):
    """The connect or overall timeout elapsed (code ``timeout``)."""


class DecodeError(WCheckoutError):
    """A response could not be decoded (code ``decode_error``)."""


class IdempotencyConflictError(WCheckoutError):
    """A create was answered "duplicate" and the object stored under that number differs from the
    request (code ``idempotency_conflict``): it is someone else's object, never a success.

    ``existing`` is the stored object (``CheckoutOrder``, ``RefundOrder`` or ``SettlementOrder``);
    ``differences`` names the differing fields (wire names, e.g. ``["address"]``).
    """

    existing: Any
    differences: List[str]

    def __init__(self, message: str, *, existing: Any = None, differences: Optional[List[str]] = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.existing = existing
        self.differences = list(differences or [])


class TokenStoreError(WCheckoutError):
    """A shared store (``token_store=``, ``EventDeduplicator`` or a reconciler's watch list:
    ``file://…``, ``redis://…``) could not be used (code ``token_store``). The call was not sent;
    ``retryable`` is True. The message names the store, never its password.
    """


class InternalError(WCheckoutError):
    """A bug in wcheckout (a caught panic, code ``internal``). Please report it."""


_CLASS_BY_CODE: Dict[str, Type[WCheckoutError]] = {
    "invalid_argument": InvalidArgumentError,
    "invalid_amount": InvalidAmountError,
    "signature_mismatch": SignatureError,
    "response_signature": ResponseSignatureError,
    "webhook_missing_header": WebhookVerificationError,
    "webhook_malformed_timestamp": WebhookVerificationError,
    "webhook_outside_tolerance": WebhookVerificationError,
    "webhook_signature_mismatch": WebhookVerificationError,
    "webhook_malformed_json": WebhookVerificationError,
    "api_error": ApiError,
    "auth_error": AuthError,
    "transport_error": TransportError,
    "timeout": RequestTimeoutError,
    "decode_error": DecodeError,
    "idempotency_conflict": IdempotencyConflictError,
    "token_store": TokenStoreError,
    "internal": InternalError,
}


def error_class_for_code(code: str) -> Type[WCheckoutError]:
    """The exception class raised for a core error code (``WCheckoutError`` for unknown codes)."""
    return _CLASS_BY_CODE.get(code, WCheckoutError)
