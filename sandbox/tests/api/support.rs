//! Test helpers: an in-process sandbox, a tiny signed-call client (ureq + the core `Signer`),
//! the control API, a local webhook receiver and a polling helper.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wcheckout::signing::{SignInput, Signer, now_millis};
use wcheckout_sandbox::{DEMO_SIGN_KEY, Sandbox, SandboxConfig};

pub const ORDER_CREATE: &str = "/checkout/order/create";
pub const ORDER_INFO: &str = "/checkout/order/info";
pub const TOKEN_PATH: &str = "/user/auth/oauth2/token";

/// A response: status, headers, raw body and parsed JSON (or null).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub json: Value,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn retcode(&self) -> &str {
        self.json["retcode"].as_str().unwrap_or("<no retcode>")
    }
    pub fn retmsg(&self) -> &str {
        self.json["retmsg"].as_str().unwrap_or("")
    }
    pub fn data(&self) -> &Value {
        &self.json["retdata"]
    }
    /// Asserts a business error: HTTP 200, this retcode, `retdata` null.
    #[track_caller]
    pub fn expect_err(&self, retcode: &str) -> &Self {
        assert_eq!(self.status, 200, "{self:?}");
        assert_eq!(self.retcode(), retcode, "{self:?}");
        assert!(self.data().is_null(), "{self:?}");
        assert!(!self.retmsg().is_empty(), "{self:?}");
        self
    }
}

/// A running sandbox plus a client for it.
pub struct Env {
    pub sandbox: Sandbox,
    pub url: String,
    pub agent: ureq::Agent,
    pub signer: Signer,
    pub token: Mutex<Option<String>>,
}

impl Env {
    pub fn new() -> Env {
        Env::with(SandboxConfig { time_scale: 0.001, ..SandboxConfig::default() })
    }

    pub fn with(config: SandboxConfig) -> Env {
        let signer = Signer::new(&config.sign_key).unwrap().with_query_prefix(config.query_prefix);
        let sandbox = Sandbox::start(config).unwrap();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into();
        Env { url: sandbox.url(), sandbox, agent, signer, token: Mutex::new(None) }
    }

    /// Any HTTP request; `target` is the path with its query.
    pub fn raw(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        try_raw(&self.agent, &self.url, method, target, headers, body).unwrap()
    }

    /// Fetches a new access token (superseding the previous one) and keeps it.
    pub fn fetch_token(&self) -> String {
        let r = self.raw(
            "POST",
            &format!("{TOKEN_PATH}?grant_type=client_credentials&api_key=demo_api_key&api_secret=demo_api_secret"),
            &[],
            b"",
        );
        assert_eq!(r.retcode(), "200", "{r:?}");
        let t = r.data()["access_token"].as_str().unwrap().to_owned();
        *self.token.lock().unwrap() = Some(t.clone());
        t
    }

    pub fn token(&self) -> String {
        let current = self.token.lock().unwrap().clone();
        current.unwrap_or_else(|| self.fetch_token())
    }

    /// The headers of a correctly signed business call at `ts`.
    pub fn signed_headers(&self, method: &str, path: &str, query: &str, body: &str, ts: u64) -> Vec<(String, String)> {
        let ts = ts.to_string();
        let input = SignInput { method, timestamp: &ts, path, query, body: body.as_bytes() };
        vec![
            ("Authorization".into(), format!("Bearer {}", self.token())),
            ("SIGNATURE".into(), self.signer.sign(&input).unwrap()),
            ("TIMESTAMP".into(), ts),
            ("Content-Type".into(), "application/json".into()),
        ]
    }

    /// A signed business call; `query` is sent as given and signed as given.
    pub fn call(&self, method: &str, path: &str, query: &str, body: &str) -> Resp {
        let headers = self.signed_headers(method, path, query, body, now_millis());
        let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let target = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
        self.raw(method, &target, &h, body.as_bytes())
    }

    /// A signed call that must succeed; returns `retdata`.
    #[track_caller]
    pub fn ok(&self, method: &str, path: &str, query: &str, body: &str) -> Value {
        let r = self.call(method, path, query, body);
        assert_eq!((r.status, r.retcode()), (200, "200"), "{method} {path}?{query} {body} → {r:?}");
        assert_eq!(r.retmsg(), "");
        r.data().clone()
    }

    pub fn post(&self, path: &str, body: Value) -> Resp {
        self.call("POST", path, "", &body.to_string())
    }

    pub fn get(&self, path: &str, key: &str, value: &str) -> Resp {
        self.call("GET", path, &format!("{key}={value}"), "")
    }

    /// The control API (unsigned).
    pub fn control(&self, method: &str, path: &str, body: Value) -> Resp {
        let b = if body.is_null() { String::new() } else { body.to_string() };
        self.raw(method, path, &[("Content-Type", "application/json")], b.as_bytes())
    }

    /// The control API, must succeed; returns `retdata`.
    #[track_caller]
    pub fn ctl(&self, method: &str, path: &str, body: Value) -> Value {
        let r = self.control(method, path, body);
        assert_eq!((r.status, r.retcode()), (200, "200"), "{method} {path} → {r:?}");
        r.data().clone()
    }

    /// Creates an order in ETH_USDT; returns the create `retdata`.
    pub fn create_order(&self, order_no: &str, amount: &str) -> Value {
        self.ok(
            "POST",
            ORDER_CREATE,
            "",
            &json!({"orderNo": order_no, "orderAmount": amount.parse::<Value>().unwrap(), "customerId": "c1", "merchantId": "m1", "token": "ETH_USDT"}).to_string(),
        )
    }

    pub fn pay(&self, order_no: &str, amount: &str) -> Value {
        self.ctl("POST", &format!("/_sandbox/orders/{order_no}/pay"), json!({"amount": amount}))
    }

    /// A paid order of `amount`.
    pub fn paid_order(&self, order_no: &str, amount: &str) {
        self.create_order(order_no, amount);
        self.pay(order_no, amount);
    }

    pub fn order_status(&self, order_no: &str) -> String {
        let r = self.get(ORDER_INFO, "orderNo", order_no);
        r.data()["orderStatus"].as_str().unwrap_or("?").to_owned()
    }

    pub fn state(&self) -> Value {
        self.ctl("GET", "/_sandbox/state", Value::Null)
    }

    pub fn deliveries(&self) -> Vec<Value> {
        self.ctl("GET", "/_sandbox/webhooks", Value::Null)["deliveries"].as_array().cloned().unwrap_or_default()
    }

    /// Whether the response carries a valid full-form signature for this request.
    pub fn full_signature_ok(&self, r: &Resp, method: &str, path: &str, query: &str) -> bool {
        let (Some(sig), Some(ts)) = (r.header("SIGNATURE"), r.header("TIMESTAMP")) else { return false };
        let input = SignInput { method, timestamp: ts, path, query, body: r.body.as_bytes() };
        self.signer.verify(&input, sig).is_ok()
    }
}

pub fn try_raw(
    agent: &ureq::Agent,
    base: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Resp, ureq::Error> {
    let mut b = ureq::http::Request::builder().method(method).uri(format!("{base}{target}"));
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let response =
        if body.is_empty() { agent.run(b.body(()).unwrap()) } else { agent.run(b.body(body.to_vec()).unwrap()) };
    let mut response = response?;
    let status = response.status().as_u16();
    let headers =
        response.headers().iter().map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned())).collect();
    let body = response.body_mut().read_to_string()?;
    let json = serde_json::from_str(&body).unwrap_or(Value::Null);
    Ok(Resp { status, headers, body, json })
}

/// Polls `f` every 20 ms until it returns `Some`, failing after `secs` seconds.
#[track_caller]
pub fn eventually<T>(what: &str, secs: u64, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out after {secs} s waiting for {what}");
        thread::sleep(Duration::from_millis(20));
    }
}

/// One webhook request received.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub answered: u16,
}

/// A local webhook receiver (tiny_http) that answers the scripted statuses in order, then 200
/// with the acknowledgement body. A status of 299 means "200 with a wrong acknowledgement".
pub struct Receiver {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Receiver {
    pub fn start(script: Vec<u16>) -> Receiver {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let url = format!("http://{}/hooks/wcheckout", server.server_addr().to_ip().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (server.clone(), received.clone());
        let thread = thread::spawn(move || {
            let mut script = script.into_iter();
            for mut req in s.incoming_requests() {
                let mut body = String::new();
                req.as_reader().read_to_string(&mut body).unwrap();
                let headers = req.headers().iter().map(|h| (h.field.to_string(), h.value.to_string())).collect();
                let status = script.next().unwrap_or(200);
                r.lock().unwrap().push(Received { headers, body, answered: status });
                let (code, text) = match status {
                    200 => (200, wcheckout::webhook::ACKNOWLEDGEMENT.to_owned()),
                    299 => (200, r#"{"retcode":"500","retmsg":"not processed"}"#.to_owned()),
                    other => (other, format!(r#"{{"retcode":"{other}"}}"#)),
                };
                let _ = req.respond(tiny_http::Response::from_string(text).with_status_code(code));
            }
        });
        Receiver { url, received, server, thread: Some(thread) }
    }

    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }

    pub fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Verifies a received webhook with the core verifier (demo sign key).
pub fn verify_webhook(r: &Received) -> wcheckout::webhook::Event {
    wcheckout::webhook::Verifier::new(DEMO_SIGN_KEY).unwrap().verify(&r.headers, r.body.as_bytes()).unwrap()
}
