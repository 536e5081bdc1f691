//! Refund orders: spec §3.5–3.8 and §3.15.

use serde::{Deserialize, Serialize};

use super::{RefundStatus, Token, require, require_positive, validate_merchant_no};
use crate::Amount;
use crate::error::{Error, Result};

/// CreateRefundOrder request body: refund part or all of a paid order, or an abnormal payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct CreateRefundOrderRequest {
    /// Merchant's unique refund number (the idempotency key).
    pub refund_order_no: String,
    /// The payment order refunded (set this or `abnormal_payment_no`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub order_no: Option<String>,
    /// The abnormal payment refunded (set this or `order_no`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub abnormal_payment_no: Option<String>,
    /// Amount to refund.
    pub amount: Amount,
    /// Destination address, where the API asks for one (spec A10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub address: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub remark: Option<String>,
}

impl CreateRefundOrderRequest {
    /// A refund of `amount` against a payment order.
    pub fn for_order(refund_order_no: impl Into<String>, order_no: impl Into<String>, amount: Amount) -> Self {
        Self {
            refund_order_no: refund_order_no.into(),
            order_no: Some(order_no.into()),
            abnormal_payment_no: None,
            amount,
            address: None,
            remark: None,
        }
    }

    /// Checks required fields before anything is sent.
    pub fn validate(&self) -> Result<()> {
        validate_merchant_no("refundOrderNo", &self.refund_order_no)?;
        let has_order = self.order_no.as_deref().is_some_and(|s| !s.is_empty());
        let has_abnormal = self.abnormal_payment_no.as_deref().is_some_and(|s| !s.is_empty());
        if !has_order && !has_abnormal {
            return Err(Error::InvalidArgument { reason: "orderNo or abnormalPaymentNo is required".into() });
        }
        require_positive("amount", &self.amount)
    }
}

/// CreateAbnormalPaymentRefund request body (spec §3.15).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct CreateAbnormalPaymentRefundRequest {
    /// Merchant's unique refund number.
    pub refund_order_no: String,
    /// The related payment order.
    pub order_no: String,
    /// Hash of the abnormal on-chain payment.
    pub tx_hash: String,
    /// Token of that payment.
    pub token: Token,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub remark: Option<String>,
}

impl CreateAbnormalPaymentRefundRequest {
    /// Checks required fields before anything is sent.
    pub fn validate(&self) -> Result<()> {
        validate_merchant_no("refundOrderNo", &self.refund_order_no)?;
        require("orderNo", &self.order_no)?;
        require("txHash", &self.tx_hash)?;
        require("token", self.token.as_str())
    }
}

/// A refund order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct RefundOrder {
    /// W Checkout's refund id (`RF…`).
    #[serde(default)]
    pub sysid: String,
    /// Merchant refund number.
    pub refund_order_no: String,
    /// Refunded payment order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_no: Option<String>,
    /// Refunded abnormal payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abnormal_payment_no: Option<String>,
    /// Token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
    /// Refund amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Status.
    pub refund_status: RefundStatus,
    /// Refund transaction hash, once sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<String>,
    /// Destination address, when the refund was created with one (spec A10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// Last update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_time: Option<String>,
}

/// GetRefundOrderList request body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct ListRefundOrdersRequest {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_num: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_size: Option<u32>,
    /// Only refunds of this order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub order_no: Option<String>,
    /// Only refunds in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub refund_status: Option<RefundStatus>,
}
