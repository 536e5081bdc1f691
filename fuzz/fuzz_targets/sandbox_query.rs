//! The sandbox's query decoder: never panics on any text, and decodes every query the core's
//! client builds back to exactly the pairs the client signed (so the sandbox verifies the same
//! text the client signed).
//!
//! Needs `wcheckout_sandbox::fuzzing::decode_query(&str)` (branch `sandbox-hardening`); built
//! only with `--features sandbox`. Written against that name before it exists on `main`; the
//! `Decoded` trait below accepts either a list of pairs or a `Result` of one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wcheckout::fuzzing::build_query;
use wcheckout_sandbox::fuzzing::decode_query;

/// The decoded pairs, whatever shape `decode_query` returns them in.
trait Decoded {
    fn pairs(self) -> Option<Vec<(String, String)>>;
}

impl Decoded for Vec<(String, String)> {
    fn pairs(self) -> Option<Vec<(String, String)>> {
        Some(self)
    }
}

impl<E> Decoded for Result<Vec<(String, String)>, E> {
    fn pairs(self) -> Option<Vec<(String, String)>> {
        self.ok()
    }
}

/// Input: the raw query text on the first line, then `name<TAB>value` pairs, one per line, for
/// the client to build a query from.
fn read(text: &str) -> (&str, Vec<(&str, &str)>) {
    let mut lines = text.split('\n');
    let raw = lines.next().unwrap_or("");
    (raw, lines.map(|l| l.split_once('\t').unwrap_or((l, ""))).collect())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (raw, pairs) = read(text);
    // Any text: no panic, and deterministic.
    let first = decode_query(raw).pairs();
    assert_eq!(first, decode_query(raw).pairs());
    // What the client sends decodes to what the client signed.
    if let Ok(q) = build_query(&pairs) {
        let want: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        assert_eq!(decode_query(&q.wire).pairs(), Some(want), "wire {:?}", q.wire);
    }
});
