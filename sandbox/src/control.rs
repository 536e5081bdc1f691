//! The control API under `/_sandbox/` (unsigned JSON, loopback peers only) and the hosted
//! payment page stand-in at `/pay/{sysid}`.
//!
//! Answers use the API envelope. HTTP status: 200 success; 400 bad input (00005/00007/00008);
//! 403 not loopback; 404 unknown object or path (00010/00013); 409 duplicate or illegal state
//! (00009/00011).

use serde_json::{Value, json};
use wcheckout::model::Envelope;
use wcheckout::operation::retcode;

use crate::clock::{MICROS, format_api};
use crate::config::check_webhook_url;
use crate::http::{Request, Response};
use crate::params::{ApiError, ApiResult, json_object, opt_u64, to_json};
use crate::shared::Shared;
use crate::{abnormal, orders, refunds, settlements};

pub(crate) fn status_of(code: &str) -> u16 {
    match code {
        retcode::MALFORMED_JSON | retcode::MISSING_FIELD | retcode::INVALID_PARAMETER => 400,
        retcode::MISSING_HEADER => 403,
        retcode::NOT_FOUND | retcode::UNKNOWN_PATH => 404,
        retcode::DUPLICATE | retcode::ILLEGAL_STATE => 409,
        _ => 500,
    }
}

fn answer(result: ApiResult) -> Response {
    let (status, env) = match result {
        Ok(v) => (200, Envelope::success(v)),
        Err(e) => (status_of(e.retcode), Envelope::failure(e.retcode, &e.message)),
    };
    Response::json(status, serde_json::to_vec(&env).unwrap_or_default())
}

/// Handles `/_sandbox/…` and `/pay/…`.
pub(crate) fn handle(shared: &Shared, req: &Request, path: &str, _query: &str) -> Response {
    if !req.peer.ip().is_loopback() {
        return answer(Err(ApiError::new(
            retcode::MISSING_HEADER,
            "Access denied: the sandbox control API is served to loopback clients only",
        )));
    }
    if let Some(sysid) = path.strip_prefix("/pay/") {
        return payment_page(shared, sysid);
    }
    let segments: Vec<&str> = path.trim_start_matches("/_sandbox").split('/').filter(|s| !s.is_empty()).collect();
    answer(route(shared, req.method.to_ascii_uppercase().as_str(), &segments, &req.body))
}

pub(crate) fn route(shared: &Shared, method: &str, seg: &[&str], raw: &[u8]) -> ApiResult {
    match (method, seg) {
        ("GET", ["health"]) => Ok(json!({ "status": "ok" })),
        ("POST", ["orders", no, "pay"]) => {
            let f = json_object(raw)?;
            let mut st = shared.state();
            crate::orders::expire_due(&mut st);
            abnormal::pay(&mut st, no, &f)
        }
        ("POST", ["refunds", no, action @ ("process" | "complete" | "fail")]) => {
            let mut st = shared.state();
            crate::orders::expire_due(&mut st);
            refunds::transition(&mut st, no, action)
        }
        ("POST", ["settlements", no, action @ ("process" | "complete" | "fail" | "reject")]) => {
            let mut st = shared.state();
            crate::orders::expire_due(&mut st);
            settlements::transition(&mut st, no, action)
        }
        ("POST", ["clock", "advance"]) => {
            let f = json_object(raw)?;
            let secs = opt_u64(&f, "seconds")?.ok_or_else(|| ApiError::missing("seconds"))?;
            let mut st = shared.state();
            st.clock.advance(i64::try_from(secs).unwrap_or(i64::MAX)).map_err(ApiError::invalid)?;
            crate::orders::expire_due(&mut st);
            Ok(clock_json(&st))
        }
        ("GET", ["clock"]) => Ok(clock_json(&shared.state())),
        ("POST", ["faults"]) => {
            let f = json_object(raw)?;
            if f.get("kind").and_then(Value::as_str) == Some("lose_webhook") {
                let count = opt_u64(&f, "count")?.unwrap_or(1);
                if count == 0 || count > 10_000 {
                    return Err(ApiError::invalid("count must be between 1 and 10000"));
                }
                let event_type = crate::params::opt_str(&f, "eventType")?;
                shared.webhooks.lose(count, event_type.clone());
                return Ok(json!({ "kind": "lose_webhook", "remaining": count, "eventType": event_type }));
            }
            shared.faults().add(&f)
        }
        ("GET", ["faults"]) => Ok(shared.faults().to_json()),
        ("DELETE", ["faults"]) => {
            shared.faults().clear();
            Ok(shared.faults().to_json())
        }
        ("GET", ["webhooks"]) => Ok(shared.webhooks.to_json()),
        ("PUT" | "POST", ["webhook-url"]) => {
            let f = json_object(raw)?;
            let url = match f.get("url") {
                None => return Err(ApiError::missing("url")),
                Some(Value::Null) => None,
                Some(Value::String(s)) => {
                    check_webhook_url(s).map_err(ApiError::invalid)?;
                    Some(s.clone())
                }
                Some(_) => return Err(ApiError::invalid("url must be a string or null")),
            };
            shared.webhooks.set_url(url);
            Ok(json!({ "url": shared.webhooks.url() }))
        }
        ("GET", ["webhook-url"]) => Ok(json!({ "url": shared.webhooks.url() })),
        ("GET", ["state"]) => {
            let mut st = shared.state();
            crate::orders::expire_due(&mut st);
            state_json(shared, &st)
        }
        ("POST", ["tokens", "expire"]) => {
            let mut st = shared.state();
            let now = st.now();
            let expired = st.token.as_mut().map(|t| t.expires_at = now).is_some();
            Ok(json!({ "expired": expired }))
        }
        ("POST", ["reset"]) => {
            let mut st = shared.state();
            st.reset();
            shared.faults().clear();
            shared.webhooks.reset();
            Ok(json!({ "reset": true }))
        }
        _ => Err(ApiError::new(
            retcode::UNKNOWN_PATH,
            format!("no control operation at {method} /_sandbox/{}", seg.join("/")),
        )),
    }
}

fn clock_json(st: &crate::store::State) -> Value {
    json!({ "offsetSeconds": st.clock.offset_secs(), "now": format_api(st.now()) })
}

fn state_json(shared: &Shared, st: &crate::store::State) -> ApiResult {
    let orders: Vec<Value> = st.orders.iter().map(orders::info_json).collect::<ApiResult<_>>()?;
    let refunds: Vec<Value> = st.refunds.iter().map(refunds::model_json).collect::<ApiResult<_>>()?;
    let settlements: Vec<Value> =
        st.settlements.iter().map(|s| to_json(&settlements::to_model(s))).collect::<ApiResult<_>>()?;
    let abnormal: Vec<Value> = st.abnormal.iter().map(|a| to_json(&abnormal::to_model(a))).collect::<ApiResult<_>>()?;
    let payments: Vec<Value> = st
        .payments
        .iter()
        .map(|p| {
            json!({
                "orderNo": p.order_no,
                "token": p.token.as_str(),
                "amount": p.amount.to_json(),
                "txHash": p.tx_hash,
                "createdTime": format_api(p.created),
            })
        })
        .collect();
    let balances: serde_json::Map<String, Value> = st.balances().into_iter().map(|(k, v)| (k, v.to_json())).collect();
    let token = st.token.as_ref().map(|t| json!({ "expiresInSeconds": ((t.expires_at - st.now()) / MICROS).max(0) }));
    Ok(json!({
        "now": format_api(st.now()),
        "clockOffsetSeconds": st.clock.offset_secs(),
        "counts": {
            "orders": st.orders.len(),
            "refunds": st.refunds.len(),
            "settlements": st.settlements.len(),
            "abnormalPayments": st.abnormal.len(),
            "payments": payments.len(),
                "tokensIssued": st.tokens_issued,
                "tokenRejections": st.token_rejections,
        },
        "orders": orders,
        "refunds": refunds,
        "settlements": settlements,
        "abnormalPayments": abnormal,
        "payments": payments,
        "balances": balances,
        "token": token,
        "webhookUrl": shared.webhooks.url(),
    }))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A minimal stand-in for the hosted payment page.
fn payment_page(shared: &Shared, sysid: &str) -> Response {
    let mut st = shared.state();
    crate::orders::expire_due(&mut st);
    let Some(o) = st.orders.iter().find(|o| o.sysid == sysid) else {
        return Response {
            status: 404,
            headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
            body: b"no such order".to_vec(),
        };
    };
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>W Checkout sandbox: {no}</title></head><body>\
         <h1>W Checkout sandbox payment page</h1><dl>\
         <dt>Order</dt><dd>{no}</dd><dt>Status</dt><dd>{status}</dd>\
         <dt>Pay</dt><dd>{amount} {token}</dd><dt>Deposit address</dt><dd><code>{addr}</code></dd></dl>\
         <p>Simulate the payment: <code>POST /_sandbox/orders/{no}/pay {{\"amount\":\"{amount}\"}}</code></p>\
         </body></html>",
        no = escape(&o.order_no),
        status = o.status.as_str(),
        amount = o.paying_amount,
        token = o.token.as_str(),
        addr = escape(&o.deposit_address),
    );
    Response {
        status: 200,
        headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
        body: html.into_bytes(),
    }
}
