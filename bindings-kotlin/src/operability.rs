//! Request logs for a Kotlin listener, per-call overrides and cancellation.

use std::sync::Arc;
use std::time::Duration;

use wcheckout::client::{CallOptions, CancelFlag};

use crate::client::{FfiClient, millis};
use crate::error::{FfiError, FfiResult};

/// One HTTP attempt, as handed to a `RequestListener`. Never holds a secret or an access token;
/// `query`, `body` and `responseBody` are set only when the client logs bodies.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RequestLog {
    /// HTTP method.
    pub method: String,
    /// Path under the base URL.
    pub path: String,
    /// 1 for the first attempt of a call, 2 for its first retry, …
    pub attempt: i32,
    /// HTTP status, when a response arrived.
    pub status: Option<i32>,
    /// The envelope's `retcode` when one was read (`"200"` on success).
    pub retcode: Option<String>,
    /// The error code of a failed attempt (`"timeout"`, `"api_error"`, …).
    pub error_code: Option<String>,
    /// Time the attempt took, in milliseconds.
    pub elapsed_ms: i64,
    /// When the call tries again after this attempt: the wait first, in milliseconds.
    pub retry_in_ms: Option<i64>,
    /// Whether this is the access-token call (its response is never logged).
    pub token_request: bool,
    /// The query as signed (the token call's secret shows as `<redacted>`); with bodies only.
    pub query: Option<String>,
    /// The request body sent; with bodies only.
    pub body: Option<String>,
    /// The response body (up to 64 KiB, never the token call's); with bodies only.
    pub response_body: Option<String>,
}

/// Receives every HTTP attempt, on the thread that made the call, right after the attempt.
/// The Kotlin `RequestListener` adapter implements it and never lets an exception through.
#[uniffi::export(with_foreign)]
pub trait FfiRequestListener: Send + Sync + std::fmt::Debug {
    /// One attempt.
    fn on_request(&self, log: RequestLog);
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The core observer forwarding to `listener`.
pub(crate) fn observer(
    listener: Arc<dyn FfiRequestListener>,
    bodies: bool,
) -> impl Fn(&wcheckout::client::RequestLog) + Send + Sync + 'static {
    move |log| {
        listener.on_request(RequestLog {
            method: log.method.clone(),
            path: log.path.clone(),
            attempt: i32::try_from(log.attempt).unwrap_or(i32::MAX),
            status: log.status.map(i32::from),
            retcode: log.retcode.clone(),
            error_code: log.error_code.map(str::to_owned),
            elapsed_ms: ms(log.elapsed),
            retry_in_ms: log.retry_in.map(ms),
            token_request: log.is_token_request(),
            query: bodies.then(|| log.query.clone()),
            body: bodies.then(|| log.body.clone()),
            response_body: if bodies { log.response_body.clone() } else { None },
        });
    }
}

/// Stops a call's further attempts (a cancelled coroutine sets it). An attempt already sent is
/// not recalled.
#[derive(Debug, Default, uniffi::Object)]
pub struct FfiCancel(CancelFlag);

#[uniffi::export]
impl FfiCancel {
    /// A flag not yet set.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Sets the flag.
    pub fn cancel(&self) {
        self.0.cancel();
    }
}

#[uniffi::export]
impl FfiClient {
    /// A client sharing this one's connections and token whose calls use these overrides
    /// (`null` keeps the client's setting).
    pub fn with_call_options(
        &self,
        timeout_ms: Option<i64>,
        max_retries: Option<i32>,
        cancel: Option<Arc<FfiCancel>>,
    ) -> FfiResult<Arc<FfiClient>> {
        let timeout = timeout_ms.map(|t| millis("timeout", t)).transpose()?;
        let max_retries = max_retries
            .map(|n| u32::try_from(n).map_err(|_| FfiError::invalid_argument("maxRetries must not be negative")))
            .transpose()?;
        let options = CallOptions { timeout, max_retries, cancel: cancel.map(|c| c.0.clone()) };
        Ok(Arc::new(FfiClient::from_core(self.core().with_call_options(options)?)))
    }
}
