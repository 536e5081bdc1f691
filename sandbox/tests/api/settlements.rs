//! Settlement orders: balances per token, the state machine, fiat settlements, lists.

use serde_json::{Value, json};

use crate::support::Env;

const CREATE: &str = "/checkout/settlement/create";
const FIAT: &str = "/checkout/settlement/fiat/create";
const CANCEL: &str = "/checkout/settlement/cancel";
const INFO: &str = "/checkout/settlement/info";
const LIST: &str = "/checkout/settlement/list";
const ADDR: &str = "0x9f9D96DAB48f2E67BF93CCc7Ece46e09D5e4a22C";

fn settle_body(no: &str, amount: &str) -> Value {
    json!({"settlementOrderNo": no, "merchantId": "2", "token": "ETH_USDT", "address": ADDR, "amount": amount, "orderNos": ["test00031"]})
}

fn settle(env: &Env, no: &str, amount: &str) -> Value {
    env.ok("POST", CREATE, "", &settle_body(no, amount).to_string())
}

fn act(env: &Env, no: &str, action: &str) -> Value {
    env.ctl("POST", &format!("/_sandbox/settlements/{no}/{action}"), json!({}))
}

fn balance(env: &Env, token: &str) -> String {
    env.state()["balances"][token].to_string()
}

#[test]
fn settlements_are_limited_by_the_token_balance() {
    let env = Env::new();
    let r = env.post(CREATE, settle_body("S0", "1"));
    r.expect_err("00012");
    assert!(r.retmsg().contains("ETH_USDT"), "{r:?}");
    env.paid_order("SB1", "100");
    let s = settle(&env, "S1", "60.5");
    assert!(s["sysid"].as_str().unwrap().starts_with("ST"));
    assert_eq!(s["settleStatus"], "PENDING_SETTLEMENT");
    assert_eq!(s["settlementAmount"].to_string(), "60.5");
    assert_eq!(
        (s["address"].as_str(), s["token"].as_str(), s["merchantId"].as_str()),
        (Some(ADDR), Some("ETH_USDT"), Some("2"))
    );
    assert_eq!(s["orderNos"], json!(["test00031"]));
    assert_eq!(balance(&env, "ETH_USDT"), "39.5");
    env.post(CREATE, settle_body("S2", "39.51")).expect_err("00012");
    // Refunds reduce the balance too.
    env.ok("POST", "/checkout/refund-order/create", "", r#"{"refundOrderNo":"SBR","orderNo":"SB1","amount":"9.5"}"#);
    assert_eq!(balance(&env, "ETH_USDT"), "30.0");
    env.post(CREATE, settle_body("S2", "30.01")).expect_err("00012");
    settle(&env, "S2", "30");
    // Cancelled, failed and rejected settlements give their amount back.
    env.ok("GET", CANCEL, "settlementOrderNo=S2", "");
    act(&env, "S1", "fail");
    assert_eq!(balance(&env, "ETH_USDT"), "90.5");
    settle(&env, "S3", "90.5");
    act(&env, "S3", "reject");
    settle(&env, "S4", "90.5");
    // Money paid in one token does not fund another.
    let tron = json!({"settlementOrderNo": "S5", "token": "TRX_USDT", "address": "Txyz", "amount": "1"});
    env.post(CREATE, tron).expect_err("00012");
    // Not one of the gateway's seven codes at all.
    let legacy = json!({"settlementOrderNo": "S6", "token": "TRON_USDT", "address": "Txyz", "amount": "1"});
    env.post(CREATE, legacy).expect_err("00008");
}

#[test]
fn settlement_state_machine() {
    let env = Env::new();
    env.paid_order("SM1", "100");
    settle(&env, "SMA", "10");
    assert_eq!(act(&env, "SMA", "process")["settleStatus"], "SETTLING");
    let ctl = |no: &str, action: &str| env.control("POST", &format!("/_sandbox/settlements/{no}/{action}"), json!({}));
    assert_eq!(ctl("SMA", "process").status, 409);
    env.get(CANCEL, "settlementOrderNo", "SMA").expect_err("00011");
    let done = act(&env, "SMA", "complete");
    assert_eq!(done["settleStatus"], "SETTLED");
    assert!(done["txHash"].as_str().unwrap().starts_with("0x"));
    for action in ["process", "complete", "fail", "reject"] {
        let r = ctl("SMA", action);
        assert_eq!((r.status, r.retcode()), (409, "00011"), "{action} after SETTLED");
    }
    env.get(CANCEL, "settlementOrderNo", "SMA").expect_err("00011");
    settle(&env, "SMB", "10");
    assert_eq!(env.ok("GET", CANCEL, "settlementOrderNo=SMB", "")["settleStatus"], "CANCELLED");
    assert_eq!(ctl("SMB", "complete").status, 409);
    settle(&env, "SMC", "10");
    assert_eq!(act(&env, "SMC", "complete")["settleStatus"], "SETTLED", "complete passes through SETTLING");
    settle(&env, "SMD", "10");
    act(&env, "SMD", "process");
    assert_eq!(act(&env, "SMD", "reject")["settleStatus"], "REJECTED");
    assert_eq!(ctl("NOPE", "process").status, 404);
    assert_eq!(ctl("SMD", "explode").status, 404);
    env.get(INFO, "settlementOrderNo", "NOPE").expect_err("00010");
    env.get(CANCEL, "settlementOrderNo", "NOPE").expect_err("00010");
    assert_eq!(env.ok("GET", INFO, "settlementOrderNo=SMC", "")["settleStatus"], "SETTLED");
}

#[test]
fn settlement_validation() {
    let env = Env::new();
    env.paid_order("SV1", "100");
    for field in ["settlementOrderNo", "token", "address", "amount"] {
        let mut b = settle_body("SVA", "1");
        b.as_object_mut().unwrap().remove(field);
        env.post(CREATE, b).expect_err("00007");
    }
    let bad = |k: &str, v: Value| {
        let mut b = settle_body("SVA", "1");
        b[k] = v;
        env.post(CREATE, b).expect_err("00008");
    };
    bad("settlementOrderNo", json!("S V"));
    bad("token", json!("ETH_DOGE"));
    bad("amount", json!("1e99"));
    bad("orderNos", json!("test00031"));
    bad("orderNos", json!([1, 2]));
    settle(&env, "SVA", "1");
    let dup = env.post(CREATE, settle_body("SVA", "1"));
    dup.expect_err("00009");
    assert!(dup.retmsg().contains("SVA"));
}

#[test]
fn fiat_settlements() {
    let env = Env::new();
    env.paid_order("SF1", "100");
    let body = json!({"settlementOrderNo": "SFA", "token": "ETH_USDT", "amount": "50", "fiat": "USD", "bankAccountId": "bank1", "remark": "monthly"});
    for field in ["fiat", "bankAccountId"] {
        let mut b = body.clone();
        b.as_object_mut().unwrap().remove(field);
        env.post(FIAT, b).expect_err("00007");
    }
    let mut eur = body.clone();
    eur["fiat"] = json!("EUR");
    env.post(FIAT, eur).expect_err("00008");
    let d = env.ok("POST", FIAT, "", &body.to_string());
    assert_eq!(
        (d["fiat"].as_str(), d["bankAccountId"].as_str(), d["remark"].as_str()),
        (Some("USD"), Some("bank1"), Some("monthly"))
    );
    assert!(d.get("address").is_none());
    let done = act(&env, "SFA", "complete");
    assert_eq!(done["settleStatus"], "SETTLED");
    assert!(done.get("txHash").is_none(), "no chain transaction for a bank payout");
    let mut big = body.clone();
    big["settlementOrderNo"] = json!("SFB");
    big["amount"] = json!("50.01");
    env.post(FIAT, big).expect_err("00012");
}

#[test]
fn list_filters_and_pages() {
    let env = Env::new();
    env.paid_order("SL1", "100");
    for no in ["SLA", "SLB", "SLC"] {
        settle(&env, no, "1");
    }
    act(&env, "SLB", "process");
    let list = |b: Value| env.ok("POST", LIST, "", &b.to_string());
    let nos = |p: &Value| {
        p["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["settlementOrderNo"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(nos(&list(json!({}))), ["SLA", "SLB", "SLC"]);
    assert_eq!(nos(&list(json!({"settleStatus": "SETTLING"}))), ["SLB"]);
    assert_eq!(nos(&list(json!({"pageNum": 2, "pageSize": 2}))), ["SLC"]);
    assert_eq!(list(json!({"token": "TRX_USDT"}))["total"], 0);
    env.call("POST", LIST, "", r#"{"settleStatus":"X"}"#).expect_err("00008");
}
