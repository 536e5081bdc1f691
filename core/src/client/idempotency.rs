//! Idempotent creates and cancels.
//!
//! The merchant number (`orderNo`, `refundOrderNo`, `settlementOrderNo`) is the idempotency key.
//! A create answered "duplicate" (`00009`) — after a lost response, or when the caller repeats a
//! call whose outcome was unknown — reads the stored object back and returns it only if it
//! matches **every field the request set** that the API reports; any difference is an
//! [`Error::IdempotencyConflict`] carrying the stored object, never a success. A cancel answered
//! "not cancellable" whose object is already `CANCELLED` returns that object.

use std::fmt::Display;

use super::query::Query;
use super::{Client, decode};
use crate::error::{Error, ExistingObject, Result};
use crate::operation::{Operation, retcode};

/// Compares a request with the object stored under its number.
#[derive(Debug, Default)]
pub(crate) struct Match {
    differences: Vec<String>,
    details: Vec<String>,
}

impl Match {
    /// A field the request set that identifies what the object is (amount, token, address, …):
    /// the stored object must report the same value; not reporting it is a difference too.
    pub(crate) fn same<T: PartialEq + Display + ?Sized>(&mut self, field: &str, requested: &T, stored: Option<&T>) {
        match stored {
            Some(v) if v == requested => {}
            Some(v) => self.differ(field, format!("stored {v}, requested {requested}")),
            None => self.differ(field, format!("stored object does not report it, requested {requested}")),
        }
    }

    /// [`Match::same`] for a field the request may leave unset (then it is not compared).
    pub(crate) fn same_if_set<T: PartialEq + Display + ?Sized>(
        &mut self,
        field: &str,
        requested: Option<&T>,
        stored: Option<&T>,
    ) {
        if let Some(r) = requested {
            self.same(field, r, stored);
        }
    }

    /// A descriptive field the API may not echo (`merchantId`, `remark`): compared only when
    /// both the request and the stored object have it.
    pub(crate) fn echoed<T: PartialEq + Display + ?Sized>(
        &mut self,
        field: &str,
        requested: Option<&T>,
        stored: Option<&T>,
    ) {
        if let (Some(r), Some(s)) = (requested, stored)
            && r != s
        {
            self.differ(field, format!("stored {s}, requested {r}"));
        }
    }

    /// Records a difference found some other way.
    pub(crate) fn differ(&mut self, field: &str, detail: String) {
        self.differences.push(field.to_owned());
        self.details.push(format!("{field}: {detail}"));
    }

    /// `ok` when nothing differs; otherwise the conflict carrying `existing`.
    pub(crate) fn finish<T>(self, key: &str, number: &str, existing: ExistingObject, ok: T) -> Result<T> {
        if self.differences.is_empty() {
            return Ok(ok);
        }
        Err(Error::IdempotencyConflict {
            reason: format!(
                "{key} {number} already exists for a different request ({}); it is not this request's object \
                 and is attached as `existing`. Use a new {key} for a new request",
                self.details.join("; ")
            ),
            differences: self.differences,
            existing,
        })
    }
}

/// True for a business refusal that may mean "already in the state you asked for" (a state error
/// or a code this SDK does not know), as opposed to input, protocol or lookup errors.
/// Whether `retdata` is an object with the field `key`.
fn has_field(data: &crate::model::RetData, key: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(data.get()).is_ok_and(|v| v.get(key).is_some())
}

fn may_be_already_done(e: &Error) -> bool {
    const NOT_STATE: [&str; 11] = [
        retcode::BAD_CREDENTIALS,
        retcode::TOKEN_INVALID,
        retcode::SIGNATURE_INVALID,
        retcode::TIMESTAMP_INVALID,
        retcode::MALFORMED_JSON,
        retcode::MISSING_HEADER,
        retcode::MISSING_FIELD,
        retcode::INVALID_PARAMETER,
        retcode::DUPLICATE,
        retcode::NOT_FOUND,
        retcode::UNKNOWN_PATH,
    ];
    matches!(e, Error::Api { retcode, http_status, .. }
        if *http_status < 500 && *http_status != 429 && !NOT_STATE.contains(&retcode.as_str()))
}

impl Client {
    /// Runs a create keyed by a merchant number. On "duplicate", `recover` reads the stored
    /// object and compares it with the request ([`Match`]).
    pub(crate) fn create_idempotent<T>(
        &self,
        op: Operation,
        body: Vec<u8>,
        forwarded_for: Option<String>,
        recover: impl FnOnce() -> Result<T>,
    ) -> Result<T>
    where
        T: serde::de::DeserializeOwned,
    {
        let outcome = self.execute(op, Query::default(), body, forwarded_for);
        match outcome {
            Ok(data) => decode(op, data),
            Err(duplicate @ Error::Api { .. }) if duplicate.retcode() == Some(retcode::DUPLICATE) => match recover() {
                Ok(found) => Ok(found),
                Err(conflict @ Error::IdempotencyConflict { .. }) => Err(conflict),
                // The number is taken but its object cannot be seen: the duplicate answer stands.
                Err(e) if e.retcode() == Some(retcode::NOT_FOUND) => Err(duplicate),
                // The stored object could not be read: whether it is ours is unknown.
                Err(e) => Err(e.with_outcome_unknown(true)),
            },
            Err(e) => Err(e),
        }
    }

    /// Runs a cancel keyed by a merchant number. `read` fetches the object; `cancelled` says
    /// whether it is in the cancelled state. A refusal of an object already cancelled (by an
    /// earlier attempt whose answer was lost, or by anyone) returns the object.
    pub(crate) fn cancel_idempotent<T>(
        &self,
        op: Operation,
        key: &str,
        number: &str,
        read: impl Fn() -> Result<T>,
        cancelled: impl Fn(&T) -> bool,
    ) -> Result<T>
    where
        T: serde::de::DeserializeOwned,
    {
        crate::model::validate_merchant_no(key, number)?;
        let outcome = self.execute(op, Query::from_pairs(&[(key, number)])?, Vec::new(), None);
        match outcome {
            Ok(Some(v)) if has_field(&v, key) => decode(op, Some(v)),
            // The live API's cancel retdata is undocumented: read the object back if it is empty.
            Ok(_) => read(),
            Err(e) if may_be_already_done(&e) => match read() {
                Ok(found) if cancelled(&found) => Ok(found),
                _ => Err(e),
            },
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn match_reports_every_difference() {
        let mut m = Match::default();
        m.same("address", "0xBBB", Some("0xAAA"));
        m.same("token", "ETH_USDT", None);
        m.same_if_set::<str>("orderNo", None, Some("A1"));
        m.echoed("merchantId", Some("m1"), None);
        m.echoed("remark", Some("a"), Some("b"));
        let stored = serde_json::from_str(r#"{"refundOrderNo":"R1","refundStatus":"REFUNDED"}"#).unwrap();
        let existing = ExistingObject::RefundOrder(Box::new(stored));
        let e = m.finish("refundOrderNo", "R1", existing, ()).unwrap_err();
        match &e {
            Error::IdempotencyConflict { differences, .. } => {
                assert_eq!(differences, &["address", "token", "remark"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().contains("stored 0xAAA, requested 0xBBB"), "{e}");
        assert_eq!(e.code(), "idempotency_conflict");
        assert!(!e.is_retryable() && !e.outcome_unknown());
    }

    #[test]
    fn only_state_refusals_trigger_a_cancel_read_back() {
        assert!(may_be_already_done(&Error::api(retcode::ILLEGAL_STATE, "not cancellable", 200)));
        assert!(may_be_already_done(&Error::api("90001", "unknown code", 200)));
        assert!(!may_be_already_done(&Error::api(retcode::NOT_FOUND, "no such order", 200)));
        assert!(!may_be_already_done(&Error::api("500", "oops", 500)));
        assert!(!may_be_already_done(&Error::timeout("x", true)));
    }
}
