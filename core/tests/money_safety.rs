//! Idempotent recovery that never returns someone else's object, idempotent cancels, and the
//! `outcome_unknown` flag, against the real sandbox with injected faults.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::{Env, amount, unique};
use wcheckout::error::ExistingObject;
use wcheckout::model::*;
use wcheckout::{Client, Error};

const ADDR_A: &str = "0xAAA0000000000000000000000000000000000001";
const ADDR_B: &str = "0xBBB0000000000000000000000000000000000002";

fn conflict(e: &Error) -> (&[String], &ExistingObject) {
    match e {
        Error::IdempotencyConflict { differences, existing, .. } => (differences, existing),
        other => panic!("expected idempotency_conflict, got {other:?}"),
    }
}

fn count(env: &Env, kind: &str, key: &str, no: &str) -> usize {
    env.state()[kind].as_array().unwrap().iter().filter(|o| o[key] == no).count()
}

/// A PAID order of `amt` (ETH_USDT), which also funds settlements.
fn paid(env: &Env, c: &Client, amt: &str) -> String {
    let no = unique("P");
    c.create_checkout_order(&CreateCheckoutOrderRequest::new(&no, amount(amt), "cust", Token::EthUsdt), None).unwrap();
    env.pay(&no, amt);
    no
}

fn settlement(no: &str, address: &str, amt: &str) -> CreateSettlementOrderRequest {
    CreateSettlementOrderRequest {
        settlement_order_no: no.into(),
        merchant_id: Some("m1".into()),
        token: Token::EthUsdt,
        address: address.into(),
        amount: amount(amt),
        order_nos: None,
    }
}

#[test]
fn a_reused_order_number_returns_the_order_only_for_the_identical_request() {
    let env = Env::start();
    let c = env.client();
    let no = unique("O");
    let mut req = CreateCheckoutOrderRequest::new(&no, amount("12.50"), "cust", Token::EthUsdt);
    req.merchant_id = Some("m1".into());
    let first = c.create_checkout_order(&req, None).unwrap();
    // Identical (the amount written differently is the same amount): the same order, no second one.
    let mut same = req.clone();
    same.order_amount = amount("12.5");
    assert_eq!(c.create_checkout_order(&same, None).unwrap(), first);
    assert_eq!(count(&env, "orders", "orderNo", &no), 1);
    // Another token, another merchant, another amount, another customer: a conflict each.
    let change = |field: &str| {
        let mut r = req.clone();
        match field {
            "token" => r.token = Token::TrxUsdt,
            "merchantId" => r.merchant_id = Some("m2".into()),
            "orderAmount" => r.order_amount = amount("12.51"),
            _ => r.customer_id = "other".into(),
        }
        r
    };
    for field in ["token", "merchantId", "orderAmount", "customerId"] {
        let other = change(field);
        let e = c.create_checkout_order(&other, None).unwrap_err();
        let (differences, existing) = conflict(&e);
        assert_eq!(differences, [field], "{e}");
        match existing {
            ExistingObject::CheckoutOrder(o) => {
                assert_eq!((o.order_no.as_str(), &o.sysid), (no.as_str(), &first.sysid))
            }
            other => panic!("{other:?}"),
        }
        assert!(!e.outcome_unknown() && !e.is_retryable(), "{e:?}");
    }
}

#[test]
fn a_refund_number_of_order_a_is_never_returned_for_order_b() {
    let env = Env::start();
    let c = env.client();
    let (a, b) = (paid(&env, &c, "10"), paid(&env, &c, "10"));
    let rf = unique("RF");
    let created = c.create_refund_order(&CreateRefundOrderRequest::for_order(&rf, &a, amount("2"))).unwrap();
    let again = c.create_refund_order(&CreateRefundOrderRequest::for_order(&rf, &a, amount("2.00"))).unwrap();
    assert_eq!(again.sysid, created.sysid);
    let e = c.create_refund_order(&CreateRefundOrderRequest::for_order(&rf, &b, amount("2"))).unwrap_err();
    assert_eq!(conflict(&e).0, ["orderNo"]);
    let e = c.create_refund_order(&CreateRefundOrderRequest::for_order(&rf, &a, amount("3"))).unwrap_err();
    assert_eq!(conflict(&e).0, ["amount"]);
    let mut to_address = CreateRefundOrderRequest::for_order(&rf, &a, amount("2"));
    to_address.address = Some(ADDR_B.into());
    assert_eq!(conflict(&c.create_refund_order(&to_address).unwrap_err()).0, ["address"]);
    assert_eq!(count(&env, "refunds", "refundOrderNo", &rf), 1);
}

#[test]
fn a_settlement_number_to_one_address_is_never_returned_for_another() {
    let env = Env::start();
    let c = env.client();
    paid(&env, &c, "100");
    let st = unique("ST");
    let created = c.create_settlement_order(&settlement(&st, ADDR_A, "10")).unwrap();
    assert_eq!(c.create_settlement_order(&settlement(&st, ADDR_A, "10")).unwrap().sysid, created.sysid);
    let e = c.create_settlement_order(&settlement(&st, ADDR_B, "10")).unwrap_err();
    let (differences, existing) = conflict(&e);
    assert_eq!(differences, ["address"]);
    assert!(matches!(existing, ExistingObject::SettlementOrder(s) if s.address.as_deref() == Some(ADDR_A)));
    assert!(e.to_string().contains(ADDR_A) && e.to_string().contains(ADDR_B), "{e}");
    let mut other_token = settlement(&st, ADDR_A, "10");
    other_token.token = Token::EthUsdc;
    assert_eq!(conflict(&c.create_settlement_order(&other_token).unwrap_err()).0, ["token"]);
    // A fiat request answered by the crypto settlement stored under the number.
    let fiat = CreateFiatSettlementOrderRequest {
        settlement_order_no: st.clone(),
        merchant_id: None,
        token: Token::EthUsdt,
        amount: amount("10"),
        fiat: "USD".into(),
        bank_account_id: "BA1".into(),
        remark: None,
    };
    assert_eq!(conflict(&c.create_fiat_settlement_order(&fiat).unwrap_err()).0, ["fiat", "bankAccountId"]);
    let fno = unique("FS");
    let stored = c
        .create_fiat_settlement_order(&CreateFiatSettlementOrderRequest {
            settlement_order_no: fno.clone(),
            ..fiat.clone()
        })
        .unwrap();
    let other_bank =
        CreateFiatSettlementOrderRequest { settlement_order_no: fno, bank_account_id: "BA2".into(), ..fiat };
    let e = c.create_fiat_settlement_order(&other_bank).unwrap_err();
    assert_eq!(conflict(&e).0, ["bankAccountId"]);
    assert!(matches!(conflict(&e).1, ExistingObject::SettlementOrder(s) if s.sysid == stored.sysid));
    assert_eq!(count(&env, "settlements", "settlementOrderNo", &st), 1);
}

#[test]
fn an_abnormal_refund_for_another_tx_hash_is_a_conflict() {
    let env = Env::start();
    let c = env.client();
    let no = unique("AB");
    c.create_checkout_order(&CreateCheckoutOrderRequest::new(&no, amount("10"), "cust", Token::EthUsdt), None).unwrap();
    env.control(
        "POST",
        &format!("/_sandbox/orders/{no}/pay"),
        serde_json::json!({"amount": "13", "txHash": "0xfirst"}),
    );
    env.control(
        "POST",
        &format!("/_sandbox/orders/{no}/pay"),
        serde_json::json!({"amount": "2", "txHash": "0xsecond"}),
    );
    let rf = unique("AR");
    let req = |tx: &str| CreateAbnormalPaymentRefundRequest {
        refund_order_no: rf.clone(),
        order_no: no.clone(),
        tx_hash: tx.into(),
        token: Token::EthUsdt,
        remark: None,
    };
    let created = c.create_abnormal_payment_refund(&req("0xfirst")).unwrap();
    assert_eq!(c.create_abnormal_payment_refund(&req("0xfirst")).unwrap().sysid, created.sysid);
    let e = c.create_abnormal_payment_refund(&req("0xsecond")).unwrap_err();
    assert_eq!(conflict(&e).0, ["txHash"], "{e}");
    assert_eq!(count(&env, "refunds", "refundOrderNo", &rf), 1);
}

#[test]
fn creates_whose_response_was_lost_recover_exactly_once() {
    let env = Env::start();
    let c = env.client();
    paid(&env, &c, "50");
    for kind in ["drop_after_processing", "http_500"] {
        let st = unique("SL");
        env.fault("POST", "/checkout/settlement/create", kind, 1, 0);
        let s = c.create_settlement_order(&settlement(&st, ADDR_A, "5")).unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(s.settlement_order_no, st);
        assert_eq!(count(&env, "settlements", "settlementOrderNo", &st), 1, "{kind}");
    }
}

#[test]
fn a_cancel_whose_answer_was_lost_returns_the_cancelled_object() {
    let env = Env::start();
    let c = env.client();
    let no = unique("C");
    c.create_checkout_order(&CreateCheckoutOrderRequest::new(&no, amount("5"), "cust", Token::EthUsdt), None).unwrap();
    env.fault("GET", "/checkout/order/cancel", "drop_after_processing", 1, 0);
    assert_eq!(c.cancel_checkout_order(&no).unwrap().order_status, OrderStatus::Cancelled);
    // Repeating the cancel is a success too; cancelling a paid order is still refused.
    assert_eq!(c.cancel_checkout_order(&no).unwrap().order_status, OrderStatus::Cancelled);
    let p = paid(&env, &c, "5");
    assert_eq!(c.cancel_checkout_order(&p).unwrap_err().retcode(), Some("00011"));
    // Refunds and settlements.
    let rf = unique("RF");
    c.create_refund_order(&CreateRefundOrderRequest::for_order(&rf, &p, amount("1"))).unwrap();
    env.fault("GET", "/checkout/refund-order/cancel", "drop_after_processing", 1, 0);
    assert_eq!(c.cancel_refund_order(&rf).unwrap().refund_status, RefundStatus::Cancelled);
    assert_eq!(c.cancel_refund_order(&rf).unwrap().refund_status, RefundStatus::Cancelled);
    let st = unique("ST");
    c.create_settlement_order(&settlement(&st, ADDR_A, "1")).unwrap();
    env.fault("GET", "/checkout/settlement/cancel", "drop_after_processing", 1, 0);
    assert_eq!(c.cancel_settlement_order(&st).unwrap().settle_status, SettleStatus::Cancelled);
    assert_eq!(c.get_settlement_order(&st).unwrap().settle_status, SettleStatus::Cancelled);
}

#[test]
fn outcome_unknown_is_true_exactly_when_an_attempt_may_have_landed() {
    let env = Env::start();
    let c = env.client();
    let once = env.builder().max_retries(0).timeout(std::time::Duration::from_millis(400)).build().unwrap();
    once.get_checkout_order_info("WARM1").unwrap_err(); // fetch the token first
    let order = |no: &str| CreateCheckoutOrderRequest::new(no, amount("5"), "cust", Token::EthUsdt);
    // Timed out after sending: the order may exist.
    env.fault("POST", "/checkout/order/create", "delay", 1, 1200);
    let e = once.create_checkout_order(&order(&unique("U")), None).unwrap_err();
    assert_eq!((e.code(), e.outcome_unknown()), ("timeout", true), "{e:?}");
    assert!(e.to_string().contains("repeat the identical call"), "{e}");
    // Dropped after processing, retries disabled: unknown; the order does exist.
    let no = unique("U");
    env.fault("POST", "/checkout/order/create", "drop_after_processing", 1, 0);
    let e = once.create_checkout_order(&order(&no), None).unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    // What the README says to do: repeat the identical call. It returns the one order.
    assert_eq!(c.create_checkout_order(&order(&no), None).unwrap().order_no, no);
    assert_eq!(count(&env, "orders", "orderNo", &no), 1);
    // 5xx until retries are exhausted: unknown.
    env.fault("POST", "/checkout/order/create", "http_503", 10, 0);
    let e = c.create_checkout_order(&order(&unique("U")), None).unwrap_err();
    assert_eq!((e.http_status(), e.outcome_unknown()), (Some(503), true), "{e:?}");
    env.control("DELETE", "/_sandbox/faults", serde_json::Value::Null);
    // 429 until retries are exhausted: refused before processing.
    env.fault("POST", "/checkout/order/create", "http_429", 10, 0);
    let e = c.create_checkout_order(&order(&unique("U")), None).unwrap_err();
    assert_eq!((e.http_status(), e.outcome_unknown()), (Some(429), false), "{e:?}");
    env.control("DELETE", "/_sandbox/faults", serde_json::Value::Null);
    // Definitive answers and errors before sending: known.
    assert!(!c.get_checkout_order_info("NOPE1").unwrap_err().outcome_unknown());
    assert!(!c.create_checkout_order(&order("bad no"), None).unwrap_err().outcome_unknown());
    let dead = Client::builder("k", "s", "x").base_url("http://127.0.0.1:9").max_retries(1).build().unwrap();
    let e = dead.get_checkout_order_info("X1").unwrap_err();
    assert_eq!((e.code(), e.outcome_unknown()), ("transport_error", false), "{e:?}");
    // A definitive refusal after an attempt that was dropped unanswered: the dropped attempt may
    // have spent the balance, so the outcome is unknown.
    paid(&env, &c, "10");
    env.fault("POST", "/checkout/settlement/create", "drop", 1, 0);
    let e = c.create_settlement_order(&settlement(&unique("ST"), ADDR_A, "11")).unwrap_err();
    assert_eq!((e.retcode(), e.outcome_unknown()), (Some("00012"), true), "{e:?}");
}

#[test]
fn an_api_secret_with_reserved_characters_simply_works_against_the_sandbox() {
    let secret = "s&e#c+r%t 41=x";
    let env = Env::with(wcheckout_sandbox::SandboxConfig { api_secret: secret.into(), ..Default::default() });
    let c = Client::builder("demo_api_key", secret, "demo_sign_key").base_url(env.url.clone()).build().unwrap();
    let e = c.get_checkout_order_info("NOPE1").unwrap_err();
    assert_eq!(e.retcode(), Some("00010"), "the token call succeeded; {e}");
    assert!(!format!("{e} {e:?}").contains("s&e#c"), "{e:?}");
}
