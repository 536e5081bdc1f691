//! Business errors (`retcode` + `retmsg`) and reading request parameters: JSON body fields and
//! paging. Query parameters are decoded in `query.rs`.

use serde::Serialize;
use serde_json::{Map, Value};
use wcheckout::Amount;
use wcheckout::model::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Token, validate_merchant_no};
use wcheckout::operation::retcode;

/// A business error: answered as HTTP 200 (business calls) with `{"retcode","retdata":null,"retmsg"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub retcode: &'static str,
    pub message: String,
}

impl ApiError {
    pub(crate) fn new(retcode: &'static str, message: impl Into<String>) -> Self {
        Self { retcode, message: message.into() }
    }
    /// 00007.
    pub(crate) fn missing(field: &str) -> Self {
        Self::new(retcode::MISSING_FIELD, format!("missing required field: {field}"))
    }
    /// 00008.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(retcode::INVALID_PARAMETER, message)
    }
    /// 00010.
    pub(crate) fn not_found(what: &str, key: &str) -> Self {
        Self::new(retcode::NOT_FOUND, format!("{what} {key} not found"))
    }
    /// 00011.
    pub(crate) fn illegal(message: impl Into<String>) -> Self {
        Self::new(retcode::ILLEGAL_STATE, message)
    }
    /// 00009.
    pub(crate) fn duplicate(field: &str, value: &str) -> Self {
        Self::new(retcode::DUPLICATE, format!("duplicate {field}: {value} already exists"))
    }
    /// 00012.
    pub(crate) fn exceeded(message: impl Into<String>) -> Self {
        Self::new(retcode::AMOUNT_EXCEEDED, message)
    }
}

/// Result of a handler: the `retdata` on success.
pub(crate) type ApiResult<T = Value> = Result<T, ApiError>;

/// A JSON request body.
pub(crate) type Fields = Map<String, Value>;

/// Parses a body that must be a JSON object (00005 otherwise).
pub(crate) fn json_object(body: &[u8]) -> ApiResult<Fields> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(retcode::MALFORMED_JSON, "request body is empty: expected a JSON object"));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::new(retcode::MALFORMED_JSON, "request body must be a JSON object")),
        Err(e) => Err(ApiError::new(retcode::MALFORMED_JSON, format!("request body is not valid JSON: {e}"))),
    }
}

/// Like [`json_object`], but an empty body is `{}` (list calls).
pub(crate) fn json_object_or_empty(body: &[u8]) -> ApiResult<Fields> {
    if body.iter().all(u8::is_ascii_whitespace) { Ok(Map::new()) } else { json_object(body) }
}

fn present<'a>(f: &'a Fields, name: &str) -> Option<&'a Value> {
    match f.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(v) => Some(v),
    }
}

/// 00007 for the first of `names` that is absent, null or an empty string.
pub(crate) fn require(f: &Fields, names: &[&str]) -> ApiResult<()> {
    match names.iter().find(|n| present(f, n).is_none()) {
        Some(n) => Err(ApiError::missing(n)),
        None => Ok(()),
    }
}

/// An optional string field (empty counts as absent); 00008 if it is not a string.
pub(crate) fn opt_str(f: &Fields, name: &str) -> ApiResult<Option<String>> {
    match present(f, name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::invalid(format!("{name} must be a string"))),
    }
}

/// A required string field.
pub(crate) fn req_str(f: &Fields, name: &str) -> ApiResult<String> {
    opt_str(f, name)?.ok_or_else(|| ApiError::missing(name))
}

/// A merchant number (`orderNo`, …): ASCII letters and digits, at most 64 (00008 otherwise).
pub(crate) fn merchant_no(f: &Fields, name: &str) -> ApiResult<String> {
    let v = req_str(f, name)?;
    check_merchant_no(name, &v)?;
    Ok(v)
}

/// Validates a merchant number from any source.
pub(crate) fn check_merchant_no(name: &str, value: &str) -> ApiResult<()> {
    validate_merchant_no(name, value).map_err(|e| match e {
        wcheckout::Error::InvalidArgument { reason } => ApiError::invalid(reason),
        other => ApiError::invalid(other.to_string()),
    })
}

/// A required, positive amount: a JSON number or a decimal string.
pub(crate) fn req_amount(f: &Fields, name: &str) -> ApiResult<Amount> {
    let v = present(f, name).ok_or_else(|| ApiError::missing(name))?;
    let a = Amount::from_json(v).map_err(|e| ApiError::invalid(format!("{name}: {e}")))?;
    if a.is_zero() {
        return Err(ApiError::invalid(format!("{name} must be greater than zero")));
    }
    Ok(a)
}

/// The required `token` field: one of the known `{CHAIN}_{TOKEN}` codes.
pub(crate) fn req_token(f: &Fields) -> ApiResult<Token> {
    let t = Token::from_wire(&req_str(f, "token")?);
    if !t.is_known() {
        return Err(ApiError::invalid(format!(
            "unsupported token {}: expected one of {}",
            t.as_str(),
            Token::KNOWN.join(", ")
        )));
    }
    Ok(t)
}

/// An optional non-negative integer field.
pub(crate) fn opt_u64(f: &Fields, name: &str) -> ApiResult<Option<u64>> {
    match f.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .to_string()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| ApiError::invalid(format!("{name} must be a whole number"))),
        Some(_) => Err(ApiError::invalid(format!("{name} must be a whole number"))),
    }
}

/// An optional status filter: must be one of `known` (00008 otherwise).
pub(crate) fn opt_status(f: &Fields, name: &str, known: &[&str]) -> ApiResult<Option<String>> {
    match opt_str(f, name)? {
        Some(s) if !known.contains(&s.as_str()) => {
            Err(ApiError::invalid(format!("{name} {s} is not one of {}", known.join(", "))))
        }
        other => Ok(other),
    }
}

/// `pageNum` (from 1, default 1) and `pageSize` (1..=100, default 20).
pub(crate) fn paging(f: &Fields) -> ApiResult<(u32, u32)> {
    let num = opt_u64(f, "pageNum")?.unwrap_or(1);
    let size = opt_u64(f, "pageSize")?.unwrap_or(u64::from(DEFAULT_PAGE_SIZE));
    if num == 0 || num > u64::from(u32::MAX) {
        return Err(ApiError::invalid("pageNum must be 1 or more"));
    }
    if size == 0 || size > u64::from(MAX_PAGE_SIZE) {
        return Err(ApiError::invalid(format!("pageSize must be between 1 and {MAX_PAGE_SIZE}")));
    }
    Ok((num as u32, size as u32))
}

/// One page of `items` as `{"records","total","pageNum","pageSize"}`.
pub(crate) fn page<T: Serialize>(items: Vec<T>, num: u32, size: u32) -> ApiResult {
    let total = items.len();
    let skip = (num as usize - 1).saturating_mul(size as usize);
    let records: Vec<T> = items.into_iter().skip(skip).take(size as usize).collect();
    let page = wcheckout::model::Page { records, total: total as u64, page_num: num, page_size: size };
    to_json(&page)
}

/// Serialises a response model (never fails for the sandbox's types; 500 if it did).
pub(crate) fn to_json<T: Serialize>(v: &T) -> ApiResult {
    serde_json::to_value(v).map_err(|e| ApiError::new(retcode::INTERNAL, format!("cannot serialise response: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_bounds() {
        let f = |v: Value| v.as_object().cloned().unwrap();
        assert_eq!(paging(&Map::new()).unwrap(), (1, 20));
        assert!(paging(&f(serde_json::json!({"pageNum":0}))).is_err());
        assert!(paging(&f(serde_json::json!({"pageSize":101}))).is_err());
        assert!(paging(&f(serde_json::json!({"pageSize":"x"}))).is_err());
        assert_eq!(paging(&f(serde_json::json!({"pageNum":3,"pageSize":100}))).unwrap(), (3, 100));
    }
}
