//! `wcheckout`: sign requests, verify webhooks, run the local sandbox, call the API, run the demo.
//!
//! Exit codes: 0 success, 1 the operation failed (bad signature, API error), 2 usage error.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod call_cmd;
mod demo;
mod sandbox_cmd;
mod sign_cmd;

#[derive(Parser, Debug)]
#[command(name = "wcheckout", version, about = "W Checkout (StableLink) SDK command line")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the Base64 HMAC-SHA512 signature of a request.
    Sign(sign_cmd::SignArgs),
    /// Verify a webhook delivery; prints the event type when valid.
    VerifyWebhook(sign_cmd::VerifyWebhookArgs),
    /// Run the local W Checkout sandbox server.
    Sandbox(sandbox_cmd::SandboxArgs),
    /// Call one API operation with JSON parameters and print the result.
    Call(call_cmd::CallArgs),
    /// Walk a whole payment lifecycle against an embedded sandbox.
    Demo(demo::DemoArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Sign(a) => sign_cmd::sign(a),
        Command::VerifyWebhook(a) => sign_cmd::verify_webhook(a),
        Command::Sandbox(a) => sandbox_cmd::run(a),
        Command::Call(a) => call_cmd::run(a),
        Command::Demo(a) => demo::run(a),
    }
}

/// Prints an error as `error[code]: message` on stderr and returns exit code 1.
pub(crate) fn fail(e: &wcheckout::Error) -> ExitCode {
    eprintln!("error[{}]: {e}", e.code());
    ExitCode::from(1)
}

/// Prints a usage error and returns exit code 2.
pub(crate) fn usage(msg: &str) -> ExitCode {
    eprintln!("usage error: {msg}");
    ExitCode::from(2)
}
