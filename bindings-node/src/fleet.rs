//! Many processes, one merchant: `EventDeduplicator` and `Reconciler` over core's stores. Every
//! call that may touch a store or the network runs on the SDK's worker threads and resolves with
//! JSON text.

use std::time::Duration;

use napi::Env;
use napi::bindgen_prelude::Object;
use napi_derive::napi;
use serde_json::{Value, json};
use wcheckout::reconcile::{self, Poll, WatchKind, Watched};
use wcheckout::store::{DEFAULT_DEDUPE_TTL, DEFAULT_STORE_TIMEOUT};
use wcheckout::{Error as CoreError, EventDeduplicator};

use crate::client::NativeClient;
use crate::error::OrThrow;
use crate::util::whole;

/// Runs store or network work on the SDK's worker threads (never libuv's pool); the Promise
/// resolves with JSON text.
fn task<'env>(
    env: &'env Env,
    f: impl FnOnce() -> Result<String, CoreError> + Send + 'static,
) -> napi::Result<Object<'env>> {
    crate::client::start_text(env, f)
}

const MAX_MS: f64 = 366.0 * 86_400.0 * 1000.0;

fn ms(v: Option<f64>, name: &str, default: Duration) -> Result<Duration, CoreError> {
    Ok(match v {
        Some(v) => Duration::from_millis(whole(v, name, MAX_MS)?),
        None => default,
    })
}

/// Claims event keys across processes (see `EventDeduplicator` in `lib/fleet.js`).
#[napi(js_name = "NativeDeduplicator")]
#[derive(Debug)]
pub struct NativeDeduplicator {
    inner: EventDeduplicator,
}

#[napi]
impl NativeDeduplicator {
    #[napi(constructor)]
    pub fn new(
        env: Env,
        url: String,
        ttl_ms: Option<f64>,
        namespace: Option<String>,
        timeout_ms: Option<f64>,
    ) -> napi::Result<Self> {
        crate::error::guarded(&env, || {
            (|| {
                let ttl = ms(ttl_ms, "ttlMs", DEFAULT_DEDUPE_TTL)?;
                let timeout = ms(timeout_ms, "timeoutMs", DEFAULT_STORE_TIMEOUT)?;
                EventDeduplicator::open_with(&url, ttl, namespace.as_deref(), timeout)
            })()
            .map(|inner| NativeDeduplicator { inner })
            .or_throw(&env)
        })
    }

    /// Resolves with `"true"` for exactly one caller per key, `"false"` for the others.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn claim<'env>(&self, env: &'env Env, key: String) -> napi::Result<Object<'env>> {
        let d = self.inner.clone();
        task(env, move || d.claim(&key).map(|won| won.to_string()))
    }

    /// Gives the key up.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn release<'env>(&self, env: &'env Env, key: String) -> napi::Result<Object<'env>> {
        let d = self.inner.clone();
        task(env, move || d.release(&key).map(|()| "null".to_owned()))
    }

    #[napi(getter)]
    pub fn url(&self) -> String {
        self.inner.url().to_owned()
    }

    #[napi(getter)]
    pub fn ttl_ms(&self) -> i64 {
        // At most 365 days: exact as a JS number.
        i64::try_from(self.inner.ttl().as_millis()).unwrap_or(i64::MAX)
    }
}

fn watched_json(w: &Watched) -> Value {
    json!({ "kind": w.kind.as_str(), "number": w.number, "addedAtMs": w.added_at_ms, "lastStatus": w.last_status })
}

fn error_json(e: &CoreError) -> Value {
    json!({
        "code": e.code(),
        "message": e.to_string(),
        "retcode": e.retcode(),
        "retmsg": e.retmsg(),
        "httpStatus": e.http_status(),
        "retryable": e.is_retryable(),
        "outcomeUnknown": e.outcome_unknown(),
    })
}

fn poll_json(poll: &Poll) -> Result<String, CoreError> {
    let mut events = Vec::with_capacity(poll.events.len());
    for ev in &poll.events {
        let parsed: Value = serde_json::from_str(&crate::webhook::event_json(ev)?)
            .map_err(|e| CoreError::internal(format!("event JSON: {e}")))?;
        events.push(json!({ "event": parsed, "raw": ev.raw.to_string() }));
    }
    let out = json!({
        "events": events,
        "failures": poll.failures.iter().map(|f| json!({ "watched": watched_json(&f.watched), "error": error_json(&f.error) })).collect::<Vec<_>>(),
        "expired": poll.expired.iter().map(watched_json).collect::<Vec<_>>(),
        "polled": poll.polled,
        "deferred": poll.deferred,
        "skipped": poll.skipped,
    });
    Ok(out.to_string())
}

/// The reconciler (see `Reconciler` in `lib/fleet.js`).
#[napi(js_name = "NativeReconciler")]
#[derive(Debug)]
pub struct NativeReconciler {
    inner: reconcile::Reconciler,
}

#[napi]
impl NativeReconciler {
    #[napi(constructor)]
    pub fn new(
        env: Env,
        client: &NativeClient,
        store: Option<String>,
        max_age_ms: Option<f64>,
        concurrency: Option<f64>,
    ) -> napi::Result<Self> {
        crate::error::guarded(&env, || {
            (|| {
                let options = reconcile::ReconcilerOptions {
                    store: store.unwrap_or_else(|| "memory".into()),
                    max_age: ms(max_age_ms, "maxAgeMs", reconcile::DEFAULT_MAX_AGE)?,
                    concurrency: match concurrency {
                        Some(n) => usize::try_from(whole(n, "concurrency", 1000.0)?).unwrap_or(usize::MAX),
                        None => reconcile::DEFAULT_CONCURRENCY,
                    },
                };
                reconcile::Reconciler::new(client.core().clone(), options)
            })()
            .map(|inner| NativeReconciler { inner })
            .or_throw(&env)
        })
    }

    /// Registers an object (`kind`: order, refund, settlement) at its initial status.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn watch<'env>(&self, env: &'env Env, kind: String, number: String) -> napi::Result<Object<'env>> {
        let r = self.inner.clone();
        task(env, move || r.watch(WatchKind::parse(&kind)?, &number, None).map(|()| "null".to_owned()))
    }

    /// Resolves with `"true"` if the object was watched.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn unwatch<'env>(&self, env: &'env Env, kind: String, number: String) -> napi::Result<Object<'env>> {
        let r = self.inner.clone();
        task(env, move || r.unwatch(WatchKind::parse(&kind)?, &number).map(|b| b.to_string()))
    }

    /// Resolves with the watch list as JSON.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn watched<'env>(&self, env: &'env Env) -> napi::Result<Object<'env>> {
        let r = self.inner.clone();
        task(env, move || Ok(Value::Array(r.watched()?.iter().map(watched_json).collect()).to_string()))
    }

    /// One poll; resolves with `{events: [{event, raw}], failures, expired, polled, deferred, skipped}`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn poll<'env>(&self, env: &'env Env) -> napi::Result<Object<'env>> {
        let r = self.inner.clone();
        task(env, move || poll_json(&r.poll()?))
    }

    /// Acknowledges an event by its dedupe key.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn ack<'env>(&self, env: &'env Env, dedupe_key: String) -> napi::Result<Object<'env>> {
        let r = self.inner.clone();
        task(env, move || r.ack_key(&dedupe_key).map(|()| "null".to_owned()))
    }
}
