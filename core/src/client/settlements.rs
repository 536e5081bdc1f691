//! Settlement orders and abnormal payments.

use super::query::Query;
use super::{Client, PageIter, decode};
use crate::body::to_body;
use crate::error::Result;
use crate::model::{
    AbnormalPayment, CreateFiatSettlementOrderRequest, CreateSettlementOrderRequest, ListAbnormalPaymentsRequest,
    ListSettlementOrdersRequest, Page, SettlementOrder, validate_merchant_no,
};
use crate::operation::Operation;

impl Client {
    /// CreateSettlementOrder: stablecoin to an on-chain address.
    pub fn create_settlement_order(&self, request: &CreateSettlementOrderRequest) -> Result<SettlementOrder> {
        request.validate()?;
        self.create_idempotent(Operation::CreateSettlementOrder, to_body(request)?, None, || {
            let found = self.get_settlement_order(&request.settlement_order_no)?;
            Ok(found.settlement_amount.as_ref().is_none_or(|a| *a == request.amount).then_some(found))
        })
    }

    /// CreateFiatSettlementOrder: convert and remit to a registered bank account.
    pub fn create_fiat_settlement_order(&self, request: &CreateFiatSettlementOrderRequest) -> Result<SettlementOrder> {
        request.validate()?;
        self.create_idempotent(Operation::CreateFiatSettlementOrder, to_body(request)?, None, || {
            let found = self.get_settlement_order(&request.settlement_order_no)?;
            Ok(found.settlement_amount.as_ref().is_none_or(|a| *a == request.amount).then_some(found))
        })
    }

    /// CancelSettlementOrder: cancels a pending settlement and returns it.
    pub fn cancel_settlement_order(&self, settlement_order_no: &str) -> Result<SettlementOrder> {
        let op = Operation::CancelSettlementOrder;
        validate_merchant_no("settlementOrderNo", settlement_order_no)?;
        let query = Query::from_pairs(&[("settlementOrderNo", settlement_order_no)])?;
        match self.execute(op, query, Vec::new(), None).result? {
            Some(v) if v.get("settlementOrderNo").is_some() => decode(op, Some(v)),
            _ => self.get_settlement_order(settlement_order_no),
        }
    }

    /// GetSettlementOrder.
    pub fn get_settlement_order(&self, settlement_order_no: &str) -> Result<SettlementOrder> {
        self.get_by_key(Operation::GetSettlementOrder, settlement_order_no)
    }

    /// GetSettlementOrderList: one page.
    pub fn list_settlement_orders(&self, request: &ListSettlementOrdersRequest) -> Result<Page<SettlementOrder>> {
        self.list(Operation::GetSettlementOrderList, request)
    }

    /// Every settlement order matching `request`, fetched lazily.
    pub fn iter_settlement_orders(&self, request: ListSettlementOrdersRequest) -> Result<PageIter<SettlementOrder>> {
        PageIter::new(self.clone(), Operation::GetSettlementOrderList, &request)
    }

    /// GetAbnormalPaymentList: one page.
    pub fn list_abnormal_payments(&self, request: &ListAbnormalPaymentsRequest) -> Result<Page<AbnormalPayment>> {
        self.list(Operation::GetAbnormalPaymentList, request)
    }

    /// Every abnormal payment matching `request`, fetched lazily.
    pub fn iter_abnormal_payments(&self, request: ListAbnormalPaymentsRequest) -> Result<PageIter<AbnormalPayment>> {
        PageIter::new(self.clone(), Operation::GetAbnormalPaymentList, &request)
    }
}
