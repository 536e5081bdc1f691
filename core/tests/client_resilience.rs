//! Errors, retries, idempotent creates, tokens, response signatures and threads, against the
//! real sandbox with injected faults.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::{Env, amount, unique};
use wcheckout::client::ResponseSignaturePolicy;
use wcheckout::model::*;
use wcheckout::{Client, Error};
use wcheckout_sandbox::{ResponseSignature, SandboxConfig};

const CREATE: &str = "/checkout/order/create";

fn order(no: &str) -> CreateCheckoutOrderRequest {
    CreateCheckoutOrderRequest::new(no, amount("25.00"), "cust", Token::EthUsdt)
}

fn orders_in_sandbox(env: &Env, no: &str) -> usize {
    let state = env.state();
    state["orders"].as_array().unwrap().iter().filter(|o| o["orderNo"] == no).count()
}

#[test]
fn every_error_type_has_its_code() {
    let env = Env::start();
    let c = env.client();
    // Api: a business error surfaced verbatim.
    let e = c
        .request(
            "POST",
            CREATE,
            &[] as &[(&str, &str)],
            Some(r#"{"orderNo":"bad-no!","orderAmount":1,"customerId":"c","token":"ETH_USDT"}"#),
        )
        .unwrap_err();
    assert!(matches!(&e, Error::Api { retcode, http_status: 200, .. } if retcode == "00008"), "{e:?}");
    // A reused number: the identical request gets its order back; a different one is a conflict.
    let no = unique("D");
    let first = c.create_checkout_order(&order(&no), None).unwrap();
    assert_eq!(c.create_checkout_order(&order(&no), None).unwrap(), first);
    let mut other = order(&no);
    other.order_amount = amount("25.01");
    let e = c.create_checkout_order(&other, None).unwrap_err();
    assert_eq!(e.code(), "idempotency_conflict", "{e:?}");
    assert!(!e.outcome_unknown() && !e.is_retryable());
    // Api: not found.
    assert_eq!(c.get_checkout_order_info("NOPE1").unwrap_err().retcode(), Some("00010"));
    // InvalidArgument: validated before sending.
    assert_eq!(c.create_checkout_order(&order("has space"), None).unwrap_err().code(), "invalid_argument");
    assert_eq!(c.request("BREW", "/x", &[] as &[(&str, &str)], None).unwrap_err().code(), "invalid_argument");
    assert_eq!(c.request("POST", "/x", &[] as &[(&str, &str)], Some("{bad")).unwrap_err().code(), "invalid_argument");
    // InvalidAmount.
    assert_eq!(
        c.create_checkout_order(&CreateCheckoutOrderRequest::new("Z1", amount("0"), "c", Token::EthUsdt), None)
            .unwrap_err()
            .code(),
        "invalid_amount"
    );
    // Auth: wrong credentials.
    let bad =
        Client::builder("demo_api_key", "wrong_secret", "demo_sign_key").base_url(env.url.clone()).build().unwrap();
    let e = bad.get_checkout_order_info("X1").unwrap_err();
    assert_eq!(e.code(), "auth_error");
    assert!(!e.to_string().contains("wrong_secret"), "no secret in messages: {e}");
    // Decode: a path that does not answer with an envelope (the hosted payment page).
    let lenient = env.builder().response_signature(ResponseSignaturePolicy::IfPresent).build().unwrap();
    let e = lenient.request("GET", "/pay/NOPE", &[] as &[(&str, &str)], None).unwrap_err();
    assert_eq!(e.code(), "decode_error", "{e:?}");
    // Transport: nothing listens there.
    let dead = Client::builder("k", "s", "x").base_url("http://127.0.0.1:9").max_retries(0).build().unwrap();
    assert_eq!(dead.get_checkout_order_info("X1").unwrap_err().code(), "transport_error");
    // Timeout: the server holds the request longer than the client waits.
    let slow = env.builder().timeout(Duration::from_millis(300)).max_retries(0).build().unwrap();
    slow.get_checkout_order_info(&no).unwrap(); // fetches its token before the fault is armed
    env.fault("GET", "/checkout/order/info", "delay", 1, 1500);
    assert_eq!(slow.get_checkout_order_info(&no).unwrap_err().code(), "timeout");
    // ResponseSignature: a tampered response is rejected.
    env.fault("GET", "/checkout/order/info", "bad_signature", 1, 0);
    assert_eq!(c.get_checkout_order_info(&no).unwrap_err().code(), "response_signature");
}

#[test]
fn retried_create_after_lost_response_returns_the_one_order() {
    let env = Env::start();
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    let c = env
        .builder()
        .observer(move |l| {
            sink.lock().unwrap().push((l.path.clone(), l.status, l.response_body.clone().unwrap_or_default()))
        })
        .build()
        .unwrap();
    for kind in ["drop_after_processing", "http_500", "http_503", "drop"] {
        let no = unique("IDEM");
        log.lock().unwrap().clear();
        env.fault("POST", CREATE, kind, 1, 0);
        let created = c.create_checkout_order(&order(&no), None).unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(created.order_no, no);
        assert!(created.payment_url.is_some(), "{kind}: recovered create still carries the payment URL");
        assert_eq!(orders_in_sandbox(&env, &no), 1, "{kind}: exactly one order exists");
        let creates = log.lock().unwrap().iter().filter(|(p, _, _)| p == CREATE).count();
        assert_eq!(creates, 2, "{kind}: the lost attempt was retried once");
    }
    // After a lost response, the retry was answered "duplicate" and the order was read back.
    let no = unique("IDEM");
    log.lock().unwrap().clear();
    env.fault("POST", CREATE, "drop_after_processing", 1, 0);
    c.create_checkout_order(&order(&no), None).unwrap();
    let seen = log.lock().unwrap().clone();
    assert!(seen.iter().any(|(p, _, body)| p == CREATE && body.contains("00009")), "{seen:?}");
    assert!(seen.iter().any(|(p, s, _)| p == "/checkout/order/info" && *s == Some(200)), "{seen:?}");
    // A delay longer than the timeout: the server creates the order, the client times out and
    // retries, gets "duplicate", and returns the existing order.
    let patient = env.builder().timeout(Duration::from_millis(400)).build().unwrap();
    patient.get_checkout_order_info("WARM1").ok();
    let no = unique("SLOW");
    env.fault("POST", CREATE, "delay", 1, 1200);
    let created = patient.create_checkout_order(&order(&no), None).unwrap();
    assert_eq!(created.order_no, no);
    assert_eq!(orders_in_sandbox(&env, &no), 1);
}

#[test]
fn retries_give_up_after_max_and_reports_last_error() {
    let env = Env::start();
    let attempts = Arc::new(AtomicU32::new(0));
    let seen = attempts.clone();
    let c = env
        .builder()
        .max_retries(2)
        .observer(move |log| {
            if log.path == "/checkout/order/info" {
                seen.fetch_add(1, Ordering::SeqCst);
            }
        })
        .build()
        .unwrap();
    env.fault("GET", "/checkout/order/info", "http_503", 10, 0);
    let e = c.get_checkout_order_info("ANY1").unwrap_err();
    assert_eq!(e.http_status(), Some(503));
    assert_eq!(attempts.load(Ordering::SeqCst), 3, "1 attempt + 2 retries");
    env.control("DELETE", "/_sandbox/faults", serde_json::Value::Null);
    env.fault("GET", "/checkout/order/info", "http_429", 1, 0);
    assert_eq!(
        c.get_checkout_order_info("ANY1").unwrap_err().retcode(),
        Some("00010"),
        "429 retried, then a real answer"
    );
}

/// A client whose observer counts the token endpoint calls.
fn counting_token_calls(env: &Env) -> (Client, Arc<AtomicU32>) {
    let token_calls = Arc::new(AtomicU32::new(0));
    let seen = token_calls.clone();
    let c = env
        .builder()
        .observer(move |log| {
            if log.path == "/user/auth/oauth2/token" {
                seen.fetch_add(1, Ordering::SeqCst);
            }
        })
        .build()
        .unwrap();
    (c, token_calls)
}

#[test]
fn token_is_cached_refetched_once_when_invalid_and_refreshed_before_expiry() {
    let env = Env::with(SandboxConfig { time_scale: 0.001, token_ttl_secs: 2, ..SandboxConfig::default() });
    let (c, token_calls) = counting_token_calls(&env);
    for _ in 0..3 {
        assert_eq!(c.get_checkout_order_info("NONE1").unwrap_err().retcode(), Some("00010"));
    }
    assert_eq!(token_calls.load(Ordering::SeqCst), 1, "one token for many calls");
    env.control("POST", "/_sandbox/tokens/expire", serde_json::Value::Null);
    assert_eq!(c.get_checkout_order_info("NONE1").unwrap_err().retcode(), Some("00010"), "refetched transparently");
    assert_eq!(token_calls.load(Ordering::SeqCst), 2);
    // A 2 s token is refreshed proactively (at half its life, since 5 min exceeds it).
    std::thread::sleep(Duration::from_millis(1100));
    c.get_checkout_order_info("NONE1").unwrap_err();
    assert_eq!(token_calls.load(Ordering::SeqCst), 3);
    // Another client taking a token invalidates ours: we recover once.
    let other = env.client();
    other.get_checkout_order_info("NONE1").unwrap_err();
    assert_eq!(c.get_checkout_order_info("NONE1").unwrap_err().retcode(), Some("00010"));
}

#[test]
fn response_signature_policies() {
    // Full and short forms both verify under Required.
    for mode in [ResponseSignature::Full, ResponseSignature::Short] {
        let env = Env::with_signature(mode);
        assert_eq!(env.client().get_checkout_order_info("N1").unwrap_err().retcode(), Some("00010"), "{mode:?}");
    }
    // No signature: Required refuses, IfPresent and Off accept.
    let env = Env::with_signature(ResponseSignature::None);
    assert_eq!(env.client().get_checkout_order_info("N1").unwrap_err().code(), "response_signature");
    for policy in [ResponseSignaturePolicy::IfPresent, ResponseSignaturePolicy::Off] {
        let c = env.builder().response_signature(policy).build().unwrap();
        assert_eq!(c.get_checkout_order_info("N1").unwrap_err().retcode(), Some("00010"));
    }
    // A wrong signature is rejected under IfPresent too, and ignored only when Off.
    let env = Env::start();
    let if_present = env.builder().response_signature(ResponseSignaturePolicy::IfPresent).build().unwrap();
    if_present.get_checkout_order_info("N1").unwrap_err();
    env.fault("GET", "/checkout/order/info", "bad_signature", 1, 0);
    assert_eq!(if_present.get_checkout_order_info("N1").unwrap_err().code(), "response_signature");
    let off = env.builder().response_signature(ResponseSignaturePolicy::Off).build().unwrap();
    off.get_checkout_order_info("N1").unwrap_err();
    env.fault("GET", "/checkout/order/info", "bad_signature", 1, 0);
    assert_eq!(off.get_checkout_order_info("N1").unwrap_err().retcode(), Some("00010"));
}

#[test]
fn eight_threads_share_one_client() {
    let env = Env::start();
    let (c, token_calls) = counting_token_calls(&env);
    let created = Arc::new(Mutex::new(Vec::new()));
    std::thread::scope(|s| {
        for t in 0..8 {
            let c = c.clone();
            let created = created.clone();
            s.spawn(move || {
                for i in 0..5 {
                    let no = format!("T{t}N{i}P{}", std::process::id());
                    let o = c.create_checkout_order(&order(&no), None).unwrap();
                    assert_eq!(c.get_checkout_order_info(&o.order_no).unwrap().order_no, no);
                    created.lock().unwrap().push(no);
                }
            });
        }
    });
    assert_eq!(created.lock().unwrap().len(), 40);
    assert_eq!(token_calls.load(Ordering::SeqCst), 1, "single flight: one token fetch for 8 threads");
    assert_eq!(c.list_checkout_orders(&ListCheckoutOrdersRequest::default()).unwrap().total, 40);
}

#[test]
fn debug_output_never_shows_secrets() {
    let env = Env::start();
    let c =
        Client::builder("demo_api_key", "demo_api_secret", "demo_sign_key").base_url(env.url.clone()).build().unwrap();
    c.get_checkout_order_info("N1").unwrap_err();
    let debug = format!("{c:?} {:?}", Client::builder("k", "super-secret-1", "super-secret-2"));
    assert!(!debug.contains("demo_api_secret") && !debug.contains("demo_sign_key"), "{debug}");
    assert!(!debug.contains("super-secret"), "{debug}");
}
