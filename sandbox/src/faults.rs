//! Injected faults: `POST /_sandbox/faults` arms one for the next `count` matching requests.
//!
//! A fault without `path` matches every business call (not the token endpoint); with `path` it
//! matches that path only (the token endpoint included); `method` narrows it further. The first
//! armed fault that matches is used and its count goes down by one.

use serde_json::{Value, json};

use crate::params::{ApiError, ApiResult, Fields, opt_str, opt_u64};

/// What happens to a matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultKind {
    /// HTTP 500 with retcode 500, not processed.
    Http500,
    /// HTTP 503 with retcode 503, not processed.
    Http503,
    /// HTTP 429 with retcode 429, not processed.
    Http429,
    /// Sleeps `delayMs`, then processes normally.
    Delay,
    /// Closes the connection without processing or answering.
    Drop,
    /// Processes the request, then closes the connection without answering.
    DropAfterProcessing,
    /// Processes normally but answers with a wrong `SIGNATURE`.
    BadSignature,
}

impl FaultKind {
    const ALL: [(&'static str, FaultKind); 7] = [
        ("http_500", FaultKind::Http500),
        ("http_503", FaultKind::Http503),
        ("http_429", FaultKind::Http429),
        ("delay", FaultKind::Delay),
        ("drop", FaultKind::Drop),
        ("drop_after_processing", FaultKind::DropAfterProcessing),
        ("bad_signature", FaultKind::BadSignature),
    ];

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub(crate) fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map_or("unknown", |(n, _)| n)
    }
}

/// One armed fault.
#[derive(Debug, Clone)]
pub(crate) struct Fault {
    pub id: u64,
    pub method: Option<String>,
    pub path: Option<String>,
    pub kind: FaultKind,
    pub remaining: u64,
    pub delay_ms: u64,
    pub retry_after: Option<u64>,
}

impl Fault {
    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "kind": self.kind.name(),
            "remaining": self.remaining,
            "delayMs": self.delay_ms,
            "retryAfter": self.retry_after,
        })
    }
}

/// Every armed fault, in the order armed.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    rules: Vec<Fault>,
    seq: u64,
}

/// Longest accepted `delayMs`: 2 minutes.
const MAX_DELAY_MS: u64 = 120_000;

impl Faults {
    /// Arms a fault from `{"method","path","kind","count","delayMs","retryAfter"}`.
    pub(crate) fn add(&mut self, f: &Fields) -> ApiResult {
        let kind_text = opt_str(f, "kind")?.ok_or_else(|| ApiError::missing("kind"))?;
        let kind = FaultKind::parse(&kind_text).ok_or_else(|| {
            let names: Vec<&str> = FaultKind::ALL.iter().map(|(n, _)| *n).collect();
            ApiError::invalid(format!("unknown fault kind {kind_text}: use one of {}", names.join(", ")))
        })?;
        let method = opt_str(f, "method")?.map(|m| m.to_ascii_uppercase());
        let path = opt_str(f, "path")?;
        if path.as_deref().is_some_and(|p| !p.starts_with('/') || p.contains('?')) {
            return Err(ApiError::invalid("path must start with / and carry no query"));
        }
        let count = opt_u64(f, "count")?.unwrap_or(1);
        if count == 0 || count > 10_000 {
            return Err(ApiError::invalid("count must be between 1 and 10000"));
        }
        let delay_ms = opt_u64(f, "delayMs")?.unwrap_or(1000);
        if delay_ms > MAX_DELAY_MS {
            return Err(ApiError::invalid(format!("delayMs must be at most {MAX_DELAY_MS}")));
        }
        let retry_after = opt_u64(f, "retryAfter")?;
        self.seq += 1;
        let fault = Fault { id: self.seq, method, path, kind, remaining: count, delay_ms, retry_after };
        let v = fault.to_json();
        self.rules.push(fault);
        Ok(v)
    }

    /// Takes one use of the first fault matching this request, if any.
    pub(crate) fn take(&mut self, method: &str, path: &str, is_token_endpoint: bool) -> Option<Fault> {
        let i = self.rules.iter().position(|r| {
            r.remaining > 0
                && r.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
                && match r.path.as_deref() {
                    Some(p) => p == path,
                    None => !is_token_endpoint,
                }
        })?;
        let rule = &mut self.rules[i];
        rule.remaining -= 1;
        let taken = rule.clone();
        if rule.remaining == 0 {
            self.rules.remove(i);
        }
        Some(taken)
    }

    /// Disarms everything.
    pub(crate) fn clear(&mut self) {
        self.rules.clear();
    }

    /// The armed faults.
    pub(crate) fn to_json(&self) -> Value {
        json!({ "faults": self.rules.iter().map(Fault::to_json).collect::<Vec<_>>() })
    }
}
