//! Webhook verification, request signing and the small pure helpers (envelope, canonical JSON,
//! amounts). Every function here is CPU-only and fast, so none releases the GIL.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString};
use std::sync::OnceLock;
use wcheckout::model::Envelope;
use wcheckout::signing::{self, QueryPrefix, SignInput};

use wcheckout::model::EventType;
use wcheckout::webhook::{self, EventData};

use crate::convert::{PyAmount, amount_to_py, duration, raw_body, sign_bytes, value_to_py, webhook_headers};
use crate::errors::{IntoPyResult, invalid_argument};
use crate::from_json::model_from_json;
use crate::models::{ToPy, field_repr, to_model};

fn query_prefix(text: &str) -> PyResult<QueryPrefix> {
    match text {
        "none" => Ok(QueryPrefix::None),
        "question_mark" | "questionMark" | "?" => Ok(QueryPrefix::QuestionMark),
        other => Err(invalid_argument(format!("query_prefix must be \"none\" or \"question_mark\", got {other:?}"))),
    }
}

/// A verified webhook event.
#[pyclass(frozen, module = "wcheckout")]
pub struct WebhookEvent {
    event_id: String,
    event_type: EventType,
    timestamp: i64,
    /// The core event: given (reconciler, sandbox), or parsed from `body` on first use when the
    /// data model was built straight from the body (`dedupe_key`, `raw` of other types).
    core: OnceLock<webhook::Event>,
    /// The verified body of a webhook (the caller's own `bytes`, not a copy): `raw` (and the
    /// core event) are read from it when asked.
    body: Option<Py<PyBytes>>,
    /// `data`, converted on first access (or at once from the body) and then reused.
    data: PyOnceLock<Py<PyAny>>,
}

impl std::fmt::Debug for WebhookEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookEvent")
            .field("event_id", &self.event_id)
            .field("event_type", &self.event_type)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// The model name of a known event type's data.
fn data_model(event_type: &EventType) -> Option<&'static str> {
    Some(match event_type {
        EventType::CheckoutOrderChanged => "CheckoutOrderChanged",
        EventType::RefundOrderChanged => "RefundOrderChanged",
        EventType::SettlementOrderChanged => "SettlementOrderChanged",
        EventType::AbnormalPayment => "AbnormalPaymentDetected",
        _ => return None,
    })
}

impl WebhookEvent {
    pub(crate) fn new(event: webhook::Event) -> Self {
        WebhookEvent {
            event_id: event.event_id.clone(),
            event_type: event.event_type.clone(),
            timestamp: event.timestamp,
            core: OnceLock::from(event),
            body: None,
            data: PyOnceLock::new(),
        }
    }

    /// An event parsed from a verified `body`: the header fields read, and a known type's data
    /// model built straight from `data`'s text (`from_json.rs`); the core's typed parse runs
    /// when that path does not take the data, and gives the error if there is one.
    fn from_body(py: Python<'_>, bytes: &Bound<'_, PyBytes>) -> wcheckout::Result<Self> {
        let body = bytes.as_bytes();
        let head = webhook::parse_event_head(body)?;
        if let Some(data) = data_model(&head.event_type).and_then(|m| model_from_json(py, m, head.data)) {
            let cell = PyOnceLock::new();
            let _ = cell.set(py, data);
            return Ok(WebhookEvent {
                event_id: head.event_id,
                event_type: head.event_type,
                timestamp: head.timestamp,
                core: OnceLock::new(),
                body: Some(bytes.clone().unbind()),
                data: cell,
            });
        }
        let event = webhook::parse_event_without_raw(body)?;
        Ok(WebhookEvent { body: Some(bytes.clone().unbind()), ..Self::new(event) })
    }

    /// The whole event as JSON: the kept body parsed now, or the core's tree.
    fn raw_json(&self, py: Python<'_>) -> PyResult<std::borrow::Cow<'_, serde_json::Value>> {
        match &self.body {
            Some(body) => Ok(std::borrow::Cow::Owned(webhook::parse_event(body.bind(py).as_bytes()).py()?.raw)),
            None => Ok(std::borrow::Cow::Borrowed(&self.core(py)?.raw)),
        }
    }

    /// Wraps a core event (from the reconciler).
    pub(crate) fn from_core(event: webhook::Event) -> Self {
        Self::new(event)
    }

    /// The core event (parsed from the kept body on first use).
    pub(crate) fn core(&self, py: Python<'_>) -> PyResult<&webhook::Event> {
        if let Some(event) = self.core.get() {
            return Ok(event);
        }
        let body = self.body.as_ref().ok_or_else(|| invalid_argument("webhook event without its body"))?;
        let event = webhook::parse_event_without_raw(body.bind(py).as_bytes()).py()?;
        Ok(self.core.get_or_init(|| event))
    }

    fn convert_data(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(match &self.core(py)?.data {
            EventData::CheckoutOrderChanged(d) => to_model(py, d)?,
            EventData::RefundOrderChanged(d) => to_model(py, d)?,
            EventData::SettlementOrderChanged(d) => to_model(py, d)?,
            EventData::AbnormalPayment(d) => to_model(py, d)?,
            EventData::Unknown(v) => value_to_py(py, v)?,
            _ => value_to_py(py, &self.raw_json(py)?["data"])?,
        })
    }
}

#[pymethods]
impl WebhookEvent {
    /// `evt_…`: deliveries may repeat, so process each id once.
    #[getter]
    fn event_id(&self) -> &str {
        &self.event_id
    }

    /// The event type (an `EventType`; unknown types are kept).
    #[getter]
    fn event_type(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.event_type.to_py(py)
    }

    /// The body's own `timestamp`, in seconds.
    #[getter]
    fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// The typed payload; a dict for event types this SDK does not know.
    #[getter]
    fn data(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.data.get_or_try_init(py, || self.convert_data(py)).map(|d| d.clone_ref(py))
    }

    /// The key to process this event once by: the object and its new status
    /// (``order:<orderNo>:PAID``), shared by a webhook, its retries and the reconciler's report of
    /// the same change. Pass it to ``EventDeduplicator.claim``.
    #[getter]
    fn dedupe_key(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.core(py)?.dedupe_key())
    }

    /// True for an event the ``Reconciler`` made from a poll (``event_id`` starts with ``rcn:``).
    #[getter]
    fn is_reconciled(&self) -> bool {
        webhook::is_reconciled_id(&self.event_id)
    }

    /// The whole event as parsed JSON (integers as int, other numbers as Decimal).
    #[getter]
    fn raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        value_to_py(py, &*self.raw_json(py)?)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let data = self.data(py)?;
        Ok(format!(
            "WebhookEvent(event_id={}, event_type={}, timestamp={}, data={})",
            PyString::new(py, &self.event_id).repr()?,
            field_repr(self.event_type(py)?.bind(py))?,
            self.timestamp,
            data.bind(py).repr()?
        ))
    }
}

/// Verifies webhook deliveries signed with one `sign_key`, then parses them.
#[pyclass(frozen, module = "wcheckout")]
#[derive(Debug)]
pub struct WebhookVerifier(webhook::Verifier);

#[pymethods]
impl WebhookVerifier {
    #[new]
    #[pyo3(signature = (sign_key, *, tolerance = None))]
    fn new(sign_key: &str, tolerance: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        crate::errors::guard(|| {
            let mut v = webhook::Verifier::new(sign_key).py()?;
            if let Some(t) = tolerance {
                v = v.with_tolerance(duration(t, "tolerance")?);
            }
            Ok(Self(v))
        })
    }

    /// The allowed clock difference, in seconds.
    #[getter]
    fn tolerance(&self) -> f64 {
        self.0.tolerance().as_secs_f64()
    }

    /// Checks the signature of the raw `body` against the current clock, then parses the event.
    fn verify(&self, py: Python<'_>, headers: &Bound<'_, PyAny>, body: &Bound<'_, PyAny>) -> PyResult<WebhookEvent> {
        self.verify_at(py, headers, body, signing::now_millis())
    }

    /// Like `verify`, as if the time were `now_ms` (milliseconds since the epoch).
    fn verify_at(
        &self,
        py: Python<'_>,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now_ms: u64,
    ) -> PyResult<WebhookEvent> {
        crate::errors::guard(|| {
            let headers = webhook_headers(headers)?;
            // Verified first, then parsed once into the typed event (no JSON tree: `raw` is read
            // from the kept body only when asked for).
            let lean = |body: &Bound<'_, PyBytes>| {
                self.0.verify_signature_at(&headers, body.as_bytes(), now_ms)?;
                WebhookEvent::from_body(py, body)
            };
            match body.cast::<PyBytes>() {
                Ok(b) => lean(b),
                Err(_) => lean(&PyBytes::new(py, &raw_body(body)?)),
            }
            .py()
        })
    }

    /// Checks headers, time window and signature only (no parsing); raises on failure.
    #[pyo3(signature = (headers, body, now_ms = None))]
    fn verify_signature(
        &self,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now_ms: Option<u64>,
    ) -> PyResult<()> {
        crate::errors::guard(|| {
            let headers = webhook_headers(headers)?;
            let body = raw_body(body)?;
            self.0.verify_signature_at(&headers, &body, now_ms.unwrap_or_else(signing::now_millis)).py()
        })
    }

    fn __repr__(&self) -> String {
        format!("WebhookVerifier(sign_key=<redacted>, tolerance={}s)", self.0.tolerance().as_secs_f64())
    }
}

/// Signs a webhook body as W Checkout does, for tests: returns `{"SIGNATURE": …, "TIMESTAMP": …}`.
#[pyfunction]
#[pyo3(signature = (sign_key, body, timestamp_ms = None))]
pub fn sign_webhook_for_test<'py>(
    py: Python<'py>,
    sign_key: &str,
    body: &Bound<'py, PyAny>,
    timestamp_ms: Option<u64>,
) -> PyResult<Bound<'py, PyDict>> {
    crate::errors::guard(|| {
        let body = raw_body(body)?;
        let headers = webhook::sign_for_test(sign_key, &body, timestamp_ms.unwrap_or_else(signing::now_millis)).py()?;
        let d = PyDict::new(py);
        for (k, v) in headers {
            d.set_item(k, v)?;
        }
        Ok(d)
    })
}

/// A request signer keyed once with `sign_key` (reuse it: signing then costs only the message).
#[pyclass(frozen, module = "wcheckout")]
#[derive(Debug)]
pub struct Signer(signing::Signer);

#[pymethods]
impl Signer {
    #[new]
    #[pyo3(signature = (sign_key, *, query_prefix = "none"))]
    fn new(sign_key: &str, query_prefix: &str) -> PyResult<Self> {
        crate::errors::guard(|| {
            Ok(Self(signing::Signer::new(sign_key).py()?.with_query_prefix(self::query_prefix(query_prefix)?)))
        })
    }

    /// The `SIGNATURE` for METHOD + TIMESTAMP + PATH + QUERY + BODY.
    #[pyo3(signature = (method, timestamp, path, query = "", body = None))]
    fn sign(
        &self,
        method: &str,
        timestamp: &str,
        path: &str,
        query: &str,
        body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        crate::errors::guard(|| {
            let body = body.map(sign_bytes).transpose()?.unwrap_or_default();
            self.0.sign(&SignInput { method, timestamp, path, query, body: &body }).py()
        })
    }

    /// Checks `signature` in constant time; raises `SignatureError` on mismatch.
    #[pyo3(signature = (signature, method, timestamp, path, query = "", body = None))]
    fn verify(
        &self,
        signature: &str,
        method: &str,
        timestamp: &str,
        path: &str,
        query: &str,
        body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        crate::errors::guard(|| {
            let body = body.map(sign_bytes).transpose()?.unwrap_or_default();
            self.0.verify(&SignInput { method, timestamp, path, query, body: &body }, signature).py()
        })
    }

    fn __repr__(&self) -> String {
        format!("Signer(sign_key=<redacted>, query_prefix={:?})", self.0.query_prefix())
    }
}

/// One-shot request signature (keep a `Signer` for repeated use).
#[pyfunction]
#[pyo3(signature = (sign_key, method, timestamp, path, query = "", body = None, *, query_prefix = "none"))]
pub fn sign_request(
    sign_key: &str,
    method: &str,
    timestamp: &str,
    path: &str,
    query: &str,
    body: Option<&Bound<'_, PyAny>>,
    query_prefix: &str,
) -> PyResult<String> {
    crate::errors::guard(|| {
        let body = body.map(sign_bytes).transpose()?.unwrap_or_default();
        let input = SignInput { method, timestamp, path, query, body: &body };
        signing::sign_request(sign_key, &input, self::query_prefix(query_prefix)?).py()
    })
}

/// The exact bytes that are signed for a request.
#[pyfunction]
#[pyo3(signature = (method, timestamp, path, query = "", body = None, *, query_prefix = "none"))]
pub fn string_to_sign<'py>(
    py: Python<'py>,
    method: &str,
    timestamp: &str,
    path: &str,
    query: &str,
    body: Option<&Bound<'py, PyAny>>,
    query_prefix: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    crate::errors::guard(|| {
        let body = body.map(sign_bytes).transpose()?.unwrap_or_default();
        let input = SignInput { method, timestamp, path, query, body: &body };
        let bytes = signing::string_to_sign(&input, self::query_prefix(query_prefix)?).py()?;
        Ok(PyBytes::new(py, &bytes))
    })
}

/// Opens a `{retcode, retdata, retmsg}` envelope: returns `retdata` (None when absent) or raises
/// `ApiError` / `DecodeError`.
#[pyfunction]
#[pyo3(signature = (body, http_status = 200))]
pub fn parse_envelope(py: Python<'_>, body: &Bound<'_, PyAny>, http_status: u16) -> PyResult<Py<PyAny>> {
    crate::errors::guard(|| {
        let body = sign_bytes(body)?;
        let data = Envelope::parse(&body).and_then(|e| e.into_result(http_status)).py()?;
        value_to_py(py, &data.unwrap_or(serde_json::Value::Null))
    })
}

/// JSON text made canonical: whitespace outside strings removed, everything else kept.
#[pyfunction]
pub fn canonicalize_json(text: &str) -> PyResult<String> {
    crate::errors::guard(|| wcheckout::canonicalize(text).py())
}

/// An amount (Decimal, str or int) validated and returned as `Decimal` with its canonical digits.
#[pyfunction]
pub fn parse_amount(py: Python<'_>, value: PyAmount) -> PyResult<Py<PyAny>> {
    crate::errors::guard(|| amount_to_py(py, &value.0))
}

/// The canonical text of an amount, as written in JSON bodies.
#[pyfunction]
pub fn amount_text(value: PyAmount) -> String {
    value.0.as_str().to_owned()
}

/// Milliseconds since the Unix epoch (the `TIMESTAMP` header value).
#[pyfunction]
pub fn now_millis() -> u64 {
    signing::now_millis()
}

/// The known wire values of each enum, from the core (keeps `wcheckout.enums` in sync).
#[pyfunction]
pub fn enum_values<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
    use wcheckout::model as m;
    let d = PyDict::new(py);
    d.set_item("Token", m::Token::KNOWN)?;
    d.set_item("OrderStatus", m::OrderStatus::KNOWN)?;
    d.set_item("RefundStatus", m::RefundStatus::KNOWN)?;
    d.set_item("SettleStatus", m::SettleStatus::KNOWN)?;
    d.set_item("AbnormalPaymentType", m::AbnormalPaymentType::KNOWN)?;
    d.set_item("AbnormalPaymentStatus", m::AbnormalPaymentStatus::KNOWN)?;
    d.set_item("EventType", m::EventType::KNOWN)?;
    Ok(d)
}

/// The acknowledgement body as `str`.
pub fn acknowledgement(py: Python<'_>) -> Bound<'_, PyString> {
    PyString::new(py, webhook::ACKNOWLEDGEMENT)
}
