//! UniFFI support (feature `uniffi`): what the Kotlin binding needs beyond the derives on the
//! models themselves. The models, enums and options carry
//! `#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]` (or `Enum`) where they are defined,
//! so the Kotlin types *are* the core types: a field added to a model appears in Kotlin with no
//! binding edit. Here:
//!
//! - [`Amount`] crosses as its exact decimal text (`java.math.BigDecimal` in Kotlin, see
//!   `core/uniffi.toml`); text that is not a valid amount is a typed error, never a panic.
//! - [`WCheckoutError`]: the typed error Kotlin sees as the sealed `WCheckoutException`.
//! - [`WebhookEvent`], [`ReconcilePoll`] and the page records: the shapes the Kotlin API returns
//!   for [`Event`](crate::webhook::Event), [`Poll`](crate::reconcile::Poll) (which hold a JSON
//!   value and a core `Error`) and [`Page`] (a generic UniFFI cannot express).
//! - [`RequestLog`]: what a Kotlin `RequestListener` receives for each HTTP attempt.
//!
//! They live in core rather than in the binding crate because every public Kotlin type must be
//! generated into one package (`com.wcheckout`): UniFFI writes one package per crate, two crates
//! cannot share one, and Kotlin cannot reach `Token.EthUsdt` through a typealias.

mod error;
mod events;
mod log;

pub use error::{ExistingObject, WCheckoutError, WebhookFailure, error_samples};
pub use events::{PollFailure, ReconcilePoll, WebhookEvent};
pub use log::RequestLog;

use crate::Amount;
use crate::model::{AbnormalPayment, CheckoutOrder, Page, RefundOrder, SettlementOrder};

uniffi::custom_type!(Amount, String, {
    lower: |a| a.as_str().to_owned(),
    // The error is the binding's own error type, so UniFFI throws it as the call's
    // `WCheckoutException.InvalidAmount` instead of failing the call.
    try_lift: |s| Amount::parse(&s).map_err(|e| uniffi::deps::anyhow::Error::new(WCheckoutError::from(e))),
});

fn saturating_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn saturating_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
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

        impl From<Page<$item>> for $name {
            fn from(p: Page<$item>) -> Self {
                let has_more = p.has_more();
                // No `..`: a field added to `Page` does not compile here until it is exposed.
                let Page { records, total, page_num, page_size } = p;
                Self {
                    records,
                    total: saturating_i64(total),
                    page_num: saturating_i32(page_num),
                    page_size: saturating_i32(page_size),
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
