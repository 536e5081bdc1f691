//! Core errors become instances of the Python classes in `wcheckout/errors.py`, chosen by the
//! stable `Error::code()`. The message is the core's `Display` text, which never holds a secret.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

static ERRORS_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ERRORS_MODULE.get_or_try_init(py, || py.import("wcheckout.errors").map(Bound::unbind)).map(|m| m.bind(py))
}

fn build(py: Python<'_>, e: &wcheckout::Error) -> PyResult<PyErr> {
    let module = errors_module(py)?;
    let class = module.getattr("_CLASS_BY_CODE")?.get_item(e.code())?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", e.code())?;
    kwargs.set_item("retcode", e.retcode())?;
    kwargs.set_item("retmsg", e.retmsg())?;
    kwargs.set_item("http_status", e.http_status())?;
    kwargs.set_item("retryable", e.is_retryable())?;
    kwargs.set_item("outcome_unknown", e.outcome_unknown())?;
    if let wcheckout::Error::IdempotencyConflict { differences, existing, .. } = e {
        kwargs.set_item("differences", differences)?;
        kwargs.set_item("existing", crate::models::existing_to_py(py, existing)?)?;
    }
    let exc = class.call((e.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(exc))
}

/// Converts a core error into the matching `wcheckout.WCheckoutError` subclass.
pub fn to_py_err(e: wcheckout::Error) -> PyErr {
    Python::attach(|py| match build(py, &e) {
        Ok(err) => err,
        // Only if the Python half of the package is broken: keep the code and message visible.
        Err(import_error) => {
            let err = PyRuntimeError::new_err(format!("[{}] {e}", e.code()));
            err.set_cause(py, Some(import_error));
            err
        }
    })
}

/// `Result` conversion used everywhere a core call returns.
pub trait IntoPyResult<T> {
    /// Maps the error to a Python exception.
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for wcheckout::Result<T> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py_err)
    }
}

/// Runs a binding entry point, turning a panic (a bug) into `wcheckout.InternalError` instead of
/// pyo3's `PanicException`, which `except Exception` does not catch.
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(to_py_err(wcheckout::Error::from_panic(payload.as_ref()))))
}

/// Panics on purpose inside [`guard`], so tests can prove a panic surfaces as `InternalError`.
#[pyfunction]
#[allow(clippy::panic)] // deliberate: the test hook
pub fn _panic_for_test(message: &str) -> PyResult<()> {
    guard(|| -> PyResult<()> { std::panic::panic_any(message.to_owned()) })
}

/// An `InvalidArgumentError` raised by the binding itself (a value Python handed over is unusable).
pub fn invalid_argument(reason: impl Into<String>) -> PyErr {
    to_py_err(wcheckout::Error::InvalidArgument { reason: reason.into() })
}
