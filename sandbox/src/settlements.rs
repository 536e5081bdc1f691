//! Settlement orders (spec §3.9–3.13, §5.4): PENDING_SETTLEMENT → SETTLING → SETTLED / FAILED /
//! REJECTED, or PENDING_SETTLEMENT → CANCELLED. A settlement may not exceed the token's balance.

use serde_json::{Value, json};
use wcheckout::model::{EventType, SettleStatus, SettlementOrder};

use crate::clock::{format_api, format_webhook};
use crate::params::{
    ApiError, ApiResult, Fields, check_merchant_no, merchant_no, opt_status, opt_str, page, paging, req_amount,
    req_str, req_token, require, to_json,
};
use crate::store::{Settlement, State, random_hex};

/// The settlement as the API returns it.
pub(crate) fn to_model(s: &Settlement) -> SettlementOrder {
    SettlementOrder {
        sysid: s.sysid.clone(),
        settlement_order_no: s.settlement_order_no.clone(),
        merchant_id: s.merchant_id.clone(),
        token: Some(s.token.clone()),
        address: s.address.clone(),
        settlement_amount: Some(s.amount.clone()),
        settle_status: s.status.clone(),
        fiat: s.fiat.clone(),
        bank_account_id: s.bank_account_id.clone(),
        tx_hash: s.tx_hash.clone(),
        created_time: Some(format_api(s.created)),
        updated_time: Some(format_api(s.updated)),
    }
}

fn model_json(s: &Settlement) -> ApiResult {
    let mut v = to_json(&to_model(s))?;
    if let Value::Object(m) = &mut v {
        if let Some(nos) = &s.order_nos {
            m.insert("orderNos".into(), json!(nos));
        }
        if let Some(remark) = &s.remark {
            m.insert("remark".into(), Value::String(remark.clone()));
        }
    }
    Ok(v)
}

/// `SETTLEMENT_ORDER_CHANGED` data (spec §6.3: `settlementAmount` as a decimal string).
pub(crate) fn event_data(s: &Settlement) -> Value {
    let mut v = json!({
        "settlementOrderNo": s.settlement_order_no,
        "sysid": s.sysid,
        "token": s.token.as_str(),
        "settlementAmount": s.amount.as_str(),
        "settleStatus": s.status.as_str(),
        "createdTime": format_webhook(s.created),
        "updatedTime": format_webhook(s.updated),
    });
    if let Value::Object(m) = &mut v {
        for (k, val) in [("address", &s.address), ("fiat", &s.fiat), ("txHash", &s.tx_hash)] {
            if let Some(x) = val {
                m.insert(k.into(), Value::String(x.clone()));
            }
        }
    }
    v
}

fn order_nos(f: &Fields) -> ApiResult<Option<Vec<String>>> {
    match f.get("orderNos") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_owned).ok_or_else(|| ApiError::invalid("orderNos must be an array of strings"))
            })
            .collect::<ApiResult<Vec<_>>>()
            .map(Some),
        Some(_) => Err(ApiError::invalid("orderNos must be an array of strings")),
    }
}

/// `POST /checkout/settlement/create` (`fiat == false`: `address` required) and
/// `POST /checkout/settlement/fiat/create` (`fiat == true`: `fiat` and `bankAccountId` required).
pub(crate) fn create(st: &mut State, f: &Fields, fiat: bool) -> ApiResult {
    if fiat {
        require(f, &["settlementOrderNo", "token", "amount", "fiat", "bankAccountId"])?;
    } else {
        require(f, &["settlementOrderNo", "token", "address", "amount"])?;
    }
    let no = merchant_no(f, "settlementOrderNo")?;
    let token = req_token(f)?;
    let amount = req_amount(f, "amount")?;
    let merchant_id = opt_str(f, "merchantId")?;
    let nos = order_nos(f)?;
    let remark = opt_str(f, "remark")?;
    let (address, fiat_code, bank) = if fiat {
        let code = req_str(f, "fiat")?;
        if code != "USD" {
            return Err(ApiError::invalid(format!("fiat {code} is not supported: only USD")));
        }
        (None, Some(code), Some(req_str(f, "bankAccountId")?))
    } else {
        (Some(req_str(f, "address")?), None, None)
    };
    if st.settlements.contains(&no) {
        return Err(ApiError::duplicate("settlementOrderNo", &no));
    }
    let balance = st.balance(&token);
    if amount > balance {
        return Err(ApiError::exceeded(format!(
            "settlement amount {amount} exceeds the {} balance {balance}",
            token.as_str()
        )));
    }
    let now = st.now();
    let s = Settlement {
        sysid: st.next_id("ST"),
        settlement_order_no: no.clone(),
        merchant_id,
        token,
        address,
        amount,
        status: SettleStatus::PendingSettlement,
        fiat: fiat_code,
        bank_account_id: bank,
        order_nos: nos,
        remark,
        tx_hash: None,
        created: now,
        updated: now,
    };
    st.settlements.insert(no, s.clone());
    st.emit(EventType::SettlementOrderChanged, event_data(&s));
    model_json(&s)
}

/// `GET /checkout/settlement/info?settlementOrderNo=`.
pub(crate) fn info(st: &State, no: &str) -> ApiResult {
    model_json(st.settlements.get(no).ok_or_else(|| ApiError::not_found("settlement order", no))?)
}

/// `POST /checkout/settlement/list`: filters `settleStatus`, `token`, `merchantId`.
pub(crate) fn list(st: &State, f: &Fields) -> ApiResult {
    let (num, size) = paging(f)?;
    let status = opt_status(f, "settleStatus", SettleStatus::KNOWN)?;
    let token = opt_str(f, "token")?;
    let merchant = opt_str(f, "merchantId")?;
    let items: Vec<Value> = st
        .settlements
        .iter()
        .filter(|s| status.as_deref().is_none_or(|x| s.status.as_str() == x))
        .filter(|s| token.as_deref().is_none_or(|t| s.token.as_str() == t))
        .filter(|s| merchant.as_deref().is_none_or(|m| s.merchant_id.as_deref() == Some(m)))
        .map(model_json)
        .collect::<ApiResult<_>>()?;
    page(items, num, size)
}

/// A status change: the API's cancel and the control API's process / complete / fail / reject.
/// `complete` on a PENDING_SETTLEMENT settlement passes through SETTLING (two status changes).
pub(crate) fn transition(st: &mut State, no: &str, action: &str) -> ApiResult {
    use SettleStatus::{Cancelled, Failed, PendingSettlement, Rejected, Settled, Settling};
    check_merchant_no("settlementOrderNo", no)?;
    if action == "complete" && st.settlements.get(no).is_some_and(|s| s.status == PendingSettlement) {
        transition(st, no, "process")?;
    }
    let now = st.now();
    let s = st.settlements.get_mut(no).ok_or_else(|| ApiError::not_found("settlement order", no))?;
    let (allowed, next): (&[SettleStatus], SettleStatus) = match action {
        "cancel" => (&[PendingSettlement], Cancelled),
        "process" => (&[PendingSettlement], Settling),
        "complete" => (&[Settling], Settled),
        "fail" => (&[PendingSettlement, Settling], Failed),
        "reject" => (&[PendingSettlement, Settling], Rejected),
        other => {
            return Err(ApiError::invalid(format!(
                "unknown settlement action {other}: use process, complete, fail or reject"
            )));
        }
    };
    if !allowed.contains(&s.status) {
        // `complete` also accepts the pending state (it passes through the in-progress one).
        let pending: &[SettleStatus] = if action == "complete" { &[PendingSettlement] } else { &[] };
        let from: Vec<&str> = pending.iter().chain(allowed).map(SettleStatus::as_str).collect();
        return Err(ApiError::illegal(format!(
            "settlement order {no} is {}: {action} needs {}",
            s.status,
            from.join(" or ")
        )));
    }
    s.status = next.clone();
    s.updated = now;
    if next == Settled && s.address.is_some() {
        s.tx_hash = Some(random_hex(64));
    }
    let s = s.clone();
    st.emit(EventType::SettlementOrderChanged, event_data(&s));
    model_json(&s)
}
