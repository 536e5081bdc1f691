//! Calling an operation by name with JSON parameters (the CLI's `call`, and bindings that pass
//! dictionaries). Parameters are decoded into the typed request models, so validation and
//! canonical bodies are exactly those of the typed methods.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Client;
use crate::error::{Error, Result};
use crate::operation::Operation;

fn params<T: DeserializeOwned>(op: Operation, json: &serde_json::Value) -> Result<T> {
    serde_json::from_value(json.clone())
        .map_err(|e| Error::InvalidArgument { reason: format!("{} parameters: {e}", op.name()) })
}

fn key(op: Operation, json: &serde_json::Value) -> Result<String> {
    let name = op.query_key().unwrap_or("id");
    match json.get(name) {
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        _ => Err(Error::InvalidArgument { reason: format!("{} needs a string parameter {name:?}", op.name()) }),
    }
}

fn out<T: Serialize>(v: Result<T>) -> Result<serde_json::Value> {
    serde_json::to_value(v?).map_err(|e| Error::decode(e.to_string()))
}

impl Client {
    /// Calls `op` with JSON parameters (the request body fields, or `{"orderNo": …}` style for
    /// GET operations; `forwardedFor` is accepted on order creation) and returns the typed result
    /// as JSON, amounts exact.
    pub fn call(&self, op: Operation, json: &serde_json::Value) -> Result<serde_json::Value> {
        use Operation as O;
        if !json.is_object() {
            return Err(Error::InvalidArgument { reason: format!("{} parameters must be a JSON object", op.name()) });
        }
        match op {
            O::GetAccessToken => Err(Error::InvalidArgument {
                reason: "the access token is fetched and cached by the client; call any operation instead".into(),
            }),
            O::CreateCheckoutOrder => {
                let mut body = json.clone();
                let ip = body.as_object_mut().and_then(|m| m.remove("forwardedFor"));
                let ip = match ip {
                    None | Some(serde_json::Value::Null) => None,
                    Some(serde_json::Value::String(s)) => Some(s),
                    Some(_) => return Err(Error::InvalidArgument { reason: "forwardedFor must be a string".into() }),
                };
                out(self.create_checkout_order(&params(op, &body)?, ip.as_deref()))
            }
            O::CancelCheckoutOrder => out(self.cancel_checkout_order(&key(op, json)?)),
            O::GetCheckoutOrderInfo => out(self.get_checkout_order_info(&key(op, json)?)),
            O::GetCheckoutOrderList => out(self.list_checkout_orders(&params(op, json)?)),
            O::CreateRefundOrder => out(self.create_refund_order(&params(op, json)?)),
            O::CancelRefundOrder => out(self.cancel_refund_order(&key(op, json)?)),
            O::GetRefundOrderInfo => out(self.get_refund_order_info(&key(op, json)?)),
            O::GetRefundOrderList => out(self.list_refund_orders(&params(op, json)?)),
            O::CreateSettlementOrder => out(self.create_settlement_order(&params(op, json)?)),
            O::CreateFiatSettlementOrder => out(self.create_fiat_settlement_order(&params(op, json)?)),
            O::CancelSettlementOrder => out(self.cancel_settlement_order(&key(op, json)?)),
            O::GetSettlementOrder => out(self.get_settlement_order(&key(op, json)?)),
            O::GetSettlementOrderList => out(self.list_settlement_orders(&params(op, json)?)),
            O::GetAbnormalPaymentList => out(self.list_abnormal_payments(&params(op, json)?)),
            O::CreateAbnormalPaymentRefund => out(self.create_abnormal_payment_refund(&params(op, json)?)),
        }
    }
}
