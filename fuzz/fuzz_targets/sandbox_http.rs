//! The sandbox's HTTP request parser on arbitrary bytes: it never panics and is deterministic.
//!
//! Needs `wcheckout_sandbox::fuzzing::parse_request(&[u8])` (branch `sandbox-hardening`); built
//! only with `--features sandbox`. Written against that name before it exists on `main`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wcheckout_sandbox::fuzzing::parse_request;

fuzz_target!(|data: &[u8]| {
    let first = parse_request(data);
    // The same bytes always give the same outcome (no hidden state between requests).
    let again = parse_request(data);
    assert_eq!(format!("{first:?}"), format!("{again:?}"));
});
