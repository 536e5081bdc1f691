//! The in-process access-token cache: fetched on first use (from the shared token store when
//! one is configured, see [`crate::store`]), shared by every clone of a client, refreshed
//! `token_refresh_margin` (5 min) before expiry, fetched by one thread at a time.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Deserialize;

use crate::error::{Error, Result};

/// A bearer token. `Debug` never shows it. Times are wall-clock epoch milliseconds, so that
/// processes sharing a store agree on them.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct AccessToken {
    pub(crate) value: Arc<str>,
    /// When to fetch a new one (`token_refresh_margin` before expiry).
    pub(crate) refresh_at_ms: u64,
    /// When the gateway stops accepting it.
    pub(crate) expires_at_ms: u64,
    /// The exact text this token has in a shared store, when it came from (or went to) one:
    /// compare-and-delete compares this text.
    pub(crate) stored: Option<Arc<str>>,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("value", &"<redacted>")
            .field("refresh_at_ms", &self.refresh_at_ms)
            .field("expires_at_ms", &self.expires_at_ms)
            .finish_non_exhaustive()
    }
}

impl AccessToken {
    /// True until its refresh time.
    pub(crate) fn is_fresh(&self, now_ms: u64) -> bool {
        now_ms < self.refresh_at_ms
    }
}

/// Longest token lifetime believed: a longer (or absurd, e.g. `u64::MAX`) `expires_in` is clamped,
/// so the refresh time can always be computed. Tokens are documented to live 6 hours.
const MAX_LIFETIME: Duration = Duration::from_secs(7 * 86_400);
/// Lifetime assumed when `expires_in` is missing or unreadable (spec: 6 hours).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(21_600);
/// How many recently issued tokens are remembered, so they can be redacted from messages.
const RECENT: usize = 4;

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
            return Err(Error::auth("token endpoint returned an empty access_token"));
        }
        let lifetime = match &self.expires_in {
            Some(serde_json::Value::Number(n)) => n.to_string().parse::<u64>().ok(),
            Some(serde_json::Value::String(s)) => s.trim().parse::<u64>().ok(),
            _ => None,
        }
        .map_or(DEFAULT_LIFETIME, |secs| Duration::from_secs(secs).min(MAX_LIFETIME));
        // Refresh `margin` before expiry, but never sooner than half the lifetime for short tokens.
        let early = lifetime.saturating_sub(margin).max(lifetime / 2);
        let now = crate::store::now_ms();
        Ok(AccessToken {
            value: Arc::from(self.access_token),
            refresh_at_ms: now.saturating_add(crate::store::millis(early)),
            expires_at_ms: now.saturating_add(crate::store::millis(lifetime)),
            stored: None,
        })
    }
}

#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    current: Mutex<Option<AccessToken>>,
    /// Held while a thread fetches, so concurrent callers wait for that one fetch (single flight).
    fetching: Mutex<()>,
    /// The last few token values issued, newest last, for redaction.
    recent: Mutex<VecDeque<Arc<str>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another thread while holding the lock cannot leave a token half-written.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl TokenCache {
    fn fresh(&self) -> Option<AccessToken> {
        let now = crate::store::now_ms();
        lock(&self.current).as_ref().filter(|t| t.is_fresh(now)).cloned()
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
        {
            let mut recent = lock(&self.recent);
            if recent.len() == RECENT {
                recent.pop_front();
            }
            recent.push_back(t.value.clone());
        }
        *lock(&self.current) = Some(t.clone());
        Ok(t)
    }

    /// The recently issued token values (for redaction; never logged).
    pub(crate) fn recent(&self) -> Vec<Arc<str>> {
        lock(&self.recent).iter().cloned().collect()
    }

    /// Drops `stale` if it is still the cached token (the server refused it).
    pub(crate) fn invalidate(&self, stale: &AccessToken) {
        let mut cur = lock(&self.current);
        if cur.as_ref().is_some_and(|t| t.value == stale.value) {
            *cur = None;
        }
    }

    /// Drops any cached token, returning it.
    pub(crate) fn clear(&self) -> Option<AccessToken> {
        lock(&self.current).take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(expires_in: serde_json::Value) -> TokenData {
        TokenData { access_token: "tok".into(), expires_in: Some(expires_in) }
    }

    #[test]
    fn absurd_lifetimes_are_clamped_not_a_panic() {
        let margin = Duration::from_secs(300);
        for v in [
            serde_json::json!(u64::MAX),
            serde_json::json!("18446744073709551615"),
            serde_json::json!("9999999999999999999"),
            serde_json::json!("99999999999999999999999"),
            serde_json::json!(-1),
            serde_json::json!(1.5e300),
            serde_json::json!(0),
        ] {
            let t = data(v.clone()).into_token(margin).unwrap();
            let now = crate::store::now_ms();
            assert!(t.refresh_at_ms <= now + 7 * 86_400_000 && t.refresh_at_ms <= t.expires_at_ms, "{v}");
        }
        let t = data(serde_json::json!(u64::MAX)).into_token(margin).unwrap();
        assert!(t.refresh_at_ms > crate::store::now_ms() + 86_400_000, "a long lifetime stays long");
    }
}
