//! Errors cross as core's typed `WCheckoutError` (Kotlin's sealed `WCheckoutException`); this
//! module has the result alias and the test hooks.

use wcheckout::Error;
pub use wcheckout::uniffi_support::WCheckoutError;

/// Result alias of this crate.
pub type FfiResult<T> = Result<T, WCheckoutError>;

/// An `invalid_argument` error raised by a conversion in this crate.
pub(crate) fn invalid_argument(reason: impl Into<String>) -> WCheckoutError {
    Error::InvalidArgument { reason: reason.into() }.into()
}

/// Every code an error can carry (`Error::CODES`).
#[uniffi::export]
pub fn ffi_error_codes() -> Vec<String> {
    Error::CODES.iter().map(|c| (*c).to_owned()).collect()
}

/// Raises a sample core error with this code, as a real call would (`invalid_argument` for an
/// unknown code), so tests can prove that every code reaches Kotlin as its own class.
#[uniffi::export]
pub fn ffi_raise_for_test(code: String) -> FfiResult<()> {
    let sample = wcheckout::uniffi_support::error_samples().into_iter().find(|e| e.code() == code);
    Err(sample
        .unwrap_or_else(|| Error::InvalidArgument { reason: format!("no sample error with code {code:?}") })
        .into())
}

/// Panics on purpose, so tests can prove a panic reaches Kotlin as `WCheckoutException.Internal`
/// (UniFFI catches it at the FFI edge) and never crashes the JVM.
#[uniffi::export]
#[allow(clippy::panic)] // deliberate: the test hook
pub fn ffi_panic_for_test(message: String) {
    std::panic::panic_any(message)
}
