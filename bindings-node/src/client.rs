//! The client: every network call is an `AsyncTask` on the libuv thread pool, so the event loop
//! never waits on I/O. Results cross as JSON text with amounts as decimal strings.

use std::time::Duration;

use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;
use wcheckout::client::ResponseSignaturePolicy;
use wcheckout::{Client, Environment, Error as CoreError, Operation};

use crate::error::{OrThrow, invalid};
use crate::json::{parse_request, typed_out, untyped_out};
use crate::pager::PageCursor;
use crate::util::whole;

/// Options of `new Client(...)`, checked by core. `Debug` shows no secret.
#[napi(object)]
pub struct NativeClientOptions {
    pub api_key: String,
    pub api_secret: String,
    pub sign_key: String,
    pub environment: Option<String>,
    pub base_url: Option<String>,
    pub timeout_ms: Option<f64>,
    pub connect_timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    pub response_signature: Option<String>,
    pub response_tolerance_ms: Option<f64>,
    pub token_store: Option<String>,
    pub token_store_fallback: Option<bool>,
    pub user_agent_suffix: Option<String>,
}

impl std::fmt::Debug for NativeClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeClientOptions").field("environment", &self.environment).finish_non_exhaustive()
    }
}

const MAX_TIMEOUT_MS: f64 = 24.0 * 3600.0 * 1000.0;

fn build(o: NativeClientOptions) -> Result<Client, CoreError> {
    let mut b = Client::builder(o.api_key, o.api_secret, o.sign_key);
    b = match (o.environment, o.base_url) {
        (Some(_), Some(_)) => return Err(invalid("give either environment or baseUrl, not both")),
        (Some(env), None) => b.environment(Environment::parse(&env)?),
        (None, Some(url)) => b.environment(Environment::Custom(url)),
        (None, None) => b,
    };
    if let Some(ms) = o.timeout_ms {
        b = b.timeout(Duration::from_millis(whole(ms, "timeoutMs", MAX_TIMEOUT_MS)?));
    }
    if let Some(ms) = o.connect_timeout_ms {
        b = b.connect_timeout(Duration::from_millis(whole(ms, "connectTimeoutMs", MAX_TIMEOUT_MS)?));
    }
    if let Some(n) = o.max_retries {
        b = b.max_retries(u32::try_from(whole(n, "maxRetries", 10.0)?).unwrap_or(u32::MAX));
    }
    if let Some(policy) = o.response_signature {
        b = b.response_signature(ResponseSignaturePolicy::parse(&policy)?);
    }
    if let Some(ms) = o.response_tolerance_ms {
        b = b.response_tolerance(Duration::from_millis(whole(ms, "responseToleranceMs", MAX_TIMEOUT_MS)?));
    }
    if let Some(url) = o.token_store {
        b = b.token_store(url);
    }
    b = b.token_store_fallback(o.token_store_fallback.unwrap_or(false));
    if let Some(suffix) = o.user_agent_suffix {
        b = b.user_agent_suffix(suffix);
    }
    b.build()
}

/// Runs one typed operation: `arg` is the merchant number for GET operations, JSON otherwise.
fn run(client: &Client, op: Operation, arg: &str, forwarded_for: Option<&str>) -> Result<String, CoreError> {
    use Operation as O;
    let what = op.name();
    match op {
        O::CreateCheckoutOrder => typed_out(&client.create_checkout_order(&parse_request(what, arg)?, forwarded_for)?),
        O::CancelCheckoutOrder => typed_out(&client.cancel_checkout_order(arg)?),
        O::GetCheckoutOrderInfo => typed_out(&client.get_checkout_order_info(arg)?),
        O::GetCheckoutOrderList => typed_out(&client.list_checkout_orders(&parse_request(what, arg)?)?),
        O::CreateRefundOrder => typed_out(&client.create_refund_order(&parse_request(what, arg)?)?),
        O::CancelRefundOrder => typed_out(&client.cancel_refund_order(arg)?),
        O::GetRefundOrderInfo => typed_out(&client.get_refund_order_info(arg)?),
        O::GetRefundOrderList => typed_out(&client.list_refund_orders(&parse_request(what, arg)?)?),
        O::CreateSettlementOrder => typed_out(&client.create_settlement_order(&parse_request(what, arg)?)?),
        O::CreateFiatSettlementOrder => typed_out(&client.create_fiat_settlement_order(&parse_request(what, arg)?)?),
        O::CancelSettlementOrder => typed_out(&client.cancel_settlement_order(arg)?),
        O::GetSettlementOrder => typed_out(&client.get_settlement_order(arg)?),
        O::GetSettlementOrderList => typed_out(&client.list_settlement_orders(&parse_request(what, arg)?)?),
        O::GetAbnormalPaymentList => typed_out(&client.list_abnormal_payments(&parse_request(what, arg)?)?),
        O::CreateAbnormalPaymentRefund => {
            typed_out(&client.create_abnormal_payment_refund(&parse_request(what, arg)?)?)
        }
        O::GetAccessToken => Err(invalid("the access token is fetched and cached by the client")),
    }
}

fn operation(name: &str) -> Result<Operation, CoreError> {
    Operation::from_name(name)
        .ok_or_else(|| invalid(format!("unknown operation {:?}", name.chars().take(64).collect::<String>())))
}

/// Work done off the event loop; the outcome is turned into a value or a rejection on it.
#[derive(Debug)]
pub enum Job {
    Op { client: Client, op: Operation, arg: String, forwarded_for: Option<String> },
    Raw { client: Client, method: String, path: String, query: Vec<(String, String)>, body: Option<String> },
}

#[derive(Debug)]
pub struct CallTask(Option<Job>);

impl Task for CallTask {
    type Output = Result<String, CoreError>;
    type JsValue = String;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let job = self.0.take();
        Ok(crate::error::no_panic(move || match job {
            Some(Job::Op { client, op, arg, forwarded_for }) => run(&client, op, &arg, forwarded_for.as_deref()),
            Some(Job::Raw { client, method, path, query, body }) => {
                client.request(&method, &path, &query, body.as_deref()).and_then(untyped_out)
            }
            None => Err(invalid("task already ran")),
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<String> {
        output.or_throw(&env)
    }
}

/// The native client; `lib/index.js` wraps it as `Client`.
#[derive(Debug)]
#[napi(js_name = "NativeClient")]
pub struct NativeClient {
    inner: Client,
}

impl NativeClient {
    /// The core client (shared with a `NativeReconciler`).
    pub(crate) fn core(&self) -> &Client {
        &self.inner
    }
}

#[napi]
impl NativeClient {
    #[napi(constructor)]
    pub fn new(env: Env, options: NativeClientOptions) -> napi::Result<Self> {
        crate::error::guarded(&env, || build(options).map(|inner| NativeClient { inner }).or_throw(&env))
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    #[napi(getter)]
    pub fn user_agent(&self) -> String {
        self.inner.user_agent().to_owned()
    }

    #[napi(getter)]
    pub fn token_store(&self) -> String {
        self.inner.token_store()
    }

    #[napi]
    pub fn clear_token(&self) {
        self.inner.clear_token();
    }

    /// Runs an operation by its snake_case name; resolves with the result as JSON text.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn call(
        &self,
        env: Env,
        op: String,
        arg: String,
        forwarded_for: Option<String>,
    ) -> napi::Result<AsyncTask<CallTask>> {
        crate::error::guarded(&env, || {
            let op = operation(&op).or_throw(&env)?;
            let job = Job::Op { client: self.inner.clone(), op, arg, forwarded_for };
            Ok(AsyncTask::new(CallTask(Some(job))))
        })
    }

    /// Signs and sends any call; `query` is flat name/value pairs; resolves with `retdata` as JSON text.
    /// `bodyFromObject`: the body was serialised from a JS object, so its numbers are checked.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn request(
        &self,
        env: Env,
        method: String,
        path: String,
        query: Vec<String>,
        body: Option<String>,
        body_from_object: Option<bool>,
    ) -> napi::Result<AsyncTask<CallTask>> {
        crate::error::guarded(&env, || {
            if !query.len().is_multiple_of(2) {
                return Err(crate::error::to_js(&env, &invalid("query must come as name/value pairs")));
            }
            if let (Some(text), Some(true)) = (&body, body_from_object) {
                // Written by JSON.stringify: refuse numbers a double has already rounded.
                crate::json::parse_input("body", text).or_throw(&env)?;
            }
            let query = query.chunks_exact(2).map(|p| (p[0].clone(), p[1].clone())).collect();
            let job = Job::Raw { client: self.inner.clone(), method, path, query, body };
            Ok(AsyncTask::new(CallTask(Some(job))))
        })
    }

    /// A cursor over every item of a list operation, one page per `nextPage()`.
    #[napi]
    pub fn pages(&self, env: Env, op: String, request: String) -> napi::Result<PageCursor> {
        crate::error::guarded(&env, || {
            let op = operation(&op).or_throw(&env)?;
            PageCursor::new(&self.inner, op, &request).or_throw(&env)
        })
    }
}
