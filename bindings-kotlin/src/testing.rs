//! The sandbox inside the library (`com.wcheckout.testing`): the `wcheckout-sandbox` server started
//! in this process on its own threads, its control operations called directly (no HTTP), and a
//! webhook inbox. The Kotlin classes `Sandbox` and `WebhookInbox` wrap these two objects.
//!
//! Secrets are constructor arguments, never record fields, so they never show up in a Kotlin
//! `toString()`.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use wcheckout::Amount;
use wcheckout::model::{AbnormalPayment, CheckoutOrder, RefundOrder, SettlementOrder};
use wcheckout::uniffi_support::WebhookEvent;
use wcheckout_sandbox::{
    ControlError, Fault, RefundMove, ResponseSignature, Sandbox, SandboxConfig, SettlementMove, StartError,
    TokenPolicy, WebhookInbox,
};

use crate::client::millis;
use crate::error::{FfiResult, WCheckoutError, invalid_argument};

fn control_err(e: ControlError) -> WCheckoutError {
    wcheckout::Error::api(e.retcode, e.message, e.http_status).into()
}

fn start_err(e: StartError) -> WCheckoutError {
    match e {
        StartError::Config(reason) => invalid_argument(reason),
        other => wcheckout::Error::transport(other.to_string(), false).into(),
    }
}

fn decode(what: &str, e: &serde_json::Error) -> WCheckoutError {
    wcheckout::Error::decode(format!("sandbox {what}: {e}")).into()
}

fn count(n: i64, what: &str) -> FfiResult<u64> {
    u64::try_from(n).map_err(|_| invalid_argument(format!("{what} must not be negative")))
}

/// Sandbox settings other than the credentials. `null` means the default.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct FfiSandboxOptions {
    /// Where webhooks go.
    #[uniffi(default)]
    pub webhook_url: Option<String>,
    /// `supersede` (default) or `multiple`.
    #[uniffi(default)]
    pub token_policy: Option<String>,
    /// `full` (default), `short` or `none`.
    #[uniffi(default)]
    pub response_signature: Option<String>,
    /// Multiplies webhook retry delays (default 0.001).
    #[uniffi(default)]
    pub time_scale: Option<f64>,
    /// USD → token rate (default 1).
    #[uniffi(default)]
    pub exchange_rate: Option<Amount>,
    /// Access-token lifetime in seconds (default 21600).
    #[uniffi(default)]
    pub token_ttl_secs: Option<i64>,
    /// Port on 127.0.0.1 (default 0: a free one).
    #[uniffi(default)]
    pub port: Option<i32>,
}

/// What `pay` did.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SandboxPayment {
    /// The order afterwards.
    pub order: CheckoutOrder,
    /// The transaction hash used (generated when none was given).
    pub tx_hash: String,
    /// The abnormal payment it caused, if any.
    pub abnormal_payment: Option<AbnormalPayment>,
}

/// The business clock.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SandboxClock {
    /// How far it is ahead of real time, in seconds.
    pub offset_seconds: i64,
    /// The business time as the API writes it (UTC).
    pub now: String,
}

/// A fault to arm (the fields of `POST /_sandbox/faults`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FfiFault {
    /// `http_500`, `http_503`, `http_429`, `delay`, `drop`, `drop_after_processing`,
    /// `bad_signature` or `lose_webhook`.
    pub kind: String,
    /// Only requests to this path.
    pub path: Option<String>,
    /// Only requests with this method.
    pub method: Option<String>,
    /// How many matching requests (or events) it applies to.
    pub count: i64,
    /// `delay`: milliseconds.
    pub delay_ms: Option<i64>,
    /// `Retry-After` seconds.
    pub retry_after: Option<i64>,
    /// `lose_webhook`: only this event type.
    pub event_type: Option<String>,
}

/// One delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SandboxWebhookAttempt {
    /// When (business clock).
    pub time: String,
    /// The `TIMESTAMP` header sent.
    pub timestamp: String,
    /// The receiver's HTTP status, if it answered.
    pub http_status: Option<i32>,
    /// `success`, `http_status`, `bad_acknowledgement`, `timeout` or `connection_error`.
    pub outcome: String,
    /// What went wrong.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: i64,
}

/// One event the sandbox raised, as its webhook log records it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SandboxWebhookDelivery {
    /// `evt_…`.
    pub event_id: String,
    /// `CHECKOUT_ORDER_CHANGED`, ….
    pub event_type: String,
    /// Where it goes (null: no URL was set when it was raised).
    pub url: Option<String>,
    /// `pending`, `delivered`, `failed`, `no_url` or `lost`.
    pub status: String,
    /// When it was raised (business clock).
    pub created_time: String,
    /// The exact body sent (signed).
    pub body: String,
    /// The body as a typed event.
    pub event: WebhookEvent,
    /// Milliseconds until the next attempt, while pending.
    pub next_attempt_in_ms: Option<i64>,
    /// Every attempt so far.
    pub attempts: Vec<SandboxWebhookAttempt>,
}

/// How many of each record the sandbox holds.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SandboxCounts {
    pub orders: i64,
    pub refunds: i64,
    pub settlements: i64,
    pub abnormal_payments: i64,
    pub payments: i64,
    /// Access tokens issued since the start or the last reset.
    pub tokens_issued: i64,
    /// Requests refused with `00002` (invalid token).
    pub token_rejections: i64,
}

/// Everything the sandbox holds.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SandboxState {
    pub counts: SandboxCounts,
    pub orders: Vec<CheckoutOrder>,
    pub refunds: Vec<RefundOrder>,
    pub settlements: Vec<SettlementOrder>,
    pub abnormal_payments: Vec<AbnormalPayment>,
    /// Balance per token.
    pub balances: HashMap<String, Amount>,
    /// The whole `GET /_sandbox/state` JSON, numbers exact.
    pub json: String,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCounts {
    orders: i64,
    refunds: i64,
    settlements: i64,
    abnormal_payments: i64,
    payments: i64,
    tokens_issued: i64,
    token_rejections: i64,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawState {
    counts: RawCounts,
    orders: Vec<CheckoutOrder>,
    refunds: Vec<RefundOrder>,
    settlements: Vec<SettlementOrder>,
    abnormal_payments: Vec<AbnormalPayment>,
    balances: HashMap<String, Amount>,
}

fn state(v: serde_json::Value) -> FfiResult<SandboxState> {
    let json = v.to_string();
    let s: RawState = serde_json::from_value(v).map_err(|e| decode("state", &e))?;
    let c = s.counts;
    Ok(SandboxState {
        counts: SandboxCounts {
            orders: c.orders,
            refunds: c.refunds,
            settlements: c.settlements,
            abnormal_payments: c.abnormal_payments,
            payments: c.payments,
            tokens_issued: c.tokens_issued,
            token_rejections: c.token_rejections,
        },
        orders: s.orders,
        refunds: s.refunds,
        settlements: s.settlements,
        abnormal_payments: s.abnormal_payments,
        balances: s.balances,
        json,
    })
}

fn delivery(d: wcheckout_sandbox::WebhookDelivery) -> FfiResult<SandboxWebhookDelivery> {
    // `rawJson` is the body as sent, as for a verified delivery (`webhook::verify_event`).
    let event = WebhookEvent::with_raw_json(wcheckout::webhook::parse_event(d.body.as_bytes())?, d.body.clone());
    Ok(SandboxWebhookDelivery {
        event_id: d.event_id,
        event_type: d.event_type,
        url: d.url,
        status: d.status,
        created_time: d.created_time,
        body: d.body,
        event,
        next_attempt_in_ms: d.next_attempt_in_ms.map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)),
        attempts: d
            .attempts
            .into_iter()
            .map(|a| SandboxWebhookAttempt {
                time: a.time,
                timestamp: a.timestamp,
                http_status: a.http_status.map(i32::from),
                outcome: a.outcome,
                error: a.error,
                duration_ms: i64::try_from(a.duration_ms).unwrap_or(i64::MAX),
            })
            .collect(),
    })
}

/// The running sandbox behind `com.wcheckout.testing.Sandbox`. Thread-safe.
#[derive(Debug, uniffi::Object)]
pub struct FfiSandbox {
    inner: RwLock<Option<Sandbox>>,
    url: String,
}

impl FfiSandbox {
    fn with<T>(&self, f: impl FnOnce(&Sandbox) -> FfiResult<T>) -> FfiResult<T> {
        let g = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        g.as_ref().map_or_else(|| Err(invalid_argument("this sandbox is stopped: start a new one")), f)
    }
}

#[uniffi::export]
impl FfiSandbox {
    /// Starts a sandbox on 127.0.0.1 accepting these credentials.
    #[uniffi::constructor]
    pub fn new(
        api_key: String,
        api_secret: String,
        sign_key: String,
        options: FfiSandboxOptions,
    ) -> FfiResult<Arc<Self>> {
        let mut c = SandboxConfig {
            api_key,
            api_secret,
            sign_key,
            webhook_url: options.webhook_url,
            time_scale: options.time_scale.unwrap_or(0.001),
            ..SandboxConfig::default()
        };
        if let Some(p) = options.token_policy {
            c.token_policy = TokenPolicy::parse(&p)
                .ok_or_else(|| invalid_argument(format!("tokenPolicy must be supersede or multiple, got {p:?}")))?;
        }
        if let Some(r) = options.response_signature {
            c.response_signature = ResponseSignature::parse(&r)
                .ok_or_else(|| invalid_argument(format!("responseSignature must be full, short or none, got {r:?}")))?;
        }
        if let Some(rate) = options.exchange_rate {
            c.exchange_rate = rate;
        }
        if let Some(ttl) = options.token_ttl_secs {
            c.token_ttl_secs = count(ttl, "tokenTtl")?;
        }
        if let Some(port) = options.port {
            c.port = u16::try_from(port).map_err(|_| invalid_argument("port must be 0..65535"))?;
        }
        let sandbox = Sandbox::start(c).map_err(start_err)?;
        let url = sandbox.url();
        Ok(Arc::new(FfiSandbox { inner: RwLock::new(Some(sandbox)), url }))
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// True once stopped.
    pub fn is_stopped(&self) -> bool {
        self.inner.read().unwrap_or_else(PoisonError::into_inner).is_none()
    }

    /// Stops the server and webhook delivery (requests in progress finish, up to 2 s). Idempotent.
    pub fn stop(&self) {
        let taken = self.inner.write().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(sandbox) = taken {
            sandbox.stop();
        }
    }

    /// Simulates the customer's on-chain payment.
    pub fn pay(&self, order_no: String, amount: Amount, tx_hash: Option<String>) -> FfiResult<SandboxPayment> {
        let p = self.with(|s| s.pay(&order_no, &amount, tx_hash.as_deref()).map_err(control_err))?;
        Ok(SandboxPayment { order: p.order, tx_hash: p.tx_hash, abnormal_payment: p.abnormal_payment })
    }

    /// `action`: process, complete or fail.
    pub fn move_refund(&self, refund_order_no: String, action: String) -> FfiResult<RefundOrder> {
        let to = match action.as_str() {
            "process" => RefundMove::Process,
            "complete" => RefundMove::Complete,
            "fail" => RefundMove::Fail,
            other => return Err(invalid_argument(format!("unknown refund move {other:?}"))),
        };
        self.with(|s| s.move_refund(&refund_order_no, to).map_err(control_err))
    }

    /// `action`: process, complete, fail or reject.
    pub fn move_settlement(&self, settlement_order_no: String, action: String) -> FfiResult<SettlementOrder> {
        let to = match action.as_str() {
            "process" => SettlementMove::Process,
            "complete" => SettlementMove::Complete,
            "fail" => SettlementMove::Fail,
            "reject" => SettlementMove::Reject,
            other => return Err(invalid_argument(format!("unknown settlement move {other:?}"))),
        };
        self.with(|s| s.move_settlement(&settlement_order_no, to).map_err(control_err))
    }

    /// Moves the business clock forward.
    pub fn advance_clock(&self, seconds: i64) -> FfiResult<SandboxClock> {
        let secs = count(seconds, "seconds")?;
        let c = self.with(|s| s.advance_clock(secs).map_err(control_err))?;
        Ok(SandboxClock { offset_seconds: c.offset_seconds, now: c.now })
    }

    /// The business clock.
    pub fn clock(&self) -> FfiResult<SandboxClock> {
        let c = self.with(|s| s.clock().map_err(control_err))?;
        Ok(SandboxClock { offset_seconds: c.offset_seconds, now: c.now })
    }

    /// Arms a fault.
    pub fn add_fault(&self, fault: FfiFault) -> FfiResult<()> {
        let f = Fault {
            kind: fault.kind,
            path: fault.path,
            method: fault.method,
            count: count(fault.count, "count")?,
            delay_ms: fault.delay_ms.map(|n| count(n, "delayMs")).transpose()?,
            retry_after: fault.retry_after.map(|n| count(n, "retryAfter")).transpose()?,
            event_type: fault.event_type,
        };
        self.with(|s| s.add_fault(&f).map_err(control_err))
    }

    /// Disarms every fault.
    pub fn clear_faults(&self) -> FfiResult<()> {
        self.with(|s| s.clear_faults().map_err(control_err))
    }

    /// Expires the current access token; false when none exists.
    pub fn expire_token(&self) -> FfiResult<bool> {
        self.with(|s| s.expire_token().map_err(control_err))
    }

    /// Sets (or removes) the webhook URL for events raised from now on.
    pub fn set_webhook_url(&self, url: Option<String>) -> FfiResult<()> {
        self.with(|s| s.set_webhook_url(url.as_deref()).map_err(control_err))
    }

    /// The webhook URL in effect.
    pub fn webhook_url(&self) -> FfiResult<Option<String>> {
        self.with(|s| s.webhook_url().map_err(control_err))
    }

    /// Every event raised so far, with its delivery attempts.
    pub fn webhook_deliveries(&self) -> FfiResult<Vec<SandboxWebhookDelivery>> {
        self.with(|s| s.webhook_deliveries().map_err(control_err))?.into_iter().map(delivery).collect()
    }

    /// Everything it holds.
    pub fn state(&self) -> FfiResult<SandboxState> {
        state(self.with(|s| s.state().map_err(control_err))?)
    }

    /// Forgets every record, the token, faults, the webhook log and the clock shift.
    pub fn reset(&self) -> FfiResult<()> {
        self.with(|s| s.reset().map_err(control_err))
    }

    /// Any control call by method and path (after `/_sandbox`); returns `retdata` as JSON text.
    pub fn control(&self, method: String, path: String, body: Option<String>) -> FfiResult<String> {
        let v = self.with(|s| s.control(&method, &path, body.as_deref().map(str::as_bytes)).map_err(control_err))?;
        Ok(v.to_string())
    }

    /// Starts an inbox verifying with this sandbox's signKey and points the sandbox at it.
    pub fn webhook_inbox(&self) -> FfiResult<Arc<FfiInbox>> {
        let inbox = self.with(|s| s.webhook_inbox().map_err(start_err))?;
        Ok(Arc::new(FfiInbox { inner: inbox }))
    }
}

/// A verified delivery kept by an inbox.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SandboxReceivedWebhook {
    /// Position in arrival order, from 0.
    pub seq: i64,
    /// The verified event.
    pub event: WebhookEvent,
    /// The body as received.
    pub body: Vec<u8>,
}

/// A delivery an inbox refused (answered 400).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SandboxRejectedWebhook {
    /// The error code, e.g. `webhook_signature_mismatch`.
    pub code: String,
    /// Why.
    pub reason: String,
    /// The body as received.
    pub body: Vec<u8>,
}

fn received(r: wcheckout_sandbox::ReceivedWebhook) -> SandboxReceivedWebhook {
    // `rawJson` is the body as received, as `WebhookVerifier` gives it (a verified body is UTF-8).
    let event = match std::str::from_utf8(&r.body) {
        Ok(text) => WebhookEvent::with_raw_json(r.event, text.to_owned()),
        Err(_) => r.event.into(),
    };
    SandboxReceivedWebhook { seq: i64::try_from(r.seq).unwrap_or(i64::MAX), event, body: r.body }
}

/// A webhook receiver on 127.0.0.1 verifying every delivery. Thread-safe.
#[derive(Debug, uniffi::Object)]
pub struct FfiInbox {
    inner: WebhookInbox,
}

#[uniffi::export]
impl FfiInbox {
    /// A receiver verifying with `signKey` (`toleranceMs`: default 120 s).
    #[uniffi::constructor]
    pub fn new(sign_key: String, tolerance_ms: Option<i64>) -> FfiResult<Arc<Self>> {
        let tolerance = tolerance_ms.map(|ms| millis("toleranceMs", ms)).transpose()?;
        Ok(Arc::new(FfiInbox { inner: WebhookInbox::start(&sign_key, tolerance).map_err(start_err)? }))
    }

    /// `http://127.0.0.1:PORT/webhooks`.
    pub fn url(&self) -> String {
        self.inner.url().to_owned()
    }

    /// True once stopped.
    pub fn is_stopped(&self) -> bool {
        self.inner.is_stopped()
    }

    /// The first kept event with `seq >= start`, waiting up to `timeoutMs` (blocking).
    pub fn next(&self, start: i64, timeout_ms: i64) -> FfiResult<Option<SandboxReceivedWebhook>> {
        let start = count(start, "start")?;
        Ok(self.inner.next(start, millis("timeoutMs", timeout_ms)?).map(received))
    }

    /// Every verified delivery kept.
    pub fn received(&self) -> Vec<SandboxReceivedWebhook> {
        self.inner.received().into_iter().map(received).collect()
    }

    /// Every refused delivery kept.
    pub fn rejected(&self) -> Vec<SandboxRejectedWebhook> {
        self.inner
            .rejected()
            .into_iter()
            .map(|r| SandboxRejectedWebhook { code: r.code, reason: r.reason, body: r.body })
            .collect()
    }

    /// Forgets what was received and refused.
    pub fn clear(&self) {
        self.inner.clear();
    }

    /// Stops receiving (idempotent).
    pub fn stop(&self) {
        self.inner.stop();
    }
}
