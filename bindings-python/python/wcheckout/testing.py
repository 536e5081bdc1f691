"""``wcheckout.testing``: the W Checkout sandbox inside the package, for your own tests.

A :class:`Sandbox` is the faithful local W Checkout server (tokens, signatures, every operation,
the order / refund / settlement state machines, signed webhooks with retries) started **in this
process**, on a free ``127.0.0.1`` port and on its own threads. Nothing else is needed: no binary,
no Docker, no network. Its control operations (pay an order, move a refund, shift the clock,
inject faults) are method calls, and :meth:`Sandbox.webhook_inbox` receives, verifies and types
the webhooks it sends::

    from decimal import Decimal
    from wcheckout.testing import Sandbox

    with Sandbox() as sb:
        client = sb.client()
        inbox = sb.webhook_inbox()
        order = client.create_checkout_order(order_no="A1", order_amount=Decimal("10"),
                                             customer_id="c1", token="ETH_USDT")
        sb.pay("A1", order.paying_amount)
        inbox.wait_for("CHECKOUT_ORDER_CHANGED", order_no="A1", order_status="PAID")

With pytest, the ``wcheckout_sandbox`` fixture (a fresh sandbox per test) and
``wcheckout_sandbox_session`` (one per session) are available as soon as the package is installed.

Control calls run in-process and return in microseconds, so they are plain methods that are also
fine to call from ``async`` code; what waits (:meth:`WebhookInbox.wait_for_async`, closing) has an
awaitable form. Sandboxes and inboxes still running when the interpreter exits are stopped.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from types import TracebackType
from typing import Any, Callable, Dict, List, Optional, Tuple, Type, Union

from . import _native
from ._native import Client, WebhookEvent
from .models import AbnormalPayment, CheckoutOrder, RefundOrder, SettlementOrder
from .aio import AsyncClient
from .enums import EventType
from .errors import WCheckoutError

if not hasattr(_native, "NativeSandbox"):  # pragma: no cover - only in builds without the feature
    raise ImportError(
        "this build of wcheckout has no embedded sandbox: it was compiled without the `testing` "
        "feature (the published packages include it)"
    )

__all__ = [
    "DEMO_API_KEY",
    "DEMO_API_SECRET",
    "DEMO_SIGN_KEY",
    "Clock",
    "Payment",
    "RejectedWebhook",
    "Sandbox",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookInbox",
    "WebhookTimeoutError",
]

#: The credentials a default :class:`Sandbox` accepts.
DEMO_API_KEY = "demo_api_key"
DEMO_API_SECRET = "demo_api_secret"
DEMO_SIGN_KEY = "demo_sign_key"

AmountLike = Union[Decimal, str, int]
Seconds = Union[int, float, timedelta]


@dataclass(frozen=True)
class Payment:
    """What :meth:`Sandbox.pay` did."""

    #: The order afterwards (``PAID``; still ``PAYING`` after an under-payment; …).
    order: CheckoutOrder
    #: The transaction hash used (generated when none was given).
    tx_hash: str
    #: The abnormal payment it caused (over-, under- or late payment), if any.
    abnormal_payment: Optional[AbnormalPayment]


@dataclass(frozen=True)
class Clock:
    """The sandbox's business clock."""

    #: How far it is ahead of real time, in seconds.
    offset_seconds: int
    #: The business time as the API writes it (UTC), e.g. ``2025-09-26T14:49:09.294114``.
    now: str


@dataclass(frozen=True)
class WebhookAttempt:
    """One delivery attempt."""

    time: str
    timestamp: str
    http_status: Optional[int]
    #: ``success``, ``http_status``, ``bad_acknowledgement``, ``timeout`` or ``connection_error``.
    outcome: str
    error: Optional[str]
    duration_ms: int


@dataclass(frozen=True)
class WebhookDelivery:
    """One event the sandbox raised, as its webhook log records it."""

    event_id: str
    event_type: EventType
    #: Where it goes; ``None`` when no URL was set as it was raised.
    url: Optional[str]
    #: ``pending``, ``delivered``, ``failed``, ``no_url`` or ``lost``.
    status: str
    created_time: str
    #: The exact body sent (signed).
    body: str
    #: The body as a typed event.
    event: WebhookEvent
    next_attempt_in_ms: Optional[int]
    attempts: Tuple[WebhookAttempt, ...]


@dataclass(frozen=True)
class RejectedWebhook:
    """A delivery the inbox refused (answered HTTP 400), e.g. a bad signature."""

    #: The error code, e.g. ``webhook_signature_mismatch``.
    code: str
    reason: str
    body: bytes


class WebhookTimeoutError(WCheckoutError, AssertionError):
    """No matching event arrived in time. An ``AssertionError`` too, so test runners report it
    as a failed expectation; the message lists what did arrive."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="webhook_timeout")


_LIVE: "weakref.WeakSet[Any]" = weakref.WeakSet()
_LIVE_LOCK = threading.Lock()


def _track(obj: Any) -> None:
    with _LIVE_LOCK:
        _LIVE.add(obj)


@atexit.register
def _stop_all() -> None:
    # Sandboxes first (no new deliveries), then inboxes.
    with _LIVE_LOCK:
        live = list(_LIVE)
    for obj in sorted(live, key=lambda o: isinstance(o, WebhookInbox)):
        try:
            obj.close()
        except Exception:  # pragma: no cover - best effort at exit
            pass


def _matches(event: WebhookEvent, event_type: Optional[str], fields: Dict[str, Any]) -> bool:
    if event_type is not None and event.event_type != event_type:
        return False
    data = event.data
    for name, expected in fields.items():
        actual = data.get(name) if isinstance(data, dict) else getattr(data, name, None)
        if actual != expected:
            return False
    return True


def _describe(event: WebhookEvent) -> str:
    data = event.data
    shown = data if isinstance(data, dict) else data.to_dict()
    brief = {k: v for k, v in shown.items() if v is not None and k.endswith(("_no", "status", "_type", "No"))}
    return f"{event.event_type} {brief}"


class WebhookInbox:
    """A webhook receiver on ``127.0.0.1`` in this process. Every delivery is verified with the
    signKey (signature over ``TIMESTAMP`` + raw body, ±120 s) and kept as a typed
    :class:`wcheckout.WebhookEvent`; verified deliveries are acknowledged, anything else is
    answered 400 (so the sandbox retries it) and kept in :attr:`rejected`.

    Get one from :meth:`Sandbox.webhook_inbox`, or construct it with a signKey to receive from
    anything that signs like W Checkout.
    """

    def __init__(self, sign_key: str = DEMO_SIGN_KEY, *, tolerance: Optional[Seconds] = None) -> None:
        self._inbox = _native.NativeInbox(sign_key, tolerance=tolerance)
        _track(self)

    @classmethod
    def _wrap(cls, native_inbox: _native.NativeInbox) -> "WebhookInbox":
        self = cls.__new__(cls)
        self._inbox = native_inbox
        _track(self)
        return self

    @property
    def url(self) -> str:
        """Where to deliver: ``http://127.0.0.1:PORT/webhooks``."""
        return self._inbox.url

    @property
    def events(self) -> List[WebhookEvent]:
        """The verified events so far (since the start or :meth:`clear`), in arrival order."""
        return [event for _, event in self._inbox.received()]

    @property
    def rejected(self) -> List[RejectedWebhook]:
        """The deliveries refused so far."""
        return [RejectedWebhook(code, reason, body) for code, reason, body in self._inbox.rejected()]

    def wait_for(
        self,
        event_type: Union[EventType, str, None] = None,
        *,
        timeout: Seconds = 10.0,
        predicate: Optional[Callable[[WebhookEvent], bool]] = None,
        **fields: Any,
    ) -> WebhookEvent:
        """Returns the first event (already received or arriving within ``timeout`` seconds) of
        ``event_type`` whose ``data`` has the given field values and that satisfies ``predicate``::

            inbox.wait_for("CHECKOUT_ORDER_CHANGED", order_no="A1", order_status="PAID")
            inbox.wait_for(predicate=lambda e: e.data.amount == Decimal("5"))

        Raises :class:`WebhookTimeoutError` (an ``AssertionError``) listing what arrived instead.
        """
        deadline = _now() + _seconds(timeout)
        seq = 0
        while True:
            got = self._inbox.next(seq, max(0.0, deadline - _now()))
            if got is None:
                raise WebhookTimeoutError(self._timeout_message(event_type, fields, predicate, timeout))
            seq, event = got
            if _matches(event, event_type, fields) and (predicate is None or predicate(event)):
                return event
            seq += 1

    async def wait_for_async(
        self,
        event_type: Union[EventType, str, None] = None,
        *,
        timeout: Seconds = 10.0,
        predicate: Optional[Callable[[WebhookEvent], bool]] = None,
        **fields: Any,
    ) -> WebhookEvent:
        """:meth:`wait_for` as an awaitable (the wait runs in a worker thread)."""
        return await asyncio.to_thread(
            lambda: self.wait_for(event_type, timeout=timeout, predicate=predicate, **fields)
        )

    def _timeout_message(
        self, event_type: Optional[str], fields: Dict[str, Any], predicate: Any, timeout: Seconds
    ) -> str:
        wanted = " ".join(
            [str(event_type or "any event")]
            + [f"{k}={v!r}" for k, v in fields.items()]
            + (["matching the predicate"] if predicate is not None else [])
        )
        received = [_describe(e) for e in self.events]
        lines = [f"no webhook {wanted} arrived within {_seconds(timeout)} s at {self.url}"]
        lines.append(f"received {len(received)}: " + ("; ".join(received[-10:]) or "nothing"))
        rejected = self.rejected
        if rejected:
            lines.append(f"rejected {len(rejected)}: " + "; ".join(r.reason for r in rejected[-5:]))
        return "\n".join(lines)

    def clear(self) -> None:
        """Forgets the events received and refused so far."""
        self._inbox.clear()

    @property
    def closed(self) -> bool:
        return self._inbox.stopped

    def close(self) -> None:
        """Stops receiving (idempotent). The events kept stay readable."""
        self._inbox.stop()

    def __enter__(self) -> "WebhookInbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"WebhookInbox(url={self.url!r}, events={len(self.events)})"


def _now() -> float:
    return time.monotonic()


def _seconds(value: Seconds) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"timeout must be seconds as int, float or timedelta, not {type(value).__name__}")
    return float(value)


class Sandbox:
    """The W Checkout sandbox, running in this process on ``127.0.0.1``. It starts when
    constructed; use it as a context manager (``with`` or ``async with``) or call :meth:`close`.

    All arguments are keyword-only and optional:

    - ``api_key``, ``api_secret``, ``sign_key``: the credentials it accepts (demo values by default);
    - ``webhook_url``: where webhooks go (or use :meth:`webhook_inbox` / :meth:`set_webhook_url`);
    - ``token_policy``: ``"supersede"`` (default: a new access token invalidates the previous one)
      or ``"multiple"``;
    - ``time_scale``: multiplies webhook retry delays (default ``0.001``: the 15 s first retry
      takes 15 ms);
    - ``response_signature``: ``"full"`` (default), ``"short"`` or ``"none"``;
    - ``exchange_rate``: USD → token rate for ``payingAmount`` (default 1);
    - ``token_ttl``: access-token lifetime in seconds (default 21600);
    - ``port``: 0 (default) picks a free port.
    """

    def __init__(
        self,
        *,
        api_key: str = DEMO_API_KEY,
        api_secret: str = DEMO_API_SECRET,
        sign_key: str = DEMO_SIGN_KEY,
        webhook_url: Optional[str] = None,
        token_policy: str = "supersede",
        time_scale: float = 0.001,
        response_signature: str = "full",
        exchange_rate: Optional[AmountLike] = None,
        token_ttl: int = 21_600,
        port: int = 0,
    ) -> None:
        if isinstance(time_scale, bool) or not isinstance(time_scale, (int, float)):
            raise TypeError(f"time_scale must be a number, not {type(time_scale).__name__}")
        self._native = _native.NativeSandbox(
            api_key=api_key,
            api_secret=api_secret,
            sign_key=sign_key,
            webhook_url=webhook_url,
            token_policy=token_policy,
            response_signature=response_signature,
            time_scale=float(time_scale),
            exchange_rate=exchange_rate,
            token_ttl=token_ttl,
            port=port,
        )
        self._api_key = api_key
        self._api_secret = api_secret
        self._sign_key = sign_key
        self._inboxes: List[WebhookInbox] = []
        _track(self)

    # ---- connection details ----

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``: give it to ``wcheckout.Client(base_url=…)``."""
        return self._native.url

    @property
    def api_key(self) -> str:
        return self._api_key

    @property
    def api_secret(self) -> str:
        return self._api_secret

    @property
    def sign_key(self) -> str:
        return self._sign_key

    def client(self, **overrides: Any) -> Client:
        """A :class:`wcheckout.Client` for this sandbox (credentials and ``base_url`` set;
        ``overrides`` are any other ``Client`` arguments, or replace these)."""
        return Client(**self._client_args(overrides))

    def async_client(self, **overrides: Any) -> AsyncClient:
        """A :class:`wcheckout.aio.AsyncClient` for this sandbox."""
        return AsyncClient(**self._client_args(overrides))

    def _client_args(self, overrides: Dict[str, Any]) -> Dict[str, Any]:
        args: Dict[str, Any] = dict(
            api_key=self._api_key, api_secret=self._api_secret, sign_key=self._sign_key, base_url=self.base_url
        )
        args.update(overrides)
        return args

    # ---- the outside world ----

    def pay(self, order_no: str, amount: AmountLike, tx_hash: Optional[str] = None) -> Payment:
        """Simulates the customer's on-chain payment of ``amount`` into the order: the exact amount
        → ``PAID``; more → ``PAID`` plus an ``OVER_PAID`` abnormal payment; less → ``UNDER_PAID``;
        after a timeout or cancel → ``LATE_PAYMENT``. Raises :class:`wcheckout.ApiError` (e.g.
        ``00010`` unknown order, ``00009`` reused ``tx_hash``)."""
        order, used, abnormal = self._native.pay(order_no, amount, tx_hash)
        return Payment(order, used, abnormal)

    def process_refund(self, refund_order_no: str) -> RefundOrder:
        """``PENDING_REFUND`` → ``REFUNDING``."""
        return self._native.move_refund(refund_order_no, "process")

    def complete_refund(self, refund_order_no: str) -> RefundOrder:
        """→ ``REFUNDED`` (through ``REFUNDING`` when still pending)."""
        return self._native.move_refund(refund_order_no, "complete")

    def fail_refund(self, refund_order_no: str) -> RefundOrder:
        """→ ``FAILED``."""
        return self._native.move_refund(refund_order_no, "fail")

    def process_settlement(self, settlement_order_no: str) -> SettlementOrder:
        """``PENDING_SETTLEMENT`` → ``SETTLING``."""
        return self._native.move_settlement(settlement_order_no, "process")

    def complete_settlement(self, settlement_order_no: str) -> SettlementOrder:
        """→ ``SETTLED`` (through ``SETTLING`` when still pending)."""
        return self._native.move_settlement(settlement_order_no, "complete")

    def fail_settlement(self, settlement_order_no: str) -> SettlementOrder:
        """→ ``FAILED``."""
        return self._native.move_settlement(settlement_order_no, "fail")

    def reject_settlement(self, settlement_order_no: str) -> SettlementOrder:
        """→ ``REJECTED``."""
        return self._native.move_settlement(settlement_order_no, "reject")

    def advance_clock(self, seconds: Union[int, timedelta]) -> Clock:
        """Moves the business clock forward (orders time out, tokens expire); returns the clock."""
        if isinstance(seconds, timedelta):
            whole = seconds.total_seconds()
            if whole != int(whole):
                raise ValueError("advance_clock takes whole seconds")
            seconds = int(whole)
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            raise TypeError(f"seconds must be an int or a timedelta, not {type(seconds).__name__}")
        if seconds < 0:
            raise ValueError("the clock only moves forward: seconds must be 0 or more")
        return Clock(*self._native.advance_clock(seconds))

    def clock(self) -> Clock:
        return Clock(*self._native.clock())

    # ---- faults ----

    def fault(
        self,
        kind: str,
        path: Optional[str] = None,
        *,
        method: Optional[str] = None,
        count: int = 1,
        delay_ms: Optional[int] = None,
        retry_after: Optional[int] = None,
        event_type: Optional[str] = None,
    ) -> None:
        """Arms a fault for the next ``count`` matching requests: ``http_500``, ``http_503``,
        ``http_429``, ``delay``, ``drop``, ``drop_after_processing``, ``bad_signature``; or
        ``lose_webhook`` for the next ``count`` events (of ``event_type``)."""
        self._native.add_fault(
            kind,
            path=path,
            method=method,
            count=count,
            delay_ms=delay_ms,
            retry_after=retry_after,
            event_type=event_type,
        )

    def clear_faults(self) -> None:
        self._native.clear_faults()

    def expire_token(self) -> bool:
        """Expires the current access token now (the client refetches); False when none exists."""
        return self._native.expire_token()

    # ---- webhooks ----

    @property
    def webhook_url(self) -> Optional[str]:
        return self._native.webhook_url()

    def set_webhook_url(self, url: Optional[str]) -> None:
        """Where events raised from now on go (``None``: recorded, not sent)."""
        self._native.set_webhook_url(url)

    def webhook_inbox(self) -> WebhookInbox:
        """Starts a :class:`WebhookInbox` that verifies with this sandbox's signKey and points the
        sandbox's webhook URL at it. It is closed with the sandbox."""
        inbox = WebhookInbox._wrap(self._native.webhook_inbox())
        self._inboxes.append(inbox)
        return inbox

    def webhooks(self) -> List[WebhookDelivery]:
        """Every event raised so far, with its delivery status and attempts."""
        out = []
        for d in self._native.webhook_deliveries():
            attempts = tuple(WebhookAttempt(**a) for a in d.pop("attempts"))
            d["event_type"] = EventType(d["event_type"])
            out.append(WebhookDelivery(attempts=attempts, **d))
        return out

    # ---- state ----

    def state(self) -> Dict[str, Any]:
        """Everything it holds: ``orders``, ``refunds``, ``settlements``, ``abnormalPayments``,
        ``payments``, ``counts``, ``balances``, ``token``, the clock and the webhook URL (the
        control API's JSON, numbers as ``int`` / ``Decimal``)."""
        state: Dict[str, Any] = self._native.state()
        return state

    def reset(self) -> None:
        """Forgets every record, the token, faults, the webhook log and the clock shift."""
        self._native.reset()

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """Any control call of the sandbox's ``/_sandbox`` API by method and path, in-process."""
        text = None if body is None else json.dumps(body, default=str)
        return self._native.control(method, path, text)

    # ---- lifecycle ----

    @property
    def closed(self) -> bool:
        return self._native.stopped

    def close(self) -> None:
        """Stops the server, webhook delivery and the inboxes it started (idempotent)."""
        self._native.stop()
        for inbox in self._inboxes:
            inbox.close()

    stop = close

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(
        self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    async def __aenter__(self) -> "Sandbox":
        return self

    async def __aexit__(
        self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        await asyncio.to_thread(self.close)

    def __repr__(self) -> str:
        state = "closed" if self.closed else self.base_url
        return f"Sandbox({state}, api_key={self._api_key!r})"
