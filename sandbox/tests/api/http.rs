//! The HTTP layer over raw TCP: keep-alive, pipelining, chunked bodies, `Expect: 100-continue`,
//! HTTP/1.0, malformed requests and limits.

use std::io::{Read, Write};

use crate::support::{Env, ORDER_CREATE, ORDER_INFO};
use crate::tcp::{connect, read_response, signed_head};

#[test]
fn keep_alive_and_pipelining() {
    let env = Env::new();
    env.create_order("KA1", "1");
    let mut s = connect(&env);
    let h = signed_head(&env, "GET", ORDER_INFO, "orderNo=KA1", "");
    let one = format!("GET {ORDER_INFO}?orderNo=KA1 HTTP/1.1\r\nHost: x\r\n{h}\r\n");
    // Two requests in one write, then a third on the same connection.
    s.write_all(format!("{one}{one}").as_bytes()).unwrap();
    let mut buf = Vec::new();
    for _ in 0..2 {
        let (head, body) = read_response(&mut s, &mut buf);
        assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
        assert!(head.contains("Connection: keep-alive"), "{head}");
        assert!(body.contains(r#""orderNo":"KA1""#), "{body}");
    }
    s.write_all(one.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n").as_bytes()).unwrap();
    let (head, _) = read_response(&mut s, &mut buf);
    assert!(head.contains("Connection: close"), "{head}");
    assert_eq!(s.read(&mut [0u8; 16]).unwrap(), 0, "closed after Connection: close");
}

#[test]
fn chunked_bodies_and_expect_continue() {
    let env = Env::new();
    let body = r#"{"orderNo":"CH1","orderAmount":1,"customerId":"c","token":"ETH_USDT"}"#;
    let h = signed_head(&env, "POST", ORDER_CREATE, "", body);
    let (a, b) = body.split_at(20);
    let mut s = connect(&env);
    let req = format!(
        "POST {ORDER_CREATE} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n{h}\r\n{:x};ext=1\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\nTrailer: t\r\n\r\n",
        a.len(),
        b.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let (head, resp) = read_response(&mut s, &mut buf);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(resp.contains(r#""retcode":"200""#), "{resp}");

    let body = r#"{"orderNo":"CH2","orderAmount":1,"customerId":"c","token":"ETH_USDT"}"#;
    let h = signed_head(&env, "POST", ORDER_CREATE, "", body);
    let mut s = connect(&env);
    s.write_all(
        format!(
            "POST {ORDER_CREATE} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: {}\r\n{h}\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 64];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = s.read(&mut chunk).unwrap();
        assert!(n > 0);
        buf.extend_from_slice(&chunk[..n]);
    }
    assert!(buf.starts_with(b"HTTP/1.1 100 Continue\r\n\r\n"), "{:?}", String::from_utf8_lossy(&buf));
    buf.drain(..25);
    s.write_all(body.as_bytes()).unwrap();
    let (head, resp) = read_response(&mut s, &mut buf);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(resp.contains(r#""retcode":"200""#), "{resp}");
    assert_eq!(env.state()["counts"]["orders"], 2);
}

#[test]
fn http10_closes_after_the_response() {
    let env = Env::new();
    let mut s = connect(&env);
    s.write_all(b"GET /_sandbox/health HTTP/1.0\r\n\r\n").unwrap();
    let mut all = String::new();
    s.read_to_string(&mut all).unwrap();
    assert!(all.starts_with("HTTP/1.1 200 OK") && all.contains("Connection: close"), "{all}");
    // HEAD gets the head only.
    let mut s = connect(&env);
    s.write_all(b"HEAD /_sandbox/nothing HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut all = String::new();
    s.read_to_string(&mut all).unwrap();
    assert!(all.starts_with("HTTP/1.1 404") && all.ends_with("\r\n\r\n"), "{all}");
}

#[test]
fn malformed_requests_get_4xx_and_a_close() {
    let env = Env::new();
    for (raw, want) in [
        ("NONSENSE\r\n\r\n", "400"),
        ("GET / HTTP/2.0\r\n\r\n", "505"),
        ("GET / HTTP/1.1\r\nBad Header\r\n\r\n", "400"),
        ("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", "400"),
        ("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "400"),
        ("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", "413"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "501"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "400"),
    ] {
        let mut s = connect(&env);
        s.write_all(raw.as_bytes()).unwrap();
        let mut all = String::new();
        let _ = s.read_to_string(&mut all);
        assert!(all.starts_with(&format!("HTTP/1.1 {want}")), "{raw:?} → {all:?}");
    }
    let mut s = connect(&env);
    let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(70 * 1024));
    let _ = s.write_all(huge.as_bytes());
    let mut all = String::new();
    let _ = s.read_to_string(&mut all);
    assert!(all.starts_with("HTTP/1.1 431"), "{all:?}");
    // The server is still fine.
    assert_eq!(env.ctl("GET", "/_sandbox/health", serde_json::Value::Null)["status"], "ok");
}
