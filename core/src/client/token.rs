//! The access-token cache: fetched on first use, shared by every clone of a client, refreshed
//! `token_refresh_margin` (5 min) before expiry, fetched by one thread at a time.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::error::{Error, Result};

/// A bearer token. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct AccessToken {
    pub(crate) value: Arc<str>,
    pub(crate) refresh_at: Instant,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken").field("value", &"<redacted>").field("refresh_at", &self.refresh_at).finish()
    }
}

/// The token endpoint's `retdata`.
#[derive(Deserialize)]
pub(crate) struct TokenData {
    pub(crate) access_token: String,
    #[serde(default)]
    pub(crate) expires_in: Option<serde_json::Value>,
}

impl TokenData {
    pub(crate) fn into_token(self, margin: Duration) -> Result<AccessToken> {
        if self.access_token.trim().is_empty() {
            return Err(Error::Auth { reason: "token endpoint returned an empty access_token".into() });
        }
        let secs = match &self.expires_in {
            Some(serde_json::Value::Number(n)) => n.to_string().parse::<u64>().ok(),
            Some(serde_json::Value::String(s)) => s.parse::<u64>().ok(),
            _ => None,
        }
        .unwrap_or(21_600);
        // Refresh `margin` before expiry, but never sooner than half the lifetime for short tokens.
        let lifetime = Duration::from_secs(secs);
        let early = lifetime.saturating_sub(margin).max(lifetime / 2);
        Ok(AccessToken { value: Arc::from(self.access_token), refresh_at: Instant::now() + early })
    }
}

#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    current: Mutex<Option<AccessToken>>,
    /// Held while a thread fetches, so concurrent callers wait for that one fetch (single flight).
    fetching: Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another thread while holding the lock cannot leave a token half-written.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl TokenCache {
    fn fresh(&self) -> Option<AccessToken> {
        lock(&self.current).as_ref().filter(|t| Instant::now() < t.refresh_at).cloned()
    }

    /// Returns a valid token, fetching one with `fetch` if needed; at most one fetch runs at a time.
    pub(crate) fn get(&self, fetch: impl FnOnce() -> Result<AccessToken>) -> Result<AccessToken> {
        if let Some(t) = self.fresh() {
            return Ok(t);
        }
        let _guard = lock(&self.fetching);
        if let Some(t) = self.fresh() {
            return Ok(t);
        }
        let t = fetch()?;
        *lock(&self.current) = Some(t.clone());
        Ok(t)
    }

    /// Drops `stale` if it is still the cached token (the server refused it).
    pub(crate) fn invalidate(&self, stale: &AccessToken) {
        let mut cur = lock(&self.current);
        if cur.as_ref().is_some_and(|t| t.value == stale.value) {
            *cur = None;
        }
    }

    /// Drops any cached token.
    pub(crate) fn clear(&self) {
        *lock(&self.current) = None;
    }
}
