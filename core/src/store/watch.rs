//! The reconciler's watch list: the merchant numbers still being waited on, with the last status
//! seen for each. Kept in memory, in `dir/watch-<ns>.json` (read-modify-write under an OS file
//! lock), or in the Redis hash `wcheckout:watch:<ns>`, so any worker can run the poll. A poll lock
//! (file lock, or a Redis key with a TTL) lets one worker poll at a time.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{StoreUrl, file};
use crate::error::{Error, Result};

/// What kind of object a watch entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "lowercase")]
pub enum WatchKind {
    /// A payment order (`orderNo`), polled with GetCheckoutOrderInfo.
    Order,
    /// A refund order (`refundOrderNo`), polled with GetRefundOrderInfo.
    Refund,
    /// A settlement order (`settlementOrderNo`), polled with GetSettlementOrder.
    Settlement,
}

impl WatchKind {
    /// `order`, `refund` or `settlement` (the prefix of the objects' dedupe keys).
    pub fn as_str(self) -> &'static str {
        match self {
            WatchKind::Order => "order",
            WatchKind::Refund => "refund",
            WatchKind::Settlement => "settlement",
        }
    }

    /// Parses `order`, `refund` or `settlement`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "order" => Ok(WatchKind::Order),
            "refund" => Ok(WatchKind::Refund),
            "settlement" => Ok(WatchKind::Settlement),
            _ => Err(Error::invalid_argument(format!("a watch kind is order, refund or settlement, got {s:?}"))),
        }
    }
}

/// One object the reconciler waits on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct Watched {
    /// The kind of object.
    pub kind: WatchKind,
    /// Its merchant number.
    pub number: String,
    /// When it was registered (epoch milliseconds); the age limit counts from here.
    pub added_at_ms: u64,
    /// The last status reported for it (the initial status when registered).
    pub last_status: String,
}

impl Watched {
    pub(crate) fn field(&self) -> String {
        field(self.kind, &self.number)
    }
}

pub(crate) fn field(kind: WatchKind, number: &str) -> String {
    format!("{}:{number}", kind.as_str())
}

enum Backend {
    Memory {
        entries: Mutex<BTreeMap<String, Watched>>,
        polling: AtomicBool,
    },
    File {
        path: PathBuf,
        lock: PathBuf,
        poll_lock: PathBuf,
    },
    #[cfg(feature = "redis")]
    Redis {
        redis: Box<super::redis::Redis>,
        key: String,
        poll_key: String,
    },
}

/// The watch list on one backend.
pub(crate) struct WatchStore {
    backend: Backend,
}

impl std::fmt::Debug for WatchStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WatchStore")
    }
}

/// Held while this worker polls; released on drop.
pub(crate) enum PollLock<'a> {
    Memory(&'a AtomicBool),
    #[allow(dead_code)]
    File(file::FileLock),
    #[cfg(feature = "redis")]
    Redis {
        redis: &'a super::redis::Redis,
        key: &'a str,
        nonce: String,
    },
}

impl Drop for PollLock<'_> {
    fn drop(&mut self) {
        match self {
            PollLock::Memory(flag) => flag.store(false, Ordering::Release),
            PollLock::File(_) => {}
            #[cfg(feature = "redis")]
            PollLock::Redis { redis, key, nonce } => {
                let script = redis::Script::new(super::redis::COMPARE_AND_DELETE);
                let _ = redis.run("releasing the poll lock", |c| {
                    script.key(*key).arg(nonce.as_str()).invoke::<i64>(c).map(drop)
                });
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

const FILE_LOCK_WAIT: Duration = Duration::from_secs(10);

impl WatchStore {
    pub(crate) fn open(url: &StoreUrl, ns: &str, timeout: Duration) -> Result<Self> {
        let backend = match url {
            StoreUrl::Memory => {
                Backend::Memory { entries: Mutex::new(BTreeMap::new()), polling: AtomicBool::new(false) }
            }
            StoreUrl::File(dir) => {
                file::ensure_dir(dir)?;
                Backend::File {
                    path: dir.join(format!("watch-{ns}.json")),
                    lock: dir.join(format!("watch-{ns}.lock")),
                    poll_lock: dir.join(format!("watch-{ns}.poll.lock")),
                }
            }
            #[cfg(feature = "redis")]
            StoreUrl::Redis(u) => Backend::Redis {
                redis: Box::new(super::redis_backend(u, timeout, timeout)?),
                key: format!("wcheckout:watch:{ns}"),
                poll_key: format!("wcheckout:watch:{ns}:poll"),
            },
            #[cfg(not(feature = "redis"))]
            StoreUrl::Redis(_) => {
                let _ = timeout;
                return Err(Error::invalid_argument(
                    "this build of wcheckout has no Redis support (the `redis` feature is off)",
                ));
            }
        };
        Ok(WatchStore { backend })
    }

    fn read_file(path: &std::path::Path) -> Result<BTreeMap<String, Watched>> {
        Ok(file::read(path)?
            .and_then(|b| serde_json::from_slice::<Vec<Watched>>(&b).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|w| (w.field(), w))
            .collect())
    }

    fn write_file(path: &std::path::Path, map: &BTreeMap<String, Watched>) -> Result<()> {
        let list: Vec<&Watched> = map.values().collect();
        let bytes = serde_json::to_vec(&list).map_err(|e| Error::internal(format!("encoding the watch list: {e}")))?;
        file::write_atomic(path, &bytes)
    }

    /// Read-modify-write of the whole file under its lock.
    fn with_file<T>(
        path: &std::path::Path,
        lock_path: &std::path::Path,
        f: impl FnOnce(&mut BTreeMap<String, Watched>) -> (bool, T),
    ) -> Result<T> {
        let _held = file::lock(lock_path, FILE_LOCK_WAIT)?;
        let mut map = Self::read_file(path)?;
        let (changed, out) = f(&mut map);
        if changed {
            Self::write_file(path, &map)?;
        }
        Ok(out)
    }

    #[cfg(feature = "redis")]
    fn encode(w: &Watched) -> Result<String> {
        serde_json::to_string(w).map_err(|e| Error::internal(format!("encoding a watch entry: {e}")))
    }

    /// Adds `w` unless its object is already watched (then the existing entry stays).
    pub(crate) fn add(&self, w: Watched) -> Result<()> {
        let key = w.field();
        match &self.backend {
            Backend::Memory { entries, .. } => {
                lock(entries).entry(key).or_insert(w);
                Ok(())
            }
            Backend::File { path, lock, .. } => Self::with_file(path, lock, |m| {
                let added = !m.contains_key(&key);
                m.entry(key).or_insert(w);
                (added, ())
            }),
            #[cfg(feature = "redis")]
            Backend::Redis { redis, key: hash, .. } => {
                let value = Self::encode(&w)?;
                redis.run("adding to the watch list", |c| {
                    redis::cmd("HSETNX").arg(hash.as_str()).arg(&key).arg(&value).query::<i64>(c).map(drop)
                })
            }
        }
    }

    /// Replaces the entry for `w`'s object, only if it is still watched.
    pub(crate) fn update(&self, w: &Watched) -> Result<()> {
        let key = w.field();
        match &self.backend {
            Backend::Memory { entries, .. } => {
                if let Some(e) = lock(entries).get_mut(&key) {
                    *e = w.clone();
                }
                Ok(())
            }
            Backend::File { path, lock, .. } => Self::with_file(path, lock, |m| match m.get_mut(&key) {
                Some(e) => {
                    *e = w.clone();
                    (true, ())
                }
                None => (false, ()),
            }),
            #[cfg(feature = "redis")]
            Backend::Redis { redis, key: hash, .. } => {
                let value = Self::encode(w)?;
                let script = redis::Script::new(
                    "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then \
                     redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return 0",
                );
                redis.run("updating the watch list", |c| {
                    script.key(hash.as_str()).arg(&key).arg(&value).invoke::<i64>(c).map(drop)
                })
            }
        }
    }

    /// Stops watching an object; true if it was watched.
    pub(crate) fn remove(&self, kind: WatchKind, number: &str) -> Result<bool> {
        let key = field(kind, number);
        match &self.backend {
            Backend::Memory { entries, .. } => Ok(lock(entries).remove(&key).is_some()),
            Backend::File { path, lock, .. } => Self::with_file(path, lock, |m| {
                let removed = m.remove(&key).is_some();
                (removed, removed)
            }),
            #[cfg(feature = "redis")]
            Backend::Redis { redis, key: hash, .. } => redis
                .run("removing from the watch list", |c| {
                    redis::cmd("HDEL").arg(hash.as_str()).arg(&key).query::<i64>(c)
                })
                .map(|n| n > 0),
        }
    }

    /// Every watched object, in key order.
    pub(crate) fn list(&self) -> Result<Vec<Watched>> {
        match &self.backend {
            Backend::Memory { entries, .. } => Ok(lock(entries).values().cloned().collect()),
            Backend::File { path, .. } => Ok(Self::read_file(path)?.into_values().collect()),
            #[cfg(feature = "redis")]
            Backend::Redis { redis, key, .. } => {
                let map: BTreeMap<String, String> =
                    redis.run("reading the watch list", |c| redis::cmd("HGETALL").arg(key.as_str()).query(c))?;
                // An entry that does not decode is skipped, not fatal (another version's format).
                Ok(map.values().filter_map(|v| serde_json::from_str::<Watched>(v).ok()).collect())
            }
        }
    }

    /// Takes the poll lock if free (`ttl` bounds a crashed holder on Redis).
    #[cfg_attr(not(feature = "redis"), allow(unused_variables))]
    pub(crate) fn try_poll_lock(&self, ttl: Duration) -> Result<Option<PollLock<'_>>> {
        match &self.backend {
            Backend::Memory { polling, .. } => Ok(polling
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
                .then_some(PollLock::Memory(polling))),
            Backend::File { poll_lock, .. } => Ok(file::try_lock(poll_lock)?.map(PollLock::File)),
            #[cfg(feature = "redis")]
            Backend::Redis { redis, poll_key, .. } => {
                let nonce = super::nonce();
                let script = redis::Script::new(super::redis::SET_NX_OR_MINE);
                let ttl_ms = super::millis(ttl).max(1_000);
                let won: i64 = redis
                    .run("taking the poll lock", |c| script.key(poll_key.as_str()).arg(&nonce).arg(ttl_ms).invoke(c))?;
                Ok((won == 1).then(|| PollLock::Redis { redis, key: poll_key, nonce }))
            }
        }
    }
}
