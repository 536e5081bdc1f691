//! Request framing over raw TCP: ambiguous framing is refused, and every byte of a request
//! (head, chunk-size lines, chunk extensions, trailers, body) counts against the limits.

use crate::support::Env;
use crate::tcp::exchange;

const HEALTH: &str = "GET /_sandbox/health HTTP/1.1\r\nHost: x\r\n";

/// Sends `raw`, expects `want` as the status and the connection closed after it.
#[track_caller]
fn refused(env: &Env, raw: &[u8], want: u16) {
    let all = exchange(env, raw);
    let shown = String::from_utf8_lossy(&raw[..raw.len().min(200)]).into_owned();
    assert!(all.starts_with(&format!("HTTP/1.1 {want} ")), "{shown:?} → {all:?}");
    assert!(all.contains("Connection: close"), "{shown:?} → {all:?}");
}

/// Sends `raw`, expects 200 (the health check answered).
#[track_caller]
fn served(env: &Env, raw: &[u8]) {
    let all = exchange(env, raw);
    assert!(all.starts_with("HTTP/1.1 200 "), "{:?} → {all:?}", String::from_utf8_lossy(&raw[..raw.len().min(200)]));
}

fn chunked(chunks: &str) -> String {
    format!("{HEALTH}Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}")
}

#[test]
fn ambiguous_framing_is_refused() {
    let env = Env::new();
    let cases: &[(&str, u16)] = &[
        // Content-Length together with Transfer-Encoding.
        ("GET /_sandbox/health HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("GET /_sandbox/health HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n", 400),
        // Bare LF line endings, anywhere in the head.
        ("GET /_sandbox/health HTTP/1.1\nHost: x\n\n", 400),
        ("GET /_sandbox/health HTTP/1.1\r\nHost: x\nX: y\r\n\r\n", 400),
        ("GET /_sandbox/health HTTP/1.1\r\nHost: x\r\n\n", 400),
        ("\nGET /_sandbox/health HTTP/1.1\r\n\r\n", 400),
        // A bare CR, obsolete line folding, whitespace before the colon.
        ("GET /_sandbox/health HTTP/1.1\r\nX: a\rb\r\n\r\n", 400),
        ("GET /_sandbox/health HTTP/1.1\r\nX: a\r\n b\r\n\r\n", 400),
        ("GET /_sandbox/health HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        // Content-Length: differing duplicates, signs, empty.
        ("GET /_sandbox/health HTTP/1.1\r\nContent-Length: 0\r\nContent-Length: 1\r\n\r\nx", 400),
        ("GET /_sandbox/health HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\nxx", 400),
        ("GET /_sandbox/health HTTP/1.1\r\nContent-Length: +1\r\n\r\nx", 400),
        ("GET /_sandbox/health HTTP/1.1\r\nContent-Length:\r\n\r\n", 400),
        // Transfer-Encoding other than exactly `chunked`.
        ("GET /_sandbox/health HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
        ("GET /_sandbox/health HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 501),
        (
            "GET /_sandbox/health HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            501,
        ),
        ("GET /_sandbox/health HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    ];
    for (raw, want) in cases {
        refused(&env, raw.as_bytes(), *want);
    }
    // Chunk sizes: hex digits only, optionally followed by `;` extensions.
    for size in ["+5", "-5", "0x5", "5 5", " 5", "5 ", "", "5\u{b}", "ffffffffffffffffff"] {
        let want = if size.starts_with('f') { 413 } else { 400 };
        refused(&env, chunked(&format!("{size}\r\nhello\r\n0\r\n\r\n")).as_bytes(), want);
    }
    refused(&env, chunked("5\nhello\r\n0\r\n\r\n").as_bytes(), 400);
    refused(&env, chunked("5\r\nhello\n0\r\n\r\n").as_bytes(), 400);
    refused(&env, chunked("5\r\nhello\r\n0\r\nX: y\n\r\n").as_bytes(), 400);
    refused(&env, chunked("5;a\rb\r\nhello\r\n0\r\n\r\n").as_bytes(), 400);
    // What stays accepted: the same framing written correctly.
    served(&env, chunked("5\r\nhello\r\n0\r\n\r\n").as_bytes());
    served(&env, chunked("05 ;name=\"v\" ; x\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n").as_bytes());
    served(&env, b"GET /_sandbox/health HTTP/1.1\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");
    served(&env, b"GET /_sandbox/health HTTP/1.1\r\nContent-Length: 1, 1\r\nConnection: close\r\n\r\nx");
    served(&env, b"\r\n\r\nGET /_sandbox/health HTTP/1.0\r\n\r\n");
}

#[test]
fn chunk_extensions_and_trailers_count_against_the_limits() {
    let env = Env::new();
    // 200 one-byte chunks, each with a 4000-byte extension: 200 bytes of body, 800 KB of framing.
    let ext = "e".repeat(4000);
    let chunks: String = (0..200).map(|_| format!("1;{ext}\r\nx\r\n")).collect();
    refused(&env, chunked(&format!("{chunks}0\r\n\r\n")).as_bytes(), 413);
    // Chunk-size lines alone: 30 000 empty-ish chunks of one byte with long zero-padded sizes.
    let chunks: String = (0..30_000).map(|_| "0000001\r\nx\r\n").collect();
    refused(&env, chunked(&format!("{chunks}0\r\n\r\n")).as_bytes(), 413);
    // Trailers: 100 lines of 1000 bytes.
    let trailers: String = (0..100).map(|i| format!("X-T{i}: {}\r\n", "a".repeat(1000))).collect();
    refused(&env, chunked(&format!("5\r\nhello\r\n0\r\n{trailers}\r\n")).as_bytes(), 431);
    // Too many headers, a head over 64 KiB, a body over 1 MiB (declared or chunked).
    let many: String = (0..101).map(|i| format!("X-{i}: v\r\n")).collect();
    refused(&env, format!("{HEALTH}{many}\r\n").as_bytes(), 431);
    refused(&env, format!("{HEALTH}X: {}\r\n\r\n", "a".repeat(65 * 1024)).as_bytes(), 431);
    refused(&env, format!("{HEALTH}Content-Length: {}\r\n\r\n", 1024 * 1024 + 1).as_bytes(), 413);
    let big: String = (0..65).map(|_| format!("4000\r\n{}\r\n", "b".repeat(0x4000))).collect();
    refused(&env, chunked(&format!("{big}0\r\n\r\n")).as_bytes(), 413);
    // At the limits a request is still served: a 1 MiB body in 16 KiB chunks, with a few
    // trailers, and a head of 60 KiB.
    let full: String = (0..64).map(|_| format!("4000;i=1\r\n{}\r\n", "b".repeat(0x4000))).collect();
    served(&env, chunked(&format!("{full}0\r\nX-A: 1\r\nX-B: 2\r\n\r\n")).as_bytes());
    served(&env, format!("{HEALTH}Connection: close\r\nX: {}\r\n\r\n", "a".repeat(60 * 1024)).as_bytes());
    // The server is still fine.
    assert_eq!(env.ctl("GET", "/_sandbox/health", serde_json::Value::Null)["status"], "ok");
}
