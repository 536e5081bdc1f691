//! Wire models: the shared enums, the envelope, and request/response types per resource.
//!
//! Field names follow the API's camelCase on the wire and snake_case in Rust. Amounts are exact
//! [`Amount`](crate::Amount)s; statuses are enums that keep unknown values; unknown response
//! fields are ignored.

mod abnormal;
mod enums;
mod envelope;
mod events;
mod order;
mod page;
mod refund;
mod settlement;

pub use abnormal::*;
pub use enums::*;
pub use envelope::*;
pub(crate) use envelope::{RawEnvelope, RetData};
pub use events::*;
pub use order::*;
pub use page::*;
pub use refund::*;
pub use settlement::*;

use crate::error::{Error, Result};

/// Checks a merchant-chosen number (`orderNo`, `refundOrderNo`, `settlementOrderNo`): non-empty,
/// at most 64 characters, ASCII letters and digits only (the API answers `00008` otherwise).
pub fn validate_merchant_no(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::InvalidArgument { reason: format!("{field} is required") });
    }
    if value.len() > 64 {
        return Err(Error::InvalidArgument { reason: format!("{field} must be at most 64 characters") });
    }
    if !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::InvalidArgument {
            reason: format!(
                "{field} must contain only ASCII letters and digits, got {:?}",
                crate::signing::truncate_for_message(value)
            ),
        });
    }
    Ok(())
}

pub(crate) fn require(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::InvalidArgument { reason: format!("{field} is required") })
    } else {
        Ok(())
    }
}

pub(crate) fn require_positive(field: &str, value: &crate::Amount) -> Result<()> {
    if value.is_zero() {
        Err(Error::InvalidAmount { reason: format!("{field} must be greater than zero") })
    } else {
        Ok(())
    }
}
