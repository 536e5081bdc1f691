//! Checkout orders: create, info, cancel, list, validation, duplicates, expiry.

use serde_json::{Value, json};
use wcheckout::Amount;
use wcheckout_sandbox::SandboxConfig;

use crate::support::{Env, ORDER_CREATE, ORDER_INFO};

const CANCEL: &str = "/checkout/order/cancel";
const LIST: &str = "/checkout/order/list";

fn is_api_time(v: &Value) -> bool {
    let s = v.as_str().unwrap_or("");
    s.len() == 26 && &s[10..11] == "T" && &s[19..20] == "." && s[..4].parse::<u32>().is_ok()
}

#[test]
fn create_returns_the_documented_fields_with_exact_amounts() {
    let env = Env::new();
    let body = r#"{"orderNo":"1759988038609","orderAmount":10.50,"customerId":"6","merchantId":"1","token":"ETH_USDT","fiat":"USD","expiredIn":2000}"#;
    let r = env.call("POST", ORDER_CREATE, "", body);
    assert_eq!(r.retcode(), "200", "{r:?}");
    assert!(r.body.contains(r#""payingAmount":10.50"#), "digits kept: {}", r.body);
    let d = r.data();
    let sysid = d["sysid"].as_str().unwrap();
    assert!(sysid.starts_with("OR") && sysid.len() == 21 && sysid[2..].bytes().all(|b| b.is_ascii_digit()), "{sysid}");
    assert_eq!(d["orderNo"], "1759988038609");
    assert_eq!(d["token"], "ETH_USDT");
    assert_eq!(d["coinAddress"], "0xdac17f958d2ee523a2206206994597c13d831ec7");
    assert_eq!(d["exchangeRate"].to_string(), "1");
    let deposit = d["depositAddress"].as_str().unwrap();
    assert!(deposit.starts_with("0x") && deposit.len() == 42);
    assert_eq!(d["paymentUrl"], format!("{}/pay/{sysid}", env.url));
    assert_eq!(d["expiredIn"], 2000);
    assert_eq!((d["customerId"].as_str(), d["merchantId"].as_str()), (Some("6"), Some("1")));
    // The hosted page stand-in exists.
    let page = env.raw("GET", &format!("/pay/{sysid}"), &[], b"");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("1759988038609"));
}

#[test]
fn info_returns_the_order_plus_what_rebuilds_a_create_response() {
    let env = Env::new();
    let created = env.create_order("INFO1", "123.45");
    let d = env.ok("GET", ORDER_INFO, "orderNo=INFO1", "");
    for k in [
        "sysid",
        "orderNo",
        "payingAmount",
        "token",
        "coinAddress",
        "exchangeRate",
        "depositAddress",
        "paymentUrl",
        "expiredIn",
        "customerId",
        "merchantId",
    ] {
        assert_eq!(d[k], created[k], "{k}");
    }
    assert_eq!(d["orderAmount"].to_string(), "123.45");
    assert_eq!(d["orderStatus"], "PAYING");
    assert_eq!(d["refundedAmount"].to_string(), "0");
    assert!(d.get("txHash").is_none());
    assert!(is_api_time(&d["createdTime"]) && is_api_time(&d["updatedTime"]), "{d}");
    assert_eq!(d["expiredIn"], 1800, "default expiredIn");
}

#[test]
fn paying_amount_uses_the_configured_rate_exactly() {
    let env = Env::with(SandboxConfig { exchange_rate: Amount::parse("1.01").unwrap(), ..SandboxConfig::default() });
    let d = env.create_order("RATE1", "123.45");
    assert_eq!(d["payingAmount"].to_string(), "124.6845");
    assert_eq!(d["exchangeRate"].to_string(), "1.01");
    let tron = env.ok(
        "POST",
        ORDER_CREATE,
        "",
        &json!({"orderNo":"RATE2","orderAmount":"2","customerId":"c","token":"TRX_USDT"}).to_string(),
    );
    assert_eq!(tron["payingAmount"].to_string(), "2.02");
    assert!(tron["depositAddress"].as_str().unwrap().starts_with('T'));
}

#[test]
fn create_validation_errors() {
    let env = Env::new();
    let post = |b: &str| env.call("POST", ORDER_CREATE, "", b);
    post("").expect_err("00005");
    post("{not json").expect_err("00005");
    post("[1,2]").expect_err("00005");
    let base = json!({"orderNo":"V1","orderAmount":"1","customerId":"c","token":"ETH_USDT"});
    for field in ["orderNo", "orderAmount", "customerId", "token"] {
        let mut b = base.clone();
        b.as_object_mut().unwrap().remove(field);
        let r = post(&b.to_string());
        r.expect_err("00007");
        assert!(r.retmsg().contains(field), "{r:?}");
        b[field] = json!("");
        post(&b.to_string()).expect_err("00007");
    }
    let bad = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        let r = post(&b.to_string());
        r.expect_err("00008");
        r.retmsg().to_owned()
    };
    assert!(bad("orderNo", json!("A-1")).contains("letters and digits"));
    bad("orderNo", json!("x".repeat(65)));
    bad("orderNo", json!(12345));
    bad("orderAmount", json!("abc"));
    bad("orderAmount", json!(0));
    bad("orderAmount", json!("-1"));
    bad("orderAmount", json!(true));
    assert!(bad("token", json!("BSC_USDT")).contains("ETH_USDT"));
    // The gateway's matrix is seven codes: TRON is TRX_, WUSD is Ethereum-only.
    for not_a_code in ["TRON_USDT", "TRON_USDC", "TRON_WUSD", "SOL_WUSD"] {
        assert!(bad("token", json!(not_a_code)).contains("TRX_USDT"), "{not_a_code}");
    }
    bad("fiat", json!("EUR"));
    bad("expiredIn", json!(0));
    bad("expiredIn", json!(1.5));
    bad("customerId", json!(42));
    assert_eq!(env.state()["counts"]["orders"], 0);
}

#[test]
fn duplicate_order_numbers_are_rejected_by_name() {
    let env = Env::new();
    env.create_order("DUP1", "1");
    let r = env.post(ORDER_CREATE, json!({"orderNo":"DUP1","orderAmount":2,"customerId":"c","token":"ETH_USDT"}));
    r.expect_err("00009");
    assert!(r.retmsg().contains("DUP1"), "{r:?}");
    assert_eq!(env.state()["counts"]["orders"], 1);
}

#[test]
fn info_and_cancel_errors() {
    let env = Env::new();
    env.get(ORDER_INFO, "orderNo", "MISSING").expect_err("00010");
    env.call("GET", ORDER_INFO, "", "").expect_err("00007");
    env.call("GET", ORDER_INFO, "orderNo=", "").expect_err("00007");
    env.get(ORDER_INFO, "orderNo", "a_b").expect_err("00008");
    env.get(CANCEL, "orderNo", "MISSING").expect_err("00010");
    let r = env.call("GET", ORDER_CREATE, "", "");
    assert_eq!((r.status, r.retcode()), (404, "00013"));
    assert!(r.retmsg().contains("POST"), "{r:?}");
}

#[test]
fn cancel_moves_paying_to_cancelled_only() {
    let env = Env::new();
    env.create_order("CAN1", "5");
    let d = env.ok("GET", CANCEL, "orderNo=CAN1", "");
    assert_eq!(d["orderStatus"], "CANCELLED");
    assert_eq!(d["orderNo"], "CAN1");
    let again = env.get(CANCEL, "orderNo", "CAN1");
    again.expect_err("00011");
    assert!(again.retmsg().contains("CANCELLED"));
    env.paid_order("CAN2", "5");
    env.get(CANCEL, "orderNo", "CAN2").expect_err("00011");
    assert_eq!(env.order_status("CAN2"), "PAID");
}

#[test]
fn orders_time_out_after_expired_in() {
    let env = Env::new();
    env.ok(
        "POST",
        ORDER_CREATE,
        "",
        &json!({"orderNo":"TO1","orderAmount":1,"customerId":"c","token":"ETH_USDT","expiredIn":60}).to_string(),
    );
    env.create_order("TO2", "1");
    env.ctl("POST", "/_sandbox/clock/advance", json!({"seconds": 59}));
    assert_eq!(env.order_status("TO1"), "PAYING");
    env.ctl("POST", "/_sandbox/clock/advance", json!({"seconds": 1}));
    assert_eq!(env.order_status("TO1"), "TIMEOUT");
    assert_eq!(env.order_status("TO2"), "PAYING");
    env.get(CANCEL, "orderNo", "TO1").expect_err("00011");
    // Found by the background sweep too, without a request.
    env.ok(
        "POST",
        ORDER_CREATE,
        "",
        &json!({"orderNo":"TO3","orderAmount":1,"customerId":"c","token":"ETH_USDT","expiredIn":1}).to_string(),
    );
    crate::support::eventually("TO3 to time out", 20, || {
        env.state()["orders"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["orderNo"] == "TO3" && o["orderStatus"] == "TIMEOUT")
            .then_some(())
    });
}

#[test]
fn list_pages_in_creation_order_with_filters() {
    let env = Env::new();
    for i in 1..=5 {
        env.ok("POST", ORDER_CREATE, "", &json!({"orderNo": format!("L{i}"), "orderAmount": i, "customerId": if i % 2 == 0 { "even" } else { "odd" }, "token": "ETH_USDT"}).to_string());
    }
    env.pay("L2", "2");
    let page = |b: Value| env.ok("POST", LIST, "", &b.to_string());
    let p1 = page(json!({"pageNum": 1, "pageSize": 2}));
    assert_eq!((p1["total"].as_u64(), p1["pageNum"].as_u64(), p1["pageSize"].as_u64()), (Some(5), Some(1), Some(2)));
    let nos = |p: &Value| {
        p["records"].as_array().unwrap().iter().map(|o| o["orderNo"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(nos(&p1), ["L1", "L2"]);
    assert_eq!(nos(&page(json!({"pageNum": 3, "pageSize": 2}))), ["L5"]);
    assert!(nos(&page(json!({"pageNum": 4, "pageSize": 2}))).is_empty());
    assert_eq!(nos(&page(json!({"orderStatus": "PAID"}))), ["L2"]);
    assert_eq!(nos(&page(json!({"customerId": "odd"}))), ["L1", "L3", "L5"]);
    let all = env.ok("POST", LIST, "", "");
    assert_eq!((all["total"].as_u64(), all["pageSize"].as_u64()), (Some(5), Some(20)));
    env.call("POST", LIST, "", r#"{"pageSize":101}"#).expect_err("00008");
    env.call("POST", LIST, "", r#"{"pageNum":0}"#).expect_err("00008");
    env.call("POST", LIST, "", r#"{"orderStatus":"NOPE"}"#).expect_err("00008");
    env.call("POST", LIST, "", "[]").expect_err("00005");
}
