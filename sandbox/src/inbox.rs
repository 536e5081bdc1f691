//! A webhook receiver for tests: an HTTP server on `127.0.0.1` that verifies every delivery with
//! the core [`Verifier`] (signature over `TIMESTAMP + raw body`, time window) and keeps the typed
//! events, so a test can wait for "a PAID event arrived and verified" without writing a server.
//!
//! Verified deliveries are acknowledged (HTTP 200, [`ACKNOWLEDGEMENT`]); anything else is answered
//! 400 and recorded as rejected, so the sandbox retries it as it would in the field.

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use wcheckout::webhook::{ACKNOWLEDGEMENT, Event, Verifier};

use crate::http::{self, Reply, Request, Response};
use crate::{HttpLimits, Sandbox, StartError};

/// A delivery the inbox verified.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedWebhook {
    /// Position in arrival order, from 0; [`WebhookInbox::clear`] does not reuse positions.
    pub seq: u64,
    /// The verified, typed event.
    pub event: Event,
    /// The body exactly as received.
    pub body: Vec<u8>,
}

/// A delivery the inbox refused (answered 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedWebhook {
    /// The core error code (`webhook_signature_mismatch`, `webhook_outside_tolerance`, …).
    pub code: String,
    /// Why.
    pub reason: String,
    /// The body as received.
    pub body: Vec<u8>,
}

#[derive(Debug, Default)]
struct Log {
    received: Vec<ReceivedWebhook>,
    rejected: Vec<RejectedWebhook>,
    next_seq: u64,
}

#[derive(Debug)]
struct Inner {
    verifier: Verifier,
    log: Mutex<Log>,
    arrived: Condvar,
    stopped: AtomicBool,
}

impl Inner {
    fn log(&self) -> MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn handle(&self, req: &Request) -> Reply {
        if !req.method.eq_ignore_ascii_case("POST") {
            return Reply::Send(Response::json(405, br#"{"retcode":"405","retmsg":"POST only"}"#.to_vec()));
        }
        match self.verifier.verify(&req.headers, &req.body) {
            Ok(event) => {
                let mut log = self.log();
                let seq = log.next_seq;
                log.next_seq += 1;
                log.received.push(ReceivedWebhook { seq, event, body: req.body.clone() });
                drop(log);
                self.arrived.notify_all();
                Reply::Send(Response::json(200, ACKNOWLEDGEMENT.as_bytes().to_vec()))
            }
            Err(e) => {
                let reason = e.to_string();
                let answer = serde_json::json!({ "retcode": "400", "retmsg": reason }).to_string();
                let rejected = RejectedWebhook { code: e.code().to_owned(), reason, body: req.body.clone() };
                self.log().rejected.push(rejected);
                self.arrived.notify_all();
                Reply::Send(Response::json(400, answer.into_bytes()))
            }
        }
    }
}

/// A running webhook receiver on `127.0.0.1`. Stops on [`WebhookInbox::stop`] or when dropped.
/// Thread-safe: one thread may wait in [`next`](Self::next) while another stops it.
#[derive(Debug)]
pub struct WebhookInbox {
    http: Mutex<http::HttpServer>,
    inner: Arc<Inner>,
    url: String,
}

impl WebhookInbox {
    /// Starts a receiver on a free port that verifies deliveries signed with `sign_key`, allowing
    /// `tolerance` between their `TIMESTAMP` and the clock (`None`: ±120 s).
    pub fn start(sign_key: &str, tolerance: Option<Duration>) -> Result<WebhookInbox, StartError> {
        let mut verifier = Verifier::new(sign_key).map_err(|e| StartError::Config(e.to_string()))?;
        if let Some(t) = tolerance {
            verifier = verifier.with_tolerance(t);
        }
        let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|source| StartError::Bind { port: 0, source })?;
        let url = format!("http://{}/webhooks", listener.local_addr()?);
        let inner = Arc::new(Inner {
            verifier,
            log: Mutex::new(Log::default()),
            arrived: Condvar::new(),
            stopped: AtomicBool::new(false),
        });
        let me = inner.clone();
        let handler: http::Handler = Arc::new(move |req| me.handle(&req));
        let http = http::HttpServer::start(listener, Arc::new(AtomicBool::new(false)), HttpLimits::default(), handler)?;
        Ok(WebhookInbox { http: Mutex::new(http), inner, url })
    }

    /// The URL to deliver to, `http://127.0.0.1:PORT/webhooks`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The verified deliveries kept (all since the start or the last [`clear`](Self::clear)).
    pub fn received(&self) -> Vec<ReceivedWebhook> {
        self.inner.log().received.clone()
    }

    /// The refused deliveries kept.
    pub fn rejected(&self) -> Vec<RejectedWebhook> {
        self.inner.log().rejected.clone()
    }

    /// The first kept delivery with `seq >= from`, waiting up to `timeout` for one to arrive.
    /// `None` when none arrived in time or the inbox stopped. To see every event once: start at 0 and continue at
    /// `seq + 1` of the delivery returned.
    pub fn next(&self, from: u64, timeout: Duration) -> Option<ReceivedWebhook> {
        let deadline = Instant::now().checked_add(timeout);
        let mut log = self.inner.log();
        loop {
            if let Some(r) = log.received.iter().find(|r| r.seq >= from) {
                return Some(r.clone());
            }
            let left = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                None => Duration::from_secs(3600),
            };
            if left.is_zero() || self.inner.stopped.load(Ordering::SeqCst) {
                return None;
            }
            log = match self.inner.arrived.wait_timeout(log, left) {
                Ok((g, _)) => g,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// Forgets the deliveries received and refused so far.
    pub fn clear(&self) {
        let mut log = self.inner.log();
        log.received.clear();
        log.rejected.clear();
    }

    /// Whether [`stop`](Self::stop) was called.
    pub fn is_stopped(&self) -> bool {
        self.inner.stopped.load(Ordering::SeqCst)
    }

    /// Stops accepting deliveries (requests in progress finish, up to 2 s) and wakes every
    /// waiter. Idempotent; the deliveries kept stay readable.
    pub fn stop(&self) {
        if !self.inner.stopped.swap(true, Ordering::SeqCst) {
            self.http.lock().unwrap_or_else(std::sync::PoisonError::into_inner).stop();
            // Taking the lock orders the flag before a waiter's next check.
            drop(self.inner.log());
            self.inner.arrived.notify_all();
        }
    }
}

impl Drop for WebhookInbox {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Sandbox {
    /// Starts a [`WebhookInbox`] that verifies with this sandbox's `sign_key` and points the
    /// sandbox's webhook URL at it: events raised from now on arrive there.
    pub fn webhook_inbox(&self) -> Result<WebhookInbox, StartError> {
        let inbox = WebhookInbox::start(&self.shared.config.sign_key, None)?;
        self.set_webhook_url(Some(inbox.url())).map_err(|e| StartError::Config(e.message))?;
        Ok(inbox)
    }
}
