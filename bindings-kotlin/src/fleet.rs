//! Many processes, one merchant: the event deduplicator and the reconciler over core's stores.
//! The Kotlin layer (`Fleet.kt`) wraps these objects; every rule is core's.

use std::sync::Arc;

use wcheckout::reconcile::{self, Poll, WatchKind, Watched};
use wcheckout::store::{DEFAULT_DEDUPE_TTL, DEFAULT_STORE_TIMEOUT};

use crate::client::{FfiClient, millis};
use crate::error::{FfiError, FfiResult};
use crate::webhook::WebhookEvent;

/// Claims event keys across processes (`EventDeduplicator` in Kotlin).
#[derive(Debug, uniffi::Object)]
pub struct FfiEventDeduplicator {
    inner: wcheckout::EventDeduplicator,
}

#[uniffi::export]
impl FfiEventDeduplicator {
    /// `url`: `memory`, `file:///dir` or `redis://…`; TTL and store timeout in milliseconds.
    #[uniffi::constructor]
    pub fn new(
        url: String,
        ttl_ms: Option<i64>,
        namespace: Option<String>,
        timeout_ms: Option<i64>,
    ) -> FfiResult<Arc<Self>> {
        let ttl = ttl_ms.map(|ms| millis("ttl", ms)).transpose()?.unwrap_or(DEFAULT_DEDUPE_TTL);
        let timeout = timeout_ms.map(|ms| millis("timeout", ms)).transpose()?.unwrap_or(DEFAULT_STORE_TIMEOUT);
        let inner = wcheckout::EventDeduplicator::open_with(&url, ttl, namespace.as_deref(), timeout)?;
        Ok(Arc::new(FfiEventDeduplicator { inner }))
    }

    /// True for exactly one caller per key until it is released or expires.
    pub fn claim(&self, key: String) -> FfiResult<bool> {
        Ok(self.inner.claim(&key)?)
    }

    /// Gives the key up.
    pub fn release(&self, key: String) -> FfiResult<()> {
        Ok(self.inner.release(&key)?)
    }

    /// The store URL without its password.
    pub fn url(&self) -> String {
        self.inner.url().to_owned()
    }

    /// How long a claim holds, in milliseconds.
    pub fn ttl_ms(&self) -> i64 {
        i64::try_from(self.inner.ttl().as_millis()).unwrap_or(i64::MAX)
    }
}

/// One object the reconciler waits on.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FfiWatched {
    /// `order`, `refund` or `settlement`.
    pub kind: String,
    /// Its merchant number.
    pub number: String,
    /// When it was registered (epoch milliseconds).
    pub added_at_ms: i64,
    /// The last status acknowledged.
    pub last_status: String,
}

impl From<&Watched> for FfiWatched {
    fn from(w: &Watched) -> Self {
        FfiWatched {
            kind: w.kind.as_str().to_owned(),
            number: w.number.clone(),
            added_at_ms: i64::try_from(w.added_at_ms).unwrap_or(i64::MAX),
            last_status: w.last_status.clone(),
        }
    }
}

/// A lookup that failed, with its error.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FfiPollFailure {
    /// The entry (it stays watched).
    pub watched: FfiWatched,
    /// The error, as every call reports it.
    pub error: FfiError,
}

/// What one poll found.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FfiPoll {
    /// One event per status change seen (`reconciled = true`).
    pub events: Vec<WebhookEvent>,
    /// Lookups that failed.
    pub failures: Vec<FfiPollFailure>,
    /// Entries dropped for age, not polled.
    pub expired: Vec<FfiWatched>,
    /// Objects looked up.
    pub polled: i64,
    /// Objects not looked up because a retryable failure stopped the poll.
    pub deferred: i64,
    /// True when another worker was polling this watch list.
    pub skipped: bool,
}

impl From<Poll> for FfiPoll {
    fn from(p: Poll) -> Self {
        FfiPoll {
            events: p.events.into_iter().map(WebhookEvent::from).collect(),
            failures: p
                .failures
                .into_iter()
                .map(|f| FfiPollFailure { watched: (&f.watched).into(), error: f.error.into() })
                .collect(),
            expired: p.expired.iter().map(FfiWatched::from).collect(),
            polled: i64::try_from(p.polled).unwrap_or(i64::MAX),
            deferred: i64::try_from(p.deferred).unwrap_or(i64::MAX),
            skipped: p.skipped,
        }
    }
}

/// The reconciler (`Reconciler` in Kotlin).
#[derive(Debug, uniffi::Object)]
pub struct FfiReconciler {
    inner: reconcile::Reconciler,
}

#[uniffi::export]
impl FfiReconciler {
    /// A reconciler calling through `client`; `store` holds the watch list.
    #[uniffi::constructor]
    pub fn new(
        client: Arc<FfiClient>,
        store: String,
        max_age_ms: Option<i64>,
        concurrency: Option<i32>,
    ) -> FfiResult<Arc<Self>> {
        let options = reconcile::ReconcilerOptions {
            store,
            max_age: max_age_ms.map(|ms| millis("maxAge", ms)).transpose()?.unwrap_or(reconcile::DEFAULT_MAX_AGE),
            concurrency: match concurrency {
                Some(n) => usize::try_from(n).map_err(|_| FfiError::invalid_argument("concurrency must be 1 to 32"))?,
                None => reconcile::DEFAULT_CONCURRENCY,
            },
        };
        Ok(Arc::new(FfiReconciler { inner: reconcile::Reconciler::new(client.core().clone(), options)? }))
    }

    /// Waits on an object (`kind`: order, refund, settlement) from its initial status.
    pub fn watch(&self, kind: String, number: String) -> FfiResult<()> {
        Ok(self.inner.watch(WatchKind::parse(&kind)?, &number, None)?)
    }

    /// Stops waiting on an object; true if it was watched.
    pub fn unwatch(&self, kind: String, number: String) -> FfiResult<bool> {
        Ok(self.inner.unwatch(WatchKind::parse(&kind)?, &number)?)
    }

    /// Every object waited on.
    pub fn watched(&self) -> FfiResult<Vec<FfiWatched>> {
        Ok(self.inner.watched()?.iter().map(FfiWatched::from).collect())
    }

    /// Looks every watched object up once; acknowledges nothing.
    pub fn poll(&self) -> FfiResult<FfiPoll> {
        Ok(self.inner.poll()?.into())
    }

    /// Acknowledges an event by its dedupe key.
    pub fn ack(&self, dedupe_key: String) -> FfiResult<()> {
        Ok(self.inner.ack_key(&dedupe_key)?)
    }
}
