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
/// Most fraction digits an [`Amount`] can have: `0.` followed by 37 digits is the longest text
/// ([`MAX_DIGITS`] significant digits plus one leading fraction zero, within `MAX_DIGITS + 2` digits).
const MAX_SCALE: u32 = 37;
/// Most digits (integer and fraction, zeros included) in an amount's canonical text.
const MAX_TEXT_DIGITS: usize = MAX_DIGITS + 2;

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
        // The quoted input is built only for an error (parsing is on every decoded amount's path).
        let bad = |why: &str| Error::invalid_amount(format!("{why}: {:?}", truncate_for_message(input)));
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
            Some(e) => shift_decimal(int, frac, e).ok_or_else(|| bad("amount has too many digits"))?,
        };
        Self::from_canonical(text).map_err(|_| bad("amount has too many digits"))
    }

    fn from_canonical(text: String) -> Result<Self> {
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let too_many = || Error::invalid_amount("too many digits");
        if int.len().saturating_add(frac.len()) > MAX_TEXT_DIGITS {
            return Err(too_many());
        }
        // The significant digits (leading zeros skipped) of `int` then `frac`, read in one pass.
        let digits = int.bytes().chain(frac.bytes()).skip_while(|&b| b == b'0');
        let (mut mantissa, mut significant) = (0i128, 0usize);
        for b in digits {
            if !b.is_ascii_digit() {
                return Err(too_many());
            }
            significant += 1;
            if significant > MAX_DIGITS {
                return Err(too_many());
            }
            // At most MAX_DIGITS (36) digits: below 10^36, far inside i128.
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
        let scale = u32::try_from(frac.len()).map_err(|_| too_many())?;
        Ok(Self { text, mantissa, scale })
    }

    /// Builds an amount from an integer number of minor units: `from_minor(12345, 2)` is `123.45`.
    pub fn from_minor(units: u64, scale: u32) -> Result<Self> {
        if usize::try_from(scale).map_or(true, |s| s > MAX_DIGITS) {
            return Err(Error::invalid_amount("scale too large"));
        }
        Self::from_mantissa(i128::from(units), scale)
    }

    /// The amount `mantissa` × 10^-`scale`, written with exactly `scale` fraction digits.
    fn from_mantissa(mantissa: i128, scale: u32) -> Result<Self> {
        if mantissa < 0 {
            return Err(Error::invalid_amount("result would be negative"));
        }
        // Checked before any text is built: no huge run of zeros for an absurd scale.
        if scale > MAX_SCALE {
            return Err(Error::invalid_amount(format!("scale {scale} is above the maximum of {MAX_SCALE}")));
        }
        let too_many = || Error::invalid_amount("too many digits");
        let digits = mantissa.to_string();
        let s = usize::try_from(scale).map_err(|_| too_many())?;
        let text = if s == 0 {
            digits
        } else if let Some((int, frac)) =
            digits.len().checked_sub(s).filter(|&n| n > 0).and_then(|n| digits.split_at_checked(n))
        {
            format!("{int}.{frac}")
        } else {
            format!("0.{}{digits}", "0".repeat(s.saturating_sub(digits.len())))
        };
        Self::from_canonical(text)
    }

    /// The same value as `(mantissa, exponent)` with `mantissa` × 10^`exponent`, trailing zeros removed.
    fn normalized(&self) -> (i128, i64) {
        let (mut m, mut e) = (self.mantissa, -i64::from(self.scale));
        while m != 0 && m % 10 == 0 {
            m /= 10;
            e += 1;
        }
        (m, e)
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

    /// Both mantissas at the larger of the two scales; `None` if one does not fit an `i128`.
    fn aligned(&self, other: &Self) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa.checked_mul(10i128.checked_pow(scale.checked_sub(self.scale)?)?)?;
        let b = other.mantissa.checked_mul(10i128.checked_pow(scale.checked_sub(other.scale)?)?)?;
        Some((a, b, scale))
    }

    /// Exact sum, written with the larger of the two scales; an error if it would exceed [`MAX_DIGITS`].
    pub fn checked_add(&self, other: &Self) -> Result<Self> {
        let too_big = || Error::invalid_amount("sum has too many digits");
        let (a, b, s) = self.aligned(other).ok_or_else(too_big)?;
        Self::from_mantissa(a.checked_add(b).ok_or_else(too_big)?, s).map_err(|_| too_big())
    }

    /// Exact difference, written with the larger of the two scales; an error if it would be negative.
    pub fn checked_sub(&self, other: &Self) -> Result<Self> {
        let too_big = || Error::invalid_amount("difference has too many digits");
        let (a, b, s) = self.aligned(other).ok_or_else(too_big)?;
        if a < b {
            return Err(Error::invalid_amount("result would be negative"));
        }
        Self::from_mantissa(a.checked_sub(b).ok_or_else(too_big)?, s)
    }

    /// Exact product by a decimal rate, rounded half-up to `scale` places (e.g. USD × rate).
    ///
    /// An error when `scale` is above 37, when the rounded result has more than [`MAX_DIGITS`]
    /// digits, or when the exact product of the two significands (trailing zeros removed) does
    /// not fit 128 bits. A product too small to show at `scale` places rounds to zero.
    pub fn mul_rounded(&self, rate: &Self, scale: u32) -> Result<Self> {
        if scale > MAX_SCALE {
            return Err(Error::invalid_amount(format!("scale {scale} is above the maximum of {MAX_SCALE}")));
        }
        let too_big = || Error::invalid_amount("product has too many digits");
        let ((a, ea), (b, eb)) = (self.normalized(), rate.normalized());
        let product = a.checked_mul(b).ok_or_else(too_big)?;
        // product × 10^(ea + eb) at `scale` places is product × 10^shift units of 10^-scale.
        let shift = ea.saturating_add(eb).saturating_add(i64::from(scale));
        let units = if product == 0 {
            0
        } else if shift >= 0 {
            let up = u32::try_from(shift).ok().and_then(|s| 10i128.checked_pow(s)).ok_or_else(too_big)?;
            product.checked_mul(up).ok_or_else(too_big)?
        } else {
            match u32::try_from(shift.unsigned_abs()).ok().and_then(|s| 10i128.checked_pow(s)) {
                // 10^39 and above exceed i128::MAX ≥ product: less than half a unit, rounds to 0.
                None => 0,
                Some(div) => {
                    let (q, r) = (product / div, product % div);
                    // Half-up: r ≥ div / 2, written without doubling r (which could overflow).
                    if r >= div - r { q.checked_add(1).ok_or_else(too_big)? } else { q }
                }
            }
        };
        Self::from_mantissa(units, scale).map_err(|_| too_big())
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
        match self.json_number() {
            Some(n) => serde_json::Value::Number(n),
            None => serde_json::Value::String(self.text.clone()),
        }
    }

    /// Canonical text is always a valid JSON number and arbitrary_precision keeps its digits; `None`
    /// cannot happen, and callers fall back to the text as a string rather than lose the value.
    fn json_number(&self) -> Option<serde_json::Number> {
        serde_json::Number::from_str(&self.text).ok()
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

/// Moves the decimal point of `int.frac` (ASCII digits) by `exp` places and returns canonical
/// text; `None` only for text too long to index.
fn shift_decimal(int: &str, frac: &str, exp: i32) -> Option<String> {
    let digits = format!("{int}{frac}");
    let point = i64::try_from(int.len()).ok()?.checked_add(i64::from(exp))?;
    let (i, f) = match usize::try_from(point) {
        Ok(p) if p >= digits.len() => (format!("{digits}{}", "0".repeat(p - digits.len())), String::new()),
        Ok(p) if p > 0 => {
            let (i, f) = digits.split_at_checked(p)?;
            (i.to_owned(), f.to_owned())
        }
        // The point moves left of every digit: |point| ≤ MAX_EXPONENT zeros are added.
        _ => ("0".to_owned(), format!("{}{digits}", "0".repeat(usize::try_from(point.unsigned_abs()).ok()?))),
    };
    let i = i.trim_start_matches('0');
    let i = if i.is_empty() { "0" } else { i };
    let f = f.trim_end_matches('0');
    Some(if f.is_empty() { i.to_owned() } else { format!("{i}.{f}") })
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
            // Alignment does not fit an i128: compare the canonical texts digit by digit instead.
            None => cmp_decimal_text(&self.text, &other.text),
        }
    }
}

/// Compares two canonical decimal texts (no sign, no leading integer zeros) by value.
fn cmp_decimal_text(a: &str, b: &str) -> Ordering {
    let (ai, af) = a.split_once('.').unwrap_or((a, ""));
    let (bi, bf) = b.split_once('.').unwrap_or((b, ""));
    // Equal-length digit strings order like their values; fractions after trimming trailing zeros.
    ai.len()
        .cmp(&bi.len())
        .then_with(|| ai.cmp(bi))
        .then_with(|| af.trim_end_matches('0').cmp(bf.trim_end_matches('0')))
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        // The flag first: bindings serialise amounts as strings, and then no number is made.
        match (!crate::exact_json::amounts_as_strings()).then(|| self.json_number()).flatten() {
            Some(n) => n.serialize(serializer),
            None => serializer.serialize_str(&self.text),
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        // The value's JSON text exactly as received, from text and from a `Value` tree alike.
        // Asked for a `Value`, serde_json hands a number from a tree over as an f64 whenever its
        // text is that f64's shortest form, and writes it back its own way: `-0` becomes `0`,
        // `0.000…01` becomes `1e-37`, and `111111110111191.13` (a tie) becomes `…12`.
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        // A number literal is its own exact text; a string without escapes is its inner text.
        // Anything else (escaped strings, other JSON kinds) goes through a `Value` for the same
        // reading and messages as `from_json`.
        let plain = match text.as_bytes() {
            [b'0'..=b'9' | b'-', ..] => Some(text),
            [b'"', inner @ .., b'"'] if !inner.contains(&b'\\') => std::str::from_utf8(inner).ok(),
            _ => None,
        };
        match plain {
            Some(t) => Amount::parse(t),
            None => {
                let v: serde_json::Value = serde_json::from_str(text).map_err(serde::de::Error::custom)?;
                Amount::from_json(&v)
            }
        }
        .map_err(serde::de::Error::custom)
    }
}

/// Serialises a value to compact JSON bytes: the exact bytes to sign and send.
pub fn to_body<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| Error::invalid_argument(format!("cannot serialise request body: {e}")))
}

/// Makes JSON text canonical: removes whitespace outside strings, keeping numbers, key order and
/// escapes exactly as written. Invalid JSON is an error. Empty text, or text of JSON whitespace
/// only (space, tab, CR, LF), gives an empty body; any other character is not JSON.
pub fn canonicalize(text: &str) -> Result<String> {
    // JSON's four whitespace characters only: `str::trim` would also drop form feeds, NBSP and
    // other Unicode spaces, turning text that is not JSON into an empty body.
    if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
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
mod tests;
