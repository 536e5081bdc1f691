//! The client object: every operation of `wcheckout::Client`, blocking (Kotlin adds `suspend`
//! wrappers on `Dispatchers.IO`). The FFI crossing is the only thing added here.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use wcheckout::client::{Client, Environment, HeaderDialect, PageIter, ResponseSignaturePolicy};
use wcheckout::model::{
    AbnormalPayment, CheckoutOrder, CreateAbnormalPaymentRefundRequest, CreateCheckoutOrderRequest,
    CreateFiatSettlementOrderRequest, CreateRefundOrderRequest, CreateSettlementOrderRequest, CreatedCheckoutOrder,
    ListAbnormalPaymentsRequest, ListCheckoutOrdersRequest, ListRefundOrdersRequest, ListSettlementOrdersRequest,
    RefundOrder, SettlementOrder,
};
use wcheckout::uniffi_support::{AbnormalPaymentPage, CheckoutOrderPage, RefundOrderPage, SettlementOrderPage};
use wcheckout::{Operation, QueryPrefix};

use crate::error::{FfiResult, invalid_argument};

/// Client settings other than the credentials (secrets are never part of a record, so they
/// never show up in a Kotlin `toString()`). `null` means the core default. Kotlin wraps this in
/// the hand-written `ClientOptions` (with `kotlin.time.Duration` and a Java builder): timeouts
/// cross as milliseconds so that no `java.time` type reaches the generated code (Android
/// minSdk 24 has no `java.time`).
#[derive(Clone, Default, PartialEq, uniffi::Record)]
pub struct FfiClientOptions {
    /// Where requests go (default `Sandbox`).
    #[uniffi(default)]
    pub environment: Option<Environment>,
    /// TCP/TLS connect timeout in milliseconds, > 0 (default 10 s).
    #[uniffi(default)]
    pub connect_timeout_ms: Option<i64>,
    /// Overall timeout of one attempt in milliseconds, > 0 (default 30 s).
    #[uniffi(default)]
    pub timeout_ms: Option<i64>,
    /// Retries after the first attempt, 0 to 10 (default 2).
    #[uniffi(default)]
    pub max_retries: Option<i32>,
    /// Response-signature policy (default `IfPresent`).
    #[uniffi(default)]
    pub response_signature: Option<ResponseSignaturePolicy>,
    /// Signature header names (default `Standard`).
    #[uniffi(default)]
    pub header_dialect: Option<HeaderDialect>,
    /// `?` between path and query in the signed text (default `None`).
    #[uniffi(default)]
    pub query_prefix: Option<QueryPrefix>,
    /// Appended to `wcheckout/<version>` in the User-Agent.
    #[uniffi(default)]
    pub user_agent_suffix: Option<String>,
    /// Signed-response freshness window in milliseconds (default 120 s, at most 1 hour).
    #[uniffi(default)]
    pub response_tolerance_ms: Option<i64>,
    /// Where the access token is kept: `memory` (default), `file:///dir` or `redis://…`.
    #[uniffi(default)]
    pub token_store: Option<String>,
    /// When the token store cannot be used, fetch a token for this process alone (default false).
    #[uniffi(default)]
    pub token_store_fallback: Option<bool>,
    /// A PEM file of CA certificates trusted in addition to the system's.
    #[uniffi(default)]
    pub ca_bundle: Option<String>,
    /// PEM text of more CA certificates (Kotlin passes the JVM trust store named by
    /// `javax.net.ssl.trustStore` here).
    #[uniffi(default)]
    pub ca_pem: Option<String>,
    /// The proxy URL, or `direct`; `null`: the environment (`HTTPS_PROXY`, …).
    #[uniffi(default)]
    pub proxy: Option<String>,
    /// Hosts reached without the proxy (`NO_PROXY` syntax).
    #[uniffi(default)]
    pub no_proxy: Option<String>,
    /// Put queries and bodies into request logs.
    #[uniffi(default)]
    pub log_bodies: Option<bool>,
}

/// The proxy and token-store URLs can carry credentials: shown only as set or not.
impl std::fmt::Debug for FfiClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |v: &Option<String>| v.as_ref().map(|_| "<redacted>");
        f.debug_struct("FfiClientOptions")
            .field("environment", &self.environment)
            .field("connect_timeout_ms", &self.connect_timeout_ms)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .field("response_signature", &self.response_signature)
            .field("header_dialect", &self.header_dialect)
            .field("query_prefix", &self.query_prefix)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("response_tolerance_ms", &self.response_tolerance_ms)
            .field("token_store", &hidden(&self.token_store))
            .field("token_store_fallback", &self.token_store_fallback)
            .field("ca_bundle", &self.ca_bundle)
            .field("ca_pem", &self.ca_pem.as_ref().map(|p| format!("<{} bytes>", p.len())))
            .field("proxy", &hidden(&self.proxy))
            .field("no_proxy", &self.no_proxy)
            .field("log_bodies", &self.log_bodies)
            .finish()
    }
}

/// One query parameter of a raw `request`, kept in the caller's order (it is signed in order).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QueryParam {
    /// Name.
    pub name: String,
    /// Value, unencoded.
    pub value: String,
}

/// The blocking core client behind `WCheckoutClient`. Thread-safe; share one per process.
#[derive(Debug, uniffi::Object)]
pub struct FfiClient {
    inner: Client,
}

impl FfiClient {
    pub(crate) fn from_core(inner: Client) -> Self {
        FfiClient { inner }
    }
}

/// A timeout from Kotlin: negative is an error here; zero is left to the core (which refuses it).
pub(crate) fn millis(what: &str, ms: i64) -> FfiResult<Duration> {
    u64::try_from(ms).map(Duration::from_millis).map_err(|_| invalid_argument(format!("{what} must not be negative")))
}

fn json_text(v: &serde_json::Value) -> FfiResult<String> {
    serde_json::to_string(v).map_err(|e| wcheckout::Error::decode(e.to_string()).into())
}

fn parse_json(what: &str, text: &str) -> FfiResult<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| invalid_argument(format!("{what} is not valid JSON: {e}")))
}

impl FfiClient {
    /// The core client (shared with a reconciler).
    pub(crate) fn core(&self) -> &Client {
        &self.inner
    }
}

#[uniffi::export]
impl FfiClient {
    /// Validates the credentials and options and builds the client (no network call).
    #[uniffi::constructor]
    pub fn new(
        api_key: String,
        api_secret: String,
        sign_key: String,
        options: FfiClientOptions,
        listener: Option<Arc<dyn crate::operability::FfiRequestListener>>,
    ) -> FfiResult<Arc<Self>> {
        let mut b = Client::builder(api_key, api_secret, sign_key);
        if let Some(env) = options.environment {
            b = b.environment(env);
        }
        if let Some(ms) = options.connect_timeout_ms {
            b = b.connect_timeout(millis("connectTimeout", ms)?);
        }
        if let Some(ms) = options.timeout_ms {
            b = b.timeout(millis("timeout", ms)?);
        }
        if let Some(ms) = options.response_tolerance_ms {
            b = b.response_tolerance(millis("responseTolerance", ms)?);
        }
        if let Some(n) = options.max_retries {
            let n = u32::try_from(n).map_err(|_| invalid_argument("maxRetries must not be negative"))?;
            b = b.max_retries(n);
        }
        if let Some(p) = options.response_signature {
            b = b.response_signature(p);
        }
        if let Some(d) = options.header_dialect {
            b = b.header_dialect(d);
        }
        if let Some(q) = options.query_prefix {
            b = b.query_prefix(q);
        }
        if let Some(s) = options.user_agent_suffix {
            b = b.user_agent_suffix(s);
        }
        if let Some(url) = options.token_store {
            b = b.token_store(url);
        }
        b = b.token_store_fallback(options.token_store_fallback.unwrap_or(false));
        if let Some(path) = options.ca_bundle {
            b = b.ca_bundle(path);
        }
        if let Some(pem) = options.ca_pem {
            b = b.ca_pem(pem);
        }
        if let Some(proxy) = options.proxy {
            b = b.proxy(proxy);
        }
        if let Some(hosts) = options.no_proxy {
            b = b.no_proxy(hosts);
        }
        if let Some(listener) = listener {
            b = b.observer(crate::operability::observer(listener, options.log_bodies == Some(true)));
        }
        Ok(Arc::new(FfiClient { inner: b.build()? }))
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    /// The User-Agent sent.
    pub fn user_agent(&self) -> String {
        self.inner.user_agent().to_owned()
    }

    /// Where the access token is kept (`memory`, `file://…`, `redis://…`; never a password).
    pub fn token_store(&self) -> String {
        self.inner.token_store()
    }

    /// Forgets the cached access token.
    pub fn clear_token(&self) {
        self.inner.clear_token();
    }

    /// CreateCheckoutOrder; `forwarded_for` is the end user's IP (`X-Forwarded-For`).
    pub fn create_checkout_order(
        &self,
        request: CreateCheckoutOrderRequest,
        forwarded_for: Option<String>,
    ) -> FfiResult<CreatedCheckoutOrder> {
        Ok(self.inner.create_checkout_order(&request, forwarded_for.as_deref())?)
    }

    /// CancelCheckoutOrder.
    pub fn cancel_checkout_order(&self, order_no: String) -> FfiResult<CheckoutOrder> {
        Ok(self.inner.cancel_checkout_order(&order_no)?)
    }

    /// GetCheckoutOrderInfo.
    pub fn get_checkout_order_info(&self, order_no: String) -> FfiResult<CheckoutOrder> {
        Ok(self.inner.get_checkout_order_info(&order_no)?)
    }

    /// GetCheckoutOrderList: one page.
    pub fn list_checkout_orders(&self, request: ListCheckoutOrdersRequest) -> FfiResult<CheckoutOrderPage> {
        Ok(self.inner.list_checkout_orders(&request)?.into())
    }

    /// Every checkout order matching `request`, page by page.
    pub fn iter_checkout_orders(&self, request: ListCheckoutOrdersRequest) -> FfiResult<Arc<CheckoutOrderPager>> {
        Ok(Arc::new(CheckoutOrderPager(Mutex::new(self.inner.iter_checkout_orders(request)?))))
    }

    /// CreateRefundOrder.
    pub fn create_refund_order(&self, request: CreateRefundOrderRequest) -> FfiResult<RefundOrder> {
        Ok(self.inner.create_refund_order(&request)?)
    }

    /// CancelRefundOrder.
    pub fn cancel_refund_order(&self, refund_order_no: String) -> FfiResult<RefundOrder> {
        Ok(self.inner.cancel_refund_order(&refund_order_no)?)
    }

    /// GetRefundOrderInfo.
    pub fn get_refund_order_info(&self, refund_order_no: String) -> FfiResult<RefundOrder> {
        Ok(self.inner.get_refund_order_info(&refund_order_no)?)
    }

    /// GetRefundOrderList: one page.
    pub fn list_refund_orders(&self, request: ListRefundOrdersRequest) -> FfiResult<RefundOrderPage> {
        Ok(self.inner.list_refund_orders(&request)?.into())
    }

    /// Every refund order matching `request`, page by page.
    pub fn iter_refund_orders(&self, request: ListRefundOrdersRequest) -> FfiResult<Arc<RefundOrderPager>> {
        Ok(Arc::new(RefundOrderPager(Mutex::new(self.inner.iter_refund_orders(request)?))))
    }

    /// CreateAbnormalPaymentRefund.
    pub fn create_abnormal_payment_refund(
        &self,
        request: CreateAbnormalPaymentRefundRequest,
    ) -> FfiResult<RefundOrder> {
        Ok(self.inner.create_abnormal_payment_refund(&request)?)
    }

    /// CreateSettlementOrder.
    pub fn create_settlement_order(&self, request: CreateSettlementOrderRequest) -> FfiResult<SettlementOrder> {
        Ok(self.inner.create_settlement_order(&request)?)
    }

    /// CreateFiatSettlementOrder.
    pub fn create_fiat_settlement_order(
        &self,
        request: CreateFiatSettlementOrderRequest,
    ) -> FfiResult<SettlementOrder> {
        Ok(self.inner.create_fiat_settlement_order(&request)?)
    }

    /// CancelSettlementOrder.
    pub fn cancel_settlement_order(&self, settlement_order_no: String) -> FfiResult<SettlementOrder> {
        Ok(self.inner.cancel_settlement_order(&settlement_order_no)?)
    }

    /// GetSettlementOrder.
    pub fn get_settlement_order(&self, settlement_order_no: String) -> FfiResult<SettlementOrder> {
        Ok(self.inner.get_settlement_order(&settlement_order_no)?)
    }

    /// GetSettlementOrderList: one page.
    pub fn list_settlement_orders(&self, request: ListSettlementOrdersRequest) -> FfiResult<SettlementOrderPage> {
        Ok(self.inner.list_settlement_orders(&request)?.into())
    }

    /// Every settlement order matching `request`, page by page.
    pub fn iter_settlement_orders(&self, request: ListSettlementOrdersRequest) -> FfiResult<Arc<SettlementOrderPager>> {
        Ok(Arc::new(SettlementOrderPager(Mutex::new(self.inner.iter_settlement_orders(request)?))))
    }

    /// GetAbnormalPaymentList: one page.
    pub fn list_abnormal_payments(&self, request: ListAbnormalPaymentsRequest) -> FfiResult<AbnormalPaymentPage> {
        Ok(self.inner.list_abnormal_payments(&request)?.into())
    }

    /// Every abnormal payment matching `request`, page by page.
    pub fn iter_abnormal_payments(&self, request: ListAbnormalPaymentsRequest) -> FfiResult<Arc<AbnormalPaymentPager>> {
        Ok(Arc::new(AbnormalPaymentPager(Mutex::new(self.inner.iter_abnormal_payments(request)?))))
    }

    /// Signs and sends any call; returns the envelope's `retdata` as JSON text (`null` when absent).
    pub fn request(
        &self,
        method: String,
        path: String,
        query: Vec<QueryParam>,
        body: Option<String>,
    ) -> FfiResult<String> {
        let pairs: Vec<(String, String)> = query.into_iter().map(|q| (q.name, q.value)).collect();
        json_text(&self.inner.request(&method, &path, &pairs, body.as_deref())?)
    }

    /// Calls an operation by snake_case name with JSON parameters; returns the result as JSON text.
    pub fn call(&self, operation: String, params_json: String) -> FfiResult<String> {
        let op = Operation::from_name(&operation)
            .ok_or_else(|| invalid_argument(format!("unknown operation {operation:?}")))?;
        json_text(&self.inner.call(op, &parse_json("params", &params_json)?)?)
    }
}

macro_rules! pager {
    ($(#[$meta:meta])* $name:ident of $item:ident => $page:ident) => {
        $(#[$meta])*
        #[derive(Debug, uniffi::Object)]
        pub struct $name(Mutex<PageIter<$item>>);

        #[uniffi::export]
        impl $name {
            /// The next page, or `null` when every page has been read.
            pub fn next_page(&self) -> FfiResult<Option<$page>> {
                let mut it = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                Ok(it.next_page().transpose()?.map(Into::into))
            }
        }
    };
}

pager!(
    /// Pages of checkout orders.
    CheckoutOrderPager of CheckoutOrder => CheckoutOrderPage
);
pager!(
    /// Pages of refund orders.
    RefundOrderPager of RefundOrder => RefundOrderPage
);
pager!(
    /// Pages of settlement orders.
    SettlementOrderPager of SettlementOrder => SettlementOrderPage
);
pager!(
    /// Pages of abnormal payments.
    AbnormalPaymentPager of AbnormalPayment => AbnormalPaymentPage
);

#[cfg(test)]
mod tests {
    use super::FfiClientOptions;

    #[test]
    fn debug_hides_proxy_and_token_store_credentials() {
        let o = FfiClientOptions {
            proxy: Some("http://user:proxy-pass@127.0.0.1:3128".into()),
            token_store: Some("redis://:redis-pass@127.0.0.1:6379/0".into()),
            max_retries: Some(3),
            ..FfiClientOptions::default()
        };
        let text = format!("{o:?}");
        assert!(!text.contains("proxy-pass") && !text.contains("redis-pass"), "{text}");
        assert!(text.contains("max_retries: Some(3)") && text.contains("proxy: Some(\"<redacted>\")"), "{text}");
    }
}
