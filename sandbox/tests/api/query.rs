//! Query decoding: the received query is decoded exactly once with form rules (`+` is a space,
//! `%XX` a byte, then UTF-8); signatures are verified over the decoded text in the order received.

use wcheckout::signing::now_millis;
use wcheckout_sandbox::SandboxConfig;

use crate::support::{Env, ORDER_INFO, Resp, TOKEN_PATH};

/// Percent-encodes every byte except the unreserved ones (what the core client does).
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// GET order info with `wire` as the query on the wire and `signed` as the signed query.
fn info(env: &Env, wire: &str, signed: &str) -> Resp {
    let hs = env.signed_headers("GET", ORDER_INFO, signed, "", now_millis());
    let h: Vec<(&str, &str)> = hs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    env.raw("GET", &format!("{ORDER_INFO}?{wire}"), &h, b"")
}

#[test]
fn the_query_is_decoded_exactly_once() {
    let env = Env::new();
    env.create_order("QRY1", "1");
    // `%2531` decodes to `%31`, never further to `1`: the merchant number is `QRY%31`, invalid.
    let r = info(&env, "orderNo=QRY%2531", "orderNo=QRY%31");
    r.expect_err("00008");
    assert!(r.retmsg().contains("orderNo"), "{r:?}");
    assert!(env.full_signature_ok(&r, "GET", ORDER_INFO, "orderNo=QRY%31"));
    // The doubly decoded text is not what the sandbox verifies.
    info(&env, "orderNo=QRY%2531", "orderNo=QRY1").expect_err("00003");
    // One level of encoding still finds the order.
    assert_eq!(info(&env, "orderNo=QRY%31", "orderNo=QRY1").data()["orderNo"], "QRY1");
}

#[test]
fn plus_is_a_space_and_escaped_separators_stay_data() {
    let env = Env::new();
    env.create_order("PLUS1", "1");
    let wire = "orderNo=PLUS1&note=a+b%2Bc%26d%3De%20%E2%82%AC";
    let signed = "orderNo=PLUS1&note=a b+c&d=e €";
    let r = info(&env, wire, signed);
    assert_eq!((r.retcode(), r.data()["orderNo"].as_str()), ("200", Some("PLUS1")), "{r:?}");
    assert!(env.full_signature_ok(&r, "GET", ORDER_INFO, signed));
    // Signing the `+` as a `+` does not match: it is a space.
    info(&env, wire, "orderNo=PLUS1&note=a+b+c&d=e €").expect_err("00003");
    // `A+B` is the merchant number `A B`: invalid, not `A+B` and not a signature error.
    info(&env, "orderNo=A+B", "orderNo=A B").expect_err("00008");
    // The order received is the order signed.
    let r = info(&env, "x=1&orderNo=PLUS1", "x=1&orderNo=PLUS1");
    assert_eq!(r.retcode(), "200", "{r:?}");
    info(&env, "x=1&orderNo=PLUS1", "orderNo=PLUS1&x=1").expect_err("00003");
}

#[test]
fn a_query_that_is_not_utf8_once_decoded_is_a_clear_error() {
    let env = Env::new();
    env.create_order("UTF1", "1");
    let r = info(&env, "orderNo=UTF1&note=%FF", "orderNo=UTF1&note=%FF");
    r.expect_err("00008");
    assert!(r.retmsg().contains("UTF-8"), "{r:?}");
    let r = env.raw("POST", &format!("{TOKEN_PATH}?grant_type=client_credentials&api_key=%C3&api_secret=x"), &[], b"");
    r.expect_err("00008");
    // Escapes that are not `%` + two hex digits are kept as they are.
    let r = info(&env, "orderNo=UTF1&note=100%&n2=%zz%4", "orderNo=UTF1&note=100%&n2=%zz%4");
    assert_eq!(r.retcode(), "200", "{r:?}");
}

#[test]
fn token_credentials_with_reserved_characters_travel_percent_encoded() {
    let (key, secret) = ("k%41y+ z", "s&e#c+r%t 41");
    let env = Env::with(SandboxConfig {
        api_key: key.into(),
        api_secret: secret.into(),
        time_scale: 0.001,
        ..SandboxConfig::default()
    });
    let token = |k: &str, s: &str| {
        env.raw("POST", &format!("{TOKEN_PATH}?grant_type=client_credentials&api_key={k}&api_secret={s}"), &[], b"")
    };
    let r = token(&enc(key), &enc(secret));
    assert_eq!(r.retcode(), "200", "{r:?}");
    assert_eq!(r.data()["token_type"], "bearer");
    // Form encoding: a space may travel as `+`.
    let r = token(&enc(key).replace("%20", "+"), &enc(secret).replace("%20", "+"));
    assert_eq!(r.retcode(), "200", "{r:?}");
    // Decoding twice would turn `%2541` into `A`: that key is wrong.
    token(&enc("kAy+ z"), &enc(secret)).expect_err("00001");
    // A `+` left unencoded is a space, so this secret is wrong.
    token(&enc(key), &enc(secret).replace("%2B", "+")).expect_err("00001");
    // The token works for a signed call.
    *env.token.lock().unwrap() = r.data()["access_token"].as_str().map(str::to_owned);
    env.create_order("CRED2", "1");
    assert_eq!(env.order_status("CRED2"), "PAYING");
}
