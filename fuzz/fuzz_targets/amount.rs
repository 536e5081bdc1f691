//! `Amount`: parsing arbitrary text agrees with the documented grammar, every accepted amount
//! round-trips through Display and JSON, and add / sub / mul_rounded / compare agree with an
//! exact schoolbook reference or return a typed `invalid_amount` error, never a panic.
#![no_main]

use std::cmp::Ordering;

use libfuzzer_sys::fuzz_target;
use wcheckout::Amount;
use wcheckout_fuzz::decimal::{self, Dec};

// Input: `a`, `b`, a scale and a count of minor units, one per line (missing lines: "", "", 2, 0).
// The text of `a` and `b` is used as is; scale and units are read as decimal numbers.
fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut lines = text.splitn(4, '\n');
    let (a, b) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    let scale = lines.next().and_then(|s| s.trim().parse::<u32>().ok()).unwrap_or(2);
    let units = lines.next().and_then(|s| s.trim().parse::<u64>().ok()).unwrap_or(0);
    let x = check_parse(a);
    let y = check_parse(b);
    check_json_text(a);
    check_from_minor(units, scale % 41);
    if let (Some(x), Some(y)) = (x, y) {
        check_pair(&x, &y, scale % 41);
        check_pair(&y, &x, scale / 41 % 41);
    }
});

/// Parses `text` and checks the result against the grammar, then every round trip.
fn check_parse(text: &str) -> Option<Amount> {
    let parsed = Amount::parse(text);
    let expected = decimal::expected_canonical(text).filter(|c| decimal::representable(c));
    match (&parsed, &expected) {
        (Ok(x), Some(c)) => assert_eq!(x.as_str(), c, "{text:?}"),
        (Err(e), None) => assert_eq!(e.code(), "invalid_amount", "{text:?}: {e}"),
        (Ok(x), None) => panic!("{text:?} accepted as {x:?}, but the grammar or the limits refuse it"),
        (Err(e), Some(c)) => panic!("{text:?} refused ({e}), but it is the amount {c}"),
    }
    let x = parsed.ok()?;
    let shown = x.to_string();
    assert_eq!(shown, x.as_str());
    let again = Amount::parse(&shown).expect("canonical text parses");
    assert_eq!(again.as_str(), shown);
    assert_eq!(again, x);
    let frac = shown.split_once('.').map_or(0, |(_, f)| f.len());
    assert_eq!(usize::try_from(x.scale()).ok(), Some(frac));
    assert_eq!(x.is_zero(), shown.bytes().all(|b| b == b'0' || b == b'.'));
    // JSON: a number with the exact digits, read back from number and string forms alike.
    let v = x.to_json();
    assert!(v.is_number(), "{v:?}");
    // Read back from a JSON tree (serde_json may hand the number over as an f64's text).
    let from_tree: Amount = serde_json::from_value(v.clone()).expect("amount from a tree");
    assert_eq!(from_tree.as_str(), shown);
    let text_tree: serde_json::Value = serde_json::from_str(&shown).expect("JSON number");
    assert_eq!(serde_json::from_value::<Amount>(text_tree).expect("from parsed tree").as_str(), shown);
    assert_eq!(v.to_string(), shown);
    assert_eq!(Amount::from_json(&v).expect("own JSON").as_str(), shown);
    assert_eq!(serde_json::to_string(&x).expect("serialise"), shown);
    let from_string: Amount = serde_json::from_str(&format!("\"{shown}\"")).expect("string form");
    assert_eq!(from_string.as_str(), shown);
    let as_string = wcheckout::exact_json::to_string_with_string_amounts(&x).expect("string amounts");
    assert_eq!(as_string, format!("\"{shown}\""));
    Some(x)
}

/// `text` as JSON: `Amount`'s Deserialize agrees with `from_json` on the parsed value.
fn check_json_text(text: &str) {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else { return };
    let direct = serde_json::from_str::<Amount>(text);
    let tree = serde_json::from_value::<Amount>(v.clone());
    assert_eq!(tree.as_ref().map(Amount::as_str).ok(), direct.as_ref().map(Amount::as_str).ok(), "{text:?}");
    match (Amount::from_json(&v), direct) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.as_str(), b.as_str());
            let literal = match &v {
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::String(s) => s.clone(),
                other => panic!("{other:?} accepted as an amount"),
            };
            assert_eq!(a.as_str(), Amount::parse(&literal).expect("same text").as_str());
        }
        (Err(e), Err(_)) => assert_eq!(e.code(), "invalid_amount"),
        (a, b) => panic!("from_json {a:?} but Deserialize {b:?} for {text:?}"),
    }
}

fn check_from_minor(units: u64, scale: u32) {
    match Amount::from_minor(units, scale) {
        Ok(a) => {
            assert!(scale <= 36);
            // units × 10^-scale, written with exactly `scale` fraction digits.
            let s = usize::try_from(scale).unwrap_or(0);
            let padded = format!("{units:0>width$}", width = s + 1);
            let (i, f) = padded.split_at(padded.len() - s);
            let want = if s == 0 { i.to_owned() } else { format!("{i}.{f}") };
            assert_eq!(a.as_str(), want);
            assert_eq!(a.scale(), scale);
        }
        Err(e) => {
            assert!(scale > 36, "from_minor({units}, {scale}) refused: {e}");
            assert_eq!(e.code(), "invalid_amount");
        }
    }
}

fn check_pair(x: &Amount, y: &Amount, scale: u32) {
    let (dx, dy) = (Dec::from_text(x.as_str()), Dec::from_text(y.as_str()));
    // Comparison: by value, consistent with Eq, antisymmetric.
    let order = x.cmp(y);
    assert_eq!(order, dx.cmp_value(&dy), "{x:?} vs {y:?}");
    assert_eq!(y.cmp(x), order.reverse());
    assert_eq!(x == y, order == Ordering::Equal);

    // Sum: exact at the larger scale, refused exactly when out of range.
    let want = dx.add(&dy).to_text();
    match x.checked_add(y) {
        Ok(sum) => {
            assert_eq!(sum.as_str(), want, "{x:?} + {y:?}");
            assert_eq!(&sum.checked_sub(y).expect("(x + y) - y"), x);
        }
        Err(e) => {
            assert_eq!(e.code(), "invalid_amount");
            assert!(!decimal::representable(&want), "{x:?} + {y:?} refused ({e}) but is {want}");
        }
    }

    // Difference: refused when negative or out of range.
    match (x.checked_sub(y), dx.sub(&dy).map(|d| d.to_text())) {
        (Ok(diff), Some(want)) => {
            assert_eq!(diff.as_str(), want, "{x:?} - {y:?}");
            // (x - y) + y is x again, or refused: at the larger scale x may need more digits
            // than it had (1 - 1e-36 + 1e-36 is 1.000…0 with 37 digits).
            match diff.checked_add(y) {
                Ok(back) => assert_eq!(&back, x),
                Err(e) => assert!(!decimal::representable(&dx.rescaled(dx.scale().max(dy.scale())).to_text()), "{e}"),
            }
        }
        (Err(e), None) => assert_eq!(e.code(), "invalid_amount"),
        (Err(e), Some(want)) => {
            assert_eq!(e.code(), "invalid_amount");
            assert!(!decimal::representable(&want), "{x:?} - {y:?} refused ({e}) but is {want}");
        }
        (Ok(diff), None) => panic!("{x:?} - {y:?} gave {diff:?}, but it is negative"),
    }

    // Product rounded half-up: exact, or refused only when the answer is out of range or the
    // significands' product does not fit 128 bits.
    let s = usize::try_from(scale).unwrap_or(usize::MAX);
    let want = dx.mul_rounded(&dy, s).to_text();
    let fits = s <= decimal::MAX_SCALE && decimal::representable(&want);
    match x.mul_rounded(y, scale) {
        Ok(p) => {
            assert!(fits, "{x:?} × {y:?} at {scale} gave {p:?}, out of range");
            assert_eq!(p.as_str(), want, "{x:?} × {y:?} at {scale}");
        }
        Err(e) => {
            assert_eq!(e.code(), "invalid_amount");
            assert!(!fits || significands_overflow(&dx, &dy), "{x:?} × {y:?} at {scale} refused ({e}), want {want}");
        }
    }
}

/// Whether the product of the significands (no leading or trailing zeros) exceeds `i128::MAX`.
fn significands_overflow(x: &Dec, y: &Dec) -> bool {
    let (sx, sy) = (x.significand(), y.significand());
    if sx.is_empty() || sy.is_empty() {
        return false;
    }
    let p = Dec::from_text(&sx).mul_rounded(&Dec::from_text(&sy), 0).to_text();
    let max = i128::MAX.to_string();
    (p.len(), p.as_str()) > (max.len(), max.as_str())
}
