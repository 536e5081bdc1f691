//! Entry points for the fuzz targets in `fuzz/` to reach crate-private code. Not part of the
//! public API: hidden from the docs and free to change. Every function returns a typed error for
//! bad input and never panics.

use crate::client::query::Query;
use crate::error::Result;
use crate::signing::{QueryPrefix, SignInput, Signer, string_to_sign};

/// A query as the client builds it from `(name, value)` pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltQuery {
    /// The text signed: `k=v&k=v`, values not encoded.
    pub signed: String,
    /// The text sent after `?`: names and values percent-encoded.
    pub wire: String,
}

/// Builds a query from pairs exactly as the client does for every call.
pub fn build_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Result<BuiltQuery> {
    let q = Query::from_pairs(pairs)?;
    Ok(BuiltQuery { signed: q.signed, wire: q.wire })
}

/// What the client signs for one request, and the signature it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The query as built.
    pub query: BuiltQuery,
    /// The exact bytes signed: METHOD + TIMESTAMP + PATH + (`?`) + signed query + BODY.
    pub string_to_sign: Vec<u8>,
    /// Base64 HMAC-SHA512 of `string_to_sign`.
    pub signature: String,
}

/// The parts of a request to sign, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a, K, V> {
    /// HTTP method.
    pub method: &'a str,
    /// Milliseconds since the epoch, as decimal text.
    pub timestamp: &'a str,
    /// Path starting with `/`.
    pub path: &'a str,
    /// Query pairs in the caller's order.
    pub pairs: &'a [(K, V)],
    /// Exact body bytes.
    pub body: &'a [u8],
}

/// Builds the query and signs the request as the client's transport does.
pub fn sign_request<K: AsRef<str>, V: AsRef<str>>(
    sign_key: &str,
    prefix: QueryPrefix,
    parts: RequestParts<'_, K, V>,
) -> Result<SignedRequest> {
    let query = build_query(parts.pairs)?;
    let input = SignInput {
        method: parts.method,
        timestamp: parts.timestamp,
        path: parts.path,
        query: &query.signed,
        body: parts.body,
    };
    let signer = Signer::new(sign_key)?.with_query_prefix(prefix);
    let signature = signer.sign(&input)?;
    let string_to_sign = string_to_sign(&input, prefix)?;
    Ok(SignedRequest { query, string_to_sign, signature })
}
