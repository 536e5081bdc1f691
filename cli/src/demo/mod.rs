//! `wcheckout demo`: the main job. Starts the sandbox in-process and a local webhook receiver,
//! then walks a whole payment lifecycle through the real client, printing each step.

mod receiver;
mod steps;

use std::process::ExitCode;
use std::time::Duration;

use wcheckout::client::RequestLog;
use wcheckout::webhook::Verifier;
use wcheckout::{Client, Environment};
use wcheckout_sandbox::{Sandbox, SandboxConfig};

use receiver::WebhookReceiver;

/// Arguments of `wcheckout demo`.
#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Also print every response body.
    #[arg(long)]
    verbose: bool,
}

/// Everything a step needs.
pub struct Demo {
    pub client: Client,
    pub sandbox_url: String,
    pub receiver: WebhookReceiver,
    control: ureq::Agent,
}

impl Demo {
    /// Calls the sandbox's unsigned control API (a stand-in for the blockchain and back office).
    pub fn control(&self, method: &str, path: &str, body: serde_json::Value) -> Result<serde_json::Value, String> {
        let url = format!("{}{path}", self.sandbox_url);
        println!("  ⚙ sandbox control: {method} {path} {body}");
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(url.as_str())
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .map_err(|e| e.to_string())?;
        let mut response = self.control.run(request).map_err(|e| format!("control call failed: {e}"))?;
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().map_err(|e| e.to_string())?;
        if status != 200 {
            return Err(format!("control call {path} answered HTTP {status}: {text}"));
        }
        serde_json::from_str(&text).map_err(|e| format!("control call {path} returned invalid JSON: {e}"))
    }
}

fn print_attempt(log: &RequestLog, verbose: bool) {
    let query = if log.query.is_empty() { String::new() } else { format!("?{}", log.query) };
    let retry = if log.attempt > 1 { format!(" (attempt {})", log.attempt) } else { String::new() };
    println!("  → {} {}{}{}", log.method, log.path, query, retry);
    if !log.body.is_empty() {
        println!("    body:           {}", log.body);
    }
    if let Some(s) = &log.string_to_sign {
        println!("    string-to-sign: {s}");
    }
    match (log.status, log.error_code) {
        (Some(status), None) => println!("  ← HTTP {status} ok ({} ms)", log.elapsed.as_millis()),
        (Some(status), Some(code)) => println!("  ← HTTP {status} {code} ({} ms)", log.elapsed.as_millis()),
        (None, code) => println!("  ← no response: {}", code.unwrap_or("?")),
    }
    if verbose && let Some(b) = &log.response_body {
        println!("    response:       {b}");
    }
}

pub fn run(args: DemoArgs) -> ExitCode {
    match start_and_walk(args.verbose) {
        Ok(()) => {
            println!("\n✔ demo complete: every step succeeded and every webhook verified");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("\n✘ demo failed: {e}");
            ExitCode::from(1)
        }
    }
}

fn start_and_walk(verbose: bool) -> Result<(), String> {
    let config = SandboxConfig::default();
    let receiver = WebhookReceiver::start(Verifier::new(&config.sign_key).map_err(|e| e.to_string())?)?;
    let sandbox = Sandbox::start(SandboxConfig {
        webhook_url: Some(receiver.url().to_owned()),
        time_scale: 0.001,
        ..config.clone()
    })
    .map_err(|e| format!("cannot start the sandbox: {e}"))?;
    println!("W Checkout demo");
    println!("  sandbox:          {} (api key {}, sign key {})", sandbox.url(), config.api_key, config.sign_key);
    println!("  webhook receiver: {}", receiver.url());
    let client = Client::builder(&config.api_key, &config.api_secret, &config.sign_key)
        .environment(Environment::Custom(sandbox.url()))
        .timeout(Duration::from_secs(10))
        .user_agent_suffix("demo")
        .observer(move |log| print_attempt(log, verbose))
        .build()
        .map_err(|e| e.to_string())?;
    let control: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let demo = Demo { client, sandbox_url: sandbox.url(), receiver, control };
    let result = steps::walk(&demo);
    drop(demo);
    sandbox.stop();
    result
}
