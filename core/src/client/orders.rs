//! Checkout orders and refund orders.

use super::idempotency::Match;
use super::query::Query;
use super::{Client, PageIter, decode};
use crate::body::to_body;
use crate::error::{Error, ExistingObject, Result};
use crate::model::{
    CheckoutOrder, CreateAbnormalPaymentRefundRequest, CreateCheckoutOrderRequest, CreateRefundOrderRequest,
    CreatedCheckoutOrder, ListAbnormalPaymentsRequest, ListCheckoutOrdersRequest, ListRefundOrdersRequest, OrderStatus,
    Page, RefundOrder, RefundStatus, validate_merchant_no,
};
use crate::operation::Operation;

impl Client {
    pub(crate) fn get_by_key<T: serde::de::DeserializeOwned>(&self, op: Operation, value: &str) -> Result<T> {
        let key = op.query_key().unwrap_or("id");
        validate_merchant_no(key, value)?;
        let data = self.execute(op, Query::from_pairs(&[(key, value)])?, Vec::new(), None)?;
        decode(op, data)
    }

    pub(crate) fn list<T: serde::de::DeserializeOwned, R: serde::Serialize>(
        &self,
        op: Operation,
        request: &R,
    ) -> Result<Page<T>> {
        let data = self.execute(op, Query::default(), to_body(request)?, None)?;
        decode(op, data)
    }

    /// CreateCheckoutOrder. `forwarded_for` is the end user's IP, sent as `X-Forwarded-For`.
    pub fn create_checkout_order(
        &self,
        request: &CreateCheckoutOrderRequest,
        forwarded_for: Option<&str>,
    ) -> Result<CreatedCheckoutOrder> {
        request.validate()?;
        if let Some(ip) = forwarded_for
            && (ip.trim().is_empty() || ip.chars().any(|c| c.is_control()) || ip.len() > 256)
        {
            return Err(Error::InvalidArgument { reason: "forwarded_for must be an IP address".into() });
        }
        self.create_idempotent(
            Operation::CreateCheckoutOrder,
            to_body(request)?,
            forwarded_for.map(str::to_owned),
            || {
                let found = self.get_checkout_order_info(&request.order_no)?;
                let mut m = Match::default();
                m.same("orderAmount", &request.order_amount, found.order_amount.as_ref());
                m.same("customerId", request.customer_id.as_str(), found.customer_id.as_deref());
                m.same("token", &request.token, found.token.as_ref());
                m.echoed("merchantId", request.merchant_id.as_deref(), found.merchant_id.as_deref());
                let created = CreatedCheckoutOrder::from(found.clone());
                m.finish("orderNo", &request.order_no, ExistingObject::CheckoutOrder(Box::new(found)), created)
            },
        )
    }

    /// CancelCheckoutOrder: cancels an unpaid order and returns it.
    ///
    /// Idempotent: if the order is already `CANCELLED` (an earlier attempt landed), it is returned.
    pub fn cancel_checkout_order(&self, order_no: &str) -> Result<CheckoutOrder> {
        self.cancel_idempotent(
            Operation::CancelCheckoutOrder,
            "orderNo",
            order_no,
            || self.get_checkout_order_info(order_no),
            |o: &CheckoutOrder| o.order_status == OrderStatus::Cancelled,
        )
    }

    /// GetCheckoutOrderInfo.
    pub fn get_checkout_order_info(&self, order_no: &str) -> Result<CheckoutOrder> {
        self.get_by_key(Operation::GetCheckoutOrderInfo, order_no)
    }

    /// GetCheckoutOrderList: one page.
    pub fn list_checkout_orders(&self, request: &ListCheckoutOrdersRequest) -> Result<Page<CheckoutOrder>> {
        self.list(Operation::GetCheckoutOrderList, request)
    }

    /// Every checkout order matching `request`, fetched page by page as the iterator advances.
    pub fn iter_checkout_orders(&self, request: ListCheckoutOrdersRequest) -> Result<PageIter<CheckoutOrder>> {
        PageIter::new(self.clone(), Operation::GetCheckoutOrderList, &request)
    }

    /// CreateRefundOrder.
    pub fn create_refund_order(&self, request: &CreateRefundOrderRequest) -> Result<RefundOrder> {
        request.validate()?;
        self.create_idempotent(Operation::CreateRefundOrder, to_body(request)?, None, || {
            let found = self.get_refund_order_info(&request.refund_order_no)?;
            let mut m = Match::default();
            m.same_if_set("orderNo", request.order_no.as_deref(), found.order_no.as_deref());
            m.same_if_set(
                "abnormalPaymentNo",
                request.abnormal_payment_no.as_deref(),
                found.abnormal_payment_no.as_deref(),
            );
            m.same("amount", &request.amount, found.amount.as_ref());
            m.same_if_set("address", request.address.as_deref(), found.address.as_deref());
            m.echoed("remark", request.remark.as_deref(), found.remark.as_deref());
            m.finish(
                "refundOrderNo",
                &request.refund_order_no,
                ExistingObject::RefundOrder(Box::new(found.clone())),
                found,
            )
        })
    }

    /// CancelRefundOrder: cancels a pending refund and returns it.
    ///
    /// Idempotent: if the refund is already `CANCELLED` (an earlier attempt landed), it is returned.
    pub fn cancel_refund_order(&self, refund_order_no: &str) -> Result<RefundOrder> {
        self.cancel_idempotent(
            Operation::CancelRefundOrder,
            "refundOrderNo",
            refund_order_no,
            || self.get_refund_order_info(refund_order_no),
            |r: &RefundOrder| r.refund_status == RefundStatus::Cancelled,
        )
    }

    /// GetRefundOrderInfo.
    pub fn get_refund_order_info(&self, refund_order_no: &str) -> Result<RefundOrder> {
        self.get_by_key(Operation::GetRefundOrderInfo, refund_order_no)
    }

    /// GetRefundOrderList: one page.
    pub fn list_refund_orders(&self, request: &ListRefundOrdersRequest) -> Result<Page<RefundOrder>> {
        self.list(Operation::GetRefundOrderList, request)
    }

    /// Every refund order matching `request`, fetched lazily.
    pub fn iter_refund_orders(&self, request: ListRefundOrdersRequest) -> Result<PageIter<RefundOrder>> {
        PageIter::new(self.clone(), Operation::GetRefundOrderList, &request)
    }

    /// CreateAbnormalPaymentRefund: refunds an over-, under- or late payment.
    pub fn create_abnormal_payment_refund(&self, request: &CreateAbnormalPaymentRefundRequest) -> Result<RefundOrder> {
        request.validate()?;
        self.create_idempotent(Operation::CreateAbnormalPaymentRefund, to_body(request)?, None, || {
            let found = self.get_refund_order_info(&request.refund_order_no)?;
            let mut m = Match::default();
            m.same("orderNo", request.order_no.as_str(), found.order_no.as_deref());
            m.same("token", &request.token, found.token.as_ref());
            m.echoed("remark", request.remark.as_deref(), found.remark.as_deref());
            // The refund names the abnormal payment; its hash is the one the request refunded.
            let hash = self.abnormal_payment_hash(&request.order_no, found.abnormal_payment_no.as_deref())?;
            m.same("txHash", request.tx_hash.as_str(), hash.as_deref());
            m.finish(
                "refundOrderNo",
                &request.refund_order_no,
                ExistingObject::RefundOrder(Box::new(found.clone())),
                found,
            )
        })
    }

    /// The on-chain hash of abnormal payment `abnormal_payment_no` of order `order_no`, if listed.
    fn abnormal_payment_hash(&self, order_no: &str, abnormal_payment_no: Option<&str>) -> Result<Option<String>> {
        let Some(wanted) = abnormal_payment_no else { return Ok(None) };
        let request = ListAbnormalPaymentsRequest { order_no: Some(order_no.to_owned()), ..Default::default() };
        for payment in self.iter_abnormal_payments(request)? {
            let payment = payment?;
            if payment.abnormal_payment_no == wanted {
                return Ok(payment.hash);
            }
        }
        Ok(None)
    }
}
