//! The blocking W Checkout client.
//!
//! ```no_run
//! use wcheckout::client::{Client, Environment};
//! use wcheckout::model::{CreateCheckoutOrderRequest, Token};
//! use wcheckout::Amount;
//!
//! let client = Client::builder("api key", "api secret", "sign key")
//!     .environment(Environment::Custom("http://127.0.0.1:8787".into()))
//!     .build()?;
//! let req = CreateCheckoutOrderRequest::new("A1001", Amount::parse("12.50")?, "cust42", Token::EthUsdt);
//! let created = client.create_checkout_order(&req, None)?;
//! println!("pay at {:?}", created.payment_url);
//! # Ok::<(), wcheckout::Error>(())
//! ```
//!
//! `Client` is `Send + Sync` and cheap to clone: clones share one connection pool and one token.

mod call;
mod config;
mod dispatch;
mod idempotency;
pub mod network;
mod orders;
mod pagination;
pub(crate) mod query;
mod redact;
mod resolver;
mod retry;
mod settlements;
pub(crate) mod token;
mod transport;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use call::{CallOptions, CancelFlag};
pub use config::{
    ClientBuilder, ClientConfig, Credentials, Environment, HeaderDialect, Observer, PRODUCTION_URL, RequestLog,
    ResponseSignaturePolicy, RetryPolicy, SANDBOX_URL,
};
pub use pagination::PageIter;

use query::Query;
use token::{AccessToken, TokenCache, TokenData};

use crate::store::token::TokenStore;
use transport::Call;

use crate::error::{Error, Result};
use crate::model::RetData;
use crate::operation::Operation;
use crate::signing::Signer;

/// The W Checkout API client. See the [module docs](self).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Overrides of [`Client::with_call_options`] (empty for a client as built).
    call: Arc<CallOptions>,
}

struct Inner {
    config: ClientConfig,
    agent: ureq::Agent,
    signer: Signer,
    tokens: TokenCache,
    /// The shared token store (`None` for `memory`).
    store: Option<TokenStore>,
    /// A non-reversible name for this merchant (api key + base URL), for store keys.
    namespace: String,
    /// The proxy's credentials, redacted from every message like the other secrets.
    proxy_secrets: Vec<String>,
    /// The host of the base URL, named in certificate errors.
    host: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.config.environment.base_url())
            .field("credentials", &self.inner.config.credentials)
            .field("response_signature", &self.inner.config.response_signature)
            .field("retry", &self.inner.config.retry)
            .field("token_store", &self.inner.config.token_store)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts a builder with the three credentials.
    pub fn builder(
        api_key: impl Into<String>,
        api_secret: impl Into<String>,
        sign_key: impl Into<String>,
    ) -> ClientBuilder {
        ClientBuilder::new(api_key, api_secret, sign_key)
    }

    fn from_config(config: ClientConfig) -> Result<Self> {
        let signer = Signer::new(&config.credentials.sign_key)?.with_query_prefix(config.query_prefix);
        let base = config.environment.base_url();
        let scheme = if base.starts_with("https://") { "https" } else { "http" };
        let tls = ureq::tls::TlsConfig::builder().root_certs(network::root_certs(&config.network)?).build();
        let agent_config = ureq::Agent::config_builder()
            .tls_config(tls)
            .proxy(network::proxy(&config.network, scheme)?)
            .http_status_as_error(false)
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.timeout))
            .user_agent(config.user_agent.as_str())
            .max_redirects(0)
            .build();
        let agent = ureq::Agent::with_parts(
            agent_config,
            ureq::unversioned::transport::DefaultConnector::new(),
            resolver::CachingResolver::default(),
        );
        let namespace = crate::store::namespace(&[config.credentials.api_key.as_str(), config.environment.base_url()]);
        let store = TokenStore::open(
            &config.token_store,
            &namespace,
            config.connect_timeout.min(crate::store::DEFAULT_STORE_TIMEOUT),
            crate::store::DEFAULT_STORE_TIMEOUT,
        )?;
        let proxy_secrets = network::proxy_secrets(&config.network);
        let host = host_of(config.environment.base_url()).to_owned();
        let tokens = TokenCache::default();
        let inner = Inner { config, agent, signer, tokens, store, namespace, proxy_secrets, host };
        Ok(Client { inner: Arc::new(inner), call: Arc::default() })
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.config.environment.base_url()
    }

    /// The User-Agent sent.
    pub fn user_agent(&self) -> &str {
        &self.inner.config.user_agent
    }

    /// The token store's URL (without its password): `memory`, `file://…` or `redis://…`.
    pub fn token_store(&self) -> String {
        self.inner.config.token_store.display()
    }

    /// A non-reversible name for this merchant (api key and base URL) under which shared
    /// stores keep its state.
    pub(crate) fn namespace(&self) -> &str {
        &self.inner.namespace
    }

    /// Forgets the cached access token; the next call fetches a new one. With a shared token
    /// store, the stored token is deleted too if it is still the one this client used (a
    /// store failure here is ignored: the next call reports it).
    pub fn clear_token(&self) {
        if let (Some(t), Some(store)) = (self.inner.tokens.clear(), &self.inner.store) {
            let _ = store.invalidate(&t);
        }
    }

    /// Removes any secret from an error's text (defence in depth for errors built from server text).
    fn redact(&self, mut e: Error) -> Error {
        let scrub = |s: &mut String| *s = self.redact_text(s);
        match &mut e {
            Error::Api { retmsg, .. } => scrub(retmsg),
            Error::InvalidArgument { reason }
            | Error::InvalidAmount { reason }
            | Error::Auth { reason, .. }
            | Error::Transport { reason, .. }
            | Error::Timeout { reason, .. }
            | Error::Decode { reason, .. }
            | Error::ResponseSignature { reason, .. }
            | Error::IdempotencyConflict { reason, .. }
            | Error::TokenStore { reason }
            | Error::Internal { reason } => scrub(reason),
            _ => {}
        }
        e
    }

    /// Replaces every secret in `text` with `<redacted>`: the api secret and sign key (as written
    /// and percent-encoded), recent access tokens, and any `Bearer` value.
    pub(crate) fn redact_text(&self, text: &str) -> String {
        let c = &self.inner.config.credentials;
        let mut secrets: Vec<std::sync::Arc<str>> = self.inner.tokens.recent();
        secrets.push(c.api_secret.as_str().into());
        secrets.push(c.sign_key.as_str().into());
        secrets.extend(self.inner.proxy_secrets.iter().map(|s| s.as_str().into()));
        redact::redact(text, &secrets)
    }

    fn fetch_token(&self) -> Result<AccessToken> {
        let c = &self.inner.config.credentials;
        // Unsigned: any character of the credentials travels percent-encoded.
        let query = Query::unsigned(&[
            ("grant_type", "client_credentials"),
            ("api_key", c.api_key.as_str()),
            ("api_secret", c.api_secret.as_str()),
        ]);
        let call = Call {
            method: "POST".into(),
            path: Operation::GetAccessToken.path().into(),
            query,
            body: Vec::new(),
            signed: false,
            forwarded_for: None,
        };
        match self.run_with_retries(&call, false) {
            Ok(Some(data)) => serde_json::from_str::<TokenData>(data.get())
                .map_err(|e| Error::auth(format!("token response has no usable access_token: {e}")))?
                .into_token(self.inner.config.token_refresh_margin),
            Ok(None) => Err(Error::auth("token endpoint returned no retdata")),
            Err(Error::Api { retcode, retmsg, http_status, .. }) if http_status < 500 && http_status != 429 => {
                Err(Error::auth(format!("the token endpoint refused the credentials (retcode {retcode}: {retmsg})")))
            }
            Err(e) => Err(e),
        }
    }

    fn token(&self) -> Result<AccessToken> {
        self.inner.tokens.get(|| self.shared_token()).map_err(|e| self.redact(e))
    }

    /// The token from the shared store (fetched under its lock if none is fresh), or fetched
    /// for this process alone with a `memory` store or, when opted into, when the store fails.
    fn shared_token(&self) -> Result<AccessToken> {
        let Some(store) = &self.inner.store else { return self.fetch_token() };
        let c = &self.inner.config;
        // A lock holder may need every attempt of the token call, with the delays between them.
        let attempts = c.retry.max_retries.saturating_add(1);
        let lock_ttl = (c.timeout.saturating_mul(attempts) + c.retry.max_delay.saturating_mul(c.retry.max_retries))
            .clamp(Duration::from_secs(5), Duration::from_secs(600));
        match store.get_or_fetch(lock_ttl, || self.fetch_token()) {
            Err(Error::TokenStore { .. }) if c.token_store_fallback => self.fetch_token(),
            other => other,
        }
    }

    /// The server refused `stale`: forget it here, and in the shared store if it is still the
    /// stored one (a store failure is reported by the next token lookup).
    fn refused_token(&self, stale: &AccessToken) {
        self.inner.tokens.invalidate(stale);
        if let Some(store) = &self.inner.store {
            let _ = store.invalidate(stale);
        }
    }

    /// Sends `call` with retries (and, for signed calls, the token and one refetch on 00002).
    ///
    /// Every error returned carries `outcome_unknown`: true when this attempt, or an earlier one
    /// of the same call, may have been processed by the server.
    fn run_with_retries(&self, call: &Call, with_token: bool) -> Result<Option<RetData>> {
        let mut policy = self.inner.config.retry;
        if let Some(n) = self.call.max_retries {
            policy.max_retries = n;
        }
        let mut retries = retry::Retries::new(policy);
        let mut attempt_no = 0;
        loop {
            if self.call.is_cancelled() {
                return Err(Self::cancelled(retries.uncertain()));
            }
            attempt_no += 1;
            let token = if with_token {
                match self.token() {
                    Ok(t) => Some(t),
                    // The token call's own uncertainty does not matter: only this call's attempts do.
                    Err(e) => return Err(self.redact(retries.stop_outside(e))),
                }
            } else {
                None
            };
            let attempt = self.attempt(call, token.as_ref().map(|t| &*t.value), attempt_no);
            let (next, log) = match attempt.result {
                Ok(data) => {
                    self.observe(attempt.log, None);
                    return Ok(data);
                }
                Err(e) => (retries.after(e, token.is_some(), attempt.retry_after), attempt.log),
            };
            match next {
                retry::Next::RefetchToken => {
                    self.observe(log, Some(std::time::Duration::ZERO));
                    if let Some(t) = &token {
                        self.refused_token(t);
                    }
                }
                retry::Next::Retry(delay) => {
                    self.observe(log, Some(delay));
                    self.sleep_unless_cancelled(delay);
                }
                retry::Next::Stop(e) => {
                    self.observe(log, None);
                    return Err(self.redact(e));
                }
            }
        }
    }

    /// Reports an attempt to the observer, with the wait before the next one.
    fn observe(&self, log: Option<RequestLog>, retry_in: Option<std::time::Duration>) {
        if let (Some(mut log), Some(observer)) = (log, &self.inner.config.observer) {
            log.retry_in = retry_in;
            (observer.0)(&log);
        }
    }

    /// Waits `delay`, waking early when the call is cancelled.
    fn sleep_unless_cancelled(&self, delay: std::time::Duration) {
        if self.call.cancel.is_none() {
            std::thread::sleep(delay);
            return;
        }
        let until = std::time::Instant::now() + delay;
        while !self.call.is_cancelled() {
            let left = until.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return;
            }
            std::thread::sleep(left.min(std::time::Duration::from_millis(20)));
        }
    }

    /// Sends a business call built from an operation.
    pub(crate) fn execute(
        &self,
        op: Operation,
        query: Query,
        body: Vec<u8>,
        forwarded_for: Option<String>,
    ) -> Result<Option<RetData>> {
        let call = Call {
            method: op.method().as_str().into(),
            path: op.path().into(),
            query,
            body,
            signed: true,
            forwarded_for,
        };
        self.run_with_retries(&call, true)
    }

    /// Signs and sends any call and returns the envelope's `retdata` (`null` when absent).
    ///
    /// The escape hatch for a path the SDK does not know: `query` pairs are signed decoded and
    /// sent percent-encoded; `body` is JSON text, made canonical (whitespace outside strings
    /// removed) before it is signed and sent.
    pub fn request<K: AsRef<str>, V: AsRef<str>>(
        &self,
        method: &str,
        path: &str,
        query: &[(K, V)],
        body: Option<&str>,
    ) -> Result<serde_json::Value> {
        let method = method.trim().to_ascii_uppercase();
        if !matches!(method.as_str(), "GET" | "POST" | "PUT" | "DELETE" | "PATCH") {
            return Err(Error::InvalidArgument {
                reason: format!("method must be GET, POST, PUT, DELETE or PATCH, got {method:?}"),
            });
        }
        if !path.starts_with('/') || path.contains(['?', '#']) || path.chars().any(|c| c.is_control() || c == ' ') {
            return Err(Error::InvalidArgument {
                reason: "path must start with '/' and contain no query, fragment, spaces or control characters".into(),
            });
        }
        let body = match body {
            Some(text) => crate::body::canonicalize(text)?.into_bytes(),
            None => Vec::new(),
        };
        let call = Call {
            method,
            path: path.to_owned(),
            query: Query::from_pairs(query)?,
            body,
            signed: true,
            forwarded_for: None,
        };
        match self.run_with_retries(&call, true)? {
            Some(data) => serde_json::from_str(data.get()).map_err(|e| Error::decode(format!("retdata: {e}"))),
            None => Ok(serde_json::Value::Null),
        }
    }
}

/// The host (and port) of a base URL: `https://user@host:8443/x` → `host:8443`.
fn host_of(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    authority.rsplit_once('@').map_or(authority, |(_, h)| h)
}

/// Decodes a successful call's `retdata`. A failure here means the server acted but its answer
/// is unreadable, so the error's outcome is unknown.
/// Read straight from `retdata`'s text (amounts keep their exact digits).
pub(crate) fn decode<T: serde::de::DeserializeOwned>(op: Operation, data: Option<RetData>) -> Result<T> {
    let data =
        data.ok_or_else(|| Error::decode(format!("{} returned no retdata", op.name())).with_outcome_unknown(true))?;
    serde_json::from_str(data.get())
        .map_err(|e| Error::decode(format!("{} retdata: {e}", op.name())).with_outcome_unknown(true))
}
