//! Webhook event payloads (spec §6.3). Unknown fields are ignored; statuses keep unknown values.

use serde::{Deserialize, Serialize};

use super::{AbnormalPaymentStatus, AbnormalPaymentType, OrderStatus, RefundStatus, SettleStatus, Token};
use crate::Amount;

/// `CHECKOUT_ORDER_CHANGED` data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct CheckoutOrderChanged {
    /// Merchant order number.
    pub order_no: String,
    /// Token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
    /// Stablecoin amount due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paying_amount: Option<Amount>,
    /// USD amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_amount: Option<Amount>,
    /// New status.
    pub order_status: OrderStatus,
    /// Amount refunded so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refunded_amount: Option<Amount>,
    /// Payment transaction hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<String>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// Update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_time: Option<String>,
}

/// `REFUND_ORDER_CHANGED` data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct RefundOrderChanged {
    /// Merchant refund number.
    pub refund_order_no: String,
    /// Refunded order, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_no: Option<String>,
    /// Token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
    /// Refund amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// New status.
    pub refund_status: RefundStatus,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// Update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_time: Option<String>,
}

/// `SETTLEMENT_ORDER_CHANGED` data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct SettlementOrderChanged {
    /// Merchant settlement number.
    pub settlement_order_no: String,
    /// Token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
    /// Destination address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Amount settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_amount: Option<Amount>,
    /// New status.
    pub settle_status: SettleStatus,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// Update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_time: Option<String>,
}

/// `ABNORMAL_PAYMENT` data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct AbnormalPaymentDetected {
    /// Abnormal payment number.
    pub abnormal_payment_no: String,
    /// Related order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_no: Option<String>,
    /// Token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
    /// Amount received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Chain transaction hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// Amount still to be handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_amount: Option<Amount>,
    /// Type, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abnormal_type: Option<AbnormalPaymentType>,
    /// Status, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AbnormalPaymentStatus>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// Update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_time: Option<String>,
}

impl CheckoutOrderChanged {
    /// `order:<orderNo>:<orderStatus>`: the same transition seen by a webhook and by the
    /// reconciler has the same key.
    pub fn dedupe_key(&self) -> String {
        format!("order:{}:{}", self.order_no, self.order_status)
    }
}

impl RefundOrderChanged {
    /// `refund:<refundOrderNo>:<refundStatus>`.
    pub fn dedupe_key(&self) -> String {
        format!("refund:{}:{}", self.refund_order_no, self.refund_status)
    }
}

impl SettlementOrderChanged {
    /// `settlement:<settlementOrderNo>:<settleStatus>`.
    pub fn dedupe_key(&self) -> String {
        format!("settlement:{}:{}", self.settlement_order_no, self.settle_status)
    }
}

impl AbnormalPaymentDetected {
    /// `abnormal:<abnormalPaymentNo>:<status>`, the status being `DETECTED` when the event
    /// carries none.
    pub fn dedupe_key(&self) -> String {
        let status = self.status.as_ref().map_or("DETECTED", |s| s.as_str());
        format!("abnormal:{}:{status}", self.abnormal_payment_no)
    }
}
