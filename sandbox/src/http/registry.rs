//! The open connections, each idle (waiting for a request's first byte) or busy. At the
//! connection limit a new client takes the place of the longest-idle connection, which is shut
//! down; idle sockets therefore cannot lock other clients out. Busy connections are never closed
//! for others: if every connection stays busy for [`BUSY_GRACE`], the new client gets 503. (The
//! grace covers a connection that has just written its answer but not yet marked itself idle.)

use std::collections::HashMap;
use std::net::{Shutdown, TcpStream};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a new client over the limit waits for a busy connection to turn idle or end.
const BUSY_GRACE: Duration = Duration::from_millis(500);

struct Entry {
    /// A handle on the connection's socket, to shut it down from the accept thread.
    stream: TcpStream,
    /// Since when it waits for a request; `None` while a request is being read or answered.
    idle_since: Option<Instant>,
}

#[derive(Default)]
struct Inner {
    next_id: u64,
    entries: HashMap<u64, Entry>,
}

pub(super) struct Registry {
    max: usize,
    inner: Mutex<Inner>,
    /// Signalled when a connection turns idle or ends.
    freed: Condvar,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry").field("max", &self.max).field("open", &self.lock().entries.len()).finish()
    }
}

impl Registry {
    pub(super) fn new(max: usize) -> Self {
        Registry { max, inner: Mutex::new(Inner::default()), freed: Condvar::new() }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Registers a new connection (idle until its first byte) and returns its id. At the limit
    /// the longest-idle connection is shut down to make room; `None` if all are busy (or the
    /// socket cannot be duplicated, e.g. out of file descriptors).
    pub(super) fn admit(&self, stream: &TcpStream) -> Option<u64> {
        let handle = stream.try_clone().ok()?;
        let mut inner = self.lock();
        let until = Instant::now() + BUSY_GRACE;
        while inner.entries.len() >= self.max {
            let oldest = inner.entries.iter().filter_map(|(id, e)| e.idle_since.map(|t| (t, *id))).min();
            if let Some((_, victim)) = oldest {
                if let Some(e) = inner.entries.remove(&victim) {
                    // Its thread's blocked read returns 0 and it ends quietly.
                    let _ = e.stream.shutdown(Shutdown::Both);
                }
                break;
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            inner = self.freed.wait_timeout(inner, left).map_or_else(|p| p.into_inner().0, |(g, _)| g);
        }
        let id = inner.next_id;
        inner.next_id += 1;
        inner.entries.insert(id, Entry { stream: handle, idle_since: Some(Instant::now()) });
        Some(id)
    }

    /// Marks the connection idle; false if it has been closed for another client.
    pub(super) fn set_idle(&self, id: u64) -> bool {
        let found = self.lock().entries.get_mut(&id).map(|e| e.idle_since = Some(Instant::now())).is_some();
        self.freed.notify_all();
        found
    }

    /// Marks the connection busy; false if it has been closed for another client.
    pub(super) fn set_busy(&self, id: u64) -> bool {
        self.lock().entries.get_mut(&id).map(|e| e.idle_since = None).is_some()
    }

    /// Forgets a connection that has ended.
    pub(super) fn remove(&self, id: u64) {
        self.lock().entries.remove(&id);
        self.freed.notify_all();
    }

    /// Shuts down every idle connection (the server is stopping).
    pub(super) fn close_idle(&self) {
        let mut inner = self.lock();
        inner.entries.retain(|_, e| {
            if e.idle_since.is_some() {
                let _ = e.stream.shutdown(Shutdown::Both);
            }
            e.idle_since.is_none()
        });
    }
}
