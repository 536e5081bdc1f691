//! One synchronous Redis connection per store, opened lazily with a connect timeout, replaced
//! after a connection error. Every command the stores send is idempotent (reads, `SET … PX`
//! overwrites, and Lua scripts keyed by a per-call nonce), so one resend on a fresh connection
//! after a dropped connection cannot double-apply anything.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use redis::{Connection, RedisError, RedisResult};

use crate::error::{Error, Result};

/// A Redis server used as a store.
pub(crate) struct Redis {
    client: redis::Client,
    conn: Mutex<Option<Connection>>,
    /// The URL without its password, for messages.
    shown: String,
    /// Password and user name as written and decoded: scrubbed from any message.
    secrets: Vec<String>,
    connect_timeout: Duration,
    io_timeout: Duration,
}

impl std::fmt::Debug for Redis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redis").field("url", &self.shown).finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn userinfo_secrets(url: &str) -> Vec<String> {
    let Some(start) = url.find("://").map(|i| i + 3) else { return Vec::new() };
    let rest = &url[start..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let Some(at) = rest[..host_end].rfind('@') else { return Vec::new() };
    let mut out = Vec::new();
    for part in rest[..at].split(':').filter(|p| !p.is_empty()) {
        out.push(part.to_owned());
        let decoded = String::from_utf8_lossy(&super::percent_decode(part)).into_owned();
        if decoded != part {
            out.push(decoded);
        }
    }
    out
}

impl Redis {
    /// Parses the URL (no I/O: the connection is made on first use).
    pub(crate) fn open(url: &str, connect_timeout: Duration, io_timeout: Duration) -> Result<Self> {
        let shown = super::redact_userinfo(url);
        let secrets = userinfo_secrets(url);
        // The parser's message could quote the URL: say only that it is invalid.
        let client = redis::Client::open(url)
            .map_err(|e| Error::invalid_argument(format!("the redis URL {shown} is not valid ({:?})", e.kind())))?;
        Ok(Redis { client, conn: Mutex::new(None), shown, secrets, connect_timeout, io_timeout })
    }

    fn message(&self, what: &str, e: &RedisError) -> Error {
        let mut detail = e.to_string();
        for s in &self.secrets {
            if s.len() >= 3 {
                detail = detail.replace(s.as_str(), "<redacted>");
            }
        }
        let detail = crate::signing::truncate_for_message(&detail).to_string();
        let hint = if e.is_timeout() {
            " (no answer within the store timeout)"
        } else if e.is_connection_refusal() {
            " (is the server running and reachable?)"
        } else {
            ""
        };
        Error::token_store(format!("{what} on {} failed: {detail}{hint}", self.shown))
    }

    fn connect(&self) -> RedisResult<Connection> {
        let conn = self.client.get_connection_with_timeout(self.connect_timeout)?;
        conn.set_read_timeout(Some(self.io_timeout))?;
        conn.set_write_timeout(Some(self.io_timeout))?;
        Ok(conn)
    }

    /// Runs `f` on the connection (opened if needed). After a connection-level failure the
    /// connection is dropped and `f` runs once more on a new one; `f` must be idempotent.
    pub(crate) fn run<T>(&self, what: &str, mut f: impl FnMut(&mut Connection) -> RedisResult<T>) -> Result<T> {
        let mut slot = lock(&self.conn);
        let mut last = None;
        for _ in 0..2 {
            if slot.is_none() {
                match self.connect() {
                    Ok(c) => *slot = Some(c),
                    Err(e) => return Err(self.message(what, &e)),
                }
            }
            let Some(conn) = slot.as_mut() else { break };
            match f(conn) {
                Ok(v) => return Ok(v),
                Err(e) => {
                    let connection_level =
                        e.is_io_error() || e.is_connection_dropped() || e.is_timeout() || e.is_unrecoverable_error();
                    if !connection_level {
                        return Err(self.message(what, &e));
                    }
                    *slot = None;
                    // A timeout already cost the whole budget: do not wait a second time.
                    let timed_out = e.is_timeout();
                    last = Some(e);
                    if timed_out {
                        break;
                    }
                }
            }
        }
        match last {
            Some(e) => Err(self.message(what, &e)),
            None => Err(Error::token_store(format!("{what} on {} failed", self.shown))),
        }
    }
}

/// Sets `key` to `value` (with a TTL) only if absent, or answers 1 if it already holds `value`
/// (a resend of this same call). Returns 1 when `value` holds the key, 0 otherwise.
pub(crate) const SET_NX_OR_MINE: &str = r"
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
elseif v == ARGV[1] then
  return 1
end
return 0
";

/// Deletes `key` only if it still holds `value`. Returns the number of keys deleted.
pub(crate) const COMPARE_AND_DELETE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_collected_for_redaction() {
        assert_eq!(userinfo_secrets("redis://:p%40ss@h:1/0"), vec!["p%40ss".to_owned(), "p@ss".to_owned()]);
        assert_eq!(userinfo_secrets("rediss://bob:pw@h/0"), vec!["bob".to_owned(), "pw".to_owned()]);
        assert!(userinfo_secrets("redis://h:6379/0").is_empty());
    }

    #[test]
    fn a_bad_url_is_an_invalid_argument_without_the_password() {
        let e = Redis::open("redis://:sekretpw@[bad/0", Duration::from_secs(1), Duration::from_secs(1)).unwrap_err();
        assert_eq!(e.code(), "invalid_argument");
        assert!(!e.to_string().contains("sekretpw"), "{e}");
    }
}
