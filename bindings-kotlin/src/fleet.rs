//! Many processes, one merchant: the event deduplicator and the reconciler over core's stores.
//! The Kotlin layer (`Fleet.kt`) wraps these objects; every rule is core's. What they return
//! is core's own types (`Watched`, `WatchKind`, `WebhookEvent`, `ReconcilePoll`, `WCheckoutError`),
//! generated into `com.wcheckout`.

use std::sync::Arc;

use wcheckout::reconcile::{self, WatchKind, Watched};
use wcheckout::store::{DEFAULT_DEDUPE_TTL, DEFAULT_STORE_TIMEOUT};
use wcheckout::uniffi_support::ReconcilePoll;

use crate::client::{FfiClient, millis};
use crate::error::{FfiResult, invalid_argument};

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
                Some(n) => usize::try_from(n).map_err(|_| invalid_argument("concurrency must be 1 to 32"))?,
                None => reconcile::DEFAULT_CONCURRENCY,
            },
        };
        Ok(Arc::new(FfiReconciler { inner: reconcile::Reconciler::new(client.core().clone(), options)? }))
    }

    /// Waits on an object from its initial status.
    pub fn watch(&self, kind: WatchKind, number: String) -> FfiResult<()> {
        Ok(self.inner.watch(kind, &number, None)?)
    }

    /// Stops waiting on an object; true if it was watched.
    pub fn unwatch(&self, kind: WatchKind, number: String) -> FfiResult<bool> {
        Ok(self.inner.unwatch(kind, &number)?)
    }

    /// Every object waited on.
    pub fn watched(&self) -> FfiResult<Vec<Watched>> {
        Ok(self.inner.watched()?)
    }

    /// Looks every watched object up once; acknowledges nothing.
    pub fn poll(&self) -> FfiResult<ReconcilePoll> {
        Ok(self.inner.poll()?.into())
    }

    /// Acknowledges an event by its dedupe key.
    pub fn ack(&self, dedupe_key: String) -> FfiResult<()> {
        Ok(self.inner.ack_key(&dedupe_key)?)
    }
}
