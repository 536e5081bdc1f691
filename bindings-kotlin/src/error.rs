//! The one error type that crosses the FFI. The Kotlin layer maps it, by `code`, onto the sealed
//! `WCheckoutException` hierarchy; no field is called `message` (it clashes with Kotlin's).

use wcheckout::Error;
use wcheckout::error::ExistingObject as CoreExisting;

use crate::models::{CheckoutOrder, RefundOrder, SettlementOrder};

/// The object already stored under a merchant number, carried by an idempotency conflict.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ExistingObject {
    /// A payment order.
    CheckoutOrder {
        /// The stored order.
        order: CheckoutOrder,
    },
    /// A refund order.
    RefundOrder {
        /// The stored refund.
        refund: RefundOrder,
    },
    /// A settlement order.
    SettlementOrder {
        /// The stored settlement.
        settlement: SettlementOrder,
    },
}

impl ExistingObject {
    fn from_core(e: &CoreExisting) -> Option<Self> {
        Some(match e {
            CoreExisting::CheckoutOrder(o) => ExistingObject::CheckoutOrder { order: (**o).clone().into() },
            CoreExisting::RefundOrder(r) => ExistingObject::RefundOrder { refund: (**r).clone().into() },
            CoreExisting::SettlementOrder(s) => ExistingObject::SettlementOrder { settlement: (**s).clone().into() },
            _ => return None,
        })
    }
}

/// A core error, flattened: its stable code, its full text, and the API fields where they apply.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum FfiError {
    /// Every core error arrives as this one variant; `code` tells the kinds apart.
    #[error("{reason}")]
    Failed {
        /// `Error::code()`: a stable machine-readable string.
        code: String,
        /// The core error's full message (never empty, never a secret).
        reason: String,
        /// True when retrying the same request could succeed.
        retryable: bool,
        /// The envelope's `retcode` (API errors only).
        retcode: Option<String>,
        /// The envelope's `retmsg` (API errors only).
        retmsg: Option<String>,
        /// The HTTP status (API errors only).
        http_status: Option<i32>,
        /// True when an attempt may have been processed and the result is unknown.
        outcome_unknown: bool,
        /// Idempotency conflicts: the differing fields (wire names).
        differences: Vec<String>,
        /// Idempotency conflicts: the object stored under the number.
        existing: Option<ExistingObject>,
    },
}

impl From<Error> for FfiError {
    fn from(e: Error) -> Self {
        FfiError::Failed {
            code: e.code().to_owned(),
            reason: e.to_string(),
            retryable: e.is_retryable(),
            retcode: e.retcode().map(str::to_owned),
            retmsg: e.retmsg().map(str::to_owned),
            http_status: e.http_status().map(i32::from),
            outcome_unknown: e.outcome_unknown(),
            differences: match &e {
                Error::IdempotencyConflict { differences, .. } => differences.clone(),
                _ => Vec::new(),
            },
            existing: e.existing().and_then(ExistingObject::from_core),
        }
    }
}

impl FfiError {
    /// An `invalid_argument` error raised by a conversion in this crate.
    pub(crate) fn invalid_argument(reason: impl Into<String>) -> Self {
        Error::InvalidArgument { reason: reason.into() }.into()
    }
}

/// Result alias of this crate.
pub type FfiResult<T> = Result<T, FfiError>;

/// Every code an error can carry (`Error::CODES`), for tests that check each maps to a class.
#[uniffi::export]
pub fn ffi_error_codes() -> Vec<String> {
    Error::CODES.iter().map(|c| (*c).to_owned()).collect()
}

/// Panics on purpose, so tests can prove a panic reaches Kotlin as `WCheckoutException.Internal`
/// (UniFFI catches it at the FFI edge) and never crashes the JVM.
#[uniffi::export]
#[allow(clippy::panic)] // deliberate: the test hook
pub fn ffi_panic_for_test(message: String) {
    std::panic::panic_any(message)
}
