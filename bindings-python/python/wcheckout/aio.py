"""``AsyncClient``: the operations of :class:`wcheckout.Client` as awaitables.

Each call runs the blocking core call in a worker thread (``asyncio.to_thread``); the core
releases the GIL while it waits on the network, so the event loop never blocks and many calls
can be in flight at once over one shared, thread-safe client.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal
from typing import Any, AsyncIterator, Callable, Dict, Generic, Mapping, Optional, Sequence, Tuple, TypeVar, Union, cast

from ._native import CancelToken, Client, Page, PageIterator
from .models import AbnormalPayment, CheckoutOrder, CreatedCheckoutOrder, RefundOrder, SettlementOrder
from .enums import AbnormalPaymentStatus, OrderStatus, RefundStatus, SettleStatus, Token

__all__ = ["AsyncClient", "AsyncPageIterator"]

_T = TypeVar("_T")
AmountLike = Union[Decimal, str, int]
#: A per-call timeout for one attempt: seconds, or a ``datetime.timedelta``.
Timeout = Union[float, int, timedelta, None]
_DONE = object()


def _next_or_done(it: PageIterator[_T]) -> object:
    return next(it, _DONE)




class AsyncPageIterator(Generic[_T]):
    """``async for`` over every item of a list call; pages are fetched in a worker thread."""

    def __init__(self, inner: PageIterator[_T]) -> None:
        self._inner = inner

    def __aiter__(self) -> AsyncIterator[_T]:
        return self

    async def __anext__(self) -> _T:
        item = await asyncio.to_thread(_next_or_done, self._inner)
        if item is _DONE:
            raise StopAsyncIteration
        return cast(_T, item)

    @property
    def total(self) -> Optional[int]:
        return self._inner.total


class AsyncClient:
    """Same constructor arguments and operations as :class:`wcheckout.Client`, awaitable.

    Every awaitable call also takes ``timeout`` (seconds or ``timedelta``, for one attempt) and
    ``max_retries`` for that call only. Cancelling the awaiting task (``task.cancel()``,
    ``asyncio.wait_for``, ``asyncio.timeout``) stops the call's further attempts: no retry is made
    after it. A request already sent may still be processed (repeat the identical call or look the
    object up).
    """

    def __init__(self, **kwargs: Any) -> None:
        self._client = Client(**kwargs)

    @classmethod
    def wrap(cls, client: Client) -> "AsyncClient":
        """An ``AsyncClient`` sharing an existing client (its token cache and connections)."""
        self = cls.__new__(cls)
        self._client = client
        return self

    @property
    def sync(self) -> Client:
        """The underlying blocking client."""
        return self._client

    @property
    def base_url(self) -> str:
        """The base URL requests go to."""
        return self._client.base_url

    def __repr__(self) -> str:
        return f"AsyncClient({self._client!r})"

    def __reduce__(self) -> Any:
        raise TypeError(
            "wcheckout.aio.AsyncClient cannot be pickled: it holds the API secrets and open connections. "
            "Create one client per process instead and pass plain values between processes"
        )

    async def _call(self, timeout: Timeout, max_retries: Optional[int], call: Callable[[Client], _T]) -> _T:
        """Runs ``call`` in a worker thread on a client sharing this one's connections, with the
        per-call timeout / retry budget and a cancel token that is set when the awaiting task is
        cancelled: the call then makes no further attempt (no retry after the task is gone)."""
        token = CancelToken()
        client = self._client.with_options(timeout=timeout, max_retries=max_retries, cancel=token)
        try:
            return await asyncio.to_thread(call, client)
        except asyncio.CancelledError:
            token.cancel()
            raise

    async def create_checkout_order(
        self,
        *,
        order_no: str,
        order_amount: AmountLike,
        customer_id: str,
        token: Union[Token, str],
        merchant_id: Optional[str] = None,
        fiat: Optional[str] = None,
        expired_in: Optional[int] = None,
        pc_callback_url: Optional[str] = None,
        app_callback_url: Optional[str] = None,
        forwarded_for: Optional[str] = None,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> CreatedCheckoutOrder:
        """Creates a payment order and returns where and what the customer pays: the payment URL,
        the receiving address and the exact amount in the chosen token. The order number is the
        idempotency key: repeating the identical request (for example after an error whose outcome
        is unknown) returns the order created first, and a different request under a number already
        used fails with an idempotency conflict carrying the stored order. The optional
        forwarded-for value is the paying customer's IP address, sent as ``X-Forwarded-For``.

        HTTP: ``POST /checkout/order/create``.
        """
        return await self._call(
            timeout,
            max_retries,
            lambda c: c.create_checkout_order(
                order_no=order_no,
                order_amount=order_amount,
                customer_id=customer_id,
                token=token,
                merchant_id=merchant_id,
                fiat=fiat,
                expired_in=expired_in,
                pc_callback_url=pc_callback_url,
                app_callback_url=app_callback_url,
                forwarded_for=forwarded_for,
            ),
        )

    async def cancel_checkout_order(
        self, order_no: str, *, timeout: Timeout = None, max_retries: Optional[int] = None
    ) -> CheckoutOrder:
        """Cancels an unpaid order and returns it. Idempotent: an order already ``CANCELLED`` (an
        earlier attempt landed) is returned as it is. A paid order cannot be cancelled: refund it
        instead.

        HTTP: ``GET /checkout/order/cancel``.
        """
        return await self._call(timeout, max_retries, lambda c: c.cancel_checkout_order(order_no))

    async def get_checkout_order_info(
        self, order_no: str, *, timeout: Timeout = None, max_retries: Optional[int] = None
    ) -> CheckoutOrder:
        """Returns one order by its merchant order number: status, amounts, token, payment and
        refund details. An unknown number fails with an API error, retcode ``00010``.

        HTTP: ``GET /checkout/order/info``.
        """
        return await self._call(timeout, max_retries, lambda c: c.get_checkout_order_info(order_no))

    async def list_checkout_orders(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        order_status: Union[OrderStatus, str, None] = None,
        customer_id: Optional[str] = None,
        merchant_id: Optional[str] = None,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> Page[CheckoutOrder]:
        """Returns one page of orders matching the filter (status, customer, merchant), with the
        total count. Page numbers start at 1; use the iterating variant to walk every page.

        HTTP: ``POST /checkout/order/list``.
        """
        return await self._call(
            timeout,
            max_retries,
            lambda c: c.list_checkout_orders(
                page_num=page_num,
                page_size=page_size,
                order_status=order_status,
                customer_id=customer_id,
                merchant_id=merchant_id,
            ),
        )

    def iter_checkout_orders(
        self,
        *,
        page_size: Optional[int] = None,
        order_status: Union[OrderStatus, str, None] = None,
        customer_id: Optional[str] = None,
        merchant_id: Optional[str] = None,
    ) -> AsyncPageIterator[CheckoutOrder]:
        """Every order matching the filter, across all pages: each page is fetched (one call) when
        the iteration reaches it. A failing page fetch raises its error once, then the iteration
        stops.

        HTTP: ``POST /checkout/order/list``.
        """
        return AsyncPageIterator(
            self._client.iter_checkout_orders(
                page_size=page_size, order_status=order_status, customer_id=customer_id, merchant_id=merchant_id
            )
        )

    async def create_refund_order(
        self,
        *,
        refund_order_no: str,
        amount: AmountLike,
        order_no: Optional[str] = None,
        abnormal_payment_no: Optional[str] = None,
        address: Optional[str] = None,
        remark: Optional[str] = None,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> RefundOrder:
        """Refunds part or all of a paid order (or an abnormal payment) and returns the refund
        order; a destination address is given where the API asks for one. The refund order number is
        the idempotency key: repeating the identical request returns the refund created first; a
        different request under that number fails with an idempotency conflict.

        HTTP: ``POST /checkout/refund-order/create``.
        """
        return await self._call(
            timeout,
            max_retries,
            lambda c: c.create_refund_order(
                refund_order_no=refund_order_no,
                amount=amount,
                order_no=order_no,
                abnormal_payment_no=abnormal_payment_no,
                address=address,
                remark=remark,
            ),
        )

    async def cancel_refund_order(
        self, refund_order_no: str, *, timeout: Timeout = None, max_retries: Optional[int] = None
    ) -> RefundOrder:
        """Cancels a refund that has not been sent yet and returns it. Idempotent: a refund already
        ``CANCELLED`` is returned as it is.

        HTTP: ``GET /checkout/refund-order/cancel``.
        """
        return await self._call(timeout, max_retries, lambda c: c.cancel_refund_order(refund_order_no))

    async def get_refund_order_info(
        self, refund_order_no: str, *, timeout: Timeout = None, max_retries: Optional[int] = None
    ) -> RefundOrder:
        """Returns one refund order by its refund order number. An unknown number fails with an API
        error, retcode ``00010``.

        HTTP: ``GET /checkout/refund-order/info``.
        """
        return await self._call(timeout, max_retries, lambda c: c.get_refund_order_info(refund_order_no))

    async def list_refund_orders(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        refund_status: Union[RefundStatus, str, None] = None,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> Page[RefundOrder]:
        """Returns one page of refund orders matching the filter (order number, status), with the
        total count.

        HTTP: ``POST /checkout/refund-order/list``.
        """
        return await self._call(
            timeout,
            max_retries,
            lambda c: c.list_refund_orders(
                page_num=page_num,
                page_size=page_size,
                order_no=order_no,
                refund_status=refund_status,
            ),
        )

    def iter_refund_orders(
        self,
        *,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        refund_status: Union[RefundStatus, str, None] = None,
    ) -> AsyncPageIterator[RefundOrder]:
        """Every refund order matching the filter, across all pages: each page is fetched (one call)
        when the iteration reaches it. A failing page fetch raises its error once, then the
        iteration stops.

        HTTP: ``POST /checkout/refund-order/list``.
        """
        return AsyncPageIterator(
            self._client.iter_refund_orders(page_size=page_size, order_no=order_no, refund_status=refund_status)
        )

    async def create_settlement_order(
        self,
        *,
        settlement_order_no: str,
        token: Union[Token, str],
        address: str,
        amount: AmountLike,
        merchant_id: Optional[str] = None,
        order_nos: Optional[Sequence[str]] = None,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> SettlementOrder:
        """Pays out part of the merchant balance in a stablecoin to an on-chain address and returns
        the settlement order. The settlement order number is the idempotency key: repeating the
        identical request returns the settlement created first; a different request under that
        number fails with an idempotency conflict.

        HTTP: ``POST /checkout/settlement/create``.
        """
        return await self._call(
            timeout,
            max_retries,
            lambda c: c.create_settlement_order(
                settlement_order_no=settlement_order_no,
                token=token,
                address=address,
                amount=amount,
                merchant_id=merchant_id,
                order_nos=order_nos,
            ),
        )

    async def create_fiat_settlement_order(
        self,
        *,
        settlement_order_no: str,
        token: Union[Token, str],
        amount: AmountLike,
        fiat: str,
        bank_account_id: str,
        merchant_id: Optional[str] = None,
        remark: Optional[str] = None,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> SettlementOrder:
        """Converts part of the merchant balance to fiat and remits it to a registered bank account;
        returns the settlement order. Idempotent by settlement order number, as for a stablecoin
        settlement.

        HTTP: ``POST /checkout/settlement/fiat/create``.
        """
        return await self._call(
            timeout,
            max_retries,
            lambda c: c.create_fiat_settlement_order(
                settlement_order_no=settlement_order_no,
                token=token,
                amount=amount,
                fiat=fiat,
                bank_account_id=bank_account_id,
                merchant_id=merchant_id,
                remark=remark,
            ),
        )

    async def cancel_settlement_order(
        self, settlement_order_no: str, *, timeout: Timeout = None, max_retries: Optional[int] = None
    ) -> SettlementOrder:
        """Cancels a settlement that has not been processed yet and returns it. Idempotent: a
        settlement already ``CANCELLED`` is returned as it is.

        HTTP: ``GET /checkout/settlement/cancel``.
        """
        return await self._call(timeout, max_retries, lambda c: c.cancel_settlement_order(settlement_order_no))

    async def get_settlement_order(
        self, settlement_order_no: str, *, timeout: Timeout = None, max_retries: Optional[int] = None
    ) -> SettlementOrder:
        """Returns one settlement order by its settlement order number. An unknown number fails with
        an API error, retcode ``00010``.

        HTTP: ``GET /checkout/settlement/info``.
        """
        return await self._call(timeout, max_retries, lambda c: c.get_settlement_order(settlement_order_no))

    async def list_settlement_orders(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        settle_status: Union[SettleStatus, str, None] = None,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> Page[SettlementOrder]:
        """Returns one page of settlement orders matching the filter (status), with the total count.

        HTTP: ``POST /checkout/settlement/list``.
        """
        return await self._call(
            timeout,
            max_retries,
            lambda c: c.list_settlement_orders(
                page_num=page_num,
                page_size=page_size,
                settle_status=settle_status,
            ),
        )

    def iter_settlement_orders(
        self, *, page_size: Optional[int] = None, settle_status: Union[SettleStatus, str, None] = None
    ) -> AsyncPageIterator[SettlementOrder]:
        """Every settlement order matching the filter, across all pages: each page is fetched (one
        call) when the iteration reaches it. A failing page fetch raises its error once, then the
        iteration stops.

        HTTP: ``POST /checkout/settlement/list``.
        """
        return AsyncPageIterator(self._client.iter_settlement_orders(page_size=page_size, settle_status=settle_status))

    async def list_abnormal_payments(
        self,
        *,
        page_num: Optional[int] = None,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        status: Union[AbnormalPaymentStatus, str, None] = None,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> Page[AbnormalPayment]:
        """Returns one page of abnormal payments (over-, under- and late payments) matching the
        filter (order number, status), with the total count. Refund one with the abnormal-payment
        refund call.

        HTTP: ``POST /checkout/abnormal-payment/list``.
        """
        return await self._call(
            timeout,
            max_retries,
            lambda c: c.list_abnormal_payments(
                page_num=page_num,
                page_size=page_size,
                order_no=order_no,
                status=status,
            ),
        )

    def iter_abnormal_payments(
        self,
        *,
        page_size: Optional[int] = None,
        order_no: Optional[str] = None,
        status: Union[AbnormalPaymentStatus, str, None] = None,
    ) -> AsyncPageIterator[AbnormalPayment]:
        """Every abnormal payment matching the filter, across all pages: each page is fetched (one
        call) when the iteration reaches it. A failing page fetch raises its error once, then the
        iteration stops.

        HTTP: ``POST /checkout/abnormal-payment/list``.
        """
        return AsyncPageIterator(
            self._client.iter_abnormal_payments(page_size=page_size, order_no=order_no, status=status)
        )

    async def create_abnormal_payment_refund(
        self,
        *,
        refund_order_no: str,
        order_no: str,
        tx_hash: str,
        token: Union[Token, str],
        remark: Optional[str] = None,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> RefundOrder:
        """Refunds an abnormal payment (an over-, under- or late payment), identified by its order
        and transaction hash, and returns the refund order. Idempotent by refund order number.

        HTTP: ``POST /checkout/abnormal-payment/refund``.
        """
        return await self._call(
            timeout,
            max_retries,
            lambda c: c.create_abnormal_payment_refund(
                refund_order_no=refund_order_no,
                order_no=order_no,
                tx_hash=tx_hash,
                token=token,
                remark=remark,
            ),
        )

    async def request(
        self,
        method: str,
        path: str,
        query: Union[Mapping[str, str], Sequence[Tuple[str, str]], None] = None,
        body: Any = None,
        *,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> Any:
        """Signs and sends any call (see :meth:`wcheckout.Client.request`); returns ``retdata``."""
        return await self._call(timeout, max_retries, lambda c: c.request(method, path, query, body))

    async def call(
        self,
        operation: str,
        params: Optional[Dict[str, Any]] = None,
        *,
        timeout: Timeout = None,
        max_retries: Optional[int] = None,
    ) -> Any:
        """Calls an operation by its snake_case name (see :meth:`wcheckout.Client.call`)."""
        return await self._call(timeout, max_retries, lambda c: c.call(operation, params))
