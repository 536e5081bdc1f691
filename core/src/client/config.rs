//! Client configuration: environment, credentials, timeouts, retries and signature policies.

use std::fmt;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::signing::QueryPrefix;

/// Production API host.
pub const PRODUCTION_URL: &str = "https://openapi.stablelink.app";
/// The documented sandbox host (spec §1.2; the vendor's code also names `openapi.dev.stablelink.app`).
pub const SANDBOX_URL: &str = "https://openapi.stg.stablelink.app";

/// Where requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Environment {
    /// `https://openapi.stablelink.app`.
    Production,
    /// `https://openapi.stg.stablelink.app`.
    Sandbox,
    /// Any other base URL, e.g. the local `wcheckout sandbox` (`http://127.0.0.1:PORT`).
    Custom(String),
}

impl Environment {
    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Production => PRODUCTION_URL,
            Environment::Sandbox => SANDBOX_URL,
            Environment::Custom(u) => u.trim_end_matches('/'),
        }
    }

    /// Parses `production`, `sandbox`, or an `http(s)://` URL.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "production" | "prod" | "live" => Ok(Environment::Production),
            "sandbox" | "stg" | "staging" => Ok(Environment::Sandbox),
            _ if s.starts_with("http://") || s.starts_with("https://") => Ok(Environment::Custom(s.trim().to_owned())),
            _ => Err(Error::InvalidArgument {
                reason: format!("environment must be \"production\", \"sandbox\" or an http(s):// URL, got {s:?}"),
            }),
        }
    }
}

/// What to do with response signatures (spec §2.4, A8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ResponseSignaturePolicy {
    /// Do not check.
    Off,
    /// Check when the response carries a signature; a mismatch is an error (the default).
    #[default]
    IfPresent,
    /// Every response must carry a valid signature.
    Required,
}

impl ResponseSignaturePolicy {
    /// Parses `off`, `if_present` (or `if-present`), `required`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "off" | "none" => Ok(Self::Off),
            "if_present" | "ifpresent" => Ok(Self::IfPresent),
            "required" => Ok(Self::Required),
            _ => Err(Error::InvalidArgument {
                reason: format!("response signature policy must be off, if_present or required, got {s:?}"),
            }),
        }
    }
}

/// Signature header names (spec ambiguity A2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum HeaderDialect {
    /// Send `SIGNATURE` / `TIMESTAMP` (the live gateway's names; the default).
    #[default]
    Standard,
    /// Send `D-SIGNATURE` / `D-TIMESTAMP`.
    Prefixed,
    /// Send both pairs with identical values.
    Both,
}

impl HeaderDialect {
    /// Parses `standard`, `prefixed` (or `d`), `both`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" => Ok(Self::Standard),
            "prefixed" | "d" => Ok(Self::Prefixed),
            "both" => Ok(Self::Both),
            _ => Err(Error::InvalidArgument {
                reason: format!("header dialect must be standard, prefixed or both, got {s:?}"),
            }),
        }
    }

    pub(crate) fn names(self) -> &'static [(&'static str, &'static str)] {
        match self {
            HeaderDialect::Standard => &[("SIGNATURE", "TIMESTAMP")],
            HeaderDialect::Prefixed => &[("D-SIGNATURE", "D-TIMESTAMP")],
            HeaderDialect::Both => &[("SIGNATURE", "TIMESTAMP"), ("D-SIGNATURE", "D-TIMESTAMP")],
        }
    }
}

/// The three secrets W Checkout issues. `Debug` shows only the api key's first characters.
#[derive(Clone)]
pub struct Credentials {
    pub(crate) api_key: String,
    pub(crate) api_secret: String,
    pub(crate) sign_key: String,
}

impl Credentials {
    /// Checks that none is empty.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<String>, sign_key: impl Into<String>) -> Result<Self> {
        let c = Credentials { api_key: api_key.into(), api_secret: api_secret.into(), sign_key: sign_key.into() };
        for (name, v) in [("apiKey", &c.api_key), ("apiSecret", &c.api_secret), ("signKey", &c.sign_key)] {
            if v.trim().is_empty() {
                return Err(Error::InvalidArgument { reason: format!("{name} must not be empty") });
            }
        }
        Ok(c)
    }

    /// The api key (an identifier, not a secret, but shown shortened in `Debug`).
    pub fn api_key(&self) -> &str {
        &self.api_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.api_key.chars().take(4).collect();
        f.debug_struct("Credentials")
            .field("api_key", &format!("{shown}…"))
            .field("api_secret", &"<redacted>")
            .field("sign_key", &"<redacted>")
            .finish()
    }
}

/// Default window for a signed response's `TIMESTAMP` (the spec's ±2 minutes).
pub const DEFAULT_RESPONSE_TOLERANCE: Duration = Duration::from_secs(120);

/// Longest accepted timeout or delay: larger values are a mistake (and `u64::MAX` seconds would
/// overflow the clock arithmetic), so `build` refuses them.
pub(crate) const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

/// Largest retry budget accepted.
pub(crate) const MAX_RETRIES: u32 = 10;

/// Retry policy: exponential backoff with jitter on transport errors, timeouts and HTTP 429/5xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2, so at most 3 attempts).
    pub max_retries: u32,
    /// Delay before the first retry (default 250 ms); doubles each retry.
    pub base_delay: Duration,
    /// Cap on one delay (default 5 s), including a server's `Retry-After`.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 2, base_delay: Duration::from_millis(250), max_delay: Duration::from_secs(5) }
    }
}

impl RetryPolicy {
    /// The delay before retry number `retry` (1-based): `base × 2^(retry-1)`, capped, with the
    /// upper half jittered (so a delay is between 50 % and 100 % of the nominal value).
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let nominal = self.base_delay.saturating_mul(1u32 << retry.saturating_sub(1).min(20)).min(self.max_delay);
        let half = nominal / 2;
        let jitter_ms = u64::try_from(half.as_millis()).unwrap_or(0);
        let jittered = half + Duration::from_millis(if jitter_ms == 0 { 0 } else { fastrand::u64(0..=jitter_ms) });
        match retry_after {
            Some(ra) => ra.min(self.max_delay).max(jittered),
            None => jittered,
        }
    }
}

/// Everything a [`Client`](super::Client) is built from.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub(crate) credentials: Credentials,
    pub(crate) environment: Environment,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) response_signature: ResponseSignaturePolicy,
    pub(crate) header_dialect: HeaderDialect,
    pub(crate) query_prefix: QueryPrefix,
    pub(crate) user_agent: String,
    pub(crate) token_refresh_margin: Duration,
    pub(crate) response_tolerance: Duration,
    pub(crate) observer: Option<Observer>,
    pub(crate) token_store: crate::store::StoreUrl,
    pub(crate) token_store_fallback: bool,
    pub(crate) network: super::network::NetworkOptions,
}

/// What one HTTP attempt sent and received, for logging and debugging. Holds no secret: the
/// token call's query shows the api secret as `<redacted>`, and the bearer token is not included.
#[derive(Debug, Clone)]
pub struct RequestLog {
    /// 1 for the first attempt of a call, 2 for its first retry, …
    pub attempt: u32,
    /// HTTP method.
    pub method: String,
    /// Path under the base URL.
    pub path: String,
    /// Query as signed (not percent-encoded).
    pub query: String,
    /// Body as sent.
    pub body: String,
    /// The `TIMESTAMP` header sent (signed calls).
    pub timestamp: Option<String>,
    /// The exact string that was signed (signed calls).
    pub string_to_sign: Option<String>,
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Response body (up to 64 KiB), when a response arrived.
    pub response_body: Option<String>,
    /// The envelope's `retcode` when one was read (`"200"` on success).
    pub retcode: Option<String>,
    /// The error code of the attempt, when it failed.
    pub error_code: Option<&'static str>,
    /// Time the attempt took.
    pub elapsed: Duration,
    /// When the attempt failed and the call tries again: the wait before the next attempt
    /// (zero when a refused access token is refetched and the call resent at once).
    pub retry_in: Option<Duration>,
}

impl RequestLog {
    /// Whether this is the unsigned access-token call (its response is never logged).
    pub fn is_token_request(&self) -> bool {
        self.path == crate::operation::Operation::GetAccessToken.path()
    }
}

/// A callback receiving a [`RequestLog`] after every attempt.
#[derive(Clone)]
pub struct Observer(pub(crate) std::sync::Arc<dyn Fn(&RequestLog) + Send + Sync>);

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer")
    }
}

/// Builds a [`Client`](super::Client). `Debug` never shows the secrets.
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: String,
    api_secret: String,
    sign_key: String,
    environment: Environment,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    response_signature: ResponseSignaturePolicy,
    header_dialect: HeaderDialect,
    query_prefix: QueryPrefix,
    user_agent_suffix: Option<String>,
    response_tolerance: Duration,
    observer: Option<Observer>,
    token_store: String,
    token_store_fallback: bool,
    pub(super) network: super::network::NetworkOptions,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_secret", &"<redacted>")
            .field("sign_key", &"<redacted>")
            .field("environment", &self.environment)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("token_store", &crate::store::redact_userinfo(&self.token_store))
            .field("network", &self.network)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Starts a builder with the three credentials; defaults: `Sandbox`, 10 s connect, 30 s
    /// overall, 2 retries, `IfPresent`, standard headers, no `?` in the signed query.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<String>, sign_key: impl Into<String>) -> Self {
        ClientBuilder {
            api_key: api_key.into(),
            api_secret: api_secret.into(),
            sign_key: sign_key.into(),
            environment: Environment::Sandbox,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            response_signature: ResponseSignaturePolicy::default(),
            header_dialect: HeaderDialect::default(),
            query_prefix: QueryPrefix::None,
            user_agent_suffix: None,
            response_tolerance: DEFAULT_RESPONSE_TOLERANCE,
            observer: None,
            token_store: "memory".to_owned(),
            token_store_fallback: false,
            network: Default::default(),
        }
    }

    /// Sets the environment.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Shorthand for `Environment::Custom(url)`.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.environment(Environment::Custom(url.into()))
    }

    /// TCP/TLS connect timeout.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Overall timeout of one attempt (connect, send, receive).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// Retries after the first attempt (0 disables retries).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.retry.max_retries = n;
        self
    }

    /// The whole retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Response-signature policy.
    pub fn response_signature(mut self, policy: ResponseSignaturePolicy) -> Self {
        self.response_signature = policy;
        self
    }

    /// How far a signed response's `TIMESTAMP` may be from local time (default ±120 s, as for
    /// requests and webhooks). A correctly signed response outside it is a `response_signature`
    /// error: it may be a replay.
    pub fn response_tolerance(mut self, tolerance: Duration) -> Self {
        self.response_tolerance = tolerance;
        self
    }

    /// Signature header names.
    pub fn header_dialect(mut self, dialect: HeaderDialect) -> Self {
        self.header_dialect = dialect;
        self
    }

    /// Whether a `?` sits between path and query in the string to sign.
    pub fn query_prefix(mut self, prefix: QueryPrefix) -> Self {
        self.query_prefix = prefix;
        self
    }

    /// Appended to `wcheckout/<version>` in the User-Agent (bindings set `python/3.11` etc.).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Calls `f` after every HTTP attempt with what was sent and received (no secrets).
    pub fn observer(mut self, f: impl Fn(&RequestLog) + Send + Sync + 'static) -> Self {
        self.observer = Some(Observer(std::sync::Arc::new(f)));
        self
    }

    /// Where the access token is kept (see [`crate::store`]): `memory` (the default: this
    /// process only), `file:///dir` (every process on this host) or `redis://host:port/db` /
    /// `rediss://…` (every process anywhere). The gateway allows one live token per merchant, so
    /// every process of a merchant should share one store; then one fetches and all use it.
    pub fn token_store(mut self, url: impl Into<String>) -> Self {
        self.token_store = url.into();
        self
    }

    /// When the shared token store cannot be used, fall back to a token private to this
    /// process instead of failing with `token_store` (off by default: private tokens of many
    /// processes supersede each other when the gateway allows only one).
    pub fn token_store_fallback(mut self, fallback: bool) -> Self {
        self.token_store_fallback = fallback;
        self
    }

    /// Validates everything and builds the client.
    pub fn build(self) -> Result<super::Client> {
        let credentials = Credentials::new(self.api_key, self.api_secret, self.sign_key)?;
        let base = self.environment.base_url();
        if !(base.starts_with("http://") || base.starts_with("https://")) || base.len() < 10 {
            return Err(Error::InvalidArgument {
                reason: format!("base URL must be http(s)://host[:port], got {base:?}"),
            });
        }
        for (name, d) in [("timeout", self.timeout), ("connect_timeout", self.connect_timeout)] {
            if d.is_zero() || d > MAX_TIMEOUT {
                return Err(Error::InvalidArgument {
                    reason: format!("{name} must be greater than zero and at most 1 hour, got {d:?}"),
                });
            }
        }
        if self.response_tolerance > MAX_TIMEOUT {
            return Err(Error::InvalidArgument {
                reason: format!("response_tolerance must be at most 1 hour, got {:?}", self.response_tolerance),
            });
        }
        if self.retry.base_delay > MAX_TIMEOUT || self.retry.max_delay > MAX_TIMEOUT {
            return Err(Error::InvalidArgument { reason: "retry delays must be at most 1 hour".into() });
        }
        if self.retry.max_retries > MAX_RETRIES {
            return Err(Error::InvalidArgument { reason: "max_retries must be at most 10".into() });
        }
        let mut user_agent = format!("wcheckout/{}", crate::VERSION);
        if let Some(s) = self.user_agent_suffix.filter(|s| !s.trim().is_empty()) {
            if s.chars().any(|c| c.is_control()) {
                return Err(Error::InvalidArgument {
                    reason: "user agent suffix must not contain control characters".into(),
                });
            }
            user_agent.push(' ');
            user_agent.push_str(s.trim());
        }
        let token_store = crate::store::StoreUrl::parse(&self.token_store)?;
        let config = ClientConfig {
            credentials,
            environment: self.environment,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            retry: self.retry,
            response_signature: self.response_signature,
            header_dialect: self.header_dialect,
            query_prefix: self.query_prefix,
            user_agent,
            token_refresh_margin: Duration::from_secs(300),
            response_tolerance: self.response_tolerance,
            observer: self.observer,
            token_store,
            token_store_fallback: self.token_store_fallback,
            network: self.network,
        };
        super::Client::from_config(config)
    }
}
