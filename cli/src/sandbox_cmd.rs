//! `wcheckout sandbox`: run the local W Checkout server until SIGINT/SIGTERM.
//!
//! The first stdout line is exactly `listening on http://127.0.0.1:PORT` (flushed), so a test
//! suite in any language can start `wcheckout sandbox --port 0` and read the URL from it.

use std::io::Write as _;
use std::process::ExitCode;
use std::sync::mpsc;

use wcheckout::{Amount, QueryPrefix};
use wcheckout_sandbox::{
    DEFAULT_TOKEN_TTL_SECS, DEMO_API_KEY, DEMO_API_SECRET, DEMO_SIGN_KEY, ResponseSignature, Sandbox, SandboxConfig,
    TokenPolicy,
};

/// Response signature form.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum SignatureMode {
    /// sign(METHOD + TIMESTAMP + PATH + QUERY + BODY).
    Full,
    /// sign(TIMESTAMP + BODY).
    Short,
    /// No SIGNATURE/TIMESTAMP response headers.
    None,
}

/// Which access tokens stay valid when a new one is issued.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum TokenPolicyMode {
    /// A new token supersedes the old one (00002 for it): one live token per merchant.
    Supersede,
    /// Every issued token stays valid until it expires.
    Multiple,
}

/// Whether `?` sits between PATH and QUERY in signatures (spec ambiguity A3).
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum PrefixMode {
    /// PATH + QUERY.
    None,
    /// PATH + "?" + QUERY.
    QuestionMark,
}

/// Arguments of `wcheckout sandbox`.
#[derive(clap::Args, Debug)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1; 0 picks a free one (read it from the first stdout line).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// apiKey accepted by the token endpoint.
    #[arg(long, env = "WCHECKOUT_API_KEY", default_value = DEMO_API_KEY)]
    api_key: String,
    /// apiSecret accepted by the token endpoint.
    #[arg(long, env = "WCHECKOUT_API_SECRET", default_value = DEMO_API_SECRET, hide_env_values = true)]
    api_secret: String,
    /// signKey for request, response and webhook signatures.
    #[arg(long, env = "WCHECKOUT_SIGN_KEY", default_value = DEMO_SIGN_KEY, hide_env_values = true)]
    sign_key: String,
    /// Access-token lifetime in seconds (the token's expires_in).
    #[arg(long, default_value_t = DEFAULT_TOKEN_TTL_SECS)]
    token_ttl: u64,
    /// Whether a new access token supersedes the old one (the live rule is unconfirmed).
    #[arg(long, value_enum, default_value = "supersede")]
    token_policy: TokenPolicyMode,
    /// How responses are signed.
    #[arg(long, value_enum, default_value = "full")]
    response_signature: SignatureMode,
    /// Deliver webhooks to this URL (can also be set later: PUT /_sandbox/webhook-url).
    #[arg(long)]
    webhook_url: Option<String>,
    /// Multiply webhook retry delays and timeouts: 0.001 makes the 15 s first retry 15 ms.
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
    /// USD → token exchange rate used for payingAmount.
    #[arg(long, default_value = "1")]
    exchange_rate: String,
    /// Signature query prefix (spec ambiguity A3).
    #[arg(long, value_enum, default_value = "none")]
    query_prefix: PrefixMode,
}

pub fn run(args: SandboxArgs) -> ExitCode {
    let exchange_rate = match Amount::parse(&args.exchange_rate) {
        Ok(a) => a,
        Err(e) => return crate::usage(&format!("--exchange-rate: {e}")),
    };
    let config = SandboxConfig {
        api_key: args.api_key,
        api_secret: args.api_secret,
        sign_key: args.sign_key,
        port: args.port,
        token_ttl_secs: args.token_ttl,
        token_policy: match args.token_policy {
            TokenPolicyMode::Supersede => TokenPolicy::Supersede,
            TokenPolicyMode::Multiple => TokenPolicy::Multiple,
        },
        response_signature: match args.response_signature {
            SignatureMode::Full => ResponseSignature::Full,
            SignatureMode::Short => ResponseSignature::Short,
            SignatureMode::None => ResponseSignature::None,
        },
        webhook_url: args.webhook_url,
        time_scale: args.time_scale,
        exchange_rate,
        query_prefix: match args.query_prefix {
            PrefixMode::None => QueryPrefix::None,
            PrefixMode::QuestionMark => QueryPrefix::QuestionMark,
        },
        ..SandboxConfig::default()
    };
    if let Err(e) = config.validate() {
        return crate::usage(&e);
    }
    // Install the signal handler before printing the URL, so a test that reads the line and
    // immediately sends SIGTERM is always handled.
    let (tx, rx) = mpsc::channel::<()>();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = tx.send(());
    }) {
        eprintln!("error: cannot install the signal handler: {e}");
        return ExitCode::from(1);
    }
    let sandbox = match Sandbox::start(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout().lock();
    if writeln!(out, "listening on {}", sandbox.url()).and_then(|()| out.flush()).is_err() {
        // Nobody reads stdout; keep serving anyway.
    }
    drop(out);
    let c = sandbox.config();
    eprintln!(
        "wcheckout sandbox: api_key {} · response signatures {:?} · webhooks {} · time scale {} · Ctrl-C to stop",
        c.api_key,
        c.response_signature,
        c.webhook_url.as_deref().unwrap_or("(none; PUT /_sandbox/webhook-url)"),
        c.time_scale
    );
    let _ = rx.recv();
    eprintln!("wcheckout sandbox: stopping");
    sandbox.stop();
    ExitCode::SUCCESS
}
