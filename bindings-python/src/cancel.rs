//! `wcheckout.CancelToken`: stops a call's further attempts from another thread or task
//! (`AsyncClient` sets one when the awaiting task is cancelled).

use pyo3::prelude::*;
use wcheckout::client::CancelFlag;

/// Stops the calls of the clients made with ``Client.with_options(cancel=token)`` from making
/// further attempts: a call waiting to retry stops at once, a call in flight stops after its
/// current attempt. The stopped call raises :class:`wcheckout.TransportError`; as for any error,
/// ``outcome_unknown`` says whether an attempt may have been processed. Thread-safe.
#[pyclass(frozen, module = "wcheckout")]
#[derive(Debug, Default)]
pub struct CancelToken {
    pub(crate) flag: CancelFlag,
}

#[pymethods]
impl CancelToken {
    #[new]
    fn new() -> Self {
        Self::default()
    }

    /// Sets the token: no further attempts for the calls that carry it. Idempotent.
    fn cancel(&self) {
        self.flag.cancel();
    }

    /// Whether ``cancel()`` was called.
    #[getter]
    fn cancelled(&self) -> bool {
        self.flag.is_cancelled()
    }

    fn __repr__(&self) -> String {
        format!("CancelToken(cancelled={})", if self.flag.is_cancelled() { "True" } else { "False" })
    }
}
