//! Unit tests for `body`: canonical text, exact arithmetic, and the private constructors at their limits.

use super::*;

#[test]
fn keeps_digits() {
    for s in ["0.5", "0.50", "404.69", "1000.233567", "0", "7", "0.000001"] {
        let a = Amount::parse(s).unwrap();
        assert_eq!(a.as_str(), s);
        assert_eq!(serde_json::to_string(&a).unwrap(), s);
    }
}

#[test]
fn parses_numbers_and_strings() {
    let v: Amount = serde_json::from_str("0.5").unwrap();
    assert_eq!(v.as_str(), "0.5");
    let v: Amount = serde_json::from_str("\"404.69\"").unwrap();
    assert_eq!(v.as_str(), "404.69");
    let v: Amount = serde_json::from_str("123456789012345678901234567890.123456").unwrap();
    assert_eq!(v.as_str(), "123456789012345678901234567890.123456");
    assert_eq!(Amount::parse("1.5e2").unwrap().as_str(), "150");
    assert_eq!(Amount::parse("15E-3").unwrap().as_str(), "0.015");
}

#[test]
fn rejects() {
    for s in [
        "", "NaN", "nan", "Infinity", "-1", "+1", "1e99999", "1e40", "abc", " 1", "1 ", ".5", "5.", "01", "0x10",
        "1,5", "1.2.3", "1e", "1e+", "١",
    ] {
        let e = Amount::parse(s).unwrap_err();
        assert_eq!(e.code(), "invalid_amount", "{s:?}");
    }
    assert!(serde_json::from_str::<Amount>("null").is_err());
    assert!(serde_json::from_str::<Amount>("true").is_err());
}

#[test]
fn arithmetic_is_exact() {
    let a = Amount::parse("0.1").unwrap();
    let b = Amount::parse("0.2").unwrap();
    assert_eq!(a.checked_add(&b).unwrap().as_str(), "0.3");
    assert_eq!(
        Amount::parse("989.19").unwrap().checked_sub(&Amount::parse("404.69").unwrap()).unwrap().as_str(),
        "584.50"
    );
    assert!(a.checked_sub(&b).is_err());
    assert_eq!(Amount::parse("0.5").unwrap(), Amount::parse("0.50").unwrap());
    assert!(Amount::parse("10").unwrap() > Amount::parse("9.99").unwrap());
    assert_eq!(
        Amount::parse("123.45").unwrap().mul_rounded(&Amount::parse("1.01").unwrap(), 2).unwrap().as_str(),
        "124.68"
    );
    assert_eq!(Amount::from_minor(12345, 2).unwrap().as_str(), "123.45");
    assert_eq!(Amount::from_minor(5, 3).unwrap().as_str(), "0.005");
}

#[test]
fn canonicalize_strips_only_outside_strings() {
    let t = "{ \"a\" : \"hello world\",\n \"b\": [1, 2.50, {\"c\":\"x\\\" y\"}] }";
    assert_eq!(canonicalize(t).unwrap(), r#"{"a":"hello world","b":[1,2.50,{"c":"x\" y"}]}"#);
    assert_eq!(canonicalize("  ").unwrap(), "");
    assert_eq!(canonicalize("{bad").unwrap_err().code(), "invalid_argument");
}

#[test]
fn from_mantissa_at_the_limits_is_a_typed_error_or_exact() {
    // Mantissas no public constructor can make (i128::MAX has 39 digits), at every scale up to 40.
    for m in [i128::MAX, i128::MAX - 1, 10i128.pow(38), 10i128.pow(36), 10i128.pow(36) - 1, 1, 0] {
        for scale in 0..=40 {
            match Amount::from_mantissa(m, scale) {
                Ok(a) => {
                    assert!(scale <= MAX_SCALE && m < 10i128.pow(36), "{m} {scale}");
                    assert_eq!((a.mantissa, a.scale), (m, scale));
                    assert_eq!(Amount::parse(a.as_str()).unwrap(), a);
                }
                Err(e) => assert_eq!(e.code(), "invalid_amount", "{m} {scale}"),
            }
        }
    }
    for m in [-1, i128::MIN] {
        assert_eq!(Amount::from_mantissa(m, 2).unwrap_err().code(), "invalid_amount");
    }
    // An absurd scale is refused before any text is built.
    assert_eq!(Amount::from_mantissa(0, u32::MAX).unwrap_err().code(), "invalid_amount");
}

#[test]
fn comparison_falls_back_to_exact_text_order() {
    // Aligning these needs 36 + 37 digits: the text comparison decides, exactly.
    let big = Amount::parse("999999999999999999999999999999999999").unwrap();
    let tiny = Amount::parse("0.0000000000000000000000000000000000001").unwrap();
    assert!(big.aligned(&tiny).is_none());
    assert_eq!(big.cmp(&tiny), Ordering::Greater);
    assert_eq!(tiny.cmp(&big), Ordering::Less);
    assert_eq!(cmp_decimal_text("12.50", "12.5"), Ordering::Equal);
    assert_eq!(cmp_decimal_text("12.5", "12.05"), Ordering::Greater);
    assert_eq!(cmp_decimal_text("9.99", "10"), Ordering::Less);
    assert_eq!(cmp_decimal_text("0", "0.000"), Ordering::Equal);
}

#[test]
fn exponent_shift_bounds() {
    assert_eq!(shift_decimal("1", "5", 2).as_deref(), Some("150"));
    assert_eq!(shift_decimal("15", "", -3).as_deref(), Some("0.015"));
    assert_eq!(shift_decimal("0", "0001", 36).as_deref(), Some("100000000000000000000000000000000"));
    assert_eq!(shift_decimal("1", "", -36).as_deref(), Some("0.000000000000000000000000000000000001"));
    assert_eq!(shift_decimal("0", "", 0).as_deref(), Some("0"));
}

#[test]
fn only_json_whitespace_makes_an_empty_body() {
    // Found by the `body` fuzz target: "\t\u{c}" (a form feed) became an empty body because
    // `str::trim` strips Unicode whitespace; it is not JSON and must be refused.
    for t in ["\t\u{c}", "\u{c}", "\u{a0}", " \u{2028} ", "\u{3000}", "\u{85}", "\u{b}"] {
        assert_eq!(canonicalize(t).unwrap_err().code(), "invalid_argument", "{t:?}");
    }
    for t in ["", " ", " \t\r\n "] {
        assert_eq!(canonicalize(t).unwrap(), "", "{t:?}");
    }
    assert_eq!(canonicalize(" {} \n").unwrap(), "{}");
}
