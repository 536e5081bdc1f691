//! Query building and request signing as the client does them: the signed text is the decoded
//! `k=v&…` in order, the wire text percent-decodes back to exactly those pairs, refusals are
//! exactly the documented ones, and the signature is HMAC-SHA512 over the reference string to sign.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wcheckout::fuzzing::{RequestParts, build_query, sign_request};
use wcheckout::{QueryPrefix, SignInput, Signer};
use wcheckout_fuzz::sig;

/// The request parts, readable: `key`, `method`, `timestamp`, `path` and the prefix (`?` for
/// QuestionMark) one per line, then one `name<TAB>value` pair per line, then an empty line and
/// the body. (A tab or newline inside a name or value would be refused anyway: control characters.)
#[derive(Debug)]
struct Input<'a> {
    pairs: Vec<(&'a str, &'a str)>,
    key: &'a str,
    method: &'a str,
    timestamp: &'a str,
    path: &'a str,
    body: &'a [u8],
    question_mark: bool,
}

fn read(data: &[u8]) -> Option<Input<'_>> {
    let split = data.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = std::str::from_utf8(head).ok()?.split('\n');
    let mut next = || lines.next().unwrap_or("");
    let (key, method, timestamp, path, prefix) = (next(), next(), next(), next(), next());
    let pairs = lines.map(|l| l.split_once('\t').unwrap_or((l, ""))).collect();
    Some(Input { pairs, key, method, timestamp, path, body, question_mark: prefix == "?" })
}

fuzz_target!(|data: &[u8]| {
    let Some(input) = read(data) else { return };
    let allowed = input.pairs.iter().all(|(k, v)| {
        !k.is_empty()
            && !k.contains(['&', '=', '#'])
            && !v.contains(['&', '#'])
            && !k.chars().chain(v.chars()).any(char::is_control)
    });
    let built = build_query(&input.pairs);
    let Ok(query) = built else {
        assert!(!allowed, "{:?} refused: {built:?}", input.pairs);
        assert_eq!(built.map_err(|e| e.code()).err(), Some("invalid_argument"));
        return;
    };
    assert!(allowed, "{:?} accepted", input.pairs);
    let joined: Vec<String> = input.pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(query.signed, joined.join("&"));
    // The wire text is unreserved characters and %XX only, and decodes to the same pairs.
    assert!(query.wire.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%&=".contains(&b)), "{}", query.wire);
    let decoded: Vec<(String, String)> = if query.wire.is_empty() {
        Vec::new()
    } else {
        query
            .wire
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').expect("every wire pair has '='");
                (percent_decode(k), percent_decode(v))
            })
            .collect()
    };
    let want: Vec<(String, String)> = input.pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    // Names are never empty, so an empty wire text means no pairs.
    assert_eq!(decoded, want);

    let prefix = if input.question_mark { QueryPrefix::QuestionMark } else { QueryPrefix::None };
    let parts = RequestParts {
        method: input.method,
        timestamp: input.timestamp,
        path: input.path,
        pairs: &input.pairs,
        body: input.body,
    };
    // What signing validates: a key, ASCII letters for the method, a u64 in plain digits, a path
    // starting with '/' without '?' or '#', and no leading '?' in the query unless the prefix adds one.
    let valid = !input.key.is_empty()
        && !input.method.is_empty()
        && input.method.bytes().all(|b| b.is_ascii_alphabetic())
        && input.timestamp.len() <= 20
        && input.timestamp.bytes().all(|b| b.is_ascii_digit())
        && input.timestamp.parse::<u64>().is_ok()
        && input.path.starts_with('/')
        && !input.path.contains(['?', '#'])
        && (input.question_mark || !query.signed.starts_with('?'));
    match sign_request(input.key, prefix, parts) {
        Ok(signed) => {
            assert_eq!(signed.query, query);
            let mut message = input.method.to_ascii_uppercase().into_bytes();
            message.extend_from_slice(input.timestamp.as_bytes());
            message.extend_from_slice(input.path.as_bytes());
            if input.question_mark && !query.signed.is_empty() {
                message.push(b'?');
            }
            message.extend_from_slice(query.signed.as_bytes());
            message.extend_from_slice(input.body);
            assert_eq!(signed.string_to_sign, message);
            assert_eq!(Some(signed.signature.clone()), sig::sign(input.key.as_bytes(), &[&message]));
            let sign_input = SignInput {
                method: input.method,
                timestamp: input.timestamp,
                path: input.path,
                query: &query.signed,
                body: input.body,
            };
            let signer = Signer::new(input.key).expect("key").with_query_prefix(prefix);
            assert!(signer.verify(&sign_input, &signed.signature).is_ok());
            assert!(valid, "signed invalid parts: {input:?}");
        }
        Err(e) => {
            assert_eq!(e.code(), "invalid_argument", "{e}");
            assert!(!valid, "refused valid parts ({e}): {input:?}");
        }
    }
});

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("two hex digits after %"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("decodes to UTF-8")
}
