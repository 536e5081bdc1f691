//! The Rust rows of `make bench-all`: each SDK path against what a user would write instead, in
//! one run, as the median of rounds that alternate SDK and baseline (so load drifts hit both).
//!
//! * `rust.sign_vs_hmac`: `Signer::sign` on a 256-byte string to sign vs the hmac/sha2/base64
//!   crates keyed once, fed the same five parts.
//! * `rust.call_vs_ureq`: a signed `GET /checkout/order/info` through `Client` (signs, verifies the
//!   response signature, decodes a typed `CheckoutOrder`) vs the same signed call with one plain
//!   ureq agent that signs with hmac, reads the body and parses it with serde_json.
//! * `rust.call_vs_ureq.concurrent8`: the same, 8 threads sharing one client / one agent.
//!
//! Run: `cargo bench -p wcheckout --bench table` (against `WCHECKOUT_BENCH_URL` when set, else an
//! in-process sandbox). With `WCHECKOUT_BENCH_JSON=path` the rows are also written there as JSON.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::float_arithmetic, clippy::panic)]

mod support;

use std::hint::black_box;
use std::time::Instant;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha512;
use wcheckout::model::{CreateCheckoutOrderRequest, Token};
use wcheckout::{Amount, Client, SignInput, Signer};
use wcheckout_sandbox::{Sandbox, SandboxConfig, TokenPolicy};

const KEY: &str = "demo_sign_key";
const ROUNDS: usize = 9;

struct Row {
    name: &'static str,
    sdk: String,
    sdk_ns: f64,
    baseline: String,
    baseline_ns: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Nanoseconds per operation of `sdk` and `base`, each the median of `ROUNDS` rounds of `batch`
/// operations; the order within a round alternates.
fn alternate(batch: usize, mut sdk: impl FnMut(usize), mut base: impl FnMut(usize)) -> (f64, f64) {
    sdk(batch / 10 + 1);
    base(batch / 10 + 1);
    let (mut s, mut b) = (Vec::new(), Vec::new());
    let time = |f: &mut dyn FnMut(usize)| {
        let t = Instant::now();
        f(batch);
        t.elapsed().as_nanos() as f64 / batch as f64
    };
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            s.push(time(&mut sdk));
            b.push(time(&mut base));
        } else {
            b.push(time(&mut base));
            s.push(time(&mut sdk));
        }
    }
    (median(s), median(b))
}

fn sign_row() -> Row {
    const TS: &str = "1759988038609";
    const PATH: &str = "/checkout/order/create";
    let head = r#"{"orderNo":"1759988038609","orderAmount":0.5,"customerId":"6","merchantId":"1","token":"ETH_USDT","remark":""#;
    let pad = 256 - "POST".len() - TS.len() - PATH.len() - head.len() - 2;
    let body = format!("{head}{}\"}}", "x".repeat(pad));
    let signer = Signer::new(KEY).unwrap();
    let input = SignInput::new("POST", TS, PATH).body(body.as_bytes());
    let keyed = <Hmac<Sha512> as KeyInit>::new_from_slice(KEY.as_bytes()).unwrap();
    let by_hand = |method: &str, ts: &str, path: &str, query: &str, body: &[u8]| {
        let mut mac = keyed.clone();
        for part in [method.as_bytes(), ts.as_bytes(), path.as_bytes(), query.as_bytes(), body] {
            mac.update(part);
        }
        BASE64.encode(mac.finalize().into_bytes())
    };
    assert_eq!(signer.sign(&input).unwrap(), by_hand("POST", TS, PATH, "", body.as_bytes()));
    let (sdk_ns, baseline_ns) = alternate(
        200_000,
        |n| {
            for _ in 0..n {
                black_box(signer.sign(black_box(&input)).unwrap());
            }
        },
        |n| {
            for _ in 0..n {
                black_box(by_hand(black_box("POST"), TS, PATH, "", black_box(body.as_bytes())));
            }
        },
    );
    Row {
        name: "rust.sign_vs_hmac",
        sdk: "Signer::sign, 256-byte string to sign".into(),
        sdk_ns,
        baseline: "hmac+sha2 keyed once + base64".into(),
        baseline_ns,
    }
}

/// The hand-written signed call: what a user of plain ureq writes.
struct Plain {
    agent: ureq::Agent,
    keyed: Hmac<Sha512>,
    url: String,
    token: String,
}

impl Plain {
    fn new(url: &str) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let token = support::token(url);
        let keyed = <Hmac<Sha512> as KeyInit>::new_from_slice(KEY.as_bytes()).unwrap();
        Plain { agent, keyed, url: url.to_owned(), token }
    }

    fn order_info(&self, order_no: &str) -> serde_json::Value {
        let ts = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis().to_string();
        let path = "/checkout/order/info";
        let query = format!("orderNo={order_no}");
        let mut mac = self.keyed.clone();
        for part in ["GET", &ts, path, &query] {
            mac.update(part.as_bytes());
        }
        let signature = BASE64.encode(mac.finalize().into_bytes());
        let mut r = self
            .agent
            .get(format!("{}{path}?{query}", self.url))
            .header("Authorization", format!("Bearer {}", self.token))
            .header("SIGNATURE", signature)
            .header("TIMESTAMP", ts)
            .call()
            .unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&r.body_mut().read_to_vec().unwrap()).unwrap();
        assert!(v["retcode"] == 200 || v["retcode"] == "200", "call failed: {v}");
        v["retdata"].take()
    }
}

fn call_rows(url: &str) -> Vec<Row> {
    let client = Client::builder("demo_api_key", "demo_api_secret", KEY).base_url(url).build().unwrap();
    let order_no = format!("BENCHRS{}", std::process::id());
    let req = CreateCheckoutOrderRequest::new(&order_no, Amount::parse("12.50").unwrap(), "c", Token::EthUsdt);
    client.create_checkout_order(&req, None).unwrap();
    let plain = Plain::new(url);
    assert_eq!(
        plain.order_info(&order_no)["orderNo"].as_str(),
        Some(client.get_checkout_order_info(&order_no).unwrap().order_no.as_str())
    );
    // `WCHECKOUT_BENCH_PROFILE=sdk|baseline`: only that side, many calls (for perf / strace).
    if let Ok(side) = std::env::var("WCHECKOUT_BENCH_PROFILE") {
        let n: usize = std::env::var("WCHECKOUT_BENCH_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
        for _ in 0..n {
            if side == "sdk" {
                black_box(client.get_checkout_order_info(&order_no).unwrap());
            } else {
                black_box(plain.order_info(&order_no));
            }
        }
        return Vec::new();
    }
    let (sdk_ns, baseline_ns) = alternate(
        400,
        |n| {
            for _ in 0..n {
                black_box(client.get_checkout_order_info(&order_no).unwrap());
            }
        },
        |n| {
            for _ in 0..n {
                black_box(plain.order_info(&order_no));
            }
        },
    );
    let sequential = Row {
        name: "rust.call_vs_ureq",
        sdk: "Client::get_checkout_order_info (typed, response signature checked)".into(),
        sdk_ns,
        baseline: "plain ureq + hmac + serde_json::Value".into(),
        baseline_ns,
    };
    const THREADS: usize = 8;
    let spread = |n: usize, f: &(dyn Fn() + Sync)| {
        std::thread::scope(|s| {
            for _ in 0..THREADS {
                s.spawn(|| {
                    for _ in 0..n.div_ceil(THREADS) {
                        f();
                    }
                });
            }
        });
    };
    let (sdk_ns, baseline_ns) = alternate(
        800,
        |n| {
            spread(n, &|| {
                black_box(client.get_checkout_order_info(&order_no).unwrap());
            })
        },
        |n| {
            spread(n, &|| {
                black_box(plain.order_info(&order_no));
            })
        },
    );
    let concurrent = Row {
        name: "rust.call_vs_ureq.concurrent8",
        sdk: "8 threads on one Client".into(),
        sdk_ns,
        baseline: "8 threads on one plain ureq agent".into(),
        baseline_ns,
    };
    vec![sequential, concurrent]
}

fn main() {
    // `cargo bench` passes `--bench`; a name filter selects rows (`sign`, `call`, or a part of a
    // row's name such as `call_vs_ureq`, which runs that row's group).
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()) || f.contains(name));
    let mut rows = Vec::new();
    if wanted("sign") {
        rows.push(sign_row());
    }
    if wanted("call") {
        match std::env::var("WCHECKOUT_BENCH_URL") {
            Ok(url) => rows.extend(call_rows(&url)),
            Err(_) => {
                let config = SandboxConfig { token_policy: TokenPolicy::Multiple, ..SandboxConfig::default() };
                let sandbox = Sandbox::start(config).unwrap();
                rows.extend(call_rows(&sandbox.url()));
                sandbox.stop();
            }
        }
    }
    let mut json = Vec::new();
    for r in &rows {
        let ratio = r.baseline_ns / r.sdk_ns;
        println!(
            "{:32} sdk {:>10.0} ns  baseline {:>10.0} ns  ratio {ratio:>5.2}  ({} vs {})",
            r.name, r.sdk_ns, r.baseline_ns, r.sdk, r.baseline
        );
        json.push(serde_json::json!({
            "name": r.name, "language": "rust", "sdk": r.sdk, "sdk_ns": r.sdk_ns.round(),
            "baseline": r.baseline, "baseline_ns": r.baseline_ns.round(), "ratio": (ratio * 1000.0).round() / 1000.0,
        }));
    }
    if let Ok(path) = std::env::var("WCHECKOUT_BENCH_JSON") {
        std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    }
}
