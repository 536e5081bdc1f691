//! Checkout orders and refund orders.

use super::query::Query;
use super::{Client, PageIter, decode};
use crate::body::to_body;
use crate::error::{Error, Result};
use crate::model::{
    CheckoutOrder, CreateAbnormalPaymentRefundRequest, CreateCheckoutOrderRequest, CreateRefundOrderRequest,
    CreatedCheckoutOrder, ListCheckoutOrdersRequest, ListRefundOrdersRequest, Page, RefundOrder, validate_merchant_no,
};
use crate::operation::{Operation, retcode};

impl Client {
    /// Runs a create keyed by a merchant number. When a retried attempt is answered "duplicate",
    /// an earlier attempt reached the server: `existing` fetches that object and returns it if it
    /// is this request's object (`None` otherwise, and the duplicate error stands).
    pub(crate) fn create_idempotent<T>(
        &self,
        op: Operation,
        body: Vec<u8>,
        forwarded_for: Option<String>,
        existing: impl FnOnce() -> Result<Option<T>>,
    ) -> Result<T>
    where
        T: serde::de::DeserializeOwned,
    {
        let outcome = self.execute(op, Query::default(), body, forwarded_for);
        match outcome.result {
            Ok(data) => decode(op, data),
            Err(Error::Api { retcode: code, retmsg, http_status })
                if code == retcode::DUPLICATE && outcome.uncertain_earlier_attempt =>
            {
                existing()?.ok_or(Error::Api { retcode: code, retmsg, http_status })
            }
            Err(e) => Err(e),
        }
    }

    pub(crate) fn get_by_key<T: serde::de::DeserializeOwned>(&self, op: Operation, value: &str) -> Result<T> {
        let key = op.query_key().unwrap_or("id");
        validate_merchant_no(key, value)?;
        let data = self.execute(op, Query::from_pairs(&[(key, value)])?, Vec::new(), None).result?;
        decode(op, data)
    }

    pub(crate) fn list<T: serde::de::DeserializeOwned, R: serde::Serialize>(
        &self,
        op: Operation,
        request: &R,
    ) -> Result<Page<T>> {
        let data = self.execute(op, Query::default(), to_body(request)?, None).result?;
        decode(op, data)
    }

    /// CreateCheckoutOrder. `forwarded_for` is the end user's IP, sent as `X-Forwarded-For`.
    pub fn create_checkout_order(
        &self,
        request: &CreateCheckoutOrderRequest,
        forwarded_for: Option<&str>,
    ) -> Result<CreatedCheckoutOrder> {
        request.validate()?;
        if let Some(ip) = forwarded_for {
            if ip.trim().is_empty() || ip.chars().any(|c| c.is_control()) || ip.len() > 256 {
                return Err(Error::InvalidArgument { reason: "forwarded_for must be an IP address".into() });
            }
        }
        self.create_idempotent(
            Operation::CreateCheckoutOrder,
            to_body(request)?,
            forwarded_for.map(str::to_owned),
            || {
                let found = self.get_checkout_order_info(&request.order_no)?;
                let same = found.customer_id.as_deref().is_none_or(|c| c == request.customer_id)
                    && found.order_amount.as_ref().is_none_or(|a| *a == request.order_amount);
                Ok(same.then(|| CreatedCheckoutOrder::from(found)))
            },
        )
    }

    /// CancelCheckoutOrder: cancels an unpaid order and returns it.
    pub fn cancel_checkout_order(&self, order_no: &str) -> Result<CheckoutOrder> {
        let op = Operation::CancelCheckoutOrder;
        validate_merchant_no("orderNo", order_no)?;
        let data = self.execute(op, Query::from_pairs(&[("orderNo", order_no)])?, Vec::new(), None).result?;
        match data {
            Some(v) if v.get("orderNo").is_some() => decode(op, Some(v)),
            // The live API's cancel retdata is undocumented: read the order back if it is empty.
            _ => self.get_checkout_order_info(order_no),
        }
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
            Ok(found.amount.as_ref().is_none_or(|a| *a == request.amount).then_some(found))
        })
    }

    /// CancelRefundOrder: cancels a pending refund and returns it.
    pub fn cancel_refund_order(&self, refund_order_no: &str) -> Result<RefundOrder> {
        let op = Operation::CancelRefundOrder;
        validate_merchant_no("refundOrderNo", refund_order_no)?;
        let data =
            self.execute(op, Query::from_pairs(&[("refundOrderNo", refund_order_no)])?, Vec::new(), None).result?;
        match data {
            Some(v) if v.get("refundOrderNo").is_some() => decode(op, Some(v)),
            _ => self.get_refund_order_info(refund_order_no),
        }
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
            Ok(found.order_no.as_deref().is_none_or(|o| o == request.order_no).then_some(found))
        })
    }
}
