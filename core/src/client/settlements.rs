//! Settlement orders and abnormal payments.

use super::idempotency::Match;
use super::{Client, PageIter};
use crate::body::to_body;
use crate::error::{ExistingObject, Result};
use crate::model::{
    AbnormalPayment, CreateFiatSettlementOrderRequest, CreateSettlementOrderRequest, ListAbnormalPaymentsRequest,
    ListSettlementOrdersRequest, Page, SettleStatus, SettlementOrder,
};
use crate::operation::Operation;

impl Client {
    /// CreateSettlementOrder: stablecoin to an on-chain address.
    pub fn create_settlement_order(&self, request: &CreateSettlementOrderRequest) -> Result<SettlementOrder> {
        request.validate()?;
        self.create_idempotent(Operation::CreateSettlementOrder, to_body(request)?, None, || {
            let found = self.get_settlement_order(&request.settlement_order_no)?;
            let mut m = Match::default();
            m.same("token", &request.token, found.token.as_ref());
            m.same("address", request.address.as_str(), found.address.as_deref());
            m.same("amount", &request.amount, found.settlement_amount.as_ref());
            m.echoed("merchantId", request.merchant_id.as_deref(), found.merchant_id.as_deref());
            let existing = ExistingObject::SettlementOrder(Box::new(found.clone()));
            m.finish("settlementOrderNo", &request.settlement_order_no, existing, found)
        })
    }

    /// CreateFiatSettlementOrder: convert and remit to a registered bank account.
    pub fn create_fiat_settlement_order(&self, request: &CreateFiatSettlementOrderRequest) -> Result<SettlementOrder> {
        request.validate()?;
        self.create_idempotent(Operation::CreateFiatSettlementOrder, to_body(request)?, None, || {
            let found = self.get_settlement_order(&request.settlement_order_no)?;
            let mut m = Match::default();
            m.same("token", &request.token, found.token.as_ref());
            m.same("amount", &request.amount, found.settlement_amount.as_ref());
            m.same("fiat", request.fiat.as_str(), found.fiat.as_deref());
            m.same("bankAccountId", request.bank_account_id.as_str(), found.bank_account_id.as_deref());
            m.echoed("merchantId", request.merchant_id.as_deref(), found.merchant_id.as_deref());
            let existing = ExistingObject::SettlementOrder(Box::new(found.clone()));
            m.finish("settlementOrderNo", &request.settlement_order_no, existing, found)
        })
    }

    /// CancelSettlementOrder: cancels a pending settlement and returns it.
    ///
    /// Idempotent: if the settlement is already `CANCELLED` (an earlier attempt landed), it is returned.
    pub fn cancel_settlement_order(&self, settlement_order_no: &str) -> Result<SettlementOrder> {
        self.cancel_idempotent(
            Operation::CancelSettlementOrder,
            "settlementOrderNo",
            settlement_order_no,
            || self.get_settlement_order(settlement_order_no),
            |s: &SettlementOrder| s.settle_status == SettleStatus::Cancelled,
        )
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
