//! Request signing and the webhook test-signing helper.

use napi::bindgen_prelude::Uint8Array;
use napi::{Either, Env};
use napi_derive::napi;
use wcheckout::signing::{QueryPrefix, SignInput, Signer, string_to_sign};

use crate::error::{OrThrow, invalid};

fn prefix(name: Option<&str>) -> Result<QueryPrefix, wcheckout::Error> {
    match name {
        None | Some("none") => Ok(QueryPrefix::None),
        Some("questionMark") => Ok(QueryPrefix::QuestionMark),
        Some(other) => Err(invalid(format!(
            "queryPrefix must be \"none\" or \"questionMark\", got {:?}",
            other.chars().take(32).collect::<String>()
        ))),
    }
}

/// Body bytes: a `Buffer`/`Uint8Array` as is, a string as UTF-8.
pub type Body = Either<Uint8Array, String>;

pub fn body_bytes(body: &Body) -> &[u8] {
    match body {
        Either::A(bytes) => bytes,
        Either::B(text) => text.as_bytes(),
    }
}

/// The exact text that is signed for a request.
#[napi(js_name = "nativeStringToSign")]
pub fn native_string_to_sign(
    env: Env,
    method: String,
    timestamp: String,
    path: String,
    query: String,
    body: Either<Uint8Array, String>,
    query_prefix: Option<String>,
) -> napi::Result<String> {
    crate::error::guarded(&env, || {
        let input = SignInput::new(&method, &timestamp, &path).query(&query).body(body_bytes(&body));
        (|| {
            let bytes = string_to_sign(&input, prefix(query_prefix.as_deref())?)?;
            String::from_utf8(bytes).map_err(|_| invalid("the string to sign is not UTF-8"))
        })()
        .or_throw(&env)
    })
}

/// A pre-keyed signer: Base64(HMAC-SHA512(signKey, METHOD + TIMESTAMP + PATH + QUERY + BODY)).
/// `sign` takes the body as text, `signBytes` as bytes (two entry points instead of an `Either`,
/// whose failed first guess costs more than the signature). `signRequest` in JS reuses one.
#[derive(Debug)]
#[napi(js_name = "NativeSigner")]
pub struct NativeSigner {
    inner: Signer,
}

#[napi]
impl NativeSigner {
    #[napi(constructor)]
    pub fn new(env: Env, sign_key: String, query_prefix: Option<String>) -> napi::Result<Self> {
        crate::error::guarded(&env, || {
            (|| Ok(NativeSigner { inner: Signer::new(&sign_key)?.with_query_prefix(prefix(query_prefix.as_deref())?) }))()
                .or_throw(&env)
        })
    }

    #[napi]
    pub fn sign(
        &self,
        env: Env,
        method: String,
        timestamp: String,
        path: String,
        query: String,
        body: String,
    ) -> napi::Result<String> {
        crate::error::guarded(&env, || {
            let input = SignInput::new(&method, &timestamp, &path).query(&query).body(body.as_bytes());
            self.inner.sign(&input).or_throw(&env)
        })
    }

    #[napi]
    pub fn sign_bytes(
        &self,
        env: Env,
        method: String,
        timestamp: String,
        path: String,
        query: String,
        body: &[u8],
    ) -> napi::Result<String> {
        crate::error::guarded(&env, || {
            let input = SignInput::new(&method, &timestamp, &path).query(&query).body(body);
            self.inner.sign(&input).or_throw(&env)
        })
    }

    /// Constant-time check; `false` on a mismatch, an error on malformed input.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn verify(
        &self,
        env: Env,
        method: String,
        timestamp: String,
        path: String,
        query: String,
        body: Either<Uint8Array, String>,
        signature: String,
    ) -> napi::Result<bool> {
        crate::error::guarded(&env, || {
            let input = SignInput::new(&method, &timestamp, &path).query(&query).body(body_bytes(&body));
            match self.inner.verify(&input, &signature) {
                Ok(()) => Ok(true),
                Err(wcheckout::Error::SignatureMismatch) => Ok(false),
                Err(e) => Err(crate::error::to_js(&env, &e)),
            }
        })
    }
}

/// Signs a webhook body as W Checkout does, for tests: `[name, value, name, value]`.
#[napi(js_name = "nativeSignWebhook")]
pub fn sign_webhook(
    env: Env,
    sign_key: String,
    body: Either<Uint8Array, String>,
    timestamp_ms: f64,
) -> napi::Result<Vec<String>> {
    crate::error::guarded(&env, || {
        (|| {
            let ts = crate::util::millis(timestamp_ms, "timestampMs")?;
            let pairs = wcheckout::webhook::sign_for_test(&sign_key, body_bytes(&body), ts)?;
            Ok(pairs.into_iter().flat_map(|(k, v)| [k, v]).collect())
        })()
        .or_throw(&env)
    })
}
