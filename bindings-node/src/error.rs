//! Core errors as JavaScript `Error` objects carrying `code`, `retcode`, `retmsg` and `httpStatus`.
//!
//! The JavaScript layer (`lib/errors.js`) turns them into `WCheckoutError` subclasses by `code`.

use napi::{Env, JsValue, Status};
use wcheckout::Error as CoreError;

/// Builds the JS error for a core error; falls back to a plain napi error if V8 refuses.
pub fn to_js(env: &Env, e: &CoreError) -> napi::Error {
    build(env, e).unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, e.to_string()))
}

fn build(env: &Env, e: &CoreError) -> napi::Result<napi::Error> {
    let mut obj = env.create_error(napi::Error::new(Status::GenericFailure, e.to_string()))?;
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
    Ok(napi::Error::from(obj.to_unknown()))
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
