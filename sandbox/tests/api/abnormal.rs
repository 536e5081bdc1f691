//! Simulated payments and abnormal payments: exact, over, under, late; listing and refunding them.

use serde_json::{Value, json};

use crate::support::Env;

const ABNORMAL_LIST: &str = "/checkout/abnormal-payment/list";
const ABNORMAL_REFUND: &str = "/checkout/abnormal-payment/refund";
const REFUND_CREATE: &str = "/checkout/refund-order/create";

fn pay_tx(env: &Env, order_no: &str, amount: &str, tx: &str) -> Value {
    env.ctl("POST", &format!("/_sandbox/orders/{order_no}/pay"), json!({"amount": amount, "txHash": tx}))
}

#[test]
fn exact_payment_marks_the_order_paid() {
    let env = Env::new();
    env.create_order("PAY1", "25.5");
    let d = pay_tx(&env, "PAY1", "25.50", "0xaaa");
    assert_eq!(d["order"]["orderStatus"], "PAID");
    assert_eq!(d["order"]["txHash"], "0xaaa");
    assert!(d["abnormalPayment"].is_null());
    assert_eq!(env.ok("GET", "/checkout/order/info", "orderNo=PAY1", "")["txHash"], "0xaaa");
    // A generated hash when none is given.
    env.create_order("PAY2", "1");
    let tx = env.pay("PAY2", "1")["txHash"].as_str().unwrap().to_owned();
    assert!(tx.starts_with("0x") && tx.len() == 66);
}

#[test]
fn overpayment_pays_and_records_the_excess() {
    let env = Env::new();
    env.create_order("OVER1", "10");
    let d = pay_tx(&env, "OVER1", "12.25", "0xover1");
    assert_eq!(d["order"]["orderStatus"], "PAID");
    let a = &d["abnormalPayment"];
    assert!(a["abnormalPaymentNo"].as_str().unwrap().starts_with("AP"));
    assert_eq!((a["abnormalType"].as_str(), a["status"].as_str()), (Some("OVER_PAID"), Some("PENDING")));
    assert_eq!((a["amount"].to_string(), a["pendingAmount"].to_string()), ("12.25".into(), "2.25".into()));
    assert_eq!(
        (a["hash"].as_str(), a["orderNo"].as_str(), a["token"].as_str()),
        (Some("0xover1"), Some("OVER1"), Some("ETH_USDT"))
    );
}

#[test]
fn underpayment_leaves_the_order_waiting() {
    let env = Env::new();
    env.create_order("UNDER1", "10");
    let d = pay_tx(&env, "UNDER1", "4", "0xunder1");
    assert_eq!(d["order"]["orderStatus"], "PAYING");
    assert_eq!(d["abnormalPayment"]["abnormalType"], "UNDER_PAID");
    assert_eq!(d["abnormalPayment"]["pendingAmount"].to_string(), "4");
}

#[test]
fn late_and_repeated_payments_are_abnormal() {
    let env = Env::new();
    env.create_order("LATE1", "3");
    env.ctl("POST", "/_sandbox/clock/advance", json!({"seconds": 1800}));
    let d = pay_tx(&env, "LATE1", "3", "0xlate1");
    assert_eq!(d["order"]["orderStatus"], "TIMEOUT");
    assert_eq!(d["abnormalPayment"]["abnormalType"], "LATE_PAYMENT");
    env.create_order("LATE2", "3");
    env.ok("GET", "/checkout/order/cancel", "orderNo=LATE2", "");
    assert_eq!(pay_tx(&env, "LATE2", "3", "0xlate2")["abnormalPayment"]["abnormalType"], "LATE_PAYMENT");
    env.paid_order("TWICE", "3");
    let again = pay_tx(&env, "TWICE", "3", "0xtwice2");
    assert_eq!(again["abnormalPayment"]["abnormalType"], "OVER_PAID");
    assert_eq!(again["abnormalPayment"]["pendingAmount"].to_string(), "3");
}

#[test]
fn pay_errors() {
    let env = Env::new();
    let r = env.control("POST", "/_sandbox/orders/NOPE/pay", json!({"amount": "1"}));
    assert_eq!((r.status, r.retcode()), (404, "00010"));
    env.create_order("PE1", "1");
    let r = env.control("POST", "/_sandbox/orders/PE1/pay", json!({}));
    assert_eq!((r.status, r.retcode()), (400, "00007"));
    let r = env.control("POST", "/_sandbox/orders/PE1/pay", json!({"amount": "-1"}));
    assert_eq!((r.status, r.retcode()), (400, "00008"));
    let r = env.control("POST", "/_sandbox/orders/PE1/pay", Value::Null);
    assert_eq!((r.status, r.retcode()), (400, "00005"));
    pay_tx(&env, "PE1", "0.5", "0xsame");
    let r = env.control("POST", "/_sandbox/orders/PE1/pay", json!({"amount": "1", "txHash": "0xsame"}));
    assert_eq!((r.status, r.retcode()), (409, "00009"));
}

#[test]
fn list_filters_by_order_status_and_type() {
    let env = Env::new();
    env.create_order("AL1", "10");
    pay_tx(&env, "AL1", "4", "0xal1");
    pay_tx(&env, "AL1", "11", "0xal2");
    env.create_order("AL2", "10");
    pay_tx(&env, "AL2", "1", "0xal3");
    let list = |b: Value| env.ok("POST", ABNORMAL_LIST, "", &b.to_string());
    let all = list(json!({}));
    assert_eq!(all["total"], 3);
    let types: Vec<&str> =
        all["records"].as_array().unwrap().iter().map(|a| a["abnormalType"].as_str().unwrap()).collect();
    assert_eq!(types, ["UNDER_PAID", "OVER_PAID", "UNDER_PAID"]);
    assert_eq!(list(json!({"orderNo": "AL2"}))["total"], 1);
    assert_eq!(list(json!({"abnormalType": "OVER_PAID"}))["total"], 1);
    assert_eq!(list(json!({"status": "HANDLED"}))["total"], 0);
    assert_eq!(list(json!({"pageSize": 1, "pageNum": 2}))["records"][0]["hash"], "0xal2");
    env.call("POST", ABNORMAL_LIST, "", r#"{"status":"DONE"}"#).expect_err("00008");
}

#[test]
fn abnormal_payment_refund_refunds_the_pending_amount_and_handles_it() {
    let env = Env::new();
    env.create_order("APR1", "10");
    let a = pay_tx(&env, "APR1", "13", "0xapr1")["abnormalPayment"].clone();
    let body = |no: &str, tx: &str, token: &str| json!({"refundOrderNo": no, "orderNo": "APR1", "txHash": tx, "token": token, "remark": "overpaid"});
    env.post(ABNORMAL_REFUND, body("R1", "0xnone", "ETH_USDT")).expect_err("00010");
    env.post(ABNORMAL_REFUND, body("R1", "0xapr1", "TRX_USDT")).expect_err("00008");
    env.post(ABNORMAL_REFUND, json!({"refundOrderNo": "R1", "orderNo": "APR1", "token": "ETH_USDT"}))
        .expect_err("00007");
    let r = env.post(ABNORMAL_REFUND, body("APRR1", "0xapr1", "ETH_USDT"));
    assert_eq!(r.retcode(), "200", "{r:?}");
    let d = r.data();
    assert!(d["sysid"].as_str().unwrap().starts_with("RF"));
    assert_eq!((d["amount"].to_string(), d["refundStatus"].as_str()), ("3".to_owned(), Some("PENDING_REFUND")));
    assert_eq!(d["abnormalPaymentNo"], a["abnormalPaymentNo"]);
    assert_eq!(d["remark"], "overpaid");
    // While it runs, nothing more can be refunded from that payment.
    env.post(ABNORMAL_REFUND, body("APRR2", "0xapr1", "ETH_USDT")).expect_err("00011");
    // The order itself is untouched by an abnormal refund.
    assert_eq!(env.order_status("APR1"), "PAID");
    env.ctl("POST", "/_sandbox/refunds/APRR1/process", json!({}));
    env.ctl("POST", "/_sandbox/refunds/APRR1/complete", json!({}));
    let handled = env.ok("POST", ABNORMAL_LIST, "", r#"{"orderNo":"APR1"}"#)["records"][0].clone();
    assert_eq!(handled["status"], "HANDLED");
    env.post(ABNORMAL_REFUND, body("APRR3", "0xapr1", "ETH_USDT")).expect_err("00011");
    assert_eq!(env.order_status("APR1"), "PAID");
}

#[test]
fn refund_order_against_an_abnormal_payment_number() {
    let env = Env::new();
    env.create_order("ARN1", "10");
    let a = pay_tx(&env, "ARN1", "6", "0xarn1")["abnormalPayment"].clone();
    let ap = a["abnormalPaymentNo"].as_str().unwrap();
    env.post(REFUND_CREATE, json!({"refundOrderNo": "ARNR1", "abnormalPaymentNo": ap, "amount": "6.01"}))
        .expect_err("00012");
    env.post(REFUND_CREATE, json!({"refundOrderNo": "ARNR1", "abnormalPaymentNo": "AP0", "amount": "1"}))
        .expect_err("00010");
    env.create_order("ARN2", "10");
    env.post(
        REFUND_CREATE,
        json!({"refundOrderNo": "ARNR1", "abnormalPaymentNo": ap, "orderNo": "ARN2", "amount": "1"}),
    )
    .expect_err("00008");
    let d = env.ok(
        "POST",
        REFUND_CREATE,
        "",
        &json!({"refundOrderNo": "ARNR1", "abnormalPaymentNo": ap, "amount": "4"}).to_string(),
    );
    assert_eq!(d["orderNo"], "ARN1");
    env.post(REFUND_CREATE, json!({"refundOrderNo": "ARNR2", "abnormalPaymentNo": ap, "amount": "2.01"}))
        .expect_err("00012");
    env.ok(
        "POST",
        REFUND_CREATE,
        "",
        &json!({"refundOrderNo": "ARNR2", "abnormalPaymentNo": ap, "amount": "2"}).to_string(),
    );
    assert_eq!(env.order_status("ARN1"), "PAYING");
}
