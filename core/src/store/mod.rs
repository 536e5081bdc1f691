//! Shared state for many processes of one merchant: the access-token store, the event
//! deduplicator and the reconciler's watch list, each on one of three backends chosen by a URL.
//!
//! | URL | Shared by | Guarded by |
//! |---|---|---|
//! | `memory` (default) | the threads of one process | a mutex |
//! | `file:///dir` | every process on one host | OS file locks (`File::lock`) in that directory |
//! | `redis://host:port/db`, `rediss://…` | every process anywhere | `SET NX PX` locks with a TTL, Lua compare-and-delete |
//!
//! A `file://` URL names a **directory** (created `0700` when missing); the files inside are
//! created `0600`. Keys never hold a secret: the token is namespaced by a hash of the api key and
//! base URL, and what is stored is the token and its expiry only. A store that cannot be used
//! gives [`Error::TokenStore`](crate::Error::TokenStore), whose message names the store without
//! its password.

mod dedupe;
mod file;
#[cfg(feature = "redis")]
mod redis;
pub(crate) mod token;
pub(crate) mod watch;

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use sha2::{Digest, Sha256};

pub use dedupe::{DEFAULT_DEDUPE_TTL, EventDeduplicator};

use crate::error::{Error, Result};

/// How long a store operation may take before it fails with `token_store` (connect, or one
/// round trip), unless configured otherwise.
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_secs(5);

/// A parsed store URL.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreUrl {
    /// In this process only.
    Memory,
    /// A directory shared by the processes of one host.
    File(PathBuf),
    /// A Redis (or Valkey) server: `redis://[user:password@]host[:port][/db]` or `rediss://` (TLS).
    Redis(String),
}

impl fmt::Debug for StoreUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl StoreUrl {
    /// Parses `memory`, `file:///absolute/dir` or `redis://…` / `rediss://…`.
    pub fn parse(url: &str) -> Result<Self> {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        if lower == "memory" || lower == "memory://" || lower == "memory:" {
            return Ok(StoreUrl::Memory);
        }
        if lower.starts_with("file://") {
            return file_path(&url[7..]).map(StoreUrl::File);
        }
        if lower.starts_with("redis://") || lower.starts_with("rediss://") {
            if url.chars().any(char::is_control) {
                return Err(Error::invalid_argument("a redis URL must not contain control characters"));
            }
            return Ok(StoreUrl::Redis(url.to_owned()));
        }
        Err(Error::invalid_argument(format!(
            "a store URL must be \"memory\", \"file:///absolute/directory\", \"redis://host:port/db\" or \
             \"rediss://…\", got {:?}",
            crate::signing::truncate_for_message(&redact_userinfo(url))
        )))
    }

    /// The URL without any password, for messages.
    pub fn display(&self) -> String {
        match self {
            StoreUrl::Memory => "memory".into(),
            StoreUrl::File(p) => format!("file://{}", p.display()),
            StoreUrl::Redis(u) => redact_userinfo(u),
        }
    }
}

/// `C:/…` or `C:\…`: an absolute Windows path.
fn is_drive_path(p: &str) -> bool {
    matches!(p.as_bytes(), [d, b':', b'/' | b'\\', ..] if d.is_ascii_alphabetic())
}

/// `file://` + what follows: an absolute path (`/dir`, or `localhost/dir`; on Windows also
/// `/C:/dir` or `C:\dir`), percent-decoded.
fn file_path(rest: &str) -> Result<PathBuf> {
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let windows = cfg!(windows);
    let rest = match rest.strip_prefix('/') {
        Some(drive) if windows && is_drive_path(drive) => drive,
        _ => rest,
    };
    if !(rest.starts_with('/') || (windows && is_drive_path(rest))) {
        return Err(Error::invalid_argument(
            "a file store URL needs an absolute directory: file:///var/lib/myapp/wcheckout (three slashes)",
        ));
    }
    let out = percent_decode(rest);
    let path = String::from_utf8(out).map_err(|_| Error::invalid_argument("a file store path must be UTF-8"))?;
    if path.contains('\0') || path.chars().any(char::is_control) {
        return Err(Error::invalid_argument("a file store path must not contain control characters"));
    }
    let trimmed = path.trim_end_matches(['/', '\\']);
    if trimmed.is_empty() || (windows && trimmed.len() == 2 && trimmed.ends_with(':')) {
        return Err(Error::invalid_argument("a file store directory must not be the root directory"));
    }
    Ok(PathBuf::from(trimmed))
}

/// Decodes `%XX` escapes (a `%` not followed by two hex digits stays).
pub(crate) fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// `scheme://user:password@host…` → `scheme://***@host…`.
pub(crate) fn redact_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_owned() };
    let after = &url[scheme_end + 3..];
    let host_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    match after[..host_end].rfind('@') {
        Some(at) => format!("{}://***@{}", &url[..scheme_end], &after[at + 1..]),
        None => url.to_owned(),
    }
}

/// A short, stable, non-reversible name for `parts` (hex of the first 10 bytes of a SHA-256).
pub(crate) fn namespace(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p.as_bytes());
    }
    h.finalize().iter().take(10).map(|b| format!("{b:02x}")).collect()
}

/// Hex SHA-256 of `s` (file names for user keys).
pub(crate) fn hex_sha256(s: &str) -> String {
    Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Milliseconds since the epoch (wall clock: shared by processes).
pub(crate) fn now_ms() -> u64 {
    crate::signing::now_millis()
}

/// Duration in whole milliseconds, saturating.
pub(crate) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// A random value naming one lock holder or one claim.
pub(crate) fn nonce() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

/// Sleeps a little before polling a lock again: `base` plus up to `base` of jitter.
pub(crate) fn backoff(base: Duration) {
    let ms = millis(base).max(1);
    std::thread::sleep(Duration::from_millis(ms + fastrand::u64(0..=ms)));
}

/// The Redis connection for `url`, or a clear error when the crate was built without it.
#[cfg(feature = "redis")]
pub(crate) fn redis_backend(url: &str, connect_timeout: Duration, io_timeout: Duration) -> Result<redis::Redis> {
    redis::Redis::open(url, connect_timeout, io_timeout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_and_never_show_a_password() {
        assert_eq!(StoreUrl::parse(" memory ").unwrap(), StoreUrl::Memory);
        assert_eq!(StoreUrl::parse("file:///tmp/a%20b/").unwrap(), StoreUrl::File(PathBuf::from("/tmp/a b")));
        assert_eq!(StoreUrl::parse("file://localhost/srv/x").unwrap(), StoreUrl::File(PathBuf::from("/srv/x")));
        for bad in ["file://relative/x", "file:///", "ftp://x", "", "redis", "file:///a\nb"] {
            assert_eq!(StoreUrl::parse(bad).unwrap_err().code(), "invalid_argument", "{bad:?}");
        }
        let u = StoreUrl::parse("redis://user:hunter2secret@cache.internal:6380/2").unwrap();
        assert_eq!(u.display(), "redis://***@cache.internal:6380/2");
        assert!(!format!("{u:?}").contains("hunter2secret"));
        assert!(is_drive_path("C:/x") && is_drive_path("d:\\x") && !is_drive_path("/x") && !is_drive_path("C:"));
        let e = StoreUrl::parse("mongodb://u:hunter2secret@h/x").unwrap_err();
        assert!(!e.to_string().contains("hunter2secret"), "{e}");
    }

    #[test]
    fn namespaces_differ_and_hide_their_input() {
        let a = namespace(&["key", "http://a"]);
        assert_eq!(a.len(), 20);
        assert_ne!(a, namespace(&["key", "http://b"]));
        assert_ne!(namespace(&["ab", "c"]), namespace(&["a", "bc"]));
        assert!(!a.contains("key"));
    }
}
