//! Shared helpers for the client's end-to-end tests: a real sandbox over loopback HTTP and its
//! control API.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use wcheckout::client::{ClientBuilder, ResponseSignaturePolicy};
use wcheckout::{Amount, Client, Environment};
use wcheckout_sandbox::{ResponseSignature, Sandbox, SandboxConfig};

pub mod net;

pub struct Env {
    pub sandbox: Sandbox,
    pub url: String,
    control: ureq::Agent,
}

/// A unique alphanumeric merchant number for this test process.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!("{prefix}{}{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

pub fn amount(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

impl Env {
    pub fn start() -> Env {
        Env::with(SandboxConfig { time_scale: 0.001, ..SandboxConfig::default() })
    }

    pub fn with_signature(mode: ResponseSignature) -> Env {
        Env::with(SandboxConfig { time_scale: 0.001, response_signature: mode, ..SandboxConfig::default() })
    }

    pub fn with(config: SandboxConfig) -> Env {
        let sandbox = Sandbox::start(config).expect("sandbox starts");
        let url = sandbox.url();
        let control = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        Env { sandbox, url, control }
    }

    pub fn builder(&self) -> ClientBuilder {
        Client::builder("demo_api_key", "demo_api_secret", "demo_sign_key")
            .environment(Environment::Custom(self.url.clone()))
            .timeout(Duration::from_secs(10))
            .retry_policy(wcheckout::client::RetryPolicy {
                max_retries: 3,
                base_delay: Duration::from_millis(10),
                max_delay: Duration::from_millis(100),
            })
            .response_signature(ResponseSignaturePolicy::Required)
    }

    pub fn client(&self) -> Client {
        self.builder().build().unwrap()
    }

    pub fn control(&self, method: &str, path: &str, body: Value) -> Value {
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.url))
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .unwrap();
        let mut response = self.control.run(request).unwrap();
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        assert_eq!(status, 200, "control {method} {path}: {text}");
        let envelope: Value = serde_json::from_str(&text).unwrap();
        envelope["retdata"].clone()
    }

    pub fn pay(&self, order_no: &str, amount: &str) -> Value {
        self.control(
            "POST",
            &format!("/_sandbox/orders/{order_no}/pay"),
            json!({"amount": amount, "txHash": format!("0x{order_no}")}),
        )
    }

    pub fn fault(&self, method: &str, path: &str, kind: &str, count: u32, delay_ms: u64) {
        self.control(
            "POST",
            "/_sandbox/faults",
            json!({"method": method, "path": path, "kind": kind, "count": count, "delayMs": delay_ms}),
        );
    }

    pub fn state(&self) -> Value {
        self.control("GET", "/_sandbox/state", Value::Null)
    }
}
pub mod fake;
pub mod redis;
