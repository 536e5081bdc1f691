//! Response signatures: full, short and none; errors and 404s are signed too.

use wcheckout::signing::now_millis;
use wcheckout_sandbox::{ResponseSignature, SandboxConfig};

use crate::support::{Env, ORDER_INFO};

#[test]
fn full_mode_signs_successes_errors_and_unknown_paths() {
    let env = Env::new();
    env.create_order("SIGF1", "2");
    let ok = env.get(ORDER_INFO, "orderNo", "SIGF1");
    assert!(env.full_signature_ok(&ok, "GET", ORDER_INFO, "orderNo=SIGF1"));
    let ts: u64 = ok.header("TIMESTAMP").unwrap().parse().unwrap();
    assert!(now_millis().abs_diff(ts) < 60_000);
    let err = env.get(ORDER_INFO, "orderNo", "NOPE");
    err.expect_err("00010");
    assert!(env.full_signature_ok(&err, "GET", ORDER_INFO, "orderNo=NOPE"));
    let unsigned = env.raw("GET", ORDER_INFO, &[], b"");
    unsigned.expect_err("00006");
    assert!(env.full_signature_ok(&unsigned, "GET", ORDER_INFO, ""));
    let missing = env.raw("POST", "/checkout/nothing/here?x=1", &[], b"{}");
    assert_eq!((missing.status, missing.retcode()), (404, "00013"));
    assert!(env.full_signature_ok(&missing, "POST", "/checkout/nothing/here", "x=1"));
    // The short form does not match in full mode.
    let short = env.signer.verify_timestamp_body(
        ok.header("TIMESTAMP").unwrap(),
        ok.body.as_bytes(),
        ok.header("SIGNATURE").unwrap(),
    );
    assert!(short.is_err());
}

#[test]
fn short_mode_signs_timestamp_plus_body() {
    let env = Env::with(SandboxConfig { response_signature: ResponseSignature::Short, ..SandboxConfig::default() });
    env.create_order("SIGS1", "2");
    let r = env.get(ORDER_INFO, "orderNo", "SIGS1");
    let (sig, ts) = (r.header("SIGNATURE").unwrap(), r.header("TIMESTAMP").unwrap());
    env.signer.verify_timestamp_body(ts, r.body.as_bytes(), sig).unwrap();
    assert!(!env.full_signature_ok(&r, "GET", ORDER_INFO, "orderNo=SIGS1"));
}

#[test]
fn none_mode_sends_no_signature_headers() {
    let env = Env::with(SandboxConfig { response_signature: ResponseSignature::None, ..SandboxConfig::default() });
    env.create_order("SIGN1", "2");
    let r = env.get(ORDER_INFO, "orderNo", "SIGN1");
    assert_eq!(r.retcode(), "200");
    assert!(r.header("SIGNATURE").is_none() && r.header("TIMESTAMP").is_none());
}

#[test]
fn the_control_api_is_not_signed() {
    let env = Env::new();
    let r = env.control("GET", "/_sandbox/health", serde_json::Value::Null);
    assert_eq!((r.status, r.retcode()), (200, "200"));
    assert!(r.header("SIGNATURE").is_none());
    assert_eq!(r.header("Content-Type"), Some("application/json"));
}
