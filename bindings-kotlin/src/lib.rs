//! Kotlin/JVM bindings (UniFFI, JNA) over the `wcheckout` core.
//!
//! This crate only crosses the FFI: it mirrors core types as UniFFI records, enums and objects
//! and converts to and from them. Every rule (signing, JSON, retries, statuses) lives in core.
//! The Kotlin layer in `src/main/kotlin` adds the idiomatic API (`WCheckoutClient`, `suspend`
//! wrappers, the sealed `WCheckoutException` hierarchy). No function here panics: every failure
//! is an `FfiError`, including an invalid `BigDecimal` handed in from Kotlin.
// `FfiError` carries the stored object of an idempotency conflict by value (UniFFI has no `Box`);
// errors are rare and cross the FFI as a serialised buffer anyway, so their size costs nothing.
#![allow(clippy::result_large_err)]

mod client;
mod enums;
mod error;
mod fleet;
mod models;
mod operability;
mod requests;
mod signing;
#[cfg(feature = "testing")]
mod testing;
mod webhook;

pub use client::*;
pub use enums::*;
pub use error::*;
pub use fleet::*;
pub use models::*;
pub use operability::*;
pub use requests::*;
pub use signing::*;
#[cfg(feature = "testing")]
pub use testing::*;
pub use webhook::*;

use wcheckout::Amount;

uniffi::setup_scaffolding!("wcheckout");

// `Amount` crosses as its exact decimal text; Kotlin turns it into `java.math.BigDecimal`
// (uniffi.toml). Text that is not a valid amount (negative, NaN, …) becomes an `FfiError`
// (`invalid_amount`), which UniFFI hands back as the call's error instead of failing the call.
uniffi::custom_type!(Amount, String, {
    remote,
    lower: |a| a.as_str().to_owned(),
    try_lift: |s| Amount::parse(&s).map_err(|e| anyhow_from(FfiError::from(e))),
});

fn anyhow_from(e: FfiError) -> uniffi::deps::anyhow::Error {
    uniffi::deps::anyhow::Error::new(e)
}

/// Parses decimal text as an exact amount; returns its canonical text.
#[uniffi::export]
pub fn ffi_parse_amount(text: String) -> FfiResult<Amount> {
    Ok(Amount::parse(&text)?)
}

/// Reads an amount from the raw JSON text of one value (a number literal or a decimal string).
#[uniffi::export]
pub fn ffi_amount_from_json(json: String) -> FfiResult<Amount> {
    let value: serde_json::Value = serde_json::from_str(&json).map_err(|e| {
        FfiError::from(wcheckout::Error::InvalidAmount { reason: format!("amount is not a JSON value: {e}") })
    })?;
    Ok(Amount::from_json(&value)?)
}

/// Interprets a response envelope as the client does: the `retdata` as JSON text (`null` when
/// absent), or the API/decode error.
#[uniffi::export]
pub fn ffi_parse_envelope(http_status: i32, body: Vec<u8>) -> FfiResult<String> {
    let status = u16::try_from(http_status).map_err(|_| FfiError::invalid_argument("httpStatus must be 0..65535"))?;
    let data = wcheckout::model::Envelope::parse(&body)?.into_result(status)?;
    Ok(data.map(|v| v.to_string()).unwrap_or_else(|| "null".to_owned()))
}

/// Makes JSON text canonical as the client does before signing (whitespace outside strings removed).
#[uniffi::export]
pub fn ffi_canonicalize(json: String) -> FfiResult<String> {
    Ok(wcheckout::canonicalize(&json)?)
}

/// The core SDK version.
#[uniffi::export]
pub fn sdk_version() -> String {
    wcheckout::VERSION.to_owned()
}
