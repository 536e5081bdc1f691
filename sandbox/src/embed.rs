//! The control operations as methods of [`Sandbox`], for code that embeds the sandbox in its own
//! process (the bindings' `testing` modules). Each method runs exactly the handler behind the
//! HTTP control API (`/_sandbox/…`), so the rules, checks and error messages are the same; only
//! the HTTP round trip is skipped. Results are typed where the core has a type for them.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use wcheckout::Amount;
use wcheckout::model::{AbnormalPayment, CheckoutOrder, RefundOrder, SettlementOrder};

use crate::Sandbox;
use crate::params::ApiError;

/// A control operation refused: the retcode, HTTP status and message the HTTP control API would
/// have answered (e.g. `00010` / 404 for an unknown order, `00011` / 409 for an illegal move).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (retcode {retcode})")]
pub struct ControlError {
    /// `000xx`, as in the API's envelope.
    pub retcode: String,
    /// The HTTP status the control API answers with (400, 404, 409, …).
    pub http_status: u16,
    /// What went wrong and why.
    pub message: String,
}

impl ControlError {
    fn from_api(e: ApiError) -> Self {
        ControlError {
            retcode: e.retcode.to_owned(),
            http_status: crate::control::status_of(e.retcode),
            message: e.message,
        }
    }

    fn decode(what: &str, e: &serde_json::Error) -> Self {
        ControlError {
            retcode: "500".to_owned(),
            http_status: 500,
            message: format!("sandbox answered an unexpected {what}: {e}"),
        }
    }
}

/// The result of [`Sandbox::pay`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// The order after the payment (`PAID`, or still `PAYING` after an under-payment, …).
    pub order: CheckoutOrder,
    /// The transaction hash used (generated when none was given).
    pub tx_hash: String,
    /// The abnormal payment the payment caused (over-, under- or late payment), if any.
    pub abnormal_payment: Option<AbnormalPayment>,
}

/// The business clock (see [`Sandbox::advance_clock`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Clock {
    /// How far the business clock is ahead of real time, in seconds.
    pub offset_seconds: i64,
    /// The business time as the API writes it (`2025-09-26T14:49:09.294114`, UTC).
    pub now: String,
}

/// Where a refund moves to ([`Sandbox::move_refund`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundMove {
    /// `PENDING_REFUND` → `REFUNDING`.
    Process,
    /// → `REFUNDED` (through `REFUNDING` when pending).
    Complete,
    /// → `FAILED`.
    Fail,
}

/// Where a settlement moves to ([`Sandbox::move_settlement`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettlementMove {
    /// `PENDING_SETTLEMENT` → `SETTLING`.
    Process,
    /// → `SETTLED` (through `SETTLING` when pending).
    Complete,
    /// → `FAILED`.
    Fail,
    /// → `REJECTED`.
    Reject,
}

/// A fault to arm ([`Sandbox::add_fault`]); the fields of `POST /_sandbox/faults`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// `http_500`, `http_503`, `http_429`, `delay`, `drop`, `drop_after_processing`,
    /// `bad_signature` or `lose_webhook`.
    pub kind: String,
    /// Only requests to this path (any business call when `None`).
    pub path: Option<String>,
    /// Only requests with this method.
    pub method: Option<String>,
    /// How many matching requests (or events, for `lose_webhook`) it applies to (default 1).
    pub count: u64,
    /// `delay`: milliseconds to wait (default 1000).
    pub delay_ms: Option<u64>,
    /// `http_429` / `http_503`: a `Retry-After` header, in seconds.
    pub retry_after: Option<u64>,
    /// `lose_webhook`: only events of this type.
    pub event_type: Option<String>,
}

impl Fault {
    /// A fault of `kind` for the next matching request.
    pub fn new(kind: impl Into<String>) -> Self {
        Fault {
            kind: kind.into(),
            path: None,
            method: None,
            count: 1,
            delay_ms: None,
            retry_after: None,
            event_type: None,
        }
    }

    fn to_json(&self) -> Value {
        let mut f = serde_json::Map::new();
        f.insert("kind".into(), json!(self.kind));
        f.insert("count".into(), json!(self.count));
        let optional = [
            ("path", self.path.as_ref().map(|v| json!(v))),
            ("method", self.method.as_ref().map(|v| json!(v))),
            ("delayMs", self.delay_ms.map(|v| json!(v))),
            ("retryAfter", self.retry_after.map(|v| json!(v))),
            ("eventType", self.event_type.as_ref().map(|v| json!(v))),
        ];
        for (name, value) in optional {
            if let Some(v) = value {
                f.insert(name.into(), v);
            }
        }
        Value::Object(f)
    }
}

/// One webhook event as the sandbox recorded it ([`Sandbox::webhook_deliveries`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookDelivery {
    /// `evt_…`.
    pub event_id: String,
    /// `CHECKOUT_ORDER_CHANGED`, ….
    pub event_type: String,
    /// Where it goes (`None`: no URL was set when the event was raised).
    pub url: Option<String>,
    /// `pending`, `delivered`, `failed`, `no_url` or `lost`.
    pub status: String,
    /// When the event was raised (business clock).
    pub created_time: String,
    /// The exact body sent (signed).
    pub body: String,
    /// Milliseconds until the next attempt, while `pending`.
    pub next_attempt_in_ms: Option<u64>,
    /// Every attempt so far.
    pub attempts: Vec<WebhookAttempt>,
}

/// One delivery attempt of a [`WebhookDelivery`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookAttempt {
    /// When it was made (business clock).
    pub time: String,
    /// The `TIMESTAMP` header sent (milliseconds, real clock).
    pub timestamp: String,
    /// The receiver's HTTP status, if it answered.
    pub http_status: Option<u16>,
    /// `success`, `http_status`, `bad_acknowledgement`, `timeout` or `connection_error`.
    pub outcome: String,
    /// What went wrong.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: u64,
}

fn typed<T: serde::de::DeserializeOwned>(what: &str, v: Value) -> Result<T, ControlError> {
    serde_json::from_value(v).map_err(|e| ControlError::decode(what, &e))
}

impl Sandbox {
    /// Runs a control operation by method and path (after `/_sandbox`, e.g. `POST`,
    /// `/orders/A1/pay`) with an optional JSON body, exactly as the HTTP control API would, and
    /// returns its `retdata`.
    pub fn control(&self, method: &str, path: &str, body: Option<&[u8]>) -> Result<Value, ControlError> {
        let segments: Vec<&str> = path.trim_start_matches("/_sandbox").split('/').filter(|s| !s.is_empty()).collect();
        self.run(&method.to_ascii_uppercase(), &segments, body.unwrap_or_default())
    }

    fn run(&self, method: &str, segments: &[&str], body: &[u8]) -> Result<Value, ControlError> {
        crate::control::route(&self.shared, method, segments, body).map_err(ControlError::from_api)
    }

    fn run_json(&self, method: &str, segments: &[&str], body: &Value) -> Result<Value, ControlError> {
        self.run(method, segments, body.to_string().as_bytes())
    }

    /// Simulates an on-chain payment of `amount` into the order (`POST /_sandbox/orders/{no}/pay`):
    /// exact → `PAID`; more → `PAID` plus an `OVER_PAID` abnormal payment; less → `UNDER_PAID`;
    /// after a timeout or cancel → `LATE_PAYMENT`. A reused `tx_hash` is refused (`00009`).
    pub fn pay(&self, order_no: &str, amount: &Amount, tx_hash: Option<&str>) -> Result<Payment, ControlError> {
        let mut body = json!({ "amount": amount.as_str() });
        if let Some(h) = tx_hash {
            body["txHash"] = json!(h);
        }
        typed("payment", self.run_json("POST", &["orders", order_no, "pay"], &body)?)
    }

    /// Moves a refund (`POST /_sandbox/refunds/{no}/process|complete|fail`).
    pub fn move_refund(&self, refund_order_no: &str, to: RefundMove) -> Result<RefundOrder, ControlError> {
        let action = match to {
            RefundMove::Process => "process",
            RefundMove::Complete => "complete",
            RefundMove::Fail => "fail",
        };
        typed("refund order", self.run("POST", &["refunds", refund_order_no, action], b"")?)
    }

    /// Moves a settlement (`POST /_sandbox/settlements/{no}/process|complete|fail|reject`).
    pub fn move_settlement(
        &self,
        settlement_order_no: &str,
        to: SettlementMove,
    ) -> Result<SettlementOrder, ControlError> {
        let action = match to {
            SettlementMove::Process => "process",
            SettlementMove::Complete => "complete",
            SettlementMove::Fail => "fail",
            SettlementMove::Reject => "reject",
        };
        typed("settlement order", self.run("POST", &["settlements", settlement_order_no, action], b"")?)
    }

    /// Moves the business clock forward by `seconds`, then times out the orders that are due
    /// (their `TIMEOUT` webhooks go out).
    pub fn advance_clock(&self, seconds: u64) -> Result<Clock, ControlError> {
        typed("clock", self.run_json("POST", &["clock", "advance"], &json!({ "seconds": seconds }))?)
    }

    /// The business clock.
    pub fn clock(&self) -> Result<Clock, ControlError> {
        typed("clock", self.run("GET", &["clock"], b"")?)
    }

    /// Arms a fault (`POST /_sandbox/faults`).
    pub fn add_fault(&self, fault: &Fault) -> Result<(), ControlError> {
        self.run_json("POST", &["faults"], &fault.to_json()).map(drop)
    }

    /// Disarms every fault.
    pub fn clear_faults(&self) -> Result<(), ControlError> {
        self.run("DELETE", &["faults"], b"").map(drop)
    }

    /// Expires the current access token now; `false` when none was issued.
    pub fn expire_token(&self) -> Result<bool, ControlError> {
        let v = self.run("POST", &["tokens", "expire"], b"")?;
        Ok(v.get("expired").and_then(Value::as_bool).unwrap_or(false))
    }

    /// Sets (or, with `None`, removes) the webhook URL for events raised from now on.
    pub fn set_webhook_url(&self, url: Option<&str>) -> Result<(), ControlError> {
        self.run_json("PUT", &["webhook-url"], &json!({ "url": url })).map(drop)
    }

    /// The webhook URL in effect.
    pub fn webhook_url(&self) -> Result<Option<String>, ControlError> {
        let v = self.run("GET", &["webhook-url"], b"")?;
        Ok(v.get("url").and_then(Value::as_str).map(str::to_owned))
    }

    /// Every webhook event raised so far, with its delivery attempts.
    pub fn webhook_deliveries(&self) -> Result<Vec<WebhookDelivery>, ControlError> {
        let mut log = self.run("GET", &["webhooks"], b"")?;
        typed("webhook log", log.get_mut("deliveries").map(Value::take).unwrap_or_default())
    }

    /// Everything the sandbox holds (`GET /_sandbox/state`): orders, refunds, settlements,
    /// abnormal payments, payments, `counts`, `balances`, the token, the clock, the webhook URL.
    pub fn state(&self) -> Result<Value, ControlError> {
        self.run("GET", &["state"], b"")
    }

    /// Forgets every record, the token, the faults, the webhook log and the clock shift, and
    /// restores the configured webhook URL.
    pub fn reset(&self) -> Result<(), ControlError> {
        self.run("POST", &["reset"], b"").map(drop)
    }
}
