//! Node.js bindings for the wcheckout core (napi-rs). Conversion only: every protocol rule
//! (signing, bodies, retries, pagination, webhooks) lives in the `wcheckout` crate.
//!
//! `lib/index.js` is the public API; this addon is its private `native/` half.

// napi-derive registers exports only outside `cfg(test)`; unit tests see them as unused.
#![cfg_attr(test, allow(dead_code))]

mod client;
mod error;
mod fleet;
mod json;
mod logs;
mod pager;
mod pool;
mod signing;
#[cfg(feature = "testing")]
mod testing;
mod util;
mod webhook;

use napi_derive::napi;

/// The core version, as sent in the User-Agent.
#[napi]
pub const VERSION: &str = wcheckout::VERSION;

/// Every `code` an error can carry.
#[napi(js_name = "errorCodes")]
pub fn error_codes() -> Vec<&'static str> {
    wcheckout::Error::CODES.to_vec()
}

/// The values this version knows for each enumeration (`kind`: token, orderStatus, refundStatus,
/// settleStatus, abnormalPaymentType, abnormalPaymentStatus, eventType). The API may send others.
#[napi(js_name = "knownValues")]
pub fn known_values(kind: String) -> Vec<&'static str> {
    use wcheckout::model::{
        AbnormalPaymentStatus, AbnormalPaymentType, EventType, OrderStatus, RefundStatus, SettleStatus, Token,
    };
    match kind.as_str() {
        "token" => Token::KNOWN.to_vec(),
        "orderStatus" => OrderStatus::KNOWN.to_vec(),
        "refundStatus" => RefundStatus::KNOWN.to_vec(),
        "settleStatus" => SettleStatus::KNOWN.to_vec(),
        "abnormalPaymentType" => AbnormalPaymentType::KNOWN.to_vec(),
        "abnormalPaymentStatus" => AbnormalPaymentStatus::KNOWN.to_vec(),
        "eventType" => EventType::KNOWN.to_vec(),
        _ => Vec::new(),
    }
}

/// The core's model schema as JSON text: every request, result and event model with its fields
/// (what `lib/types.d.ts`'s model section is generated from, and what the suite checks against).
#[napi(js_name = "modelSchema")]
pub fn model_schema() -> String {
    wcheckout::schema::to_json().to_string()
}
