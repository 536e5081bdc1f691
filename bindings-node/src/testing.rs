//! The sandbox inside the package (`wcheckout/testing`): the `wcheckout-sandbox` library started in
//! this process on its own threads (never the event loop's or libuv's), its control operations
//! called directly (no HTTP), and a webhook inbox. `lib/testing.js` wraps these classes.
//!
//! Control operations are in-process and take microseconds, so they are synchronous here (the JS
//! layer returns Promises). Only stopping can wait (for requests in progress, up to 2 s), so it
//! is an `AsyncTask`. Results cross as JSON text, amounts as decimal strings.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;
use serde_json::{Value, json};
use wcheckout::{Amount, Error as CoreError};
use wcheckout_sandbox::{
    ControlError, Fault, RefundMove, ResponseSignature, Sandbox, SandboxConfig, SettlementMove, StartError,
    TokenPolicy, WebhookInbox,
};

use crate::error::{OrThrow, invalid};
use crate::json::{typed_out, untyped_out};
use crate::util::whole;
use crate::webhook::event_json;

fn control_err(e: ControlError) -> CoreError {
    CoreError::api(e.retcode, e.message, e.http_status)
}

fn start_err(e: StartError) -> CoreError {
    match e {
        StartError::Config(reason) => invalid(reason),
        other => CoreError::transport(other.to_string(), false),
    }
}

/// Options of `Sandbox.start(...)` (the JS layer fills in the demo credentials).
#[napi(object)]
pub struct NativeSandboxOptions {
    pub api_key: String,
    pub api_secret: String,
    pub sign_key: String,
    pub webhook_url: Option<String>,
    pub token_policy: Option<String>,
    pub response_signature: Option<String>,
    pub time_scale: Option<f64>,
    pub exchange_rate: Option<String>,
    pub token_ttl_sec: Option<f64>,
    pub port: Option<f64>,
}

impl std::fmt::Debug for NativeSandboxOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeSandboxOptions").field("api_key", &self.api_key).finish_non_exhaustive()
    }
}

fn config(o: NativeSandboxOptions) -> Result<SandboxConfig, CoreError> {
    let mut c = SandboxConfig {
        api_key: o.api_key,
        api_secret: o.api_secret,
        sign_key: o.sign_key,
        webhook_url: o.webhook_url,
        time_scale: o.time_scale.unwrap_or(0.001),
        ..SandboxConfig::default()
    };
    if let Some(p) = o.token_policy {
        c.token_policy = TokenPolicy::parse(&p)
            .ok_or_else(|| invalid(format!("tokenPolicy must be \"supersede\" or \"multiple\", got {p:?}")))?;
    }
    if let Some(r) = o.response_signature {
        c.response_signature = ResponseSignature::parse(&r)
            .ok_or_else(|| invalid(format!("responseSignature must be \"full\", \"short\" or \"none\", got {r:?}")))?;
    }
    if let Some(rate) = o.exchange_rate {
        c.exchange_rate = Amount::parse(&rate)?;
    }
    if let Some(ttl) = o.token_ttl_sec {
        c.token_ttl_secs = whole(ttl, "tokenTtlSec", 315_360_000.0)?;
    }
    if let Some(port) = o.port {
        c.port = u16::try_from(whole(port, "port", 65_535.0)?).unwrap_or(0);
    }
    Ok(c)
}

/// A fault to arm (`POST /_sandbox/faults` fields).
#[napi(object)]
#[derive(Debug)]
pub struct NativeFault {
    pub kind: String,
    pub path: Option<String>,
    pub method: Option<String>,
    pub count: Option<f64>,
    pub delay_ms: Option<f64>,
    pub retry_after: Option<f64>,
    pub event_type: Option<String>,
}

fn fault(f: NativeFault) -> Result<Fault, CoreError> {
    let max = 9_007_199_254_740_991.0;
    Ok(Fault {
        kind: f.kind,
        path: f.path,
        method: f.method,
        count: f.count.map(|n| whole(n, "count", max)).transpose()?.unwrap_or(1),
        delay_ms: f.delay_ms.map(|n| whole(n, "delayMs", max)).transpose()?,
        retry_after: f.retry_after.map(|n| whole(n, "retryAfter", max)).transpose()?,
        event_type: f.event_type,
    })
}

type Shared = Arc<RwLock<Option<Sandbox>>>;

/// Stops a sandbox off the event loop.
#[derive(Debug)]
pub struct StopTask(Shared);

impl Task for StopTask {
    type Output = ();
    type JsValue = ();

    fn compute(&mut self) -> napi::Result<()> {
        stop(&self.0);
        Ok(())
    }

    fn resolve(&mut self, _env: Env, _output: ()) -> napi::Result<()> {
        Ok(())
    }
}

fn stop(shared: &Shared) {
    let taken = shared.write().unwrap_or_else(PoisonError::into_inner).take();
    if let Some(sandbox) = taken {
        sandbox.stop();
    }
}

/// The running sandbox; `lib/testing.js` wraps it as `Sandbox`.
#[derive(Debug)]
#[napi(js_name = "NativeSandbox")]
pub struct NativeSandbox {
    inner: Shared,
    url: String,
}

impl NativeSandbox {
    fn with<T>(&self, env: &Env, f: impl FnOnce(&Sandbox) -> Result<T, CoreError>) -> napi::Result<T> {
        crate::error::guarded(env, || {
            let g = self.inner.read().unwrap_or_else(PoisonError::into_inner);
            let sandbox = g.as_ref().ok_or_else(|| invalid("this sandbox is stopped: start a new one"));
            sandbox.and_then(f).or_throw(env)
        })
    }
}

#[napi]
impl NativeSandbox {
    #[napi(constructor)]
    pub fn new(env: Env, options: NativeSandboxOptions) -> napi::Result<Self> {
        crate::error::guarded(&env, || {
            (|| {
                let sandbox = Sandbox::start(config(options)?).map_err(start_err)?;
                let url = sandbox.url();
                Ok(NativeSandbox { inner: Arc::new(RwLock::new(Some(sandbox))), url })
            })()
            .or_throw(&env)
        })
    }

    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    #[napi(getter)]
    pub fn stopped(&self) -> bool {
        self.inner.read().unwrap_or_else(PoisonError::into_inner).is_none()
    }

    /// Stops it off the event loop (requests in progress finish, up to 2 s). Idempotent.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn stop(&self) -> AsyncTask<StopTask> {
        AsyncTask::new(StopTask(self.inner.clone()))
    }

    /// Stops it now, blocking (for `process.on('exit')`, where nothing asynchronous runs).
    #[napi]
    pub fn stop_sync(&self) {
        stop(&self.inner);
    }

    /// `{order, txHash, abnormalPayment}` as JSON text.
    #[napi]
    pub fn pay(&self, env: Env, order_no: String, amount: String, tx_hash: Option<String>) -> napi::Result<String> {
        self.with(&env, |s| {
            let amount = Amount::parse(&amount)?;
            typed_out(&s.pay(&order_no, &amount, tx_hash.as_deref()).map_err(control_err)?)
        })
    }

    /// `action`: process, complete or fail; the refund as JSON text.
    #[napi]
    pub fn move_refund(&self, env: Env, refund_order_no: String, action: String) -> napi::Result<String> {
        self.with(&env, |s| {
            let to = match action.as_str() {
                "process" => RefundMove::Process,
                "complete" => RefundMove::Complete,
                "fail" => RefundMove::Fail,
                other => return Err(invalid(format!("unknown refund move {other:?}"))),
            };
            typed_out(&s.move_refund(&refund_order_no, to).map_err(control_err)?)
        })
    }

    /// `action`: process, complete, fail or reject; the settlement as JSON text.
    #[napi]
    pub fn move_settlement(&self, env: Env, settlement_order_no: String, action: String) -> napi::Result<String> {
        self.with(&env, |s| {
            let to = match action.as_str() {
                "process" => SettlementMove::Process,
                "complete" => SettlementMove::Complete,
                "fail" => SettlementMove::Fail,
                "reject" => SettlementMove::Reject,
                other => return Err(invalid(format!("unknown settlement move {other:?}"))),
            };
            typed_out(&s.move_settlement(&settlement_order_no, to).map_err(control_err)?)
        })
    }

    /// `{offsetSeconds, now}` as JSON text.
    #[napi]
    pub fn advance_clock(&self, env: Env, seconds: f64) -> napi::Result<String> {
        self.with(&env, |s| {
            let secs = whole(seconds, "seconds", 9_007_199_254_740_991.0)?;
            typed_out(&s.advance_clock(secs).map_err(control_err)?)
        })
    }

    /// `{offsetSeconds, now}` as JSON text.
    #[napi]
    pub fn clock(&self, env: Env) -> napi::Result<String> {
        self.with(&env, |s| typed_out(&s.clock().map_err(control_err)?))
    }

    #[napi]
    pub fn add_fault(&self, env: Env, f: NativeFault) -> napi::Result<()> {
        self.with(&env, |s| s.add_fault(&fault(f)?).map_err(control_err))
    }

    #[napi]
    pub fn clear_faults(&self, env: Env) -> napi::Result<()> {
        self.with(&env, |s| s.clear_faults().map_err(control_err))
    }

    #[napi]
    pub fn expire_token(&self, env: Env) -> napi::Result<bool> {
        self.with(&env, |s| s.expire_token().map_err(control_err))
    }

    #[napi]
    pub fn set_webhook_url(&self, env: Env, url: Option<String>) -> napi::Result<()> {
        self.with(&env, |s| s.set_webhook_url(url.as_deref()).map_err(control_err))
    }

    #[napi]
    pub fn webhook_url(&self, env: Env) -> napi::Result<Option<String>> {
        self.with(&env, |s| s.webhook_url().map_err(control_err))
    }

    /// Every delivery as JSON text, each with `event` (the typed event of its body).
    #[napi]
    pub fn webhook_deliveries(&self, env: Env) -> napi::Result<String> {
        self.with(&env, |s| {
            let mut out = Vec::new();
            for d in s.webhook_deliveries().map_err(control_err)? {
                let event = event_json(&wcheckout::webhook::parse_event(d.body.as_bytes())?)?;
                let mut v = serde_json::to_value(&d).map_err(|e| CoreError::decode(e.to_string()))?;
                v["event"] = serde_json::from_str(&event).map_err(|e| CoreError::decode(e.to_string()))?;
                out.push(v);
            }
            untyped_out(Value::Array(out))
        })
    }

    /// `GET /_sandbox/state` as JSON text (numbers a double cannot hold as strings).
    #[napi]
    pub fn state(&self, env: Env) -> napi::Result<String> {
        self.with(&env, |s| untyped_out(s.state().map_err(control_err)?))
    }

    #[napi]
    pub fn reset(&self, env: Env) -> napi::Result<()> {
        self.with(&env, |s| s.reset().map_err(control_err))
    }

    /// Any control call by method and path (after `/_sandbox`); `body` is JSON text.
    #[napi]
    pub fn control(&self, env: Env, method: String, path: String, body: Option<String>) -> napi::Result<String> {
        self.with(&env, |s| {
            untyped_out(s.control(&method, &path, body.as_deref().map(str::as_bytes)).map_err(control_err)?)
        })
    }

    /// Starts an inbox verifying with this sandbox's signKey and points the sandbox at it.
    #[napi]
    pub fn webhook_inbox(&self, env: Env) -> napi::Result<NativeInbox> {
        self.with(&env, |s| Ok(NativeInbox { inner: Arc::new(s.webhook_inbox().map_err(start_err)?) }))
    }
}

/// A webhook receiver verifying every delivery; `lib/testing.js` wraps it as `WebhookInbox`.
#[derive(Debug)]
#[napi(js_name = "NativeInbox")]
pub struct NativeInbox {
    inner: Arc<WebhookInbox>,
}

/// Stops an inbox off the event loop.
#[derive(Debug)]
pub struct StopInboxTask(Arc<WebhookInbox>);

impl Task for StopInboxTask {
    type Output = ();
    type JsValue = ();

    fn compute(&mut self) -> napi::Result<()> {
        self.0.stop();
        Ok(())
    }

    fn resolve(&mut self, _env: Env, _output: ()) -> napi::Result<()> {
        Ok(())
    }
}

fn received_json(r: &wcheckout_sandbox::ReceivedWebhook) -> Result<String, CoreError> {
    let body = String::from_utf8_lossy(&r.body);
    let body = serde_json::to_string(&body).map_err(|e| CoreError::decode(e.to_string()))?;
    Ok(format!(r#"{{"seq":{},"body":{body},"event":{}}}"#, r.seq, event_json(&r.event)?))
}

#[napi]
impl NativeInbox {
    /// A receiver verifying with `signKey` (`toleranceSec`: default 120).
    #[napi(constructor)]
    pub fn new(env: Env, sign_key: String, tolerance_sec: Option<f64>) -> napi::Result<Self> {
        crate::error::guarded(&env, || {
            (|| {
                let tolerance = tolerance_sec
                    .map(|s| whole(s, "toleranceSec", 315_360_000.0).map(Duration::from_secs))
                    .transpose()?;
                let inbox = WebhookInbox::start(&sign_key, tolerance).map_err(start_err)?;
                Ok(NativeInbox { inner: Arc::new(inbox) })
            })()
            .or_throw(&env)
        })
    }

    #[napi(getter)]
    pub fn url(&self) -> String {
        self.inner.url().to_owned()
    }

    #[napi(getter)]
    pub fn stopped(&self) -> bool {
        self.inner.is_stopped()
    }

    /// The first kept event with `seq >= start`, without waiting: `{seq, body, event}` JSON or null.
    #[napi]
    pub fn try_next(&self, env: Env, start: f64) -> napi::Result<Option<String>> {
        crate::error::guarded(&env, || {
            (|| {
                let start = whole(start, "start", 9_007_199_254_740_991.0)?;
                self.inner.next(start, Duration::ZERO).map(|r| received_json(&r)).transpose()
            })()
            .or_throw(&env)
        })
    }

    /// Every kept event as a JSON array of `{seq, body, event}`.
    #[napi]
    pub fn received(&self, env: Env) -> napi::Result<String> {
        crate::error::guarded(&env, || {
            let items: Result<Vec<String>, CoreError> = self.inner.received().iter().map(received_json).collect();
            items.map(|v| format!("[{}]", v.join(","))).or_throw(&env)
        })
    }

    /// Every refused delivery as a JSON array of `{code, reason, body}`.
    #[napi]
    pub fn rejected(&self, env: Env) -> napi::Result<String> {
        crate::error::guarded(&env, || {
            let items: Vec<Value> = self
                .inner
                .rejected()
                .into_iter()
                .map(|r| json!({ "code": r.code, "reason": r.reason, "body": String::from_utf8_lossy(&r.body) }))
                .collect();
            untyped_out(Value::Array(items)).or_throw(&env)
        })
    }

    #[napi]
    pub fn clear(&self) {
        self.inner.clear();
    }

    #[napi(ts_return_type = "Promise<void>")]
    pub fn stop(&self) -> AsyncTask<StopInboxTask> {
        AsyncTask::new(StopInboxTask(self.inner.clone()))
    }

    #[napi]
    pub fn stop_sync(&self) {
        self.inner.stop();
    }
}
