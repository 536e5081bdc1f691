//! Fault injection: each kind, matching by method and path, counts, listing and clearing.

use std::thread;
use std::time::{Duration, Instant};

use serde_json::json;
use wcheckout::signing::now_millis;

use crate::support::{Env, ORDER_CREATE, ORDER_INFO, TOKEN_PATH, try_raw};

fn create_body(no: &str) -> String {
    json!({"orderNo": no, "orderAmount": "1", "customerId": "c", "token": "ETH_USDT"}).to_string()
}

fn arm(env: &Env, body: serde_json::Value) -> serde_json::Value {
    env.ctl("POST", "/_sandbox/faults", body)
}

fn orders(env: &Env) -> u64 {
    env.state()["counts"]["orders"].as_u64().unwrap()
}

#[test]
fn http_errors_answer_without_processing_then_recover() {
    let env = Env::new();
    env.token();
    let f = arm(&env, json!({"method": "POST", "path": ORDER_CREATE, "kind": "http_500", "count": 2}));
    assert_eq!((f["kind"].as_str(), f["remaining"].as_u64()), (Some("http_500"), Some(2)));
    for _ in 0..2 {
        let r = env.call("POST", ORDER_CREATE, "", &create_body("F1"));
        assert_eq!((r.status, r.retcode()), (500, "500"), "{r:?}");
        assert!(env.full_signature_ok(&r, "POST", ORDER_CREATE, ""));
    }
    assert_eq!(orders(&env), 0);
    assert_eq!(env.call("POST", ORDER_CREATE, "", &create_body("F1")).retcode(), "200");
    arm(&env, json!({"kind": "http_503"}));
    let r = env.get(ORDER_INFO, "orderNo", "F1");
    assert_eq!((r.status, r.retcode()), (503, "503"));
    arm(&env, json!({"kind": "http_429", "retryAfter": 2}));
    let r = env.get(ORDER_INFO, "orderNo", "F1");
    assert_eq!((r.status, r.retcode(), r.header("Retry-After")), (429, "429", Some("2")));
    assert_eq!(env.get(ORDER_INFO, "orderNo", "F1").status, 200);
    assert!(env.ctl("GET", "/_sandbox/faults", serde_json::Value::Null)["faults"].as_array().unwrap().is_empty());
}

#[test]
fn faults_match_method_and_path() {
    let env = Env::new();
    env.create_order("FM1", "1");
    arm(&env, json!({"method": "POST", "path": ORDER_CREATE, "kind": "http_500"}));
    assert_eq!(env.get(ORDER_INFO, "orderNo", "FM1").status, 200, "GET info is not matched");
    // A fault without a path matches business calls, not the token endpoint.
    env.ctl("DELETE", "/_sandbox/faults", serde_json::Value::Null);
    arm(&env, json!({"kind": "http_503"}));
    env.fetch_token();
    assert_eq!(env.get(ORDER_INFO, "orderNo", "FM1").status, 503);
    // With the token path, the token endpoint fails.
    arm(&env, json!({"path": TOKEN_PATH, "kind": "http_503"}));
    let r = env.raw(
        "POST",
        &format!("{TOKEN_PATH}?grant_type=client_credentials&api_key=demo_api_key&api_secret=demo_api_secret"),
        &[],
        b"",
    );
    assert_eq!(r.status, 503);
    env.fetch_token();
    // Listing and clearing.
    arm(&env, json!({"path": ORDER_INFO, "kind": "delay", "count": 3, "delayMs": 10}));
    let listed = env.ctl("GET", "/_sandbox/faults", serde_json::Value::Null);
    assert_eq!(listed["faults"][0]["remaining"], 3);
    assert!(env.ctl("DELETE", "/_sandbox/faults", serde_json::Value::Null)["faults"].as_array().unwrap().is_empty());
    for bad in [
        json!({"kind": "explode"}),
        json!({}),
        json!({"kind": "drop", "count": 0}),
        json!({"kind": "delay", "delayMs": 999_999}),
        json!({"kind": "drop", "path": "nope"}),
    ] {
        let r = env.control("POST", "/_sandbox/faults", bad.clone());
        assert_eq!(r.status, 400, "{bad} → {r:?}");
    }
}

#[test]
fn drop_closes_the_connection_without_processing() {
    let env = Env::new();
    env.token();
    arm(&env, json!({"method": "POST", "path": ORDER_CREATE, "kind": "drop"}));
    let headers = env.signed_headers("POST", ORDER_CREATE, "", &create_body("D1"), now_millis());
    let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let started = Instant::now();
    let result = try_raw(&env.agent, &env.url, "POST", ORDER_CREATE, &h, create_body("D1").as_bytes());
    assert!(result.is_err(), "expected a connection error, got {result:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "closed promptly, not a timeout");
    assert_eq!(orders(&env), 0);
    assert_eq!(env.call("POST", ORDER_CREATE, "", &create_body("D1")).retcode(), "200");
}

#[test]
fn drop_after_processing_creates_then_closes_so_a_retry_sees_a_duplicate() {
    let env = Env::new();
    env.token();
    arm(&env, json!({"method": "POST", "path": ORDER_CREATE, "kind": "drop_after_processing"}));
    let headers = env.signed_headers("POST", ORDER_CREATE, "", &create_body("DAP1"), now_millis());
    let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert!(try_raw(&env.agent, &env.url, "POST", ORDER_CREATE, &h, create_body("DAP1").as_bytes()).is_err());
    assert_eq!(orders(&env), 1, "the order was created");
    env.call("POST", ORDER_CREATE, "", &create_body("DAP1")).expect_err("00009");
    // Info rebuilds what the create would have returned.
    assert_eq!(env.order_status("DAP1"), "PAYING");
    assert_eq!(orders(&env), 1);
}

#[test]
fn bad_signature_answers_normally_with_a_wrong_signature() {
    let env = Env::new();
    env.token();
    arm(&env, json!({"kind": "bad_signature"}));
    let r = env.call("POST", ORDER_CREATE, "", &create_body("BS1"));
    assert_eq!(r.retcode(), "200");
    assert!(r.header("SIGNATURE").is_some());
    assert!(!env.full_signature_ok(&r, "POST", ORDER_CREATE, ""));
    assert!(
        env.signer
            .verify_timestamp_body(r.header("TIMESTAMP").unwrap(), r.body.as_bytes(), r.header("SIGNATURE").unwrap())
            .is_err()
    );
    assert_eq!(orders(&env), 1);
    let next = env.get(ORDER_INFO, "orderNo", "BS1");
    assert!(env.full_signature_ok(&next, "GET", ORDER_INFO, "orderNo=BS1"));
}

#[test]
fn delay_sleeps_then_processes_without_blocking_other_requests() {
    let env = Env::new();
    env.create_order("DL1", "1");
    arm(&env, json!({"method": "POST", "path": ORDER_CREATE, "kind": "delay", "delayMs": 6000}));
    thread::scope(|s| {
        let slow = s.spawn(|| {
            let started = Instant::now();
            let r = env.call("POST", ORDER_CREATE, "", &create_body("DL2"));
            (r, started.elapsed())
        });
        // Wait until the slow request is in the server (the fault is used up), then make another call.
        crate::support::eventually("the delay fault to be taken", 20, || {
            env.ctl("GET", "/_sandbox/faults", serde_json::Value::Null)["faults"]
                .as_array()
                .unwrap()
                .is_empty()
                .then_some(())
        });
        assert_eq!(env.order_status("DL1"), "PAYING");
        assert!(!slow.is_finished(), "another request was answered while the delayed one waits");
        let (r, elapsed) = slow.join().unwrap();
        assert_eq!(r.retcode(), "200");
        assert!(elapsed >= Duration::from_millis(6000), "{elapsed:?}");
    });
}
