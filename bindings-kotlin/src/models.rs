//! Response records, mirrored from core and converted field by field. Amounts are exact
//! (`java.math.BigDecimal` in Kotlin); counts are `Int`/`Long`; statuses keep unknown values.

use wcheckout::Amount;
use wcheckout::model as core;

use crate::enums::{
    AbnormalPaymentStatus, AbnormalPaymentType, IntoFfi, OrderStatus, RefundStatus, SettleStatus, Token,
};

macro_rules! mirror {
    ($(#[$meta:meta])* $name:ident from $core:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, uniffi::Record)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)+
        }

        impl From<core::$core> for $name {
            fn from(v: core::$core) -> Self {
                Self { $($field: $crate::enums::IntoFfi::into_ffi(v.$field),)+ }
            }
        }

        impl $crate::enums::IntoFfi<$name> for core::$core {
            fn into_ffi(self) -> $name {
                self.into()
            }
        }
    };
}
pub(crate) use mirror;

mirror! {
    /// CreateCheckoutOrder result: where and how much the user pays.
    CreatedCheckoutOrder from CreatedCheckoutOrder {
        /// W Checkout's order id (`OR…`).
        sysid: String,
        /// Echo of the merchant order number.
        order_no: String,
        /// Stablecoin amount the user must pay.
        paying_amount: Option<Amount>,
        /// Token.
        token: Option<Token>,
        /// Token contract address.
        coin_address: Option<String>,
        /// Rate used for the USD to token conversion.
        exchange_rate: Option<Amount>,
        /// On-chain address the user pays into.
        deposit_address: Option<String>,
        /// Hosted payment page.
        payment_url: Option<String>,
        /// Seconds until expiry.
        expired_in: Option<i64>,
        /// Echo.
        customer_id: Option<String>,
        /// Echo.
        merchant_id: Option<String>,
    }
}

mirror! {
    /// A payment order.
    CheckoutOrder from CheckoutOrder {
        /// W Checkout's order id (`OR…`).
        sysid: String,
        /// Merchant order number.
        order_no: String,
        /// USD amount.
        order_amount: Option<Amount>,
        /// Stablecoin amount due.
        paying_amount: Option<Amount>,
        /// Customer id.
        customer_id: Option<String>,
        /// Merchant id.
        merchant_id: Option<String>,
        /// Seconds until expiry, from creation.
        expired_in: Option<i64>,
        /// Token.
        token: Option<Token>,
        /// Payment transaction hash, once paid.
        tx_hash: Option<String>,
        /// Deposit address.
        deposit_address: Option<String>,
        /// Status.
        order_status: OrderStatus,
        /// Amount refunded so far.
        refunded_amount: Option<Amount>,
        /// Hosted payment page, when included.
        payment_url: Option<String>,
        /// Token contract address, when included.
        coin_address: Option<String>,
        /// Conversion rate, when included.
        exchange_rate: Option<Amount>,
        /// Creation time as the API writes it.
        created_time: Option<String>,
        /// Last update time as the API writes it.
        updated_time: Option<String>,
    }
}

mirror! {
    /// A refund order.
    RefundOrder from RefundOrder {
        /// W Checkout's refund id (`RF…`).
        sysid: String,
        /// Merchant refund number.
        refund_order_no: String,
        /// Refunded payment order.
        order_no: Option<String>,
        /// Refunded abnormal payment.
        abnormal_payment_no: Option<String>,
        /// Token.
        token: Option<Token>,
        /// Refund amount.
        amount: Option<Amount>,
        /// Status.
        refund_status: RefundStatus,
        /// Refund transaction hash, once sent.
        tx_hash: Option<String>,
        /// Destination address, when the refund was created with one.
        address: Option<String>,
        /// Free text.
        remark: Option<String>,
        /// Creation time.
        created_time: Option<String>,
        /// Last update time.
        updated_time: Option<String>,
    }
}

mirror! {
    /// A settlement order.
    SettlementOrder from SettlementOrder {
        /// W Checkout's settlement id (`ST…`).
        sysid: String,
        /// Merchant settlement number.
        settlement_order_no: String,
        /// Merchant id.
        merchant_id: Option<String>,
        /// Token.
        token: Option<Token>,
        /// Destination address (stablecoin settlements).
        address: Option<String>,
        /// Amount settled.
        settlement_amount: Option<Amount>,
        /// Status.
        settle_status: SettleStatus,
        /// Fiat currency (fiat settlements).
        fiat: Option<String>,
        /// Bank account (fiat settlements).
        bank_account_id: Option<String>,
        /// Payout transaction hash, once sent.
        tx_hash: Option<String>,
        /// Creation time.
        created_time: Option<String>,
        /// Last update time.
        updated_time: Option<String>,
    }
}

mirror! {
    /// An abnormal (over-, under- or late) payment.
    AbnormalPayment from AbnormalPayment {
        /// W Checkout's abnormal payment number.
        abnormal_payment_no: String,
        /// The related payment order.
        order_no: Option<String>,
        /// Token paid.
        token: Option<Token>,
        /// Amount actually received.
        amount: Option<Amount>,
        /// On-chain transaction hash of the payment.
        hash: Option<String>,
        /// Amount still to be handled.
        pending_amount: Option<Amount>,
        /// Over-, under- or late payment.
        abnormal_type: Option<AbnormalPaymentType>,
        /// Pending or handled.
        status: Option<AbnormalPaymentStatus>,
        /// Creation time.
        created_time: Option<String>,
        /// Last update time.
        updated_time: Option<String>,
    }
}

macro_rules! page {
    ($(#[$meta:meta])* $name:ident of $item:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, uniffi::Record)]
        pub struct $name {
            /// Items on this page.
            pub records: Vec<$item>,
            /// Total number of items across all pages.
            pub total: i64,
            /// This page's number, from 1.
            pub page_num: i32,
            /// Page size used.
            pub page_size: i32,
            /// True when pages after this one may hold more items.
            pub has_more: bool,
        }

        impl From<core::Page<core::$item>> for $name {
            fn from(p: core::Page<core::$item>) -> Self {
                let has_more = p.has_more();
                Self {
                    total: p.total.into_ffi(),
                    page_num: p.page_num.into_ffi(),
                    page_size: p.page_size.into_ffi(),
                    records: p.records.into_ffi(),
                    has_more,
                }
            }
        }
    };
}

page!(
    /// One page of checkout orders.
    CheckoutOrderPage of CheckoutOrder
);
page!(
    /// One page of refund orders.
    RefundOrderPage of RefundOrder
);
page!(
    /// One page of settlement orders.
    SettlementOrderPage of SettlementOrder
);
page!(
    /// One page of abnormal payments.
    AbnormalPaymentPage of AbnormalPayment
);
