//! Kotlin/JVM bindings (UniFFI, JNA) over the `wcheckout` core.
//!
//! The models, enums, options, `Amount` and the typed error are the core's own types, derived
//! for UniFFI in core (feature `uniffi`, `wcheckout::uniffi_support`) and generated into the
//! public Kotlin package `com.wcheckout`. This crate adds only what crosses the FFI as objects
//! and functions (the client, signer, verifier, pagers), generated into `com.wcheckout.ffi` and
//! wrapped by the idiomatic Kotlin layer in `src/main/kotlin` (`WCheckoutClient`, `suspend`
//! wrappers, `ClientOptions`). Every rule lives in core. No function here panics: every failure
//! is a `WCheckoutError`, including an invalid `BigDecimal` handed in from Kotlin.
mod client;
mod error;
mod fleet;
mod jni;
mod operability;
mod signing;
#[cfg(feature = "testing")]
mod testing;
mod webhook;

pub use client::*;
pub use error::*;
pub use fleet::*;
pub use operability::*;
pub use signing::*;
#[cfg(feature = "testing")]
pub use testing::*;
pub use webhook::*;

use wcheckout::Amount;
use wcheckout::model::{
    AbnormalPaymentStatus, AbnormalPaymentType, EventType, OrderStatus, RefundStatus, SettleStatus, Token,
};

uniffi::setup_scaffolding!("wcheckout_ffi");

/// Parses decimal text as an exact amount; returns its canonical text.
#[uniffi::export]
pub fn ffi_parse_amount(text: String) -> FfiResult<Amount> {
    Ok(Amount::parse(&text)?)
}

/// Reads an amount from the raw JSON text of one value (a number literal or a decimal string).
#[uniffi::export]
pub fn ffi_amount_from_json(json: String) -> FfiResult<Amount> {
    let value: serde_json::Value = serde_json::from_str(&json)
        .map_err(|e| wcheckout::Error::InvalidAmount { reason: format!("amount is not a JSON value: {e}") })?;
    Ok(Amount::from_json(&value)?)
}

/// Interprets a response envelope as the client does: the `retdata` as JSON text (`null` when
/// absent), or the API/decode error.
#[uniffi::export]
pub fn ffi_parse_envelope(http_status: i32, body: Vec<u8>) -> FfiResult<String> {
    let status = u16::try_from(http_status).map_err(|_| invalid_argument("httpStatus must be 0..65535"))?;
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

/// Every model and enumeration of the core as JSON (`wcheckout::schema::to_json`): what the
/// Kotlin guard test checks the generated classes against, field by field.
#[uniffi::export]
pub fn ffi_model_schema() -> String {
    wcheckout::schema::to_json().to_string()
}

macro_rules! from_wire {
    ($($(#[$meta:meta])* $fn_name:ident => $ty:ident,)+) => {$(
        $(#[$meta])*
        #[uniffi::export]
        pub fn $fn_name(wire: String) -> $ty {
            $ty::from_wire(&wire)
        }
    )+};
}

from_wire! {
    /// `Token.fromWire`: unknown text becomes `Token.Unknown`, never an error.
    token_from_wire => Token,
    /// `OrderStatus.fromWire`.
    order_status_from_wire => OrderStatus,
    /// `RefundStatus.fromWire`.
    refund_status_from_wire => RefundStatus,
    /// `SettleStatus.fromWire`.
    settle_status_from_wire => SettleStatus,
    /// `AbnormalPaymentType.fromWire`.
    abnormal_payment_type_from_wire => AbnormalPaymentType,
    /// `AbnormalPaymentStatus.fromWire`.
    abnormal_payment_status_from_wire => AbnormalPaymentStatus,
    /// `EventType.fromWire`.
    event_type_from_wire => EventType,
}
