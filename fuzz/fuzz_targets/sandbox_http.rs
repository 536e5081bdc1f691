//! The sandbox's HTTP request parser (`wcheckout_sandbox::fuzzing`) on any bytes: it never
//! panics, is deterministic, answers the same when the bytes arrive in pieces (a rejection stays
//! a rejection), refuses only with the documented statuses, and a parsed request is exactly the
//! bytes it consumed. Built with `--features sandbox`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wcheckout_sandbox::fuzzing::{ParseError, parse_request, parse_request_in_pieces};

fuzz_target!(|bytes: &[u8]| {
    let whole = parse_request(bytes);
    assert_eq!(whole, parse_request(bytes), "not deterministic");
    match &whole {
        Ok(r) => {
            assert!(r.consumed > 0 && r.consumed <= bytes.len(), "consumed {} of {}", r.consumed, bytes.len());
            assert_eq!(parse_request(&bytes[..r.consumed]).as_ref(), Ok(r), "the request is not exactly its bytes");
        }
        Err(ParseError::Rejected { status, .. }) => {
            assert!(matches!(status, 400 | 408 | 413 | 431 | 501 | 505), "status {status}");
        }
        Err(ParseError::Incomplete) => {}
    }
    // Byte by byte only for short inputs (each piece re-reads the buffer so far).
    let mut pieces = vec![1 + bytes.len() % 7, 64];
    if bytes.len() <= 512 {
        pieces.push(1);
    }
    for piece in pieces {
        match (&whole, &parse_request_in_pieces(bytes, piece)) {
            (Err(ParseError::Rejected { .. }), Err(ParseError::Rejected { .. })) => {}
            (a, b) => assert_eq!(a, b, "in pieces of {piece}"),
        }
    }
});
