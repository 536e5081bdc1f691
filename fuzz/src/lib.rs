//! Reference implementations the fuzz targets check `wcheckout` against. They share no code with
//! the SDK and favour being obviously right over being fast.

pub mod decimal {
    //! Exact decimal arithmetic on digit strings (schoolbook), and the documented amount grammar.

    use std::cmp::Ordering;

    /// Most significant digits an amount may carry (`wcheckout::body::MAX_DIGITS`, restated).
    pub const MAX_DIGITS: usize = 36;
    /// Most digits in canonical text (integer and fraction, zeros included).
    pub const MAX_TEXT_DIGITS: usize = 38;
    /// Most fraction digits any amount can have.
    pub const MAX_SCALE: usize = 37;

    /// A non-negative decimal: little-endian digits of value × 10^scale.
    #[derive(Debug, Clone)]
    pub struct Dec {
        digits: Vec<u8>,
        scale: usize,
    }

    impl Dec {
        /// Reads canonical text `digits[.digits]`.
        pub fn from_text(text: &str) -> Dec {
            let (int, frac) = text.split_once('.').unwrap_or((text, ""));
            let digits = int.bytes().chain(frac.bytes()).rev().map(|b| b - b'0').collect();
            Dec { digits, scale: frac.len() }
        }

        /// Number of fraction digits.
        pub fn scale(&self) -> usize {
            self.scale
        }

        /// The same value with `scale` (≥ the current one) fraction digits.
        pub fn rescaled(&self, scale: usize) -> Dec {
            assert!(scale >= self.scale);
            let mut digits = vec![0; scale - self.scale];
            digits.extend_from_slice(&self.digits);
            Dec { digits, scale }
        }

        fn digit(&self, i: usize) -> u8 {
            self.digits.get(i).copied().unwrap_or(0)
        }

        /// Text with exactly `scale` fraction digits and no leading integer zeros.
        pub fn to_text(&self) -> String {
            let mut d = self.digits.clone();
            while d.len() <= self.scale {
                d.push(0);
            }
            while d.len() > self.scale + 1 && d.last() == Some(&0) {
                d.pop();
            }
            let s: String = d.iter().rev().map(|x| char::from(b'0' + x)).collect();
            let (int, frac) = s.split_at(s.len() - self.scale);
            if frac.is_empty() { int.to_owned() } else { format!("{int}.{frac}") }
        }

        /// Numeric comparison.
        pub fn cmp_value(&self, other: &Dec) -> Ordering {
            let s = self.scale.max(other.scale);
            let (a, b) = (self.rescaled(s), other.rescaled(s));
            let n = a.digits.len().max(b.digits.len());
            (0..n).rev().map(|i| a.digit(i).cmp(&b.digit(i))).find(|o| o.is_ne()).unwrap_or(Ordering::Equal)
        }

        /// Exact sum at the larger scale.
        pub fn add(&self, other: &Dec) -> Dec {
            let s = self.scale.max(other.scale);
            let (a, b) = (self.rescaled(s), other.rescaled(s));
            let n = a.digits.len().max(b.digits.len()) + 1;
            let mut carry = 0;
            let digits = (0..n)
                .map(|i| {
                    let v = a.digit(i) + b.digit(i) + carry;
                    carry = v / 10;
                    v % 10
                })
                .collect();
            Dec { digits, scale: s }
        }

        /// Exact difference at the larger scale; `None` when negative.
        pub fn sub(&self, other: &Dec) -> Option<Dec> {
            if self.cmp_value(other) == Ordering::Less {
                return None;
            }
            let s = self.scale.max(other.scale);
            let (a, b) = (self.rescaled(s), other.rescaled(s));
            let mut borrow = 0i8;
            let digits = (0..a.digits.len().max(b.digits.len()))
                .map(|i| {
                    let mut v = i8::try_from(a.digit(i)).unwrap_or(0) - i8::try_from(b.digit(i)).unwrap_or(0) - borrow;
                    borrow = i8::from(v < 0);
                    if v < 0 {
                        v += 10;
                    }
                    u8::try_from(v).unwrap_or(0)
                })
                .collect();
            Some(Dec { digits, scale: s })
        }

        /// `self × other` rounded half-up to `scale` fraction digits.
        pub fn mul_rounded(&self, other: &Dec, scale: usize) -> Dec {
            let mut p = vec![0u32; self.digits.len() + other.digits.len() + 1];
            for (i, x) in self.digits.iter().enumerate() {
                for (j, y) in other.digits.iter().enumerate() {
                    p[i + j] += u32::from(*x) * u32::from(*y);
                }
            }
            let mut carry = 0;
            for d in &mut p {
                let v = *d + carry;
                *d = v % 10;
                carry = v / 10;
            }
            let mut p: Vec<u8> = p.into_iter().map(|d| u8::try_from(d).unwrap_or(0)).collect();
            let from = self.scale + other.scale;
            if scale >= from {
                p.splice(0..0, std::iter::repeat_n(0, scale - from));
            } else {
                let drop = from - scale;
                let round_up = p.get(drop - 1).is_some_and(|d| *d >= 5);
                p = p.get(drop..).map(<[u8]>::to_vec).unwrap_or_default();
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
            Dec { digits: p, scale }
        }

        /// The value's digits with leading and trailing zeros stripped, as text.
        pub fn significand(&self) -> String {
            let t: String = self.digits.iter().rev().map(|x| char::from(b'0' + x)).collect();
            t.trim_start_matches('0').trim_end_matches('0').to_owned()
        }
    }

    /// Whether canonical `text` is within the documented limits of an amount.
    pub fn representable(text: &str) -> bool {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let significant = format!("{int}{frac}").trim_start_matches('0').len();
        significant <= MAX_DIGITS && int.len() + frac.len() <= MAX_TEXT_DIGITS
    }

    /// What `Amount::parse` must produce for `input` by the documented grammar:
    /// `(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]{1,4})?`, exponent within ±36; plain decimals keep
    /// their text, exponent forms become plain digits without trailing fraction zeros. `None`
    /// when the grammar refuses it (the result may still be out of range: see [`representable`]).
    pub fn expected_canonical(input: &str) -> Option<String> {
        let (num, exp) = match input.find(['e', 'E']) {
            Some(i) => {
                let e = &input[i + 1..];
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let v: i64 = e.parse().ok()?;
                if v.abs() > 36 {
                    return None;
                }
                (&input[..i], Some(v))
            }
            None => (input, None),
        };
        let (int, frac) = match num.split_once('.') {
            Some((i, f)) if !f.is_empty() => (i, f),
            Some(_) => return None,
            None => (num, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) || (int.len() > 1 && int.starts_with('0')) {
            return None;
        }
        let Some(exp) = exp else { return Some(num.to_owned()) };
        // Significand without leading zeros and the position of the point relative to it.
        let all = format!("{int}{frac}");
        let lead = all.len() - all.trim_start_matches('0').len();
        let sig = all.trim_start_matches('0').trim_end_matches('0');
        if sig.is_empty() {
            return Some("0".to_owned());
        }
        let point = i64::try_from(int.len()).ok()? - i64::try_from(lead).ok()? + exp;
        let len = i64::try_from(sig.len()).ok()?;
        Some(if point <= 0 {
            format!("0.{}{sig}", "0".repeat(usize::try_from(-point).ok()?))
        } else if point >= len {
            format!("{sig}{}", "0".repeat(usize::try_from(point - len).ok()?))
        } else {
            let (i, f) = sig.split_at(usize::try_from(point).ok()?);
            format!("{i}.{f}")
        })
    }
}

pub mod sig {
    //! Reference HMAC-SHA512 + Base64 straight from the primitives.

    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::Sha512;

    /// `Base64(HMAC_SHA512(key, parts…))`; `None` only if the key were unusable (never for HMAC).
    pub fn sign(key: &[u8], parts: &[&[u8]]) -> Option<String> {
        let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(key).ok()?;
        for p in parts {
            mac.update(p);
        }
        Some(STANDARD.encode(mac.finalize().into_bytes()))
    }
}

pub mod json {
    //! JSON text helpers (RFC 8259).

    /// The four whitespace characters JSON allows between tokens.
    pub fn is_ws(c: char) -> bool {
        matches!(c, ' ' | '\t' | '\n' | '\r')
    }

    /// True when `text` has no JSON whitespace outside string literals.
    pub fn compact(text: &str) -> bool {
        let (mut in_string, mut escaped) = (false, false);
        for c in text.chars() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
            } else if c == '"' {
                in_string = true;
            } else if is_ws(c) {
                return false;
            }
        }
        true
    }

    /// True when `text` has a `\uD800`–`\uDFFF` escape (half of a UTF-16 surrogate pair).
    pub fn has_surrogate_escape(text: &[u8]) -> bool {
        text.windows(4).any(|w| {
            w[0] == b'\\'
                && w[1] == b'u'
                && matches!(w[2], b'd' | b'D')
                && matches!(w[3], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
        })
    }

    /// Deepest nesting of `[` / `{` outside strings.
    pub fn max_depth(text: &[u8]) -> usize {
        let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
        for &c in text {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == b'\\' {
                    escaped = true;
                } else if c == b'"' {
                    in_string = false;
                }
            } else {
                match c {
                    b'"' => in_string = true,
                    b'[' | b'{' => {
                        depth += 1;
                        max = max.max(depth);
                    }
                    b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
        max
    }
}
