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
