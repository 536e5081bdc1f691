//! Request records (Kotlin → core). Optional fields default to `null` in Kotlin; validation is
//! core's (`validate()` runs inside every client call).

use wcheckout::Amount;
use wcheckout::model as core;

use crate::enums::{AbnormalPaymentStatus, OrderStatus, RefundStatus, SettleStatus, Token};
use crate::error::{FfiError, FfiResult};

fn unsigned<T: TryFrom<i64>>(field: &str, v: Option<i64>) -> FfiResult<Option<T>> {
    v.map(|n| {
        T::try_from(n).map_err(|_| FfiError::invalid_argument(format!("{field} must be zero or positive, got {n}")))
    })
    .transpose()
}

/// CreateCheckoutOrder parameters.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CreateCheckoutOrderRequest {
    /// Merchant's unique order number, ASCII letters and digits (the idempotency key).
    pub order_no: String,
    /// Order amount in USD.
    pub order_amount: Amount,
    /// The paying end user's id in the merchant system.
    pub customer_id: String,
    /// Token to pay with.
    pub token: Token,
    /// The receiving merchant's id.
    #[uniffi(default)]
    pub merchant_id: Option<String>,
    /// Pricing fiat (only `USD` is documented).
    #[uniffi(default)]
    pub fiat: Option<String>,
    /// Seconds until the order times out.
    #[uniffi(default)]
    pub expired_in: Option<i64>,
    /// Return URL for desktop browsers.
    #[uniffi(default)]
    pub pc_callback_url: Option<String>,
    /// Return URL for the in-app / WebView flow.
    #[uniffi(default)]
    pub app_callback_url: Option<String>,
}

impl TryFrom<CreateCheckoutOrderRequest> for core::CreateCheckoutOrderRequest {
    type Error = FfiError;
    fn try_from(r: CreateCheckoutOrderRequest) -> FfiResult<Self> {
        let mut c = core::CreateCheckoutOrderRequest::new(r.order_no, r.order_amount, r.customer_id, r.token.into());
        c.merchant_id = r.merchant_id;
        c.fiat = r.fiat;
        c.expired_in = unsigned("expiredIn", r.expired_in)?;
        c.pc_callback_url = r.pc_callback_url;
        c.app_callback_url = r.app_callback_url;
        Ok(c)
    }
}

/// CreateRefundOrder parameters: refund part or all of a paid order, or an abnormal payment.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CreateRefundOrderRequest {
    /// Merchant's unique refund number (the idempotency key).
    pub refund_order_no: String,
    /// Amount to refund.
    pub amount: Amount,
    /// The payment order refunded (set this or `abnormalPaymentNo`).
    #[uniffi(default)]
    pub order_no: Option<String>,
    /// The abnormal payment refunded (set this or `orderNo`).
    #[uniffi(default)]
    pub abnormal_payment_no: Option<String>,
    /// Destination address, where the API asks for one.
    #[uniffi(default)]
    pub address: Option<String>,
    /// Free text.
    #[uniffi(default)]
    pub remark: Option<String>,
}

impl From<CreateRefundOrderRequest> for core::CreateRefundOrderRequest {
    fn from(r: CreateRefundOrderRequest) -> Self {
        core::CreateRefundOrderRequest {
            refund_order_no: r.refund_order_no,
            order_no: r.order_no,
            abnormal_payment_no: r.abnormal_payment_no,
            amount: r.amount,
            address: r.address,
            remark: r.remark,
        }
    }
}

/// CreateAbnormalPaymentRefund parameters.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
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
    #[uniffi(default)]
    pub remark: Option<String>,
}

impl From<CreateAbnormalPaymentRefundRequest> for core::CreateAbnormalPaymentRefundRequest {
    fn from(r: CreateAbnormalPaymentRefundRequest) -> Self {
        core::CreateAbnormalPaymentRefundRequest {
            refund_order_no: r.refund_order_no,
            order_no: r.order_no,
            tx_hash: r.tx_hash,
            token: r.token.into(),
            remark: r.remark,
        }
    }
}

/// CreateSettlementOrder parameters: stablecoin to an on-chain address.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CreateSettlementOrderRequest {
    /// Merchant's unique settlement number.
    pub settlement_order_no: String,
    /// Token to settle.
    pub token: Token,
    /// Destination on-chain address.
    pub address: String,
    /// Amount to settle.
    pub amount: Amount,
    /// Merchant id.
    #[uniffi(default)]
    pub merchant_id: Option<String>,
    /// Payment orders this settlement covers.
    #[uniffi(default)]
    pub order_nos: Option<Vec<String>>,
}

impl From<CreateSettlementOrderRequest> for core::CreateSettlementOrderRequest {
    fn from(r: CreateSettlementOrderRequest) -> Self {
        core::CreateSettlementOrderRequest {
            settlement_order_no: r.settlement_order_no,
            merchant_id: r.merchant_id,
            token: r.token.into(),
            address: r.address,
            amount: r.amount,
            order_nos: r.order_nos,
        }
    }
}

/// CreateFiatSettlementOrder parameters: convert and remit to a registered bank account.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CreateFiatSettlementOrderRequest {
    /// Merchant's unique settlement number.
    pub settlement_order_no: String,
    /// Token converted.
    pub token: Token,
    /// Amount of token to convert.
    pub amount: Amount,
    /// Fiat currency paid out (e.g. `USD`).
    pub fiat: String,
    /// The registered bank account to pay into.
    pub bank_account_id: String,
    /// Merchant id.
    #[uniffi(default)]
    pub merchant_id: Option<String>,
    /// Free text.
    #[uniffi(default)]
    pub remark: Option<String>,
}

impl From<CreateFiatSettlementOrderRequest> for core::CreateFiatSettlementOrderRequest {
    fn from(r: CreateFiatSettlementOrderRequest) -> Self {
        core::CreateFiatSettlementOrderRequest {
            settlement_order_no: r.settlement_order_no,
            merchant_id: r.merchant_id,
            token: r.token.into(),
            amount: r.amount,
            fiat: r.fiat,
            bank_account_id: r.bank_account_id,
            remark: r.remark,
        }
    }
}

/// Filters and paging of `listCheckoutOrders` (all optional).
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct ListCheckoutOrdersRequest {
    /// Page number, from 1.
    #[uniffi(default)]
    pub page_num: Option<i32>,
    /// Page size.
    #[uniffi(default)]
    pub page_size: Option<i32>,
    /// Only orders in this status.
    #[uniffi(default)]
    pub order_status: Option<OrderStatus>,
    /// Only orders of this customer.
    #[uniffi(default)]
    pub customer_id: Option<String>,
    /// Only orders of this merchant.
    #[uniffi(default)]
    pub merchant_id: Option<String>,
}

fn paging(page_num: Option<i32>, page_size: Option<i32>) -> FfiResult<(Option<u32>, Option<u32>)> {
    Ok((unsigned("pageNum", page_num.map(i64::from))?, unsigned("pageSize", page_size.map(i64::from))?))
}

impl TryFrom<ListCheckoutOrdersRequest> for core::ListCheckoutOrdersRequest {
    type Error = FfiError;
    fn try_from(r: ListCheckoutOrdersRequest) -> FfiResult<Self> {
        let (page_num, page_size) = paging(r.page_num, r.page_size)?;
        Ok(core::ListCheckoutOrdersRequest {
            page_num,
            page_size,
            order_status: r.order_status.map(Into::into),
            customer_id: r.customer_id,
            merchant_id: r.merchant_id,
        })
    }
}

/// Filters and paging of `listRefundOrders`.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct ListRefundOrdersRequest {
    /// Page number, from 1.
    #[uniffi(default)]
    pub page_num: Option<i32>,
    /// Page size.
    #[uniffi(default)]
    pub page_size: Option<i32>,
    /// Only refunds of this order.
    #[uniffi(default)]
    pub order_no: Option<String>,
    /// Only refunds in this status.
    #[uniffi(default)]
    pub refund_status: Option<RefundStatus>,
}

impl TryFrom<ListRefundOrdersRequest> for core::ListRefundOrdersRequest {
    type Error = FfiError;
    fn try_from(r: ListRefundOrdersRequest) -> FfiResult<Self> {
        let (page_num, page_size) = paging(r.page_num, r.page_size)?;
        Ok(core::ListRefundOrdersRequest {
            page_num,
            page_size,
            order_no: r.order_no,
            refund_status: r.refund_status.map(Into::into),
        })
    }
}

/// Filters and paging of `listSettlementOrders`.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct ListSettlementOrdersRequest {
    /// Page number, from 1.
    #[uniffi(default)]
    pub page_num: Option<i32>,
    /// Page size.
    #[uniffi(default)]
    pub page_size: Option<i32>,
    /// Only settlements in this status.
    #[uniffi(default)]
    pub settle_status: Option<SettleStatus>,
}

impl TryFrom<ListSettlementOrdersRequest> for core::ListSettlementOrdersRequest {
    type Error = FfiError;
    fn try_from(r: ListSettlementOrdersRequest) -> FfiResult<Self> {
        let (page_num, page_size) = paging(r.page_num, r.page_size)?;
        Ok(core::ListSettlementOrdersRequest { page_num, page_size, settle_status: r.settle_status.map(Into::into) })
    }
}

/// Filters and paging of `listAbnormalPayments`.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct ListAbnormalPaymentsRequest {
    /// Page number, from 1.
    #[uniffi(default)]
    pub page_num: Option<i32>,
    /// Page size.
    #[uniffi(default)]
    pub page_size: Option<i32>,
    /// Only abnormal payments of this order.
    #[uniffi(default)]
    pub order_no: Option<String>,
    /// Only abnormal payments in this status.
    #[uniffi(default)]
    pub status: Option<AbnormalPaymentStatus>,
}

impl TryFrom<ListAbnormalPaymentsRequest> for core::ListAbnormalPaymentsRequest {
    type Error = FfiError;
    fn try_from(r: ListAbnormalPaymentsRequest) -> FfiResult<Self> {
        let (page_num, page_size) = paging(r.page_num, r.page_size)?;
        Ok(core::ListAbnormalPaymentsRequest {
            page_num,
            page_size,
            order_no: r.order_no,
            status: r.status.map(Into::into),
        })
    }
}
