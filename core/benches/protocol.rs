//! Protocol hot paths: request signing and webhook verification.
//!
//! `cargo bench -p wcheckout --bench protocol`. Target (issue 2): `sign` on a 256-byte string to
//! sign ≤ 0.75 µs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha512};
use wcheckout::signing::string_to_sign;
use wcheckout::webhook::{Verifier, sign_for_test};
use wcheckout::{QueryPrefix, SignInput, Signer};

const KEY: &str = "aR2822Y6XbehWMclnB0Y2NJK";
const TIMESTAMP: &str = "1759988038609";
const PATH: &str = "/checkout/order/create";

/// A compact CreateCheckoutOrder body padded (in `remark`) so `prefix_len + body` is `total` bytes.
fn body_of_len(prefix_len: usize, total: usize) -> String {
    let head = r#"{"orderNo":"1759988038609","orderAmount":0.5,"customerId":"6","merchantId":"1","token":"ETH_USDT","fiat":"USD","expiredIn":2000,"remark":""#;
    let tail = r#""}"#;
    let pad = total - prefix_len - head.len() - tail.len();
    format!("{head}{}{tail}", "x".repeat(pad))
}

fn signing(c: &mut Criterion) {
    let signer = Signer::new(KEY).unwrap();
    let body = body_of_len("POST".len() + TIMESTAMP.len() + PATH.len(), 256);
    let input = SignInput::new("POST", TIMESTAMP, PATH).body(body.as_bytes());
    let message = string_to_sign(&input, QueryPrefix::None).unwrap();
    assert_eq!(message.len(), 256, "the benchmark must sign exactly 256 bytes");
    assert_eq!(signer.sign(&input).unwrap(), signer.sign_bytes(&message));

    let mut g = c.benchmark_group("signing");
    g.throughput(Throughput::Bytes(256));
    g.bench_function("sign/256B", |b| b.iter(|| signer.sign(black_box(&input)).unwrap()));
    g.bench_function("sign_bytes/256B", |b| b.iter(|| signer.sign_bytes(black_box(&message))));
    g.bench_function("string_to_sign/256B", |b| {
        b.iter(|| string_to_sign(black_box(&input), QueryPrefix::None).unwrap())
    });
    g.finish();

    // The floor `sign` is measured against: the same 256 bytes through a pre-keyed HMAC-SHA512 straight from
    // the hmac/sha2 crates (no validation, no Base64), and one SHA-512 compression for the per-block cost.
    let keyed = <Hmac<Sha512> as KeyInit>::new_from_slice(KEY.as_bytes()).unwrap();
    let mut g = c.benchmark_group("reference");
    g.bench_function("hmac_sha512_digest/256B", |b| {
        b.iter(|| {
            let mut mac = keyed.clone();
            mac.update(black_box(&message));
            mac.finalize().into_bytes()
        })
    });
    g.bench_function("sha512_one_block", |b| b.iter(|| Sha512::digest(black_box(&message[..100]))));
    g.finish();
}

fn webhook(c: &mut Criterion) {
    let head = r#"{"eventId":"evt_0a4fee0f8882","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1758701681,"data":{"orderNo":"oxxxxxxx","token":"ETH_USDT","payingAmount":989.19,"orderAmount":989.19,"orderStatus":"PAID","refundedAmount":0,"createdTime":"2025-11-23 11:27:29","updatedTime":"2025-11-23 11:27:29","txHash":""#;
    let tail = r#""}}"#;
    let body = format!("{head}{}{tail}", "a".repeat(1024 - head.len() - tail.len()));
    assert_eq!(body.len(), 1024, "the benchmark must verify a 1 KiB body");
    let now = 1_758_701_681_000;
    let headers = sign_for_test(KEY, body.as_bytes(), now).unwrap();
    let verifier = Verifier::new(KEY).unwrap();
    assert_eq!(
        verifier.verify_at(&headers, body.as_bytes(), now).unwrap().event_type.as_str(),
        "CHECKOUT_ORDER_CHANGED"
    );

    let mut g = c.benchmark_group("webhook");
    g.throughput(Throughput::Bytes(1024));
    g.bench_function("verify_at+parse/1KiB", |b| {
        b.iter(|| verifier.verify_at(black_box(&headers), black_box(body.as_bytes()), now).unwrap())
    });
    g.bench_function("verify_signature_at/1KiB", |b| {
        b.iter(|| verifier.verify_signature_at(black_box(&headers), black_box(body.as_bytes()), now).unwrap())
    });
    g.finish();
}

criterion_group!(benches, signing, webhook);
criterion_main!(benches);
