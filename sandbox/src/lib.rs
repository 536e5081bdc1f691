//! A faithful local W Checkout server for tests and demos (the `wcheckout sandbox` command).
//!
//! It speaks the protocol of the API reference: the token endpoint, Bearer tokens, HMAC-SHA512
//! request signatures checked on every business call, signed responses, every operation of the
//! core route table ([`wcheckout::Operation`]), the order / refund / settlement / abnormal-payment
//! state machines, and signed webhooks retried on the spec schedule. A control API under
//! `/_sandbox/` drives what only the chain or the platform could do (pay an order, complete a
//! refund, shift the clock, inject faults). See `README.md` for the full reference.
//!
//! ```
//! use wcheckout_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
//! assert!(sandbox.url().starts_with("http://127.0.0.1:"));
//! sandbox.stop();
//! ```

use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use wcheckout::signing::Signer;

mod abnormal;
mod auth;
mod clock;
mod config;
mod control;
mod embed;
mod faults;
#[doc(hidden)]
pub mod fuzzing;
mod http;
mod inbox;
mod orders;
mod params;
mod query;
mod refunds;
mod routes;
mod server;
mod settlements;
mod shared;
mod store;
mod webhooks;

pub use config::{
    DEFAULT_CLOCK_SKEW_SECS, DEFAULT_TOKEN_TTL_SECS, DEMO_API_KEY, DEMO_API_SECRET, DEMO_SIGN_KEY, HttpLimits,
    MAX_TIME_SCALE, ResponseSignature, SandboxConfig, TokenPolicy,
};
pub use embed::{Clock, ControlError, Fault, Payment, RefundMove, SettlementMove, WebhookAttempt, WebhookDelivery};
pub use inbox::{ReceivedWebhook, RejectedWebhook, WebhookInbox};
pub use webhooks::RETRY_SCHEDULE_SECS;

/// Why a sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A configuration field is unusable.
    #[error("invalid sandbox configuration: {0}")]
    Config(String),
    /// The port could not be bound.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A thread could not be started.
    #[error("cannot start the sandbox: {0}")]
    Io(#[from] std::io::Error),
}

/// A running sandbox on `127.0.0.1`. Stops on [`Sandbox::stop`] or when dropped.
#[derive(Debug)]
pub struct Sandbox {
    http: http::HttpServer,
    shared: Arc<shared::Shared>,
    url: String,
    stopped: bool,
}

impl Sandbox {
    /// Binds the port (0 = a free one), starts the server, the webhook thread and the
    /// order-expiry sweeper, and returns once requests are accepted.
    pub fn start(config: SandboxConfig) -> Result<Sandbox, StartError> {
        config.validate().map_err(StartError::Config)?;
        let signer = Signer::new(&config.sign_key)
            .map_err(|e| StartError::Config(e.to_string()))?
            .with_query_prefix(config.query_prefix);
        let listener = TcpListener::bind(("127.0.0.1", config.port))
            .map_err(|source| StartError::Bind { port: config.port, source })?;
        let addr = listener.local_addr()?;
        let url = format!("http://{addr}");
        let webhooks = webhooks::Webhooks::new(signer.clone(), config.time_scale, config.webhook_url.clone());
        let settings = store::Settings {
            exchange_rate: config.exchange_rate.clone(),
            base_url: url.clone(),
            token_ttl_secs: config.token_ttl_secs,
            token_policy: config.token_policy,
        };
        let stop = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(shared::Shared {
            config,
            signer,
            state: Mutex::new(store::State::new(settings, webhooks.clone())),
            faults: Mutex::new(faults::Faults::default()),
            webhooks: webhooks.clone(),
            stop: stop.clone(),
        });
        webhooks.spawn_worker()?;
        let s = shared.clone();
        let handler: http::Handler = Arc::new(move |req| server::handle(&s, req));
        let limits = shared.config.http;
        let http = match http::HttpServer::start(listener, stop, limits, handler) {
            Ok(h) => h,
            Err(e) => {
                webhooks.stop();
                return Err(e.into());
            }
        };
        let sweeper = shared.clone();
        // Orders time out even when nobody asks, so their TIMEOUT webhooks go out.
        let spawned = thread::Builder::new().name("sandbox-expiry".into()).spawn(move || {
            while !sweeper.stop.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(200));
                orders::expire_due(&mut sweeper.state());
            }
        });
        let mut sandbox = Sandbox { http, shared, url, stopped: false };
        if let Err(e) = spawned {
            sandbox.shutdown();
            return Err(e.into());
        }
        Ok(sandbox)
    }

    /// The base URL, e.g. `http://127.0.0.1:8787` (no trailing slash).
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.http.addr()
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.http.addr().port()
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &SandboxConfig {
        &self.shared.config
    }

    /// Stops accepting, finishes requests in progress (up to 2 s) and stops webhook delivery.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if !self.stopped {
            self.stopped = true;
            self.http.stop();
            self.shared.webhooks.stop();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shutdown();
    }
}
