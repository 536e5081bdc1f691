//! A signed call through `Client` vs the same call made by hand with plain ureq, against the
//! real sandbox over loopback, in one run. Prints per-call medians, the ratio, and how many TCP
//! connections each side opened (read from /proc/net/tcp), to confirm keep-alive reuse.
//!
//! Run: `cargo bench -p wcheckout --bench client`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::float_arithmetic)]

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
    let sandbox = Sandbox::start(SandboxConfig::default()).unwrap();
    let url = sandbox.url();
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    let client = Client::builder("demo_api_key", "demo_api_secret", "demo_sign_key")
        .base_url(url.clone())
        .response_signature(ResponseSignaturePolicy::IfPresent)
        .build()
        .unwrap();
    let order_no = "BENCH1";
    let req = CreateCheckoutOrderRequest::new(order_no, wcheckout::Amount::parse("1").unwrap(), "c", Token::EthUsdt);
    client.create_checkout_order(&req, None).unwrap();

    // The hand-written baseline: same token, same signature rule, same headers, one agent.
    let token: String = {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut r = agent
            .post(format!("{url}/user/auth/oauth2/token?grant_type=client_credentials&api_key=demo_api_key&api_secret=demo_api_secret"))
            .send_empty()
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        v["retdata"]["access_token"].as_str().unwrap().to_owned()
    };
    // Our token fetch superseded the client's; let it refetch once before measuring.
    client.get_checkout_order_info(order_no).unwrap();
    let plain: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let signer = Signer::new("demo_sign_key").unwrap();
    let plain_call = |token: &str| {
        let ts = now_millis().to_string();
        let query = format!("orderNo={order_no}");
        let sig = signer.sign(&SignInput::new("GET", &ts, "/checkout/order/info").query(&query)).unwrap();
        let mut r = plain
            .get(format!("{url}/checkout/order/info?{query}"))
            .header("Authorization", format!("Bearer {token}"))
            .header("SIGNATURE", sig)
            .header("TIMESTAMP", ts)
            .call()
            .unwrap();
        let body = r.body_mut().read_to_vec().unwrap();
        assert!(body.len() > 10);
    };
    // The client shares the sandbox token slot with the baseline, so the baseline uses a token of
    // its own only after the client is done; measure the client first, then the baseline.
    for _ in 0..50 {
        client.get_checkout_order_info(order_no).unwrap();
    }
    let before = sockets_to(port);
    let mut client_times = Vec::new();
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for _ in 0..BATCH {
            client.get_checkout_order_info(order_no).unwrap();
        }
        client_times.push(t.elapsed() / BATCH as u32);
    }
    let client_sockets = sockets_to(port).saturating_sub(before);

    let token = {
        // Re-issue a token for the baseline (this invalidates the client's, which is done).
        let _ = &token;
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut r = agent
            .post(format!("{url}/user/auth/oauth2/token?grant_type=client_credentials&api_key=demo_api_key&api_secret=demo_api_secret"))
            .send_empty()
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        v["retdata"]["access_token"].as_str().unwrap().to_owned()
    };
    for _ in 0..50 {
        plain_call(&token);
    }
    let before = sockets_to(port);
    let mut plain_times = Vec::new();
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for _ in 0..BATCH {
            plain_call(&token);
        }
        plain_times.push(t.elapsed() / BATCH as u32);
    }
    let plain_sockets = sockets_to(port).saturating_sub(before);

    let (c, p) = (median(client_times), median(plain_times));
    println!("signed GET /checkout/order/info over loopback, {ROUNDS} rounds × {BATCH} calls, median per call:");
    println!("  wcheckout Client : {:>8.1} µs", c.as_secs_f64() * 1e6);
    println!("  plain ureq       : {:>8.1} µs", p.as_secs_f64() * 1e6);
    println!("  ratio            : {:>8.3}×  (goal ≤ 1.2×)", c.as_secs_f64() / p.as_secs_f64());
    println!(
        "  new TCP sockets during {} calls: client {client_sockets}, plain {plain_sockets} (keep-alive reuse when ≈ 0)",
        ROUNDS * BATCH
    );
    sandbox.stop();
}
