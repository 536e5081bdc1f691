//! The sandbox inside the package (`wcheckout.testing`): the `wcheckout-sandbox` library started
//! in this process on its own threads, its control operations called directly (no HTTP), and a
//! webhook inbox. `wcheckout/testing.py` wraps these two private classes.
//!
//! Every call releases the GIL: control operations briefly take the sandbox's state lock (which a
//! request thread may hold), and an inbox wait blocks until an event arrives.

use std::sync::{Arc, PoisonError, RwLock};

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use wcheckout_sandbox::{
    ControlError, Fault, RefundMove, ResponseSignature, Sandbox, SandboxConfig, SettlementMove, StartError,
    TokenPolicy, WebhookInbox,
};

use crate::convert::{PyAmount, duration, value_to_py};
use crate::errors::{IntoPyResult, guard, invalid_argument, to_py_err};
use crate::models::to_model;
use crate::webhook::WebhookEvent;

/// A refused control operation becomes `wcheckout.ApiError` (retcode, retmsg, http_status).
fn control_err(e: ControlError) -> PyErr {
    to_py_err(wcheckout::Error::api(e.retcode, e.message, e.http_status))
}

fn start_err(e: StartError) -> PyErr {
    match e {
        StartError::Config(reason) => invalid_argument(reason),
        other => to_py_err(wcheckout::Error::transport(other.to_string(), false)),
    }
}

/// An error raised on the far side of `detach`, converted once the GIL is held again.
struct Wrapped<E>(E);

impl From<Wrapped<ControlError>> for PyErr {
    fn from(e: Wrapped<ControlError>) -> PyErr {
        control_err(e.0)
    }
}

impl From<Wrapped<StartError>> for PyErr {
    fn from(e: Wrapped<StartError>) -> PyErr {
        start_err(e.0)
    }
}

fn stopped_err() -> PyErr {
    invalid_argument("this sandbox is stopped: start a new one")
}

/// The running sandbox (`wcheckout.testing.Sandbox` wraps it).
#[pyclass(frozen, module = "wcheckout._native")]
#[derive(Debug)]
pub struct NativeSandbox {
    inner: RwLock<Option<Sandbox>>,
    url: String,
}

impl NativeSandbox {
    /// Runs `f` on the running sandbox with the GIL released; errors are converted after.
    fn with<T: Send, E: Send>(&self, py: Python<'_>, f: impl FnOnce(&Sandbox) -> Result<T, E> + Send) -> PyResult<T>
    where
        PyErr: From<Wrapped<E>>,
    {
        guard(|| {
            let out = py.detach(|| self.inner.read().unwrap_or_else(PoisonError::into_inner).as_ref().map(f));
            match out {
                None => Err(stopped_err()),
                Some(r) => r.map_err(|e| PyErr::from(Wrapped(e))),
            }
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn parse_config(
    api_key: String,
    api_secret: String,
    sign_key: String,
    webhook_url: Option<String>,
    token_policy: &str,
    response_signature: &str,
    time_scale: f64,
    exchange_rate: Option<PyAmount>,
    token_ttl: u64,
    port: u16,
) -> PyResult<SandboxConfig> {
    let token_policy = TokenPolicy::parse(token_policy).ok_or_else(|| {
        invalid_argument(format!("token_policy must be \"supersede\" or \"multiple\", got {token_policy:?}"))
    })?;
    let response_signature = ResponseSignature::parse(response_signature).ok_or_else(|| {
        invalid_argument(format!(
            "response_signature must be \"full\", \"short\" or \"none\", got {response_signature:?}"
        ))
    })?;
    let mut config = SandboxConfig {
        api_key,
        api_secret,
        sign_key,
        port,
        token_ttl_secs: token_ttl,
        response_signature,
        webhook_url,
        time_scale,
        token_policy,
        ..SandboxConfig::default()
    };
    if let Some(rate) = exchange_rate {
        config.exchange_rate = rate.0;
    }
    Ok(config)
}

#[pymethods]
impl NativeSandbox {
    #[new]
    #[pyo3(signature = (
        *, api_key, api_secret, sign_key, webhook_url = None, token_policy = "supersede",
        response_signature = "full", time_scale = 0.001, exchange_rate = None, token_ttl = 21_600, port = 0,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: String,
        api_secret: String,
        sign_key: String,
        webhook_url: Option<String>,
        token_policy: &str,
        response_signature: &str,
        time_scale: f64,
        exchange_rate: Option<PyAmount>,
        token_ttl: u64,
        port: u16,
    ) -> PyResult<Self> {
        guard(|| {
            let config = parse_config(
                api_key,
                api_secret,
                sign_key,
                webhook_url,
                token_policy,
                response_signature,
                time_scale,
                exchange_rate,
                token_ttl,
                port,
            )?;
            let sandbox = py.detach(|| Sandbox::start(config)).map_err(start_err)?;
            let url = sandbox.url();
            Ok(NativeSandbox { inner: RwLock::new(Some(sandbox)), url })
        })
    }

    /// `http://127.0.0.1:PORT`.
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    /// True once stopped.
    #[getter]
    fn stopped(&self) -> bool {
        self.inner.read().unwrap_or_else(PoisonError::into_inner).is_none()
    }

    /// Stops the server and webhook delivery (requests in progress finish, up to 2 s). Idempotent.
    fn stop(&self, py: Python<'_>) {
        py.detach(|| {
            let taken = self.inner.write().unwrap_or_else(PoisonError::into_inner).take();
            if let Some(sandbox) = taken {
                sandbox.stop();
            }
        });
    }

    /// (order, tx_hash, abnormal payment or None).
    #[pyo3(signature = (order_no, amount, tx_hash = None))]
    fn pay(
        &self,
        py: Python<'_>,
        order_no: String,
        amount: PyAmount,
        tx_hash: Option<String>,
    ) -> PyResult<(Py<PyAny>, String, Option<Py<PyAny>>)> {
        let p = self.with(py, |s| s.pay(&order_no, &amount.0, tx_hash.as_deref()))?;
        let abnormal = p.abnormal_payment.map(|a| to_model(py, &a)).transpose()?;
        Ok((to_model(py, &p.order)?, p.tx_hash, abnormal))
    }

    /// `action`: process, complete or fail.
    fn move_refund(&self, py: Python<'_>, refund_order_no: String, action: &str) -> PyResult<Py<PyAny>> {
        let to = match action {
            "process" => RefundMove::Process,
            "complete" => RefundMove::Complete,
            "fail" => RefundMove::Fail,
            other => return Err(invalid_argument(format!("unknown refund move {other:?}"))),
        };
        self.with(py, |s| s.move_refund(&refund_order_no, to)).and_then(|r| to_model(py, &r))
    }

    /// `action`: process, complete, fail or reject.
    fn move_settlement(&self, py: Python<'_>, settlement_order_no: String, action: &str) -> PyResult<Py<PyAny>> {
        let to = match action {
            "process" => SettlementMove::Process,
            "complete" => SettlementMove::Complete,
            "fail" => SettlementMove::Fail,
            "reject" => SettlementMove::Reject,
            other => return Err(invalid_argument(format!("unknown settlement move {other:?}"))),
        };
        self.with(py, |s| s.move_settlement(&settlement_order_no, to)).and_then(|r| to_model(py, &r))
    }

    /// (offset_seconds, now).
    fn advance_clock(&self, py: Python<'_>, seconds: u64) -> PyResult<(i64, String)> {
        let c = self.with(py, |s| s.advance_clock(seconds))?;
        Ok((c.offset_seconds, c.now))
    }

    /// (offset_seconds, now).
    fn clock(&self, py: Python<'_>) -> PyResult<(i64, String)> {
        let c = self.with(py, |s| s.clock())?;
        Ok((c.offset_seconds, c.now))
    }

    #[pyo3(signature = (kind, *, path = None, method = None, count = 1, delay_ms = None, retry_after = None, event_type = None))]
    #[allow(clippy::too_many_arguments)]
    fn add_fault(
        &self,
        py: Python<'_>,
        kind: String,
        path: Option<String>,
        method: Option<String>,
        count: u64,
        delay_ms: Option<u64>,
        retry_after: Option<u64>,
        event_type: Option<String>,
    ) -> PyResult<()> {
        let fault = Fault { kind, path, method, count, delay_ms, retry_after, event_type };
        self.with(py, |s| s.add_fault(&fault))
    }

    fn clear_faults(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, |s| s.clear_faults())
    }

    fn expire_token(&self, py: Python<'_>) -> PyResult<bool> {
        self.with(py, |s| s.expire_token())
    }

    #[pyo3(signature = (url))]
    fn set_webhook_url(&self, py: Python<'_>, url: Option<String>) -> PyResult<()> {
        self.with(py, |s| s.set_webhook_url(url.as_deref()))
    }

    fn webhook_url(&self, py: Python<'_>) -> PyResult<Option<String>> {
        self.with(py, |s| s.webhook_url())
    }

    /// Every delivery as a dict (snake_case keys; `event` is the typed `WebhookEvent` of the body).
    fn webhook_deliveries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let deliveries = self.with(py, |s| s.webhook_deliveries())?;
        let out = PyList::empty(py);
        for d in deliveries {
            let event = wcheckout::webhook::parse_event(d.body.as_bytes()).py()?;
            let attempts = PyList::empty(py);
            for a in d.attempts {
                let item = PyDict::new(py);
                item.set_item("time", a.time)?;
                item.set_item("timestamp", a.timestamp)?;
                item.set_item("http_status", a.http_status)?;
                item.set_item("outcome", a.outcome)?;
                item.set_item("error", a.error)?;
                item.set_item("duration_ms", a.duration_ms)?;
                attempts.append(item)?;
            }
            let item = PyDict::new(py);
            item.set_item("event_id", d.event_id)?;
            item.set_item("event_type", d.event_type)?;
            item.set_item("url", d.url)?;
            item.set_item("status", d.status)?;
            item.set_item("created_time", d.created_time)?;
            item.set_item("body", d.body)?;
            item.set_item("event", Py::new(py, WebhookEvent::new(event))?)?;
            item.set_item("next_attempt_in_ms", d.next_attempt_in_ms)?;
            item.set_item("attempts", attempts)?;
            out.append(item)?;
        }
        Ok(out)
    }

    /// `GET /_sandbox/state` as Python values (integers int, other numbers Decimal).
    fn state(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let v = self.with(py, |s| s.state())?;
        value_to_py(py, &v)
    }

    fn reset(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, |s| s.reset())
    }

    /// Any control call by method and path (after `/_sandbox`); `body` is JSON text.
    #[pyo3(signature = (method, path, body = None))]
    fn control(&self, py: Python<'_>, method: String, path: String, body: Option<String>) -> PyResult<Py<PyAny>> {
        let v = self.with(py, |s| s.control(&method, &path, body.as_deref().map(str::as_bytes)))?;
        value_to_py(py, &v)
    }

    /// Starts an inbox verifying with this sandbox's signKey and points the sandbox at it.
    fn webhook_inbox(&self, py: Python<'_>) -> PyResult<NativeInbox> {
        let inbox = self.with(py, |s| s.webhook_inbox())?;
        Ok(NativeInbox { inner: Arc::new(inbox) })
    }

    fn __repr__(&self) -> String {
        format!("NativeSandbox(url={:?})", self.url)
    }
}

/// A webhook receiver verifying every delivery (`wcheckout.testing.WebhookInbox` wraps it).
#[pyclass(frozen, module = "wcheckout._native")]
#[derive(Debug)]
pub struct NativeInbox {
    inner: Arc<WebhookInbox>,
}

#[pymethods]
impl NativeInbox {
    /// A receiver verifying with `sign_key` (`tolerance` in seconds, default 120).
    #[new]
    #[pyo3(signature = (sign_key, *, tolerance = None))]
    fn new(py: Python<'_>, sign_key: String, tolerance: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        guard(|| {
            let tolerance = tolerance.map(|t| duration(t, "tolerance")).transpose()?;
            let inbox = py.detach(|| WebhookInbox::start(&sign_key, tolerance)).map_err(start_err)?;
            Ok(NativeInbox { inner: Arc::new(inbox) })
        })
    }

    #[getter]
    fn url(&self) -> &str {
        self.inner.url()
    }

    #[getter]
    fn stopped(&self) -> bool {
        self.inner.is_stopped()
    }

    /// The first event with `seq >= start`, waiting up to `timeout` seconds: (seq, event) or None.
    fn next(&self, py: Python<'_>, start: u64, timeout: &Bound<'_, PyAny>) -> PyResult<Option<(u64, WebhookEvent)>> {
        let timeout = duration(timeout, "timeout")?;
        let inbox = self.inner.clone();
        let got = guard(|| Ok(py.detach(move || inbox.next(start, timeout))))?;
        Ok(got.map(|r| (r.seq, WebhookEvent::new(r.event))))
    }

    /// Every event kept: [(seq, event)].
    fn received(&self) -> Vec<(u64, WebhookEvent)> {
        self.inner.received().into_iter().map(|r| (r.seq, WebhookEvent::new(r.event))).collect()
    }

    /// Every refused delivery: [(code, reason, body)].
    fn rejected<'py>(&self, py: Python<'py>) -> Vec<(String, String, Bound<'py, PyBytes>)> {
        self.inner.rejected().into_iter().map(|r| (r.code, r.reason, PyBytes::new(py, &r.body))).collect()
    }

    fn clear(&self) {
        self.inner.clear();
    }

    fn stop(&self, py: Python<'_>) {
        let inbox = self.inner.clone();
        py.detach(move || inbox.stop());
    }

    fn __repr__(&self) -> String {
        format!("NativeInbox(url={:?})", self.inner.url())
    }
}
