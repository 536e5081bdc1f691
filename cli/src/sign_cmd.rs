//! `wcheckout sign` and `wcheckout verify-webhook`.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use wcheckout::signing::{QueryPrefix, SignInput, Signer, string_to_sign};
use wcheckout::webhook::Verifier;

/// Arguments of `wcheckout sign`.
#[derive(clap::Args, Debug)]
pub struct SignArgs {
    /// The signKey (UTF-8, used as given).
    #[arg(long, env = "WCHECKOUT_SIGN_KEY", hide_env_values = true)]
    sign_key: String,
    /// HTTP method (upper-cased when signed).
    #[arg(long)]
    method: String,
    /// Millisecond epoch timestamp.
    #[arg(long)]
    timestamp: String,
    /// Request path, starting with '/'.
    #[arg(long)]
    path: String,
    /// Query text without the leading '?', not percent-encoded.
    #[arg(long, default_value = "")]
    query: String,
    /// Request body text; made canonical (whitespace outside strings removed) before signing.
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// Read the body from a file (made canonical like --body).
    #[arg(long)]
    body_file: Option<std::path::PathBuf>,
    /// Put '?' between path and query (spec ambiguity A3).
    #[arg(long)]
    question_mark: bool,
    /// Also print the exact string-to-sign and its byte length.
    #[arg(long)]
    explain: bool,
}

/// Arguments of `wcheckout verify-webhook`.
#[derive(clap::Args, Debug)]
pub struct VerifyWebhookArgs {
    /// The signKey.
    #[arg(long, env = "WCHECKOUT_SIGN_KEY", hide_env_values = true)]
    sign_key: String,
    /// The TIMESTAMP header value (milliseconds).
    #[arg(long)]
    timestamp: String,
    /// The SIGNATURE header value.
    #[arg(long)]
    signature: String,
    /// The raw body, exactly as received.
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// Read the raw body from a file, byte for byte.
    #[arg(long)]
    body_file: Option<std::path::PathBuf>,
    /// Verify as if now were this millisecond timestamp.
    #[arg(long)]
    now: Option<u64>,
    /// Allowed clock difference in seconds (default 120).
    #[arg(long, default_value_t = 120)]
    tolerance: u64,
}

fn read_body(body: Option<String>, file: Option<std::path::PathBuf>) -> Result<Vec<u8>, ExitCode> {
    match (body, file) {
        (Some(b), _) => Ok(b.into_bytes()),
        (None, Some(f)) => std::fs::read(&f).map_err(|e| crate::usage(&format!("cannot read {}: {e}", f.display()))),
        (None, None) => Ok(Vec::new()),
    }
}

pub fn sign(a: SignArgs) -> ExitCode {
    let raw = match read_body(a.body, a.body_file) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let Ok(text) = String::from_utf8(raw) else {
        return crate::usage("body must be UTF-8 JSON text");
    };
    let body = match wcheckout::canonicalize(&text) {
        Ok(b) => b,
        Err(e) => return crate::fail(&e),
    };
    let prefix = if a.question_mark { QueryPrefix::QuestionMark } else { QueryPrefix::None };
    let signer = match Signer::new(&a.sign_key) {
        Ok(s) => s.with_query_prefix(prefix),
        Err(e) => return crate::fail(&e),
    };
    let input =
        SignInput { method: &a.method, timestamp: &a.timestamp, path: &a.path, query: &a.query, body: body.as_bytes() };
    let signature = match signer.sign(&input) {
        Ok(s) => s,
        Err(e) => return crate::fail(&e),
    };
    let mut out = std::io::stdout().lock();
    if a.explain
        && let Ok(msg) = string_to_sign(&input, prefix)
    {
        let _ = writeln!(out, "string-to-sign: {}", String::from_utf8_lossy(&msg));
        let _ = writeln!(out, "bytes: {}", msg.len());
        let _ = writeln!(out, "algorithm: HMAC-SHA512, standard Base64");
        let _ = write!(out, "signature: ");
    }
    let _ = writeln!(out, "{signature}");
    ExitCode::SUCCESS
}

pub fn verify_webhook(a: VerifyWebhookArgs) -> ExitCode {
    let body = match read_body(a.body, a.body_file) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let verifier = match Verifier::new(&a.sign_key) {
        Ok(v) => v.with_tolerance(Duration::from_secs(a.tolerance)),
        Err(e) => return crate::fail(&e),
    };
    let headers = [("SIGNATURE", a.signature.as_str()), ("TIMESTAMP", a.timestamp.as_str())];
    let now = a.now.unwrap_or_else(wcheckout::signing::now_millis);
    match verifier.verify_at(&headers, &body, now) {
        Ok(event) => {
            println!("{}", event.event_type);
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{}: {e}", e.code());
            ExitCode::from(1)
        }
    }
}
