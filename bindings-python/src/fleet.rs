//! Many processes, one merchant: `EventDeduplicator` and `Reconciler` over core's stores. Every
//! call that may touch a store or the network releases the GIL.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use wcheckout::reconcile::{self, Poll, WatchKind, Watched};
use wcheckout::store::{DEFAULT_DEDUPE_TTL, DEFAULT_STORE_TIMEOUT};

use crate::client::Client;
use crate::convert::duration;
use crate::errors::{IntoPyResult, to_py_err};
use crate::webhook::WebhookEvent;

/// Runs `f` with the GIL released; a panic (a bug) becomes `InternalError`.
fn detached<T: Send>(py: Python<'_>, f: impl Send + FnOnce() -> wcheckout::Result<T>) -> PyResult<T> {
    py.detach(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .unwrap_or_else(|payload| Err(wcheckout::Error::from_panic(payload.as_ref())))
    })
    .py()
}

/// Claims event keys so that each event is processed by exactly one worker (see the README's
/// webhook section): ``claim(key)`` is True for exactly one caller across every process sharing
/// the store, until ``release(key)`` or the TTL (default 7 days).
#[pyclass(frozen, module = "wcheckout")]
#[derive(Debug)]
pub struct EventDeduplicator(wcheckout::EventDeduplicator);

#[pymethods]
impl EventDeduplicator {
    #[new]
    #[pyo3(signature = (url = "memory", *, ttl = None, namespace = None, timeout = None))]
    fn new(
        py: Python<'_>,
        url: &str,
        ttl: Option<&Bound<'_, PyAny>>,
        namespace: Option<String>,
        timeout: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        crate::errors::guard(|| {
            let ttl = ttl.map(|t| duration(t, "ttl")).transpose()?.unwrap_or(DEFAULT_DEDUPE_TTL);
            let timeout = timeout.map(|t| duration(t, "timeout")).transpose()?.unwrap_or(DEFAULT_STORE_TIMEOUT);
            let url = url.to_owned();
            detached(py, move || wcheckout::EventDeduplicator::open_with(&url, ttl, namespace.as_deref(), timeout))
                .map(Self)
        })
    }

    /// True for exactly one caller per key until it is released or expires.
    fn claim(&self, py: Python<'_>, key: String) -> PyResult<bool> {
        let d = &self.0;
        detached(py, move || d.claim(&key))
    }

    /// Gives the key up (call it when processing failed, so the retry is processed).
    fn release(&self, py: Python<'_>, key: String) -> PyResult<()> {
        let d = &self.0;
        detached(py, move || d.release(&key))
    }

    /// How long a claim holds, in seconds.
    #[getter]
    fn ttl(&self) -> f64 {
        self.0.ttl().as_secs_f64()
    }

    /// The store URL, without its password.
    #[getter]
    fn url(&self) -> &str {
        self.0.url()
    }

    fn __repr__(&self) -> String {
        format!("EventDeduplicator(url={:?}, ttl={})", self.0.url(), self.0.ttl().as_secs())
    }
}

fn watched_to_py<'py>(py: Python<'py>, w: &Watched) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("kind", w.kind.as_str())?;
    d.set_item("number", &w.number)?;
    d.set_item("added_at_ms", w.added_at_ms)?;
    d.set_item("last_status", &w.last_status)?;
    Ok(d)
}

fn poll_to_py(py: Python<'_>, poll: Poll) -> PyResult<ReconcilePoll> {
    let events = PyList::empty(py);
    for ev in poll.events {
        events.append(Py::new(py, WebhookEvent::from_core(ev))?)?;
    }
    let failures = PyList::empty(py);
    for f in poll.failures {
        failures.append((watched_to_py(py, &f.watched)?, to_py_err(f.error).into_value(py)))?;
    }
    let expired = PyList::empty(py);
    for w in &poll.expired {
        expired.append(watched_to_py(py, w)?)?;
    }
    Ok(ReconcilePoll {
        events: events.unbind(),
        failures: failures.unbind(),
        expired: expired.unbind(),
        polled: poll.polled,
        deferred: poll.deferred,
        skipped: poll.skipped,
    })
}

/// What one poll found.
#[pyclass(frozen, get_all, module = "wcheckout")]
#[derive(Debug)]
pub struct ReconcilePoll {
    /// ``WebhookEvent`` per status change (``event_id`` starts with ``rcn:``).
    events: Py<PyList>,
    /// ``(watched, error)`` pairs: lookups that failed (the entries stay).
    failures: Py<PyList>,
    /// Entries dropped for age, not polled.
    expired: Py<PyList>,
    /// Objects looked up.
    polled: usize,
    /// Objects not looked up because a retryable failure (rate limit, outage) stopped the poll.
    deferred: usize,
    /// True when another worker was polling this watch list, so this poll did nothing.
    skipped: bool,
}

#[pymethods]
impl ReconcilePoll {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "ReconcilePoll(events={}, failures={}, expired={}, polled={}, deferred={}, skipped={})",
            self.events.bind(py).len(),
            self.failures.bind(py).len(),
            self.expired.bind(py).len(),
            self.polled,
            self.deferred,
            if self.skipped { "True" } else { "False" }
        )
    }
}

/// Polls the orders, refunds and settlements you wait on and reports their status changes as
/// the same ``WebhookEvent`` a webhook would carry (same ``dedupe_key``): the safety net for
/// webhooks that never arrive.
#[pyclass(frozen, subclass, module = "wcheckout")]
#[derive(Debug)]
pub struct Reconciler(reconcile::Reconciler);

#[pymethods]
impl Reconciler {
    #[new]
    #[pyo3(signature = (client, *, store = "memory", max_age = None, concurrency = 4))]
    fn new(
        py: Python<'_>,
        client: &Client,
        store: &str,
        max_age: Option<&Bound<'_, PyAny>>,
        concurrency: usize,
    ) -> PyResult<Self> {
        crate::errors::guard(|| {
            let options = reconcile::ReconcilerOptions {
                store: store.to_owned(),
                max_age: max_age.map(|t| duration(t, "max_age")).transpose()?.unwrap_or(reconcile::DEFAULT_MAX_AGE),
                concurrency,
            };
            let client = client.core().clone();
            detached(py, move || reconcile::Reconciler::new(client, options)).map(Self)
        })
    }

    /// Waits on a payment order (until it is no longer ``PAYING``).
    fn watch_order(&self, py: Python<'_>, order_no: String) -> PyResult<()> {
        let r = &self.0;
        detached(py, move || r.watch_order(&order_no))
    }

    /// Waits on a refund order (until it is final).
    fn watch_refund(&self, py: Python<'_>, refund_order_no: String) -> PyResult<()> {
        let r = &self.0;
        detached(py, move || r.watch_refund(&refund_order_no))
    }

    /// Waits on a settlement order (until it is final).
    fn watch_settlement(&self, py: Python<'_>, settlement_order_no: String) -> PyResult<()> {
        let r = &self.0;
        detached(py, move || r.watch_settlement(&settlement_order_no))
    }

    /// Stops waiting on an object (``kind``: ``order``, ``refund`` or ``settlement``).
    fn unwatch(&self, py: Python<'_>, kind: &str, number: String) -> PyResult<bool> {
        let kind = WatchKind::parse(kind).py()?;
        let r = &self.0;
        detached(py, move || r.unwatch(kind, &number))
    }

    /// Every object waited on, as dicts (``kind``, ``number``, ``added_at_ms``, ``last_status``).
    fn watched<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let r = &self.0;
        let list = detached(py, move || r.watched())?;
        let out = PyList::empty(py);
        for w in &list {
            out.append(watched_to_py(py, w)?)?;
        }
        Ok(out)
    }

    /// Looks every watched object up once; acknowledges nothing (see ``ack``).
    fn poll(&self, py: Python<'_>) -> PyResult<ReconcilePoll> {
        let r = &self.0;
        let poll = detached(py, move || r.poll())?;
        poll_to_py(py, poll)
    }

    /// Records that an event (from ``poll`` or a webhook) was handled: its object's status
    /// advances, and an object no longer waited for leaves the list.
    fn ack(&self, py: Python<'_>, event: &WebhookEvent) -> PyResult<()> {
        let key = event.core(py)?.dedupe_key();
        let r = &self.0;
        detached(py, move || r.ack_key(&key))
    }

    /// Polls and hands each event to ``handler`` (called with the GIL held); an event is
    /// acknowledged when the handler returns, and reported again by the next run when it raises.
    /// Without a handler every event is acknowledged at once. After the run, the first exception
    /// a handler raised is raised again.
    #[pyo3(signature = (handler = None))]
    fn run_once(&self, py: Python<'_>, handler: Option<Py<PyAny>>) -> PyResult<ReconcilePoll> {
        let r = &self.0;
        let mut first_error: Option<PyErr> = None;
        let errors = &mut first_error;
        let poll = detached(py, move || {
            r.run_once_with(|ev| match &handler {
                None => true,
                Some(h) => Python::attach(|py| {
                    let event = match Py::new(py, WebhookEvent::from_core(ev.clone())) {
                        Ok(e) => e,
                        Err(e) => {
                            errors.get_or_insert(e);
                            return false;
                        }
                    };
                    match h.call1(py, (event,)) {
                        Ok(_) => true,
                        Err(e) => {
                            errors.get_or_insert(e);
                            false
                        }
                    }
                }),
            })
        })?;
        if let Some(e) = first_error {
            return Err(e);
        }
        poll_to_py(py, poll)
    }

    fn __repr__(&self) -> String {
        "Reconciler(...)".to_owned()
    }
}
