//! Request, response and webhook signatures.
//!
//! The W Checkout rule (spec §2.3): `METHOD + TIMESTAMP + PATH + QUERY + BODY`, concatenated with
//! no separators, signed with HMAC-SHA512 keyed by the UTF-8 bytes of `signKey`, encoded as
//! standard Base64 with padding (88 characters). Webhooks and short-form response signatures sign
//! `TIMESTAMP + BODY` (spec §6.2, A8).
//!
//! A [`Signer`] keys HMAC once and clones that pre-keyed state for every signature, so signing
//! costs only the message blocks, not the key schedule.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha512;
use subtle::ConstantTimeEq;

use crate::error::{Error, Result};

type HmacSha512 = Hmac<Sha512>;

/// Length of a Base64 HMAC-SHA512 signature (64 bytes → 88 characters with padding).
pub const SIGNATURE_LEN: usize = 88;

/// Whether a `?` sits between the path and the query in the string to sign (spec ambiguity A3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum QueryPrefix {
    /// `PATH + QUERY` (the documented prose, the vendor's own client, and the default).
    #[default]
    None,
    /// `PATH + "?" + QUERY` when the query is not empty (the docs' lone GET example).
    QuestionMark,
}

/// The five parts of a request's string to sign.
#[derive(Debug, Clone, Copy)]
pub struct SignInput<'a> {
    /// HTTP method; upper-cased when signed.
    pub method: &'a str,
    /// Milliseconds since the Unix epoch, as the decimal text sent in the `TIMESTAMP` header.
    pub timestamp: &'a str,
    /// Request path starting with `/`, without scheme, host or query.
    pub path: &'a str,
    /// Query text without a leading `?`, not percent-encoded; empty when there is none.
    pub query: &'a str,
    /// The exact body bytes sent; empty when there is none.
    pub body: &'a [u8],
}

impl<'a> SignInput<'a> {
    /// A request with no query and no body.
    pub fn new(method: &'a str, timestamp: &'a str, path: &'a str) -> Self {
        Self { method, timestamp, path, query: "", body: b"" }
    }

    /// Sets the query text (no leading `?`).
    pub fn query(mut self, query: &'a str) -> Self {
        self.query = query;
        self
    }

    /// Sets the exact body bytes.
    pub fn body(mut self, body: &'a [u8]) -> Self {
        self.body = body;
        self
    }
}

/// Checks that `timestamp` is a non-negative integer written in plain decimal digits.
pub fn validate_timestamp(timestamp: &str) -> Result<u64> {
    if timestamp.is_empty() || timestamp.len() > 20 || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_argument(format!(
            "timestamp must be milliseconds since the epoch as decimal digits, got {:?}",
            truncate_for_message(timestamp)
        )));
    }
    timestamp.parse::<u64>().map_err(|_| Error::invalid_argument("timestamp does not fit in 64 bits"))
}

fn validate_method(method: &str) -> Result<()> {
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::invalid_argument(format!(
            "HTTP method must be ASCII letters such as GET or POST, got {:?}",
            truncate_for_message(method)
        )));
    }
    Ok(())
}

fn validate_path(path: &str) -> Result<()> {
    if !path.starts_with('/') {
        return Err(Error::invalid_argument(format!("path must start with '/', got {:?}", truncate_for_message(path))));
    }
    if path.contains('?') || path.contains('#') {
        return Err(Error::invalid_argument("path must not contain '?' or '#': pass the query separately"));
    }
    Ok(())
}

/// Shortens user input quoted inside an error message.
pub(crate) fn truncate_for_message(s: &str) -> String {
    const MAX: usize = 64;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// Checks every part of a request's string to sign.
fn validate_input(input: &SignInput<'_>, prefix: QueryPrefix) -> Result<()> {
    validate_method(input.method)?;
    validate_timestamp(input.timestamp)?;
    validate_path(input.path)?;
    if prefix == QueryPrefix::None && input.query.starts_with('?') {
        return Err(Error::invalid_argument(
            "query must not start with '?' (it is added by the QuestionMark prefix option only)",
        ));
    }
    Ok(())
}

/// Feeds the string to sign of a validated `input` to `sink`, part by part, without building it.
fn write_message(input: &SignInput<'_>, prefix: QueryPrefix, mut sink: impl FnMut(&[u8])) {
    let method = input.method.as_bytes();
    if method.iter().any(u8::is_ascii_lowercase) {
        let mut buf = [0u8; 16];
        for chunk in method.chunks(buf.len()) {
            let upper = &mut buf[..chunk.len()];
            upper.copy_from_slice(chunk);
            upper.make_ascii_uppercase();
            sink(upper);
        }
    } else {
        sink(method);
    }
    sink(input.timestamp.as_bytes());
    sink(input.path.as_bytes());
    if prefix == QueryPrefix::QuestionMark && !input.query.is_empty() {
        sink(b"?");
    }
    sink(input.query.as_bytes());
    sink(input.body);
}

/// Builds the exact bytes that are signed for a request, after validating every part.
pub fn string_to_sign(input: &SignInput<'_>, prefix: QueryPrefix) -> Result<Vec<u8>> {
    validate_input(input, prefix)?;
    let mut out = Vec::with_capacity(
        input.method.len() + input.timestamp.len() + input.path.len() + input.query.len() + 1 + input.body.len(),
    );
    write_message(input, prefix, |part| out.extend_from_slice(part));
    Ok(out)
}

/// Signs with one `signKey`. Cheap to clone; `Send + Sync`. Its `Debug` never shows the key.
#[derive(Clone)]
pub struct Signer {
    keyed: HmacSha512,
    prefix: QueryPrefix,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer").field("sign_key", &"<redacted>").field("prefix", &self.prefix).finish()
    }
}

impl Signer {
    /// Keys HMAC-SHA512 with the UTF-8 bytes of `sign_key`. An empty key is an error.
    pub fn new(sign_key: &str) -> Result<Self> {
        if sign_key.is_empty() {
            return Err(Error::invalid_argument("sign key must not be empty"));
        }
        let keyed = <HmacSha512 as KeyInit>::new_from_slice(sign_key.as_bytes())
            .map_err(|_| Error::invalid_argument("sign key is not usable as an HMAC key"))?;
        Ok(Self { keyed, prefix: QueryPrefix::None })
    }

    /// Sets the query-prefix rule used for request and full-form response signatures.
    pub fn with_query_prefix(mut self, prefix: QueryPrefix) -> Self {
        self.prefix = prefix;
        self
    }

    /// The query-prefix rule in use.
    pub fn query_prefix(&self) -> QueryPrefix {
        self.prefix
    }

    fn mac_parts(&self, parts: &[&[u8]]) -> [u8; 64] {
        let mut mac = self.keyed.clone();
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes().into()
    }

    /// The digest of a request's string to sign, fed to HMAC part by part (no intermediate buffer).
    fn mac_request(&self, input: &SignInput<'_>) -> Result<[u8; 64]> {
        validate_input(input, self.prefix)?;
        let mut mac = self.keyed.clone();
        write_message(input, self.prefix, |part| mac.update(part));
        Ok(mac.finalize().into_bytes().into())
    }

    /// Signs arbitrary bytes: `Base64(HMAC_SHA512(key, message))`.
    pub fn sign_bytes(&self, message: &[u8]) -> String {
        BASE64.encode(self.mac_parts(&[message]))
    }

    /// Signs a request (or a full-form response): METHOD + TIMESTAMP + PATH + QUERY + BODY.
    pub fn sign(&self, input: &SignInput<'_>) -> Result<String> {
        Ok(BASE64.encode(self.mac_request(input)?))
    }

    /// Signs `TIMESTAMP + BODY`, the webhook and short response form.
    pub fn sign_timestamp_body(&self, timestamp: &str, body: &[u8]) -> Result<String> {
        validate_timestamp(timestamp)?;
        Ok(BASE64.encode(self.mac_parts(&[timestamp.as_bytes(), body])))
    }

    /// Constant-time check of a Base64 signature against `message`.
    pub fn verify_bytes(&self, message: &[u8], signature: &str) -> Result<()> {
        self.verify_digest(&self.mac_parts(&[message]), signature)
    }

    /// Verifies a request (or full-form response) signature in constant time.
    pub fn verify(&self, input: &SignInput<'_>, signature: &str) -> Result<()> {
        self.verify_digest(&self.mac_request(input)?, signature)
    }

    /// Verifies a `TIMESTAMP + BODY` signature in constant time.
    pub fn verify_timestamp_body(&self, timestamp: &str, body: &[u8], signature: &str) -> Result<()> {
        validate_timestamp(timestamp)?;
        self.verify_digest(&self.mac_parts(&[timestamp.as_bytes(), body]), signature)
    }

    fn verify_digest(&self, expected: &[u8; 64], signature: &str) -> Result<()> {
        // Decode the received signature and compare raw digests, so padding or case games in the
        // Base64 text cannot matter and the comparison time does not depend on where bytes differ.
        let given = BASE64.decode(signature.trim().as_bytes()).unwrap_or_default();
        if given.len() == expected.len() && bool::from(given.ct_eq(expected)) {
            Ok(())
        } else {
            Err(Error::SignatureMismatch)
        }
    }
}

/// One-shot request signature. The keyed state of the last key given is kept (a process usually
/// signs with one key, and keying HMAC costs as much as signing a short request), so repeated
/// one-shot calls cost what [`Signer::sign`] costs.
pub fn sign_request(sign_key: &str, input: &SignInput<'_>, prefix: QueryPrefix) -> Result<String> {
    keyed(sign_key)?.with_query_prefix(prefix).sign(input)
}

/// A [`Signer`] for `sign_key`, from the one-entry cache when it holds that key.
///
/// The cache holds a copy of the key and its keyed HMAC state; both are wiped when replaced by
/// another key (`Zeroizing`, and the `zeroize` feature of hmac/sha2 for the state), as are the
/// clones handed out once dropped. Compared in constant time.
fn keyed(sign_key: &str) -> Result<Signer> {
    use hmac::digest::zeroize::Zeroizing;
    type Entry = (Zeroizing<Box<[u8]>>, Signer);
    static LAST: std::sync::Mutex<Option<Entry>> = std::sync::Mutex::new(None);
    // `try_lock`: a contended or poisoned cache is skipped, never waited for.
    if let Ok(last) = LAST.try_lock()
        && let Some((key, signer)) = last.as_ref()
        && key.len() == sign_key.len()
        && bool::from(key.ct_eq(sign_key.as_bytes()))
    {
        return Ok(signer.clone());
    }
    let signer = Signer::new(sign_key)?;
    if let Ok(mut last) = LAST.try_lock() {
        *last = Some((Zeroizing::new(sign_key.as_bytes().into()), signer.clone()));
    }
    Ok(signer)
}

/// Milliseconds since the Unix epoch, now (the `TIMESTAMP` header value).
pub fn now_millis() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "aR2822Y6XbehWMclnB0Y2NJK";

    #[test]
    fn official_vector() {
        let s = Signer::new(KEY).unwrap();
        let input = SignInput::new("post", "1636360661729", "/openapi/test").body(br#"{"a":"124"}"#);
        assert_eq!(
            s.sign(&input).unwrap(),
            "MxrYnCm9Q7JOAvOrISf8+T2kuTW1d/w0at8aaPaoiX08VWfun3XPokVlIx1TkHXdcitls09wzfUGtXQZq23xdg=="
        );
    }

    #[test]
    fn query_prefix_changes_the_message() {
        let input = SignInput::new("GET", "1636360576641", "/openapi/test").query("test=234");
        let plain = string_to_sign(&input, QueryPrefix::None).unwrap();
        let q = string_to_sign(&input, QueryPrefix::QuestionMark).unwrap();
        assert_eq!(plain, b"GET1636360576641/openapi/testtest=234");
        assert_eq!(q, b"GET1636360576641/openapi/test?test=234");
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert_eq!(Signer::new("").unwrap_err().code(), "invalid_argument");
        let s = Signer::new(KEY).unwrap();
        for input in [
            SignInput::new("GET", "-1", "/x"),
            SignInput::new("GET", "12a", "/x"),
            SignInput::new("GET", "", "/x"),
            SignInput::new("GET", "1", "x"),
            SignInput::new("", "1", "/x"),
            SignInput::new("GET", "1", "/x").query("?a=1"),
        ] {
            assert_eq!(s.sign(&input).unwrap_err().code(), "invalid_argument", "{input:?}");
        }
    }

    #[test]
    fn verify_rejects_garbage_and_accepts_good() {
        let s = Signer::new(KEY).unwrap();
        let input = SignInput::new("GET", "1", "/x");
        let sig = s.sign(&input).unwrap();
        s.verify(&input, &sig).unwrap();
        assert!(s.verify(&input, "not base64!!").is_err());
        assert!(s.verify(&input, "").is_err());
        assert!(s.verify(&input, &sig[..80]).is_err());
    }

    #[test]
    fn long_lower_case_method_is_upper_cased_in_chunks() {
        let s = Signer::new(KEY).unwrap();
        let method = "abcdefghijklmnopqrstuvwxyzAbCdEfGhIjKlMnOp";
        let input = SignInput::new(method, "1", "/x").body(b"{}");
        let msg = string_to_sign(&input, QueryPrefix::None).unwrap();
        assert_eq!(msg, format!("{}1/x{{}}", method.to_ascii_uppercase()).into_bytes());
        assert_eq!(s.sign(&input).unwrap(), s.sign_bytes(&msg));
    }

    #[test]
    fn verify_rejects_overlong_and_unpadded_signatures() {
        let s = Signer::new(KEY).unwrap();
        let input = SignInput::new("GET", "1", "/x");
        let sig = s.sign(&input).unwrap();
        s.verify(&input, &format!(" {sig}\n")).unwrap();
        assert!(s.verify(&input, &format!("{sig}AAAA")).is_err());
        assert!(s.verify(&input, &format!("{sig}{sig}")).is_err());
        assert!(s.verify(&input, sig.trim_end_matches('=')).is_err());
    }

    #[test]
    fn one_shot_signatures_follow_the_key_given() {
        let input = SignInput::new("POST", "1636360661729", "/openapi/test").body(br#"{"a":"124"}"#);
        let official = "MxrYnCm9Q7JOAvOrISf8+T2kuTW1d/w0at8aaPaoiX08VWfun3XPokVlIx1TkHXdcitls09wzfUGtXQZq23xdg==";
        for key in [KEY, "another key", KEY, "aR2822Y6XbehWMclnB0Y2NJ", KEY, "aR2822Y6XbehWMclnB0Y2NJKx"] {
            let expected = Signer::new(key).unwrap().sign(&input).unwrap();
            assert_eq!(sign_request(key, &input, QueryPrefix::None).unwrap(), expected, "{key}");
            assert_eq!(expected == official, key == KEY);
        }
        assert_eq!(sign_request("", &input, QueryPrefix::None).unwrap_err().code(), "invalid_argument");
        let q = SignInput::new("GET", "1", "/x").query("a=1");
        let with_mark = Signer::new(KEY).unwrap().with_query_prefix(QueryPrefix::QuestionMark).sign(&q).unwrap();
        assert_eq!(sign_request(KEY, &q, QueryPrefix::QuestionMark).unwrap(), with_mark);
        assert_ne!(sign_request(KEY, &q, QueryPrefix::None).unwrap(), with_mark);
    }

    #[test]
    fn debug_hides_key() {
        let s = Signer::new(KEY).unwrap();
        assert!(!format!("{s:?}").contains(KEY));
    }
}
