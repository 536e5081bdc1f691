//! Query decoding. The received query is decoded exactly once, with form rules: `+` is a space,
//! `%XX` is a byte, and the decoded bytes must be UTF-8. A `%` not followed by two hex digits
//! stays as it is. The signature covers the decoded text of the whole query in the order
//! received (`k=v&k=v`, separators as sent); parameters are looked up in the decoded pairs.

use wcheckout::operation::retcode;

use crate::params::{ApiError, ApiResult};

/// Why a query cannot be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The bytes of the decoded query are not UTF-8 (e.g. `%FF`).
    #[error("the query is not valid UTF-8 once percent-decoded")]
    NotUtf8,
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Decodes one query component with form rules: `+` → space, `%XX` → that byte, then UTF-8.
pub(crate) fn form_decode(s: &str) -> Result<String, QueryError> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'+' => out.push(b' '),
            b'%' => match (b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| QueryError::NotUtf8)
}

/// A received query, decoded once: the parameters in order and the text that is signed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
    signed: String,
}

impl Query {
    /// Decodes the raw query text (without `?`). Empty segments (`a=1&&b=2`) carry no parameter
    /// but stay in the signed text; a segment without `=` is a parameter with an empty value.
    pub(crate) fn decode(raw: &str) -> Result<Self, QueryError> {
        let signed = form_decode(raw)?;
        let mut pairs = Vec::new();
        for part in raw.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            pairs.push((form_decode(k)?, form_decode(v)?));
        }
        Ok(Query { pairs, signed })
    }

    /// The decoded query text in the order received: what request signatures cover.
    pub(crate) fn signed(&self) -> &str {
        &self.signed
    }

    /// The decoded parameters in the order received.
    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The first value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// A required, non-empty parameter (00007 otherwise).
    pub(crate) fn require(&self, key: &str) -> ApiResult<&str> {
        match self.get(key) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(ApiError::new(retcode::MISSING_FIELD, format!("missing required query parameter: {key}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(raw: &str) -> Query {
        Query::decode(raw).unwrap()
    }

    #[test]
    fn decodes_once_with_form_rules() {
        assert_eq!(form_decode("a%20b+c%2B%zz%4").unwrap(), "a b c+%zz%4");
        assert_eq!(form_decode("%E2%82%AC%41").unwrap(), "€A");
        assert_eq!(form_decode("QRY%2531").unwrap(), "QRY%31");
        assert_eq!(form_decode("%").unwrap(), "%");
        assert_eq!(form_decode("%FF"), Err(QueryError::NotUtf8));
        assert_eq!(form_decode("%C3"), Err(QueryError::NotUtf8));
    }

    #[test]
    fn pairs_and_signed_text() {
        let query = q("orderNo=A%31&x&=&y=1=2&&note=a+b%26c%3Dd");
        assert_eq!(query.get("orderNo"), Some("A1"));
        assert_eq!(query.get("x"), Some(""));
        assert_eq!(query.get("y"), Some("1=2"));
        assert_eq!(query.get("note"), Some("a b&c=d"));
        assert_eq!(query.pairs.len(), 5);
        assert_eq!(query.signed(), "orderNo=A1&x&=&y=1=2&&note=a b&c=d");
        assert_eq!(q("").signed(), "");
        assert!(q("").pairs.is_empty());
        assert_eq!(Query::decode("k=%E2%82"), Err(QueryError::NotUtf8));
        assert!(q("orderNo=").require("orderNo").is_err());
    }

    #[test]
    fn never_panics_on_odd_input() {
        let mut rng = fastrand::Rng::with_seed(7);
        let alphabet = b"%+&=aF09\xc3\xa9";
        for _ in 0..20_000 {
            let len = rng.usize(0..12);
            let bytes: Vec<u8> = (0..len).map(|_| alphabet[rng.usize(0..alphabet.len())]).collect();
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(query) = Query::decode(&text) {
                // Splitting valid UTF-8 at ASCII separators keeps every part valid.
                assert!(query.pairs.len() <= text.split('&').count());
            }
        }
    }
}
