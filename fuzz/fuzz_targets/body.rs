//! `canonicalize`: for any text, the output is compact JSON equal in value to the input (numbers,
//! key order and escapes kept), only whitespace outside strings is removed, it is idempotent, and
//! invalid JSON is a typed `invalid_argument` error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use wcheckout::canonicalize;
use wcheckout_fuzz::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = serde_json::from_str::<Value>(text);
    match canonicalize(text) {
        Ok(canon) if canon.is_empty() => {
            // Only a text of JSON whitespace is an empty body.
            assert!(text.chars().all(json::is_ws), "{text:?} became an empty body");
        }
        Ok(canon) => {
            assert!(json::compact(&canon), "{canon:?} keeps whitespace outside strings");
            // Exactly the input minus some JSON whitespace characters, in order.
            let mut rest = text.chars();
            for c in canon.chars() {
                assert!(rest.by_ref().find(|r| *r == c || !json::is_ws(*r)) == Some(c), "{text:?} → {canon:?}");
            }
            assert!(rest.all(json::is_ws), "{text:?} → {canon:?} dropped a non-space");
            // Same value (Value keeps numbers' exact text with arbitrary_precision).
            match (serde_json::from_str::<Value>(&canon), &parsed) {
                (Ok(after), Ok(before)) => assert_eq!(&after, before),
                // serde_json's Value refuses some text its validator accepts (a lone surrogate
                // escape); then the canonical text is refused the same way.
                (Err(_), Err(_)) => {}
                (after, before) => panic!("{text:?} → {canon:?}: before {before:?}, after {after:?}"),
            }
            assert_eq!(canonicalize(&canon).as_deref(), Ok(canon.as_str()), "not idempotent");
        }
        Err(e) => {
            assert_eq!(e.code(), "invalid_argument");
            assert!(parsed.is_err(), "{text:?} is JSON but was refused: {e}");
        }
    }
});
