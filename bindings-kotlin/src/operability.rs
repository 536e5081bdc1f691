//! Request logs for a Kotlin listener, per-call overrides and cancellation.

use std::sync::Arc;

use wcheckout::client::{CallOptions, CancelFlag};
use wcheckout::uniffi_support::RequestLog;

use crate::client::{FfiClient, millis};
use crate::error::{FfiResult, invalid_argument};

/// Receives every HTTP attempt, on the thread that made the call, right after the attempt.
/// The Kotlin `RequestListener` adapter implements it and never lets an exception through.
#[uniffi::export(with_foreign)]
pub trait FfiRequestListener: Send + Sync + std::fmt::Debug {
    /// One attempt.
    fn on_request(&self, log: RequestLog);
}

/// The core observer forwarding to `listener` (core's `RequestLog` record; queries and bodies
/// only when `bodies`).
pub(crate) fn observer(
    listener: Arc<dyn FfiRequestListener>,
    bodies: bool,
) -> impl Fn(&wcheckout::client::RequestLog) + Send + Sync + 'static {
    move |log| listener.on_request(RequestLog::from_core(log, bodies))
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
            .map(|n| u32::try_from(n).map_err(|_| invalid_argument("maxRetries must not be negative")))
            .transpose()?;
        let options = CallOptions { timeout, max_retries, cancel: cancel.map(|c| c.0.clone()) };
        Ok(Arc::new(FfiClient::from_core(self.core().with_call_options(options)?)))
    }
}
