//! Inbound webhooks: core's `Verifier` (verify the raw body, then parse) returning core's
//! `WebhookEvent` (a sealed class in Kotlin).

use std::sync::Arc;

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
        Ok(self.inner.verify(&pairs(headers), &body)?.into())
    }

    /// Verifies as if the time were `now_ms` (milliseconds since the epoch), then parses.
    pub fn verify_at(&self, headers: Vec<HttpHeader>, body: Vec<u8>, now_ms: i64) -> FfiResult<WebhookEvent> {
        let now = u64::try_from(now_ms).map_err(|_| invalid_argument("nowMs must not be negative"))?;
        Ok(self.inner.verify_at(&pairs(headers), &body, now)?.into())
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
