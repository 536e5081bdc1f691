//! JSON text across the boundary. JavaScript numbers are binary doubles, so:
//! * inbound, a fractional or unsafe-integer number is refused (amounts travel as decimal strings);
//! * outbound, typed results write amounts as strings (`wcheckout::exact_json`), and untyped JSON
//!   (raw `request()` results, unknown webhook data) turns every number a double cannot hold
//!   exactly into a string with its digits.

use serde::de::DeserializeOwned;
use serde_json::Value;
use wcheckout::Error as CoreError;

use crate::error::invalid;

/// Largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

fn is_safe_integer(n: &serde_json::Number) -> bool {
    n.as_u64().is_some_and(|v| v <= MAX_SAFE_INTEGER)
        || n.as_i64().is_some_and(|v| v.unsigned_abs() <= MAX_SAFE_INTEGER)
}

/// Parses JSON text written by `JSON.stringify` and checks its numbers.
pub fn parse_input(what: &str, text: &str) -> Result<Value, CoreError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| invalid(format!("{what} is not serialisable JSON: {e}")))?;
    check_numbers(what, &value)?;
    Ok(value)
}

fn check_numbers(what: &str, value: &Value) -> Result<(), CoreError> {
    match value {
        Value::Number(n) if !is_safe_integer(n) => Err(invalid(format!(
            "{what}: the number {n} cannot be passed exactly from JavaScript; write amounts as decimal strings \
             such as \"12.50\""
        ))),
        Value::Array(items) => items.iter().try_for_each(|v| check_numbers(what, v)),
        Value::Object(map) => map.values().try_for_each(|v| check_numbers(what, v)),
        _ => Ok(()),
    }
}

/// Parses a JSON object into a typed core request.
pub fn parse_request<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, CoreError> {
    let value = parse_input(what, text)?;
    if !value.is_object() {
        return Err(invalid(format!("{what} must be an object")));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner().to_string();
        let at = if field == "." { String::new() } else { format!("{field}: ") };
        // Amount errors keep their own code (and are not prefixed twice).
        match inner.strip_prefix("invalid amount: ") {
            Some(reason) => CoreError::InvalidAmount { reason: format!("{what}: {at}{reason}") },
            None => invalid(format!("{what}: {at}{inner}")),
        }
    })
}

/// Serialises a typed core result, amounts as decimal strings.
pub fn typed_out<T: serde::Serialize>(value: &T) -> Result<String, CoreError> {
    wcheckout::exact_json::to_string_with_string_amounts(value)
}

/// [`typed_out`] into a buffer of `capacity` bytes to start with (no regrowth when the size is
/// known roughly, as for a webhook event: about its body's).
pub fn typed_out_sized<T: serde::Serialize>(value: &T, capacity: usize) -> Result<String, CoreError> {
    let mut out = Vec::with_capacity(capacity);
    wcheckout::exact_json::with_string_amounts(|| serde_json::to_writer(&mut out, value))
        .map_err(|e| CoreError::decode(format!("cannot serialise result: {e}")))?;
    // serde_json writes UTF-8 only.
    String::from_utf8(out).map_err(|e| CoreError::decode(format!("cannot serialise result: {e}")))
}

/// Rewrites numbers a double cannot hold exactly as strings with their digits.
pub fn exact_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) if !is_safe_integer(&n) => Value::String(n.to_string()),
        Value::Array(items) => Value::Array(items.into_iter().map(exact_numbers).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, exact_numbers(v))).collect()),
        other => other,
    }
}

/// Serialises untyped JSON for JavaScript (numbers made exact first).
pub fn untyped_out(value: Value) -> Result<String, CoreError> {
    serde_json::to_string(&exact_numbers(value)).map_err(|e| CoreError::decode(format!("cannot serialise result: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert!(parse_input("x", r#"{"a":1,"b":[2,-3]}"#).is_ok());
        assert!(parse_input("x", r#"{"a":1.5}"#).is_err());
        assert!(parse_input("x", "9007199254740992").is_err());
        let v: Value = serde_json::from_str(r#"{"a":0.50,"b":7,"c":[12345678901234567890]}"#).unwrap();
        assert_eq!(untyped_out(v).unwrap(), r#"{"a":"0.50","b":7,"c":["12345678901234567890"]}"#);
    }
}
