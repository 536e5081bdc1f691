//! The token endpoint and the checks on every business call, in their documented order.

use serde_json::json;
use wcheckout::signing::{QueryPrefix, SignInput, Signer, now_millis};
use wcheckout_sandbox::{SandboxConfig, TokenPolicy};

use crate::support::{Env, ORDER_CREATE, ORDER_INFO, TOKEN_PATH};

const CREDS: &str = "grant_type=client_credentials&api_key=demo_api_key&api_secret=demo_api_secret";

#[test]
fn token_has_the_documented_shape_and_is_signed() {
    let env = Env::new();
    let r = env.raw("POST", &format!("{TOKEN_PATH}?{CREDS}"), &[], b"");
    assert_eq!((r.status, r.retcode(), r.retmsg()), (200, "200", ""));
    let d = r.data();
    assert_eq!(d["access_token"].as_str().unwrap().len(), 24);
    assert_eq!(d["token_type"], "bearer");
    assert_eq!(d["expires_in"], 21600);
    assert_eq!(d["rt_expires_in"], 43200);
    assert!(d["refresh_token"].as_str().is_some());
    assert!(env.full_signature_ok(&r, "POST", TOKEN_PATH, CREDS));
}

#[test]
fn token_errors() {
    let env = Env::new();
    let t = |q: &str| env.raw("POST", &format!("{TOKEN_PATH}?{q}"), &[], b"");
    t("grant_type=client_credentials&api_key=demo_api_key&api_secret=wrong").expect_err("00001");
    t("grant_type=client_credentials&api_key=wrong&api_secret=demo_api_secret").expect_err("00001");
    t("grant_type=password&api_key=demo_api_key&api_secret=demo_api_secret").expect_err("00001");
    t("grant_type=refresh_token&refresh_token=nope").expect_err("00001");
    t("grant_type=client_credentials&api_key=demo_api_key").expect_err("00007");
    t("api_key=demo_api_key&api_secret=demo_api_secret").expect_err("00007");
    let r = env.raw("GET", &format!("{TOKEN_PATH}?{CREDS}"), &[], b"");
    assert_eq!((r.status, r.retcode()), (404, "00013"));
}

#[test]
fn a_new_token_supersedes_the_previous_one() {
    let env = Env::new();
    let first = env.fetch_token();
    env.create_order("SUP1", "1");
    let second = env.fetch_token();
    assert_ne!(first, second);
    *env.token.lock().unwrap() = Some(first);
    let r = env.get(ORDER_INFO, "orderNo", "SUP1");
    r.expect_err("00002");
    assert!(r.retmsg().contains("superseded"), "{r:?}");
    *env.token.lock().unwrap() = Some(second);
    assert_eq!(env.order_status("SUP1"), "PAYING");
    let counts = &env.state()["counts"];
    assert_eq!((counts["tokensIssued"].as_u64(), counts["tokenRejections"].as_u64()), (Some(2), Some(1)));
}

#[test]
fn under_the_multiple_policy_every_issued_token_stays_valid() {
    let env = Env::with(SandboxConfig { token_policy: TokenPolicy::Multiple, ..SandboxConfig::default() });
    let first = env.fetch_token();
    let second = env.fetch_token();
    for token in [&first, &second] {
        *env.token.lock().unwrap() = Some(token.clone());
        env.create_order(&format!("MUL{}", &token[..4].replace(|c: char| !c.is_ascii_alphanumeric(), "x")), "1");
    }
    let counts = &env.state()["counts"];
    assert_eq!((counts["tokensIssued"].as_u64(), counts["tokenRejections"].as_u64()), (Some(2), Some(0)));
    // Expiry still applies.
    env.ctl("POST", "/_sandbox/clock/advance", json!({"seconds": 21_601}));
    env.get(ORDER_INFO, "orderNo", "NONE1").expect_err("00002");
}

#[test]
fn refresh_token_grant_issues_a_new_token() {
    let env = Env::new();
    let r = env.raw("POST", &format!("{TOKEN_PATH}?{CREDS}"), &[], b"");
    let refresh = r.data()["refresh_token"].as_str().unwrap().to_owned();
    let r2 = env.raw("POST", &format!("{TOKEN_PATH}?grant_type=refresh_token&refresh_token={refresh}"), &[], b"");
    assert_eq!(r2.retcode(), "200", "{r2:?}");
    *env.token.lock().unwrap() = r2.data()["access_token"].as_str().map(str::to_owned);
    env.create_order("RT1", "1");
}

#[test]
fn expired_tokens_are_rejected() {
    let env = Env::with(SandboxConfig { token_ttl_secs: 60, ..SandboxConfig::default() });
    env.create_order("EXP1", "1");
    // Expire through the control API.
    assert_eq!(env.ctl("POST", "/_sandbox/tokens/expire", json!({}))["expired"], true);
    let r = env.get(ORDER_INFO, "orderNo", "EXP1");
    r.expect_err("00002");
    assert!(r.retmsg().contains("expired"), "{r:?}");
    env.fetch_token();
    assert_eq!(env.order_status("EXP1"), "PAYING");
    // Expire by moving the business clock past expires_in.
    env.ctl("POST", "/_sandbox/clock/advance", json!({"seconds": 61}));
    env.get(ORDER_INFO, "orderNo", "EXP1").expect_err("00002");
    env.fetch_token();
    assert_eq!(env.order_status("EXP1"), "PAYING");
}

#[test]
fn header_checks_come_in_the_documented_order() {
    let env = Env::new();
    let body = r#"{"orderNo":"H1","orderAmount":1,"customerId":"c","token":"ETH_USDT"}"#;
    let good = env.signed_headers("POST", ORDER_CREATE, "", body, now_millis());
    let h = |names: &[&str], overrides: &[(&str, &str)]| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = good.iter().filter(|(k, _)| names.contains(&k.as_str())).cloned().collect();
        for (k, val) in overrides {
            v.retain(|(n, _)| n != k);
            v.push(((*k).to_owned(), (*val).to_owned()));
        }
        v
    };
    let send = |headers: Vec<(String, String)>| {
        let hs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        env.raw("POST", ORDER_CREATE, &hs, body.as_bytes())
    };
    let r = send(h(&["SIGNATURE", "TIMESTAMP"], &[]));
    r.expect_err("00006");
    assert_eq!(r.retmsg(), "Access denied: Missing header [Authorization]");
    let r = send(h(&["Authorization", "TIMESTAMP"], &[]));
    assert_eq!(r.retmsg(), "Access denied: Missing header [SIGNATURE]");
    r.expect_err("00006");
    let r = send(h(&["Authorization", "SIGNATURE"], &[]));
    assert_eq!(r.retmsg(), "Access denied: Missing header [TIMESTAMP]");
    // A bad token wins over a bad timestamp and a bad signature.
    send(h(
        &["Authorization", "SIGNATURE", "TIMESTAMP"],
        &[("Authorization", "Bearer nope"), ("TIMESTAMP", "x"), ("SIGNATURE", "AAAA")],
    ))
    .expect_err("00002");
    send(h(&["SIGNATURE", "TIMESTAMP"], &[("Authorization", "Basic abc")])).expect_err("00002");
    // A bad timestamp wins over a bad signature.
    send(h(&["Authorization", "SIGNATURE", "TIMESTAMP"], &[("TIMESTAMP", "12a"), ("SIGNATURE", "AAAA")]))
        .expect_err("00004");
    let r = send(h(&["Authorization", "SIGNATURE", "TIMESTAMP"], &[("SIGNATURE", "AAAA")]));
    r.expect_err("00003");
    assert!(r.retmsg().contains(&format!("POST{}", good[2].1)), "the retmsg shows the string signed: {r:?}");
    assert_eq!(env.state()["counts"]["orders"], 0);
    // Everything right: created.
    assert_eq!(send(good.clone()).retcode(), "200");
}

#[test]
fn header_names_are_case_insensitive_and_d_prefixed_names_work() {
    let env = Env::new();
    env.create_order("CASE1", "1");
    let q = "orderNo=CASE1";
    let hs = env.signed_headers("GET", ORDER_INFO, q, "", now_millis());
    let lower: Vec<(String, String)> = hs.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.clone())).collect();
    let lh: Vec<(&str, &str)> = lower.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(env.raw("GET", &format!("{ORDER_INFO}?{q}"), &lh, b"").retcode(), "200");
    let d = [("Authorization", hs[0].1.as_str()), ("D-SIGNATURE", hs[1].1.as_str()), ("D-TIMESTAMP", hs[2].1.as_str())];
    assert_eq!(env.raw("GET", &format!("{ORDER_INFO}?{q}"), &d, b"").retcode(), "200");
}

#[test]
fn timestamps_outside_two_minutes_are_rejected_both_ways() {
    let env = Env::new();
    env.create_order("TS1", "1");
    let q = "orderNo=TS1";
    let at = |ts: u64| {
        let hs = env.signed_headers("GET", ORDER_INFO, q, "", ts);
        let h: Vec<(&str, &str)> = hs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        env.raw("GET", &format!("{ORDER_INFO}?{q}"), &h, b"")
    };
    let now = now_millis();
    at(now - 125_000).expect_err("00004");
    at(now + 125_000).expect_err("00004");
    assert_eq!(at(now - 100_000).retcode(), "200");
    assert_eq!(at(now + 100_000).retcode(), "200");
}

#[test]
fn advancing_the_business_clock_does_not_break_request_timestamps() {
    let env = Env::new();
    env.create_order("CLK1", "1");
    env.ctl("POST", "/_sandbox/clock/advance", json!({"seconds": 3600}));
    assert_eq!(env.order_status("CLK1"), "TIMEOUT");
}

#[test]
fn the_signature_covers_the_exact_body_bytes() {
    let env = Env::new();
    let spaced = r#"{ "orderNo": "BODY1", "orderAmount": 1.50, "customerId": "c 1", "token": "ETH_USDT" }"#;
    assert_eq!(env.call("POST", ORDER_CREATE, "", spaced).retcode(), "200");
    // Signed compact, sent spaced: mismatch.
    let compact = r#"{"orderNo":"BODY2","orderAmount":1.50,"customerId":"c 1","token":"ETH_USDT"}"#;
    let hs = env.signed_headers("POST", ORDER_CREATE, "", compact, now_millis());
    let h: Vec<(&str, &str)> = hs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    env.raw("POST", ORDER_CREATE, &h, compact.replace(',', ", ").as_bytes()).expect_err("00003");
}

#[test]
fn the_query_is_verified_percent_decoded() {
    let env = Env::new();
    env.create_order("AB1", "1");
    // On the wire `AB%31`; signed as `AB1`.
    let hs = env.signed_headers("GET", ORDER_INFO, "orderNo=AB1", "", now_millis());
    let h: Vec<(&str, &str)> = hs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = env.raw("GET", &format!("{ORDER_INFO}?orderNo=AB%31"), &h, b"");
    assert_eq!(r.retcode(), "200", "{r:?}");
    assert_eq!(r.data()["orderNo"], "AB1");
    // Signing the encoded text does not match.
    let hs = env.signed_headers("GET", ORDER_INFO, "orderNo=AB%31", "", now_millis());
    let h: Vec<(&str, &str)> = hs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    env.raw("GET", &format!("{ORDER_INFO}?orderNo=AB%31"), &h, b"").expect_err("00003");
}

#[test]
fn question_mark_query_prefix_mode() {
    let env = Env::with(SandboxConfig { query_prefix: QueryPrefix::QuestionMark, ..SandboxConfig::default() });
    env.create_order("QM1", "1");
    assert_eq!(env.order_status("QM1"), "PAYING");
    assert!(env.full_signature_ok(&env.get(ORDER_INFO, "orderNo", "QM1"), "GET", ORDER_INFO, "orderNo=QM1"));
    // A client signing without the `?` is rejected.
    let plain = Signer::new("demo_sign_key").unwrap();
    let ts = now_millis().to_string();
    let sig = plain.sign(&SignInput::new("GET", &ts, ORDER_INFO).query("orderNo=QM1")).unwrap();
    let auth = format!("Bearer {}", env.token());
    let h = [("Authorization", auth.as_str()), ("SIGNATURE", sig.as_str()), ("TIMESTAMP", ts.as_str())];
    env.raw("GET", &format!("{ORDER_INFO}?orderNo=QM1"), &h, b"").expect_err("00003");
}

#[test]
fn custom_credentials() {
    let env = Env::with(SandboxConfig {
        api_key: "k1".into(),
        api_secret: "s1".into(),
        sign_key: "other_key".into(),
        ..SandboxConfig::default()
    });
    env.raw("POST", &format!("{TOKEN_PATH}?{CREDS}"), &[], b"").expect_err("00001");
    let r = env.raw("POST", &format!("{TOKEN_PATH}?grant_type=client_credentials&api_key=k1&api_secret=s1"), &[], b"");
    *env.token.lock().unwrap() = r.data()["access_token"].as_str().map(str::to_owned);
    env.create_order("CRED1", "1");
    // The demo sign key no longer verifies.
    let demo = Signer::new("demo_sign_key").unwrap();
    let ts = now_millis().to_string();
    let sig = demo.sign(&SignInput::new("GET", &ts, ORDER_INFO).query("orderNo=CRED1")).unwrap();
    let auth = format!("Bearer {}", env.token());
    let h = [("Authorization", auth.as_str()), ("SIGNATURE", sig.as_str()), ("TIMESTAMP", ts.as_str())];
    env.raw("GET", &format!("{ORDER_INFO}?orderNo=CRED1"), &h, b"").expect_err("00003");
}
