//! The event shapes of the Kotlin API: [`WebhookEvent`] for a core [`Event`] (whose unknown
//! payload is a JSON value) and [`ReconcilePoll`] for a reconciler [`Poll`] (which holds events
//! and core errors). Everything else in them is a core type derived for UniFFI where it is
//! defined ([`Watched`], the event payloads).

use crate::model::{AbnormalPaymentDetected, CheckoutOrderChanged, RefundOrderChanged, SettlementOrderChanged};
use crate::reconcile::{self, Poll, Watched};
use crate::webhook::{Event, EventData};

use super::WCheckoutError;

/// A verified webhook event, or one the reconciler made from a poll. Every variant carries
/// `eventId` (deliveries may repeat), the body's own `timestamp` in seconds, `rawJson` (the whole
/// event: a webhook's body exactly as received, numbers exact), `dedupeKey` (the object and its
/// new status, `order:<orderNo>:PAID`: claim it with an `EventDeduplicator` to process the change
/// once; `event:<eventId>` for an unknown type) and `reconciled` (true for an event the
/// reconciler made from a poll).
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum WebhookEvent {
    /// A payment order's status changed.
    CheckoutOrderChanged {
        /// `evt_…` (`rcn:…` when reconciled).
        event_id: String,
        /// The body's `timestamp`, in seconds.
        timestamp: i64,
        /// The event's data.
        data: CheckoutOrderChanged,
        /// The whole event as JSON text: a verified webhook's body exactly as received (the signed
        /// bytes as UTF-8, whitespace and key order kept); compact JSON for a reconciled event.
        raw_json: String,
        /// `order:<orderNo>:<orderStatus>`.
        dedupe_key: String,
        /// True when the reconciler made this event from a poll.
        reconciled: bool,
    },
    /// A refund order's status changed.
    RefundOrderChanged {
        /// `evt_…` (`rcn:…` when reconciled).
        event_id: String,
        /// The body's `timestamp`, in seconds.
        timestamp: i64,
        /// The event's data.
        data: RefundOrderChanged,
        /// The whole event as JSON text: a verified webhook's body exactly as received (the signed
        /// bytes as UTF-8, whitespace and key order kept); compact JSON for a reconciled event.
        raw_json: String,
        /// `refund:<refundOrderNo>:<refundStatus>`.
        dedupe_key: String,
        /// True when the reconciler made this event from a poll.
        reconciled: bool,
    },
    /// A settlement order's status changed.
    SettlementOrderChanged {
        /// `evt_…` (`rcn:…` when reconciled).
        event_id: String,
        /// The body's `timestamp`, in seconds.
        timestamp: i64,
        /// The event's data.
        data: SettlementOrderChanged,
        /// The whole event as JSON text: a verified webhook's body exactly as received (the signed
        /// bytes as UTF-8, whitespace and key order kept); compact JSON for a reconciled event.
        raw_json: String,
        /// `settlement:<settlementOrderNo>:<settleStatus>`.
        dedupe_key: String,
        /// True when the reconciler made this event from a poll.
        reconciled: bool,
    },
    /// An over-, under- or late payment was detected.
    AbnormalPayment {
        /// `evt_…`.
        event_id: String,
        /// The body's `timestamp`, in seconds.
        timestamp: i64,
        /// The event's data.
        data: AbnormalPaymentDetected,
        /// The whole event as JSON text: a verified webhook's body exactly as received (the signed
        /// bytes as UTF-8, whitespace and key order kept); compact JSON for a reconciled event.
        raw_json: String,
        /// `abnormal:<abnormalPaymentNo>:<status>`.
        dedupe_key: String,
        /// True when the reconciler made this event from a poll.
        reconciled: bool,
    },
    /// An event type this SDK version does not know: kept, with its `data` as JSON text.
    Unknown {
        /// `evt_…`.
        event_id: String,
        /// The event type as sent.
        event_type: String,
        /// The body's `timestamp`, in seconds.
        timestamp: i64,
        /// The event's `data` as JSON text (`null` when absent).
        data_json: String,
        /// The whole event as JSON text: a verified webhook's body exactly as received (the signed
        /// bytes as UTF-8, whitespace and key order kept); compact JSON for a reconciled event.
        raw_json: String,
        /// `event:<eventId>`.
        dedupe_key: String,
        /// True when the reconciler made this event from a poll.
        reconciled: bool,
    },
}

impl From<Event> for WebhookEvent {
    /// `raw_json` written from [`Event::raw`] (compact JSON): for events made from objects, such
    /// as the reconciler's. A verified delivery uses [`WebhookEvent::with_raw_json`] with its body.
    fn from(e: Event) -> Self {
        let raw_json = e.raw.to_string();
        WebhookEvent::with_raw_json(e, raw_json)
    }
}

impl WebhookEvent {
    /// The event with `raw_json` given, e.g. a verified webhook body exactly as received (the
    /// signed bytes, not re-serialised); [`Event::raw`] is not read (it may be `null`, as
    /// [`parse_event_without_raw`](crate::webhook::parse_event_without_raw) leaves it).
    pub fn with_raw_json(e: Event, raw_json: String) -> Self {
        let dedupe_key = e.dedupe_key();
        let reconciled = e.is_reconciled();
        let (event_id, timestamp) = (e.event_id, e.timestamp);
        match e.data {
            EventData::CheckoutOrderChanged(data) => {
                WebhookEvent::CheckoutOrderChanged { event_id, timestamp, data, raw_json, dedupe_key, reconciled }
            }
            EventData::RefundOrderChanged(data) => {
                WebhookEvent::RefundOrderChanged { event_id, timestamp, data, raw_json, dedupe_key, reconciled }
            }
            EventData::SettlementOrderChanged(data) => {
                WebhookEvent::SettlementOrderChanged { event_id, timestamp, data, raw_json, dedupe_key, reconciled }
            }
            EventData::AbnormalPayment(data) => {
                WebhookEvent::AbnormalPayment { event_id, timestamp, data, raw_json, dedupe_key, reconciled }
            }
            EventData::Unknown(data) => WebhookEvent::Unknown {
                event_id,
                event_type: e.event_type.wire(),
                timestamp,
                data_json: data.to_string(),
                raw_json,
                dedupe_key,
                reconciled,
            },
        }
    }
}

/// A lookup of the reconciler that failed (the object stays watched).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PollFailure {
    /// The entry.
    pub watched: Watched,
    /// Why, as every call reports it (an `Api` error with retcode `00010` if the number does not exist).
    pub error: WCheckoutError,
}

/// What one reconciler poll found.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReconcilePoll {
    /// One event per status change seen (`reconciled` is true), typed like webhook events.
    pub events: Vec<WebhookEvent>,
    /// Lookups that failed (the entries stay).
    pub failures: Vec<PollFailure>,
    /// Entries dropped for age, not polled.
    pub expired: Vec<Watched>,
    /// Objects looked up.
    pub polled: i32,
    /// Objects not looked up because a retryable failure (rate limit, outage) stopped the poll.
    pub deferred: i32,
    /// True when another instance was polling this watch list, so this poll did nothing.
    pub skipped: bool,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl From<Poll> for ReconcilePoll {
    fn from(p: Poll) -> Self {
        // No `..`: a field added to `Poll` does not compile here until it is exposed.
        let Poll { events, failures, expired, polled, deferred, skipped } = p;
        ReconcilePoll {
            events: events.into_iter().map(WebhookEvent::from).collect(),
            failures: failures.into_iter().map(PollFailure::from).collect(),
            expired,
            polled: count(polled),
            deferred: count(deferred),
            skipped,
        }
    }
}

impl From<reconcile::PollFailure> for PollFailure {
    fn from(f: reconcile::PollFailure) -> Self {
        let reconcile::PollFailure { watched, error } = f;
        PollFailure { watched, error: error.into() }
    }
}
