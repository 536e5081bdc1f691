//! The `{retcode, retdata, retmsg}` response envelope (spec §4.1).

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Error, Result};

/// A `retcode`, accepted as a JSON number or string and kept as text (`200`, `"200"`, `"00008"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct RetCode(pub String);

impl RetCode {
    /// The success code.
    pub fn success() -> Self {
        RetCode("200".to_owned())
    }

    /// True for 200, written as a number or a string.
    pub fn is_success(&self) -> bool {
        self.0.trim() == "200"
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for RetCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => Ok(RetCode(s)),
            serde_json::Value::Number(n) => Ok(RetCode(n.to_string())),
            other => Err(serde::de::Error::custom(format!("retcode must be a number or string, got {other}"))),
        }
    }
}

/// A successful call's `retdata` as its own JSON text (`null` and absent are `None`).
pub(crate) type RetData = Box<serde_json::value::RawValue>;

/// [`Envelope`] with `retdata` kept as its JSON text: how the client reads responses, so a typed
/// result is decoded straight from the text (exact amounts, no `Value` tree built first).
#[derive(Debug, Deserialize)]
pub(crate) struct RawEnvelope {
    retcode: RetCode,
    #[serde(default)]
    retdata: Option<RetData>,
    #[serde(default)]
    retmsg: Option<String>,
}

impl RawEnvelope {
    /// Parses envelope bytes (the same checks and messages as [`Envelope::parse`]).
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self> {
        serde_json::from_slice(bytes).map_err(|e| Error::decode(format!("response is not a W Checkout envelope: {e}")))
    }

    /// As [`Envelope::into_result`].
    pub(crate) fn into_result(self, http_status: u16) -> Result<Option<RetData>> {
        if http_status == 200 && self.retcode.is_success() {
            Ok(self.retdata)
        } else {
            Err(Error::api(self.retcode.0, self.retmsg.unwrap_or_default(), http_status))
        }
    }
}

/// The API's response envelope, with `retdata` left as raw JSON until the caller types it.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Envelope {
    /// Business result code; success is 200.
    pub retcode: RetCode,
    /// The payload (absent or `null` for some operations).
    #[serde(default)]
    pub retdata: Option<serde_json::Value>,
    /// Message: empty or `null` on success, the error text otherwise.
    #[serde(default)]
    pub retmsg: Option<String>,
}

impl Envelope {
    /// Parses envelope bytes.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        serde_json::from_slice(bytes).map_err(|e| Error::decode(format!("response is not a W Checkout envelope: {e}")))
    }

    /// A success envelope around `retdata`, as the API writes it (`retcode` the string `"200"`).
    pub fn success(retdata: serde_json::Value) -> Self {
        Envelope { retcode: RetCode::success(), retdata: Some(retdata), retmsg: Some(String::new()) }
    }

    /// An error envelope.
    pub fn failure(retcode: &str, retmsg: &str) -> Self {
        Envelope { retcode: RetCode(retcode.to_owned()), retdata: None, retmsg: Some(retmsg.to_owned()) }
    }

    /// Success is HTTP 200 and `retcode` 200; anything else is [`Error::Api`].
    pub fn into_result(self, http_status: u16) -> Result<Option<serde_json::Value>> {
        if http_status == 200 && self.retcode.is_success() {
            Ok(self.retdata.filter(|v| !v.is_null()))
        } else {
            Err(Error::api(self.retcode.0, self.retmsg.unwrap_or_default(), http_status))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_envelope_keeps_retdata_text_and_agrees_with_envelope() {
        let bodies: [&[u8]; 6] = [
            br#"{"retcode":200,"retdata":{"orderAmount":111111110111191.13,"x":[1e-7,"\u00e9"]},"retmsg":""}"#,
            br#"{"retcode":"200","retdata":null}"#,
            br#"{"retcode":"200"}"#,
            br#"{"retcode":"00008","retmsg":"duplicate"}"#,
            br#"{"retcode":200,"retdata":{"a":1},"retdata":{"a":2}}"#,
            br#"{"retcode":200,"retdata":{"a":"#,
        ];
        for body in bodies {
            let text = String::from_utf8_lossy(body);
            match (
                Envelope::parse(body).and_then(|e| e.into_result(200)),
                RawEnvelope::parse(body).and_then(|e| e.into_result(200)),
            ) {
                (Ok(tree), Ok(raw)) => {
                    assert_eq!(tree.is_some(), raw.is_some(), "{text}");
                    if let (Some(tree), Some(raw)) = (tree, raw) {
                        let again: serde_json::Value = serde_json::from_str(raw.get()).unwrap();
                        assert_eq!(again, tree, "{text}");
                    }
                }
                (Err(a), Err(b)) => assert_eq!((a.code(), a.to_string()), (b.code(), b.to_string()), "{text}"),
                (a, b) => panic!("{text}: {a:?} vs {b:?}"),
            }
        }
        // The amount's digits exactly as written, read straight from the text.
        let raw = RawEnvelope::parse(bodies[0]).unwrap().into_result(200).unwrap().unwrap();
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct T {
            order_amount: crate::Amount,
        }
        assert_eq!(serde_json::from_str::<T>(raw.get()).unwrap().order_amount.as_str(), "111111110111191.13");
    }
}
