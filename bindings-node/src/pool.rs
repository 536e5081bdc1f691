//! The SDK's own worker threads. Blocking network calls never run on libuv's thread pool (its
//! four threads also serve `fs`, `dns.lookup`, `crypto` and `zlib` for the whole process): each
//! call runs here, and its Promise is settled on the JavaScript thread through a threadsafe
//! function (napi's `JsDeferred`).
//!
//! The pool grows on demand — a call never waits while fewer than the maximum are busy — and a
//! thread idle for a minute exits. The maximum is 64 threads, or `WCHECKOUT_THREADS` (1–1024)
//! read once at the first call; calls beyond it wait in order.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send + 'static>;

const DEFAULT_MAX: usize = 64;
const IDLE_EXIT: Duration = Duration::from_secs(60);

#[derive(Default)]
struct State {
    queue: VecDeque<Job>,
    idle: usize,
    threads: usize,
}

struct Pool {
    state: Mutex<State>,
    wake: Condvar,
    max: usize,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let max = std::env::var("WCHECKOUT_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| (1..=1024).contains(n))
            .unwrap_or(DEFAULT_MAX);
        Pool { state: Mutex::new(State::default()), wake: Condvar::new(), max }
    })
}

impl Pool {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Jobs run outside the lock and catch their panics, so a poisoned lock holds valid state.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn worker(&'static self) {
        let mut state = self.lock();
        loop {
            if let Some(job) = state.queue.pop_front() {
                drop(state);
                // A panicking job must not take the worker (and the pool's count) with it.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                state = self.lock();
                continue;
            }
            state.idle += 1;
            let (next, timeout) = self.wake.wait_timeout(state, IDLE_EXIT).unwrap_or_else(|p| p.into_inner());
            state = next;
            state.idle -= 1;
            if timeout.timed_out() && state.queue.is_empty() {
                state.threads -= 1;
                return;
            }
        }
    }
}

/// Runs `job` on a worker thread, starting one if every thread is busy (up to the maximum).
pub fn spawn(job: impl FnOnce() + Send + 'static) {
    let pool = pool();
    let mut state = pool.lock();
    state.queue.push_back(Box::new(job));
    let start = state.queue.len() > state.idle && state.threads < pool.max;
    if start {
        state.threads += 1;
    }
    drop(state);
    pool.wake.notify_one();
    if start {
        let started = std::thread::Builder::new().name("wcheckout-io".into()).spawn(|| pool.worker());
        if started.is_err() {
            // No thread could be started: a running worker (if any) will take the job later.
            pool.lock().threads -= 1;
        }
    }
}

/// Threads started and idle right now (for the test suite).
pub fn stats() -> (usize, usize) {
    let state = pool().lock();
    (state.threads, state.idle)
}
