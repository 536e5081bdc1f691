//! The reconciler: a safety net for webhooks that never arrive (spec §6.5).
//!
//! Register the merchant numbers you are waiting on; [`Reconciler::poll`] looks each one up
//! (GetCheckoutOrderInfo, GetRefundOrderInfo, GetSettlementOrder) with bounded concurrency and
//! returns, for every status change it sees, the same typed [`Event`] a webhook would carry, with
//! the same [`Event::dedupe_key`]. Handle those events exactly like webhooks (claim the dedupe key
//! first), then [`Reconciler::ack`] them: the entry's status advances, and an object that reached
//! the end of what the reconciler waits for is dropped from the list. An event not acknowledged is
//! reported again by the next poll (at least once). Entries older than the age limit (default
//! 2 h) are dropped without polling.
//!
//! What "the end" is: an order leaves the list once it is no longer `PAYING` (paid, cancelled,
//! timed out; later changes of a paid order arrive as refund events, which you watch by their
//! refund numbers); refunds and settlements leave it in a final status.
//!
//! Rate limits: each lookup is a client call with the client's retry policy (which honours
//! `Retry-After`); a lookup that still fails with a retryable error (HTTP 429/5xx, a transport
//! failure, a store failure) stops this poll, and the objects not yet polled are `deferred` to
//! the next one.
//!
//! The watch list lives in a store (`memory`, `file:///dir`, `redis://…`), namespaced like the
//! client's token, so any worker can register objects and any worker can poll; a poll lock lets
//! one worker poll at a time (the others' `poll` returns at once with `skipped`).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod events;

use events::{order_event, refund_event, settlement_event};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::model::{OrderStatus, RefundStatus, SettleStatus, validate_merchant_no};
use crate::store::watch::WatchStore;
pub use crate::store::watch::{WatchKind, Watched};
use crate::store::{StoreUrl, now_ms};
use crate::webhook::{Event, EventData};

/// Default age limit: objects registered longer ago are dropped (the gateway's own poller
/// stops at 2 h).
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(7_200);
/// Default number of lookups in flight at once.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// How long a crashed poller can keep the poll lock of a shared store.
const POLL_LOCK_TTL: Duration = Duration::from_secs(300);

/// How a [`Reconciler`] is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcilerOptions {
    /// Where the watch list lives: `memory` (default), `file:///dir` or `redis://…`.
    pub store: String,
    /// Objects registered longer ago than this are dropped (default 2 h; 1 s to 30 days).
    pub max_age: Duration,
    /// Lookups in flight at once (default 4; 1 to 32).
    pub concurrency: usize,
}

impl Default for ReconcilerOptions {
    fn default() -> Self {
        ReconcilerOptions { store: "memory".into(), max_age: DEFAULT_MAX_AGE, concurrency: DEFAULT_CONCURRENCY }
    }
}

/// One object whose lookup failed.
#[derive(Debug, Clone, PartialEq)]
pub struct PollFailure {
    /// The entry.
    pub watched: Watched,
    /// Why (an `api_error` `00010` if the number does not exist).
    pub error: Error,
}

/// What one poll found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Poll {
    /// A status change per object whose status differs from the last one acknowledged.
    pub events: Vec<Event>,
    /// Lookups that failed (the entries stay).
    pub failures: Vec<PollFailure>,
    /// Entries dropped for age, not polled.
    pub expired: Vec<Watched>,
    /// Objects looked up.
    pub polled: usize,
    /// Objects not looked up because a retryable failure stopped this poll.
    pub deferred: usize,
    /// True when another worker was polling this watch list, so this poll did nothing.
    pub skipped: bool,
}

/// Polls the objects you wait on and reports their status changes as events. `Send + Sync`;
/// clones share the watch list.
#[derive(Debug, Clone)]
pub struct Reconciler {
    client: Client,
    watch: Arc<WatchStore>,
    max_age: Duration,
    concurrency: usize,
}

/// The object an event is about and its new status, for the kinds the reconciler watches.
fn subject(data: &EventData) -> Option<(WatchKind, &str, &str)> {
    match data {
        EventData::CheckoutOrderChanged(d) => Some((WatchKind::Order, &d.order_no, d.order_status.as_str())),
        EventData::RefundOrderChanged(d) => Some((WatchKind::Refund, &d.refund_order_no, d.refund_status.as_str())),
        EventData::SettlementOrderChanged(d) => {
            Some((WatchKind::Settlement, &d.settlement_order_no, d.settle_status.as_str()))
        }
        _ => None,
    }
}

/// True when the reconciler stops waiting on an object in `status`.
fn is_done(kind: WatchKind, status: &str) -> bool {
    match kind {
        WatchKind::Order => {
            let s = OrderStatus::from_wire(status);
            s.is_known() && s != OrderStatus::Paying
        }
        WatchKind::Refund => RefundStatus::from_wire(status).is_final(),
        WatchKind::Settlement => SettleStatus::from_wire(status).is_final(),
    }
}

impl Reconciler {
    /// A reconciler calling through `client`, its watch list in `options.store`.
    pub fn new(client: Client, options: ReconcilerOptions) -> Result<Self> {
        if options.max_age < Duration::from_secs(1) || options.max_age > Duration::from_secs(30 * 86_400) {
            return Err(Error::invalid_argument(format!("max_age must be 1 s to 30 days, got {:?}", options.max_age)));
        }
        if !(1..=32).contains(&options.concurrency) {
            return Err(Error::invalid_argument(format!("concurrency must be 1 to 32, got {}", options.concurrency)));
        }
        let url = StoreUrl::parse(&options.store)?;
        let watch = WatchStore::open(&url, client.namespace(), crate::store::DEFAULT_STORE_TIMEOUT)?;
        Ok(Reconciler { client, watch: Arc::new(watch), max_age: options.max_age, concurrency: options.concurrency })
    }

    /// Waits on a payment order (initial status `PAYING`). Registering a watched object again
    /// changes nothing.
    pub fn watch_order(&self, order_no: &str) -> Result<()> {
        self.watch(WatchKind::Order, order_no, None)
    }

    /// Waits on a refund order (initial status `PENDING_REFUND`).
    pub fn watch_refund(&self, refund_order_no: &str) -> Result<()> {
        self.watch(WatchKind::Refund, refund_order_no, None)
    }

    /// Waits on a settlement order (initial status `PENDING_SETTLEMENT`).
    pub fn watch_settlement(&self, settlement_order_no: &str) -> Result<()> {
        self.watch(WatchKind::Settlement, settlement_order_no, None)
    }

    /// Waits on an object whose last known status is `status` (default: its initial status);
    /// the first event reported is for the first status that differs.
    pub fn watch(&self, kind: WatchKind, number: &str, status: Option<&str>) -> Result<()> {
        let field = match kind {
            WatchKind::Order => "orderNo",
            WatchKind::Refund => "refundOrderNo",
            WatchKind::Settlement => "settlementOrderNo",
        };
        validate_merchant_no(field, number)?;
        let initial = match kind {
            WatchKind::Order => OrderStatus::Paying.as_str(),
            WatchKind::Refund => RefundStatus::PendingRefund.as_str(),
            WatchKind::Settlement => SettleStatus::PendingSettlement.as_str(),
        };
        let status = status.map(str::trim).filter(|s| !s.is_empty()).unwrap_or(initial);
        if status.len() > 64 || !status.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(Error::invalid_argument("a status is letters, digits and '_' (e.g. PAYING)"));
        }
        self.watch.add(Watched { kind, number: number.to_owned(), added_at_ms: now_ms(), last_status: status.into() })
    }

    /// Stops waiting on an object; true if it was watched.
    pub fn unwatch(&self, kind: WatchKind, number: &str) -> Result<bool> {
        self.watch.remove(kind, number)
    }

    /// Every object waited on.
    pub fn watched(&self) -> Result<Vec<Watched>> {
        self.watch.list()
    }

    /// Looks up one object: its status and the event describing it.
    fn observe(&self, w: &Watched) -> Result<Event> {
        match w.kind {
            WatchKind::Order => order_event(self.client.get_checkout_order_info(&w.number)?),
            WatchKind::Refund => refund_event(self.client.get_refund_order_info(&w.number)?),
            WatchKind::Settlement => settlement_event(self.client.get_settlement_order(&w.number)?),
        }
    }

    /// Polls every watched object once (see the [module docs](self)); changes nothing but the
    /// removal of entries past the age limit. Acknowledge the events you handled with
    /// [`ack`](Self::ack).
    pub fn poll(&self) -> Result<Poll> {
        let Some(_lock) = self.watch.try_poll_lock(POLL_LOCK_TTL)? else {
            return Ok(Poll { skipped: true, ..Poll::default() });
        };
        let now = now_ms();
        let max_age = crate::store::millis(self.max_age);
        let (expired, due): (Vec<Watched>, Vec<Watched>) =
            self.watch.list()?.into_iter().partition(|w| now.saturating_sub(w.added_at_ms) > max_age);
        for w in &expired {
            self.watch.remove(w.kind, &w.number)?;
        }
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let results: Mutex<Vec<(usize, Result<Event>)>> = Mutex::new(Vec::with_capacity(due.len()));
        std::thread::scope(|s| {
            for _ in 0..self.concurrency.min(due.len()) {
                s.spawn(|| {
                    while !stop.load(Ordering::Acquire) {
                        let i = next.fetch_add(1, Ordering::AcqRel);
                        let Some(w) = due.get(i) else { break };
                        let r = self.observe(w);
                        if r.as_ref().is_err_and(Error::is_retryable) {
                            stop.store(true, Ordering::Release);
                        }
                        results.lock().unwrap_or_else(|p| p.into_inner()).push((i, r));
                    }
                });
            }
        });
        let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
        results.sort_by_key(|(i, _)| *i);
        let mut poll = Poll { expired, polled: results.len(), deferred: due.len() - results.len(), ..Poll::default() };
        for (i, r) in results {
            let w = &due[i];
            match r {
                Ok(ev) => {
                    if subject(&ev.data).is_some_and(|(_, _, status)| status != w.last_status) {
                        poll.events.push(ev);
                    }
                }
                Err(error) => poll.failures.push(PollFailure { watched: w.clone(), error }),
            }
        }
        Ok(poll)
    }

    /// Records that `event` was handled: the object's status advances to the event's, and an
    /// object the reconciler no longer waits for leaves the list. Works for webhook events too
    /// (a webhook that did arrive stops the polling of its object). Events about objects not
    /// watched, and abnormal-payment or unknown events, are ignored.
    pub fn ack(&self, event: &Event) -> Result<()> {
        match subject(&event.data) {
            Some((kind, number, status)) => self.ack_status(kind, number, status),
            None => Ok(()),
        }
    }

    /// [`ack`](Self::ack) by the event's [`dedupe_key`](Event::dedupe_key)
    /// (`order:<orderNo>:<status>`, `refund:…`, `settlement:…`), for bindings that hold the
    /// event in their own types. Other keys are ignored; a malformed one is `invalid_argument`.
    pub fn ack_key(&self, dedupe_key: &str) -> Result<()> {
        let mut parts = dedupe_key.splitn(3, ':');
        let kind = match parts.next() {
            Some("order") => WatchKind::Order,
            Some("refund") => WatchKind::Refund,
            Some("settlement") => WatchKind::Settlement,
            _ => return Ok(()),
        };
        let (Some(number), Some(status)) = (parts.next(), parts.next()) else {
            return Err(Error::invalid_argument("a dedupe key looks like order:<orderNo>:<status>"));
        };
        if number.is_empty() || status.is_empty() || status.contains(':') {
            return Err(Error::invalid_argument("a dedupe key looks like order:<orderNo>:<status>"));
        }
        self.ack_status(kind, number, status)
    }

    fn ack_status(&self, kind: WatchKind, number: &str, status: &str) -> Result<()> {
        if is_done(kind, status) {
            self.watch.remove(kind, number)?;
            return Ok(());
        }
        let Some(mut w) = self.watch.list()?.into_iter().find(|w| w.kind == kind && w.number == number) else {
            return Ok(());
        };
        status.clone_into(&mut w.last_status);
        self.watch.update(&w)
    }

    /// Polls and acknowledges every event at once (at most once: an event is not reported
    /// again even if you fail to handle it; prefer [`run_once_with`](Self::run_once_with)).
    pub fn run_once(&self) -> Result<Poll> {
        self.run_once_with(|_| true)
    }

    /// Polls and hands each event to `handler`; the events it returns `true` for are
    /// acknowledged, the others are reported again by the next poll (at least once).
    pub fn run_once_with(&self, mut handler: impl FnMut(&Event) -> bool) -> Result<Poll> {
        let poll = self.poll()?;
        for ev in &poll.events {
            if handler(ev) {
                self.ack(ev)?;
            }
        }
        Ok(poll)
    }

    /// Runs [`run_once_with`](Self::run_once_with) every `interval` until `stop` is set (checked
    /// at least every 100 ms), e.g. on a background thread. Errors (a store outage) go to
    /// `on_error` and the loop goes on.
    pub fn run_forever(
        &self,
        interval: Duration,
        stop: &AtomicBool,
        mut handler: impl FnMut(&Event) -> bool,
        mut on_error: impl FnMut(&Error),
    ) {
        while !stop.load(Ordering::Acquire) {
            let started = Instant::now();
            if let Err(e) = self.run_once_with(&mut handler) {
                on_error(&e);
            }
            while !stop.load(Ordering::Acquire) && started.elapsed() < interval {
                std::thread::sleep(interval.saturating_sub(started.elapsed()).min(Duration::from_millis(100)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_reconciler_stops_waiting_for() {
        assert!(!is_done(WatchKind::Order, "PAYING"));
        assert!(is_done(WatchKind::Order, "PAID") && is_done(WatchKind::Order, "TIMEOUT"));
        assert!(!is_done(WatchKind::Order, "SOMETHING_NEW"));
        assert!(!is_done(WatchKind::Refund, "REFUNDING") && is_done(WatchKind::Refund, "REFUNDED"));
        assert!(!is_done(WatchKind::Settlement, "SETTLING") && is_done(WatchKind::Settlement, "REJECTED"));
    }

    #[test]
    fn ack_by_dedupe_key() {
        let client = crate::Client::builder("k", "s", "g").base_url("http://127.0.0.1:9").build().unwrap();
        let rec = Reconciler::new(client, ReconcilerOptions::default()).unwrap();
        rec.watch_refund("R1").unwrap();
        rec.watch_order("A1").unwrap();
        rec.ack_key("refund:R1:REFUNDING").unwrap();
        rec.ack_key("abnormal:X:DETECTED").unwrap();
        rec.ack_key("event:evt_1").unwrap();
        assert_eq!(rec.ack_key("order:A1").unwrap_err().code(), "invalid_argument");
        let w = rec.watched().unwrap();
        assert_eq!((w.len(), w[1].last_status.as_str()), (2, "REFUNDING"));
        rec.ack_key("order:A1:PAID").unwrap();
        rec.ack_key("refund:R1:REFUNDED").unwrap();
        assert!(rec.watched().unwrap().is_empty());
    }
}
