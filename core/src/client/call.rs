//! Per-call overrides: a shorter (or longer) timeout, a different retry budget, and a cancel
//! flag, for one call or a group of calls, without building another client.
//!
//! ```no_run
//! use std::time::Duration;
//! use wcheckout::client::{CallOptions, CancelFlag};
//!
//! # let client = wcheckout::Client::builder("k", "s", "sk").build()?;
//! let cancel = CancelFlag::new();
//! let quick = client.with_call_options(CallOptions {
//!     timeout: Some(Duration::from_secs(2)),
//!     max_retries: Some(0),
//!     cancel: Some(cancel.clone()),
//! })?;
//! let order = quick.get_checkout_order_info("A1001")?;
//! # Ok::<(), wcheckout::Error>(())
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::Client;
use crate::error::{Error, Result};

/// Asks a call to stop: no further attempt or retry starts once it is set. An attempt already
/// sent is not recalled, so a cancelled call may still have been processed. Clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    /// A flag not yet set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the flag.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether the flag is set.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Overrides for the calls made through [`Client::with_call_options`]. `None` keeps the client's
/// setting.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Overall timeout of one attempt (as [`ClientBuilder::timeout`](super::ClientBuilder::timeout)).
    pub timeout: Option<Duration>,
    /// Retries after the first attempt, 0 to 10.
    pub max_retries: Option<u32>,
    /// Stops further attempts when set.
    pub cancel: Option<CancelFlag>,
}

impl CallOptions {
    pub(crate) fn is_cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(CancelFlag::is_cancelled)
    }
}

impl Client {
    /// A client sharing this one's connections and token whose calls use `options`. Cheap:
    /// make one per call. Out-of-range values are `invalid_argument` errors.
    pub fn with_call_options(&self, options: CallOptions) -> Result<Client> {
        if let Some(t) = options.timeout
            && (t.is_zero() || t > super::config::MAX_TIMEOUT)
        {
            return Err(Error::InvalidArgument {
                reason: format!("timeout must be greater than zero and at most 1 hour, got {t:?}"),
            });
        }
        if options.max_retries.is_some_and(|n| n > super::config::MAX_RETRIES) {
            return Err(Error::InvalidArgument { reason: "max_retries must be at most 10".into() });
        }
        Ok(Client { inner: self.inner.clone(), call: Arc::new(options) })
    }

    /// The error a cancelled call stops with. Bindings replace it with their own (an
    /// `AbortError` in Node); `uncertain` says whether an earlier attempt may have landed.
    pub(crate) fn cancelled(uncertain: bool) -> Error {
        Error::transport("the call was cancelled before its next attempt", uncertain)
    }
}
