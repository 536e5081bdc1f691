//! Exactly-once event handling across processes: [`EventDeduplicator::claim`] is true for exactly
//! one caller per key until [`EventDeduplicator::release`] or the TTL (default 7 days).
//!
//! - `memory`: a map in this process (shared by clones of one deduplicator).
//! - `file:///dir`: one claim file per key in `dir/dedupe-<namespace>/`, named by the SHA-256
//!   of the key and holding the key and its expiry; every claim and release runs under an
//!   exclusive OS lock on `dir/dedupe-<namespace>/.lock`, so checking for a live claim and
//!   writing one is a single step for every process of the host. Expired claim files are
//!   swept at most once an hour by each deduplicator.
//! - `redis://`: `SET key nonce NX PX ttl`, as a Lua script that also answers "yours" to a resend
//!   of the same call (so a reply lost on a dropped connection cannot lose the claim);
//!   `release` is `DEL`.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{StoreUrl, file, now_ms};
use crate::error::{Error, Result};

/// Default time a claim holds: 7 days (webhook retries stop after about 24 h).
pub const DEFAULT_DEDUPE_TTL: Duration = Duration::from_secs(7 * 86_400);
/// Longest key accepted, in bytes.
const MAX_KEY: usize = 512;
const SWEEP_EVERY_MS: u64 = 3_600_000;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Claim {
    key: String,
    expires_at_ms: u64,
}

enum Backend {
    Memory {
        claims: Mutex<HashMap<String, u64>>,
        inserts: Mutex<u64>,
    },
    File {
        dir: PathBuf,
        lock: PathBuf,
        last_sweep_ms: Mutex<u64>,
    },
    #[cfg(feature = "redis")]
    Redis {
        redis: Box<super::redis::Redis>,
        prefix: String,
    },
}

struct Inner {
    backend: Backend,
    ttl: Duration,
    shown: String,
}

/// Claims event keys (use [`Event::dedupe_key`](crate::Event::dedupe_key)) so that each event is
/// processed by exactly one worker. Cheap to clone; clones share the backend.
///
/// ```no_run
/// # fn handle(_: &wcheckout::Event) -> Result<(), ()> { Ok(()) }
/// # let event: wcheckout::Event = todo!();
/// let dedupe = wcheckout::store::EventDeduplicator::open("redis://127.0.0.1:6379/0")?;
/// let key = event.dedupe_key();
/// if dedupe.claim(&key)? {
///     if handle(&event).is_err() {
///         dedupe.release(&key)?; // let the retry (or the reconciler) process it
///     }
/// } // else: another worker has it, or had it: acknowledge and do nothing
/// # Ok::<(), wcheckout::Error>(())
/// ```
#[derive(Clone)]
pub struct EventDeduplicator {
    inner: Arc<Inner>,
}

impl fmt::Debug for EventDeduplicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventDeduplicator").field("url", &self.inner.shown).field("ttl", &self.inner.ttl).finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > MAX_KEY || key.chars().any(char::is_control) {
        return Err(Error::invalid_argument(format!(
            "a dedupe key must be 1 to {MAX_KEY} bytes without control characters, got {:?}",
            crate::signing::truncate_for_message(key)
        )));
    }
    Ok(())
}

impl EventDeduplicator {
    /// A deduplicator on `url` (`memory`, `file:///dir`, `redis://…`) with the default TTL
    /// (7 days), no namespace and a 5 s store timeout.
    pub fn open(url: &str) -> Result<Self> {
        Self::open_with(url, DEFAULT_DEDUPE_TTL, None, super::DEFAULT_STORE_TIMEOUT)
    }

    /// A deduplicator with a TTL (1 s to 365 days), an optional namespace (letters, digits,
    /// `-`, `_`, `.`; separates merchants or applications sharing one store) and a store timeout.
    pub fn open_with(url: &str, ttl: Duration, namespace: Option<&str>, timeout: Duration) -> Result<Self> {
        if ttl < Duration::from_secs(1) || ttl > Duration::from_secs(365 * 86_400) {
            return Err(Error::invalid_argument(format!("the dedupe TTL must be 1 s to 365 days, got {ttl:?}")));
        }
        if timeout.is_zero() || timeout > Duration::from_secs(3600) {
            return Err(Error::invalid_argument("the store timeout must be greater than zero and at most 1 hour"));
        }
        let ns = match namespace.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) if n.len() <= 64 && n.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) => {
                Some(n.to_owned())
            }
            Some(n) => {
                return Err(Error::invalid_argument(format!(
                    "a namespace must be 1 to 64 letters, digits, '-', '_' or '.', got {:?}",
                    crate::signing::truncate_for_message(n)
                )));
            }
            None => None,
        };
        let url = StoreUrl::parse(url)?;
        let shown = url.display();
        let backend = match &url {
            StoreUrl::Memory => Backend::Memory { claims: Mutex::new(HashMap::new()), inserts: Mutex::new(0) },
            StoreUrl::File(root) => {
                let dir = root.join(format!("dedupe-{}", ns.as_deref().unwrap_or("default")));
                file::ensure_dir(&dir)?;
                Backend::File { lock: dir.join(".lock"), dir, last_sweep_ms: Mutex::new(0) }
            }
            #[cfg(feature = "redis")]
            StoreUrl::Redis(u) => Backend::Redis {
                redis: Box::new(super::redis_backend(u, timeout, timeout)?),
                prefix: match &ns {
                    Some(n) => format!("wcheckout:dedupe:{n}:"),
                    None => "wcheckout:dedupe:".to_owned(),
                },
            },
            #[cfg(not(feature = "redis"))]
            StoreUrl::Redis(_) => {
                return Err(Error::invalid_argument(
                    "this build of wcheckout has no Redis support (the `redis` feature is off)",
                ));
            }
        };
        Ok(EventDeduplicator { inner: Arc::new(Inner { backend, ttl, shown }) })
    }

    /// How long a claim holds.
    pub fn ttl(&self) -> Duration {
        self.inner.ttl
    }

    /// The store's URL without its password.
    pub fn url(&self) -> &str {
        &self.inner.shown
    }

    /// True for exactly one caller per `key`, across every process on this store, until the
    /// key is released or its claim expires. False: someone else has (or had) it.
    pub fn claim(&self, key: &str) -> Result<bool> {
        check_key(key)?;
        let ttl_ms = super::millis(self.inner.ttl);
        match &self.inner.backend {
            Backend::Memory { claims, inserts } => {
                let now = now_ms();
                let mut map = lock(claims);
                if map.get(key).is_some_and(|&exp| exp > now) {
                    return Ok(false);
                }
                map.insert(key.to_owned(), now.saturating_add(ttl_ms));
                let mut n = lock(inserts);
                *n += 1;
                if *n % 4096 == 0 {
                    map.retain(|_, exp| *exp > now);
                }
                Ok(true)
            }
            Backend::File { dir, lock: lock_path, last_sweep_ms } => {
                let _held = file::lock(lock_path, Duration::from_secs(10))?;
                let now = now_ms();
                self.sweep_if_due(dir, last_sweep_ms, now);
                let path = dir.join(super::hex_sha256(key));
                let live = file::read(&path)?
                    .and_then(|b| serde_json::from_slice::<Claim>(&b).ok())
                    .is_some_and(|c| c.expires_at_ms > now);
                if live {
                    return Ok(false);
                }
                let claim = Claim { key: key.to_owned(), expires_at_ms: now.saturating_add(ttl_ms) };
                let bytes =
                    serde_json::to_vec(&claim).map_err(|e| Error::internal(format!("encoding a claim: {e}")))?;
                file::write_atomic(&path, &bytes)?;
                Ok(true)
            }
            #[cfg(feature = "redis")]
            Backend::Redis { redis, prefix } => {
                let nonce = super::nonce();
                let full = format!("{prefix}{key}");
                let script = redis::Script::new(super::redis::SET_NX_OR_MINE);
                let won: i64 =
                    redis.run("claiming an event", |c| script.key(full.as_str()).arg(&nonce).arg(ttl_ms).invoke(c))?;
                Ok(won == 1)
            }
        }
    }

    /// Gives `key` up, so the next `claim` wins (call it when processing failed).
    pub fn release(&self, key: &str) -> Result<()> {
        check_key(key)?;
        match &self.inner.backend {
            Backend::Memory { claims, .. } => {
                lock(claims).remove(key);
                Ok(())
            }
            Backend::File { dir, lock: lock_path, .. } => {
                let _held = file::lock(lock_path, Duration::from_secs(10))?;
                file::remove(&dir.join(super::hex_sha256(key)))
            }
            #[cfg(feature = "redis")]
            Backend::Redis { redis, prefix } => {
                let full = format!("{prefix}{key}");
                redis.run("releasing an event", |c| redis::cmd("DEL").arg(full.as_str()).query::<i64>(c).map(drop))
            }
        }
    }

    /// Removes expired claim files (under the lock), at most once an hour per deduplicator.
    fn sweep_if_due(&self, dir: &std::path::Path, last_sweep_ms: &Mutex<u64>, now: u64) {
        {
            let mut last = lock(last_sweep_ms);
            if now.saturating_sub(*last) < SWEEP_EVERY_MS {
                return;
            }
            *last = now;
        }
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.len() != 64 || !name.bytes().all(|b| b.is_ascii_hexdigit()) {
                continue;
            }
            let expired = std::fs::read(entry.path())
                .ok()
                .and_then(|b| serde_json::from_slice::<Claim>(&b).ok())
                .is_none_or(|c| c.expires_at_ms <= now);
            if expired {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(d: &EventDeduplicator) {
        let key = format!("order:A{}:PAID", super::super::nonce());
        assert!(d.claim(&key).unwrap());
        assert!(!d.claim(&key).unwrap());
        assert!(!d.clone().claim(&key).unwrap(), "clones share claims");
        d.release(&key).unwrap();
        assert!(d.claim(&key).unwrap());
        assert_eq!(d.claim("").unwrap_err().code(), "invalid_argument");
        assert_eq!(d.claim("a\nb").unwrap_err().code(), "invalid_argument");
        assert_eq!(d.claim(&"k".repeat(513)).unwrap_err().code(), "invalid_argument");
    }

    #[test]
    fn memory_and_file_claims() {
        exercise(&EventDeduplicator::open("memory").unwrap());
        let dir = std::env::temp_dir().join(format!("wcheckout-dedupe-{}", super::super::nonce()));
        let url = format!("file://{}", dir.display());
        let d = EventDeduplicator::open(&url).unwrap();
        exercise(&d);
        // A second deduplicator on the same directory sees the first one's claims.
        let other = EventDeduplicator::open(&url).unwrap();
        assert!(d.claim("shared-key").unwrap());
        assert!(!other.claim("shared-key").unwrap());
        // Namespaces are separate.
        let ns =
            EventDeduplicator::open_with(&url, DEFAULT_DEDUPE_TTL, Some("shop-2"), Duration::from_secs(5)).unwrap();
        assert!(ns.claim("shared-key").unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn claims_expire_after_the_ttl() {
        let d = EventDeduplicator::open_with("memory", Duration::from_secs(1), None, Duration::from_secs(1)).unwrap();
        assert!(d.claim("k").unwrap());
        std::thread::sleep(Duration::from_millis(1_050));
        assert!(d.claim("k").unwrap());
        for bad in [Duration::ZERO, Duration::from_secs(366 * 86_400)] {
            assert_eq!(
                EventDeduplicator::open_with("memory", bad, None, Duration::from_secs(1)).unwrap_err().code(),
                "invalid_argument"
            );
        }
        assert_eq!(
            EventDeduplicator::open_with("memory", DEFAULT_DEDUPE_TTL, Some("a b"), Duration::from_secs(1))
                .unwrap_err()
                .code(),
            "invalid_argument"
        );
    }
}
