//! `wcheckout call <operation> --json '{…}'`: one API call, result printed as JSON.

use std::process::ExitCode;
use std::time::Duration;

use wcheckout::client::{Environment, ResponseSignaturePolicy};
use wcheckout::{Client, Operation};

/// Arguments of `wcheckout call`.
#[derive(clap::Args, Debug)]
pub struct CallArgs {
    /// Operation name, e.g. create_checkout_order, get_checkout_order_info (see --list).
    operation: Option<String>,
    /// Parameters as a JSON object: the request fields (camelCase), or {"orderNo": "…"} for GETs.
    #[arg(long, default_value = "{}")]
    json: String,
    /// Base URL, e.g. http://127.0.0.1:8787 for a local sandbox.
    #[arg(long, conflicts_with = "env")]
    base_url: Option<String>,
    /// production or sandbox (default sandbox).
    #[arg(long)]
    env: Option<String>,
    /// off, if_present (default) or required.
    #[arg(long, default_value = "if_present")]
    response_signature: String,
    /// Overall timeout per attempt, in seconds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Retries after the first attempt.
    #[arg(long, default_value_t = 2)]
    max_retries: u32,
    /// API key.
    #[arg(long, env = "WCHECKOUT_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// API secret.
    #[arg(long, env = "WCHECKOUT_API_SECRET", hide_env_values = true)]
    api_secret: Option<String>,
    /// Sign key.
    #[arg(long, env = "WCHECKOUT_SIGN_KEY", hide_env_values = true)]
    sign_key: Option<String>,
    /// List the operation names and exit.
    #[arg(long)]
    list: bool,
    /// Print every operation (name, method, path, documentation) as JSON and exit: the source
    /// `scripts/gen_api_docs.py` writes the bindings' method docs from.
    #[arg(long, hide = true)]
    docs_json: bool,
}

fn operation_docs() -> String {
    let all: Vec<serde_json::Value> = Operation::ALL
        .iter()
        .filter(|op| **op != Operation::GetAccessToken)
        .map(|op| {
            serde_json::json!({"name": op.name(), "method": op.method().as_str(), "path": op.path(), "doc": op.doc()})
        })
        .collect();
    serde_json::Value::Array(all).to_string()
}

fn operation_list() -> String {
    Operation::ALL
        .iter()
        .filter(|op| **op != Operation::GetAccessToken)
        .map(|op| format!("  {:<32} {} {}", op.name(), op.method().as_str(), op.path()))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn run(a: CallArgs) -> ExitCode {
    if a.list {
        println!("{}", operation_list());
        return ExitCode::SUCCESS;
    }
    if a.docs_json {
        println!("{}", operation_docs());
        return ExitCode::SUCCESS;
    }
    let Some(name) = a.operation.as_deref() else {
        return crate::usage(&format!("name an operation:\n{}", operation_list()));
    };
    let Some(op) = Operation::from_name(name) else {
        return crate::usage(&format!("unknown operation {name:?}; operations:\n{}", operation_list()));
    };
    let params: serde_json::Value = match serde_json::from_str(&a.json) {
        Ok(v) => v,
        Err(e) => return crate::usage(&format!("--json is not valid JSON: {e}")),
    };
    let (Some(key), Some(secret), Some(sign)) = (a.api_key, a.api_secret, a.sign_key) else {
        return crate::usage(
            "set WCHECKOUT_API_KEY, WCHECKOUT_API_SECRET and WCHECKOUT_SIGN_KEY (or pass --api-key etc.)",
        );
    };
    let env = match (&a.base_url, &a.env) {
        (Some(url), _) => Environment::Custom(url.clone()),
        (None, Some(e)) => match Environment::parse(e) {
            Ok(env) => env,
            Err(e) => return crate::usage(&e.to_string()),
        },
        (None, None) => Environment::Sandbox,
    };
    let policy = match ResponseSignaturePolicy::parse(&a.response_signature) {
        Ok(p) => p,
        Err(e) => return crate::usage(&e.to_string()),
    };
    let client = Client::builder(key, secret, sign)
        .environment(env)
        .response_signature(policy)
        .timeout(Duration::from_secs(a.timeout.max(1)))
        .max_retries(a.max_retries)
        .user_agent_suffix("cli")
        .build();
    let client = match client {
        Ok(c) => c,
        Err(e) => return crate::fail(&e),
    };
    match client.call(op, &params) {
        Ok(v) => {
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_else(|_| v.to_string()));
            ExitCode::SUCCESS
        }
        Err(e) => crate::fail(&e),
    }
}
