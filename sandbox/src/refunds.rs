//! Refund orders (spec §3.5–3.8, §3.15, §5.3): PENDING_REFUND → REFUNDING → REFUNDED / FAILED,
//! or PENDING_REFUND → CANCELLED.

use serde_json::{Value, json};
use wcheckout::Amount;
use wcheckout::model::{AbnormalPaymentStatus, EventType, OrderStatus, RefundOrder, RefundStatus, Token};

use crate::clock::{format_api, format_webhook};
use crate::orders;
use crate::params::{
    ApiError, ApiResult, Fields, check_merchant_no, merchant_no, opt_status, opt_str, page, paging, req_amount,
    req_str, req_token, require, to_json,
};
use crate::store::{Refund, State, random_hex};

/// The refund as the API returns it.
pub(crate) fn to_model(r: &Refund) -> RefundOrder {
    RefundOrder {
        sysid: r.sysid.clone(),
        refund_order_no: r.refund_order_no.clone(),
        order_no: r.order_no.clone(),
        abnormal_payment_no: r.abnormal_payment_no.clone(),
        token: Some(r.token.clone()),
        amount: Some(r.amount.clone()),
        refund_status: r.status.clone(),
        tx_hash: r.tx_hash.clone(),
        address: r.address.clone(),
        remark: r.remark.clone(),
        created_time: Some(format_api(r.created)),
        updated_time: Some(format_api(r.updated)),
    }
}

/// The refund as JSON (`address` only when one was given).
pub(crate) fn model_json(r: &Refund) -> ApiResult {
    to_json(&to_model(r))
}

/// `REFUND_ORDER_CHANGED` data (spec §6.3: `amount` as a decimal string).
pub(crate) fn event_data(r: &Refund) -> Value {
    let mut v = json!({
        "refundOrderNo": r.refund_order_no,
        "sysid": r.sysid,
        "token": r.token.as_str(),
        "amount": r.amount.as_str(),
        "refundStatus": r.status.as_str(),
        "createdTime": format_webhook(r.created),
        "updatedTime": format_webhook(r.updated),
    });
    if let Value::Object(m) = &mut v {
        for (k, val) in
            [("orderNo", &r.order_no), ("abnormalPaymentNo", &r.abnormal_payment_no), ("txHash", &r.tx_hash)]
        {
            if let Some(s) = val {
                m.insert(k.into(), Value::String(s.clone()));
            }
        }
    }
    v
}

/// Sum of the refunds matching `pred` that still hold funds.
fn held(st: &State, pred: impl Fn(&Refund) -> bool) -> Amount {
    st.refunds
        .iter()
        .filter(|r| r.holds_funds() && pred(r))
        .fold(Amount::zero(), |acc, r| acc.checked_add(&r.amount).unwrap_or(acc))
}

fn exceeded(what: &str, amount: &Amount, left: &Amount) -> ApiError {
    ApiError::exceeded(format!("refund amount {amount} exceeds {what} {left}"))
}

struct NewRefund {
    refund_order_no: String,
    order_no: Option<String>,
    abnormal_payment_no: Option<String>,
    token: Token,
    amount: Amount,
    address: Option<String>,
    remark: Option<String>,
}

fn insert(st: &mut State, n: NewRefund) -> ApiResult {
    let balance = st.balance(&n.token);
    if n.amount > balance {
        return Err(ApiError::exceeded(format!(
            "refund amount {} exceeds the available {} balance {balance}",
            n.amount,
            n.token.as_str()
        )));
    }
    let now = st.now();
    let r = Refund {
        sysid: st.next_id("RF"),
        refund_order_no: n.refund_order_no.clone(),
        order_no: n.order_no,
        abnormal_payment_no: n.abnormal_payment_no,
        token: n.token,
        amount: n.amount,
        status: RefundStatus::PendingRefund,
        tx_hash: None,
        address: n.address,
        remark: n.remark,
        created: now,
        updated: now,
    };
    st.refunds.insert(n.refund_order_no, r.clone());
    st.emit(EventType::RefundOrderChanged, event_data(&r));
    if let (None, Some(order_no)) = (&r.abnormal_payment_no, &r.order_no) {
        orders::refresh_after_refund(st, order_no);
    }
    model_json(&r)
}

/// Checks an abnormal payment can take `amount` more in refunds; returns its order and token.
fn abnormal_refundable(st: &State, no: &str, amount: Option<&Amount>) -> ApiResult<(String, Token, Amount)> {
    let a = st.abnormal.get(no).ok_or_else(|| ApiError::not_found("abnormal payment", no))?;
    if a.status != AbnormalPaymentStatus::Pending {
        return Err(ApiError::illegal(format!("abnormal payment {no} is {}: it cannot be refunded again", a.status)));
    }
    let left = a
        .pending_amount
        .checked_sub(&held(st, |r| r.abnormal_payment_no.as_deref() == Some(no)))
        .unwrap_or_else(|_| Amount::zero());
    if let Some(amount) = amount.filter(|x| **x > left) {
        return Err(exceeded("the abnormal payment's refundable", amount, &left));
    }
    Ok((a.order_no.clone(), a.token.clone(), left))
}

/// `POST /checkout/refund-order/create`: `refundOrderNo`, `orderNo` or `abnormalPaymentNo`, `amount`.
pub(crate) fn create(st: &mut State, f: &Fields) -> ApiResult {
    require(f, &["refundOrderNo", "amount"])?;
    let order_no = opt_str(f, "orderNo")?;
    let abnormal_no = opt_str(f, "abnormalPaymentNo")?;
    if order_no.is_none() && abnormal_no.is_none() {
        return Err(ApiError::missing("orderNo or abnormalPaymentNo"));
    }
    let refund_order_no = merchant_no(f, "refundOrderNo")?;
    let amount = req_amount(f, "amount")?;
    let address = opt_str(f, "address")?;
    let remark = opt_str(f, "remark")?;
    if st.refunds.contains(&refund_order_no) {
        return Err(ApiError::duplicate("refundOrderNo", &refund_order_no));
    }
    let (order_no, token) = if let Some(no) = &abnormal_no {
        let (owner, token, _) = abnormal_refundable(st, no, Some(&amount))?;
        if order_no.as_deref().is_some_and(|o| o != owner) {
            return Err(ApiError::invalid(format!(
                "abnormal payment {no} belongs to order {owner}, not {}",
                order_no.unwrap_or_default()
            )));
        }
        (Some(owner), token)
    } else {
        let no = order_no.unwrap_or_default();
        let o = st.orders.get(&no).ok_or_else(|| ApiError::not_found("order", &no))?;
        if !matches!(o.status, OrderStatus::Paid | OrderStatus::PartialRefunded | OrderStatus::Refunding) {
            return Err(ApiError::illegal(format!(
                "order {no} is {}: only PAID, PARTIAL_REFUNDED or REFUNDING orders can be refunded",
                o.status
            )));
        }
        let taken = held(st, |r| r.abnormal_payment_no.is_none() && r.order_no.as_deref() == Some(no.as_str()));
        let left = o.paying_amount.checked_sub(&taken).unwrap_or_else(|_| Amount::zero());
        if amount > left {
            return Err(exceeded("the order's refundable amount", &amount, &left));
        }
        let token = o.token.clone();
        (Some(no), token)
    };
    insert(
        st,
        NewRefund { refund_order_no, order_no, abnormal_payment_no: abnormal_no, token, amount, address, remark },
    )
}

/// `POST /checkout/abnormal-payment/refund`: `refundOrderNo`, `orderNo`, `txHash`, `token`,
/// `remark`; refunds what is still pending on the abnormal payment with that hash.
pub(crate) fn create_for_abnormal(st: &mut State, f: &Fields) -> ApiResult {
    require(f, &["refundOrderNo", "orderNo", "txHash", "token"])?;
    let refund_order_no = merchant_no(f, "refundOrderNo")?;
    let order_no = req_str(f, "orderNo")?;
    let tx_hash = req_str(f, "txHash")?;
    let token = req_token(f)?;
    let remark = opt_str(f, "remark")?;
    if st.refunds.contains(&refund_order_no) {
        return Err(ApiError::duplicate("refundOrderNo", &refund_order_no));
    }
    let found = st.abnormal.iter().rfind(|a| a.order_no == order_no && a.hash == tx_hash);
    let a = found.ok_or_else(|| {
        ApiError::not_found("abnormal payment with txHash", &format!("{tx_hash} on order {order_no}"))
    })?;
    if a.token != token {
        return Err(ApiError::invalid(format!(
            "token {} does not match the payment's token {}",
            token.as_str(),
            a.token.as_str()
        )));
    }
    let no = a.abnormal_payment_no.clone();
    let (_, _, left) = abnormal_refundable(st, &no, None)?;
    if left.is_zero() {
        return Err(ApiError::illegal(format!(
            "abnormal payment {no} already has a refund for its whole pending amount"
        )));
    }
    insert(
        st,
        NewRefund {
            refund_order_no,
            order_no: Some(order_no),
            abnormal_payment_no: Some(no),
            token,
            amount: left,
            address: None,
            remark,
        },
    )
}

/// `GET /checkout/refund-order/info?refundOrderNo=`.
pub(crate) fn info(st: &State, no: &str) -> ApiResult {
    model_json(st.refunds.get(no).ok_or_else(|| ApiError::not_found("refund order", no))?)
}

/// `POST /checkout/refund-order/list`: filters `orderNo`, `refundStatus`, `abnormalPaymentNo`.
pub(crate) fn list(st: &State, f: &Fields) -> ApiResult {
    let (num, size) = paging(f)?;
    let order_no = opt_str(f, "orderNo")?;
    let abnormal_no = opt_str(f, "abnormalPaymentNo")?;
    let status = opt_status(f, "refundStatus", RefundStatus::KNOWN)?;
    let items: Vec<Value> = st
        .refunds
        .iter()
        .filter(|r| order_no.as_deref().is_none_or(|n| r.order_no.as_deref() == Some(n)))
        .filter(|r| abnormal_no.as_deref().is_none_or(|n| r.abnormal_payment_no.as_deref() == Some(n)))
        .filter(|r| status.as_deref().is_none_or(|s| r.status.as_str() == s))
        .map(model_json)
        .collect::<ApiResult<_>>()?;
    page(items, num, size)
}

/// A status change: the API's cancel and the control API's process / complete / fail.
/// `complete` on a PENDING_REFUND refund passes through REFUNDING (two status changes).
pub(crate) fn transition(st: &mut State, no: &str, action: &str) -> ApiResult {
    check_merchant_no("refundOrderNo", no)?;
    if action == "complete" && st.refunds.get(no).is_some_and(|r| r.status == RefundStatus::PendingRefund) {
        transition(st, no, "process")?;
    }
    let now = st.now();
    let r = st.refunds.get_mut(no).ok_or_else(|| ApiError::not_found("refund order", no))?;
    let (allowed, next): (&[RefundStatus], RefundStatus) = match action {
        "cancel" => (&[RefundStatus::PendingRefund], RefundStatus::Cancelled),
        "process" => (&[RefundStatus::PendingRefund], RefundStatus::Refunding),
        "complete" => (&[RefundStatus::Refunding], RefundStatus::Refunded),
        "fail" => (&[RefundStatus::PendingRefund, RefundStatus::Refunding], RefundStatus::Failed),
        other => {
            return Err(ApiError::invalid(format!("unknown refund action {other}: use process, complete or fail")));
        }
    };
    if !allowed.contains(&r.status) {
        // `complete` also accepts the pending state (it passes through the in-progress one).
        let pending: &[RefundStatus] = if action == "complete" { &[RefundStatus::PendingRefund] } else { &[] };
        let from: Vec<&str> = pending.iter().chain(allowed).map(RefundStatus::as_str).collect();
        return Err(ApiError::illegal(format!(
            "refund order {no} is {}: {action} needs {}",
            r.status,
            from.join(" or ")
        )));
    }
    r.status = next.clone();
    r.updated = now;
    if next == RefundStatus::Refunded {
        r.tx_hash = Some(random_hex(64));
    }
    let r = r.clone();
    st.emit(EventType::RefundOrderChanged, event_data(&r));
    match (&r.abnormal_payment_no, &r.order_no) {
        (Some(ap), _) => {
            if let Some(a) = st.abnormal.get_mut(ap).filter(|_| next == RefundStatus::Refunded) {
                a.status = AbnormalPaymentStatus::Handled;
                a.updated = now;
            }
        }
        (None, Some(order_no)) => {
            if let Some(o) = st.orders.get_mut(order_no).filter(|_| next == RefundStatus::Refunded) {
                o.refunded_amount =
                    o.refunded_amount.checked_add(&r.amount).unwrap_or_else(|_| o.refunded_amount.clone());
            }
            orders::refresh_after_refund(st, order_no);
        }
        (None, None) => {}
    }
    model_json(&r)
}
