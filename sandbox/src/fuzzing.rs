//! Entry points for fuzzers: the sandbox's request parser and query decoder on plain bytes, with
//! no sockets and no server. They run exactly the code the server runs, and never panic on any
//! input (a panic is a bug). Hidden from the docs; the signatures are kept stable for the
//! `cargo fuzz` targets.
//!
//! ```
//! use wcheckout_sandbox::fuzzing::{ParseError, decode_query, parse_request};
//! let r = parse_request(b"GET /x?a=1 HTTP/1.1\r\nHost: h\r\n\r\n").unwrap();
//! assert_eq!((r.method.as_str(), r.target.as_str(), r.keep_alive), ("GET", "/x?a=1", true));
//! assert_eq!(parse_request(b"GET /x HTTP/1.1\r\n"), Err(ParseError::Incomplete));
//! assert_eq!(decode_query("a=b+c%2B").unwrap().signed, "a=b c+");
//! ```

pub use crate::query::QueryError;

/// One request parsed from the start of a byte slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRequest {
    /// Method as sent.
    pub method: String,
    /// Request target as sent (`/path?query`).
    pub target: String,
    /// Headers in order, names as sent, values without surrounding whitespace.
    pub headers: Vec<(String, String)>,
    /// The body (chunked bodies decoded).
    pub body: Vec<u8>,
    /// Whether the connection would stay open after the answer.
    pub keep_alive: bool,
    /// Bytes of the input this request took; what follows would be the next request.
    pub consumed: usize,
}

/// Why no request came out of the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The bytes are a valid beginning of a request, but it is not complete.
    Incomplete,
    /// The server would answer with `status` (400, 408, 413, 431, 501 or 505) and close.
    Rejected {
        /// The HTTP status.
        status: u16,
        /// The reason, as sent in the response body.
        reason: &'static str,
    },
}

/// Parses one request from the start of `bytes`.
pub fn parse_request(bytes: &[u8]) -> Result<ParsedRequest, ParseError> {
    parse_request_in_pieces(bytes, bytes.len())
}

/// Like [`parse_request`], but feeds the bytes to the parser as a buffer growing by `piece`
/// bytes at a time (at least 1), as a slow connection would. For every `piece` a request parsed
/// is the same as [`parse_request`]'s, and so is `Incomplete`; a rejection stays a rejection,
/// though possibly for another of the input's faults (a line past a limit is refused before its
/// ending arrives).
pub fn parse_request_in_pieces(bytes: &[u8], piece: usize) -> Result<ParsedRequest, ParseError> {
    let mut reader = crate::http::parse::Reader::new();
    let piece = piece.max(1);
    let mut len = 0usize;
    loop {
        len = len.saturating_add(piece).min(bytes.len());
        let step = reader.advance(bytes.get(..len).unwrap_or_default());
        match step {
            Ok(Some(p)) => {
                return Ok(ParsedRequest {
                    method: p.method,
                    target: p.target,
                    headers: p.headers,
                    body: p.body,
                    keep_alive: p.keep_alive,
                    consumed: p.consumed,
                });
            }
            Ok(None) if len == bytes.len() => return Err(ParseError::Incomplete),
            Ok(None) => {}
            Err(r) => return Err(ParseError::Rejected { status: r.status, reason: r.reason }),
        }
    }
}

/// A query decoded once with form rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedQuery {
    /// The parameters in order, decoded.
    pub pairs: Vec<(String, String)>,
    /// The decoded query text that request signatures cover.
    pub signed: String,
}

/// Decodes a raw query (the text after `?`): `+` is a space, `%XX` a byte, then UTF-8.
pub fn decode_query(raw: &str) -> Result<DecodedQuery, QueryError> {
    let q = crate::query::Query::decode(raw)?;
    Ok(DecodedQuery { pairs: q.pairs().to_vec(), signed: q.signed().to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEEDS: &[&[u8]] = &[
        b"GET /checkout/order/info?orderNo=A%31 HTTP/1.1\r\nHost: x\r\nSIGNATURE: s\r\n\r\n",
        b"POST /x HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhelloGET / HTTP/1.0\r\n\r\n",
        b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n0\r\nT: v\r\n\r\n",
        b"\r\n\r\nGET / HTTP/1.1\r\nConnection: close\r\n\r\n",
    ];

    #[test]
    fn seeds_parse() {
        let r = parse_request(SEEDS[1]).unwrap();
        assert_eq!((r.body.as_slice(), r.consumed), (&b"hello"[..], SEEDS[1].len() - 18));
        let r = parse_request(SEEDS[2]).unwrap();
        assert_eq!(r.body, b"abc");
        assert!(!parse_request(SEEDS[3]).unwrap().keep_alive);
        let q = decode_query("orderNo=QRY%2531&n=a+b").unwrap();
        assert_eq!(q.pairs, [("orderNo".to_owned(), "QRY%31".to_owned()), ("n".to_owned(), "a b".to_owned())]);
        assert_eq!(decode_query("%FF"), Err(QueryError::NotUtf8));
    }

    /// Random mutations of the seeds: never a panic, and feeding the bytes in pieces agrees.
    #[test]
    fn mutations_never_panic_and_pieces_agree() {
        let mut rng = fastrand::Rng::with_seed(0x5eed);
        let tokens: &[&[u8]] = &[b"\r\n", b"\n", b"\r", b";", b":", b" ", b"0", b"f", b"+", b"%", b"\xff", b"\x00"];
        for _ in 0..4000 {
            let mut bytes = SEEDS[rng.usize(0..SEEDS.len())].to_vec();
            for _ in 0..rng.usize(1..4) {
                let at = rng.usize(0..=bytes.len());
                match rng.u8(0..3) {
                    0 => bytes.splice(at..at, tokens[rng.usize(0..tokens.len())].iter().copied()).for_each(drop),
                    1 if at < bytes.len() => drop(bytes.remove(at)),
                    _ => bytes.truncate(at),
                }
            }
            let whole = parse_request(&bytes);
            for piece in [1, 2, 7] {
                let pieces = parse_request_in_pieces(&bytes, piece);
                match (&whole, &pieces) {
                    (Err(ParseError::Rejected { .. }), Err(ParseError::Rejected { .. })) => {}
                    (a, b) => assert_eq!(a, b, "{:?} in pieces of {piece}", String::from_utf8_lossy(&bytes)),
                }
            }
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let _ = decode_query(text);
            }
        }
    }
}
