//! Exactly-once event handling and the reconciler, against the real sandbox (with its
//! `lose_webhook` fault) and a real `redis-server`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use support::redis::RedisServer;
use support::{Env, amount, unique};
use wcheckout::model::*;
use wcheckout::reconcile::{Poll, WatchKind};
use wcheckout::{Event, EventData, EventDeduplicator, Reconciler, ReconcilerOptions};

fn new_order(env: &Env, c: &wcheckout::Client) -> String {
    let no = unique("RC");
    c.create_checkout_order(&CreateCheckoutOrderRequest::new(&no, amount("10"), "c", Token::EthUsdt), None).unwrap();
    let _ = env;
    no
}

/// The delivery the sandbox recorded (and, under `lose_webhook`, never sent) for a transition,
/// verified as a receiver would verify it had it arrived late.
fn recorded_webhook(env: &Env, order_no: &str, status: &str) -> (Event, String) {
    let deliveries = env.control("GET", "/_sandbox/webhooks", Value::Null);
    let d = deliveries["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["event"]["data"]["orderNo"] == order_no && d["event"]["data"]["orderStatus"] == status)
        .unwrap_or_else(|| panic!("no {status} event for {order_no}: {deliveries}"))
        .clone();
    let body = d["body"].as_str().unwrap().to_owned();
    let headers =
        wcheckout::webhook::sign_for_test("demo_sign_key", body.as_bytes(), wcheckout::signing::now_millis()).unwrap();
    let ev = wcheckout::Verifier::new("demo_sign_key").unwrap().verify(&headers, body.as_bytes()).unwrap();
    (ev, d["status"].as_str().unwrap().to_owned())
}

fn lost_paid_found_in_one_poll_and_the_late_webhook_deduplicated(store: &str) {
    let env = Env::start();
    let c = env.client();
    let rec = Reconciler::new(c.clone(), ReconcilerOptions { store: store.into(), ..Default::default() }).unwrap();
    let dedupe = EventDeduplicator::open(store).unwrap();
    let no = new_order(&env, &c);
    rec.watch_order(&no).unwrap();
    assert!(rec.poll().unwrap().events.is_empty(), "still PAYING: nothing to report");
    env.control("POST", "/_sandbox/faults", json!({"kind": "lose_webhook", "eventType": "CHECKOUT_ORDER_CHANGED"}));
    env.pay(&no, "10");
    let (late, status) = recorded_webhook(&env, &no, "PAID");
    assert_eq!(status, "lost", "the sandbox never sent it");
    // One poll finds the payment.
    let poll = rec.run_once().unwrap();
    assert_eq!(poll.events.len(), 1, "{poll:?}");
    let ev = &poll.events[0];
    assert!(ev.is_reconciled());
    assert_eq!(ev.event_type, EventType::CheckoutOrderChanged);
    let EventData::CheckoutOrderChanged(d) = &ev.data else { panic!("{ev:?}") };
    assert_eq!((d.order_no.as_str(), &d.order_status), (no.as_str(), &OrderStatus::Paid));
    assert_eq!(d.paying_amount.as_ref().map(|a| a.as_str().to_owned()), Some("10".to_owned()));
    assert_eq!(ev.raw["data"]["orderStatus"], "PAID");
    assert_eq!(ev.dedupe_key(), format!("order:{no}:PAID"));
    assert!(dedupe.claim(&ev.dedupe_key()).unwrap(), "processed once, from the reconciler");
    // The webhook that does arrive late carries the same key: deduplicated.
    assert_eq!(late.dedupe_key(), ev.dedupe_key());
    assert!(!dedupe.claim(&late.dedupe_key()).unwrap());
    // PAID: no longer watched.
    assert!(rec.watched().unwrap().is_empty());
    assert!(rec.run_once().unwrap().events.is_empty());
}

#[test]
fn lost_paid_webhook_memory() {
    lost_paid_found_in_one_poll_and_the_late_webhook_deduplicated("memory");
}

#[test]
fn lost_paid_webhook_redis() {
    let Some(redis) = RedisServer::start() else { return };
    lost_paid_found_in_one_poll_and_the_late_webhook_deduplicated(&redis.url());
}

#[test]
fn lost_paid_webhook_file() {
    let dir = std::env::temp_dir().join(format!("wcheckout-rec-{}", unique("")));
    lost_paid_found_in_one_poll_and_the_late_webhook_deduplicated(&format!("file://{}", dir.display()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unacknowledged_events_come_back_and_final_refunds_leave_the_list() {
    let env = Env::start();
    let c = env.client();
    let rec = Reconciler::new(c.clone(), ReconcilerOptions::default()).unwrap();
    let no = new_order(&env, &c);
    env.pay(&no, "10");
    let refund_no = unique("RF");
    let req = CreateRefundOrderRequest {
        refund_order_no: refund_no.clone(),
        order_no: Some(no.clone()),
        abnormal_payment_no: None,
        amount: amount("4"),
        address: None,
        remark: None,
    };
    c.create_refund_order(&req).unwrap();
    rec.watch_refund(&refund_no).unwrap();
    env.control("POST", &format!("/_sandbox/refunds/{refund_no}/process"), Value::Null);
    // A handler that fails: the event is reported again by the next run (at least once).
    let poll = rec.run_once_with(|_| false).unwrap();
    assert_eq!(poll.events.len(), 1);
    assert_eq!(poll.events[0].dedupe_key(), format!("refund:{refund_no}:REFUNDING"));
    let again = rec.run_once_with(|_| true).unwrap();
    assert_eq!(again.events[0].dedupe_key(), format!("refund:{refund_no}:REFUNDING"));
    assert_eq!(rec.watched().unwrap()[0].last_status, "REFUNDING");
    assert!(rec.poll().unwrap().events.is_empty(), "acknowledged: not reported again");
    env.control("POST", &format!("/_sandbox/refunds/{refund_no}/complete"), Value::Null);
    let done = rec.run_once().unwrap();
    assert_eq!(done.events[0].dedupe_key(), format!("refund:{refund_no}:REFUNDED"));
    assert!(rec.watched().unwrap().is_empty(), "a final refund leaves the list");
}

#[test]
fn a_webhook_that_arrives_stops_the_polling_and_unknown_numbers_are_failures() {
    let env = Env::start();
    let c = env.client();
    let rec = Reconciler::new(c.clone(), ReconcilerOptions::default()).unwrap();
    let no = new_order(&env, &c);
    rec.watch_order(&no).unwrap();
    rec.watch_order("NOSUCHORDER1").unwrap();
    rec.watch_order(&no).unwrap(); // again: no duplicate entry
    assert_eq!(rec.watched().unwrap().len(), 2);
    env.pay(&no, "10");
    let (webhook, _) = recorded_webhook(&env, &no, "PAID");
    rec.ack(&webhook).unwrap();
    let poll = rec.poll().unwrap();
    assert!(poll.events.is_empty(), "{poll:?}");
    assert_eq!(poll.failures.len(), 1);
    assert_eq!(poll.failures[0].error.retcode(), Some("00010"));
    assert_eq!(rec.watched().unwrap()[0].number, "NOSUCHORDER1", "a failed lookup keeps its entry");
    assert!(rec.unwatch(WatchKind::Order, "NOSUCHORDER1").unwrap());
    assert_eq!(rec.watch_order("bad no!").unwrap_err().code(), "invalid_argument");
}

#[test]
fn entries_past_the_age_limit_are_dropped_unpolled() {
    let env = Env::start();
    let opts = ReconcilerOptions { max_age: Duration::from_secs(1), ..Default::default() };
    let rec = Reconciler::new(env.client(), opts).unwrap();
    rec.watch_order("OLD1").unwrap();
    std::thread::sleep(Duration::from_millis(1_100));
    let poll = rec.poll().unwrap();
    assert_eq!((poll.expired.len(), poll.polled), (1, 0));
    assert!(rec.watched().unwrap().is_empty());
    for bad in [
        ReconcilerOptions { concurrency: 0, ..Default::default() },
        ReconcilerOptions { concurrency: 33, ..Default::default() },
        ReconcilerOptions { max_age: Duration::ZERO, ..Default::default() },
        ReconcilerOptions { store: "ftp://x".into(), ..Default::default() },
    ] {
        assert_eq!(Reconciler::new(env.client(), bad).unwrap_err().code(), "invalid_argument");
    }
}

#[test]
fn a_rate_limited_poll_stops_and_defers_the_rest() {
    let env = Env::start();
    let c = env.builder().max_retries(1).build().unwrap();
    let rec = Reconciler::new(c.clone(), ReconcilerOptions { concurrency: 1, ..Default::default() }).unwrap();
    for _ in 0..3 {
        rec.watch_order(&new_order(&env, &c)).unwrap();
    }
    env.control(
        "POST",
        "/_sandbox/faults",
        json!({"path": "/checkout/order/info", "kind": "http_429", "count": 2, "retryAfter": 1}),
    );
    let started = std::time::Instant::now();
    let poll = rec.poll().unwrap();
    assert!(started.elapsed() >= Duration::from_millis(100), "the retry waited (Retry-After, capped by the policy)");
    assert_eq!((poll.polled, poll.deferred, poll.failures.len()), (1, 2, 1), "{poll:?}");
    assert_eq!(poll.failures[0].error.http_status(), Some(429));
    // Next time, all three are polled.
    let poll = rec.poll().unwrap();
    assert_eq!((poll.polled, poll.deferred), (3, 0));
}

#[test]
fn a_shared_watch_list_any_worker_polls_one_at_a_time() {
    let Some(redis) = RedisServer::start() else { return };
    let env = Env::start();
    let opts = || ReconcilerOptions { store: redis.url(), ..Default::default() };
    let worker_a = Reconciler::new(env.client(), opts()).unwrap();
    let worker_b = Reconciler::new(env.client(), opts()).unwrap();
    let c = env.client();
    let no = new_order(&env, &c);
    worker_a.watch_order(&no).unwrap();
    assert_eq!(worker_b.watched().unwrap().len(), 1, "registered by A, seen by B");
    env.pay(&no, "10");
    // A slow lookup keeps A polling while B tries.
    env.fault("GET", "/checkout/order/info", "delay", 1, 1_500);
    let (a, b): (Poll, Poll) = std::thread::scope(|s| {
        let a = s.spawn(|| worker_a.poll().unwrap());
        std::thread::sleep(Duration::from_millis(300));
        let b = worker_b.poll().unwrap();
        (a.join().unwrap(), b)
    });
    assert!(b.skipped && b.events.is_empty(), "{b:?}");
    assert_eq!(a.events.len(), 1);
    worker_b.ack(&a.events[0]).unwrap();
    assert!(worker_a.watched().unwrap().is_empty());
}

#[test]
fn run_forever_hands_events_over_until_stopped() {
    let env = Env::start();
    let c = env.client();
    let rec = Reconciler::new(c.clone(), ReconcilerOptions::default()).unwrap();
    let no = new_order(&env, &c);
    rec.watch_order(&no).unwrap();
    env.pay(&no, "10");
    let stop = AtomicBool::new(false);
    let mut seen = Vec::new();
    rec.run_forever(
        Duration::from_millis(50),
        &stop,
        |ev| {
            seen.push(ev.dedupe_key());
            stop.store(true, Ordering::Release);
            true
        },
        |e| panic!("{e}"),
    );
    assert_eq!(seen, [format!("order:{no}:PAID")]);
}

#[test]
fn redis_claims_each_key_once_across_workers_then_expire() {
    let Some(redis) = RedisServer::start() else { return };
    let keys: Vec<String> = (0..200).map(|i| format!("order:K{i}:PAID")).collect();
    let won: Vec<Vec<String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let d = EventDeduplicator::open(&redis.url()).unwrap();
                let keys = &keys;
                s.spawn(move || keys.iter().filter(|k| d.claim(k).unwrap()).cloned().collect())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut all: Vec<String> = won.concat();
    all.sort();
    let mut expected = keys.clone();
    expected.sort();
    assert_eq!(all, expected, "each key won exactly once");
    let d = EventDeduplicator::open_with(&redis.url(), Duration::from_secs(1), Some("ttl"), Duration::from_secs(2))
        .unwrap();
    assert!(d.claim("k").unwrap() && !d.claim("k").unwrap());
    d.release("k").unwrap();
    assert!(d.claim("k").unwrap());
    std::thread::sleep(Duration::from_millis(1_100));
    assert!(d.claim("k").unwrap(), "the claim expired");
    let ttl = redis.command("PTTL wcheckout:dedupe:ttl:k");
    assert!(ttl.starts_with(':') && !ttl.starts_with(":-"), "claims carry a TTL: {ttl}");
}
