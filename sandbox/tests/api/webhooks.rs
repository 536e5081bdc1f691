//! Webhook delivery to a local receiver: signatures, payloads, retries, outcomes, the log.

use serde_json::{Value, json};
use wcheckout::model::{EventType, OrderStatus};
use wcheckout::webhook::EventData;
use wcheckout_sandbox::SandboxConfig;

use crate::support::{Env, Receiver, eventually, verify_webhook};

fn env_with(url: Option<String>, time_scale: f64) -> Env {
    Env::with(SandboxConfig { webhook_url: url, time_scale, ..SandboxConfig::default() })
}

fn delivery(env: &Env, pred: impl Fn(&Value) -> bool) -> Option<Value> {
    env.deliveries().into_iter().find(|d| pred(d))
}

#[test]
fn a_failed_delivery_is_retried_until_acknowledged() {
    let rx = Receiver::start(vec![500, 299, 200]);
    let env = env_with(Some(rx.url.clone()), 0.001);
    env.paid_order("WH1", "9.99");
    let d = eventually("the PAID event to be delivered", 30, || {
        delivery(&env, |d| d["status"] == "delivered" && d["event"]["data"]["orderStatus"] == "PAID")
    });
    let attempts = d["attempts"].as_array().unwrap();
    let outcomes: Vec<&str> = attempts.iter().map(|a| a["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["http_status", "bad_acknowledgement", "success"]);
    assert_eq!(attempts[0]["httpStatus"], 500);
    assert_eq!(attempts[2]["httpStatus"], 200);
    assert!(d["nextAttemptInMs"].is_null());
    // The receiver saw the same event three times, each correctly signed.
    let got = rx.all();
    assert_eq!(got.iter().map(|r| r.answered).collect::<Vec<_>>(), [500, 299, 200]);
    let ids: Vec<String> = got.iter().map(|r| verify_webhook(r).event_id).collect();
    assert!(ids.iter().all(|i| *i == ids[0] && i.starts_with("evt_")), "{ids:?}");
    assert_eq!(ids[0], d["eventId"]);
    let h = &got[0].headers;
    let header = |n: &str| h.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v.as_str());
    assert_eq!(header("Content-Type"), Some("application/json"));
    assert_eq!(header("TIMESTAMP").unwrap().len(), 13);
    assert_eq!(got[0].body, d["body"].as_str().unwrap(), "the log keeps the exact body");
}

#[test]
fn every_event_type_is_delivered_in_order_with_the_spec_payloads() {
    let rx = Receiver::start(vec![]);
    let env = env_with(Some(rx.url.clone()), 0.001);
    env.create_order("WE1", "10");
    env.ctl("POST", "/_sandbox/orders/WE1/pay", json!({"amount": "12.5", "txHash": "0xwe1"}));
    env.ok("POST", "/checkout/refund-order/create", "", r#"{"refundOrderNo":"WER1","orderNo":"WE1","amount":"2.5"}"#);
    env.ok(
        "POST",
        "/checkout/settlement/create",
        "",
        r#"{"settlementOrderNo":"WES1","token":"ETH_USDT","address":"0xabc","amount":"1.25"}"#,
    );
    // PAID, ABNORMAL_PAYMENT, REFUND (PENDING_REFUND), order REFUNDING, SETTLEMENT (PENDING_SETTLEMENT).
    eventually("five deliveries", 30, || (rx.count() >= 5).then_some(()));
    let events: Vec<_> = rx.all().iter().map(verify_webhook).collect();
    let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(
        types,
        [
            "CHECKOUT_ORDER_CHANGED",
            "ABNORMAL_PAYMENT",
            "REFUND_ORDER_CHANGED",
            "CHECKOUT_ORDER_CHANGED",
            "SETTLEMENT_ORDER_CHANGED"
        ]
    );
    let mut ids: Vec<&str> = events.iter().map(|e| e.event_id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 5, "distinct event ids");
    match &events[0].data {
        EventData::CheckoutOrderChanged(d) => {
            assert_eq!((d.order_no.as_str(), &d.order_status), ("WE1", &OrderStatus::Paid));
            assert_eq!(d.paying_amount.as_ref().unwrap().as_str(), "10");
        }
        other => panic!("{other:?}"),
    }
    // Raw shapes: order amounts are JSON numbers, the others decimal strings; webhook time format.
    let raw = |i: usize| events[i].raw["data"].clone();
    assert!(raw(0)["payingAmount"].is_number() && raw(0)["refundedAmount"].is_number());
    assert_eq!(raw(1)["amount"], "12.5");
    assert_eq!(raw(1)["pendingAmount"], "2.5");
    assert_eq!(raw(1)["hash"], "0xwe1");
    assert_eq!(raw(2)["amount"], "2.5");
    assert_eq!(raw(3)["orderStatus"], "REFUNDING");
    assert_eq!(raw(4)["settlementAmount"], "1.25");
    let t = raw(0)["createdTime"].as_str().unwrap().to_owned();
    assert!(t.len() == 19 && &t[10..11] == " ", "{t}");
    assert!(events[0].timestamp > 1_600_000_000 && events[0].timestamp < 10_000_000_000, "seconds");
    assert_eq!(events[1].event_type, EventType::AbnormalPayment);
}

#[test]
fn without_a_url_events_are_recorded_and_the_url_can_be_set_later() {
    let env = env_with(None, 0.001);
    env.create_order("WN1", "1");
    env.pay("WN1", "1");
    let d = eventually("the event to be logged", 10, || delivery(&env, |_| true));
    assert_eq!(d["status"], "no_url");
    assert!(d["attempts"].as_array().unwrap().is_empty());
    let rx = Receiver::start(vec![]);
    assert_eq!(env.ctl("PUT", "/_sandbox/webhook-url", json!({"url": rx.url}))["url"], rx.url.as_str());
    assert_eq!(env.ctl("GET", "/_sandbox/webhook-url", Value::Null)["url"], rx.url.as_str());
    env.create_order("WN2", "1");
    env.pay("WN2", "1");
    eventually("delivery to the late receiver", 30, || (rx.count() == 1).then_some(()));
    assert_eq!(verify_webhook(&rx.all()[0]).raw["data"]["orderNo"], "WN2");
    for bad in [json!({"url": "ftp://x"}), json!({"url": 5}), json!({})] {
        assert_eq!(env.control("PUT", "/_sandbox/webhook-url", bad).status, 400);
    }
    assert!(env.ctl("PUT", "/_sandbox/webhook-url", json!({"url": null}))["url"].is_null());
}

#[test]
fn an_unreachable_receiver_is_retried_on_the_schedule_then_given_up() {
    // Nothing listens on this port once the listener is dropped.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // 1e-5 turns the ~24 h schedule into ~0.9 s.
    let env = env_with(Some(format!("http://127.0.0.1:{port}/hook")), 0.00001);
    env.paid_order("WU1", "1");
    let d = eventually("the delivery to be given up", 60, || delivery(&env, |d| d["status"] == "failed"));
    let attempts = d["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 1 + wcheckout_sandbox::RETRY_SCHEDULE_SECS.len());
    assert!(attempts.iter().all(|a| a["outcome"] == "connection_error" && a["httpStatus"].is_null()), "{d}");
}

#[test]
fn retries_wait_the_scaled_schedule() {
    let rx = Receiver::start(vec![500, 500, 200]);
    // 0.01: first retry after 150 ms, second after another 150 ms.
    let env = env_with(Some(rx.url.clone()), 0.01);
    env.paid_order("WS1", "1");
    let d = eventually("delivery", 30, || delivery(&env, |d| d["status"] == "delivered"));
    let at: Vec<u64> =
        d["attempts"].as_array().unwrap().iter().map(|a| a["timestamp"].as_str().unwrap().parse().unwrap()).collect();
    assert_eq!(at.len(), 3);
    assert!(at[1] - at[0] >= 150 && at[2] - at[1] >= 150, "{at:?}");
}

#[test]
fn a_receiver_slower_than_the_timeout_counts_as_a_failed_attempt() {
    use std::io::{Read, Write};
    // A raw receiver that accepts and never answers its first connection.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/slow", listener.local_addr().unwrap());
    let accept = || {
        let (s, _) = eventually("a delivery connection", 30, || listener.accept().ok());
        s.set_nonblocking(false).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
        s
    };
    let env = env_with(Some(url), 0.001);
    env.paid_order("WT1", "1");
    let mut held = accept();
    let mut buf = [0u8; 4096];
    let _ = held.read(&mut buf);
    let d = eventually("a timed-out attempt", 30, || {
        delivery(&env, |d| d["attempts"].as_array().is_some_and(|a| !a.is_empty()))
    });
    assert_eq!(d["attempts"][0]["outcome"], "timeout", "{d}");
    assert!(d["attempts"][0]["durationMs"].as_u64().unwrap() >= 900);
    // Answer the retry properly.
    let mut next = accept();
    let _ = next.read(&mut buf);
    let ack = wcheckout::webhook::ACKNOWLEDGEMENT;
    write!(next, "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{ack}", ack.len()).unwrap();
    eventually("delivered", 30, || delivery(&env, |d| d["status"] == "delivered"));
}

#[test]
fn a_lose_webhook_fault_records_events_but_never_sends_them() {
    let rx = Receiver::start(vec![]);
    let env =
        Env::with(SandboxConfig { webhook_url: Some(rx.url.clone()), time_scale: 0.001, ..SandboxConfig::default() });
    env.ctl(
        "POST",
        "/_sandbox/faults",
        json!({"kind": "lose_webhook", "eventType": "CHECKOUT_ORDER_CHANGED", "count": 1}),
    );
    env.paid_order("LOSE1", "10"); // the PAID event is lost
    env.paid_order("LOSE2", "10"); // this one arrives
    eventually("one delivery", 5, || (rx.count() >= 1).then_some(()));
    std::thread::sleep(std::time::Duration::from_millis(200));
    let order_no = |r: &crate::support::Received| match verify_webhook(r).data {
        EventData::CheckoutOrderChanged(o) => o.order_no,
        other => panic!("{other:?}"),
    };
    let received: Vec<String> = rx.all().iter().map(order_no).collect();
    assert_eq!(received, ["LOSE2"]);
    let lost: Vec<Value> = env.deliveries().into_iter().filter(|d| d["status"] == "lost").collect();
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0]["event"]["data"]["orderNo"], "LOSE1");
    assert!(lost[0]["attempts"].as_array().unwrap().is_empty());
}
