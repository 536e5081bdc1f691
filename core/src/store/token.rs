//! The shared access-token store: one token per merchant (api key + base URL) for every process.
//!
//! - `get_or_fetch`: a fresh stored token is used as is. Otherwise one process at a time (across
//!   processes: an OS file lock, or a Redis `SET NX PX` lock whose TTL frees it if the holder
//!   dies) checks again and fetches; the others poll the stored token, for a bounded time.
//! - `invalidate`: after `00002`, the stored token is deleted only if it is still the one that
//!   failed (compare-and-delete), so a slow process never evicts a fresh token.
//!
//! The stored value is `{"accessToken","expiresAtMs","refreshAtMs"}` and nothing else.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{StoreUrl, file, now_ms};
use crate::client::token::AccessToken;
use crate::error::{Error, Result};

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    access_token: String,
    expires_at_ms: u64,
    refresh_at_ms: u64,
}

fn encode(t: &AccessToken) -> Result<String> {
    let wire =
        Wire { access_token: t.value.to_string(), expires_at_ms: t.expires_at_ms, refresh_at_ms: t.refresh_at_ms };
    serde_json::to_string(&wire).map_err(|e| Error::internal(format!("encoding a token: {e}")))
}

/// A stored value that does not decode (another program's key, a truncated file) counts as no
/// token: the next fetch overwrites it.
fn decode(text: &str) -> Option<AccessToken> {
    let w: Wire = serde_json::from_str(text).ok()?;
    if w.access_token.trim().is_empty() {
        return None;
    }
    Some(AccessToken {
        value: Arc::from(w.access_token),
        refresh_at_ms: w.refresh_at_ms.min(w.expires_at_ms),
        expires_at_ms: w.expires_at_ms,
        stored: Some(Arc::from(text)),
    })
}

enum Backend {
    File {
        token: PathBuf,
        lock: PathBuf,
    },
    #[cfg(feature = "redis")]
    Redis {
        redis: Box<super::redis::Redis>,
        key: String,
        lock_key: String,
    },
}

/// A shared token store (`file://` or `redis://`; `memory` needs none).
pub(crate) struct TokenStore {
    backend: Backend,
    shown: String,
}

impl std::fmt::Debug for TokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenStore").field("url", &self.shown).finish_non_exhaustive()
    }
}

/// Releases a Redis lock if it is still ours (it may have expired and been taken since).
#[cfg(feature = "redis")]
struct RedisLock<'a> {
    redis: &'a super::redis::Redis,
    key: &'a str,
    nonce: String,
}

#[cfg(feature = "redis")]
impl Drop for RedisLock<'_> {
    fn drop(&mut self) {
        let script = redis::Script::new(super::redis::COMPARE_AND_DELETE);
        // A failure leaves the lock to expire on its TTL.
        let _ = self
            .redis
            .run("releasing the token lock", |c| script.key(self.key).arg(&self.nonce).invoke::<i64>(c).map(drop));
    }
}

enum Held<'a> {
    #[allow(dead_code)]
    File(file::FileLock),
    #[cfg(feature = "redis")]
    #[allow(dead_code)]
    Redis(RedisLock<'a>),
    #[cfg(not(feature = "redis"))]
    #[allow(dead_code)]
    Never(std::marker::PhantomData<&'a ()>),
}

impl TokenStore {
    /// The store for `url` and namespace `ns`; `None` for `memory`. No I/O for Redis (the
    /// connection is made on first use); a `file://` directory is created if missing.
    pub(crate) fn open(
        url: &StoreUrl,
        ns: &str,
        connect_timeout: Duration,
        io_timeout: Duration,
    ) -> Result<Option<Self>> {
        let shown = url.display();
        let backend = match url {
            StoreUrl::Memory => return Ok(None),
            StoreUrl::File(dir) => {
                file::ensure_dir(dir)?;
                Backend::File {
                    token: dir.join(format!("token-{ns}.json")),
                    lock: dir.join(format!("token-{ns}.lock")),
                }
            }
            #[cfg(feature = "redis")]
            StoreUrl::Redis(u) => Backend::Redis {
                redis: Box::new(super::redis_backend(u, connect_timeout, io_timeout)?),
                key: format!("wcheckout:token:{ns}"),
                lock_key: format!("wcheckout:token:{ns}:lock"),
            },
            #[cfg(not(feature = "redis"))]
            StoreUrl::Redis(_) => {
                let _ = (connect_timeout, io_timeout);
                return Err(Error::invalid_argument(
                    "this build of wcheckout has no Redis support (the `redis` feature is off)",
                ));
            }
        };
        Ok(Some(TokenStore { backend, shown }))
    }

    /// The stored token, if any (fresh or not).
    pub(crate) fn load(&self) -> Result<Option<AccessToken>> {
        let text = match &self.backend {
            Backend::File { token, .. } => file::read(token)?.map(|b| String::from_utf8_lossy(&b).into_owned()),
            #[cfg(feature = "redis")]
            Backend::Redis { redis, key, .. } => {
                redis.run("reading the token", |c| redis::cmd("GET").arg(key.as_str()).query::<Option<String>>(c))?
            }
        };
        Ok(text.as_deref().and_then(decode))
    }

    fn save(&self, t: &AccessToken) -> Result<AccessToken> {
        let text = encode(t)?;
        match &self.backend {
            Backend::File { token, .. } => file::write_atomic(token, text.as_bytes())?,
            #[cfg(feature = "redis")]
            Backend::Redis { redis, key, .. } => {
                // The key disappears when the token expires.
                let ttl = t.expires_at_ms.saturating_sub(now_ms()).max(1_000);
                redis.run("storing the token", |c| {
                    redis::cmd("SET").arg(key.as_str()).arg(&text).arg("PX").arg(ttl).query::<()>(c)
                })?;
            }
        }
        Ok(AccessToken { stored: Some(Arc::from(text)), ..t.clone() })
    }

    /// Takes the refresh lock if it is free: `None` if another process holds it.
    #[cfg_attr(not(feature = "redis"), allow(unused_variables))] // `ttl` bounds a Redis lock only
    fn try_lock(&self, ttl: Duration) -> Result<Option<Held<'_>>> {
        match &self.backend {
            Backend::File { lock, .. } => Ok(file::try_lock(lock)?.map(Held::File)),
            #[cfg(feature = "redis")]
            Backend::Redis { redis, lock_key, .. } => {
                let nonce = super::nonce();
                let script = redis::Script::new(super::redis::SET_NX_OR_MINE);
                let ttl_ms = super::millis(ttl).max(1_000);
                let won: i64 = redis.run("taking the token lock", |c| {
                    script.key(lock_key.as_str()).arg(&nonce).arg(ttl_ms).invoke(c)
                })?;
                Ok((won == 1).then(|| Held::Redis(RedisLock { redis, key: lock_key, nonce })))
            }
        }
    }

    /// A fresh stored token, or one fetched by `fetch` while holding the refresh lock (at most
    /// one process fetches). `lock_ttl` bounds how long a holder may take; waiters give up
    /// with `token_store` after `lock_ttl` and a quarter more (at most 5 s more).
    pub(crate) fn get_or_fetch(
        &self,
        lock_ttl: Duration,
        fetch: impl FnOnce() -> Result<AccessToken>,
    ) -> Result<AccessToken> {
        if let Some(t) = self.load()?.filter(|t| t.is_fresh(now_ms())) {
            return Ok(t);
        }
        let wait = lock_ttl + (lock_ttl / 4).min(Duration::from_secs(5));
        let started = Instant::now();
        let mut fetch = Some(fetch);
        let mut pause = Duration::from_millis(5);
        loop {
            if let Some(_held) = self.try_lock(lock_ttl)? {
                // Another process may have stored one while we waited for the lock.
                if let Some(t) = self.load()?.filter(|t| t.is_fresh(now_ms())) {
                    return Ok(t);
                }
                let Some(fetch) = fetch.take() else {
                    return Err(Error::internal("token fetch attempted twice"));
                };
                let t = fetch()?;
                return self.save(&t);
            }
            super::backoff(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
            if let Some(t) = self.load()?.filter(|t| t.is_fresh(now_ms())) {
                return Ok(t);
            }
            if started.elapsed() > wait {
                return Err(Error::token_store(format!(
                    "waited {wait:?} for another process to fetch the access token into {}; its lock is still held",
                    self.shown
                )));
            }
        }
    }

    /// Deletes the stored token only if it is still `stale` (compare-and-delete).
    pub(crate) fn invalidate(&self, stale: &AccessToken) -> Result<()> {
        let expected = match &stale.stored {
            Some(s) => s.to_string(),
            None => encode(stale)?,
        };
        match &self.backend {
            Backend::File { token, lock } => {
                let _held = file::lock(lock, Duration::from_secs(30))?;
                if file::read(token)?.is_some_and(|b| b == expected.as_bytes()) {
                    file::remove(token)?;
                }
            }
            #[cfg(feature = "redis")]
            Backend::Redis { redis, key, .. } => {
                let script = redis::Script::new(super::redis::COMPARE_AND_DELETE);
                redis.run("deleting the refused token", |c| {
                    script.key(key.as_str()).arg(&expected).invoke::<i64>(c).map(drop)
                })?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(v: &str, refresh_in_ms: u64) -> AccessToken {
        let now = now_ms();
        AccessToken {
            value: Arc::from(v),
            refresh_at_ms: now + refresh_in_ms,
            expires_at_ms: now + refresh_in_ms + 300_000,
            stored: None,
        }
    }

    #[test]
    fn the_file_store_fetches_once_and_compare_and_deletes() {
        let dir = std::env::temp_dir().join(format!("wcheckout-token-{}", super::super::nonce()));
        let url = StoreUrl::File(dir.clone());
        let store = TokenStore::open(&url, "ns1", Duration::from_secs(1), Duration::from_secs(1)).unwrap().unwrap();
        assert!(store.load().unwrap().is_none());
        let first = store.get_or_fetch(Duration::from_secs(5), || Ok(token("tok-one", 60_000))).unwrap();
        assert_eq!(&*first.value, "tok-one");
        // Fresh: a second fetch is not called.
        let again = store.get_or_fetch(Duration::from_secs(5), || panic!("must not fetch")).unwrap();
        assert_eq!(again, first);
        // Compare-and-delete: an old token does not evict the stored one; the stored one does.
        store.invalidate(&token("tok-old", 60_000)).unwrap();
        assert_eq!(&*store.load().unwrap().unwrap().value, "tok-one");
        store.invalidate(&again).unwrap();
        assert!(store.load().unwrap().is_none());
        // A stale stored token is replaced.
        store.get_or_fetch(Duration::from_secs(5), || Ok(token("tok-stale", 0))).unwrap();
        let t = store.get_or_fetch(Duration::from_secs(5), || Ok(token("tok-two", 60_000))).unwrap();
        assert_eq!(&*t.value, "tok-two");
        // A fetch failure leaves the lock free and the store as it was.
        store.invalidate(&t).unwrap();
        let e = store.get_or_fetch(Duration::from_secs(5), || Err(Error::auth("refused"))).unwrap_err();
        assert_eq!(e.code(), "auth_error");
        assert!(file::try_lock(&dir.join("token-ns1.lock")).unwrap().is_some());
        // Garbage in the file counts as no token.
        std::fs::write(dir.join("token-ns1.json"), b"{not json").unwrap();
        assert!(store.load().unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_waiter_gives_up_with_token_store_when_the_lock_stays_held() {
        let dir = std::env::temp_dir().join(format!("wcheckout-token-{}", super::super::nonce()));
        let store =
            TokenStore::open(&StoreUrl::File(dir.clone()), "ns2", Duration::from_secs(1), Duration::from_secs(1))
                .unwrap()
                .unwrap();
        let _held = file::try_lock(&dir.join("token-ns2.lock")).unwrap().unwrap();
        let e = store.get_or_fetch(Duration::ZERO, || panic!("must not fetch")).unwrap_err();
        assert_eq!(e.code(), "token_store");
        assert!(e.to_string().contains("another process"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
