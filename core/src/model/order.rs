//! Checkout (payment) orders: spec §3.1–3.4.

use serde::{Deserialize, Serialize};

use super::{OrderStatus, Token, require, require_positive, validate_merchant_no};
use crate::Amount;
use crate::error::Result;

/// CreateCheckoutOrder request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct CreateCheckoutOrderRequest {
    /// Merchant's unique order number, ASCII letters and digits (the idempotency key).
    pub order_no: String,
    /// Order amount in USD.
    pub order_amount: Amount,
    /// The paying end user's id in the merchant system.
    pub customer_id: String,
    /// The receiving merchant's id in the merchant system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub merchant_id: Option<String>,
    /// Token to pay with.
    pub token: Token,
    /// Pricing fiat (only `USD` is documented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub fiat: Option<String>,
    /// Seconds until the order times out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub expired_in: Option<u64>,
    /// Return URL for desktop browsers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub pc_callback_url: Option<String>,
    /// Return URL for the in-app / WebView flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub app_callback_url: Option<String>,
}

impl CreateCheckoutOrderRequest {
    /// A request with the required fields.
    pub fn new(
        order_no: impl Into<String>,
        order_amount: Amount,
        customer_id: impl Into<String>,
        token: Token,
    ) -> Self {
        Self {
            order_no: order_no.into(),
            order_amount,
            customer_id: customer_id.into(),
            merchant_id: None,
            token,
            fiat: None,
            expired_in: None,
            pc_callback_url: None,
            app_callback_url: None,
        }
    }

    /// Checks required fields before anything is sent.
    pub fn validate(&self) -> Result<()> {
        validate_merchant_no("orderNo", &self.order_no)?;
        require("customerId", &self.customer_id)?;
        require("token", self.token.as_str())?;
        require_positive("orderAmount", &self.order_amount)
    }
}

/// CreateCheckoutOrder response: where and how much the user pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct CreatedCheckoutOrder {
    /// W Checkout's order id (`OR…`).
    #[serde(default)]
    pub sysid: String,
    /// Echo of the merchant order number.
    pub order_no: String,
    /// Stablecoin amount the user must pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paying_amount: Option<Amount>,
    /// Token code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
    /// Token contract address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coin_address: Option<String>,
    /// Rate used for the USD → token conversion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<Amount>,
    /// On-chain address the user pays into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit_address: Option<String>,
    /// Hosted payment page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_url: Option<String>,
    /// Seconds until expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_in: Option<u64>,
    /// Echo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Echo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<String>,
}

/// A payment order as GetCheckoutOrderInfo and the list call return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct CheckoutOrder {
    /// W Checkout's order id (`OR…`).
    #[serde(default)]
    pub sysid: String,
    /// Merchant order number.
    pub order_no: String,
    /// USD amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_amount: Option<Amount>,
    /// Stablecoin amount due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paying_amount: Option<Amount>,
    /// Customer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Merchant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<String>,
    /// Seconds until expiry, from creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_in: Option<u64>,
    /// Token code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
    /// Payment transaction hash, once paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<String>,
    /// Deposit address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit_address: Option<String>,
    /// Status.
    pub order_status: OrderStatus,
    /// Amount refunded so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refunded_amount: Option<Amount>,
    /// Hosted payment page, when the API includes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_url: Option<String>,
    /// Token contract address, when the API includes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coin_address: Option<String>,
    /// Conversion rate, when the API includes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<Amount>,
    /// Creation time as the API writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// Last update time as the API writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_time: Option<String>,
}

impl From<CheckoutOrder> for CreatedCheckoutOrder {
    fn from(o: CheckoutOrder) -> Self {
        CreatedCheckoutOrder {
            sysid: o.sysid,
            order_no: o.order_no,
            paying_amount: o.paying_amount,
            token: o.token,
            coin_address: o.coin_address,
            exchange_rate: o.exchange_rate,
            deposit_address: o.deposit_address,
            payment_url: o.payment_url,
            expired_in: o.expired_in,
            customer_id: o.customer_id,
            merchant_id: o.merchant_id,
        }
    }
}

/// GetCheckoutOrderList request body (inferred paging shape, spec §3.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(rename_all = "camelCase")]
pub struct ListCheckoutOrdersRequest {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_num: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_size: Option<u32>,
    /// Only orders in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub order_status: Option<OrderStatus>,
    /// Only orders of this customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    /// Only orders of this merchant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub merchant_id: Option<String>,
}
