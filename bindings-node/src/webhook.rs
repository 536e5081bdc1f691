//! Webhook verification, envelopes and amounts: pure functions over core, no I/O.

use std::time::Duration;

use napi::bindgen_prelude::Uint8Array;
use napi::{Either, Env};
use napi_derive::napi;
use serde::Serialize;
use wcheckout::model::{
    AbnormalPaymentDetected, CheckoutOrderChanged, Envelope, RefundOrderChanged, SettlementOrderChanged,
};
use wcheckout::webhook::{Event, EventData, Verifier};
use wcheckout::{Amount, Error as CoreError};

use crate::error::{OrThrow, invalid};
use crate::json::{exact_numbers, typed_out_sized, untyped_out};
use crate::signing::body_bytes;

/// The body to answer a webhook with (HTTP 200).
#[napi]
pub const ACKNOWLEDGEMENT: &str = wcheckout::webhook::ACKNOWLEDGEMENT;

#[derive(Serialize)]
#[serde(untagged)]
enum Data<'a> {
    CheckoutOrderChanged(&'a CheckoutOrderChanged),
    RefundOrderChanged(&'a RefundOrderChanged),
    SettlementOrderChanged(&'a SettlementOrderChanged),
    AbnormalPayment(&'a AbnormalPaymentDetected),
    Unknown(serde_json::Value),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsEvent<'a> {
    event_id: &'a str,
    event_type: &'a str,
    timestamp: i64,
    data: Data<'a>,
    dedupe_key: String,
    reconciled: bool,
}

/// The event as the JS layer receives it (`dedupeKey` and `reconciled` computed by core).
pub(crate) fn event_json(event: &Event) -> Result<String, CoreError> {
    let data = match &event.data {
        EventData::CheckoutOrderChanged(d) => Data::CheckoutOrderChanged(d),
        EventData::RefundOrderChanged(d) => Data::RefundOrderChanged(d),
        EventData::SettlementOrderChanged(d) => Data::SettlementOrderChanged(d),
        EventData::AbnormalPayment(d) => Data::AbnormalPayment(d),
        EventData::Unknown(v) => Data::Unknown(exact_numbers(v.clone())),
        _ => Data::Unknown(exact_numbers(event.raw.get("data").cloned().unwrap_or_default())),
    };
    let js = JsEvent {
        event_id: &event.event_id,
        event_type: event.event_type.as_str(),
        timestamp: event.timestamp,
        data,
        dedupe_key: event.dedupe_key(),
        reconciled: event.is_reconciled(),
    };
    // Most events are a few hundred bytes: one allocation instead of a doubling series.
    typed_out_sized(&js, 512)
}

/// Headers arrive as one string, `name\nvalue\nname\nvalue` (one napi string instead of one per
/// header; HTTP header names and values cannot contain line breaks, and the JS layer refuses them).
fn pairs(joined: &str) -> Result<Vec<(&str, &str)>, CoreError> {
    if joined.is_empty() {
        return Ok(Vec::new());
    }
    let parts: Vec<&str> = joined.split('\n').collect();
    if !parts.len().is_multiple_of(2) {
        return Err(invalid("headers must come as name/value pairs"));
    }
    Ok(parts.chunks_exact(2).map(|p| (p[0], p[1])).collect())
}

/// Verifies webhook deliveries signed with one signKey.
#[derive(Debug)]
#[napi(js_name = "NativeVerifier")]
pub struct NativeVerifier {
    inner: Verifier,
}

#[napi]
impl NativeVerifier {
    #[napi(constructor)]
    pub fn new(env: Env, sign_key: String, tolerance_sec: Option<f64>) -> napi::Result<Self> {
        crate::error::guarded(&env, || {
            (|| {
                let mut inner = Verifier::new(&sign_key)?;
                if let Some(sec) = tolerance_sec {
                    let tolerance = Duration::try_from_secs_f64(sec)
                        .ok()
                        .filter(|d| d.as_secs() <= 10 * 365 * 24 * 3600)
                        .ok_or_else(|| {
                            invalid(format!("toleranceSec must be from 0 to 315360000 seconds, got {sec}"))
                        })?;
                    inner = inner.with_tolerance(tolerance);
                }
                Ok(NativeVerifier { inner })
            })()
            .or_throw(&env)
        })
    }

    /// Verifies a body given as bytes and returns the event as JSON text.
    #[napi]
    pub fn verify(&self, env: Env, headers: String, body: &[u8], now_ms: Option<f64>) -> napi::Result<String> {
        crate::error::guarded(&env, || self.run(&headers, body, now_ms).or_throw(&env))
    }

    /// Verifies a body given as text (its UTF-8 bytes) and returns the event as JSON text.
    #[napi]
    pub fn verify_text(&self, env: Env, headers: String, body: String, now_ms: Option<f64>) -> napi::Result<String> {
        crate::error::guarded(&env, || self.run(&headers, body.as_bytes(), now_ms).or_throw(&env))
    }
}

impl NativeVerifier {
    fn run(&self, headers: &str, body: &[u8], now_ms: Option<f64>) -> Result<String, CoreError> {
        let headers = pairs(headers)?;
        let now = match now_ms {
            Some(ms) => crate::util::millis(ms, "nowMs")?,
            None => wcheckout::signing::now_millis(),
        };
        // Verify first (core), then parse once without keeping a JSON tree the addon does not use.
        self.inner.verify_signature_at(&headers, body, now)?;
        event_json(&wcheckout::webhook::parse_event_without_raw(body)?)
    }
}

/// Parses a response envelope (`{retcode, retdata, retmsg}`) as the client does: returns the
/// `retdata` as JSON text (`null` when absent) or throws an `api_error` / `decode_error`.
#[napi(js_name = "nativeParseEnvelope")]
pub fn parse_envelope(env: Env, body: Either<Uint8Array, String>, http_status: u32) -> napi::Result<String> {
    crate::error::guarded(&env, || {
        (|| {
            let status = u16::try_from(http_status).map_err(|_| invalid("httpStatus must be at most 65535"))?;
            let data = Envelope::parse(body_bytes(&body))?.into_result(status)?;
            untyped_out(data.unwrap_or_default())
        })()
        .or_throw(&env)
    })
}

/// Canonical text of a decimal amount given as text (`"12.50"`, `"1.5e2"`).
#[napi(js_name = "nativeNormalizeAmount")]
pub fn normalize_amount(env: Env, text: String) -> napi::Result<String> {
    crate::error::guarded(&env, || Amount::parse(&text).map(|a| a.as_str().to_owned()).or_throw(&env))
}

/// Canonical text of an amount given as JSON text: a number literal (exact digits) or a string.
#[napi(js_name = "nativeAmountFromJson")]
pub fn amount_from_json(env: Env, json: String) -> napi::Result<String> {
    crate::error::guarded(&env, || {
        (|| {
            let value: serde_json::Value = serde_json::from_str(&json)
                .map_err(|e| CoreError::InvalidAmount { reason: format!("not a JSON value: {e}") })?;
            Ok(Amount::from_json(&value)?.as_str().to_owned())
        })()
        .or_throw(&env)
    })
}

/// Parses JSON text with exact numbers: those a double cannot hold become strings.
#[napi(js_name = "nativeParseJsonExact")]
pub fn parse_json_exact(env: Env, body: Either<Uint8Array, String>) -> napi::Result<String> {
    crate::error::guarded(&env, || {
        (|| {
            let value: serde_json::Value =
                serde_json::from_slice(body_bytes(&body)).map_err(|e| CoreError::decode(format!("not JSON: {e}")))?;
            untyped_out(value)
        })()
        .or_throw(&env)
    })
}
