//! A gateway that misbehaves in ways the faithful sandbox never does: absurd token lifetimes,
//! credentials echoed back in messages, stale or future response signatures. A small loopback
//! fake (`support::fake`) plays it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use support::fake::{FakeGateway, FakeRequest, FakeResponse};
use wcheckout::client::ResponseSignaturePolicy;
use wcheckout::signing::now_millis;
use wcheckout::webhook::sign_for_test;
use wcheckout::{Client, ClientBuilder};

const KEY: &str = "fake_sign_key_0123";
const TOKEN: &str = "tok-5f2c9a7e41b8d3";
const ORDER: &str = r#"{"retcode":"200","retdata":{"orderNo":"A1","orderStatus":"PAID"},"retmsg":""}"#;

fn token_body(expires_in: serde_json::Value) -> String {
    json!({"retcode": 200, "retdata": {"access_token": TOKEN, "expires_in": expires_in}, "retmsg": ""}).to_string()
}

fn ok(body: &str) -> FakeResponse {
    (200, vec![], body.to_owned())
}

fn builder(url: &str, secret: &str) -> ClientBuilder {
    Client::builder("fake_key", secret, KEY)
        .base_url(url)
        .max_retries(0)
        .response_signature(ResponseSignaturePolicy::Off)
}

/// Form decoding, once: `+` is a space, `%XX` a byte.
fn form_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn query_param(req: &FakeRequest, name: &str) -> Option<String> {
    let query = req.target.split_once('?')?.1;
    query.split('&').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| form_decode(v)))
}

#[test]
fn absurd_token_lifetimes_are_clamped_not_a_panic() {
    for expires_in in [json!(u64::MAX), json!("9999999999999999999"), json!("18446744073709551615"), json!(-5)] {
        let body = token_body(expires_in.clone());
        let fake = FakeGateway::start(move |req| if req.path().contains("oauth2") { ok(&body) } else { ok(ORDER) });
        let c = builder(&fake.url, "fake_secret_value").build().unwrap();
        for _ in 0..2 {
            let o = c.get_checkout_order_info("A1").unwrap_or_else(|e| panic!("{expires_in}: {e}"));
            assert_eq!(o.order_no, "A1");
        }
    }
}

#[test]
fn absurd_timeouts_are_a_typed_error_not_a_panic() {
    let e = builder("http://127.0.0.1:9", "s3cret-value").timeout(Duration::from_secs(u64::MAX)).build().unwrap_err();
    assert_eq!(e.code(), "invalid_argument", "{e}");
    let e = builder("http://127.0.0.1:9", "s3cret-value").connect_timeout(Duration::MAX).build().unwrap_err();
    assert_eq!(e.code(), "invalid_argument", "{e}");
}

#[test]
fn echoed_credentials_and_tokens_never_reach_errors_or_logs() {
    let secret = "Sec ret&#+%41/x";
    let encoded = "Sec%20ret%26%23%2B%2541%2Fx";
    let fake = FakeGateway::start(move |req| {
        if req.path().contains("oauth2") {
            return ok(&token_body(json!(21600)));
        }
        let echoed = format!(
            "bad request from Authorization: {}; api_secret={encoded}; raw={secret}; key={KEY}; again Bearer {TOKEN}",
            req.header("Authorization").unwrap_or("")
        );
        ok(&json!({"retcode": "00008", "retmsg": echoed}).to_string())
    });
    let logs = Arc::new(Mutex::new(Vec::new()));
    let sink = logs.clone();
    let c = builder(&fake.url, secret).observer(move |l| sink.lock().unwrap().push(format!("{l:?}"))).build().unwrap();
    let e = c.get_checkout_order_info("A1").unwrap_err();
    assert_eq!(e.retcode(), Some("00008"));
    let shown = format!("{e} {e:?} {}", logs.lock().unwrap().join(" "));
    for leak in [TOKEN, secret, encoded, KEY, "Sec ret", "%2541"] {
        assert!(!shown.contains(leak), "{leak:?} leaked: {shown}");
    }
    assert!(shown.contains("Bearer <redacted>") && shown.contains("api_secret=<redacted>"), "{shown}");
}

#[test]
fn a_refusing_token_endpoint_that_echoes_the_query_leaks_nothing() {
    let secret = "p@ss word+%zz";
    let fake = FakeGateway::start(move |req| {
        let query = req.target.split_once('?').map_or("", |(_, q)| q).to_owned();
        ok(&json!({"retcode": "00001", "retmsg": format!("invalid client for {query}")}).to_string())
    });
    let e = builder(&fake.url, secret).build().unwrap().get_checkout_order_info("A1").unwrap_err();
    assert_eq!(e.code(), "auth_error");
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains("p%40ss") && !shown.contains("p@ss"), "{shown}");
    assert!(shown.contains("api_secret=<redacted>"), "{shown}");
}

#[test]
fn a_one_letter_secret_does_not_garble_messages() {
    let fake = FakeGateway::start(|req| {
        if req.path().contains("oauth2") {
            return ok(&token_body(json!(21600)));
        }
        ok(&json!({"retcode": "00008", "retmsg": "parameters rejected: s"}).to_string())
    });
    let e = builder(&fake.url, "s").build().unwrap().get_checkout_order_info("A1").unwrap_err();
    assert_eq!(e.retmsg(), Some("parameters rejected: <redacted>"), "{e}");
}

#[test]
fn any_character_in_the_api_secret_travels_percent_encoded() {
    let secret = "a&b#c+d%41 e=f";
    let fake = FakeGateway::start(move |req| {
        if req.path().contains("oauth2") {
            let got = query_param(req, "api_secret");
            if got.as_deref() == Some(secret) && query_param(req, "grant_type").as_deref() == Some("client_credentials")
            {
                return ok(&token_body(json!(21600)));
            }
            return ok(&json!({"retcode": "00001", "retmsg": "bad credentials"}).to_string());
        }
        ok(ORDER)
    });
    let c = builder(&fake.url, secret).build().unwrap();
    assert_eq!(c.get_checkout_order_info("A1").unwrap().order_no, "A1");
}

/// A gateway signing its answers (TIMESTAMP + BODY): the token's now, business answers with a
/// timestamp `offset_ms` from now.
fn signing_gateway(offset_ms: i64) -> FakeGateway {
    FakeGateway::start(move |req| {
        let token = req.path().contains("oauth2");
        let body = if token { token_body(json!(21600)) } else { ORDER.to_owned() };
        let ts = now_millis().saturating_add_signed(if token { 0 } else { offset_ms });
        (200, sign_for_test(KEY, body.as_bytes(), ts).unwrap(), body)
    })
}

#[test]
fn stale_or_future_signed_responses_are_refused() {
    const DAY: i64 = 86_400_000;
    for offset in [-DAY, -10 * 365 * DAY, DAY, -121_000] {
        let fake = signing_gateway(offset);
        for policy in [ResponseSignaturePolicy::Required, ResponseSignaturePolicy::IfPresent] {
            let c = builder(&fake.url, "fake_secret_value").response_signature(policy).build().unwrap();
            let e = c.get_checkout_order_info("A1").unwrap_err();
            assert_eq!(e.code(), "response_signature", "{offset} {policy:?}: {e}");
            assert!(e.to_string().contains("window"), "{e}");
            assert!(e.outcome_unknown());
        }
        let off = builder(&fake.url, "fake_secret_value").build().unwrap();
        assert_eq!(off.get_checkout_order_info("A1").unwrap().order_no, "A1", "Off ignores signatures");
    }
    // Inside the window, and a wider window when configured.
    let fake = signing_gateway(-30_000);
    let c = builder(&fake.url, "fake_secret_value").response_signature(ResponseSignaturePolicy::Required);
    assert_eq!(c.clone().build().unwrap().get_checkout_order_info("A1").unwrap().order_no, "A1");
    let fake = signing_gateway(-20 * 60_000);
    assert_eq!(
        c.clone().base_url(fake.url.clone()).build().unwrap().get_checkout_order_info("A1").unwrap_err().code(),
        "response_signature"
    );
    let c = c.base_url(fake.url.clone()).response_tolerance(Duration::from_secs(30 * 60)).build().unwrap();
    assert_eq!(c.get_checkout_order_info("A1").unwrap().order_no, "A1");
}
