//! The sandbox's query decoder (`wcheckout_sandbox::fuzzing::decode_query`): on any text it
//! follows a reference of the documented form rules (`+` is a space, `%XX` a byte, a `%` without
//! two hex digits stays, then UTF-8; empty segments carry no pair, a segment without `=` has an
//! empty value), and every query the core's client builds decodes to exactly the pairs and the
//! text the client signed. Built with `--features sandbox`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wcheckout::fuzzing::build_query;
use wcheckout_sandbox::fuzzing::decode_query;

/// Input: the raw query text on the first line, then `name<TAB>value` pairs, one per line, for
/// the client to build a query from.
fn read(text: &str) -> (&str, Vec<(&str, &str)>) {
    let mut lines = text.split('\n');
    let raw = lines.next().unwrap_or("");
    (raw, lines.map(|l| l.split_once('\t').unwrap_or((l, ""))).collect())
}

/// Form decoding, written independently of the sandbox.
fn form_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = |j: usize| b.get(j).and_then(|c| char::from(*c).to_digit(16));
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).ok()?);
                i += 3;
                continue;
            }
            (b'+', _, _) => out.push(b' '),
            (c, _, _) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn reference_pairs(raw: &str) -> Option<Vec<(String, String)>> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((form_decode(k)?, form_decode(v)?))
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (raw, pairs) = read(text);
    let decoded = decode_query(raw);
    assert_eq!(decoded, decode_query(raw), "not deterministic");
    match (&decoded, form_decode(raw)) {
        (Ok(q), Some(signed)) => {
            assert_eq!(q.signed, signed, "{raw:?}");
            assert_eq!(Some(q.pairs.clone()), reference_pairs(raw), "{raw:?}");
        }
        (Err(_), None) => {}
        (got, want) => panic!("{raw:?}: decoded {got:?}, reference {want:?}"),
    }
    // What the client sends decodes to what the client signed.
    if let Ok(q) = build_query(&pairs) {
        let d = decode_query(&q.wire).unwrap_or_else(|e| panic!("client query {:?} refused: {e:?}", q.wire));
        assert_eq!(d.signed, q.signed, "wire {:?}", q.wire);
        let want: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        assert_eq!(d.pairs, want, "wire {:?}", q.wire);
    }
});
