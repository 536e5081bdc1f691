//! Lazy iteration over list operations: each page is fetched by the core iterator with the GIL
//! released, when Python asks for an item past the ones already fetched.

use std::sync::{Mutex, MutexGuard};

use pyo3::prelude::*;
use pyo3::types::PyType;
use wcheckout::client::PageIter;
use wcheckout::model as m;

use crate::errors::IntoPyResult;
use crate::models::to_model;

/// The core iterator of one list operation.
#[derive(Debug)]
pub enum AnyIter {
    /// Checkout orders.
    Checkout(PageIter<m::CheckoutOrder>),
    /// Refund orders.
    Refund(PageIter<m::RefundOrder>),
    /// Settlement orders.
    Settlement(PageIter<m::SettlementOrder>),
    /// Abnormal payments.
    Abnormal(PageIter<m::AbnormalPayment>),
}

enum AnyItem {
    Checkout(m::CheckoutOrder),
    Refund(m::RefundOrder),
    Settlement(m::SettlementOrder),
    Abnormal(m::AbnormalPayment),
}

impl AnyIter {
    fn next_item(&mut self) -> Option<wcheckout::Result<AnyItem>> {
        Some(match self {
            AnyIter::Checkout(i) => i.next()?.map(AnyItem::Checkout),
            AnyIter::Refund(i) => i.next()?.map(AnyItem::Refund),
            AnyIter::Settlement(i) => i.next()?.map(AnyItem::Settlement),
            AnyIter::Abnormal(i) => i.next()?.map(AnyItem::Abnormal),
        })
    }

    fn total(&self) -> Option<u64> {
        match self {
            AnyIter::Checkout(i) => i.total(),
            AnyIter::Refund(i) => i.total(),
            AnyIter::Settlement(i) => i.total(),
            AnyIter::Abnormal(i) => i.total(),
        }
    }
}

/// Iterates over every item of a list call, fetching pages as needed. Raises the page's error
/// once if a fetch fails, then stops.
#[pyclass(frozen, module = "wcheckout")]
#[derive(Debug)]
pub struct PageIterator {
    inner: Mutex<AnyIter>,
    log_bodies: bool,
}

impl PageIterator {
    /// Wraps a core iterator; `log_bodies` as for the client that made it.
    pub fn new(inner: AnyIter, log_bodies: bool) -> Self {
        PageIterator { inner: Mutex::new(inner), log_bodies }
    }

    fn lock(&self) -> MutexGuard<'_, AnyIter> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[pymethods]
impl PageIterator {
    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, PyType>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        crate::models::class_getitem(cls, key)
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        crate::errors::guard(|| {
            let next = py.detach(|| self.lock().next_item());
            crate::logs::flush(py, self.log_bodies);
            let Some(item) = next else { return Ok(None) };
            Ok(Some(match item.py()? {
                AnyItem::Checkout(v) => to_model(py, &v)?,
                AnyItem::Refund(v) => to_model(py, &v)?,
                AnyItem::Settlement(v) => to_model(py, &v)?,
                AnyItem::Abnormal(v) => to_model(py, &v)?,
            }))
        })
    }

    /// The total reported by the last page fetched (None before the first fetch).
    #[getter]
    fn total(&self, py: Python<'_>) -> Option<u64> {
        py.detach(|| self.lock().total())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("PageIterator(total={:?})", self.total(py))
    }
}
