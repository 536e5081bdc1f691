//! The one error type that crosses the FFI. The Kotlin layer maps it, by `code`, onto the sealed
//! `WCheckoutException` hierarchy; no field is called `message` (it clashes with Kotlin's).

use wcheckout::Error;

/// A core error, flattened: its stable code, its full text, and the API fields where they apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
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
