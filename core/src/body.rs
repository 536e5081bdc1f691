//! Canonical request bodies and exact money.
//!
//! The bytes signed are the bytes sent: the SDK serialises bodies itself, compactly, and a body
//! given as text is made canonical by removing whitespace outside strings only ([`canonicalize`]).
//! [`Amount`] is an exact decimal that never passes through `f64`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::signing::truncate_for_message;

/// Most significant digits an [`Amount`] may carry (fits an `i128` with room for arithmetic).
pub const MAX_DIGITS: usize = 36;
/// Largest exponent magnitude accepted in `1.5e2`-style input.
pub const MAX_EXPONENT: i32 = 36;

/// An exact, finite, non-negative decimal amount.
///
/// Parsed from JSON numbers or strings (`0.5`, `"404.69"`, `"1000.233567"`); written as a JSON
/// number with the digits the caller gave (`0.50` stays `0.50`). Equality and ordering are by
/// value (`0.5 == 0.50`).
#[derive(Clone)]
pub struct Amount {
    /// Canonical text: `digits[.digits]`, no sign, no exponent, no leading zeros.
    text: String,
    /// Value = mantissa / 10^scale.
    mantissa: i128,
    scale: u32,
}

impl Amount {
    /// Parses decimal text. Accepts plain decimals and modest exponents (`1.5e2` → `150`);
    /// rejects empty text, signs, NaN, Infinity, hex, spaces, leading zeros and huge exponents.
    pub fn parse(input: &str) -> Result<Self> {
        let shown = truncate_for_message(input);
        let bad = |why: &str| Error::invalid_amount(format!("{why}: {shown:?}"));
        if input.is_empty() {
            return Err(Error::invalid_amount("amount is empty"));
        }
        if input.starts_with('-') {
            return Err(bad("amount must not be negative"));
        }
        let (num, exp) = match input.find(['e', 'E']) {
            Some(i) => {
                let e = &input[i + 1..];
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad("amount has a malformed exponent"));
                }
                let v: i32 = e.parse().map_err(|_| bad("amount has a malformed exponent"))?;
                if v.abs() > MAX_EXPONENT {
                    return Err(bad("amount exponent is out of range"));
                }
                (&input[..i], Some(v))
            }
            None => (input, None),
        };
        let (int, frac) = match num.split_once('.') {
            Some((i, f)) => {
                if f.is_empty() {
                    return Err(bad("amount must have digits after the decimal point"));
                }
                (i, f)
            }
            None => (num, ""),
        };
        if int.is_empty() {
            return Err(bad("amount must have digits before the decimal point"));
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("amount must be a plain decimal number such as 12.34"));
        }
        if int.len() > 1 && int.starts_with('0') {
            return Err(bad("amount must not have leading zeros"));
        }
        let text = match exp {
            None => num.to_owned(),
            Some(e) => shift_decimal(int, frac, e),
        };
        Self::from_canonical(text).map_err(|_| bad("amount has too many digits"))
    }

    fn from_canonical(text: String) -> Result<Self> {
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let significant = format!("{int}{frac}");
        let significant = significant.trim_start_matches('0');
        if significant.len() > MAX_DIGITS || int.len() + frac.len() > MAX_DIGITS + 2 {
            return Err(Error::invalid_amount("too many digits"));
        }
        let mantissa: i128 = if significant.is_empty() {
            0
        } else {
            significant.parse().map_err(|_| Error::invalid_amount("too many digits"))?
        };
        let scale = frac.len() as u32;
        Ok(Self { text, mantissa, scale })
    }

    /// Builds an amount from an integer number of minor units: `from_minor(12345, 2)` is `123.45`.
    pub fn from_minor(units: u64, scale: u32) -> Result<Self> {
        if scale as usize > MAX_DIGITS {
            return Err(Error::invalid_amount("scale too large"));
        }
        Self::from_mantissa(i128::from(units), scale)
    }

    fn from_mantissa(mantissa: i128, scale: u32) -> Result<Self> {
        if mantissa < 0 {
            return Err(Error::invalid_amount("result would be negative"));
        }
        let digits = mantissa.to_string();
        let s = scale as usize;
        let text = if s == 0 {
            digits
        } else if digits.len() > s {
            format!("{}.{}", &digits[..digits.len() - s], &digits[digits.len() - s..])
        } else {
            format!("0.{}{}", "0".repeat(s - digits.len()), digits)
        };
        Self::from_canonical(text)
    }

    /// Zero (`0`).
    pub fn zero() -> Self {
        Self { text: "0".to_owned(), mantissa: 0, scale: 0 }
    }

    /// The amount as written: plain decimal digits, e.g. `"404.69"`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// Number of digits after the decimal point as written.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    fn aligned(&self, other: &Self) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa.checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let b = other.mantissa.checked_mul(10i128.checked_pow(scale - other.scale)?)?;
        Some((a, b, scale))
    }

    /// Exact sum; an error if it would exceed [`MAX_DIGITS`].
    pub fn checked_add(&self, other: &Self) -> Result<Self> {
        let (a, b, s) = self.aligned(other).ok_or_else(|| Error::invalid_amount("sum too large"))?;
        Self::from_mantissa(a.checked_add(b).ok_or_else(|| Error::invalid_amount("sum too large"))?, s)
    }

    /// Exact difference; an error if it would be negative.
    pub fn checked_sub(&self, other: &Self) -> Result<Self> {
        let (a, b, s) = self.aligned(other).ok_or_else(|| Error::invalid_amount("difference too large"))?;
        Self::from_mantissa(a - b, s)
    }

    /// Exact product by a decimal rate, rounded half-up to `scale` places (e.g. USD × rate).
    pub fn mul_rounded(&self, rate: &Self, scale: u32) -> Result<Self> {
        let too_big = || Error::invalid_amount("product too large");
        let product = self.mantissa.checked_mul(rate.mantissa).ok_or_else(too_big)?;
        let from = self.scale + rate.scale;
        if from <= scale {
            let m = product.checked_mul(10i128.checked_pow(scale - from).ok_or_else(too_big)?).ok_or_else(too_big)?;
            return Self::from_mantissa(m, scale);
        }
        let div = 10i128.checked_pow(from - scale).ok_or_else(too_big)?;
        let (q, r) = (product / div, product % div);
        let q = if r * 2 >= div { q + 1 } else { q };
        Self::from_mantissa(q, scale)
    }

    /// Reads an amount from a JSON value: a number (exact text) or a string.
    pub fn from_json(value: &serde_json::Value) -> Result<Self> {
        match value {
            serde_json::Value::Number(n) => Self::parse(&n.to_string()),
            serde_json::Value::String(s) => Self::parse(s),
            other => Err(Error::invalid_amount(format!(
                "amount must be a JSON number or decimal string, got {}",
                json_kind(other)
            ))),
        }
    }

    /// The amount as a JSON number with its exact digits.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Number(self.json_number())
    }

    fn json_number(&self) -> serde_json::Number {
        // Canonical text is always a valid JSON number; arbitrary_precision keeps the digits.
        serde_json::Number::from_str(&self.text).unwrap_or_else(|_| serde_json::Number::from(0u8))
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Moves the decimal point of `int.frac` by `exp` places and returns canonical text.
fn shift_decimal(int: &str, frac: &str, exp: i32) -> String {
    let digits = format!("{int}{frac}");
    let point = int.len() as i64 + i64::from(exp);
    let (mut i, f) = if point <= 0 {
        ("0".to_owned(), format!("{}{}", "0".repeat((-point) as usize), digits))
    } else if point as usize >= digits.len() {
        (format!("{digits}{}", "0".repeat(point as usize - digits.len())), String::new())
    } else {
        (digits[..point as usize].to_owned(), digits[point as usize..].to_owned())
    };
    let trimmed = i.trim_start_matches('0');
    i = if trimmed.is_empty() { "0".to_owned() } else { trimmed.to_owned() };
    let f = f.trim_end_matches('0');
    if f.is_empty() { i } else { format!("{i}.{f}") }
}

impl FromStr for Amount {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for Amount {
    type Error = Error;
    fn try_from(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.text)
    }
}

impl PartialEq for Amount {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Amount {}

impl PartialOrd for Amount {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Amount {
    fn cmp(&self, other: &Self) -> Ordering {
        match self.aligned(other) {
            Some((a, b, _)) => a.cmp(&b),
            // Alignment overflow: compare integer digit counts, then text.
            None => {
                let ia = self.text.split('.').next().unwrap_or("").len();
                let ib = other.text.split('.').next().unwrap_or("").len();
                ia.cmp(&ib).then_with(|| self.text.cmp(&other.text))
            }
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        if crate::exact_json::amounts_as_strings() {
            return serializer.serialize_str(&self.text);
        }
        self.json_number().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(deserializer)?;
        Amount::from_json(&v).map_err(serde::de::Error::custom)
    }
}

/// Serialises a value to compact JSON bytes: the exact bytes to sign and send.
pub fn to_body<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| Error::invalid_argument(format!("cannot serialise request body: {e}")))
}

/// Makes JSON text canonical: removes whitespace outside strings, keeping numbers, key order and
/// escapes exactly as written. Invalid JSON is an error. Empty (or all-whitespace) text gives an
/// empty body.
pub fn canonicalize(text: &str) -> Result<String> {
    if text.trim().is_empty() {
        return Ok(String::new());
    }
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map_err(|e| Error::invalid_argument(format!("body is not valid JSON: {e}")))?;
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
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
}
