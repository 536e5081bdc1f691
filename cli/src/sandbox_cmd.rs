//! `wcheckout sandbox` (placeholder until the sandbox lands).

use std::process::ExitCode;

/// Arguments of `wcheckout sandbox`.
#[derive(clap::Args, Debug)]
pub struct SandboxArgs {}

pub fn run(_args: SandboxArgs) -> ExitCode {
    crate::usage("the sandbox is not built yet")
}
