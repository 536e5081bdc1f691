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

/// An `InvalidArgumentError` raised by the binding itself (a value Python handed over is unusable).
pub fn invalid_argument(reason: impl Into<String>) -> PyErr {
    to_py_err(wcheckout::Error::InvalidArgument { reason: reason.into() })
}
