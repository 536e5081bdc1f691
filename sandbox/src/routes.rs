//! Business operations: every row of the core route table ([`Operation`]) mapped to its handler.

use wcheckout::Operation;
use wcheckout::operation::retcode;

use crate::params::{ApiError, ApiResult, check_merchant_no, json_object, json_object_or_empty};
use crate::query::Query;
use crate::store::State;
use crate::{abnormal, orders, refunds, settlements};

/// The merchant number a GET operation takes in its query (`orderNo`, …), validated.
fn key(query: &Query, op: Operation) -> ApiResult<&str> {
    let name = op.query_key().unwrap_or("orderNo");
    let value = query.require(name)?;
    check_merchant_no(name, value)?;
    Ok(value)
}

/// Runs an authenticated business operation against the state.
pub(crate) fn dispatch(op: Operation, st: &mut State, query: &Query, body: &[u8]) -> ApiResult {
    crate::orders::expire_due(st);
    match op {
        Operation::GetAccessToken => {
            Err(ApiError::new(retcode::INTERNAL, "the token endpoint is not a business operation"))
        }
        Operation::CreateCheckoutOrder => orders::create(st, &json_object(body)?),
        Operation::CancelCheckoutOrder => orders::cancel(st, key(query, op)?),
        Operation::GetCheckoutOrderInfo => orders::info(st, key(query, op)?),
        Operation::GetCheckoutOrderList => orders::list(st, &json_object_or_empty(body)?),
        Operation::CreateRefundOrder => refunds::create(st, &json_object(body)?),
        Operation::CancelRefundOrder => refunds::transition(st, key(query, op)?, "cancel"),
        Operation::GetRefundOrderInfo => refunds::info(st, key(query, op)?),
        Operation::GetRefundOrderList => refunds::list(st, &json_object_or_empty(body)?),
        Operation::CreateSettlementOrder => settlements::create(st, &json_object(body)?, false),
        Operation::CreateFiatSettlementOrder => settlements::create(st, &json_object(body)?, true),
        Operation::CancelSettlementOrder => settlements::transition(st, key(query, op)?, "cancel"),
        Operation::GetSettlementOrder => settlements::info(st, key(query, op)?),
        Operation::GetSettlementOrderList => settlements::list(st, &json_object_or_empty(body)?),
        Operation::GetAbnormalPaymentList => abnormal::list(st, &json_object_or_empty(body)?),
        Operation::CreateAbnormalPaymentRefund => refunds::create_for_abnormal(st, &json_object(body)?),
    }
}
