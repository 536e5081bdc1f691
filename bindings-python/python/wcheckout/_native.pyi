"""Type stubs for the native module ``wcheckout._native`` (the Rust core, via PyO3)."""

from datetime import timedelta
from os import PathLike
from decimal import Decimal
from typing import (
    Any,
    Callable,
    Dict,
    Generic,
    final,
    Iterable,
    Iterator,
    List,
    Mapping,
    NoReturn,
    Optional,
    Sequence,
    Tuple,
    TypeVar,
    Union,
)

from typing_extensions import disjoint_base

from .enums import (
    AbnormalPaymentStatus,
    AbnormalPaymentType,
    EventType,
    OrderStatus,
    RefundStatus,
    SettleStatus,
    Token,
)
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

_AmountLike = Union[Decimal, str, int]
_Seconds = Union[int, float, timedelta]
_RawBody = Union[bytes, bytearray, memoryview]
_T = TypeVar("_T")
_HeadersLike = Union[Mapping[str, str], Iterable[Tuple[Union[str, bytes], Union[str, bytes]]]]

__all__ = [
    "_panic_for_test",
    "VERSION",
    "ERROR_CODES",
    "ACKNOWLEDGEMENT",
    "DEFAULT_WEBHOOK_TOLERANCE",
    "CancelToken",
    "Client",
    "PageIterator",
    "Page",
    "WebhookEvent",
    "WebhookVerifier",
    "Signer",
    "EventDeduplicator",
    "Reconciler",
    "ReconcilePoll",
    "sign_request",
    "string_to_sign",
    "sign_webhook_for_test",
    "parse_envelope",
    "canonicalize_json",
    "parse_amount",
    "amount_text",
    "now_millis",
    "enum_values",
    "model_schema",
    "NativeSandbox",
    "NativeInbox",
]

VERSION: str
"""The core version, as sent in the ``User-Agent``."""
ERROR_CODES: List[str]
"""Every stable ``code`` an error can carry."""
ACKNOWLEDGEMENT: str
"""The body to answer a verified webhook with (HTTP 200, ``application/json``)."""
DEFAULT_WEBHOOK_TOLERANCE: int
"""Default allowed difference between a webhook's ``TIMESTAMP`` and now, in seconds (120)."""

_EventData = Union[
    CheckoutOrderChanged, RefundOrderChanged, SettlementOrderChanged, AbnormalPaymentDetected, Dict[str, Any]
]

@final
class Page(Generic[_T]):
    """One page of a list call; iterating it yields its items."""

    def __class_getitem__(cls, key: Any) -> Any: ...
    @property
    def items(self) -> List[_T]:
        """The items on this page."""
    @property
    def total(self) -> int:
        """Total number of items across all pages."""
    @property
    def page_num(self) -> int:
        """This page's number, from 1."""
    @property
    def page_size(self) -> int:
        """The page size used."""
    @property
    def has_more(self) -> bool:
        """True when later pages may hold more items."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_T]: ...

@final
class PageIterator(Generic[_T]):
    """Every item of a list call, fetching pages (with the GIL released) as iteration advances.
    Raises a failed page's error once, then stops."""

    def __class_getitem__(cls, key: Any) -> Any: ...
    def __iter__(self) -> PageIterator[_T]: ...
    def __next__(self) -> _T: ...
    @property
    def total(self) -> Optional[int]:
        """The total reported by the last page fetched (``None`` before the first fetch)."""

@final
class WebhookEvent:
    """A verified webhook event."""

    @property
    def event_id(self) -> str:
        """``evt_…``: deliveries may repeat, so process each id once."""
    @property
    def event_type(self) -> EventType:
        """The event type (unknown types are kept, with ``is_known`` False)."""
    @property
    def timestamp(self) -> int:
        """The body's own ``timestamp``, in seconds."""
    @property
    def data(self) -> _EventData:
        """The typed payload (a model); a dict for event types this SDK does not know."""
    @property
    def raw(self) -> Dict[str, Any]:
        """The whole event as parsed JSON (integers as ``int``, other numbers as ``Decimal``)."""
    @property
    def dedupe_key(self) -> str:
        """The key to claim in an ``EventDeduplicator``: the same for a webhook delivery and the
        reconciler's event of one change."""
    @property
    def is_reconciled(self) -> bool:
        """True for an event the ``Reconciler`` made from a poll (not a webhook delivery)."""

@final
class WebhookVerifier:
    """Verifies webhook deliveries signed with one ``sign_key``, then parses them.

    ``tolerance`` (seconds or ``timedelta``, default 120) is the allowed difference between the
    ``TIMESTAMP`` header and now, both ways. Failures raise ``WebhookVerificationError``: answer such
    a delivery with HTTP 400.
    """

    def __new__(cls, sign_key: str, *, tolerance: Optional[_Seconds] = None) -> WebhookVerifier: ...
    @property
    def tolerance(self) -> float:
        """The allowed clock difference, in seconds."""
    def verify(self, headers: _HeadersLike, body: _RawBody) -> WebhookEvent:
        """Checks the signature of the raw ``body`` (bytes exactly as received, never re-serialised
        JSON) against the current clock, then parses the event."""
    def verify_at(self, headers: _HeadersLike, body: _RawBody, now_ms: int) -> WebhookEvent:
        """Like ``verify``, as if the time were ``now_ms`` (milliseconds since the epoch)."""
    def verify_signature(self, headers: _HeadersLike, body: _RawBody, now_ms: Optional[int] = None) -> None:
        """Checks headers, time window and signature only (no parsing); raises on failure."""

@final
class EventDeduplicator:
    """Claims event keys so that each event is processed by exactly one worker (see the README's
    webhook section): ``claim(key)`` is True for exactly one caller across every process sharing
    the store, until ``release(key)`` or the TTL (default 7 days).
    """

    def __new__(
        cls,
        url: str = "memory",
        *,
        ttl: Optional[_Seconds] = None,
        namespace: Optional[str] = None,
        timeout: Optional[_Seconds] = None,
    ) -> EventDeduplicator: ...
    def claim(self, key: str) -> bool:
        """True for exactly one caller per key until it is released or expires."""
    def release(self, key: str) -> None:
        """Gives the key up (call it when processing failed, so the retry is processed)."""
    @property
    def ttl(self) -> float:
        """How long a claim holds, in seconds."""
    @property
    def url(self) -> str:
        """The store URL, without its password."""

@final
class ReconcilePoll:
    """What one poll found.
    """

    @property
    def events(self) -> List[WebhookEvent]:
        """``WebhookEvent`` per status change (``event_id`` starts with ``rcn:``)."""
    @property
    def failures(self) -> List[Tuple[Dict[str, Any], Exception]]:
        """``(watched, error)`` pairs: lookups that failed (the entries stay)."""
    @property
    def expired(self) -> List[Dict[str, Any]]:
        """Entries dropped for age, not polled."""
    @property
    def polled(self) -> int:
        """Objects looked up."""
    @property
    def deferred(self) -> int:
        """Objects not looked up because a retryable failure (rate limit, outage) stopped the poll."""
    @property
    def skipped(self) -> bool:
        """True when another worker was polling this watch list, so this poll did nothing."""

@disjoint_base
class Reconciler:
    """Polls the orders, refunds and settlements you wait on and reports their status changes as
    the same :class:`~wcheckout.WebhookEvent` a webhook would carry (same ``dedupe_key``).
    
    ``Reconciler(client, store="redis://…", max_age=7200, concurrency=4)``: the watch list lives in
    ``store`` (``memory``, ``file:///dir``, ``redis://…``), so any worker can register numbers
    (``watch_order``, ``watch_refund``, ``watch_settlement``) and any can poll; one polls at a time.
    """

    def __new__(
        cls,
        client: Client,
        *,
        store: str = "memory",
        max_age: Optional[_Seconds] = None,
        concurrency: int = 4,
    ) -> Reconciler: ...
    def watch_order(self, order_no: str) -> None:
        """Waits on a payment order (until it is no longer ``PAYING``)."""
    def watch_refund(self, refund_order_no: str) -> None:
        """Waits on a refund order (until it is final)."""
    def watch_settlement(self, settlement_order_no: str) -> None:
        """Waits on a settlement order (until it is final)."""
    def unwatch(self, kind: str, number: str) -> bool:
        """Stops waiting on an object (``kind``: ``order``, ``refund`` or ``settlement``)."""
    def watched(self) -> List[Dict[str, Any]]:
        """Every object waited on, as dicts (``kind``, ``number``, ``added_at_ms``, ``last_status``)."""
    def poll(self) -> ReconcilePoll:
        """Looks every watched object up once; acknowledges nothing (see ``ack``)."""
    def ack(self, event: WebhookEvent) -> None:
        """Records that an event (from ``poll`` or a webhook) was handled: its object's status
        advances, and an object no longer waited for leaves the list."""
    def run_once(self, handler: Optional[Callable[[WebhookEvent], object]] = None) -> ReconcilePoll:
        """Polls and hands each event to ``handler`` (called with the GIL held); an event is
        acknowledged when the handler returns, and reported again by the next run when it raises.
        Without a handler every event is acknowledged at once. After the run, the first exception
        a handler raised is raised again."""

@final
class Signer:
    """A request signer keyed once with ``sign_key`` (reuse it: signing then costs only the message).
    ``query_prefix``: ``"none"`` (default) or ``"question_mark"`` between path and query in the
    signed text."""

    def __new__(cls, sign_key: str, *, query_prefix: str = "none") -> Signer: ...
    def sign(
        self, method: str, timestamp: str, path: str, query: str = "", body: Union[str, _RawBody, None] = None
    ) -> str:
        """The ``SIGNATURE``: Base64(HMAC-SHA512(sign_key, METHOD + TIMESTAMP + PATH + QUERY + BODY))."""
    def verify(
        self,
        signature: str,
        method: str,
        timestamp: str,
        path: str,
        query: str = "",
        body: Union[str, _RawBody, None] = None,
    ) -> None:
        """Checks ``signature`` in constant time; raises ``SignatureError`` on mismatch."""

def sign_request(
    sign_key: str,
    method: str,
    timestamp: str,
    path: str,
    query: str = "",
    body: Union[str, _RawBody, None] = None,
    *,
    query_prefix: str = "none",
) -> str:
    """One-shot request signature (keep a ``Signer`` for repeated use)."""

def string_to_sign(
    method: str,
    timestamp: str,
    path: str,
    query: str = "",
    body: Union[str, _RawBody, None] = None,
    *,
    query_prefix: str = "none",
) -> bytes:
    """The exact bytes that are signed for a request."""

def sign_webhook_for_test(sign_key: str, body: _RawBody, timestamp_ms: Optional[int] = None) -> Dict[str, str]:
    """Signs a webhook body as W Checkout does, for tests: returns ``{"SIGNATURE": …, "TIMESTAMP": …}``."""

def parse_envelope(body: Union[str, _RawBody], http_status: int = 200) -> Any:
    """Opens a ``{retcode, retdata, retmsg}`` envelope: returns ``retdata`` (None when absent) or
    raises ``ApiError`` / ``DecodeError``."""

def canonicalize_json(text: str) -> str:
    """JSON text made canonical: whitespace outside strings removed, everything else kept."""

def parse_amount(value: _AmountLike) -> Decimal:
    """An amount (Decimal, str or int) validated and returned as ``Decimal`` with its canonical digits."""

def amount_text(value: _AmountLike) -> str:
    """The canonical text of an amount, as written in JSON bodies."""

def now_millis() -> int:
    """Milliseconds since the Unix epoch (the ``TIMESTAMP`` header value)."""

def enum_values() -> Dict[str, List[str]]:
    """The known wire values of each enum, from the core (keeps ``wcheckout.enums`` in sync)."""

def model_schema() -> str:
    """The core's model schema as JSON text (what ``wcheckout.models`` is generated from)."""

def _panic_for_test(message: str) -> None:
    """Panics inside the binding's guard (tests prove it surfaces as ``InternalError``)."""

@final
class CancelToken:
    """Stops the calls of the clients made with ``Client.with_options(cancel=token)`` from making
    further attempts: a call waiting to retry stops at once, a call in flight stops after its
    current attempt, raising :class:`wcheckout.TransportError` (``outcome_unknown`` says whether an
    attempt may have been processed). Thread-safe."""

    def __init__(self) -> None: ...
    def cancel(self) -> None:
        """Sets the token: no further attempts for the calls that carry it. Idempotent."""
    @property
    def cancelled(self) -> bool:
        """Whether ``cancel()`` was called."""

@final
class Client:
    """The W Checkout API client. Thread-safe: share one instance; every network call releases the GIL.

    Arguments (keyword-only): ``api_key``, ``api_secret``, ``sign_key`` (the three credentials);
    ``environment`` (``"sandbox"`` (default) or ``"production"``) or ``base_url`` (any other URL, e.g.
    the local sandbox); ``timeout`` (one attempt, default 30 s) and ``connect_timeout`` (10 s), in
    seconds or ``timedelta``; ``max_retries`` (default 2: timeouts, dropped connections, HTTP 429/5xx);
    ``response_signature`` (``"off"``, ``"if_present"`` (default), ``"required"``);
    ``response_tolerance`` (signed-response freshness, default 120 s); ``user_agent_suffix``;
    ``ca_bundle`` (a PEM file of CAs trusted in addition to the system's); ``proxy`` (a proxy URL, or
    ``"direct"``; default: ``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``ALL_PROXY``) and ``no_proxy``
    (``NO_PROXY`` syntax); ``log_bodies`` (put queries and bodies into the ``wcheckout`` logger's
    DEBUG records).

    The client fetches, caches and refreshes the access token, signs every request, checks response
    signatures and retries with backoff. Errors are ``WCheckoutError`` subclasses. It cannot be
    pickled (it holds the secrets and connections): make one per process.
    """

    def __new__(
        cls,
        *,
        api_key: str,
        api_secret: str,
        sign_key: str,
        environment: str = "sandbox",
        base_url: Optional[str] = None,
        timeout: Optional[_Seconds] = None,
        connect_timeout: Optional[_Seconds] = None,
        max_retries: int = 2,
        response_signature: str = "if_present",
        user_agent_suffix: Optional[str] = None,
        response_tolerance: Optional[_Seconds] = None,
        token_store: Optional[str] = None,
        token_store_fallback: bool = False,
        ca_bundle: Union[str, PathLike[str], None] = None,
        proxy: Optional[str] = None,
        no_proxy: Optional[str] = None,
        log_bodies: bool = False,
    ) -> Client: ...
    def with_options(
        self,
        *,
        timeout: Optional[_Seconds] = None,
        max_retries: Optional[int] = None,
        cancel: Optional[CancelToken] = None,
    ) -> Client:
        """A client for one call or a group of calls with another ``timeout`` (one attempt, seconds or
        ``timedelta``) or ``max_retries`` (0 to 10), sharing this client's connections and access
        token. ``None`` keeps this client's setting. ``cancel``: a :class:`CancelToken` that stops
        the new client's calls from making further attempts once cancelled."""
    def __reduce__(self) -> NoReturn:
        """Refuses: a client holds the API secrets and open connections (``TypeError``)."""
    @property
    def base_url(self) -> str:
        """The base URL requests go to."""
    @property
    def user_agent(self) -> str:
        """The ``User-Agent`` sent."""
    @property
    def token_store(self) -> str:
        """Where the access token is kept: ``memory``, ``file://…`` or ``redis://…`` (no password)."""
    def clear_token(self) -> None:
        """Forgets the cached access token; the next call fetches a new one."""
    def create_checkout_order(
        self,
        *,
        order_no: str,
        order_amount: _AmountLike,
        customer_id: str,
        token: Union[Token, str],
        merchant_id: Optional[str] = None,
        fiat: Optional[str] = None,
        expired_in: Optional[int] = None,
        pc_callback_url: Optional[str] = None,
        app_callback_url: Optional[str] = None,
        forwarded_for: Optional[str] = None,
    ) -> CreatedCheckoutOrder:
        """Creates a payment order and returns where and what the customer pays: the payment URL,
        the receiving address and the exact amount in the chosen token. The order number is the
        idempotency key: repeating the identical request (for example after an error whose outcome
        is unknown) returns the order created first, and a different request under a number already
        used fails with an idempotency conflict carrying the stored order. The optional
        forwarded-for value is the paying customer's IP address, sent as ``X-Forwarded-For``.

        HTTP: ``POST /checkout/order/create``.
        """
    def cancel_checkout_order(self, order_no: str) -> CheckoutOrder:
        """Cancels an unpaid order and returns it. Idempotent: an order already ``CANCELLED`` (an
        earlier attempt landed) is returned as it is. A paid order cannot be cancelled: refund it
        instead.

        HTTP: ``GET /checkout/order/cancel``.
        """
    def get_checkout_order_info(self, order_no: str) -> CheckoutOrder:
        """Returns one order by its merchant order number: status, amounts, token, payment and
        refund details. An unknown number fails with an API error, retcode ``00010``.

        HTTP: ``GET /checkout/order/info``.
        """
    def list_checkout_orders(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        order_status: Union[OrderStatus, str, None] = None,
        customer_id: Optional[str] = None,
        merchant_id: Optional[str] = None,
    ) -> Page[CheckoutOrder]:
        """Returns one page of orders matching the filter (status, customer, merchant), with the
        total count. Page numbers start at 1; use the iterating variant to walk every page.

        HTTP: ``POST /checkout/order/list``.
        """
    def iter_checkout_orders(
        self,
        *,
        page_size: Optional[int] = None,
        order_status: Union[OrderStatus, str, None] = None,
        customer_id: Optional[str] = None,
        merchant_id: Optional[str] = None,
    ) -> PageIterator[CheckoutOrder]:
        """Every order matching the filter, across all pages: each page is fetched (one call) when
        the iteration reaches it. A failing page fetch raises its error once, then the iteration
        stops.

        HTTP: ``POST /checkout/order/list``.
        """
    def create_refund_order(
        self,
        *,
        refund_order_no: str,
        amount: _AmountLike,
        order_no: Optional[str] = None,
        abnormal_payment_no: Optional[str] = None,
        address: Optional[str] = None,
        remark: Optional[str] = None,
    ) -> RefundOrder:
        """Refunds part or all of a paid order (or an abnormal payment) and returns the refund
        order; a destination address is given where the API asks for one. The refund order number is
        the idempotency key: repeating the identical request returns the refund created first; a
        different request under that number fails with an idempotency conflict.

        HTTP: ``POST /checkout/refund-order/create``.
        """
    def cancel_refund_order(self, refund_order_no: str) -> RefundOrder:
        """Cancels a refund that has not been sent yet and returns it. Idempotent: a refund already
        ``CANCELLED`` is returned as it is.

        HTTP: ``GET /checkout/refund-order/cancel``.
        """
    def get_refund_order_info(self, refund_order_no: str) -> RefundOrder:
        """Returns one refund order by its refund order number. An unknown number fails with an API
        error, retcode ``00010``.

        HTTP: ``GET /checkout/refund-order/info``.
        """
    def list_refund_orders(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        refund_status: Union[RefundStatus, str, None] = None,
    ) -> Page[RefundOrder]:
        """Returns one page of refund orders matching the filter (order number, status), with the
        total count.

        HTTP: ``POST /checkout/refund-order/list``.
        """
    def iter_refund_orders(
        self,
        *,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        refund_status: Union[RefundStatus, str, None] = None,
    ) -> PageIterator[RefundOrder]:
        """Every refund order matching the filter, across all pages: each page is fetched (one call)
        when the iteration reaches it. A failing page fetch raises its error once, then the
        iteration stops.

        HTTP: ``POST /checkout/refund-order/list``.
        """
    def create_settlement_order(
        self,
        *,
        settlement_order_no: str,
        token: Union[Token, str],
        address: str,
        amount: _AmountLike,
        merchant_id: Optional[str] = None,
        order_nos: Optional[Sequence[str]] = None,
    ) -> SettlementOrder:
        """Pays out part of the merchant balance in a stablecoin to an on-chain address and returns
        the settlement order. The settlement order number is the idempotency key: repeating the
        identical request returns the settlement created first; a different request under that
        number fails with an idempotency conflict.

        HTTP: ``POST /checkout/settlement/create``.
        """
    def create_fiat_settlement_order(
        self,
        *,
        settlement_order_no: str,
        token: Union[Token, str],
        amount: _AmountLike,
        fiat: str,
        bank_account_id: str,
        merchant_id: Optional[str] = None,
        remark: Optional[str] = None,
    ) -> SettlementOrder:
        """Converts part of the merchant balance to fiat and remits it to a registered bank account;
        returns the settlement order. Idempotent by settlement order number, as for a stablecoin
        settlement.

        HTTP: ``POST /checkout/settlement/fiat/create``.
        """
    def cancel_settlement_order(self, settlement_order_no: str) -> SettlementOrder:
        """Cancels a settlement that has not been processed yet and returns it. Idempotent: a
        settlement already ``CANCELLED`` is returned as it is.

        HTTP: ``GET /checkout/settlement/cancel``.
        """
    def get_settlement_order(self, settlement_order_no: str) -> SettlementOrder:
        """Returns one settlement order by its settlement order number. An unknown number fails with
        an API error, retcode ``00010``.

        HTTP: ``GET /checkout/settlement/info``.
        """
    def list_settlement_orders(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        settle_status: Union[SettleStatus, str, None] = None,
    ) -> Page[SettlementOrder]:
        """Returns one page of settlement orders matching the filter (status), with the total count.

        HTTP: ``POST /checkout/settlement/list``.
        """
    def iter_settlement_orders(
        self, *, page_size: Optional[int] = None, settle_status: Union[SettleStatus, str, None] = None
    ) -> PageIterator[SettlementOrder]:
        """Every settlement order matching the filter, across all pages: each page is fetched (one
        call) when the iteration reaches it. A failing page fetch raises its error once, then the
        iteration stops.

        HTTP: ``POST /checkout/settlement/list``.
        """
    def list_abnormal_payments(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        status: Union[AbnormalPaymentStatus, str, None] = None,
    ) -> Page[AbnormalPayment]:
        """Returns one page of abnormal payments (over-, under- and late payments) matching the
        filter (order number, status), with the total count. Refund one with the abnormal-payment
        refund call.

        HTTP: ``POST /checkout/abnormal-payment/list``.
        """
    def iter_abnormal_payments(
        self,
        *,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        status: Union[AbnormalPaymentStatus, str, None] = None,
    ) -> PageIterator[AbnormalPayment]:
        """Every abnormal payment matching the filter, across all pages: each page is fetched (one
        call) when the iteration reaches it. A failing page fetch raises its error once, then the
        iteration stops.

        HTTP: ``POST /checkout/abnormal-payment/list``.
        """
    def create_abnormal_payment_refund(
        self,
        *,
        refund_order_no: str,
        order_no: str,
        tx_hash: str,
        token: Union[Token, str],
        remark: Optional[str] = None,
    ) -> RefundOrder:
        """Refunds an abnormal payment (an over-, under- or late payment), identified by its order
        and transaction hash, and returns the refund order. Idempotent by refund order number.

        HTTP: ``POST /checkout/abnormal-payment/refund``.
        """
    def request(
        self,
        method: str,
        path: str,
        query: Union[Mapping[str, str], Sequence[Tuple[str, str]], None] = None,
        body: Any = None,
    ) -> Any:
        """Signs and sends any call, for a path the SDK does not model; returns ``retdata`` as Python
        values (numbers exact: ``int`` or ``Decimal``). ``query`` pairs are signed in order and sent
        percent-encoded; ``body`` is a dict/list (serialised) or JSON text (made canonical)."""
    def call(self, operation: str, params: Optional[Dict[str, Any]] = None) -> Any:
        """Calls an operation by its snake_case name (``"get_checkout_order_info"``) with wire
        (camelCase) parameters; returns the result as Python values."""

# The embedded sandbox (feature `testing`); `wcheckout.testing` is the public API over these.

@final
class NativeSandbox:
    def __new__(
        cls,
        *,
        api_key: str,
        api_secret: str,
        sign_key: str,
        webhook_url: Optional[str] = None,
        token_policy: str = "supersede",
        response_signature: str = "full",
        time_scale: float = 0.001,
        exchange_rate: Optional[_AmountLike] = None,
        token_ttl: int = 21600,
        port: int = 0,
    ) -> NativeSandbox: ...
    @property
    def url(self) -> str: ...
    @property
    def stopped(self) -> bool: ...
    def stop(self) -> None: ...
    def pay(
        self, order_no: str, amount: _AmountLike, tx_hash: Optional[str] = None
    ) -> Tuple[CheckoutOrder, str, Optional[AbnormalPayment]]: ...
    def move_refund(self, refund_order_no: str, action: str) -> RefundOrder: ...
    def move_settlement(self, settlement_order_no: str, action: str) -> SettlementOrder: ...
    def advance_clock(self, seconds: int) -> Tuple[int, str]: ...
    def clock(self) -> Tuple[int, str]: ...
    def add_fault(
        self,
        kind: str,
        *,
        path: Optional[str] = None,
        method: Optional[str] = None,
        count: int = 1,
        delay_ms: Optional[int] = None,
        retry_after: Optional[int] = None,
        event_type: Optional[str] = None,
    ) -> None: ...
    def clear_faults(self) -> None: ...
    def expire_token(self) -> bool: ...
    def set_webhook_url(self, url: Optional[str]) -> None: ...
    def webhook_url(self) -> Optional[str]: ...
    def webhook_deliveries(self) -> List[Dict[str, Any]]: ...
    def state(self) -> Any: ...
    def reset(self) -> None: ...
    def control(self, method: str, path: str, body: Optional[str] = None) -> Any: ...
    def webhook_inbox(self) -> NativeInbox: ...

@final
class NativeInbox:
    def __new__(cls, sign_key: str, *, tolerance: Optional[_Seconds] = None) -> NativeInbox: ...
    @property
    def url(self) -> str: ...
    @property
    def stopped(self) -> bool: ...
    def next(self, start: int, timeout: _Seconds) -> Optional[Tuple[int, WebhookEvent]]: ...
    def received(self) -> List[Tuple[int, WebhookEvent]]: ...
    def rejected(self) -> List[Tuple[str, str, bytes]]: ...
    def clear(self) -> None: ...
    def stop(self) -> None: ...
