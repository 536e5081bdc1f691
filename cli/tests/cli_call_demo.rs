//! `wcheckout demo` and `wcheckout call`, run as real processes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use wcheckout_sandbox::{Sandbox, SandboxConfig};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wcheckout"))
}

#[test]
fn demo_walks_the_whole_lifecycle() {
    let out = bin().arg("demo").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "demo failed:\n{stdout}\n{stderr}");
    for needle in [
        "string-to-sign: POST",
        "webhook verified: CHECKOUT_ORDER_CHANGED",
        "webhook verified: REFUND_ORDER_CHANGED",
        "webhook verified: SETTLEMENT_ORDER_CHANGED",
        "webhook verified: ABNORMAL_PAYMENT",
        "demo complete",
    ] {
        assert!(stdout.contains(needle), "demo output lacks {needle:?}:\n{stdout}");
    }
    assert!(!stdout.contains("demo_api_secret"), "the api secret must never be printed");
}

#[test]
fn call_creates_and_reads_an_order() {
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let call = |op: &str, json: &str| {
        bin()
            .args(["call", op, "--base-url", &sandbox.url(), "--response-signature", "required", "--json", json])
            .env("WCHECKOUT_API_KEY", "demo_api_key")
            .env("WCHECKOUT_API_SECRET", "demo_api_secret")
            .env("WCHECKOUT_SIGN_KEY", "demo_sign_key")
            .output()
            .unwrap()
    };
    let out = call(
        "create_checkout_order",
        r#"{"orderNo":"CLI1","orderAmount":"9.90","customerId":"c1","token":"ETH_USDT"}"#,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["orderNo"], "CLI1");

    let out = call("get-checkout-order-info", r#"{"orderNo":"CLI1"}"#);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"orderAmount\": 9.90"), "exact digits printed: {text}");

    let out = call("get_checkout_order_info", r#"{"orderNo":"MISSING1"}"#);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[api_error]"));

    let out = call("no_such_operation", "{}");
    assert_eq!(out.status.code(), Some(2));
    let out = call("get_checkout_order_info", "{not json");
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["call", "get_checkout_order_info", "--base-url", &sandbox.url()])
        .env_remove("WCHECKOUT_API_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "missing credentials is a usage error");
    sandbox.stop();
}

#[test]
fn an_absurd_timeout_is_a_typed_error_not_a_panic() {
    let out = bin()
        .args(["call", "get_checkout_order_info", "--base-url", "http://127.0.0.1:9", "--json", r#"{"orderNo":"A1"}"#])
        .args(["--timeout", "18446744073709551615"])
        .env("WCHECKOUT_API_KEY", "k")
        .env("WCHECKOUT_API_SECRET", "s")
        .env("WCHECKOUT_SIGN_KEY", "x")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[invalid_argument]") && stderr.contains("timeout"), "{stderr}");
}
