//! One error type for the whole SDK, with a stable machine-readable [`Error::code`] per kind.
//!
//! Messages explain what went wrong and what to do, and never contain a secret: no `apiSecret`,
//! `signKey`, access token or signature value is ever formatted into an error.

use std::fmt;

use crate::model::{CheckoutOrder, RefundOrder, SettlementOrder};

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which webhook header was missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
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

/// The object already stored under a merchant number, carried by [`Error::IdempotencyConflict`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExistingObject {
    /// A payment order.
    CheckoutOrder(Box<CheckoutOrder>),
    /// A refund order (also an abnormal-payment refund).
    RefundOrder(Box<RefundOrder>),
    /// A settlement order (stablecoin or fiat).
    SettlementOrder(Box<SettlementOrder>),
}

/// The sentence appended to a message when the outcome of the call is unknown.
fn outcome_note(unknown: bool) -> &'static str {
    if unknown {
        " (the request may have reached the server and its outcome is unknown: repeat the identical call, \
         which returns the object if it was created, or look it up)"
    } else {
        ""
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
    #[error("W Checkout API error {retcode} (HTTP {http_status}): {retmsg}{}", outcome_note(*outcome_unknown))]
    Api {
        /// The envelope's `retcode`, verbatim (e.g. `"00008"`).
        retcode: String,
        /// The envelope's `retmsg`, verbatim (secrets redacted).
        retmsg: String,
        /// The HTTP status of the response.
        http_status: u16,
        /// True when an attempt of this call may have been processed (see [`Error::outcome_unknown`]).
        outcome_unknown: bool,
    },
    /// The access token could not be obtained or was refused.
    #[error("authentication failed: {reason}{}", outcome_note(*outcome_unknown))]
    Auth {
        /// Why (never the credentials themselves).
        reason: String,
        /// True when an earlier attempt of this call may have been processed.
        outcome_unknown: bool,
    },
    /// The connection failed (DNS, refused, reset, TLS, dropped mid-response).
    #[error("transport error: {reason}{}", outcome_note(*outcome_unknown))]
    Transport {
        /// The transport's complaint.
        reason: String,
        /// True when the request may have reached the server (false when the connection was never made).
        outcome_unknown: bool,
        /// False when repeating cannot help: the server's certificate is not trusted (or TLS
        /// could not be set up), which only a configuration change (`ca_bundle`, the trust store)
        /// fixes. True for refused, reset or dropped connections.
        retryable: bool,
    },
    /// The connect or overall timeout elapsed.
    #[error("request timed out: {reason}{}", outcome_note(*outcome_unknown))]
    Timeout {
        /// Which timeout and where.
        reason: String,
        /// True unless the connect timeout elapsed before anything was sent.
        outcome_unknown: bool,
    },
    /// A response could not be decoded.
    #[error("could not decode the response: {reason}{}", outcome_note(*outcome_unknown))]
    Decode {
        /// The decoder's complaint.
        reason: String,
        /// True when the server answered (so may have acted) but the answer is unreadable.
        outcome_unknown: bool,
    },
    /// A response signature was missing (under `Required`), did not match, or was stale.
    #[error("response signature check failed: {reason}{}", outcome_note(*outcome_unknown))]
    ResponseSignature {
        /// What failed.
        reason: String,
        /// True: the server may have acted, but its answer cannot be trusted.
        outcome_unknown: bool,
    },
    /// A create was answered "duplicate" and the object stored under that merchant number differs
    /// from the request in a field the request set: it is someone else's object, never a success.
    #[error("idempotency conflict: {reason}")]
    IdempotencyConflict {
        /// Which number, which fields differ, and what to do.
        reason: String,
        /// The wire names of the differing fields, e.g. `["address", "amount"]`.
        differences: Vec<String>,
        /// The object already stored under that number.
        existing: ExistingObject,
    },
    /// A shared store (token store, event deduplicator or reconciler watch list: `file://…`,
    /// `redis://…`) could not be used: unreachable, refused, timed out, or a file could not be
    /// read or written. The call was not sent. No silent fallback to a private token happens
    /// unless the client opted into one.
    #[error("shared store failed: {reason}")]
    TokenStore {
        /// What failed, naming the store without its password.
        reason: String,
    },
    /// A bug in the SDK (a caught panic). Never expected; please report it.
    #[error("internal error in wcheckout: {reason} (please report this)")]
    Internal {
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
            Error::IdempotencyConflict { .. } => "idempotency_conflict",
            Error::TokenStore { .. } => "token_store",
            Error::Internal { .. } => "internal",
        }
    }

    /// Every code [`Error::code`] can return, for bindings that map codes to classes.
    pub const CODES: [&'static str; 17] = [
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
        "idempotency_conflict",
        "token_store",
        "internal",
    ];

    /// True for webhook verification failures.
    pub fn is_webhook(&self) -> bool {
        self.code().starts_with("webhook_")
    }

    /// True when retrying the same request could succeed (transport failures other than
    /// certificate problems, timeouts, HTTP 429/5xx, a shared store that failed).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { retryable, .. } => *retryable,
            Error::Timeout { .. } | Error::TokenStore { .. } => true,
            Error::Api { http_status, .. } => *http_status == 429 || *http_status >= 500,
            _ => false,
        }
    }

    /// True when an attempt of the failed call may have reached the server and been processed,
    /// so its result is unknown: timeouts after sending, dropped connections, HTTP 5xx, unreadable
    /// or untrustworthy answers, and any error after such an attempt was retried. False when the
    /// server certainly did nothing (validated before sending, connection refused) or answered
    /// definitively. What to do when true: repeat the identical call — a create answered
    /// "duplicate" returns the object if it is this request's, and a cancel of an already
    /// cancelled object returns it — or look the object up by its number.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Error::Api { outcome_unknown, .. }
            | Error::Auth { outcome_unknown, .. }
            | Error::Transport { outcome_unknown, .. }
            | Error::Timeout { outcome_unknown, .. }
            | Error::Decode { outcome_unknown, .. }
            | Error::ResponseSignature { outcome_unknown, .. } => *outcome_unknown,
            _ => false,
        }
    }

    /// Marks the error as one whose call may have been processed (no-op for kinds that are
    /// always definitive, such as validation errors).
    pub(crate) fn with_outcome_unknown(mut self, unknown: bool) -> Self {
        if let Error::Api { outcome_unknown, .. }
        | Error::Auth { outcome_unknown, .. }
        | Error::Transport { outcome_unknown, .. }
        | Error::Timeout { outcome_unknown, .. }
        | Error::Decode { outcome_unknown, .. }
        | Error::ResponseSignature { outcome_unknown, .. } = &mut self
        {
            *outcome_unknown = unknown;
        }
        self
    }

    /// The stored object of an idempotency conflict.
    pub fn existing(&self) -> Option<&ExistingObject> {
        match self {
            Error::IdempotencyConflict { existing, .. } => Some(existing),
            _ => None,
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

    /// An API error with a definitive answer (`outcome_unknown` false).
    pub fn api(retcode: impl Into<String>, retmsg: impl Into<String>, http_status: u16) -> Self {
        Error::Api { retcode: retcode.into(), retmsg: retmsg.into(), http_status, outcome_unknown: false }
    }

    /// An authentication error (`outcome_unknown` false).
    pub fn auth(reason: impl Into<String>) -> Self {
        Error::Auth { reason: reason.into(), outcome_unknown: false }
    }

    /// A transport error; `outcome_unknown` says whether the request may have been sent.
    pub fn transport(reason: impl Into<String>, outcome_unknown: bool) -> Self {
        Error::Transport { reason: reason.into(), outcome_unknown, retryable: true }
    }

    /// A transport error that repeating cannot fix (an untrusted certificate, TLS that cannot be
    /// set up): nothing was sent, and it is not retryable.
    pub fn transport_permanent(reason: impl Into<String>) -> Self {
        Error::Transport { reason: reason.into(), outcome_unknown: false, retryable: false }
    }

    /// A timeout; `outcome_unknown` says whether the request may have been sent.
    pub fn timeout(reason: impl Into<String>, outcome_unknown: bool) -> Self {
        Error::Timeout { reason: reason.into(), outcome_unknown }
    }

    /// A decoding error (`outcome_unknown` false; the client marks it when the server answered a
    /// call that may have changed something).
    pub fn decode(reason: impl Into<String>) -> Self {
        Error::Decode { reason: reason.into(), outcome_unknown: false }
    }

    /// A response signature failure: the server may have acted, but its answer cannot be trusted.
    pub fn response_signature(reason: impl Into<String>) -> Self {
        Error::ResponseSignature { reason: reason.into(), outcome_unknown: true }
    }

    /// A shared-store failure.
    pub fn token_store(reason: impl Into<String>) -> Self {
        Error::TokenStore { reason: reason.into() }
    }

    /// A caught panic or other SDK bug.
    pub fn internal(reason: impl Into<String>) -> Self {
        Error::Internal { reason: reason.into() }
    }

    /// An [`Error::Internal`] from a caught panic's payload (for the bindings' FFI edges).
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic with a non-text payload".to_owned());
        Error::Internal { reason: format!("caught a panic: {}", crate::signing::truncate_for_message(&what)) }
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
            Error::api("1", "m", 200),
            Error::auth("x"),
            Error::transport("x", false),
            Error::timeout("x", true),
            Error::decode("x"),
            Error::response_signature("x"),
            Error::IdempotencyConflict {
                reason: "x".into(),
                differences: vec!["amount".into()],
                existing: ExistingObject::RefundOrder(Box::new(RefundOrder {
                    sysid: String::new(),
                    refund_order_no: "R1".into(),
                    order_no: None,
                    abnormal_payment_no: None,
                    token: None,
                    amount: None,
                    refund_status: crate::model::RefundStatus::Refunded,
                    tx_hash: None,
                    address: None,
                    remark: None,
                    created_time: None,
                    updated_time: None,
                })),
            },
            Error::token_store("x"),
            Error::internal("x"),
        ];
        assert_eq!(samples.len(), Error::CODES.len());
        for e in samples {
            assert!(Error::CODES.contains(&e.code()));
            assert!(!e.to_string().is_empty());
        }
    }
}
