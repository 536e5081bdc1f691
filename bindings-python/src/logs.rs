//! Request logging on `logging.getLogger("wcheckout")`, fed by the core observer.
//!
//! The observer runs inside a core call, with the GIL released, on the thread that made the call.
//! It only appends the attempt to a thread-local list; once the call returns and the GIL is held
//! again, [`flush`] hands that list to `wcheckout._logging.emit` — unless the logger would drop
//! every record anyway. So logging never takes the GIL in the middle of a network call.

use std::cell::RefCell;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule};
use wcheckout::client::RequestLog;

thread_local! {
    static PENDING: RefCell<Vec<RequestLog>> = const { RefCell::new(Vec::new()) };
}

/// The core observer every Python client installs.
pub fn observe(log: &RequestLog) {
    PENDING.with(|p| p.borrow_mut().push(log.clone()));
}

static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    MODULE.get_or_try_init(py, || py.import("wcheckout._logging").map(Bound::unbind)).map(|m| m.bind(py))
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn record<'py>(py: Python<'py>, log: &RequestLog, bodies: bool) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("method", &log.method)?;
    d.set_item("path", &log.path)?;
    d.set_item("attempt", log.attempt)?;
    d.set_item("status", log.status)?;
    d.set_item("retcode", log.retcode.as_deref())?;
    d.set_item("error_code", log.error_code)?;
    d.set_item("elapsed_ms", millis(log.elapsed))?;
    d.set_item("retry_in_ms", log.retry_in.map(millis))?;
    d.set_item("token_request", log.is_token_request())?;
    if bodies {
        // The token call's query shows the api secret as <redacted> and its response is never
        // kept by the core; the bearer token is never part of a log.
        d.set_item("query", &log.query)?;
        d.set_item("body", &log.body)?;
        d.set_item("response_body", log.response_body.as_deref())?;
    }
    Ok(d)
}

/// Emits (or drops) the attempts the current thread's last call recorded.
pub fn flush(py: Python<'_>, bodies: bool) {
    let pending = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    if pending.is_empty() {
        return;
    }
    // Logging must never turn a successful call into an error: a failure here is reported the
    // way Python reports errors in logging handlers, and the call's result stands.
    let result = (|| -> PyResult<()> {
        let m = module(py)?;
        if !m.getattr("enabled")?.call0()?.is_truthy()? {
            return Ok(());
        }
        let list = PyList::empty(py);
        for log in &pending {
            list.append(record(py, log, bodies)?)?;
        }
        m.getattr("emit")?.call1((list, bodies))?;
        Ok(())
    })();
    if let Err(e) = result {
        e.write_unraisable(py, None);
    }
}
