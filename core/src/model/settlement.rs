//! Settlement orders (payouts to the merchant): spec §3.9–3.13.

use serde::{Deserialize, Serialize};

use super::{SettleStatus, Token, require, require_positive, validate_merchant_no};
use crate::Amount;
use crate::error::Result;

/// CreateSettlementOrder request body: stablecoin to an on-chain address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct CreateSettlementOrderRequest {
    /// Merchant's unique settlement number.
    pub settlement_order_no: String,
    /// Merchant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub merchant_id: Option<String>,
    /// Token to settle.
    pub token: Token,
    /// Destination on-chain address.
    pub address: String,
    /// Amount to settle.
    pub amount: Amount,
    /// Payment orders this settlement covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub order_nos: Option<Vec<String>>,
}

impl CreateSettlementOrderRequest {
    /// Checks required fields before anything is sent.
    pub fn validate(&self) -> Result<()> {
        validate_merchant_no("settlementOrderNo", &self.settlement_order_no)?;
        require("token", self.token.as_str())?;
        require("address", &self.address)?;
        require_positive("amount", &self.amount)
    }
}

/// CreateFiatSettlementOrder request body (fields inferred, spec §3.10): convert and remit to a
/// bank account registered with W Checkout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct CreateFiatSettlementOrderRequest {
    /// Merchant's unique settlement number.
    pub settlement_order_no: String,
    /// Merchant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub merchant_id: Option<String>,
    /// Token converted.
    pub token: Token,
    /// Amount of token to convert.
    pub amount: Amount,
    /// Fiat currency paid out (e.g. `USD`).
    pub fiat: String,
    /// The registered bank account to pay into.
    pub bank_account_id: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub remark: Option<String>,
}

impl CreateFiatSettlementOrderRequest {
    /// Checks required fields before anything is sent.
    pub fn validate(&self) -> Result<()> {
        validate_merchant_no("settlementOrderNo", &self.settlement_order_no)?;
        require("token", self.token.as_str())?;
        require("fiat", &self.fiat)?;
        require("bankAccountId", &self.bank_account_id)?;
        require_positive("amount", &self.amount)
    }
}

/// A settlement order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct SettlementOrder {
    /// W Checkout's settlement id (`ST…`).
    #[serde(default)]
    pub sysid: String,
    /// Merchant settlement number.
    pub settlement_order_no: String,
    /// Merchant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<String>,
    /// Token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
    /// Destination address (stablecoin settlements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Amount settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_amount: Option<Amount>,
    /// Status.
    pub settle_status: SettleStatus,
    /// Fiat currency (fiat settlements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiat: Option<String>,
    /// Bank account (fiat settlements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_account_id: Option<String>,
    /// Payout transaction hash, once sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<String>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// Last update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_time: Option<String>,
}

/// GetSettlementOrderList request body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct ListSettlementOrdersRequest {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_num: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_size: Option<u32>,
    /// Only settlements in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub settle_status: Option<SettleStatus>,
}
