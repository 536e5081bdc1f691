//! Every enumeration of spec §5, each with an `Unknown` variant that keeps values the API adds later.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        // UniFFI: a sealed class in Kotlin (`Token.EthUsdt`, `Token.Unknown(value)`) whose
        // `toString()` is the wire text.
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum), uniffi::export(Display))]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this SDK version does not know yet, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in the order of the spec.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The wire text of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(s) => s.as_str(),
                }
            }

            /// Maps wire text to a value; unknown text becomes `Unknown`, never an error.
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        // Exported as methods of the Kotlin type: `Token.EthUsdt.wire()`, `isKnown()`.
        #[cfg_attr(feature = "uniffi", uniffi::export)]
        impl $name {
            /// True when this SDK version knows the value.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }

            /// The wire text of this value, owned ([`as_str`](Self::as_str) borrowed).
            pub fn wire(&self) -> String {
                self.as_str().to_owned()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::from_wire(s)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(s))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // The text is read in place (no allocation for known values).
                d.deserialize_str(WireText(Self::from_wire))
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                // A string: the known values, but any other text is kept (`Unknown`).
                schemars::json_schema!({
                    "type": "string",
                    "examples": Self::KNOWN,
                    "x-wire-enum": Self::KNOWN,
                })
            }
        }
    };
}

/// Reads a wire enum's JSON string and maps it with `from_wire` without first copying it into
/// a `String` (a transient or borrowed `&str` is enough).
struct WireText<F>(F);

impl<'de, T, F: FnOnce(&str) -> T> serde::de::Visitor<'de> for WireText<F> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.0)(v))
    }
}

wire_enum! {
    /// Payment token, `{CHAIN}_{TOKEN}` (spec §5.1): the gateway's seven codes. TRON is `TRX_`;
    /// WUSD exists on Ethereum only. Responses keep any other code verbatim as `Unknown`.
    Token {
        /// USDT on Ethereum.
        EthUsdt = "ETH_USDT",
        /// USDC on Ethereum.
        EthUsdc = "ETH_USDC",
        /// WUSD on Ethereum.
        EthWusd = "ETH_WUSD",
        /// USDT on TRON.
        TrxUsdt = "TRX_USDT",
        /// USDC on TRON.
        TrxUsdc = "TRX_USDC",
        /// USDT on Solana.
        SolUsdt = "SOL_USDT",
        /// USDC on Solana.
        SolUsdc = "SOL_USDC",
    }
}

wire_enum! {
    /// Payment order status, `orderStatus` (spec §5.2).
    OrderStatus {
        /// Awaiting payment (initial state).
        Paying = "PAYING",
        /// Paid: fulfil the order.
        Paid = "PAID",
        /// Cancelled before payment.
        Cancelled = "CANCELLED",
        /// A refund is in progress.
        Refunding = "REFUNDING",
        /// Partly refunded.
        PartialRefunded = "PARTIAL_REFUNDED",
        /// Fully refunded.
        Refunded = "REFUNDED",
        /// The payment window expired.
        Timeout = "TIMEOUT",
    }
}

wire_enum! {
    /// Refund order status, `refundStatus` (spec §5.3).
    RefundStatus {
        /// Waiting to be refunded.
        PendingRefund = "PENDING_REFUND",
        /// Refund in progress.
        Refunding = "REFUNDING",
        /// Refund completed.
        Refunded = "REFUNDED",
        /// Refund cancelled.
        Cancelled = "CANCELLED",
        /// Refund failed.
        Failed = "FAILED",
    }
}

wire_enum! {
    /// Settlement order status, `settleStatus` (spec §5.4).
    SettleStatus {
        /// Waiting to be settled.
        PendingSettlement = "PENDING_SETTLEMENT",
        /// Settlement in progress.
        Settling = "SETTLING",
        /// Settled.
        Settled = "SETTLED",
        /// Failed.
        Failed = "FAILED",
        /// Rejected by review.
        Rejected = "REJECTED",
        /// Cancelled.
        Cancelled = "CANCELLED",
    }
}

wire_enum! {
    /// Abnormal payment type (spec §5.5).
    AbnormalPaymentType {
        /// Paid more than the order amount.
        OverPaid = "OVER_PAID",
        /// Paid less than required.
        UnderPaid = "UNDER_PAID",
        /// Paid after the order expired.
        LatePayment = "LATE_PAYMENT",
    }
}

wire_enum! {
    /// Abnormal payment status (spec §5.6).
    AbnormalPaymentStatus {
        /// Not yet handled.
        Pending = "PENDING",
        /// Handled.
        Handled = "HANDLED",
    }
}

wire_enum! {
    /// Webhook event type, `eventType` (spec §5.7).
    EventType {
        /// A payment order's status changed.
        CheckoutOrderChanged = "CHECKOUT_ORDER_CHANGED",
        /// A refund order's status changed.
        RefundOrderChanged = "REFUND_ORDER_CHANGED",
        /// A settlement order's status changed.
        SettlementOrderChanged = "SETTLEMENT_ORDER_CHANGED",
        /// An over-, under- or late payment was detected.
        AbnormalPayment = "ABNORMAL_PAYMENT",
    }
}

impl OrderStatus {
    /// True for states an order never leaves (`CANCELLED`, `TIMEOUT`, `REFUNDED`).
    pub fn is_final(&self) -> bool {
        matches!(self, OrderStatus::Cancelled | OrderStatus::Timeout | OrderStatus::Refunded)
    }
}

impl RefundStatus {
    /// True for states a refund never leaves.
    pub fn is_final(&self) -> bool {
        matches!(self, RefundStatus::Refunded | RefundStatus::Cancelled | RefundStatus::Failed)
    }
}

impl SettleStatus {
    /// True for states a settlement never leaves.
    pub fn is_final(&self) -> bool {
        matches!(self, SettleStatus::Settled | SettleStatus::Failed | SettleStatus::Rejected | SettleStatus::Cancelled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_unknown() {
        for s in OrderStatus::KNOWN {
            let v: OrderStatus = serde_json::from_str(&format!("\"{s}\"")).unwrap();
            assert!(v.is_known());
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{s}\""));
        }
        let v: Token = serde_json::from_str("\"BSC_USDT\"").unwrap();
        assert_eq!(v, Token::Unknown("BSC_USDT".into()));
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"BSC_USDT\"");
    }
}
