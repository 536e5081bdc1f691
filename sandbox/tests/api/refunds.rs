//! Refund orders: the state machine, the order's REFUNDING → PARTIAL_REFUNDED / REFUNDED moves,
//! amount limits and illegal transitions.

use serde_json::{Value, json};

use crate::support::Env;

const CREATE: &str = "/checkout/refund-order/create";
const CANCEL: &str = "/checkout/refund-order/cancel";
const INFO: &str = "/checkout/refund-order/info";
const LIST: &str = "/checkout/refund-order/list";

fn refund(env: &Env, no: &str, order: &str, amount: &str) -> Value {
    env.ok("POST", CREATE, "", &json!({"refundOrderNo": no, "orderNo": order, "amount": amount}).to_string())
}

fn act(env: &Env, no: &str, action: &str) -> Value {
    env.ctl("POST", &format!("/_sandbox/refunds/{no}/{action}"), json!({}))
}

fn order(env: &Env, no: &str) -> Value {
    env.ok("GET", "/checkout/order/info", &format!("orderNo={no}"), "")
}

#[test]
fn partial_then_full_refund_lifecycle() {
    let env = Env::new();
    env.paid_order("RO1", "10");
    let r = refund(&env, "RF1", "RO1", "4");
    assert!(r["sysid"].as_str().unwrap().starts_with("RF"));
    assert_eq!((r["refundStatus"].as_str(), r["amount"].to_string()), (Some("PENDING_REFUND"), "4".to_owned()));
    assert_eq!((r["orderNo"].as_str(), r["token"].as_str()), (Some("RO1"), Some("ETH_USDT")));
    assert_eq!(order(&env, "RO1")["orderStatus"], "REFUNDING");
    assert_eq!(act(&env, "RF1", "process")["refundStatus"], "REFUNDING");
    let done = act(&env, "RF1", "complete");
    assert_eq!(done["refundStatus"], "REFUNDED");
    assert!(done["txHash"].as_str().unwrap().starts_with("0x"));
    let o = order(&env, "RO1");
    assert_eq!(
        (o["orderStatus"].as_str(), o["refundedAmount"].to_string()),
        (Some("PARTIAL_REFUNDED"), "4".to_owned())
    );
    refund(&env, "RF2", "RO1", "6");
    act(&env, "RF2", "process");
    act(&env, "RF2", "complete");
    let o = order(&env, "RO1");
    assert_eq!((o["orderStatus"].as_str(), o["refundedAmount"].to_string()), (Some("REFUNDED"), "10".to_owned()));
    env.post(CREATE, json!({"refundOrderNo": "RF3", "orderNo": "RO1", "amount": "0.01"})).expect_err("00011");
    let info = env.ok("GET", INFO, "refundOrderNo=RF1", "");
    assert_eq!(info["refundStatus"], "REFUNDED");
}

#[test]
fn refunds_cannot_exceed_what_was_paid_minus_what_is_refunded() {
    let env = Env::new();
    env.paid_order("RX1", "10");
    let r = env.post(CREATE, json!({"refundOrderNo": "RX1A", "orderNo": "RX1", "amount": "10.01"}));
    r.expect_err("00012");
    assert!(r.retmsg().contains("10.01"), "{r:?}");
    refund(&env, "RX1B", "RX1", "6");
    // A pending refund counts.
    env.post(CREATE, json!({"refundOrderNo": "RX1C", "orderNo": "RX1", "amount": "4.5"})).expect_err("00012");
    refund(&env, "RX1C", "RX1", "4");
    env.post(CREATE, json!({"refundOrderNo": "RX1D", "orderNo": "RX1", "amount": "0.000001"})).expect_err("00012");
    // A failed refund gives its amount back.
    act(&env, "RX1C", "fail");
    refund(&env, "RX1D", "RX1", "4");
}

#[test]
fn refund_create_errors() {
    let env = Env::new();
    env.create_order("RE1", "10");
    env.post(CREATE, json!({"refundOrderNo": "REA", "orderNo": "RE1", "amount": "1"})).expect_err("00011");
    env.post(CREATE, json!({"refundOrderNo": "REA", "orderNo": "NOPE", "amount": "1"})).expect_err("00010");
    env.post(CREATE, json!({"refundOrderNo": "REA", "amount": "1"})).expect_err("00007");
    env.post(CREATE, json!({"orderNo": "RE1", "amount": "1"})).expect_err("00007");
    env.post(CREATE, json!({"refundOrderNo": "REA", "orderNo": "RE1"})).expect_err("00007");
    env.post(CREATE, json!({"refundOrderNo": "RE-A", "orderNo": "RE1", "amount": "1"})).expect_err("00008");
    env.post(CREATE, json!({"refundOrderNo": "REA", "orderNo": "RE1", "amount": "0"})).expect_err("00008");
    env.call("POST", CREATE, "", "{").expect_err("00005");
    env.pay("RE1", "10");
    refund(&env, "REA", "RE1", "1");
    let dup = env.post(CREATE, json!({"refundOrderNo": "REA", "orderNo": "RE1", "amount": "1"}));
    dup.expect_err("00009");
    assert!(dup.retmsg().contains("REA"));
    env.get(INFO, "refundOrderNo", "NOPE").expect_err("00010");
    env.call("GET", INFO, "", "").expect_err("00007");
}

#[test]
fn cancel_and_fail_return_the_order_to_its_previous_state() {
    let env = Env::new();
    env.paid_order("RC1", "10");
    refund(&env, "RC1A", "RC1", "3");
    let c = env.ok("GET", CANCEL, "refundOrderNo=RC1A", "");
    assert_eq!(c["refundStatus"], "CANCELLED");
    assert_eq!(order(&env, "RC1")["orderStatus"], "PAID");
    env.get(CANCEL, "refundOrderNo", "RC1A").expect_err("00011");
    refund(&env, "RC1B", "RC1", "3");
    act(&env, "RC1B", "process");
    env.get(CANCEL, "refundOrderNo", "RC1B").expect_err("00011");
    assert_eq!(act(&env, "RC1B", "fail")["refundStatus"], "FAILED");
    let o = order(&env, "RC1");
    assert_eq!((o["orderStatus"].as_str(), o["refundedAmount"].to_string()), (Some("PAID"), "0".to_owned()));
    // Two refunds in flight: the order stays REFUNDING until both end.
    refund(&env, "RC1C", "RC1", "2");
    refund(&env, "RC1D", "RC1", "2");
    act(&env, "RC1C", "complete");
    assert_eq!(order(&env, "RC1")["orderStatus"], "REFUNDING");
    act(&env, "RC1D", "fail");
    assert_eq!(order(&env, "RC1")["orderStatus"], "PARTIAL_REFUNDED");
}

#[test]
fn illegal_refund_transitions_are_rejected() {
    let env = Env::new();
    env.paid_order("RI1", "10");
    refund(&env, "RI1A", "RI1", "1");
    let ctl = |no: &str, action: &str| env.control("POST", &format!("/_sandbox/refunds/{no}/{action}"), json!({}));
    act(&env, "RI1A", "process");
    let r = ctl("RI1A", "process");
    assert_eq!((r.status, r.retcode()), (409, "00011"));
    assert!(r.retmsg().contains("REFUNDING"), "{r:?}");
    act(&env, "RI1A", "complete");
    for action in ["process", "complete", "fail"] {
        assert_eq!(ctl("RI1A", action).status, 409, "{action} after REFUNDED");
    }
    let r = ctl("RI1A", "complete");
    assert!(r.retmsg().contains("is REFUNDED: complete needs PENDING_REFUND or REFUNDING"), "{r:?}");
    refund(&env, "RI1B", "RI1", "1");
    env.ok("GET", CANCEL, "refundOrderNo=RI1B", "");
    assert_eq!(ctl("RI1B", "complete").status, 409);
    let r = ctl("NOPE", "process");
    assert_eq!((r.status, r.retcode()), (404, "00010"));
    let r = ctl("RI1B", "explode");
    assert_eq!((r.status, r.retcode()), (404, "00013"));
}

#[test]
fn complete_on_a_pending_refund_passes_through_refunding() {
    let env = Env::new();
    env.paid_order("RP1", "10");
    refund(&env, "RP1A", "RP1", "10");
    assert_eq!(act(&env, "RP1A", "complete")["refundStatus"], "REFUNDED");
    let statuses: Vec<String> = env
        .deliveries()
        .iter()
        .filter(|d| d["eventType"] == "REFUND_ORDER_CHANGED")
        .map(|d| d["event"]["data"]["refundStatus"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses, ["PENDING_REFUND", "REFUNDING", "REFUNDED"]);
    assert_eq!(order(&env, "RP1")["orderStatus"], "REFUNDED");
}

#[test]
fn list_filters_and_pages() {
    let env = Env::new();
    env.paid_order("RL1", "10");
    env.paid_order("RL2", "10");
    refund(&env, "RLA", "RL1", "1");
    refund(&env, "RLB", "RL2", "1");
    refund(&env, "RLC", "RL1", "1");
    act(&env, "RLC", "fail");
    let list = |b: Value| env.ok("POST", LIST, "", &b.to_string());
    let nos = |p: &Value| {
        p["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["refundOrderNo"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(nos(&list(json!({}))), ["RLA", "RLB", "RLC"]);
    assert_eq!(nos(&list(json!({"orderNo": "RL1"}))), ["RLA", "RLC"]);
    assert_eq!(nos(&list(json!({"refundStatus": "FAILED"}))), ["RLC"]);
    let p = list(json!({"pageNum": 2, "pageSize": 2}));
    assert_eq!((nos(&p), p["total"].as_u64()), (vec!["RLC".to_owned()], Some(3)));
    env.call("POST", LIST, "", r#"{"refundStatus":"DONE"}"#).expect_err("00008");
}
