//! What every request thread shares: configuration, the signer, the state, the armed faults
//! and the webhook queue.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use wcheckout::signing::Signer;

use crate::config::SandboxConfig;
use crate::faults::Faults;
use crate::store::State;
use crate::webhooks::Webhooks;

/// Everything the request threads share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: SandboxConfig,
    pub signer: Signer,
    pub state: Mutex<State>,
    pub faults: Mutex<Faults>,
    pub webhooks: Arc<Webhooks>,
    pub stop: Arc<AtomicBool>,
}

impl Shared {
    /// Locks the state (a panic elsewhere never makes it unusable).
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Sleeps, waking early when the sandbox stops.
    pub(crate) fn sleep(&self, d: Duration) {
        let end = Instant::now() + d;
        while !self.stop.load(Ordering::SeqCst) {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            thread::sleep(left.min(Duration::from_millis(50)));
        }
    }
}
