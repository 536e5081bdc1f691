//! Request signing: core's `Signer` and `string_to_sign`, exposed as is.

use std::sync::Arc;

use wcheckout::QueryPrefix;
use wcheckout::signing::{self, SignInput, Signer};

use crate::error::FfiResult;

/// The parts of a request's string to sign, in one record so that a signature costs one
/// argument crossing instead of six (JNA crossings dominate the cost of a signature).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SignRequestInput {
    /// HTTP method (upper-cased when signed).
    pub method: String,
    /// Milliseconds since the epoch, as the decimal text sent in `TIMESTAMP`.
    pub timestamp: String,
    /// Path starting with `/`, no query.
    pub path: String,
    /// Query text, no leading `?`, not percent-encoded.
    pub query: String,
    /// The exact body bytes.
    pub body: Vec<u8>,
    /// `?` between path and query in the signed text (one-shot functions only; a signer keeps its own).
    pub query_prefix: QueryPrefix,
}

impl SignRequestInput {
    fn as_core(&self) -> SignInput<'_> {
        SignInput::new(&self.method, &self.timestamp, &self.path).query(&self.query).body(&self.body)
    }
}

/// `Base64(HMAC-SHA512(signKey, METHOD + TIMESTAMP + PATH + QUERY + BODY))`, one shot.
#[uniffi::export]
pub fn ffi_sign_request(sign_key: String, input: SignRequestInput) -> FfiResult<String> {
    Ok(signing::sign_request(&sign_key, &input.as_core(), input.query_prefix)?)
}

/// The exact bytes that are signed for a request.
#[uniffi::export]
pub fn ffi_string_to_sign(input: SignRequestInput) -> FfiResult<Vec<u8>> {
    Ok(signing::string_to_sign(&input.as_core(), input.query_prefix)?)
}

/// Milliseconds since the Unix epoch (the `TIMESTAMP` header value).
#[uniffi::export]
pub fn ffi_now_millis() -> i64 {
    i64::try_from(signing::now_millis()).unwrap_or(i64::MAX)
}

/// A signer keyed once with a `signKey` (HMAC key schedule done once). Its key is never shown.
#[derive(Debug, uniffi::Object)]
pub struct FfiSigner {
    inner: Signer,
}

impl FfiSigner {
    /// The core signer (the JNI path signs with it).
    pub(crate) fn core(&self) -> &Signer {
        &self.inner
    }
}

#[uniffi::export]
impl FfiSigner {
    /// Keys HMAC-SHA512 with the UTF-8 bytes of `sign_key`; an empty key is an error.
    #[uniffi::constructor]
    pub fn new(sign_key: String, query_prefix: QueryPrefix) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(FfiSigner { inner: Signer::new(&sign_key)?.with_query_prefix(query_prefix) }))
    }

    /// Signs a request (the input's `query_prefix` is ignored: the signer's own applies).
    pub fn sign(&self, input: SignRequestInput) -> FfiResult<String> {
        Ok(self.inner.sign(&input.as_core())?)
    }

    /// Verifies a request signature in constant time (`signature_mismatch` when it does not match).
    pub fn verify(&self, input: SignRequestInput, signature: String) -> FfiResult<()> {
        Ok(self.inner.verify(&input.as_core(), &signature)?)
    }

    /// Signs `TIMESTAMP + BODY` (the webhook and short response form).
    pub fn sign_timestamp_body(&self, timestamp: String, body: Vec<u8>) -> FfiResult<String> {
        Ok(self.inner.sign_timestamp_body(&timestamp, &body)?)
    }
}
