//! One error type for the whole SDK, with a stable machine-readable [`Error::code`] per kind.
//!
//! Messages explain what went wrong and what to do, and never contain a secret: no `apiSecret`,
//! `signKey`, access token or signature value is ever formatted into an error.

use std::fmt;

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which webhook header was missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookHeader {
    /// `SIGNATURE` (or `D-SIGNATURE`).
    Signature,
    /// `TIMESTAMP` (or `D-TIMESTAMP`).
    Timestamp,
}

impl fmt::Display for WebhookHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WebhookHeader::Signature => "SIGNATURE",
            WebhookHeader::Timestamp => "TIMESTAMP",
        })
    }
}

/// Every failure the SDK reports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A caller-supplied value is unusable (empty key, bad path, missing required field, …).
    #[error("invalid argument: {reason}")]
    InvalidArgument {
        /// What is wrong and what is expected.
        reason: String,
    },
    /// A money amount is not an exact, finite, non-negative decimal.
    #[error("invalid amount: {reason}")]
    InvalidAmount {
        /// What is wrong with the amount.
        reason: String,
    },
    /// A signature did not match the expected HMAC-SHA512 value.
    #[error("signature mismatch: the SIGNATURE does not match the signKey and the exact bytes received")]
    SignatureMismatch,
    /// A webhook lacked its signature or timestamp header.
    #[error("webhook is missing the {header} header (also looked for D-{header})")]
    WebhookMissingHeader {
        /// The missing header.
        header: WebhookHeader,
    },
    /// A webhook's `TIMESTAMP` header is not milliseconds since the epoch.
    #[error("webhook TIMESTAMP header is not a millisecond epoch timestamp: {reason}")]
    WebhookMalformedTimestamp {
        /// What is wrong with it.
        reason: String,
    },
    /// A webhook's timestamp is further from now than the tolerance allows.
    #[error(
        "webhook timestamp is {skew_ms} ms {direction} local time, outside the ±{tolerance_ms} ms tolerance \
         (replayed, delayed, or a clock is wrong)"
    )]
    WebhookOutsideTolerance {
        /// Absolute difference between the webhook timestamp and now, in milliseconds.
        skew_ms: u64,
        /// The allowed difference in milliseconds.
        tolerance_ms: u64,
        /// `"before"` or `"after"`.
        direction: &'static str,
    },
    /// A webhook's signature does not match its raw body.
    #[error(
        "webhook signature mismatch: verify the raw request body exactly as received (not re-serialised \
         JSON) with the right signKey"
    )]
    WebhookSignatureMismatch,
    /// A webhook passed verification but its body is not the expected JSON.
    #[error("webhook body is not valid event JSON: {reason}")]
    WebhookMalformedJson {
        /// The parser's complaint.
        reason: String,
    },
    /// The API answered with a business error (`retcode` other than 200) or a non-200 HTTP status.
    #[error("W Checkout API error {retcode} (HTTP {http_status}): {retmsg}")]
    Api {
        /// The envelope's `retcode`, verbatim (e.g. `"00008"`).
        retcode: String,
        /// The envelope's `retmsg`, verbatim.
        retmsg: String,
        /// The HTTP status of the response.
        http_status: u16,
    },
    /// The access token could not be obtained or was refused.
    #[error("authentication failed: {reason}")]
    Auth {
        /// Why (never the credentials themselves).
        reason: String,
    },
    /// The connection failed (DNS, refused, reset, TLS, dropped mid-response).
    #[error("transport error: {reason}")]
    Transport {
        /// The transport's complaint.
        reason: String,
    },
    /// The connect or overall timeout elapsed.
    #[error("request timed out: {reason}")]
    Timeout {
        /// Which timeout and where.
        reason: String,
    },
    /// A response could not be decoded.
    #[error("could not decode the response: {reason}")]
    Decode {
        /// The decoder's complaint.
        reason: String,
    },
    /// A response signature was missing (under `Required`) or did not match.
    #[error("response signature check failed: {reason}")]
    ResponseSignature {
        /// What failed.
        reason: String,
    },
}

impl Error {
    /// A stable, machine-readable code for this kind of error. Never changes between releases.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidArgument { .. } => "invalid_argument",
            Error::InvalidAmount { .. } => "invalid_amount",
            Error::SignatureMismatch => "signature_mismatch",
            Error::WebhookMissingHeader { .. } => "webhook_missing_header",
            Error::WebhookMalformedTimestamp { .. } => "webhook_malformed_timestamp",
            Error::WebhookOutsideTolerance { .. } => "webhook_outside_tolerance",
            Error::WebhookSignatureMismatch => "webhook_signature_mismatch",
            Error::WebhookMalformedJson { .. } => "webhook_malformed_json",
            Error::Api { .. } => "api_error",
            Error::Auth { .. } => "auth_error",
            Error::Transport { .. } => "transport_error",
            Error::Timeout { .. } => "timeout",
            Error::Decode { .. } => "decode_error",
            Error::ResponseSignature { .. } => "response_signature",
        }
    }

    /// Every code [`Error::code`] can return, for bindings that map codes to classes.
    pub const CODES: [&'static str; 14] = [
        "invalid_argument",
        "invalid_amount",
        "signature_mismatch",
        "webhook_missing_header",
        "webhook_malformed_timestamp",
        "webhook_outside_tolerance",
        "webhook_signature_mismatch",
        "webhook_malformed_json",
        "api_error",
        "auth_error",
        "transport_error",
        "timeout",
        "decode_error",
        "response_signature",
    ];

    /// True for webhook verification failures.
    pub fn is_webhook(&self) -> bool {
        self.code().starts_with("webhook_")
    }

    /// True when retrying the same request could succeed (transport failures, timeouts, HTTP 429/5xx).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } | Error::Timeout { .. } => true,
            Error::Api { http_status, .. } => *http_status == 429 || *http_status >= 500,
            _ => false,
        }
    }

    /// The `retcode` of an API error.
    pub fn retcode(&self) -> Option<&str> {
        match self {
            Error::Api { retcode, .. } => Some(retcode),
            _ => None,
        }
    }

    /// The `retmsg` of an API error.
    pub fn retmsg(&self) -> Option<&str> {
        match self {
            Error::Api { retmsg, .. } => Some(retmsg),
            _ => None,
        }
    }

    /// The HTTP status of an API error.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api { http_status, .. } => Some(*http_status),
            _ => None,
        }
    }

    pub(crate) fn invalid_argument(reason: impl Into<String>) -> Self {
        Error::InvalidArgument { reason: reason.into() }
    }

    pub(crate) fn invalid_amount(reason: impl Into<String>) -> Self {
        Error::InvalidAmount { reason: reason.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_listed() {
        let mut seen = std::collections::HashSet::new();
        for c in Error::CODES {
            assert!(seen.insert(c), "duplicate code {c}");
        }
        let samples = [
            Error::invalid_argument("x"),
            Error::invalid_amount("x"),
            Error::SignatureMismatch,
            Error::WebhookMissingHeader { header: WebhookHeader::Signature },
            Error::WebhookMalformedTimestamp { reason: "x".into() },
            Error::WebhookOutsideTolerance { skew_ms: 1, tolerance_ms: 1, direction: "before" },
            Error::WebhookSignatureMismatch,
            Error::WebhookMalformedJson { reason: "x".into() },
            Error::Api { retcode: "1".into(), retmsg: "m".into(), http_status: 200 },
            Error::Auth { reason: "x".into() },
            Error::Transport { reason: "x".into() },
            Error::Timeout { reason: "x".into() },
            Error::Decode { reason: "x".into() },
            Error::ResponseSignature { reason: "x".into() },
        ];
        assert_eq!(samples.len(), Error::CODES.len());
        for e in samples {
            assert!(Error::CODES.contains(&e.code()));
            assert!(!e.to_string().is_empty());
        }
    }
}
