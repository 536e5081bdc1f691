//! The typed error of the UniFFI binding: Kotlin's sealed `WCheckoutException` hierarchy, one
//! subclass per kind with its fields (`Api.retcode`, `Webhook.failure`, `IdempotencyConflict.existing`
//! …). Every variant's first field, `reason`, is the core error's full message (never empty, never
//! a secret). `code()`, `isRetryable()` and `outcomeUnknown()` come from the core error itself.

use crate::error::{Error, ExistingObject as CoreExisting, WebhookHeader};
use crate::model::{CheckoutOrder, RefundOrder, RefundStatus, SettlementOrder};

/// The object already stored under a merchant number, carried by an idempotency conflict.
///
/// Core's [`ExistingObject`](crate::error::ExistingObject) with named fields and without its
/// `Box`es: UniFFI's Kotlin generator leaves a boxed type unqualified, and inside
/// `ExistingObject.CheckoutOrder` the name `CheckoutOrder` would mean the variant itself.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ExistingObject {
    /// A payment order.
    CheckoutOrder {
        /// The stored order.
        order: CheckoutOrder,
    },
    /// A refund order (also an abnormal-payment refund).
    RefundOrder {
        /// The stored refund.
        refund: RefundOrder,
    },
    /// A settlement order (stablecoin or fiat).
    SettlementOrder {
        /// The stored settlement.
        settlement: SettlementOrder,
    },
}

impl From<CoreExisting> for ExistingObject {
    fn from(e: CoreExisting) -> Self {
        match e {
            CoreExisting::CheckoutOrder(order) => ExistingObject::CheckoutOrder { order: *order },
            CoreExisting::RefundOrder(refund) => ExistingObject::RefundOrder { refund: *refund },
            CoreExisting::SettlementOrder(settlement) => ExistingObject::SettlementOrder { settlement: *settlement },
        }
    }
}

impl From<ExistingObject> for CoreExisting {
    fn from(e: ExistingObject) -> Self {
        match e {
            ExistingObject::CheckoutOrder { order } => CoreExisting::CheckoutOrder(Box::new(order)),
            ExistingObject::RefundOrder { refund } => CoreExisting::RefundOrder(Box::new(refund)),
            ExistingObject::SettlementOrder { settlement } => CoreExisting::SettlementOrder(Box::new(settlement)),
        }
    }
}

/// Why a webhook delivery was refused (`WCheckoutException.Webhook.failure`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum WebhookFailure {
    /// `SIGNATURE` or `TIMESTAMP` (and its `D-` fallback) is missing.
    MissingHeader {
        /// The missing header.
        header: WebhookHeader,
    },
    /// `TIMESTAMP` is not milliseconds since the epoch.
    MalformedTimestamp,
    /// The timestamp is outside the tolerance (replayed, delayed, or a clock is wrong).
    OutsideTolerance {
        /// How far the `TIMESTAMP` is from local time, in milliseconds.
        skew_ms: i64,
        /// The allowed difference, in milliseconds.
        tolerance_ms: i64,
        /// `"before"` (a stale timestamp) or `"after"` (one from the future) local time.
        direction: String,
    },
    /// The signature does not match the raw body.
    SignatureMismatch,
    /// Verified, but the body is not event JSON.
    MalformedJson,
}

/// Every failure of the SDK, as the Kotlin binding throws it (`WCheckoutException`).
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum WCheckoutError {
    /// A caller-supplied value is unusable (empty key, bad order number, bad path, …).
    #[error("{reason}")]
    InvalidArgument {
        /// The full message.
        reason: String,
    },
    /// A money amount is not an exact, finite, non-negative decimal.
    #[error("{reason}")]
    InvalidAmount {
        /// The full message.
        reason: String,
    },
    /// A request signature did not match.
    #[error("{reason}")]
    SignatureMismatch {
        /// The full message.
        reason: String,
    },
    /// A webhook failed verification or parsing: answer it with a non-2xx status.
    #[error("{reason}")]
    Webhook {
        /// The full message.
        reason: String,
        /// What failed, with its details.
        failure: WebhookFailure,
    },
    /// The API answered with a business error (`retcode` other than 200) or a non-200 HTTP status.
    #[error("{reason}")]
    Api {
        /// The full message.
        reason: String,
        /// The envelope's `retcode`, verbatim (e.g. `"00008"`).
        retcode: String,
        /// The envelope's `retmsg`, verbatim (secrets redacted).
        retmsg: String,
        /// The HTTP status of the response.
        http_status: i32,
        /// True when an attempt of this call may have been processed.
        outcome_unknown: bool,
    },
    /// The access token could not be obtained or was refused.
    #[error("{reason}")]
    Auth {
        /// The full message.
        reason: String,
        /// True when an earlier attempt of this call may have been processed.
        outcome_unknown: bool,
    },
    /// The connection failed (refused, reset, TLS, dropped mid-response).
    #[error("{reason}")]
    Transport {
        /// The full message.
        reason: String,
        /// True when the request may have reached the server.
        outcome_unknown: bool,
        /// False for certificate problems, which repeating cannot fix (also `isRetryable()`).
        retryable: bool,
    },
    /// The connect or overall timeout elapsed.
    #[error("{reason}")]
    Timeout {
        /// The full message.
        reason: String,
        /// True unless the connect timeout elapsed before anything was sent.
        outcome_unknown: bool,
    },
    /// A response could not be decoded.
    #[error("{reason}")]
    Decode {
        /// The full message.
        reason: String,
        /// True when the server answered (so may have acted) but the answer is unreadable.
        outcome_unknown: bool,
    },
    /// A response signature was missing (under `Required`), did not match, or was stale.
    #[error("{reason}")]
    ResponseSignature {
        /// The full message.
        reason: String,
        /// True: the server may have acted, but its answer cannot be trusted.
        outcome_unknown: bool,
    },
    /// A create was answered "duplicate" and the object stored under that number differs from the
    /// request in a field the request set: someone else's object, never a success.
    #[error("{reason}")]
    IdempotencyConflict {
        /// The full message.
        reason: String,
        /// The differing fields, as wire names (e.g. `["address"]`).
        differences: Vec<String>,
        /// The object stored under the number (boxed to keep the error small).
        existing: Box<ExistingObject>,
    },
    /// A shared store (`tokenStore`, `EventDeduplicator`, a reconciler's watch list: `file://…`,
    /// `redis://…`) could not be used. The call was not sent.
    #[error("{reason}")]
    TokenStore {
        /// The full message, naming the store without its password.
        reason: String,
    },
    /// A bug inside the native library, e.g. a caught panic: please report it.
    #[error("{reason}")]
    Internal {
        /// The full message.
        reason: String,
    },
}

fn saturating_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl From<Error> for WCheckoutError {
    fn from(e: Error) -> Self {
        use WCheckoutError as W;
        let reason = e.to_string();
        let webhook = |failure| W::Webhook { reason: reason.clone(), failure };
        // Exhaustive: a new core error kind does not compile until it has its Kotlin class.
        match e {
            Error::InvalidArgument { .. } => W::InvalidArgument { reason },
            Error::InvalidAmount { .. } => W::InvalidAmount { reason },
            Error::SignatureMismatch => W::SignatureMismatch { reason },
            Error::WebhookMissingHeader { header } => webhook(WebhookFailure::MissingHeader { header }),
            Error::WebhookMalformedTimestamp { .. } => webhook(WebhookFailure::MalformedTimestamp),
            Error::WebhookOutsideTolerance { skew_ms, tolerance_ms, direction } => {
                webhook(WebhookFailure::OutsideTolerance {
                    skew_ms: saturating_i64(skew_ms),
                    tolerance_ms: saturating_i64(tolerance_ms),
                    direction: direction.to_owned(),
                })
            }
            Error::WebhookSignatureMismatch => webhook(WebhookFailure::SignatureMismatch),
            Error::WebhookMalformedJson { .. } => webhook(WebhookFailure::MalformedJson),
            Error::Api { retcode, retmsg, http_status, outcome_unknown } => {
                W::Api { reason, retcode, retmsg, http_status: i32::from(http_status), outcome_unknown }
            }
            Error::Auth { outcome_unknown, .. } => W::Auth { reason, outcome_unknown },
            Error::Transport { outcome_unknown, retryable, .. } => W::Transport { reason, outcome_unknown, retryable },
            Error::Timeout { outcome_unknown, .. } => W::Timeout { reason, outcome_unknown },
            Error::Decode { outcome_unknown, .. } => W::Decode { reason, outcome_unknown },
            Error::ResponseSignature { outcome_unknown, .. } => W::ResponseSignature { reason, outcome_unknown },
            Error::IdempotencyConflict { differences, existing, .. } => {
                W::IdempotencyConflict { reason, differences, existing: Box::new(existing.into()) }
            }
            Error::TokenStore { .. } => W::TokenStore { reason },
            Error::Internal { .. } => W::Internal { reason },
        }
    }
}

impl WCheckoutError {
    /// The core error of the same kind with the same flags, so that `code`, `is_retryable` and
    /// `outcome_unknown` are core's rules, not restated here. (Its text is not this error's.)
    fn kind(&self) -> Error {
        use WCheckoutError as W;
        let reason = match self {
            W::InvalidArgument { reason }
            | W::InvalidAmount { reason }
            | W::SignatureMismatch { reason }
            | W::Webhook { reason, .. }
            | W::Api { reason, .. }
            | W::Auth { reason, .. }
            | W::Transport { reason, .. }
            | W::Timeout { reason, .. }
            | W::Decode { reason, .. }
            | W::ResponseSignature { reason, .. }
            | W::IdempotencyConflict { reason, .. }
            | W::TokenStore { reason }
            | W::Internal { reason } => reason.clone(),
        };
        match self {
            W::InvalidArgument { .. } => Error::InvalidArgument { reason },
            W::InvalidAmount { .. } => Error::InvalidAmount { reason },
            W::SignatureMismatch { .. } => Error::SignatureMismatch,
            W::Webhook { failure, .. } => match failure {
                WebhookFailure::MissingHeader { header } => Error::WebhookMissingHeader { header: *header },
                WebhookFailure::MalformedTimestamp => Error::WebhookMalformedTimestamp { reason },
                WebhookFailure::OutsideTolerance { skew_ms, tolerance_ms, direction } => {
                    Error::WebhookOutsideTolerance {
                        skew_ms: unsigned(*skew_ms),
                        tolerance_ms: unsigned(*tolerance_ms),
                        direction: if direction == "after" { "after" } else { "before" },
                    }
                }
                WebhookFailure::SignatureMismatch => Error::WebhookSignatureMismatch,
                WebhookFailure::MalformedJson => Error::WebhookMalformedJson { reason },
            },
            W::Api { retcode, retmsg, http_status, outcome_unknown, .. } => Error::Api {
                retcode: retcode.clone(),
                retmsg: retmsg.clone(),
                http_status: u16::try_from(*http_status).unwrap_or(0),
                outcome_unknown: *outcome_unknown,
            },
            W::Auth { outcome_unknown, .. } => Error::Auth { reason, outcome_unknown: *outcome_unknown },
            W::Transport { outcome_unknown, retryable, .. } => {
                Error::Transport { reason, outcome_unknown: *outcome_unknown, retryable: *retryable }
            }
            W::Timeout { outcome_unknown, .. } => Error::Timeout { reason, outcome_unknown: *outcome_unknown },
            W::Decode { outcome_unknown, .. } => Error::Decode { reason, outcome_unknown: *outcome_unknown },
            W::ResponseSignature { outcome_unknown, .. } => {
                Error::ResponseSignature { reason, outcome_unknown: *outcome_unknown }
            }
            W::IdempotencyConflict { differences, existing, .. } => Error::IdempotencyConflict {
                reason,
                differences: differences.clone(),
                existing: (**existing).clone().into(),
            },
            W::TokenStore { .. } => Error::TokenStore { reason },
            W::Internal { .. } => Error::Internal { reason },
        }
    }
}

#[uniffi::export]
impl WCheckoutError {
    /// The stable machine-readable code, one of core's `Error::CODES` (`"api_error"`, `"timeout"`, …).
    pub fn code(&self) -> String {
        self.kind().code().to_owned()
    }

    /// True when retrying the same request could succeed (transport errors, timeouts, HTTP 429/5xx).
    pub fn is_retryable(&self) -> bool {
        self.kind().is_retryable()
    }

    /// True when an attempt of the failed call may have reached the server and been processed,
    /// so its result is unknown: repeat the identical call (a create answered "duplicate" returns
    /// the object if it is this request's, a cancel of a cancelled object returns it), or look
    /// the object up.
    pub fn outcome_unknown(&self) -> bool {
        self.kind().outcome_unknown()
    }
}

/// One core error of every kind, in the order of `Error::CODES`: for the test that each code has
/// its own Kotlin class (`ffi_raise_for_test`) and for the round-trip tests below.
#[doc(hidden)]
pub fn error_samples() -> Vec<Error> {
    let refund = RefundOrder {
        sysid: "RF1".into(),
        refund_order_no: "R1".into(),
        order_no: Some("A1".into()),
        abnormal_payment_no: None,
        token: None,
        amount: None,
        refund_status: RefundStatus::Refunded,
        tx_hash: None,
        address: None,
        remark: None,
        created_time: None,
        updated_time: None,
    };
    vec![
        Error::invalid_argument("orderNo is required"),
        Error::invalid_amount("amount must be greater than zero"),
        Error::SignatureMismatch,
        Error::WebhookMissingHeader { header: WebhookHeader::Timestamp },
        Error::WebhookMalformedTimestamp { reason: "expected decimal milliseconds".into() },
        Error::WebhookOutsideTolerance { skew_ms: 600_000, tolerance_ms: 120_000, direction: "before" },
        Error::WebhookSignatureMismatch,
        Error::WebhookMalformedJson { reason: "expected value".into() },
        Error::Api {
            retcode: "00010".into(),
            retmsg: "order not found".into(),
            http_status: 503,
            outcome_unknown: true,
        },
        Error::auth("token refused"),
        Error::transport("connection reset", true),
        Error::timeout("connect timeout", false),
        Error::decode("not JSON"),
        Error::response_signature("signature mismatch"),
        Error::IdempotencyConflict {
            reason: "refundOrderNo R1 is taken".into(),
            differences: vec!["amount".into()],
            existing: CoreExisting::RefundOrder(Box::new(refund)),
        },
        Error::token_store("redis://127.0.0.1:1/0: connection refused"),
        Error::internal("caught a panic: boom"),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_core_error_keeps_its_code_flags_and_message() {
        let samples = error_samples();
        let codes: Vec<&str> = samples.iter().map(Error::code).collect();
        assert_eq!(codes, Error::CODES, "one sample per code, in order");
        for e in samples {
            let w = WCheckoutError::from(e.clone());
            assert_eq!(w.code(), e.code());
            assert_eq!(w.is_retryable(), e.is_retryable(), "{}", e.code());
            assert_eq!(w.outcome_unknown(), e.outcome_unknown(), "{}", e.code());
            assert_eq!(w.to_string(), e.to_string());
            assert!(!w.to_string().is_empty());
        }
    }

    #[test]
    fn fields_are_typed() {
        let w =
            WCheckoutError::from(Error::WebhookOutsideTolerance { skew_ms: 5, tolerance_ms: 3, direction: "after" });
        let WCheckoutError::Webhook {
            failure: WebhookFailure::OutsideTolerance { skew_ms, tolerance_ms, direction },
            ..
        } = &w
        else {
            panic!("{w:?}")
        };
        assert_eq!((*skew_ms, *tolerance_ms, direction.as_str()), (5, 3, "after"));
        let api = WCheckoutError::from(Error::api("00008", "bad", 429));
        assert!(matches!(&api, WCheckoutError::Api { http_status: 429, .. }));
        assert!(api.is_retryable());
        assert!(!WCheckoutError::from(Error::api("00008", "bad", 400)).is_retryable());
    }
}
