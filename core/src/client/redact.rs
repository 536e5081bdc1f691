//! Removes secrets from text that reaches errors and logs: the api secret and the sign key, each
//! as written and percent-encoded (as they travel on the token call); the recently issued access
//! tokens; and the value after any `Bearer `, which a gateway may echo back.
//!
//! A secret shorter than [`MIN_ANYWHERE`] characters is redacted only where it stands as a whole
//! word: replacing every `s` inside words would garble each message and, by the gaps it leaves,
//! give the secret away. Such a secret protects nothing anyway; the docs say so.

/// Secrets at least this long are redacted wherever they appear, even inside words.
pub(crate) const MIN_ANYWHERE: usize = 8;

const MARK: &str = "<redacted>";

/// The forms a secret may take in text: as written, percent-encoded with upper- and lower-case
/// hex, and with `+` for space (form encoding).
fn forms(secret: &str) -> Vec<String> {
    let mut upper = String::new();
    let mut lower = String::new();
    let mut plus = String::new();
    for b in secret.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            for s in [&mut upper, &mut lower, &mut plus] {
                s.push(char::from(b));
            }
        } else {
            upper.push_str(&format!("%{b:02X}"));
            lower.push_str(&format!("%{b:02x}"));
            if b == b' ' {
                plus.push('+');
            } else {
                plus.push_str(&format!("%{b:02X}"));
            }
        }
    }
    let mut all = vec![secret.to_owned(), upper, lower, plus];
    all.sort();
    all.dedup();
    // Longest first, so a form that contains another is replaced whole.
    all.sort_by_key(|s| std::cmp::Reverse(s.len()));
    all
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Replaces `needle` in `text`; when `whole_words`, only where it is not inside a word.
fn replace(text: &str, needle: &str, whole_words: bool) -> String {
    if needle.is_empty() || !text.contains(needle) {
        return text.to_owned();
    }
    if !whole_words {
        return text.replace(needle, MARK);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, _) in text.match_indices(needle) {
        if i < last {
            continue;
        }
        let end = i + needle.len();
        let before_ok = i == 0 || !is_word_byte(bytes[i - 1]);
        let after_ok = end == bytes.len() || !is_word_byte(bytes[end]);
        if before_ok && after_ok {
            out.push_str(&text[last..i]);
            out.push_str(MARK);
            last = end;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Replaces the value after every `Bearer ` (any case) up to whitespace, a quote or a comma.
fn redact_bearer(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("bearer") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(found) = lower[pos..].find("bearer") {
        let start = pos + found + "bearer".len();
        // The scheme, then at least one space or `%20`/`+` (an echoed, encoded header).
        let rest = &text[start..];
        let sep = if rest.starts_with(' ') || rest.starts_with('+') {
            rest.len() - rest.trim_start_matches([' ', '+']).len()
        } else if rest.starts_with("%20") {
            3
        } else {
            0
        };
        let value_start = start + sep;
        let value_len = text[value_start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '}' | ']' | '\\'))
            .unwrap_or(text.len() - value_start);
        out.push_str(&text[pos..value_start]);
        // Words in prose ("the bearer of …") are shorter than any token; tokens we issued are also
        // redacted verbatim wherever they appear.
        if sep > 0 && value_len >= 6 && !text[value_start..value_start + value_len].starts_with(MARK) {
            out.push_str(MARK);
        } else {
            out.push_str(&text[value_start..value_start + value_len]);
        }
        pos = value_start + value_len;
    }
    out.push_str(&text[pos..]);
    out
}

/// Redacts `secrets` (in all their forms) and bearer values from `text`.
pub(crate) fn redact<S: AsRef<str>>(text: &str, secrets: &[S]) -> String {
    let mut out = redact_bearer(text);
    for secret in secrets {
        let secret = secret.as_ref();
        if secret.trim().is_empty() {
            continue;
        }
        let whole_words = secret.chars().count() < MIN_ANYWHERE;
        for form in forms(secret) {
            out = replace(&out, &form, whole_words);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_secret_goes() {
        let secret = "s3cr&t value+%41#";
        for text in [
            "secret s3cr&t value+%41# here",
            "api_secret=s3cr%26t%20value%2B%2541%23&x",
            "api_secret=s3cr%26t%20value%2b%2541%23",
            "api_secret=s3cr%26t+value%2B%2541%23",
        ] {
            let out = redact(text, &[secret]);
            assert!(out.contains(MARK), "{text} → {out}");
            assert!(!out.contains("s3cr"), "{text} → {out}");
        }
    }

    #[test]
    fn short_secrets_only_as_whole_words() {
        assert_eq!(redact("response is s", &["s"]), "response is <redacted>");
        assert_eq!(redact("the response", &["s"]), "the response");
        assert_eq!(redact("key=abc&x=abcdef", &["abc"]), "key=<redacted>&x=abcdef");
        assert_eq!(redact("xx-longsecret-xx", &["longsecret"]), "xx-<redacted>-xx");
        assert_eq!(redact("inlongsecretword", &["longsecret"]), "in<redacted>word");
    }

    #[test]
    fn bearer_values_go() {
        assert_eq!(
            redact("Authorization: Bearer abc.def-ghi rest", &[] as &[&str]),
            "Authorization: Bearer <redacted> rest"
        );
        assert_eq!(redact(r#"{"h":"bearer xyz123"}"#, &[] as &[&str]), r#"{"h":"bearer <redacted>"}"#);
        assert_eq!(redact("Bearer%20tok123", &[] as &[&str]), "Bearer%20<redacted>");
        assert_eq!(redact("the bearer of news", &[] as &[&str]), "the bearer of news");
        assert_eq!(redact("Bearer", &[] as &[&str]), "Bearer");
        assert_eq!(redact("BearerX", &[] as &[&str]), "BearerX");
    }
}
