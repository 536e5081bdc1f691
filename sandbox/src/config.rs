//! Sandbox configuration.

use std::fmt;
use std::time::Duration;

use wcheckout::{Amount, QueryPrefix};

/// Demo `apiKey` accepted by a default sandbox.
pub const DEMO_API_KEY: &str = "demo_api_key";
/// Demo `apiSecret` accepted by a default sandbox.
pub const DEMO_API_SECRET: &str = "demo_api_secret";
/// Demo `signKey` of a default sandbox (requests, responses and webhooks).
pub const DEMO_SIGN_KEY: &str = "demo_sign_key";
/// Default access-token lifetime: 6 hours, as the API's `expires_in`.
pub const DEFAULT_TOKEN_TTL_SECS: u64 = 21_600;
/// Default tolerance between a request's `TIMESTAMP` and the sandbox's clock (spec: ±2 min).
pub const DEFAULT_CLOCK_SKEW_SECS: u64 = 120;
/// Largest accepted `time_scale`.
pub const MAX_TIME_SCALE: f64 = 1000.0;

/// Which access tokens stay valid when a new one is issued (spec §2.1: the live rule is
/// unconfirmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenPolicy {
    /// One live token per merchant: a new token supersedes the old one (`00002` for it).
    #[default]
    Supersede,
    /// Every issued token stays valid until it expires.
    Multiple,
}

impl TokenPolicy {
    /// Parses `supersede` or `multiple` (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "supersede" => Some(Self::Supersede),
            "multiple" => Some(Self::Multiple),
            _ => None,
        }
    }
}

/// How responses are signed (spec §2.4, ambiguity A8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResponseSignature {
    /// `SIGNATURE` = sign(METHOD + TIMESTAMP + PATH + QUERY + response BODY), with the request's
    /// method, path and percent-decoded query.
    #[default]
    Full,
    /// `SIGNATURE` = sign(TIMESTAMP + response BODY), like webhooks.
    Short,
    /// No `SIGNATURE`/`TIMESTAMP` response headers.
    None,
}

impl ResponseSignature {
    /// Parses `full`, `short` or `none` (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "full" => Some(Self::Full),
            "short" => Some(Self::Short),
            "none" => Some(Self::None),
            _ => None,
        }
    }
}

/// Limits of the sandbox's HTTP server. `Default` gives the production values; tests lower them
/// to exercise the limits quickly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// Most connections open at once (default 256). At the limit the longest-idle keep-alive
    /// connection is closed to make room; if none is idle, the new client gets 503.
    pub max_connections: usize,
    /// A request must arrive completely within this long of its first byte (default 30 s);
    /// otherwise it is answered 408 and the connection closed.
    pub request_deadline: Duration,
    /// An idle keep-alive connection is closed after this long (default 75 s).
    pub idle_timeout: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self { max_connections: 256, request_deadline: Duration::from_secs(30), idle_timeout: Duration::from_secs(75) }
    }
}

/// Everything a [`Sandbox`](crate::Sandbox) is started with. `Default` gives the demo
/// credentials, a free port and the spec's lifetimes.
#[derive(Clone)]
pub struct SandboxConfig {
    /// `apiKey` expected on the token endpoint (default [`DEMO_API_KEY`]).
    pub api_key: String,
    /// `apiSecret` expected on the token endpoint (default [`DEMO_API_SECRET`]).
    pub api_secret: String,
    /// `signKey` for request, response and webhook signatures (default [`DEMO_SIGN_KEY`]).
    pub sign_key: String,
    /// Port on 127.0.0.1; 0 picks a free one (default 0).
    pub port: u16,
    /// Access-token lifetime, the token response's `expires_in` (default 21600).
    pub token_ttl_secs: u64,
    /// Response signature form (default [`ResponseSignature::Full`]).
    pub response_signature: ResponseSignature,
    /// Where webhooks are delivered; `None` records events without delivering them.
    pub webhook_url: Option<String>,
    /// Multiplies webhook retry delays and the per-attempt timeout: `0.001` turns the 15 s first
    /// retry into 15 ms. It scales waiting time only, never money (default 1.0).
    pub time_scale: f64,
    /// USD → token rate used for `payingAmount` (default `1`).
    pub exchange_rate: Amount,
    /// Largest accepted distance between a request `TIMESTAMP` and real time (default 120 s).
    pub clock_skew_secs: u64,
    /// Whether a `?` sits between PATH and QUERY in signatures (spec A3; default none).
    pub query_prefix: QueryPrefix,
    /// HTTP server limits (default [`HttpLimits::default`]).
    pub http: HttpLimits,
    /// Whether a new access token supersedes the old one (default [`TokenPolicy::Supersede`]).
    pub token_policy: TokenPolicy,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            api_key: DEMO_API_KEY.to_owned(),
            api_secret: DEMO_API_SECRET.to_owned(),
            sign_key: DEMO_SIGN_KEY.to_owned(),
            port: 0,
            token_ttl_secs: DEFAULT_TOKEN_TTL_SECS,
            response_signature: ResponseSignature::Full,
            webhook_url: None,
            time_scale: 1.0,
            exchange_rate: Amount::from_minor(1, 0).unwrap_or_else(|_| Amount::zero()),
            clock_skew_secs: DEFAULT_CLOCK_SKEW_SECS,
            query_prefix: QueryPrefix::None,
            http: HttpLimits::default(),
            token_policy: TokenPolicy::Supersede,
        }
    }
}

impl fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("api_key", &self.api_key)
            .field("api_secret", &"<redacted>")
            .field("sign_key", &"<redacted>")
            .field("port", &self.port)
            .field("token_ttl_secs", &self.token_ttl_secs)
            .field("response_signature", &self.response_signature)
            .field("webhook_url", &self.webhook_url)
            .field("time_scale", &self.time_scale)
            .field("exchange_rate", &self.exchange_rate)
            .field("clock_skew_secs", &self.clock_skew_secs)
            .field("query_prefix", &self.query_prefix)
            .field("http", &self.http)
            .finish()
    }
}

impl SandboxConfig {
    /// Checks every field; the error says which one is wrong and why.
    pub fn validate(&self) -> Result<(), String> {
        for (name, v) in [("api_key", &self.api_key), ("api_secret", &self.api_secret), ("sign_key", &self.sign_key)] {
            if v.is_empty() {
                return Err(format!("{name} must not be empty"));
            }
        }
        if self.token_ttl_secs == 0 || self.token_ttl_secs > 10 * 365 * 86_400 {
            return Err("token_ttl_secs must be between 1 and 315360000".to_owned());
        }
        if !self.time_scale.is_finite() || self.time_scale <= 0.0 || self.time_scale > MAX_TIME_SCALE {
            return Err(format!("time_scale must be a number above 0 and at most {MAX_TIME_SCALE}"));
        }
        if self.exchange_rate.is_zero() {
            return Err("exchange_rate must be greater than zero".to_owned());
        }
        let h = &self.http;
        if h.max_connections == 0 || h.max_connections > 65_536 {
            return Err("http.max_connections must be between 1 and 65536".to_owned());
        }
        for (name, d) in [("http.request_deadline", h.request_deadline), ("http.idle_timeout", h.idle_timeout)] {
            if d < Duration::from_millis(1) || d > Duration::from_secs(86_400) {
                return Err(format!("{name} must be between 1 ms and 24 h"));
            }
        }
        if let Some(url) = &self.webhook_url {
            check_webhook_url(url)?;
        }
        Ok(())
    }
}

/// A webhook URL must be `http://` or `https://` with a host.
pub(crate) fn check_webhook_url(url: &str) -> Result<(), String> {
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !url.contains(char::is_whitespace) => Ok(()),
        _ => Err(format!("webhook URL must start with http:// or https:// and name a host, got {url:?}")),
    }
}
