//! `Amount` at its limits: 36-digit mantissas, scales 0..=40, products near `i128::MAX`. Every
//! operation either gives the exact answer (checked against a schoolbook decimal reference that
//! shares no code with `Amount`) or a typed `invalid_amount` error; nothing panics or wraps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cmp::Ordering;

use proptest::prelude::*;
use wcheckout::Amount;

// ---------------------------------------------------------------------------------------------
// Reference decimal arithmetic on digit strings (independent of `Amount`)
// ---------------------------------------------------------------------------------------------

/// Little-endian decimal digits of `text` without its point, and its number of fraction digits.
fn digits_le(text: &str) -> (Vec<u32>, usize) {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = format!("{int}{frac}").bytes().rev().map(|b| u32::from(b - b'0')).collect();
    (digits, frac.len())
}

/// Big-endian digit text of little-endian `digits`, without leading zeros ("0" for zero).
fn to_text(digits: &[u32]) -> String {
    let s: String = digits.iter().rev().map(|d| char::from_digit(*d, 10).unwrap()).collect();
    let t = s.trim_start_matches('0');
    if t.is_empty() { "0".to_owned() } else { t.to_owned() }
}

fn mul_digits(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut p = vec![0u32; a.len() + b.len()];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            p[i + j] += x * y;
        }
    }
    let mut carry = 0;
    for d in &mut p {
        let v = *d + carry;
        *d = v % 10;
        carry = v / 10;
    }
    assert_eq!(carry, 0);
    p
}

/// `a × b` rounded half-up to `scale` fraction digits, as text with exactly `scale` of them.
fn ref_mul_rounded(a: &str, b: &str, scale: usize) -> String {
    let ((da, sa), (db, sb)) = (digits_le(a), digits_le(b));
    let mut p = mul_digits(&da, &db);
    let from = sa + sb;
    if scale >= from {
        p.splice(0..0, std::iter::repeat_n(0, scale - from));
    } else {
        let drop = from - scale;
        let round_up = p.get(drop - 1).is_some_and(|d| *d >= 5);
        p = p.get(drop..).map(<[u32]>::to_vec).unwrap_or_default();
        if round_up {
            p.push(0);
            for d in &mut p {
                *d += 1;
                if *d < 10 {
                    break;
                }
                *d = 0;
            }
        }
    }
    while p.len() <= scale {
        p.push(0);
    }
    let (frac, int) = p.split_at(scale);
    let frac: String = frac.iter().rev().map(|d| char::from_digit(*d, 10).unwrap()).collect();
    if scale == 0 { to_text(int) } else { format!("{}.{frac}", to_text(int)) }
}

/// Whether canonical `text` is within `Amount`'s documented limits (36 significant digits).
fn representable(text: &str) -> bool {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let sig = format!("{int}{frac}");
    sig.trim_start_matches('0').len() <= wcheckout::body::MAX_DIGITS && int.len() + frac.len() <= 38
}

/// Whether the exact product of the two mantissas, trailing zeros removed, exceeds `i128::MAX`.
fn stripped_product_exceeds_i128(a: &str, b: &str) -> bool {
    let strip = |t: &str| {
        let (mut d, _) = digits_le(t);
        let zeros = d.iter().take_while(|x| **x == 0).count().min(d.len().saturating_sub(1));
        d.drain(..zeros);
        d
    };
    let p = to_text(&mul_digits(&strip(a), &strip(b)));
    let max = i128::MAX.to_string();
    (p.len(), p.as_str()) > (max.len(), max.as_str())
}

/// Numeric comparison of two canonical decimal texts.
fn ref_cmp(a: &str, b: &str) -> Ordering {
    let (ai, af) = a.split_once('.').unwrap_or((a, ""));
    let (bi, bf) = b.split_once('.').unwrap_or((b, ""));
    let (ai, bi) = (ai.trim_start_matches('0'), bi.trim_start_matches('0'));
    ai.len().cmp(&bi.len()).then(ai.cmp(bi)).then(af.trim_end_matches('0').cmp(bf.trim_end_matches('0')))
}

// ---------------------------------------------------------------------------------------------
// Fixed regressions
// ---------------------------------------------------------------------------------------------

#[test]
fn mul_rounded_remainder_near_i128_max_rounds_instead_of_overflowing() {
    // 19 nines × 19 nines at scale 38, rounded to 0 places: the remainder is ~10^38, and doubling
    // it overflowed i128 (a panic in debug builds, a wrong rounding in release).
    let a = Amount::parse("0.9999999999999999999").unwrap();
    assert_eq!(a.mul_rounded(&a, 0).unwrap().as_str(), "1");
    assert_eq!(a.mul_rounded(&a, 1).unwrap().as_str(), "1.0");
    let b = Amount::parse("0.5000000000000000000").unwrap();
    let c = Amount::parse("0.9999999999999999999").unwrap();
    assert_eq!(b.mul_rounded(&c, 0).unwrap().as_str(), "0");
}

#[test]
fn mul_rounded_to_fewer_places_than_a_tiny_product_gives_zero() {
    // The exact product has 74 fraction digits (10^74 does not fit i128): it rounds to zero
    // rather than being refused as "too large".
    let tiny = Amount::parse("0.0000000000000000000000000000000000001").unwrap();
    assert_eq!(tiny.scale(), 37);
    assert_eq!(tiny.mul_rounded(&tiny, 2).unwrap().as_str(), "0.00");
    assert_eq!(tiny.mul_rounded(&tiny, 0).unwrap().as_str(), "0");
}

#[test]
fn mul_rounded_scale_limits() {
    let one = Amount::parse("1").unwrap();
    let zero = Amount::zero();
    for scale in [38, 39, 40, 1_000, u32::MAX] {
        // A scale no amount can have is refused at once (no 4 GiB string of zeros).
        assert_eq!(one.mul_rounded(&one, scale).unwrap_err().code(), "invalid_amount", "{scale}");
        assert_eq!(zero.mul_rounded(&zero, scale).unwrap_err().code(), "invalid_amount", "{scale}");
    }
    // 37 places is the most an amount can have, when the digits fit: 0.05 at 37 places does,
    // 1 at 37 places (38 significant digits) does not.
    let (half, tenth) = (Amount::parse("0.5").unwrap(), Amount::parse("0.1").unwrap());
    assert_eq!(half.mul_rounded(&tenth, 37).unwrap().as_str(), format!("0.05{}", "0".repeat(35)));
    assert_eq!(one.mul_rounded(&one, 37).unwrap_err().code(), "invalid_amount");
}

#[test]
fn trailing_zeros_do_not_cause_spurious_overflow() {
    // Each has 36 digits, but most are trailing zeros: the product is small.
    let a = Amount::parse("1.00000000000000000000000000000000000").unwrap();
    let b = Amount::parse("2.50000000000000000000000000000000000").unwrap();
    assert_eq!(a.mul_rounded(&b, 2).unwrap().as_str(), "2.50");
}

#[test]
fn extreme_values_never_panic() {
    let nines = "9".repeat(36);
    let extremes = [
        nines.clone(),
        format!("0.{nines}"),
        format!("0.0{nines}"),
        format!("{}.{}", &nines[..18], &nines[18..]),
        format!("1{}", "0".repeat(35)),
        format!("0.{}1", "0".repeat(36)),
        u64::MAX.to_string(),
        "0".to_owned(),
        "1".to_owned(),
        "1e-36".to_owned(),
        format!("0.{}", "0".repeat(37)),
    ];
    let amounts: Vec<Amount> = extremes.iter().map(|t| Amount::parse(t).unwrap()).collect();
    for a in &amounts {
        for b in &amounts {
            assert_eq!(a.cmp(b), ref_cmp(a.as_str(), b.as_str()), "{a:?} vs {b:?}");
            check_add_sub(a, b);
            for scale in 0..=40 {
                check_mul(a, b, scale);
            }
        }
    }
}

#[test]
fn too_many_digits_and_scales_are_typed_errors() {
    for n in 37..=45 {
        let t = "9".repeat(n);
        assert_eq!(Amount::parse(&t).unwrap_err().code(), "invalid_amount", "{n} digits");
        assert_eq!(Amount::parse(&format!("0.{t}")).unwrap_err().code(), "invalid_amount");
    }
    // i128::MAX has 39 digits; as text it is refused, never wrapped.
    assert_eq!(Amount::parse(&i128::MAX.to_string()).unwrap_err().code(), "invalid_amount");
    assert_eq!(Amount::parse(&u128::MAX.to_string()).unwrap_err().code(), "invalid_amount");
    for scale in 0..=40u32 {
        for units in [0, 1, u64::MAX] {
            match Amount::from_minor(units, scale) {
                Ok(a) => {
                    assert!(scale <= 36);
                    assert_eq!(a.scale(), scale);
                    assert_eq!(a, Amount::parse(a.as_str()).unwrap());
                }
                Err(e) => {
                    assert!(scale > 36);
                    assert_eq!(e.code(), "invalid_amount");
                }
            }
        }
        // 40 fraction digits is one more than any amount may have.
        let text = format!("0.{}", "0".repeat(usize::try_from(scale).unwrap().max(1)));
        let ok = Amount::parse(&text);
        assert_eq!(ok.is_ok(), scale <= 37, "{text}");
    }
}

#[test]
fn json_round_trip_at_the_limits() {
    for t in ["999999999999999999999999999999999999", "0.0000000000000000000000000000000000001", "0.00"] {
        let a = Amount::parse(t).unwrap();
        let v = a.to_json();
        assert_eq!(v.to_string(), t);
        assert_eq!(Amount::from_json(&v).unwrap().as_str(), t);
        assert_eq!(serde_json::from_str::<Amount>(&serde_json::to_string(&a).unwrap()).unwrap().as_str(), t);
    }
}

#[test]
fn amounts_read_from_a_json_tree_keep_every_digit() {
    // Responses and webhook data are decoded from a `Value` tree. Asked for a `Value`, serde_json
    // hands over a number whose text is an f64's shortest form as that f64, written back its
    // own way. Found by the webhook and amount fuzz targets.
    let cases = [
        ("111111110111191.13", Some("111111110111191.13")), // a tie: became …12
        ("0.0000000000000000000000000000000000001", Some("0.0000000000000000000000000000000000001")), // became 1e-37, refused
        ("0.000001", Some("0.000001")),
        ("-0", None), // became 0, accepted
        ("-0.0", None),
        ("1e-37", None),
    ];
    for (text, want) in cases {
        let tree: serde_json::Value = serde_json::from_str(text).unwrap();
        let from_tree = serde_json::from_value::<Amount>(tree.clone()).map(|a| a.as_str().to_owned()).ok();
        let from_text = serde_json::from_str::<Amount>(text).map(|a| a.as_str().to_owned()).ok();
        assert_eq!(from_tree.as_deref(), want, "{text} from a tree");
        assert_eq!(from_text.as_deref(), want, "{text} from text");
        // Inside a typed model, as a response is decoded.
        let order = serde_json::json!({ "orderNo": "A1", "orderStatus": "PAID", "orderAmount": tree });
        let decoded = serde_json::from_value::<wcheckout::model::CheckoutOrder>(order);
        assert_eq!(decoded.ok().and_then(|o| o.order_amount).map(|a| a.as_str().to_owned()).as_deref(), want, "{text}");
    }
}

fn check_add_sub(a: &Amount, b: &Amount) {
    match a.checked_add(b) {
        Ok(sum) => {
            assert_eq!(&sum.checked_sub(b).unwrap(), a);
            assert!(sum >= *a && sum >= *b);
        }
        Err(e) => assert_eq!(e.code(), "invalid_amount"),
    }
    match a.checked_sub(b) {
        Ok(diff) => {
            assert!(a >= b);
            // Back to `a`, unless `a` written at the larger scale has too many digits
            // (1 - 1e-36 + 1e-36 is 1.000…0, 37 digits).
            match diff.checked_add(b) {
                Ok(back) => assert_eq!(&back, a),
                Err(e) => {
                    let scale = a.scale().max(b.scale());
                    let widened = ref_mul_rounded(a.as_str(), "1", usize::try_from(scale).unwrap());
                    assert!(!representable(&widened), "{a:?} - {b:?} + {b:?} refused: {e}");
                }
            }
        }
        Err(e) => assert_eq!(e.code(), "invalid_amount"),
    }
}

fn check_mul(a: &Amount, b: &Amount, scale: u32) {
    let want = ref_mul_rounded(a.as_str(), b.as_str(), usize::try_from(scale).unwrap());
    match a.mul_rounded(b, scale) {
        Ok(p) => assert_eq!(p.as_str(), want, "{a:?} × {b:?} at {scale}"),
        Err(e) => {
            assert_eq!(e.code(), "invalid_amount");
            // Refused only when the answer is out of range or cannot be computed in 128 bits.
            assert!(
                scale > 37 || !representable(&want) || stripped_product_exceeds_i128(a.as_str(), b.as_str()),
                "{a:?} × {b:?} at {scale} refused ({e}) but {want} is representable"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties over the whole range
// ---------------------------------------------------------------------------------------------

prop_compose! {
    /// Any valid canonical amount text: up to 36 significant digits, 0..=37 fraction digits.
    fn any_amount_text()(sig in "0|[1-9][0-9]{0,35}", frac_len in 0usize..=37) -> String {
        if sig == "0" {
            return if frac_len == 0 { sig } else { format!("0.{}", "0".repeat(frac_len)) };
        }
        if frac_len == 0 {
            sig
        } else if frac_len >= sig.len() {
            format!("0.{}{sig}", "0".repeat(frac_len - sig.len()))
        } else {
            let (i, f) = sig.split_at(sig.len() - frac_len);
            format!("{i}.{f}")
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn extreme_arithmetic_is_exact_or_a_typed_error(x in any_amount_text(), y in any_amount_text(), scale in 0u32..=40) {
        let (a, b) = (Amount::parse(&x).unwrap(), Amount::parse(&y).unwrap());
        prop_assert_eq!(a.as_str(), x.as_str());
        prop_assert_eq!(a.cmp(&b), ref_cmp(&x, &y));
        prop_assert_eq!(a == b, ref_cmp(&x, &y) == Ordering::Equal);
        check_add_sub(&a, &b);
        check_mul(&a, &b, scale);
        // Read from a JSON tree (as responses and webhook data are) or from text: the same amount.
        let tree: serde_json::Value = serde_json::from_str(&x).unwrap();
        let from_tree = serde_json::from_value::<Amount>(tree).unwrap();
        prop_assert_eq!(from_tree.as_str(), x.as_str());
    }

    #[test]
    fn small_products_always_succeed_when_representable(
        x in "0|[1-9][0-9]{0,9}(\\.[0-9]{1,9})?",
        y in "0|[1-9][0-9]{0,9}(\\.[0-9]{1,9})?",
        scale in 0u32..=37,
    ) {
        // Mantissas of at most 19 digits: the product always fits i128, so the only refusal is an
        // answer beyond 36 digits.
        let (a, b) = (Amount::parse(&x).unwrap(), Amount::parse(&y).unwrap());
        let want = ref_mul_rounded(&x, &y, usize::try_from(scale).unwrap());
        match a.mul_rounded(&b, scale) {
            Ok(p) => prop_assert_eq!(p.as_str(), want.as_str()),
            Err(e) => prop_assert!(!representable(&want), "{} refused: {}", want, e),
        }
    }
}
