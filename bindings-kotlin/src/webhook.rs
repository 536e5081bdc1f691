//! Inbound webhooks: core's `Verifier` (verify the raw body), then core's one-pass parse, returning
//! core's `WebhookEvent` (a sealed class in Kotlin) whose `rawJson` is the body as received.

use std::sync::Arc;

use wcheckout::signing::now_millis;
use wcheckout::uniffi_support::WebhookEvent;
use wcheckout::webhook::{self, Verifier};

use crate::error::{FfiResult, invalid_argument};

/// One HTTP header as received.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    /// Name (matched case-insensitively).
    pub name: String,
    /// Value.
    pub value: String,
}

fn pairs(headers: Vec<HttpHeader>) -> Vec<(String, String)> {
    headers.into_iter().map(|h| (h.name, h.value)).collect()
}

/// Verifies `body` as if the time were `now_ms`, then parses it in one pass without a JSON tree
/// ([`webhook::parse_event_without_raw`]); `rawJson` is the body's own text, exactly as received
/// (the signed bytes), not a re-serialisation. The UniFFI methods and the JNI path both call this,
/// so both give the same events and errors.
pub(crate) fn verify_event<K: AsRef<str>, V: AsRef<str>>(
    verifier: &Verifier,
    headers: &[(K, V)],
    body: Vec<u8>,
    now_ms: u64,
) -> wcheckout::Result<WebhookEvent> {
    verifier.verify_signature_at(headers, &body, now_ms)?;
    // Refuses a body that is not UTF-8, so the conversion below cannot fail; mapped anyway.
    let event = webhook::parse_event_without_raw(&body)?;
    let raw_json = String::from_utf8(body)
        .map_err(|e| wcheckout::Error::WebhookMalformedJson { reason: format!("body is not UTF-8: {e}") })?;
    Ok(WebhookEvent::with_raw_json(event, raw_json))
}

/// Verifies webhook deliveries signed with one `signKey`.
#[derive(Debug, uniffi::Object)]
pub struct FfiVerifier {
    inner: Verifier,
}

impl FfiVerifier {
    /// The core verifier (the JNI path verifies with it).
    pub(crate) fn core(&self) -> &Verifier {
        &self.inner
    }
}

#[uniffi::export]
impl FfiVerifier {
    /// A verifier; `tolerance_ms` (milliseconds, not negative) defaults to ±120 s. An empty key
    /// is an error.
    #[uniffi::constructor]
    pub fn new(sign_key: String, tolerance_ms: Option<i64>) -> FfiResult<Arc<Self>> {
        let mut inner = Verifier::new(&sign_key)?;
        if let Some(ms) = tolerance_ms {
            inner = inner.with_tolerance(crate::client::millis("tolerance", ms)?);
        }
        Ok(Arc::new(FfiVerifier { inner }))
    }

    /// The tolerance in use, in milliseconds (saturating).
    pub fn tolerance_ms(&self) -> i64 {
        i64::try_from(self.inner.tolerance().as_millis()).unwrap_or(i64::MAX)
    }

    /// Verifies headers and the raw body against the current clock, then parses the event.
    pub fn verify(&self, headers: Vec<HttpHeader>, body: Vec<u8>) -> FfiResult<WebhookEvent> {
        Ok(verify_event(&self.inner, &pairs(headers), body, now_millis())?)
    }

    /// Verifies as if the time were `now_ms` (milliseconds since the epoch), then parses.
    pub fn verify_at(&self, headers: Vec<HttpHeader>, body: Vec<u8>, now_ms: i64) -> FfiResult<WebhookEvent> {
        let now = u64::try_from(now_ms).map_err(|_| invalid_argument("nowMs must not be negative"))?;
        Ok(verify_event(&self.inner, &pairs(headers), body, now)?)
    }
}

/// Signs a webhook body as W Checkout does, for tests: the `SIGNATURE` and `TIMESTAMP` headers.
#[uniffi::export]
pub fn ffi_sign_webhook_for_test(sign_key: String, body: Vec<u8>, timestamp_ms: i64) -> FfiResult<Vec<HttpHeader>> {
    let ts = u64::try_from(timestamp_ms).map_err(|_| invalid_argument("timestampMs must not be negative"))?;
    Ok(webhook::sign_for_test(&sign_key, &body, ts)?
        .into_iter()
        .map(|(name, value)| HttpHeader { name, value })
        .collect())
}

/// The body to answer a webhook with (HTTP 200).
#[uniffi::export]
pub fn webhook_acknowledgement() -> String {
    webhook::ACKNOWLEDGEMENT.to_owned()
}
