//! One signed HTTP attempt: build the headers, send the exact signed bytes, read the whole
//! response (error bodies included), check the response signature, and open the envelope.

use std::time::Duration;

use super::Client;
use super::config::{RequestLog, ResponseSignaturePolicy};
use super::query::Query;
use crate::error::{Error, Result};
use crate::model::Envelope;
use crate::model::{RawEnvelope, RetData};
use crate::signing::{SignInput, now_millis};
use crate::webhook::{SIGNATURE_HEADERS, TIMESTAMP_HEADERS, find_header};

/// A request ready to be signed and sent (signed again, with a fresh timestamp, per attempt).
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: Query,
    pub(crate) body: Vec<u8>,
    /// Business calls carry the bearer token and the signature headers; the token call does not.
    pub(crate) signed: bool,
    pub(crate) forwarded_for: Option<String>,
}

/// What one attempt produced, before retry decisions.
#[derive(Debug)]
pub(crate) struct Attempt {
    pub(crate) result: Result<Option<RetData>>,
    pub(crate) retry_after: Option<Duration>,
    /// What was sent and received, when an observer is set (reported once the retry decision
    /// is known).
    pub(crate) log: Option<RequestLog>,
}

/// The rustls error inside an I/O error (how a failed handshake surfaces from ureq).
fn tls_cause(io: &std::io::Error) -> Option<&rustls::Error> {
    io.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>())
}

fn describe(e: &ureq::Error, host: &str) -> Error {
    use std::io::ErrorKind;
    use ureq::Timeout as T;
    // Built from the error kind only: ureq messages can quote the URL, whose query may hold
    // the api secret on the token call. `outcome_unknown` is false only where nothing can have
    // been sent (no connection was made, or the TLS handshake failed).
    match e {
        ureq::Error::Timeout(t) => {
            Error::timeout(format!("{t} timeout elapsed"), !matches!(t, T::Resolve | T::Connect))
        }
        ureq::Error::Io(io) if matches!(io.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
            Error::timeout("the server did not answer in time", true)
        }
        ureq::Error::Io(io) if tls_cause(io).is_some() => match tls_cause(io) {
            Some(tls) => match super::network::certificate_problem(tls, host) {
                Some(reason) => Error::transport_permanent(reason),
                None => Error::transport(format!("TLS handshake with {host} failed: {tls}"), false),
            },
            None => Error::transport("TLS handshake failed", false),
        },
        ureq::Error::Io(io) => {
            let never_connected =
                matches!(io.kind(), ErrorKind::ConnectionRefused | ErrorKind::AddrNotAvailable | ErrorKind::NotFound);
            Error::transport(format!("I/O error: {}", io.kind()), !never_connected)
        }
        ureq::Error::Rustls(tls) => match super::network::certificate_problem(tls, host) {
            Some(reason) => Error::transport_permanent(reason),
            // Setting up TLS failed before connecting (e.g. an empty system trust store).
            None => Error::transport_permanent(format!(
                "TLS set-up for {host} failed: {tls} (install the system CA certificates, or give ca_bundle)"
            )),
        },
        ureq::Error::ConnectProxyFailed(why) => Error::transport(
            format!("the proxy did not open a tunnel to {host}: {why} (check the proxy setting and its credentials)"),
            false,
        ),
        ureq::Error::InvalidProxyUrl => Error::InvalidArgument { reason: "the proxy URL is invalid".into() },
        ureq::Error::HostNotFound => Error::transport("host not found", false),
        ureq::Error::ConnectionFailed => Error::transport("connection failed", false),
        ureq::Error::Tls(why) => Error::transport(format!("TLS handshake with {host} failed: {why}"), false),
        ureq::Error::BadUri(_) => Error::InvalidArgument { reason: "the request URL is invalid".into() },
        ureq::Error::BodyExceedsLimit(n) => {
            Error::decode(format!("response body exceeds {n} bytes")).with_outcome_unknown(true)
        }
        ureq::Error::Protocol(_) => Error::transport("the connection closed or sent an invalid HTTP response", true),
        _ => Error::transport("HTTP transport failure", true),
    }
}

/// The response headers the client reads (signature, timestamp, Retry-After), copied out so the
/// body can be read next; the others are not copied.
fn header_pairs(resp: &ureq::http::Response<ureq::Body>) -> Vec<(String, String)> {
    let read = |name: &str| {
        SIGNATURE_HEADERS.iter().chain(&TIMESTAMP_HEADERS).chain(&["Retry-After"]).any(|h| h.eq_ignore_ascii_case(name))
    };
    resp.headers()
        .iter()
        .filter(|(k, _)| read(k.as_str()))
        .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_owned(), v.to_owned())))
        .collect()
}

impl Client {
    /// Sends one attempt of `call`, with `bearer` when the call is signed; with an observer set,
    /// the attempt carries its log.
    pub(crate) fn attempt(&self, call: &Call, bearer: Option<&str>, attempt_no: u32) -> Attempt {
        let started = std::time::Instant::now();
        let mut log = self.inner.config.observer.as_ref().map(|_| RequestLog {
            attempt: attempt_no,
            method: call.method.clone(),
            path: call.path.clone(),
            query: if call.signed { call.query.signed.clone() } else { self.redact_text(&call.query.signed) },
            body: String::from_utf8_lossy(&call.body).into_owned(),
            timestamp: None,
            string_to_sign: None,
            status: None,
            response_body: None,
            retcode: None,
            error_code: None,
            elapsed: Duration::ZERO,
            retry_in: None,
        });
        let (mut attempt, response) = self.attempt_inner(call, bearer, log.as_mut());
        if let Some(mut log) = log {
            log.elapsed = started.elapsed();
            log.error_code = attempt.result.as_ref().err().map(Error::code);
            log.retcode = match &attempt.result {
                Ok(_) => Some("200".to_owned()),
                Err(e) => e.retcode().map(str::to_owned),
            };
            if let Some((status, body)) = response {
                log.status = Some(status);
                // The token call's response holds the access token: never log it.
                log.response_body =
                    call.signed.then(|| self.redact_text(&String::from_utf8_lossy(&body[..body.len().min(65_536)])));
            }
            attempt.log = Some(log);
        }
        attempt
    }

    fn attempt_inner(
        &self,
        call: &Call,
        bearer: Option<&str>,
        log: Option<&mut RequestLog>,
    ) -> (Attempt, Option<(u16, Vec<u8>)>) {
        let inner = &self.inner;
        let mut url = format!("{}{}", inner.config.environment.base_url(), call.path);
        if !call.query.wire.is_empty() {
            url.push('?');
            url.push_str(&call.query.wire);
        }
        let mut builder = ureq::http::Request::builder().method(call.method.as_str()).uri(url.as_str());
        if call.signed {
            let timestamp = now_millis().to_string();
            let input = SignInput {
                method: &call.method,
                timestamp: &timestamp,
                path: &call.path,
                query: &call.query.signed,
                body: &call.body,
            };
            let signature = match inner.signer.sign(&input) {
                Ok(s) => s,
                Err(e) => return (Attempt { result: Err(e), retry_after: None, log: None }, None),
            };
            if let Some(log) = log {
                log.timestamp = Some(timestamp.clone());
                log.string_to_sign = crate::signing::string_to_sign(&input, inner.config.query_prefix)
                    .ok()
                    .map(|m| String::from_utf8_lossy(&m).into_owned());
            }
            for (sig_name, ts_name) in inner.config.header_dialect.names() {
                builder = builder.header(*sig_name, signature.as_str()).header(*ts_name, timestamp.as_str());
            }
            if let Some(token) = bearer {
                builder = builder.header("Authorization", format!("Bearer {token}"));
            }
        }
        if !call.body.is_empty() {
            builder = builder.header("Content-Type", "application/json");
        }
        if let Some(ip) = &call.forwarded_for {
            builder = builder.header("X-Forwarded-For", ip.as_str());
        }
        // A call without a body is sent without one (no `Content-Length: 0` on a GET).
        // A per-call timeout configures this request only.
        let timeout = self.call.timeout;
        let sent = if call.body.is_empty() {
            builder.body(()).map(|r| match timeout {
                Some(t) => inner.agent.run(inner.agent.configure_request(r).timeout_global(Some(t)).build()),
                None => inner.agent.run(r),
            })
        } else {
            builder.body(call.body.as_slice()).map(|r| match timeout {
                Some(t) => inner.agent.run(inner.agent.configure_request(r).timeout_global(Some(t)).build()),
                None => inner.agent.run(r),
            })
        };
        let mut response = match sent {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => {
                return (Attempt { result: Err(describe(&e, &inner.host)), retry_after: None, log: None }, None);
            }
            Err(_) => {
                let e = Error::InvalidArgument { reason: "a header or the URL has invalid characters".into() };
                return (Attempt { result: Err(e), retry_after: None, log: None }, None);
            }
        };
        let status = response.status().as_u16();
        let headers = header_pairs(&response);
        let retry_after =
            find_header(&headers, &["Retry-After"]).and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
        let body = match response.body_mut().with_config().limit(16 * 1024 * 1024).read_to_vec() {
            Ok(b) => b,
            Err(e) => return (Attempt { result: Err(describe(&e, &inner.host)), retry_after, log: None }, None),
        };
        let result = self.open_response(call, status, &headers, &body);
        (Attempt { result, retry_after, log: None }, Some((status, body)))
    }

    fn open_response(
        &self,
        call: &Call,
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<Option<RetData>> {
        if status == 429 || status >= 500 {
            // Retryable: report the status; the body of a gateway error need not be an envelope.
            // A 429 was refused before processing; a 5xx may have been processed.
            let error = match Envelope::parse(body) {
                Ok(env) => Error::api(env.retcode.0, env.retmsg.unwrap_or_default(), status),
                Err(_) => Error::api(
                    status.to_string(),
                    String::from_utf8_lossy(&body[..body.len().min(200)]).trim().to_owned(),
                    status,
                ),
            };
            return Err(error.with_outcome_unknown(status != 429));
        }
        self.check_response_signature(call, headers, body)?;
        let envelope = RawEnvelope::parse(body).map_err(|e| match e {
            // The server answered, so it may have acted on the request.
            Error::Decode { reason, .. } => {
                Error::decode(format!("{reason} (HTTP {status})")).with_outcome_unknown(true)
            }
            other => other,
        })?;
        envelope.into_result(status)
    }

    fn check_response_signature(&self, call: &Call, headers: &[(String, String)], body: &[u8]) -> Result<()> {
        let policy = self.inner.config.response_signature;
        if policy == ResponseSignaturePolicy::Off {
            return Ok(());
        }
        let Some(signature) = find_header(headers, &SIGNATURE_HEADERS) else {
            return if policy == ResponseSignaturePolicy::Required {
                Err(Error::response_signature("the response has no SIGNATURE header"))
            } else {
                Ok(())
            };
        };
        let Some(timestamp) = find_header(headers, &TIMESTAMP_HEADERS).map(str::trim) else {
            return Err(Error::response_signature("the response has a SIGNATURE but no TIMESTAMP header"));
        };
        let signer = &self.inner.signer;
        let full = SignInput { method: &call.method, timestamp, path: &call.path, query: &call.query.signed, body };
        let full_ok = signer.verify(&full, signature).is_ok();
        if !(full_ok || signer.verify_timestamp_body(timestamp, body, signature).is_ok()) {
            return Err(Error::response_signature(
                "the response SIGNATURE matches neither METHOD+TIMESTAMP+PATH+QUERY+BODY nor TIMESTAMP+BODY; \
                 the response may have been altered",
            ));
        }
        // A correctly signed but stale (or future) response may be a replay: same window as requests.
        let Ok(ts) = crate::signing::validate_timestamp(timestamp) else {
            return Err(Error::response_signature(format!(
                "the response TIMESTAMP is not a millisecond epoch timestamp: {:?}",
                crate::signing::truncate_for_message(timestamp)
            )));
        };
        let now = now_millis();
        let tolerance_ms = u64::try_from(self.inner.config.response_tolerance.as_millis()).unwrap_or(u64::MAX);
        let (skew_ms, direction) = if ts <= now { (now - ts, "before") } else { (ts - now, "after") };
        if skew_ms > tolerance_ms {
            return Err(Error::response_signature(format!(
                "the response TIMESTAMP is {skew_ms} ms {direction} local time, outside the ±{tolerance_ms} ms \
                 window (a replayed response, or a clock is wrong)"
            )));
        }
        Ok(())
    }
}
