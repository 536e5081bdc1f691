"""str-valued enums of the W Checkout API. Unknown values (added by the API later) are accepted
and kept: ``OrderStatus("ON_HOLD")`` is a member-like value with ``is_known`` False."""

from __future__ import annotations

import enum
from typing import Any, Optional

__all__ = [
    "WireEnum",
    "Token",
    "OrderStatus",
    "RefundStatus",
    "SettleStatus",
    "AbnormalPaymentType",
    "AbnormalPaymentStatus",
    "EventType",
]


class WireEnum(str, enum.Enum):
    """Base of the API enums: compares equal to its wire text and tolerates unknown values."""

    @classmethod
    def _missing_(cls, value: object) -> Optional[Any]:
        if not isinstance(value, str):
            return None
        pseudo = str.__new__(cls, value)
        pseudo._name_ = value
        pseudo._value_ = value
        # Cache it, so the same unknown value is the same object (and `is` comparisons work).
        return cls._value2member_map_.setdefault(value, pseudo)

    @property
    def is_known(self) -> bool:
        """True when this SDK version knows the value."""
        return self._name_ in type(self).__members__

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(str.__str__(self), spec)


class Token(WireEnum):
    """Payment token, ``{CHAIN}_{TOKEN}``: the gateway's seven codes (TRON is ``TRX_``; WUSD is Ethereum-only)."""

    ETH_USDT = "ETH_USDT"
    ETH_USDC = "ETH_USDC"
    ETH_WUSD = "ETH_WUSD"
    TRX_USDT = "TRX_USDT"
    TRX_USDC = "TRX_USDC"
    SOL_USDT = "SOL_USDT"
    SOL_USDC = "SOL_USDC"


class OrderStatus(WireEnum):
    """Payment order status."""

    PAYING = "PAYING"
    PAID = "PAID"
    CANCELLED = "CANCELLED"
    REFUNDING = "REFUNDING"
    PARTIAL_REFUNDED = "PARTIAL_REFUNDED"
    REFUNDED = "REFUNDED"
    TIMEOUT = "TIMEOUT"


class RefundStatus(WireEnum):
    """Refund order status."""

    PENDING_REFUND = "PENDING_REFUND"
    REFUNDING = "REFUNDING"
    REFUNDED = "REFUNDED"
    CANCELLED = "CANCELLED"
    FAILED = "FAILED"


class SettleStatus(WireEnum):
    """Settlement order status."""

    PENDING_SETTLEMENT = "PENDING_SETTLEMENT"
    SETTLING = "SETTLING"
    SETTLED = "SETTLED"
    FAILED = "FAILED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"


class AbnormalPaymentType(WireEnum):
    """Over-, under- or late payment."""

    OVER_PAID = "OVER_PAID"
    UNDER_PAID = "UNDER_PAID"
    LATE_PAYMENT = "LATE_PAYMENT"


class AbnormalPaymentStatus(WireEnum):
    """Abnormal payment status."""

    PENDING = "PENDING"
    HANDLED = "HANDLED"


class EventType(WireEnum):
    """Webhook event type."""

    CHECKOUT_ORDER_CHANGED = "CHECKOUT_ORDER_CHANGED"
    REFUND_ORDER_CHANGED = "REFUND_ORDER_CHANGED"
    SETTLEMENT_ORDER_CHANGED = "SETTLEMENT_ORDER_CHANGED"
    ABNORMAL_PAYMENT = "ABNORMAL_PAYMENT"
