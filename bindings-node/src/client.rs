//! The client: every network call runs on the SDK's own worker threads (`pool.rs`), never on
//! libuv's pool, and settles its Promise on the event loop. Results cross as JSON text with
//! amounts as decimal strings.

use std::time::Duration;

use napi::Env;
use napi::bindgen_prelude::Object;
use napi_derive::napi;
use wcheckout::client::{CallOptions, CancelFlag, ResponseSignaturePolicy};
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
    /// A PEM file of CAs trusted in addition to the system's.
    pub ca_bundle: Option<String>,
    /// PEM text of more CAs (the JS layer passes `NODE_EXTRA_CA_CERTS` here).
    pub ca_pem: Option<String>,
    /// `http://…`, `https://…`, `socks5://…` or `direct`.
    pub proxy: Option<String>,
    /// Hosts reached without the proxy (`NO_PROXY` syntax).
    pub no_proxy: Option<String>,
    /// Collect a log of every attempt for `onRequest`.
    pub log_requests: Option<bool>,
    /// Include queries and bodies in those logs.
    pub log_bodies: Option<bool>,
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
    if let Some(path) = o.ca_bundle {
        b = b.ca_bundle(path);
    }
    if let Some(pem) = o.ca_pem {
        b = b.ca_pem(pem);
    }
    if let Some(proxy) = o.proxy {
        b = b.proxy(proxy);
    }
    if let Some(hosts) = o.no_proxy {
        b = b.no_proxy(hosts);
    }
    if o.log_requests == Some(true) {
        b = b.observer(crate::logs::observer(o.log_bodies == Some(true)));
    }
    b.build()
}

/// Per-call overrides (`{ timeoutMs, maxRetries }` of a call's options).
#[napi(object)]
#[derive(Debug, Default)]
pub struct NativeCallOptions {
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
}

/// Stops a call's further attempts when its `AbortSignal` fires.
#[derive(Debug, Default)]
#[napi]
pub struct NativeCancel {
    flag: CancelFlag,
}

#[napi]
impl NativeCancel {
    #[napi(constructor)]
    pub fn new() -> Self {
        Self::default()
    }

    /// No further attempt of the call starts (one already sent is not recalled).
    #[napi]
    pub fn cancel(&self) {
        self.flag.cancel();
    }
}

/// `client` with the call's overrides, or `client` itself.
fn for_call(
    client: &Client,
    options: Option<NativeCallOptions>,
    cancel: Option<&NativeCancel>,
) -> Result<Client, CoreError> {
    let o = options.unwrap_or_default();
    if o.timeout_ms.is_none() && o.max_retries.is_none() && cancel.is_none() {
        return Ok(client.clone());
    }
    let timeout = o.timeout_ms.map(|ms| whole(ms, "timeoutMs", MAX_TIMEOUT_MS)).transpose()?;
    let max_retries = o.max_retries.map(|n| whole(n, "maxRetries", 10.0)).transpose()?;
    client.with_call_options(CallOptions {
        timeout: timeout.map(Duration::from_millis),
        max_retries: max_retries.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
        cancel: cancel.map(|c| c.flag.clone()),
    })
}

/// What a call's Promise resolves with: the result as JSON text (`null` after a list's last
/// page) and, for clients with `onRequest`, the attempts' logs as JSON text.
#[napi(object)]
#[derive(Debug)]
pub struct NativeOutcome {
    pub value: Option<String>,
    pub logs: Option<String>,
}

/// Runs `work` on the SDK's worker threads; the Promise resolves with its text (no logs: any
/// attempt logged on the way is dropped, so none reaches another call).
pub fn start_text<'env>(
    env: &'env Env,
    work: impl FnOnce() -> Result<String, CoreError> + Send + 'static,
) -> napi::Result<Object<'env>> {
    let (deferred, promise) = env.create_deferred()?;
    crate::pool::spawn(move || {
        let result = crate::error::no_panic(work);
        let _ = crate::logs::take();
        deferred.resolve(move |env: Env| result.map_err(|e| crate::error::to_js(&env, &e)));
    });
    Ok(promise)
}

/// Runs `work` on the SDK's worker threads; returns a Promise settled on the event loop. A
/// rejection is a WCheckoutError-shaped object, with the logs (if any) as `logsJson`.
pub fn start<'env>(
    env: &'env Env,
    work: impl FnOnce() -> Result<Option<String>, CoreError> + Send + 'static,
) -> napi::Result<Object<'env>> {
    let (deferred, promise) = env.create_deferred()?;
    crate::pool::spawn(move || {
        let result = crate::error::no_panic(work);
        let logs = crate::logs::take();
        deferred.resolve(move |env: Env| match result {
            Ok(value) => Ok(NativeOutcome { value, logs }),
            Err(e) => Err(crate::error::to_js_with_logs(&env, &e, logs)),
        });
    });
    Ok(promise)
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
    #[napi(ts_return_type = "Promise<NativeOutcome>")]
    pub fn call<'env>(
        &self,
        env: &'env Env,
        op: String,
        arg: String,
        forwarded_for: Option<String>,
        options: Option<NativeCallOptions>,
        cancel: Option<&NativeCancel>,
    ) -> napi::Result<Object<'env>> {
        crate::error::guarded(env, || {
            let op = operation(&op).or_throw(env)?;
            let client = for_call(&self.inner, options, cancel).or_throw(env)?;
            start(env, move || run(&client, op, &arg, forwarded_for.as_deref()).map(Some))
        })
    }

    /// Signs and sends any call; `query` is flat name/value pairs; resolves with `retdata` as JSON text.
    /// `bodyFromObject`: the body was serialised from a JS object, so its numbers are checked.
    #[napi(ts_return_type = "Promise<NativeOutcome>")]
    #[allow(clippy::too_many_arguments)]
    pub fn request<'env>(
        &self,
        env: &'env Env,
        method: String,
        path: String,
        query: Vec<String>,
        body: Option<String>,
        body_from_object: Option<bool>,
        options: Option<NativeCallOptions>,
        cancel: Option<&NativeCancel>,
    ) -> napi::Result<Object<'env>> {
        crate::error::guarded(env, || {
            if !query.len().is_multiple_of(2) {
                return Err(crate::error::to_js(env, &invalid("query must come as name/value pairs")));
            }
            if let (Some(text), Some(true)) = (&body, body_from_object) {
                // Written by JSON.stringify: refuse numbers a double has already rounded.
                crate::json::parse_input("body", text).or_throw(env)?;
            }
            let query: Vec<(String, String)> = query.chunks_exact(2).map(|p| (p[0].clone(), p[1].clone())).collect();
            let client = for_call(&self.inner, options, cancel).or_throw(env)?;
            start(env, move || client.request(&method, &path, &query, body.as_deref()).and_then(untyped_out).map(Some))
        })
    }

    /// A cursor over every item of a list operation, one page per `nextPage()`.
    #[napi]
    pub fn pages(
        &self,
        env: Env,
        op: String,
        request: String,
        options: Option<NativeCallOptions>,
        cancel: Option<&NativeCancel>,
    ) -> napi::Result<PageCursor> {
        crate::error::guarded(&env, || {
            let op = operation(&op).or_throw(&env)?;
            let client = for_call(&self.inner, options, cancel).or_throw(&env)?;
            PageCursor::new(&client, op, &request).or_throw(&env)
        })
    }
}
