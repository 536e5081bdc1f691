//! The retry decision for one call, as a small type: after each failed attempt, refetch the
//! token, wait and retry, or stop — and whether the call's outcome is unknown when it stops.

use std::time::Duration;

use super::config::RetryPolicy;
use crate::error::Error;
use crate::operation::retcode;

/// What to do after a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// The token was refused (`00002`) for the first time: drop it, fetch a new one, resend now.
    RefetchToken,
    /// Wait this long, then resend.
    Retry(Duration),
    /// Give up with this error (its `outcome_unknown` already set for the whole call).
    Stop(Error),
}

/// The retry state of one call.
#[derive(Debug)]
pub(crate) struct Retries {
    policy: RetryPolicy,
    retries: u32,
    refetched: bool,
    /// An attempt of this call may have been processed.
    uncertain: bool,
}

impl Retries {
    pub(crate) fn new(policy: RetryPolicy) -> Self {
        Retries { policy, retries: 0, refetched: false, uncertain: false }
    }

    /// Decides after `error`; `with_token` says whether the attempt carried an access token;
    /// `retry_after` is the server's `Retry-After`, if any.
    pub(crate) fn after(&mut self, error: Error, with_token: bool, retry_after: Option<Duration>) -> Next {
        if let Error::Api { retcode: code, retmsg, .. } = &error
            && code == retcode::TOKEN_INVALID
            && with_token
        {
            if self.refetched {
                let reason = format!("the server refused a freshly issued access token (retcode {code}: {retmsg})");
                return self.stop(Error::auth(reason));
            }
            self.refetched = true;
            return Next::RefetchToken;
        }
        if error.is_retryable() && self.retries < self.policy.max_retries {
            // A timeout after sending, a dropped connection or a 5xx may have been processed.
            self.uncertain |= error.outcome_unknown();
            self.retries += 1;
            return Next::Retry(self.policy.delay(self.retries, retry_after));
        }
        self.stop(error)
    }

    /// Stops with `error`: its outcome is unknown if it or any earlier attempt may have landed.
    pub(crate) fn stop(&self, error: Error) -> Next {
        let unknown = self.uncertain || error.outcome_unknown();
        Next::Stop(error.with_outcome_unknown(unknown))
    }

    /// Whether an attempt of this call so far may have been processed.
    pub(crate) fn uncertain(&self) -> bool {
        self.uncertain
    }

    /// Stops with an error that did not come from an attempt (e.g. the token fetch): only this
    /// call's earlier attempts decide its outcome.
    pub(crate) fn stop_outside(&self, error: Error) -> Error {
        error.with_outcome_unknown(self.uncertain)
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    fn policy(max_retries: u32) -> RetryPolicy {
        RetryPolicy { max_retries, base_delay: Duration::from_millis(10), max_delay: Duration::from_millis(40) }
    }

    fn stopped(next: Next) -> Error {
        match next {
            Next::Stop(e) => e,
            other => panic!("expected Stop, got {other:?}"),
        }
    }

    #[test]
    fn retryable_errors_are_retried_up_to_the_budget_then_stop_unknown() {
        let mut r = Retries::new(policy(2));
        for _ in 0..2 {
            assert!(
                matches!(r.after(Error::timeout("t", true), true, None), Next::Retry(d) if d <= Duration::from_millis(40))
            );
        }
        let e = stopped(r.after(Error::timeout("t", true), true, None));
        assert!(e.outcome_unknown());
    }

    #[test]
    fn a_definitive_refusal_after_an_uncertain_attempt_is_unknown() {
        let mut r = Retries::new(policy(2));
        assert!(matches!(r.after(Error::transport("dropped", true), true, None), Next::Retry(_)));
        let e = stopped(r.after(Error::api("00012", "balance", 200), true, None));
        assert!(e.outcome_unknown(), "the dropped attempt may have spent the balance");
    }

    #[test]
    fn refused_before_processing_stays_known() {
        let mut r = Retries::new(policy(1));
        assert!(matches!(r.after(Error::api("429", "slow down", 429), true, None), Next::Retry(_)));
        let e = stopped(r.after(Error::api("429", "slow down", 429), true, None));
        assert!(!e.outcome_unknown());
        let mut r = Retries::new(policy(3));
        assert!(matches!(r.after(Error::transport("refused", false), true, None), Next::Retry(_)));
        assert!(!r.stop_outside(Error::auth("bad credentials")).outcome_unknown());
        assert!(!stopped(r.after(Error::api("00010", "not found", 200), true, None)).outcome_unknown());
    }

    #[test]
    fn a_refused_token_is_refetched_once() {
        let mut r = Retries::new(policy(0));
        assert_eq!(r.after(Error::api(retcode::TOKEN_INVALID, "expired", 200), true, None), Next::RefetchToken);
        let e = stopped(r.after(Error::api(retcode::TOKEN_INVALID, "expired", 200), true, None));
        assert_eq!(e.code(), "auth_error");
        // Without a token (the token call itself), 00002 is just an error.
        let mut r = Retries::new(policy(0));
        assert_eq!(stopped(r.after(Error::api(retcode::TOKEN_INVALID, "x", 200), false, None)).code(), "api_error");
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let mut r = Retries::new(policy(1));
        let next = r.after(Error::api("503", "busy", 503), true, Some(Duration::from_secs(3600)));
        assert_eq!(next, Next::Retry(Duration::from_millis(40)));
    }
}
