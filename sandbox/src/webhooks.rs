//! Webhook delivery (spec §6): every event is queued, delivered by one background thread in
//! order, and retried on the spec §6.5 schedule (scaled by `time_scale`) until the receiver
//! answers HTTP 200 with `retcode` 200. Every attempt is recorded for `GET /_sandbox/webhooks`.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Value, json};
use wcheckout::model::{Envelope, EventType};
use wcheckout::signing::{Signer, now_millis};

use crate::clock::{format_api, real_micros};

/// Delays before retries 1..=15 (spec §6.5), in seconds, before scaling.
pub const RETRY_SCHEDULE_SECS: [u64; 15] =
    [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10_800, 10_800, 10_800, 21_600, 21_600];
/// Per-attempt timeout before scaling (spec §6.5 sibling: 15 s); never below 1 s after scaling.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(15);
/// Largest acknowledgement body read.
const MAX_ACK_BYTES: u64 = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pending,
    Delivered,
    Failed,
    NoUrl,
    /// Dropped on purpose (`lose_webhook` fault): recorded, never sent.
    Lost,
}

impl Status {
    fn name(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Delivered => "delivered",
            Status::Failed => "failed",
            Status::NoUrl => "no_url",
            Status::Lost => "lost",
        }
    }
}

#[derive(Debug, Clone)]
struct Attempt {
    at: i64,
    timestamp: String,
    http_status: Option<u16>,
    outcome: &'static str,
    error: Option<String>,
    duration_ms: u64,
}

#[derive(Debug, Clone)]
struct Delivery {
    event_id: String,
    event_type: String,
    url: Option<String>,
    body: String,
    created: i64,
    status: Status,
    attempts: Vec<Attempt>,
    next_at: Instant,
    in_flight: bool,
}

#[derive(Debug)]
struct Inner {
    url: Option<String>,
    deliveries: Vec<Delivery>,
    seq: u64,
    stopping: bool,
    /// Events still to lose, and the event type they must have (any when `None`).
    lose: u64,
    lose_type: Option<String>,
}

/// The webhook queue and its log.
#[derive(Debug)]
pub(crate) struct Webhooks {
    inner: Mutex<Inner>,
    wake: Condvar,
    signer: Signer,
    time_scale: f64,
    initial_url: Option<String>,
}

/// The event envelope, fields in the spec's order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventBody<'a> {
    event_id: &'a str,
    event_type: &'a str,
    timestamp: i64,
    data: &'a Value,
}

impl Webhooks {
    pub(crate) fn new(signer: Signer, time_scale: f64, url: Option<String>) -> Arc<Self> {
        Arc::new(Self {
            inner: Mutex::new(Inner {
                url: url.clone(),
                deliveries: Vec::new(),
                seq: 0,
                stopping: false,
                lose: 0,
                lose_type: None,
            }),
            wake: Condvar::new(),
            signer,
            time_scale,
            initial_url: url,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn scaled(&self, d: Duration) -> Duration {
        d.mul_f64(self.time_scale)
    }

    /// Starts the delivery thread.
    pub(crate) fn spawn_worker(self: &Arc<Self>) -> std::io::Result<()> {
        let me = self.clone();
        thread::Builder::new().name("sandbox-webhooks".into()).spawn(move || me.run()).map(|_| ())
    }

    /// Stops the delivery thread (after the attempt in progress, if any).
    pub(crate) fn stop(&self) {
        self.lock().stopping = true;
        self.wake.notify_all();
    }

    /// The delivery URL now in effect.
    pub(crate) fn url(&self) -> Option<String> {
        self.lock().url.clone()
    }

    /// Changes the delivery URL for events raised from now on.
    pub(crate) fn set_url(&self, url: Option<String>) {
        self.lock().url = url;
    }

    /// Forgets every delivery and restores the configured URL.
    pub(crate) fn reset(&self) {
        let mut g = self.lock();
        g.deliveries.clear();
        g.url = self.initial_url.clone();
        g.lose = 0;
        g.lose_type = None;
    }

    /// Loses the next `count` events (of `event_type`, or of any type): they are recorded with
    /// status `lost` and never sent, like deliveries that never arrive in the field.
    pub(crate) fn lose(&self, count: u64, event_type: Option<String>) {
        let mut g = self.lock();
        g.lose = count;
        g.lose_type = event_type;
    }

    /// Queues an event for delivery (or records it as `no_url` when no URL is set).
    pub(crate) fn enqueue(&self, event_type: EventType, data: Value) {
        let mut g = self.lock();
        g.seq += 1;
        let event_id = format!("evt_{:06x}{:06x}", g.seq & 0xff_ffff, fastrand::u32(..0x100_0000));
        let body = EventBody {
            event_id: &event_id,
            event_type: event_type.as_str(),
            timestamp: real_micros() / 1_000_000,
            data: &data,
        };
        let body = serde_json::to_string(&body).unwrap_or_default();
        let url = g.url.clone();
        let lost = g.lose > 0 && g.lose_type.as_deref().is_none_or(|t| t == event_type.as_str());
        if lost {
            g.lose -= 1;
        }
        let status = match (lost, url.is_some()) {
            (true, _) => Status::Lost,
            (false, true) => Status::Pending,
            (false, false) => Status::NoUrl,
        };
        g.deliveries.push(Delivery {
            event_id,
            event_type: event_type.as_str().to_owned(),
            url,
            body,
            created: real_micros(),
            status,
            attempts: Vec::new(),
            next_at: Instant::now(),
            in_flight: false,
        });
        drop(g);
        self.wake.notify_all();
    }

    fn run(&self) {
        let timeout = self.scaled(ATTEMPT_TIMEOUT).max(Duration::from_secs(1));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(format!("wcheckout-sandbox/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        loop {
            let (event_id, url, body) = {
                let mut g = self.lock();
                loop {
                    if g.stopping {
                        return;
                    }
                    let now = Instant::now();
                    let next = g
                        .deliveries
                        .iter_mut()
                        .filter(|d| d.status == Status::Pending && !d.in_flight)
                        .min_by_key(|d| d.next_at);
                    match next {
                        Some(d) if d.next_at <= now => {
                            d.in_flight = true;
                            break (d.event_id.clone(), d.url.clone().unwrap_or_default(), d.body.clone());
                        }
                        Some(d) => {
                            let wait = d.next_at - now;
                            g = self.wake.wait_timeout(g, wait).map_or_else(|e| e.into_inner().0, |r| r.0);
                        }
                        None => {
                            g = self
                                .wake
                                .wait_timeout(g, Duration::from_secs(1))
                                .map_or_else(|e| e.into_inner().0, |r| r.0);
                        }
                    }
                }
            };
            let attempt = self.attempt(&agent, &url, &body);
            self.record(&event_id, attempt);
        }
    }

    fn attempt(&self, agent: &ureq::Agent, url: &str, body: &str) -> Attempt {
        let started = Instant::now();
        let timestamp = now_millis().to_string();
        let signature = self.signer.sign_timestamp_body(&timestamp, body.as_bytes()).unwrap_or_default();
        let result = agent
            .post(url)
            .header("Content-Type", "application/json")
            .header("SIGNATURE", &signature)
            .header("TIMESTAMP", &timestamp)
            .send(body.as_bytes());
        let (http_status, outcome, error) = match result {
            Ok(mut resp) => {
                let status = resp.status().as_u16();
                let text = resp.body_mut().with_config().limit(MAX_ACK_BYTES).read_to_vec().unwrap_or_default();
                let acked = Envelope::parse(&text).is_ok_and(|e| e.retcode.is_success());
                match (status, acked) {
                    (200, true) => (Some(status), "success", None),
                    (200, false) => (
                        Some(status),
                        "bad_acknowledgement",
                        Some(format!(
                            "HTTP 200 but the body is not {{\"retcode\":200,...}}: {}",
                            String::from_utf8_lossy(&text).chars().take(200).collect::<String>()
                        )),
                    ),
                    _ => (Some(status), "http_status", Some(format!("HTTP {status}"))),
                }
            }
            Err(ureq::Error::Timeout(t)) => (None, "timeout", Some(format!("timed out ({t})"))),
            Err(e) => (None, "connection_error", Some(e.to_string())),
        };
        Attempt {
            at: real_micros(),
            timestamp,
            http_status,
            outcome,
            error,
            duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        }
    }

    fn record(&self, event_id: &str, attempt: Attempt) {
        let mut g = self.lock();
        // The delivery may have been forgotten by a reset meanwhile.
        let Some(d) = g.deliveries.iter_mut().find(|d| d.event_id == event_id) else { return };
        d.in_flight = false;
        let ok = attempt.outcome == "success";
        d.attempts.push(attempt);
        if ok {
            d.status = Status::Delivered;
        } else if let Some(secs) = RETRY_SCHEDULE_SECS.get(d.attempts.len() - 1) {
            d.next_at = Instant::now() + self.scaled(Duration::from_secs(*secs));
        } else {
            d.status = Status::Failed;
        }
    }

    /// `GET /_sandbox/webhooks`: every delivery with its attempts.
    pub(crate) fn to_json(&self) -> Value {
        let g = self.lock();
        let now = Instant::now();
        let deliveries: Vec<Value> = g
            .deliveries
            .iter()
            .map(|d| {
                json!({
                    "eventId": d.event_id,
                    "eventType": d.event_type,
                    "url": d.url,
                    "status": d.status.name(),
                    "createdTime": format_api(d.created),
                    "body": d.body,
                    "event": serde_json::from_str::<Value>(&d.body).unwrap_or(Value::Null),
                    "nextAttemptInMs": (d.status == Status::Pending)
                        .then(|| u64::try_from(d.next_at.saturating_duration_since(now).as_millis()).unwrap_or(u64::MAX)),
                    "attempts": d.attempts.iter().map(|a| json!({
                        "time": format_api(a.at),
                        "timestamp": a.timestamp,
                        "httpStatus": a.http_status,
                        "outcome": a.outcome,
                        "error": a.error,
                        "durationMs": a.duration_ms,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({ "webhookUrl": g.url, "deliveries": deliveries })
    }
}
