//! Abnormal payments (spec §3.14, §5.5, §7.4) and the simulated on-chain payment that creates
//! them (`POST /_sandbox/orders/{orderNo}/pay`).

use std::cmp::Ordering;

use serde_json::{Value, json};
use wcheckout::Amount;
use wcheckout::model::{AbnormalPayment, AbnormalPaymentStatus, AbnormalPaymentType, EventType, OrderStatus};

use crate::clock::{format_api, format_webhook};
use crate::orders;
use crate::params::{ApiError, ApiResult, Fields, opt_status, opt_str, page, paging, req_amount, to_json};
use crate::store::{Abnormal, Payment, State, random_hex};

/// The record as the API returns it.
pub(crate) fn to_model(a: &Abnormal) -> AbnormalPayment {
    AbnormalPayment {
        abnormal_payment_no: a.abnormal_payment_no.clone(),
        order_no: Some(a.order_no.clone()),
        token: Some(a.token.clone()),
        amount: Some(a.amount.clone()),
        hash: Some(a.hash.clone()),
        pending_amount: Some(a.pending_amount.clone()),
        abnormal_type: Some(a.kind.clone()),
        status: Some(a.status.clone()),
        created_time: Some(format_api(a.created)),
        updated_time: Some(format_api(a.updated)),
    }
}

/// `ABNORMAL_PAYMENT` data (spec §6.3: amounts as decimal strings).
pub(crate) fn event_data(a: &Abnormal) -> Value {
    json!({
        "abnormalPaymentNo": a.abnormal_payment_no,
        "orderNo": a.order_no,
        "token": a.token.as_str(),
        "amount": a.amount.as_str(),
        "hash": a.hash,
        "pendingAmount": a.pending_amount.as_str(),
        "abnormalType": a.kind.as_str(),
        "status": a.status.as_str(),
        "createdTime": format_webhook(a.created),
        "updatedTime": format_webhook(a.updated),
    })
}

/// `POST /checkout/abnormal-payment/list`: filters `orderNo`, `status`, `abnormalType`.
pub(crate) fn list(st: &State, f: &Fields) -> ApiResult {
    let (num, size) = paging(f)?;
    let order_no = opt_str(f, "orderNo")?;
    let status = opt_status(f, "status", AbnormalPaymentStatus::KNOWN)?;
    let kind = opt_status(f, "abnormalType", AbnormalPaymentType::KNOWN)?;
    let items: Vec<AbnormalPayment> = st
        .abnormal
        .iter()
        .filter(|a| order_no.as_deref().is_none_or(|n| a.order_no == n))
        .filter(|a| status.as_deref().is_none_or(|s| a.status.as_str() == s))
        .filter(|a| kind.as_deref().is_none_or(|k| a.kind.as_str() == k))
        .map(to_model)
        .collect();
    page(items, num, size)
}

fn record(
    st: &mut State,
    order_no: &str,
    kind: AbnormalPaymentType,
    amount: &Amount,
    pending: Amount,
    hash: &str,
) -> Abnormal {
    let no = st.next_id("AP");
    let now = st.now();
    let token = st.orders.get(order_no).map(|o| o.token.clone()).unwrap_or(wcheckout::model::Token::EthUsdt);
    let a = Abnormal {
        abnormal_payment_no: no.clone(),
        order_no: order_no.to_owned(),
        token,
        amount: amount.clone(),
        hash: hash.to_owned(),
        pending_amount: pending,
        kind,
        status: AbnormalPaymentStatus::Pending,
        created: now,
        updated: now,
    };
    st.abnormal.insert(no, a.clone());
    st.emit(EventType::AbnormalPayment, event_data(&a));
    a
}

/// Simulates an on-chain payment of `amount` (`txHash` optional) into the order's address:
/// exact on a PAYING order → PAID; more → PAID plus an OVER_PAID record for the excess; less →
/// an UNDER_PAID record (the order keeps waiting); on a TIMEOUT or CANCELLED order → LATE_PAYMENT;
/// on an order already paid → OVER_PAID for the whole amount.
pub(crate) fn pay(st: &mut State, order_no: &str, f: &Fields) -> ApiResult {
    let amount = req_amount(f, "amount")?;
    let tx_hash = opt_str(f, "txHash")?.unwrap_or_else(|| random_hex(64));
    let (status, paying, token) = {
        let o = st.orders.get(order_no).ok_or_else(|| ApiError::not_found("order", order_no))?;
        (o.status.clone(), o.paying_amount.clone(), o.token.clone())
    };
    if st.payments.iter().any(|p| p.tx_hash == tx_hash) {
        return Err(ApiError::duplicate("txHash", &tx_hash));
    }
    let now = st.now();
    st.payments.push(Payment {
        order_no: order_no.to_owned(),
        token,
        amount: amount.clone(),
        tx_hash: tx_hash.clone(),
        created: now,
    });
    let mut abnormal = None;
    match status {
        OrderStatus::Paying => match amount.cmp(&paying) {
            Ordering::Less => {
                abnormal =
                    Some(record(st, order_no, AbnormalPaymentType::UnderPaid, &amount, amount.clone(), &tx_hash));
            }
            ord => {
                if let Some(o) = st.orders.get_mut(order_no) {
                    o.status = OrderStatus::Paid;
                    o.tx_hash = Some(tx_hash.clone());
                    o.updated = now;
                }
                if let Some(o) = st.orders.get(order_no) {
                    st.emit(EventType::CheckoutOrderChanged, orders::event_data(o));
                }
                if ord == Ordering::Greater {
                    let excess = amount.checked_sub(&paying).unwrap_or_else(|_| Amount::zero());
                    abnormal = Some(record(st, order_no, AbnormalPaymentType::OverPaid, &amount, excess, &tx_hash));
                }
            }
        },
        OrderStatus::Timeout | OrderStatus::Cancelled => {
            abnormal = Some(record(st, order_no, AbnormalPaymentType::LatePayment, &amount, amount.clone(), &tx_hash));
        }
        _ => {
            abnormal = Some(record(st, order_no, AbnormalPaymentType::OverPaid, &amount, amount.clone(), &tx_hash));
        }
    }
    let order = st.orders.get(order_no).ok_or_else(|| ApiError::not_found("order", order_no))?;
    Ok(json!({
        "order": orders::info_json(order)?,
        "txHash": tx_hash,
        "abnormalPayment": match &abnormal { Some(a) => to_json(&to_model(a))?, None => Value::Null },
    }))
}
