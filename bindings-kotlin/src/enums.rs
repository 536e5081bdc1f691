//! The API's enumerations as Kotlin sealed classes that keep values this version does not know:
//! `OrderStatus.Paid`, …, `OrderStatus.Unknown(value)`. Wire text comes from core (`wire()`).

use wcheckout::model as core;

/// Conversion from a core value to its FFI mirror (field by field in records).
pub(crate) trait IntoFfi<T> {
    fn into_ffi(self) -> T;
}

impl IntoFfi<String> for String {
    fn into_ffi(self) -> String {
        self
    }
}

impl IntoFfi<wcheckout::Amount> for wcheckout::Amount {
    fn into_ffi(self) -> wcheckout::Amount {
        self
    }
}

impl IntoFfi<i64> for u64 {
    fn into_ffi(self) -> i64 {
        i64::try_from(self).unwrap_or(i64::MAX)
    }
}

impl IntoFfi<i32> for u32 {
    fn into_ffi(self) -> i32 {
        i32::try_from(self).unwrap_or(i32::MAX)
    }
}

impl<A: IntoFfi<B>, B> IntoFfi<Option<B>> for Option<A> {
    fn into_ffi(self) -> Option<B> {
        self.map(IntoFfi::into_ffi)
    }
}

impl<A: IntoFfi<B>, B> IntoFfi<Vec<B>> for Vec<A> {
    fn into_ffi(self) -> Vec<B> {
        self.into_iter().map(IntoFfi::into_ffi).collect()
    }
}

macro_rules! ffi_enum {
    ($(#[$meta:meta])* $name:ident, $from_wire:ident { $($(#[$vmeta:meta])* $variant:ident,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Enum)]
        #[uniffi::export(Display)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this SDK version does not know yet, kept verbatim.
            Unknown {
                /// The wire text.
                value: String,
            },
        }

        impl From<core::$name> for $name {
            fn from(v: core::$name) -> Self {
                match v {
                    $(core::$name::$variant => $name::$variant,)+
                    other => $name::Unknown { value: other.as_str().to_owned() },
                }
            }
        }

        impl From<$name> for core::$name {
            fn from(v: $name) -> Self {
                match v {
                    $($name::$variant => core::$name::$variant,)+
                    // Known text given as Unknown maps back to its known value.
                    $name::Unknown { value } => core::$name::from_wire(&value),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(core::$name::from(self.clone()).as_str())
            }
        }

        impl IntoFfi<$name> for core::$name {
            fn into_ffi(self) -> $name {
                self.into()
            }
        }

        #[uniffi::export]
        impl $name {
            /// The value as the API writes it, e.g. `"PAID"`.
            pub fn wire(&self) -> String {
                core::$name::from(self.clone()).as_str().to_owned()
            }

            /// True when this SDK version knows the value.
            pub fn is_known(&self) -> bool {
                core::$name::from(self.clone()).is_known()
            }
        }

        /// Maps wire text to a value; unknown text becomes `Unknown`, never an error.
        #[uniffi::export]
        pub fn $from_wire(wire: String) -> $name {
            core::$name::from_wire(&wire).into()
        }
    };
}

ffi_enum! {
    /// Payment token, `{CHAIN}_{TOKEN}`.
    Token, token_from_wire {
        /// USDT on Ethereum.
        EthUsdt,
        /// USDC on Ethereum.
        EthUsdc,
        /// WUSD on Ethereum.
        EthWusd,
        /// USDT on TRON (`TRX_USDT`).
        TrxUsdt,
        /// USDC on TRON (`TRX_USDC`).
        TrxUsdc,
        /// USDT on Solana.
        SolUsdt,
        /// USDC on Solana.
        SolUsdc,
    }
}

ffi_enum! {
    /// Payment order status, `orderStatus`.
    OrderStatus, order_status_from_wire {
        /// Awaiting payment.
        Paying,
        /// Paid: fulfil the order.
        Paid,
        /// Cancelled before payment.
        Cancelled,
        /// A refund is in progress.
        Refunding,
        /// Partly refunded.
        PartialRefunded,
        /// Fully refunded.
        Refunded,
        /// The payment window expired.
        Timeout,
    }
}

ffi_enum! {
    /// Refund order status, `refundStatus`.
    RefundStatus, refund_status_from_wire {
        /// Waiting to be refunded.
        PendingRefund,
        /// Refund in progress.
        Refunding,
        /// Refund completed.
        Refunded,
        /// Refund cancelled.
        Cancelled,
        /// Refund failed.
        Failed,
    }
}

ffi_enum! {
    /// Settlement order status, `settleStatus`.
    SettleStatus, settle_status_from_wire {
        /// Waiting to be settled.
        PendingSettlement,
        /// Settlement in progress.
        Settling,
        /// Settled.
        Settled,
        /// Failed.
        Failed,
        /// Rejected by review.
        Rejected,
        /// Cancelled.
        Cancelled,
    }
}

ffi_enum! {
    /// Abnormal payment type.
    AbnormalPaymentType, abnormal_payment_type_from_wire {
        /// Paid more than the order amount.
        OverPaid,
        /// Paid less than required.
        UnderPaid,
        /// Paid after the order expired.
        LatePayment,
    }
}

ffi_enum! {
    /// Abnormal payment status.
    AbnormalPaymentStatus, abnormal_payment_status_from_wire {
        /// Not yet handled.
        Pending,
        /// Handled.
        Handled,
    }
}

ffi_enum! {
    /// Webhook event type, `eventType`.
    EventType, event_type_from_wire {
        /// A payment order's status changed.
        CheckoutOrderChanged,
        /// A refund order's status changed.
        RefundOrderChanged,
        /// A settlement order's status changed.
        SettlementOrderChanged,
        /// An over-, under- or late payment was detected.
        AbnormalPayment,
    }
}
