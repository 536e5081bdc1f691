//! Response decoding on arbitrary bytes: the `{retcode, retdata, retmsg}` envelope and every typed
//! model a `retdata` can become. Decoding either fails with a typed error or gives a value that
//! serialises and decodes back to itself (amounts exact, unknown enum values kept).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wcheckout::model::{
    AbnormalPayment, AbnormalPaymentDetected, CheckoutOrder, CheckoutOrderChanged, CreatedCheckoutOrder, Envelope,
    Page, RefundOrder, RefundOrderChanged, SettlementOrder, SettlementOrderChanged,
};

fuzz_target!(|data: &[u8]| {
    // An optional first line of three digits is the HTTP status (default 200); the rest is the body.
    let (http_status, body) = match data {
        [a, b, c, b'\n', rest @ ..] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => {
            (u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0'), rest)
        }
        _ => (200, data),
    };
    match Envelope::parse(body) {
        Ok(env) => check_envelope(env, http_status),
        Err(e) => assert_eq!(e.code(), "decode_error"),
    }
    // The payload decoders also see the raw bytes as a retdata, envelope or not.
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        check_models(&v);
    }
});

fn check_envelope(env: Envelope, http_status: u16) {
    // The envelope serialises and parses back to the same parts.
    let text = serde_json::to_vec(&env).expect("serialise envelope");
    let again = Envelope::parse(&text).expect("own envelope parses");
    assert_eq!(again.retcode, env.retcode);
    assert_eq!(again.retmsg, env.retmsg);
    // A `null` retdata is written as null and read back as absent: the same result either way.
    assert_eq!(again.retdata.clone().filter(|v| !v.is_null()), env.retdata.clone().filter(|v| !v.is_null()));
    let success = http_status == 200 && env.retcode.as_str().trim() == "200";
    assert_eq!(env.retcode.is_success(), env.retcode.as_str().trim() == "200");
    let (retcode, retmsg, retdata) = (env.retcode.clone(), env.retmsg.clone(), env.retdata.clone());
    match env.into_result(http_status) {
        Ok(payload) => {
            assert!(success);
            assert_eq!(payload, retdata.filter(|v| !v.is_null()));
            if let Some(v) = payload {
                check_models(&v);
            }
        }
        Err(e) => {
            assert!(!success);
            assert_eq!(e.code(), "api_error");
            assert_eq!(e.retcode(), Some(retcode.as_str()));
            assert_eq!(e.retmsg(), Some(retmsg.unwrap_or_default().as_str()));
            assert_eq!(e.http_status(), Some(http_status));
        }
    }
}

fn check_models(v: &Value) {
    round_trip::<CheckoutOrder>(v);
    round_trip::<CreatedCheckoutOrder>(v);
    round_trip::<RefundOrder>(v);
    round_trip::<SettlementOrder>(v);
    round_trip::<AbnormalPayment>(v);
    round_trip::<CheckoutOrderChanged>(v);
    round_trip::<RefundOrderChanged>(v);
    round_trip::<SettlementOrderChanged>(v);
    round_trip::<AbnormalPaymentDetected>(v);
    if let Some(page) = round_trip::<Page<CheckoutOrder>>(v) {
        let _ = page.has_more();
    }
    round_trip::<Page<RefundOrder>>(v);
    round_trip::<Page<SettlementOrder>>(v);
    round_trip::<Page<AbnormalPayment>>(v);
}

/// Decodes `v` as `T` both from the tree and from its text; when it decodes, writing it (amounts
/// as numbers, and as strings for JavaScript) and decoding again gives the same value.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(v: &Value) -> Option<T> {
    let from_tree = serde_json::from_value::<T>(v.clone());
    let text = serde_json::to_string(v).expect("a Value serialises");
    let from_text = serde_json::from_str::<T>(&text);
    match (&from_tree, &from_text) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(_), Err(_)) => {}
        (a, b) => panic!("{}: tree {a:?} but text {b:?} for {text}", std::any::type_name::<T>()),
    }
    let value = from_tree.ok()?;
    let written = serde_json::to_string(&value).expect("serialise model");
    let back: T = serde_json::from_str(&written).expect("own output decodes");
    assert_eq!(back, value, "{written}");
    let js = wcheckout::exact_json::to_string_with_string_amounts(&value).expect("string amounts");
    let back: T = serde_json::from_str(&js).expect("string-amount output decodes");
    assert_eq!(back, value, "{js}");
    Some(value)
}
