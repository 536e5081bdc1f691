//! Per-call overrides (timeout, retry budget, cancel flag) and what the observer reports about
//! retries, against the real sandbox with injected faults.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::Env;
use wcheckout::client::{CallOptions, CancelFlag, RequestLog};
use wcheckout::model::ListCheckoutOrdersRequest;

const LIST: &str = "/checkout/order/list";

fn list(client: &wcheckout::Client) -> wcheckout::Result<()> {
    client.list_checkout_orders(&ListCheckoutOrdersRequest::default()).map(|_| ())
}

/// How many requests the armed faults have still to answer (each matching request uses one).
fn faults_remaining(env: &Env) -> u64 {
    let faults = env.control("GET", "/_sandbox/faults", serde_json::Value::Null);
    let all = faults.as_array().cloned().or_else(|| faults["faults"].as_array().cloned()).unwrap_or_default();
    all.iter().map(|f| f["remaining"].as_u64().unwrap_or(0)).sum()
}

#[test]
fn a_per_call_timeout_and_retry_budget_apply_to_that_call_only() {
    let env = Env::start();
    let client = env.client(); // 10 s timeout, 3 retries
    list(&client).unwrap(); // token fetched
    env.fault("POST", LIST, "delay", 1, 1500);
    let quick = client
        .with_call_options(CallOptions {
            timeout: Some(Duration::from_millis(300)),
            max_retries: Some(0),
            ..Default::default()
        })
        .unwrap();
    let started = Instant::now();
    let e = list(&quick).unwrap_err();
    assert_eq!(e.code(), "timeout", "{e}");
    assert!(e.outcome_unknown(), "the request was sent: {e}");
    assert!(started.elapsed() < Duration::from_millis(1400), "took {:?}", started.elapsed());
    // The client itself keeps its settings: a 503 is retried.
    env.fault("POST", LIST, "http_503", 1, 0);
    list(&client).unwrap();
    // …and the override's budget of 0 retries does not retry it.
    env.fault("POST", LIST, "http_503", 1, 0);
    assert_eq!(list(&quick).unwrap_err().http_status(), Some(503));
}

#[test]
fn out_of_range_overrides_are_invalid_arguments() {
    let env = Env::start();
    let client = env.client();
    for options in [
        CallOptions { timeout: Some(Duration::ZERO), ..Default::default() },
        CallOptions { timeout: Some(Duration::from_secs(7200)), ..Default::default() },
        CallOptions { max_retries: Some(11), ..Default::default() },
    ] {
        assert_eq!(client.with_call_options(options).unwrap_err().code(), "invalid_argument");
    }
}

#[test]
fn a_cancelled_call_starts_no_further_attempt() {
    let env = Env::start();
    // Long backoff, so the cancel lands while the call waits to retry.
    let policy = wcheckout::client::RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_secs(2),
        max_delay: Duration::from_secs(2),
    };
    let client = env.builder().retry_policy(policy).build().unwrap();
    list(&client).unwrap();
    env.fault("POST", LIST, "http_429", 5, 0);
    // Set before the call: nothing is sent.
    let cancel = CancelFlag::new();
    cancel.cancel();
    let cancelled = client.with_call_options(CallOptions { cancel: Some(cancel), ..Default::default() }).unwrap();
    assert!(list(&cancelled).is_err());
    assert_eq!(faults_remaining(&env), 5);
    // Set during the backoff after a 429: the retry never goes out, and the wait ends early.
    let cancel = CancelFlag::new();
    let cancellable =
        client.with_call_options(CallOptions { cancel: Some(cancel.clone()), ..Default::default() }).unwrap();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        cancel.cancel();
    });
    let started = Instant::now();
    let e = list(&cancellable).unwrap_err();
    canceller.join().unwrap();
    assert!(started.elapsed() < Duration::from_millis(900), "woke early: {:?}", started.elapsed());
    assert_eq!(faults_remaining(&env), 4, "one attempt only: {e}");
    assert!(!e.outcome_unknown(), "a 429 was refused unprocessed: {e}");
    env.control("DELETE", "/_sandbox/faults", serde_json::Value::Null);
}

#[test]
fn the_observer_learns_which_attempts_are_retried_and_after_how_long() {
    let env = Env::start();
    let logs: Arc<Mutex<Vec<RequestLog>>> = Arc::default();
    let sink = logs.clone();
    let client = env.builder().observer(move |log| sink.lock().unwrap().push(log.clone())).build().unwrap();
    env.fault("POST", LIST, "http_503", 1, 0);
    list(&client).unwrap();
    let logs = logs.lock().unwrap();
    let token: Vec<_> = logs.iter().filter(|l| l.is_token_request()).collect();
    assert_eq!(token.len(), 1);
    assert!(token[0].response_body.is_none() && !token[0].query.contains("demo_api_secret"));
    let calls: Vec<_> = logs.iter().filter(|l| l.path == LIST).collect();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!((calls[0].attempt, calls[0].status, calls[0].error_code), (1, Some(503), Some("api_error")));
    assert!(calls[0].retry_in.is_some_and(|d| d <= Duration::from_millis(100)), "{:?}", calls[0].retry_in);
    assert_eq!((calls[1].attempt, calls[1].status, calls[1].retry_in), (2, Some(200), None));
}
