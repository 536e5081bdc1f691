//! The control API (state, reset, clock, health, errors) and the embedding API (start/stop,
//! concurrency).

use std::thread;
use std::time::Duration;

use serde_json::{Value, json};
use wcheckout::Amount;
use wcheckout_sandbox::{HttpLimits, ResponseSignature, Sandbox, SandboxConfig, StartError};

use crate::support::{Env, ORDER_CREATE, ORDER_INFO};

#[test]
fn state_reports_everything_with_counts_and_balances() {
    let env = Env::new();
    env.paid_order("ST1", "10");
    env.create_order("ST2", "5");
    env.ctl("POST", "/_sandbox/orders/ST2/pay", json!({"amount": "1", "txHash": "0xst2"}));
    env.ok("POST", "/checkout/refund-order/create", "", r#"{"refundOrderNo":"STR","orderNo":"ST1","amount":"2"}"#);
    let s = env.state();
    assert_eq!(
        s["counts"],
        json!({"orders": 2, "refunds": 1, "settlements": 0, "abnormalPayments": 1, "payments": 2,
               "tokensIssued": 1, "tokenRejections": 0})
    );
    assert_eq!(s["orders"][0]["orderStatus"], "REFUNDING");
    assert_eq!(s["payments"][1]["txHash"], "0xst2");
    assert_eq!(s["balances"]["ETH_USDT"].to_string(), "9");
    assert!(s["token"]["expiresInSeconds"].as_i64().unwrap() > 21_000);
    assert_eq!(s["clockOffsetSeconds"], 0);
}

#[test]
fn reset_forgets_everything() {
    let env = Env::new();
    env.paid_order("RS1", "10");
    env.ctl("POST", "/_sandbox/faults", json!({"kind": "http_500", "path": "/checkout/order/list"}));
    env.ctl("POST", "/_sandbox/clock/advance", json!({"seconds": 100}));
    env.ctl("PUT", "/_sandbox/webhook-url", json!({"url": "http://127.0.0.1:9/x"}));
    assert_eq!(env.ctl("POST", "/_sandbox/reset", Value::Null)["reset"], true);
    let s = env.state();
    assert_eq!(s["counts"]["orders"], 0);
    assert_eq!(s["clockOffsetSeconds"], 0);
    assert!(s["token"].is_null() && s["webhookUrl"].is_null());
    assert_eq!(s["counts"]["tokensIssued"], 0);
    assert!(env.deliveries().is_empty());
    assert!(env.ctl("GET", "/_sandbox/faults", Value::Null)["faults"].as_array().unwrap().is_empty());
    // The old token is gone too.
    env.get(ORDER_INFO, "orderNo", "RS1").expect_err("00002");
    env.fetch_token();
    env.get(ORDER_INFO, "orderNo", "RS1").expect_err("00010");
    env.create_order("RS1", "1");
}

#[test]
fn clock_and_misc_control_errors() {
    let env = Env::new();
    let c = env.ctl("POST", "/_sandbox/clock/advance", json!({"seconds": 90}));
    assert_eq!(c["offsetSeconds"], 90);
    assert_eq!(env.ctl("GET", "/_sandbox/clock", Value::Null)["offsetSeconds"], 90);
    let check = |method: &str, path: &str, body: Value, status: u16, code: &str| {
        let r = env.control(method, path, body);
        assert_eq!((r.status, r.retcode()), (status, code), "{method} {path} → {r:?}");
    };
    check("POST", "/_sandbox/clock/advance", json!({"seconds": -5}), 400, "00008");
    check("POST", "/_sandbox/clock/advance", json!({}), 400, "00007");
    check("POST", "/_sandbox/clock/advance", json!({"seconds": 10_000_000_000u64}), 400, "00008");
    check("POST", "/_sandbox/clock/advance", Value::Null, 400, "00005");
    check("GET", "/_sandbox/nothing", Value::Null, 404, "00013");
    check("DELETE", "/_sandbox/state", Value::Null, 404, "00013");
    check("GET", "/_sandbox/health", Value::Null, 200, "200");
    assert_eq!(env.ctl("POST", "/_sandbox/tokens/expire", json!({}))["expired"], false, "no token yet");
    assert_eq!(env.raw("GET", "/pay/OR0", &[], b"").status, 404);
}

#[test]
fn invalid_configs_are_refused() {
    let bad = [
        SandboxConfig { sign_key: String::new(), ..SandboxConfig::default() },
        SandboxConfig { time_scale: 0.0, ..SandboxConfig::default() },
        SandboxConfig { time_scale: f64::NAN, ..SandboxConfig::default() },
        SandboxConfig { token_ttl_secs: 0, ..SandboxConfig::default() },
        SandboxConfig { exchange_rate: Amount::zero(), ..SandboxConfig::default() },
        SandboxConfig { webhook_url: Some("localhost:80".into()), ..SandboxConfig::default() },
        SandboxConfig { http: HttpLimits { max_connections: 0, ..HttpLimits::default() }, ..SandboxConfig::default() },
        SandboxConfig {
            http: HttpLimits { request_deadline: Duration::ZERO, ..HttpLimits::default() },
            ..SandboxConfig::default()
        },
        SandboxConfig {
            http: HttpLimits { idle_timeout: Duration::from_secs(100_000), ..HttpLimits::default() },
            ..SandboxConfig::default()
        },
    ];
    for config in bad {
        assert!(matches!(Sandbox::start(config.clone()), Err(StartError::Config(_))), "{config:?}");
    }
    let taken = Sandbox::start(SandboxConfig::default()).unwrap();
    let again = Sandbox::start(SandboxConfig { port: taken.port(), ..SandboxConfig::default() });
    assert!(matches!(again, Err(StartError::Bind { .. })));
    let shown = format!("{:?}", SandboxConfig::default());
    assert!(!shown.contains("demo_sign_key") && !shown.contains("demo_api_secret"), "{shown}");
    assert_eq!(SandboxConfig::default().response_signature, ResponseSignature::Full);
}

#[test]
fn stop_and_drop_close_the_port() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let addr = sandbox.addr();
    assert_eq!(sandbox.url(), format!("http://{addr}"));
    std::net::TcpStream::connect(addr).unwrap();
    sandbox.stop();
    assert!(std::net::TcpStream::connect(addr).is_err());
    let dropped = Sandbox::start(SandboxConfig::default()).unwrap();
    let addr = dropped.addr();
    drop(dropped);
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn concurrent_creates_of_one_order_number_create_exactly_one_order() {
    let env = Env::new();
    env.token();
    let body = json!({"orderNo": "RACE1", "orderAmount": 1, "customerId": "c", "token": "ETH_USDT"}).to_string();
    let codes: Vec<String> = thread::scope(|s| {
        let handles: Vec<_> =
            (0..8).map(|_| s.spawn(|| env.call("POST", ORDER_CREATE, "", &body).retcode().to_owned())).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(codes.iter().filter(|c| *c == "200").count(), 1, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| *c == "00009").count(), 7, "{codes:?}");
    // Many distinct orders in parallel: all created, sysids unique.
    thread::scope(|s| {
        for t in 0..4 {
            let env = &env;
            s.spawn(move || {
                for i in 0..15 {
                    env.create_order(&format!("PAR{t}N{i}"), "1");
                }
            });
        }
    });
    let s = env.state();
    let mut ids: Vec<&str> = s["orders"].as_array().unwrap().iter().map(|o| o["sysid"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 61);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 61);
}
