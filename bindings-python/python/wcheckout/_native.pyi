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
ERROR_CODES: List[str]
ACKNOWLEDGEMENT: str
DEFAULT_WEBHOOK_TOLERANCE: int

_EventData = Union[
    CheckoutOrderChanged, RefundOrderChanged, SettlementOrderChanged, AbnormalPaymentDetected, Dict[str, Any]
]

@final
class Page(Generic[_T]):
    def __class_getitem__(cls, key: Any) -> Any: ...
    @property
    def items(self) -> List[_T]: ...
    @property
    def total(self) -> int: ...
    @property
    def page_num(self) -> int: ...
    @property
    def page_size(self) -> int: ...
    @property
    def has_more(self) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_T]: ...

@final
class PageIterator(Generic[_T]):
    def __class_getitem__(cls, key: Any) -> Any: ...
    def __iter__(self) -> PageIterator[_T]: ...
    def __next__(self) -> _T: ...
    @property
    def total(self) -> Optional[int]: ...

@final
class WebhookEvent:
    @property
    def event_id(self) -> str: ...
    @property
    def event_type(self) -> EventType: ...
    @property
    def timestamp(self) -> int: ...
    @property
    def data(self) -> _EventData: ...
    @property
    def raw(self) -> Dict[str, Any]: ...
    @property
    def dedupe_key(self) -> str: ...
    @property
    def is_reconciled(self) -> bool: ...

@final
class WebhookVerifier:
    def __new__(cls, sign_key: str, *, tolerance: Optional[_Seconds] = None) -> WebhookVerifier: ...
    @property
    def tolerance(self) -> float: ...
    def verify(self, headers: _HeadersLike, body: _RawBody) -> WebhookEvent: ...
    def verify_at(self, headers: _HeadersLike, body: _RawBody, now_ms: int) -> WebhookEvent: ...
    def verify_signature(self, headers: _HeadersLike, body: _RawBody, now_ms: Optional[int] = None) -> None: ...

@final
class EventDeduplicator:
    def __new__(
        cls,
        url: str = "memory",
        *,
        ttl: Optional[_Seconds] = None,
        namespace: Optional[str] = None,
        timeout: Optional[_Seconds] = None,
    ) -> EventDeduplicator: ...
    def claim(self, key: str) -> bool: ...
    def release(self, key: str) -> None: ...
    @property
    def ttl(self) -> float: ...
    @property
    def url(self) -> str: ...

@final
class ReconcilePoll:
    @property
    def events(self) -> List[WebhookEvent]: ...
    @property
    def failures(self) -> List[Tuple[Dict[str, Any], Exception]]: ...
    @property
    def expired(self) -> List[Dict[str, Any]]: ...
    @property
    def polled(self) -> int: ...
    @property
    def deferred(self) -> int: ...
    @property
    def skipped(self) -> bool: ...

@disjoint_base
class Reconciler:
    def __new__(
        cls,
        client: Client,
        *,
        store: str = "memory",
        max_age: Optional[_Seconds] = None,
        concurrency: int = 4,
    ) -> Reconciler: ...
    def watch_order(self, order_no: str) -> None: ...
    def watch_refund(self, refund_order_no: str) -> None: ...
    def watch_settlement(self, settlement_order_no: str) -> None: ...
    def unwatch(self, kind: str, number: str) -> bool: ...
    def watched(self) -> List[Dict[str, Any]]: ...
    def poll(self) -> ReconcilePoll: ...
    def ack(self, event: WebhookEvent) -> None: ...
    def run_once(self, handler: Optional[Callable[[WebhookEvent], object]] = None) -> ReconcilePoll: ...

@final
class Signer:
    def __new__(cls, sign_key: str, *, query_prefix: str = "none") -> Signer: ...
    def sign(
        self, method: str, timestamp: str, path: str, query: str = "", body: Union[str, _RawBody, None] = None
    ) -> str: ...
    def verify(
        self,
        signature: str,
        method: str,
        timestamp: str,
        path: str,
        query: str = "",
        body: Union[str, _RawBody, None] = None,
    ) -> None: ...

def sign_request(
    sign_key: str,
    method: str,
    timestamp: str,
    path: str,
    query: str = "",
    body: Union[str, _RawBody, None] = None,
    *,
    query_prefix: str = "none",
) -> str: ...
def string_to_sign(
    method: str,
    timestamp: str,
    path: str,
    query: str = "",
    body: Union[str, _RawBody, None] = None,
    *,
    query_prefix: str = "none",
) -> bytes: ...
def sign_webhook_for_test(sign_key: str, body: _RawBody, timestamp_ms: Optional[int] = None) -> Dict[str, str]: ...
def parse_envelope(body: Union[str, _RawBody], http_status: int = 200) -> Any: ...
def canonicalize_json(text: str) -> str: ...
def parse_amount(value: _AmountLike) -> Decimal: ...
def amount_text(value: _AmountLike) -> str: ...
def now_millis() -> int: ...
def enum_values() -> Dict[str, List[str]]: ...
def model_schema() -> str:
    """The core's model schema as JSON text (what ``wcheckout.models`` is generated from)."""

def _panic_for_test(message: str) -> None:
    """Panics inside the binding's guard (tests prove it surfaces as ``InternalError``)."""

@final
class Client:
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
    def with_options(self, *, timeout: Optional[_Seconds] = None, max_retries: Optional[int] = None) -> Client: ...
    def __reduce__(self) -> NoReturn: ...
    @property
    def base_url(self) -> str: ...
    @property
    def user_agent(self) -> str: ...
    @property
    def token_store(self) -> str: ...
    def clear_token(self) -> None: ...
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
    ) -> CreatedCheckoutOrder: ...
    def cancel_checkout_order(self, order_no: str) -> CheckoutOrder: ...
    def get_checkout_order_info(self, order_no: str) -> CheckoutOrder: ...
    def list_checkout_orders(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        order_status: Union[OrderStatus, str, None] = None,
        customer_id: Optional[str] = None,
        merchant_id: Optional[str] = None,
    ) -> Page[CheckoutOrder]: ...
    def iter_checkout_orders(
        self,
        *,
        page_size: Optional[int] = None,
        order_status: Union[OrderStatus, str, None] = None,
        customer_id: Optional[str] = None,
        merchant_id: Optional[str] = None,
    ) -> PageIterator[CheckoutOrder]: ...
    def create_refund_order(
        self,
        *,
        refund_order_no: str,
        amount: _AmountLike,
        order_no: Optional[str] = None,
        abnormal_payment_no: Optional[str] = None,
        address: Optional[str] = None,
        remark: Optional[str] = None,
    ) -> RefundOrder: ...
    def cancel_refund_order(self, refund_order_no: str) -> RefundOrder: ...
    def get_refund_order_info(self, refund_order_no: str) -> RefundOrder: ...
    def list_refund_orders(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        refund_status: Union[RefundStatus, str, None] = None,
    ) -> Page[RefundOrder]: ...
    def iter_refund_orders(
        self,
        *,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        refund_status: Union[RefundStatus, str, None] = None,
    ) -> PageIterator[RefundOrder]: ...
    def create_settlement_order(
        self,
        *,
        settlement_order_no: str,
        token: Union[Token, str],
        address: str,
        amount: _AmountLike,
        merchant_id: Optional[str] = None,
        order_nos: Optional[Sequence[str]] = None,
    ) -> SettlementOrder: ...
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
    ) -> SettlementOrder: ...
    def cancel_settlement_order(self, settlement_order_no: str) -> SettlementOrder: ...
    def get_settlement_order(self, settlement_order_no: str) -> SettlementOrder: ...
    def list_settlement_orders(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        settle_status: Union[SettleStatus, str, None] = None,
    ) -> Page[SettlementOrder]: ...
    def iter_settlement_orders(
        self, *, page_size: Optional[int] = None, settle_status: Union[SettleStatus, str, None] = None
    ) -> PageIterator[SettlementOrder]: ...
    def list_abnormal_payments(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        status: Union[AbnormalPaymentStatus, str, None] = None,
    ) -> Page[AbnormalPayment]: ...
    def iter_abnormal_payments(
        self,
        *,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        status: Union[AbnormalPaymentStatus, str, None] = None,
    ) -> PageIterator[AbnormalPayment]: ...
    def create_abnormal_payment_refund(
        self,
        *,
        refund_order_no: str,
        order_no: str,
        tx_hash: str,
        token: Union[Token, str],
        remark: Optional[str] = None,
    ) -> RefundOrder: ...
    def request(
        self,
        method: str,
        path: str,
        query: Union[Mapping[str, str], Sequence[Tuple[str, str]], None] = None,
        body: Any = None,
    ) -> Any: ...
    def call(self, operation: str, params: Optional[Dict[str, Any]] = None) -> Any: ...

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
