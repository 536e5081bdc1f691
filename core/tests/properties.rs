//! Property tests for the protocol core: signing, exact amounts, webhook verification, canonical bodies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use proptest::prelude::*;
use serde_json::Value;
use sha2::Sha512;
use wcheckout::signing::string_to_sign;
use wcheckout::webhook::{Verifier, sign_for_test};
use wcheckout::{Amount, QueryPrefix, SignInput, Signer, canonicalize};

/// HMAC-SHA512 + Base64 computed straight from the primitives, bypassing `Signer`.
fn reference_signature(key: &str, message: &[u8]) -> String {
    let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(message);
    BASE64.encode(mac.finalize().into_bytes())
}

/// The string to sign, built independently of the crate.
fn reference_message(method: &str, ts: &str, path: &str, query: &str, body: &[u8], prefix: QueryPrefix) -> Vec<u8> {
    let mut m = method.to_ascii_uppercase().into_bytes();
    m.extend_from_slice(ts.as_bytes());
    m.extend_from_slice(path.as_bytes());
    if prefix == QueryPrefix::QuestionMark && !query.is_empty() {
        m.push(b'?');
    }
    m.extend_from_slice(query.as_bytes());
    m.extend_from_slice(body);
    m
}

fn prefix_strategy() -> impl Strategy<Value = QueryPrefix> {
    prop_oneof![Just(QueryPrefix::None), Just(QueryPrefix::QuestionMark)]
}

prop_compose! {
    /// A valid request: any key, letters for the method, any u64 timestamp, a path without `?`/`#`,
    /// a query that does not start with `?`, arbitrary body bytes.
    fn request()(
        key in "\\PC{1,80}",
        method in "[A-Za-z]{1,10}",
        ts in any::<u64>(),
        path in "/[^?#]{0,60}",
        query in "([^?].{0,60})?",
        body in proptest::collection::vec(any::<u8>(), 0..600),
        prefix in prefix_strategy(),
    ) -> (String, String, String, String, String, Vec<u8>, QueryPrefix) {
        (key, method, ts.to_string(), path, query, body, prefix)
    }
}

proptest! {
    #[test]
    fn sign_then_verify_round_trips((key, method, ts, path, query, body, prefix) in request()) {
        let signer = Signer::new(&key).unwrap().with_query_prefix(prefix);
        let input = SignInput { method: &method, timestamp: &ts, path: &path, query: &query, body: &body };
        let expected_msg = reference_message(&method, &ts, &path, &query, &body, prefix);
        prop_assert_eq!(&string_to_sign(&input, prefix).unwrap(), &expected_msg);

        let sig = signer.sign(&input).unwrap();
        prop_assert_eq!(sig.len(), wcheckout::signing::SIGNATURE_LEN);
        prop_assert_eq!(&sig, &reference_signature(&key, &expected_msg));
        prop_assert_eq!(&signer.sign_bytes(&expected_msg), &sig);
        prop_assert!(signer.verify(&input, &sig).is_ok());
        prop_assert!(signer.verify_bytes(&expected_msg, &sig).is_ok());
    }

    #[test]
    fn a_flipped_body_byte_fails_verification(
        (key, method, ts, path, query, mut body, prefix) in request(),
        index in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        prop_assume!(!body.is_empty());
        let signer = Signer::new(&key).unwrap().with_query_prefix(prefix);
        let sig = signer.sign(&SignInput { method: &method, timestamp: &ts, path: &path, query: &query, body: &body }).unwrap();
        let i = index.index(body.len());
        body[i] ^= mask;
        let tampered = SignInput { method: &method, timestamp: &ts, path: &path, query: &query, body: &body };
        prop_assert_eq!(signer.verify(&tampered, &sig).unwrap_err().code(), "signature_mismatch");
    }

    #[test]
    fn a_different_key_or_timestamp_fails_verification(
        (key, method, ts, path, query, body, prefix) in request(),
        other_key in "\\PC{1,80}",
        other_ts in any::<u64>(),
    ) {
        let input = SignInput { method: &method, timestamp: &ts, path: &path, query: &query, body: &body };
        let sig = Signer::new(&key).unwrap().with_query_prefix(prefix).sign(&input).unwrap();
        if other_key != key {
            let other = Signer::new(&other_key).unwrap().with_query_prefix(prefix);
            prop_assert!(other.verify(&input, &sig).is_err());
        }
        let other_ts = other_ts.to_string();
        if other_ts != ts {
            let moved = SignInput { timestamp: &other_ts, ..input };
            prop_assert!(Signer::new(&key).unwrap().with_query_prefix(prefix).verify(&moved, &sig).is_err());
        }
    }

    #[test]
    fn webhook_sign_for_test_verifies_any_body(
        key in "\\PC{1,40}",
        body in proptest::collection::vec(any::<u8>(), 0..400),
        ts in 0u64..4_000_000_000_000,
        skew in -120_000i64..=120_000,
    ) {
        let headers = sign_for_test(&key, &body, ts).unwrap();
        let now = ts.saturating_add_signed(skew);
        let verifier = Verifier::new(&key).unwrap();
        prop_assert!(verifier.verify_signature_at(&headers, &body, now).is_ok());
        // Parsing may fail on arbitrary bytes, but only as malformed JSON: never a signature error.
        if let Err(e) = verifier.verify_at(&headers, &body, now) {
            prop_assert_eq!(e.code(), "webhook_malformed_json");
        }
    }

    #[test]
    fn webhook_verifier_never_panics(
        key in "\\PC{1,20}",
        headers in proptest::collection::vec(
            (
                prop_oneof![
                    Just("SIGNATURE".to_owned()), Just("timestamp".to_owned()), Just("D-SIGNATURE".to_owned()),
                    Just("d-timestamp".to_owned()), Just(" Signature ".to_owned()), "\\PC{0,20}",
                ],
                prop_oneof!["[0-9]{0,25}", "[A-Za-z0-9+/=]{0,100}", "\\PC{0,40}"],
            ),
            0..6,
        ),
        body in proptest::collection::vec(any::<u8>(), 0..300),
        now in any::<u64>(),
        tolerance in any::<u64>(),
    ) {
        let verifier = Verifier::new(&key).unwrap().with_tolerance(Duration::from_secs(tolerance));
        match verifier.verify_at(&headers, &body, now) {
            Ok(event) => prop_assert!(!event.event_id.is_empty() || event.raw.is_object()),
            Err(e) => prop_assert!(e.is_webhook(), "unexpected error kind {}", e.code()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------------

prop_compose! {
    /// Plain decimal text of at most 36 digits: `0`, `0.5`, `404.69`, `10.000`…
    fn decimal_text()(int in "0|[1-9][0-9]{0,17}", frac in proptest::option::of("[0-9]{1,18}")) -> String {
        match frac {
            Some(f) => format!("{int}.{f}"),
            None => int,
        }
    }
}

/// `text` as an integer number of 10^-scale units (independent of `Amount`).
fn scaled(text: &str, scale: usize) -> i128 {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    assert!(frac.len() <= scale);
    format!("{int}{frac}{}", "0".repeat(scale - frac.len())).parse().unwrap()
}

/// `text` × 10^exp as (significant digits, position of the decimal point before them); zero is ("", 0).
fn normalized(text: &str, exp: i32) -> (String, i64) {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = format!("{int}{frac}");
    let mut point = int.len() as i64 + i64::from(exp);
    let lead = digits.len() - digits.trim_start_matches('0').len();
    point -= lead as i64;
    let sig = digits.trim_start_matches('0').trim_end_matches('0').to_owned();
    if sig.is_empty() { (sig, 0) } else { (sig, point) }
}

fn frac_len(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, f)| f.len())
}

/// Decimal text of `units` × 10^-scale, keeping `scale` fraction digits.
fn unscaled(units: i128, scale: usize) -> String {
    let digits = format!("{:0>width$}", units, width = scale + 1);
    if scale == 0 { digits } else { format!("{}.{}", &digits[..digits.len() - scale], &digits[digits.len() - scale..]) }
}

proptest! {
    #[test]
    fn amount_text_round_trips(text in decimal_text()) {
        let a = Amount::parse(&text).unwrap();
        prop_assert_eq!(a.as_str(), text.as_str());
        let json = serde_json::to_string(&a).unwrap();
        prop_assert_eq!(&json, &text);
        let from_number: Amount = serde_json::from_str(&json).unwrap();
        let from_string: Amount = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        prop_assert_eq!(from_number.as_str(), text.as_str());
        prop_assert_eq!(from_string.as_str(), text.as_str());
        prop_assert_eq!(&from_number, &a);
        prop_assert_eq!(a.scale() as usize, frac_len(&text));
    }

    #[test]
    fn amount_exponent_form_round_trips(mantissa in decimal_text(), exp in -18i32..=18) {
        let text = format!("{mantissa}e{exp}");
        let a = Amount::parse(&text).unwrap();
        // The canonical text is a plain decimal that parses to itself.
        prop_assert!(a.as_str().bytes().all(|b| b.is_ascii_digit() || b == b'.'));
        let again = Amount::parse(a.as_str()).unwrap();
        prop_assert_eq!(again.as_str(), a.as_str());
        prop_assert_eq!(&again, &a);
        // And equals mantissa × 10^exp: same significant digits, same decimal point position.
        prop_assert_eq!(normalized(a.as_str(), 0), normalized(&mantissa, exp));
    }

    #[test]
    fn amount_add_sub_are_exact_and_consistent(x in decimal_text(), y in decimal_text()) {
        let (a, b) = (Amount::parse(&x).unwrap(), Amount::parse(&y).unwrap());
        let scale = frac_len(&x).max(frac_len(&y));
        let (sa, sb) = (scaled(&x, scale), scaled(&y, scale));

        let sum = a.checked_add(&b).unwrap();
        prop_assert_eq!(sum.as_str().to_owned(), unscaled(sa + sb, scale));
        prop_assert_eq!(&b.checked_add(&a).unwrap(), &sum);
        prop_assert_eq!(&sum.checked_sub(&b).unwrap(), &a);
        prop_assert_eq!(&sum.checked_sub(&a).unwrap(), &b);
        prop_assert!(sum >= a && sum >= b);

        prop_assert_eq!(a.cmp(&b), sa.cmp(&sb));
        match a.checked_sub(&b) {
            Ok(diff) => {
                prop_assert!(sa >= sb);
                prop_assert_eq!(diff.as_str().to_owned(), unscaled(sa - sb, scale));
                prop_assert_eq!(&diff.checked_add(&b).unwrap(), &a);
            }
            Err(e) => {
                prop_assert!(sa < sb);
                prop_assert_eq!(e.code(), "invalid_amount");
            }
        }
    }

    #[test]
    fn amount_parse_never_panics(text in "\\PC{0,50}") {
        if let Err(e) = Amount::parse(&text) {
            prop_assert_eq!(e.code(), "invalid_amount");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Canonical bodies
// ---------------------------------------------------------------------------------------------

fn json_value() -> impl Strategy<Value = Value> {
    let number = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,12})?([eE][+-]?[0-9]{1,2})?",
    ]
    .prop_map(|t| Value::Number(t.parse().unwrap()));
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number,
        // Strings with spaces, tabs, newlines, quotes, backslashes and non-ASCII: all must survive.
        prop_oneof!["[ a-z\t\n\"\\\\]{0,12}", "\\PC{0,12}", "\\u{0}.{0,4}"].prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z ]{0,6}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Writes `v` as JSON with whitespace from `ws` (cycled) between every pair of tokens.
fn write_spaced(v: &Value, ws: &[String], n: &mut usize, out: &mut String) {
    fn space(ws: &[String], n: &mut usize, out: &mut String) {
        if !ws.is_empty() {
            out.push_str(&ws[*n % ws.len()]);
            *n += 1;
        }
    }
    match v {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    space(ws, n, out);
                    out.push(',');
                }
                space(ws, n, out);
                write_spaced(item, ws, n, out);
            }
            space(ws, n, out);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                space(ws, n, out);
                out.push_str(&serde_json::to_string(k).unwrap());
                space(ws, n, out);
                out.push(':');
                space(ws, n, out);
                write_spaced(item, ws, n, out);
                space(ws, n, out);
            }
            out.push('}');
        }
        scalar => out.push_str(&serde_json::to_string(scalar).unwrap()),
    }
}

proptest! {
    #[test]
    fn canonicalize_removes_only_insignificant_whitespace(
        value in json_value(),
        ws in proptest::collection::vec("[ \t\r\n]{0,3}", 0..8),
        lead in "[ \t\r\n]{0,3}",
        trail in "[ \t\r\n]{0,3}",
    ) {
        let compact = serde_json::to_string(&value).unwrap();
        let mut spaced = lead;
        write_spaced(&value, &ws, &mut 0, &mut spaced);
        spaced.push_str(&trail);

        let canon = canonicalize(&spaced).unwrap();
        prop_assert_eq!(&canon, &compact);
        prop_assert_eq!(&canonicalize(&canon).unwrap(), &canon);
        prop_assert_eq!(serde_json::from_str::<Value>(&canon).unwrap(), value);
    }

    #[test]
    fn canonicalize_is_idempotent_on_any_text(text in "\\PC{0,60}|[\\[\\]{}:,\" a-z0-9.\\\\\t\n-]{0,60}") {
        match canonicalize(&text) {
            Ok(canon) => {
                prop_assert_eq!(&canonicalize(&canon).unwrap(), &canon);
                if !canon.is_empty() {
                    let before: Value = serde_json::from_str(&text).unwrap();
                    let after: Value = serde_json::from_str(&canon).unwrap();
                    prop_assert_eq!(before, after);
                }
            }
            Err(e) => prop_assert_eq!(e.code(), "invalid_argument"),
        }
    }
}
