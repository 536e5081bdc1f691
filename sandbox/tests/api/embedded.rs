//! The control operations as `Sandbox` methods (no HTTP) and the `WebhookInbox`: the same rules
//! and errors as the HTTP control API, typed results, verified events.

use std::time::{Duration, Instant};

use serde_json::json;
use wcheckout::Amount;
use wcheckout::model::{AbnormalPaymentType, OrderStatus, RefundStatus, SettleStatus};
use wcheckout::webhook::EventData;
use wcheckout::webhook::sign_for_test;
use wcheckout_sandbox::{Fault, RefundMove, SettlementMove, WebhookInbox};

use crate::support::Env;

fn amount(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

#[test]
fn pay_is_typed_and_judged_like_the_http_call() {
    let env = Env::new();
    env.create_order("EP1", "10.50");
    let p = env.sandbox.pay("EP1", &amount("10.50"), Some("0xep1")).unwrap();
    assert_eq!(p.order.order_status, OrderStatus::Paid);
    assert_eq!(p.order.order_no, "EP1");
    assert_eq!(p.tx_hash, "0xep1");
    assert!(p.abnormal_payment.is_none());
    assert_eq!(env.order_status("EP1"), "PAID");

    env.create_order("EP2", "2");
    let over = env.sandbox.pay("EP2", &amount("2.75"), None).unwrap();
    assert!(over.tx_hash.len() >= 32, "generated hash {}", over.tx_hash);
    let ab = over.abnormal_payment.unwrap();
    assert_eq!(ab.abnormal_type, Some(AbnormalPaymentType::OverPaid));
    assert_eq!(ab.pending_amount.unwrap().as_str(), "0.75");

    let dup = env.sandbox.pay("EP2", &amount("1"), Some("0xep1")).unwrap_err();
    assert_eq!((dup.retcode.as_str(), dup.http_status), ("00009", 409));
    let missing = env.sandbox.pay("NOPE1", &amount("1"), None).unwrap_err();
    assert_eq!((missing.retcode.as_str(), missing.http_status), ("00010", 404));
    assert!(missing.message.contains("NOPE1"), "{missing}");
}

#[test]
fn refund_and_settlement_moves_follow_the_state_machines() {
    let env = Env::new();
    env.paid_order("EM1", "20");
    env.ok("POST", "/checkout/refund-order/create", "", r#"{"refundOrderNo":"EMR1","orderNo":"EM1","amount":"5"}"#);
    let r = env.sandbox.move_refund("EMR1", RefundMove::Process).unwrap();
    assert_eq!(r.refund_status, RefundStatus::Refunding);
    let again = env.sandbox.move_refund("EMR1", RefundMove::Process).unwrap_err();
    assert_eq!((again.retcode.as_str(), again.http_status), ("00011", 409));
    let done = env.sandbox.move_refund("EMR1", RefundMove::Complete).unwrap();
    assert_eq!(done.refund_status, RefundStatus::Refunded);
    assert_eq!(env.order_status("EM1"), "PARTIAL_REFUNDED");

    let body = r#"{"settlementOrderNo":"EMS1","token":"ETH_USDT","address":"0xabc","amount":"10"}"#;
    env.ok("POST", "/checkout/settlement/create", "", body);
    let s = env.sandbox.move_settlement("EMS1", SettlementMove::Complete).unwrap();
    assert_eq!(s.settle_status, SettleStatus::Settled);
    let rejected = env.sandbox.move_settlement("EMS1", SettlementMove::Reject).unwrap_err();
    assert_eq!(rejected.retcode, "00011");
    let s = env.sandbox.state().unwrap();
    assert_eq!(s["balances"]["ETH_USDT"].to_string(), "5");
}

#[test]
fn clock_faults_token_url_reset_and_raw_control() {
    let env = Env::new();
    env.create_order("EC1", "3");
    let clock = env.sandbox.advance_clock(4000).unwrap();
    assert_eq!(clock.offset_seconds, 4000);
    assert_eq!(env.sandbox.clock().unwrap().offset_seconds, 4000);
    assert_eq!(env.order_status("EC1"), "TIMEOUT");

    let mut fault = Fault::new("http_503");
    fault.path = Some("/checkout/order/info".into());
    fault.retry_after = Some(7);
    env.sandbox.add_fault(&fault).unwrap();
    let r = env.get("/checkout/order/info", "orderNo", "EC1");
    assert_eq!((r.status, r.header("retry-after")), (503, Some("7")));
    env.sandbox.add_fault(&Fault::new("http_500")).unwrap();
    env.sandbox.clear_faults().unwrap();
    assert_eq!(env.order_status("EC1"), "TIMEOUT");
    let bad = env.sandbox.add_fault(&Fault::new("teleport")).unwrap_err();
    assert_eq!((bad.retcode.as_str(), bad.http_status), ("00008", 400));

    assert!(env.sandbox.expire_token().unwrap());
    assert_eq!(env.get("/checkout/order/info", "orderNo", "EC1").retcode(), "00002");

    env.sandbox.set_webhook_url(Some("http://127.0.0.1:9/hook")).unwrap();
    assert_eq!(env.sandbox.webhook_url().unwrap().as_deref(), Some("http://127.0.0.1:9/hook"));
    let bad = env.sandbox.set_webhook_url(Some("ftp://x")).unwrap_err();
    assert_eq!(bad.retcode, "00008");

    let v = env.sandbox.control("get", "/_sandbox/health", None).unwrap();
    assert_eq!(v, json!({"status": "ok"}));
    let unknown = env.sandbox.control("POST", "/nothing/here", None).unwrap_err();
    assert_eq!((unknown.retcode.as_str(), unknown.http_status), ("00013", 404));

    env.sandbox.reset().unwrap();
    let s = env.sandbox.state().unwrap();
    assert_eq!(s["counts"]["orders"], 0);
    assert_eq!(env.sandbox.clock().unwrap().offset_seconds, 0);
    assert_eq!(env.sandbox.webhook_url().unwrap(), None);
}

#[test]
fn inbox_receives_verified_typed_events_in_order() {
    let env = Env::new();
    let inbox = env.sandbox.webhook_inbox().unwrap();
    assert_eq!(env.sandbox.webhook_url().unwrap().as_deref(), Some(inbox.url()));
    env.create_order("EI1", "7");
    env.sandbox.pay("EI1", &amount("7"), None).unwrap();
    let first = inbox.next(0, Duration::from_secs(10)).expect("the PAID event");
    assert_eq!(first.seq, 0);
    match &first.event.data {
        EventData::CheckoutOrderChanged(d) => {
            assert_eq!(d.order_no, "EI1");
            assert_eq!(d.order_status, OrderStatus::Paid);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(inbox.next(first.seq + 1, Duration::from_millis(50)).is_none());
    let deliveries = env.sandbox.webhook_deliveries().unwrap();
    let d = deliveries.iter().find(|d| d.event_id == first.event.event_id).unwrap();
    assert_eq!(d.body.as_bytes(), first.body.as_slice());
    let deadline = Instant::now() + Duration::from_secs(10);
    while env.sandbox.webhook_deliveries().unwrap()[0].status != "delivered" {
        assert!(Instant::now() < deadline, "never acknowledged");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(env.sandbox.webhook_deliveries().unwrap()[0].attempts[0].http_status, Some(200));
    assert!(inbox.rejected().is_empty());
    inbox.clear();
    assert!(inbox.received().is_empty());
    inbox.stop();
    assert!(inbox.is_stopped());
    assert!(inbox.next(0, Duration::from_secs(5)).is_none());
}

#[test]
fn inbox_refuses_what_does_not_verify() {
    let inbox = WebhookInbox::start("inbox_key", None).unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let body = r#"{"eventId":"evt_x","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}"#;
    let now = wcheckout::signing::now_millis();
    let send = |headers: Vec<(String, String)>, body: &str| {
        let mut req = agent.post(inbox.url());
        for (k, v) in &headers {
            req = req.header(k, v);
        }
        req.send(body).unwrap().status().as_u16()
    };
    assert_eq!(send(sign_for_test("other_key", body.as_bytes(), now).unwrap(), body), 400);
    assert_eq!(send(sign_for_test("inbox_key", body.as_bytes(), now - 300_000).unwrap(), body), 400);
    assert_eq!(send(Vec::new(), body), 400);
    assert!(inbox.received().is_empty());
    let codes: Vec<String> = inbox.rejected().into_iter().map(|r| r.code).collect();
    assert_eq!(codes.len(), 3, "{codes:?}");
    assert!(codes.iter().all(|c| c.starts_with("webhook_")), "{codes:?}");
    assert_eq!(send(sign_for_test("inbox_key", body.as_bytes(), now).unwrap(), body), 200);
    assert_eq!(inbox.next(0, Duration::from_secs(1)).unwrap().event.event_id, "evt_x");
    let waiter = std::thread::scope(|s| {
        let h = s.spawn(|| inbox.next(1, Duration::from_secs(30)));
        std::thread::sleep(Duration::from_millis(50));
        let started = Instant::now();
        inbox.stop();
        (h.join().unwrap(), started.elapsed())
    });
    assert!(waiter.0.is_none());
    assert!(waiter.1 < Duration::from_secs(5), "a waiter is woken by stop");
}

#[test]
fn two_sandboxes_with_their_own_inboxes_stay_apart() {
    let a = Env::new();
    let b = Env::new();
    let (ia, ib) = (a.sandbox.webhook_inbox().unwrap(), b.sandbox.webhook_inbox().unwrap());
    a.create_order("TWO1", "1");
    b.create_order("TWO1", "2");
    a.sandbox.pay("TWO1", &amount("1"), None).unwrap();
    b.sandbox.pay("TWO1", &amount("2"), None).unwrap();
    let (ea, eb) = (ia.next(0, Duration::from_secs(10)).unwrap(), ib.next(0, Duration::from_secs(10)).unwrap());
    let paying = |e: &wcheckout_sandbox::ReceivedWebhook| match &e.event.data {
        EventData::CheckoutOrderChanged(d) => d.paying_amount.clone().map(|a| a.as_str().to_owned()),
        _ => None,
    };
    assert_eq!((paying(&ea).as_deref(), paying(&eb).as_deref()), (Some("1"), Some("2")));
    assert_eq!(a.sandbox.state().unwrap()["counts"]["payments"], 1);
}
