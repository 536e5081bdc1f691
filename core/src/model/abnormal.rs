//! Abnormal payments (over-, under- and late payments): spec §3.14, §7.4.

use serde::{Deserialize, Serialize};

use super::{AbnormalPaymentStatus, AbnormalPaymentType, Token};
use crate::Amount;

/// An abnormal payment record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct AbnormalPayment {
    /// W Checkout's abnormal payment number.
    pub abnormal_payment_no: String,
    /// The related payment order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_no: Option<String>,
    /// Token paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
    /// Amount actually received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// On-chain transaction hash of the payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// Amount still to be handled (e.g. the overpaid difference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_amount: Option<Amount>,
    /// Over-, under- or late payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abnormal_type: Option<AbnormalPaymentType>,
    /// Pending or handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AbnormalPaymentStatus>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// Last update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_time: Option<String>,
}

/// GetAbnormalPaymentList request body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct ListAbnormalPaymentsRequest {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_num: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_size: Option<u32>,
    /// Only abnormal payments of this order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub order_no: Option<String>,
    /// Only abnormal payments in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<AbnormalPaymentStatus>,
}
