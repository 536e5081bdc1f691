//! [`RequestLog`]: what a Kotlin `RequestListener` receives for each HTTP attempt, the shape of
//! the client's own [`client::RequestLog`](crate::client::RequestLog) without what a log must
//! not carry by default (the signed string and timestamp; the query and bodies unless asked for).

use std::time::Duration;

use crate::client;

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

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl RequestLog {
    /// The record of one attempt; `bodies` includes the query and the bodies.
    pub fn from_core(log: &client::RequestLog, bodies: bool) -> Self {
        RequestLog {
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
        }
    }
}
