//! A signed call through `Client` vs the same call made by hand with plain ureq, against the
//! real sandbox over loopback, in one run. Prints per-call medians, the ratio, and how many TCP
//! connections each side opened (read from /proc/net/tcp), to confirm keep-alive reuse.
//!
//! Run: `cargo bench -p wcheckout --bench client`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::float_arithmetic)]

mod support;

use std::time::{Duration, Instant};

use wcheckout::client::ResponseSignaturePolicy;
use wcheckout::signing::{SignInput, Signer, now_millis};
use wcheckout::{Client, model::CreateCheckoutOrderRequest, model::Token};
use wcheckout_sandbox::{Sandbox, SandboxConfig};

const BATCH: usize = 200;
const ROUNDS: usize = 15;

/// Sockets (any state, TIME_WAIT included) whose remote port is `port`, from /proc/net/tcp.
fn sockets_to(port: u16) -> usize {
    let hex = format!(":{port:04X}");
    std::fs::read_to_string("/proc/net/tcp")
        .map(|t| t.lines().skip(1).filter(|l| l.split_whitespace().nth(2).is_some_and(|r| r.ends_with(&hex))).count())
        .unwrap_or(0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    // Two identical sandboxes: the sandbox keeps one valid token at a time, so the client and
    // the hand-written baseline each get their own server, and rounds alternate between them so
    // machine load drifts hit both alike.
    let (sb_client, sb_plain) =
        (Sandbox::start(SandboxConfig::default()).unwrap(), Sandbox::start(SandboxConfig::default()).unwrap());
    let (url_c, url_p) = (sb_client.url(), sb_plain.url());
    let port = |u: &str| -> u16 { u.rsplit(':').next().unwrap().parse().unwrap() };
    let client = Client::builder("demo_api_key", "demo_api_secret", "demo_sign_key")
        .base_url(url_c.clone())
        .response_signature(ResponseSignaturePolicy::IfPresent)
        .build()
        .unwrap();
    let order_no = "BENCH1";
    let req = CreateCheckoutOrderRequest::new(order_no, wcheckout::Amount::parse("1").unwrap(), "c", Token::EthUsdt);
    client.create_checkout_order(&req, None).unwrap();
    // The same order on the baseline's sandbox, so both read the same response body.
    Client::builder("demo_api_key", "demo_api_secret", "demo_sign_key")
        .base_url(url_p.clone())
        .build()
        .unwrap()
        .create_checkout_order(&req, None)
        .unwrap();

    // The baseline: same signature rule and headers, one plain ureq agent, no response checks.
    let plain_token = support::token(&url_p);
    let plain: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    // The same, configured with the client's timeouts (ureq then resolves the host on a new
    // thread for every call; the client's own resolver avoids that).
    let plain_timeouts: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let signer = Signer::new("demo_sign_key").unwrap();
    let plain_call = |plain: &ureq::Agent| {
        let ts = now_millis().to_string();
        let query = format!("orderNo={order_no}");
        let sig = signer.sign(&SignInput::new("GET", &ts, "/checkout/order/info").query(&query)).unwrap();
        let mut r = plain
            .get(format!("{url_p}/checkout/order/info?{query}"))
            .header("Authorization", format!("Bearer {plain_token}"))
            .header("SIGNATURE", sig)
            .header("TIMESTAMP", ts)
            .call()
            .unwrap();
        let body = r.body_mut().read_to_vec().unwrap();
        assert!(body.len() > 10);
    };
    for _ in 0..100 {
        client.get_checkout_order_info(order_no).unwrap();
        plain_call(&plain);
        plain_call(&plain_timeouts);
    }
    let (before_c, before_p) = (sockets_to(port(&url_c)), sockets_to(port(&url_p)));
    let (mut client_times, mut plain_times, mut timeout_times) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for _ in 0..BATCH {
            client.get_checkout_order_info(order_no).unwrap();
        }
        client_times.push(t.elapsed() / BATCH as u32);
        let t = Instant::now();
        for _ in 0..BATCH {
            plain_call(&plain);
        }
        plain_times.push(t.elapsed() / BATCH as u32);
        let t = Instant::now();
        for _ in 0..BATCH {
            plain_call(&plain_timeouts);
        }
        timeout_times.push(t.elapsed() / BATCH as u32);
    }
    let client_sockets = sockets_to(port(&url_c)).saturating_sub(before_c);
    let plain_sockets = sockets_to(port(&url_p)).saturating_sub(before_p);

    let (c, p, pt) = (median(client_times), median(plain_times), median(timeout_times));
    println!(
        "signed GET /checkout/order/info over loopback, {ROUNDS} alternating rounds × {BATCH} calls, median per call:"
    );
    println!(
        "  wcheckout Client                   : {:>8.1} µs  (signs, verifies the response signature, decodes typed)",
        c.as_secs_f64() * 1e6
    );
    println!("  plain ureq                         : {:>8.1} µs  (signs, reads the bytes)", p.as_secs_f64() * 1e6);
    println!("  plain ureq + the client's timeouts : {:>8.1} µs", pt.as_secs_f64() * 1e6);
    println!("  ratio client / plain ureq          : {:>8.3}×  (goal ≤ 1.2×)", c.as_secs_f64() / p.as_secs_f64());
    println!("  ratio client / plain ureq+timeouts : {:>8.3}×", c.as_secs_f64() / pt.as_secs_f64());
    println!(
        "  new TCP sockets during {} calls each: client {client_sockets}, plain {plain_sockets} (0 = every call reused the keep-alive connection)",
        ROUNDS * BATCH
    );
    sb_client.stop();
    sb_plain.stop();
}
