//! Core errors as JavaScript `Error` objects carrying `code`, `retcode`, `retmsg` and `httpStatus`.
//!
//! The JavaScript layer (`lib/errors.js`) turns them into `WCheckoutError` subclasses by `code`.

use napi::{Env, JsValue, Status};
use wcheckout::Error as CoreError;

/// Builds the JS error for a core error; falls back to a plain napi error if V8 refuses.
pub fn to_js(env: &Env, e: &CoreError) -> napi::Error {
    to_js_with_logs(env, e, None)
}

/// [`to_js`], carrying the call's request logs (JSON text) as `logsJson` for `onRequest`.
pub fn to_js_with_logs(env: &Env, e: &CoreError, logs: Option<String>) -> napi::Error {
    build(env, e, logs).unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, e.to_string()))
}

fn build(env: &Env, e: &CoreError, logs: Option<String>) -> napi::Result<napi::Error> {
    let mut obj = env.create_error(napi::Error::new(Status::GenericFailure, e.to_string()))?;
    if let Some(logs) = logs {
        obj.set("logsJson", logs)?;
    }
    obj.set("code", e.code())?;
    if let Some(retcode) = e.retcode() {
        obj.set("retcode", retcode)?;
    }
    if let Some(retmsg) = e.retmsg() {
        obj.set("retmsg", retmsg)?;
    }
    if let Some(status) = e.http_status() {
        obj.set("httpStatus", u32::from(status))?;
    }
    obj.set("retryable", e.is_retryable())?;
    obj.set("outcomeUnknown", e.outcome_unknown())?;
    if let CoreError::IdempotencyConflict { differences, existing, .. } = e {
        obj.set("differences", differences.clone())?;
        let json = match existing {
            wcheckout::error::ExistingObject::CheckoutOrder(o) => crate::json::typed_out(o),
            wcheckout::error::ExistingObject::RefundOrder(r) => crate::json::typed_out(r),
            wcheckout::error::ExistingObject::SettlementOrder(s) => crate::json::typed_out(s),
            _ => Ok("null".to_owned()),
        };
        obj.set("existingJson", json.unwrap_or_else(|_| "null".to_owned()))?;
    }
    Ok(napi::Error::from(obj.to_unknown()))
}

/// Runs work off the event loop, turning a panic (a bug) into an `internal` error.
pub fn no_panic<T>(f: impl FnOnce() -> Result<T, CoreError>) -> Result<T, CoreError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(CoreError::from_panic(payload.as_ref())))
}

/// Runs a synchronous entry point, turning a panic (a bug) into a thrown `internal` error.
pub fn guarded<T>(env: &Env, f: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(to_js(env, &CoreError::from_panic(payload.as_ref()))))
}

/// Panics on purpose inside [`guarded`] (sync) or [`no_panic`] (async), so tests can prove that a
/// panic surfaces as `InternalError` and never crashes the process.
#[napi_derive::napi(js_name = "nativePanicForTest")]
#[allow(clippy::panic)] // deliberate: the test hook
pub fn native_panic_for_test(env: Env, message: String) -> napi::Result<()> {
    guarded(&env, || std::panic::panic_any(message))
}

/// Shorthand for an `invalid_argument` core error.
pub fn invalid(reason: impl Into<String>) -> CoreError {
    CoreError::InvalidArgument { reason: reason.into() }
}

/// Maps a core result into a thrown JS error.
pub trait OrThrow<T> {
    /// Converts the error with [`to_js`].
    fn or_throw(self, env: &Env) -> napi::Result<T>;
}

impl<T> OrThrow<T> for Result<T, CoreError> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|e| to_js(env, &e))
    }
}

/// The async twin of [`native_panic_for_test`]: the panic happens on a worker thread, and the
/// Promise rejects with `InternalError`.
#[napi_derive::napi(js_name = "nativePanicForTestAsync", ts_return_type = "Promise<NativeOutcome>")]
#[allow(clippy::panic)] // deliberate: the test hook
pub fn native_panic_for_test_async<'env>(
    env: &'env Env,
    message: String,
) -> napi::Result<napi::bindgen_prelude::Object<'env>> {
    crate::client::start(env, move || std::panic::panic_any(message))
}

/// Threads the SDK's pool has started and how many are idle (for the test suite).
#[napi_derive::napi(js_name = "nativePoolStats")]
pub fn native_pool_stats() -> Vec<u32> {
    let (threads, idle) = crate::pool::stats();
    [threads, idle].iter().map(|n| u32::try_from(*n).unwrap_or(u32::MAX)).collect()
}
