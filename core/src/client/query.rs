//! Query strings: the signed text is the decoded `k=v&k=v` in the caller's order; the wire text
//! percent-encodes what must be encoded (docs/protocol.md, "Query on the wire").

use crate::error::{Error, Result};

/// The query as signed (values not encoded) and as sent (values percent-encoded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pub(crate) signed: String,
    pub(crate) wire: String,
}

fn encode_into(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

impl Query {
    pub(crate) fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Result<Self> {
        let mut q = Query::default();
        for (i, (k, v)) in pairs.iter().enumerate() {
            let (k, v) = (k.as_ref(), v.as_ref());
            if k.is_empty() {
                return Err(Error::InvalidArgument { reason: "query parameter names must not be empty".into() });
            }
            if k.contains(['&', '=', '#']) || v.contains(['&', '#']) || k.chars().chain(v.chars()).any(char::is_control)
            {
                return Err(Error::InvalidArgument {
                    reason: format!("query parameter {k:?} contains '&', '#', '=' in its name, or control characters"),
                });
            }
            if i > 0 {
                q.signed.push('&');
                q.wire.push('&');
            }
            q.signed.push_str(k);
            q.signed.push('=');
            q.signed.push_str(v);
            encode_into(&mut q.wire, k);
            q.wire.push('=');
            encode_into(&mut q.wire, v);
        }
        Ok(q)
    }

    /// A query for the unsigned token call: every character allowed, everything percent-encoded
    /// on the wire (the sandbox and gateway decode it once, with form rules).
    pub(crate) fn unsigned<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Self {
        let mut q = Query::default();
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                q.signed.push('&');
                q.wire.push('&');
            }
            q.signed.push_str(k.as_ref());
            q.signed.push('=');
            q.signed.push_str(v.as_ref());
            encode_into(&mut q.wire, k.as_ref());
            q.wire.push('=');
            encode_into(&mut q.wire, v.as_ref());
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_decoded_sends_encoded() {
        let q = Query::from_pairs(&[("orderNo", "A1"), ("note", "a b/ü")]).unwrap();
        assert_eq!(q.signed, "orderNo=A1&note=a b/ü");
        assert_eq!(q.wire, "orderNo=A1&note=a%20b%2F%C3%BC");
        assert!(Query::from_pairs(&[("a", "x&y")]).is_err());
        let t = Query::unsigned(&[("api_secret", "a&b#c+d%e f")]);
        assert_eq!(t.wire, "api_secret=a%26b%23c%2Bd%25e%20f");
    }
}
