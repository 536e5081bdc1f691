//! `wcheckout.Client`: builds typed core requests from keyword arguments, calls the core client
//! with the GIL released, and wraps the typed results.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use wcheckout::client::ResponseSignaturePolicy;
use wcheckout::model as m;
use wcheckout::{Environment, Operation};

use crate::convert::{PyAmount, duration, json_text, py_to_value, query_pairs, value_to_py};
use crate::errors::{IntoPyResult, invalid_argument};
use crate::iter::{AnyIter, PageIterator};
use crate::models::{Page, to_model};

/// The W Checkout API client. Thread-safe: share one instance; every network call releases the GIL.
#[pyclass(frozen, module = "wcheckout")]
#[derive(Debug)]
pub struct Client {
    inner: wcheckout::Client,
    api_key_hint: String,
    /// Request and response bodies go into DEBUG log records (opt-in).
    log_bodies: bool,
}

impl Client {
    /// The core client (shared with a `Reconciler`).
    pub(crate) fn core(&self) -> &wcheckout::Client {
        &self.inner
    }

    /// Runs a blocking core call with the GIL released.
    fn run<T, F>(&self, py: Python<'_>, f: F) -> PyResult<T>
    where
        T: Send,
        F: Send + FnOnce(&wcheckout::Client) -> wcheckout::Result<T>,
    {
        let client = &self.inner;
        let result = py.detach(move || {
            // A panic (a bug) becomes `InternalError`, never pyo3's `PanicException`.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || f(client)))
                .unwrap_or_else(|payload| Err(wcheckout::Error::from_panic(payload.as_ref())))
        });
        crate::logs::flush(py, self.log_bodies);
        result.py()
    }

    fn pages(&self, iter: AnyIter) -> PageIterator {
        PageIterator::new(iter, self.log_bodies)
    }
}

fn opt_status<T: for<'a> From<&'a str>>(s: Option<&str>) -> Option<T> {
    s.map(T::from)
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (
        *, api_key, api_secret, sign_key, environment = "sandbox", base_url = None, timeout = None,
        connect_timeout = None, max_retries = 2, response_signature = "if_present", user_agent_suffix = None,
        response_tolerance = None, token_store = None, token_store_fallback = false,
        ca_bundle = None, proxy = None, no_proxy = None, log_bodies = false,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: &str,
        api_secret: &str,
        sign_key: &str,
        environment: &str,
        base_url: Option<&str>,
        timeout: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: i64,
        response_signature: &str,
        user_agent_suffix: Option<&str>,
        response_tolerance: Option<&Bound<'_, PyAny>>,
        token_store: Option<&str>,
        token_store_fallback: bool,
        ca_bundle: Option<std::path::PathBuf>,
        proxy: Option<&str>,
        no_proxy: Option<&str>,
        log_bodies: bool,
    ) -> PyResult<Self> {
        crate::errors::guard(|| {
            let env = match base_url {
                Some(url) => Environment::Custom(url.to_owned()),
                None => Environment::parse(environment).py()?,
            };
            let retries = u32::try_from(max_retries).map_err(|_| invalid_argument("max_retries must be 0 or more"))?;
            let version = py.version_info();
            let suffix = match user_agent_suffix {
                Some(s) => s.to_owned(),
                None => format!("python/{}.{}", version.major, version.minor),
            };
            let mut builder = wcheckout::Client::builder(api_key, api_secret, sign_key)
                .environment(env)
                .max_retries(retries)
                .response_signature(ResponseSignaturePolicy::parse(response_signature).py()?)
                .user_agent_suffix(suffix)
                .observer(crate::logs::observe);
            if let Some(path) = ca_bundle {
                builder = builder.ca_bundle(path);
            }
            if let Some(p) = proxy {
                builder = builder.proxy(p);
            }
            if let Some(hosts) = no_proxy {
                builder = builder.no_proxy(hosts);
            }
            if let Some(t) = timeout {
                builder = builder.timeout(duration(t, "timeout")?);
            }
            if let Some(t) = connect_timeout {
                builder = builder.connect_timeout(duration(t, "connect_timeout")?);
            }
            if let Some(t) = response_tolerance {
                builder = builder.response_tolerance(duration(t, "response_tolerance")?);
            }
            if let Some(url) = token_store {
                builder = builder.token_store(url);
            }
            let inner = builder.token_store_fallback(token_store_fallback).build().py()?;
            let hint: String = api_key.chars().take(4).collect();
            Ok(Client { inner, api_key_hint: hint, log_bodies })
        })
    }

    /// A client for one call or a group of calls with other settings, sharing this client's
    /// connections and access token. ``timeout``: seconds (or ``timedelta``) for one attempt;
    /// ``max_retries``: retries after the first attempt, 0 to 10. ``None`` keeps this client's.
    /// ``cancel``: a :class:`CancelToken` that stops the new client's calls from making further
    /// attempts once cancelled.
    #[pyo3(signature = (*, timeout = None, max_retries = None, cancel = None))]
    fn with_options(
        &self,
        timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<i64>,
        cancel: Option<PyRef<'_, crate::cancel::CancelToken>>,
    ) -> PyResult<Self> {
        crate::errors::guard(|| {
            let timeout = timeout.map(|t| duration(t, "timeout")).transpose()?;
            let max_retries = max_retries
                .map(|n| u32::try_from(n).map_err(|_| invalid_argument("max_retries must be 0 or more")))
                .transpose()?;
            let cancel = cancel.map(|c| c.flag.clone());
            let options = wcheckout::client::CallOptions { timeout, max_retries, cancel };
            let inner = self.inner.with_call_options(options).py()?;
            Ok(Client { inner, api_key_hint: self.api_key_hint.clone(), log_bodies: self.log_bodies })
        })
    }

    /// A client cannot be pickled: it holds the API secrets and open connections.
    fn __reduce__(&self) -> PyResult<()> {
        Err(pyo3::exceptions::PyTypeError::new_err(
            "wcheckout.Client cannot be pickled: it holds the API secrets and open connections. Create one \
             client per process instead (for example when a worker process starts) and pass plain values, \
             such as order numbers, between processes",
        ))
    }

    /// The base URL requests go to.
    #[getter]
    fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// The User-Agent sent.
    #[getter]
    fn user_agent(&self) -> &str {
        self.inner.user_agent()
    }

    /// Where the access token is kept: ``memory``, ``file://…`` or ``redis://…`` (no password).
    #[getter]
    fn token_store(&self) -> String {
        self.inner.token_store()
    }

    /// Forgets the cached access token; the next call fetches a new one.
    fn clear_token(&self) {
        self.inner.clear_token();
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let url = pyo3::types::PyString::new(py, self.inner.base_url()).repr()?;
        Ok(format!("Client(base_url={url}, api_key='{}…')", self.api_key_hint))
    }

    // ---- checkout orders ----

    /// Creates a payment order and returns where and what the customer pays: the payment URL, the
    /// receiving address and the exact amount in the chosen token. The order number is the
    /// idempotency key: repeating the identical request (for example after an error whose outcome
    /// is unknown) returns the order created first, and a different request under a number already
    /// used fails with an idempotency conflict carrying the stored order. The optional
    /// forwarded-for value is the paying customer's IP address, sent as ``X-Forwarded-For``.
    ///
    /// HTTP: ``POST /checkout/order/create``.
    #[pyo3(signature = (
        *, order_no, order_amount, customer_id, token, merchant_id = None, fiat = None, expired_in = None,
        pc_callback_url = None, app_callback_url = None, forwarded_for = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn create_checkout_order(
        &self,
        py: Python<'_>,
        order_no: String,
        order_amount: PyAmount,
        customer_id: String,
        token: &str,
        merchant_id: Option<String>,
        fiat: Option<String>,
        expired_in: Option<u64>,
        pc_callback_url: Option<String>,
        app_callback_url: Option<String>,
        forwarded_for: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let req = m::CreateCheckoutOrderRequest {
            order_no,
            order_amount: order_amount.0,
            customer_id,
            merchant_id,
            token: token.into(),
            fiat,
            expired_in,
            pc_callback_url,
            app_callback_url,
        };
        self.run(py, |c| c.create_checkout_order(&req, forwarded_for.as_deref())).and_then(|v| to_model(py, &v))
    }

    /// Cancels an unpaid order and returns it. Idempotent: an order already ``CANCELLED`` (an
    /// earlier attempt landed) is returned as it is. A paid order cannot be cancelled: refund it
    /// instead.
    ///
    /// HTTP: ``GET /checkout/order/cancel``.
    fn cancel_checkout_order(&self, py: Python<'_>, order_no: &str) -> PyResult<Py<PyAny>> {
        self.run(py, |c| c.cancel_checkout_order(order_no)).and_then(|v| to_model(py, &v))
    }

    /// Returns one order by its merchant order number: status, amounts, token, payment and refund
    /// details. An unknown number fails with an API error, retcode ``00010``.
    ///
    /// HTTP: ``GET /checkout/order/info``.
    fn get_checkout_order_info(&self, py: Python<'_>, order_no: &str) -> PyResult<Py<PyAny>> {
        self.run(py, |c| c.get_checkout_order_info(order_no)).and_then(|v| to_model(py, &v))
    }

    /// Returns one page of orders matching the filter (status, customer, merchant), with the total
    /// count. Page numbers start at 1; use the iterating variant to walk every page.
    ///
    /// HTTP: ``POST /checkout/order/list``.
    #[pyo3(signature = (*, page_num = None, page_size = None, order_status = None, customer_id = None, merchant_id = None))]
    fn list_checkout_orders(
        &self,
        py: Python<'_>,
        page_num: Option<u32>,
        page_size: Option<u32>,
        order_status: Option<&str>,
        customer_id: Option<String>,
        merchant_id: Option<String>,
    ) -> PyResult<Page> {
        let req = m::ListCheckoutOrdersRequest {
            page_num,
            page_size,
            order_status: opt_status(order_status),
            customer_id,
            merchant_id,
        };
        let page = self.run(py, |c| c.list_checkout_orders(&req))?;
        Page::from_core(py, page)
    }

    /// Every order matching the filter, across all pages: each page is fetched (one call) when the
    /// iteration reaches it. A failing page fetch raises its error once, then the iteration stops.
    ///
    /// HTTP: ``POST /checkout/order/list``.
    #[pyo3(signature = (*, page_size = None, order_status = None, customer_id = None, merchant_id = None))]
    fn iter_checkout_orders(
        &self,
        page_size: Option<u32>,
        order_status: Option<&str>,
        customer_id: Option<String>,
        merchant_id: Option<String>,
    ) -> PyResult<PageIterator> {
        let req = m::ListCheckoutOrdersRequest {
            page_num: None,
            page_size,
            order_status: opt_status(order_status),
            customer_id,
            merchant_id,
        };
        Ok(self.pages(AnyIter::Checkout(self.inner.iter_checkout_orders(req).py()?)))
    }

    // ---- refund orders ----

    /// Refunds part or all of a paid order (or an abnormal payment) and returns the refund order; a
    /// destination address is given where the API asks for one. The refund order number is the
    /// idempotency key: repeating the identical request returns the refund created first; a
    /// different request under that number fails with an idempotency conflict.
    ///
    /// HTTP: ``POST /checkout/refund-order/create``.
    #[pyo3(signature = (*, refund_order_no, amount, order_no = None, abnormal_payment_no = None, address = None, remark = None))]
    #[allow(clippy::too_many_arguments)]
    fn create_refund_order(
        &self,
        py: Python<'_>,
        refund_order_no: String,
        amount: PyAmount,
        order_no: Option<String>,
        abnormal_payment_no: Option<String>,
        address: Option<String>,
        remark: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let req = m::CreateRefundOrderRequest {
            refund_order_no,
            order_no,
            abnormal_payment_no,
            amount: amount.0,
            address,
            remark,
        };
        self.run(py, |c| c.create_refund_order(&req)).and_then(|v| to_model(py, &v))
    }

    /// Cancels a refund that has not been sent yet and returns it. Idempotent: a refund already
    /// ``CANCELLED`` is returned as it is.
    ///
    /// HTTP: ``GET /checkout/refund-order/cancel``.
    fn cancel_refund_order(&self, py: Python<'_>, refund_order_no: &str) -> PyResult<Py<PyAny>> {
        self.run(py, |c| c.cancel_refund_order(refund_order_no)).and_then(|v| to_model(py, &v))
    }

    /// Returns one refund order by its refund order number. An unknown number fails with an API
    /// error, retcode ``00010``.
    ///
    /// HTTP: ``GET /checkout/refund-order/info``.
    fn get_refund_order_info(&self, py: Python<'_>, refund_order_no: &str) -> PyResult<Py<PyAny>> {
        self.run(py, |c| c.get_refund_order_info(refund_order_no)).and_then(|v| to_model(py, &v))
    }

    /// Returns one page of refund orders matching the filter (order number, status), with the total
    /// count.
    ///
    /// HTTP: ``POST /checkout/refund-order/list``.
    #[pyo3(signature = (*, page_num = None, page_size = None, order_no = None, refund_status = None))]
    fn list_refund_orders(
        &self,
        py: Python<'_>,
        page_num: Option<u32>,
        page_size: Option<u32>,
        order_no: Option<String>,
        refund_status: Option<&str>,
    ) -> PyResult<Page> {
        let req =
            m::ListRefundOrdersRequest { page_num, page_size, order_no, refund_status: opt_status(refund_status) };
        let page = self.run(py, |c| c.list_refund_orders(&req))?;
        Page::from_core(py, page)
    }

    /// Every refund order matching the filter, across all pages: each page is fetched (one call)
    /// when the iteration reaches it. A failing page fetch raises its error once, then the
    /// iteration stops.
    ///
    /// HTTP: ``POST /checkout/refund-order/list``.
    #[pyo3(signature = (*, page_size = None, order_no = None, refund_status = None))]
    fn iter_refund_orders(
        &self,
        page_size: Option<u32>,
        order_no: Option<String>,
        refund_status: Option<&str>,
    ) -> PyResult<PageIterator> {
        let req = m::ListRefundOrdersRequest {
            page_num: None,
            page_size,
            order_no,
            refund_status: opt_status(refund_status),
        };
        Ok(self.pages(AnyIter::Refund(self.inner.iter_refund_orders(req).py()?)))
    }

    // ---- settlement orders ----

    /// Pays out part of the merchant balance in a stablecoin to an on-chain address and returns the
    /// settlement order. The settlement order number is the idempotency key: repeating the
    /// identical request returns the settlement created first; a different request under that
    /// number fails with an idempotency conflict.
    ///
    /// HTTP: ``POST /checkout/settlement/create``.
    #[pyo3(signature = (*, settlement_order_no, token, address, amount, merchant_id = None, order_nos = None))]
    #[allow(clippy::too_many_arguments)]
    fn create_settlement_order(
        &self,
        py: Python<'_>,
        settlement_order_no: String,
        token: &str,
        address: String,
        amount: PyAmount,
        merchant_id: Option<String>,
        order_nos: Option<Vec<String>>,
    ) -> PyResult<Py<PyAny>> {
        let req = m::CreateSettlementOrderRequest {
            settlement_order_no,
            merchant_id,
            token: token.into(),
            address,
            amount: amount.0,
            order_nos,
        };
        self.run(py, |c| c.create_settlement_order(&req)).and_then(|v| to_model(py, &v))
    }

    /// Converts part of the merchant balance to fiat and remits it to a registered bank account;
    /// returns the settlement order. Idempotent by settlement order number, as for a stablecoin
    /// settlement.
    ///
    /// HTTP: ``POST /checkout/settlement/fiat/create``.
    #[pyo3(signature = (*, settlement_order_no, token, amount, fiat, bank_account_id, merchant_id = None, remark = None))]
    #[allow(clippy::too_many_arguments)]
    fn create_fiat_settlement_order(
        &self,
        py: Python<'_>,
        settlement_order_no: String,
        token: &str,
        amount: PyAmount,
        fiat: String,
        bank_account_id: String,
        merchant_id: Option<String>,
        remark: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let req = m::CreateFiatSettlementOrderRequest {
            settlement_order_no,
            merchant_id,
            token: token.into(),
            amount: amount.0,
            fiat,
            bank_account_id,
            remark,
        };
        self.run(py, |c| c.create_fiat_settlement_order(&req)).and_then(|v| to_model(py, &v))
    }

    /// Cancels a settlement that has not been processed yet and returns it. Idempotent: a
    /// settlement already ``CANCELLED`` is returned as it is.
    ///
    /// HTTP: ``GET /checkout/settlement/cancel``.
    fn cancel_settlement_order(&self, py: Python<'_>, settlement_order_no: &str) -> PyResult<Py<PyAny>> {
        self.run(py, |c| c.cancel_settlement_order(settlement_order_no)).and_then(|v| to_model(py, &v))
    }

    /// Returns one settlement order by its settlement order number. An unknown number fails with an
    /// API error, retcode ``00010``.
    ///
    /// HTTP: ``GET /checkout/settlement/info``.
    fn get_settlement_order(&self, py: Python<'_>, settlement_order_no: &str) -> PyResult<Py<PyAny>> {
        self.run(py, |c| c.get_settlement_order(settlement_order_no)).and_then(|v| to_model(py, &v))
    }

    /// Returns one page of settlement orders matching the filter (status), with the total count.
    ///
    /// HTTP: ``POST /checkout/settlement/list``.
    #[pyo3(signature = (*, page_num = None, page_size = None, settle_status = None))]
    fn list_settlement_orders(
        &self,
        py: Python<'_>,
        page_num: Option<u32>,
        page_size: Option<u32>,
        settle_status: Option<&str>,
    ) -> PyResult<Page> {
        let req = m::ListSettlementOrdersRequest { page_num, page_size, settle_status: opt_status(settle_status) };
        let page = self.run(py, |c| c.list_settlement_orders(&req))?;
        Page::from_core(py, page)
    }

    /// Every settlement order matching the filter, across all pages: each page is fetched (one
    /// call) when the iteration reaches it. A failing page fetch raises its error once, then the
    /// iteration stops.
    ///
    /// HTTP: ``POST /checkout/settlement/list``.
    #[pyo3(signature = (*, page_size = None, settle_status = None))]
    fn iter_settlement_orders(&self, page_size: Option<u32>, settle_status: Option<&str>) -> PyResult<PageIterator> {
        let req =
            m::ListSettlementOrdersRequest { page_num: None, page_size, settle_status: opt_status(settle_status) };
        Ok(self.pages(AnyIter::Settlement(self.inner.iter_settlement_orders(req).py()?)))
    }

    // ---- abnormal payments ----

    /// Returns one page of abnormal payments (over-, under- and late payments) matching the filter
    /// (order number, status), with the total count. Refund one with the abnormal-payment refund
    /// call.
    ///
    /// HTTP: ``POST /checkout/abnormal-payment/list``.
    #[pyo3(signature = (*, page_num = None, page_size = None, order_no = None, status = None))]
    fn list_abnormal_payments(
        &self,
        py: Python<'_>,
        page_num: Option<u32>,
        page_size: Option<u32>,
        order_no: Option<String>,
        status: Option<&str>,
    ) -> PyResult<Page> {
        let req = m::ListAbnormalPaymentsRequest { page_num, page_size, order_no, status: opt_status(status) };
        let page = self.run(py, |c| c.list_abnormal_payments(&req))?;
        Page::from_core(py, page)
    }

    /// Every abnormal payment matching the filter, across all pages: each page is fetched (one
    /// call) when the iteration reaches it. A failing page fetch raises its error once, then the
    /// iteration stops.
    ///
    /// HTTP: ``POST /checkout/abnormal-payment/list``.
    #[pyo3(signature = (*, page_size = None, order_no = None, status = None))]
    fn iter_abnormal_payments(
        &self,
        page_size: Option<u32>,
        order_no: Option<String>,
        status: Option<&str>,
    ) -> PyResult<PageIterator> {
        let req = m::ListAbnormalPaymentsRequest { page_num: None, page_size, order_no, status: opt_status(status) };
        Ok(self.pages(AnyIter::Abnormal(self.inner.iter_abnormal_payments(req).py()?)))
    }

    /// Refunds an abnormal payment (an over-, under- or late payment), identified by its order and
    /// transaction hash, and returns the refund order. Idempotent by refund order number.
    ///
    /// HTTP: ``POST /checkout/abnormal-payment/refund``.
    #[pyo3(signature = (*, refund_order_no, order_no, tx_hash, token, remark = None))]
    fn create_abnormal_payment_refund(
        &self,
        py: Python<'_>,
        refund_order_no: String,
        order_no: String,
        tx_hash: String,
        token: &str,
        remark: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let req =
            m::CreateAbnormalPaymentRefundRequest { refund_order_no, order_no, tx_hash, token: token.into(), remark };
        self.run(py, |c| c.create_abnormal_payment_refund(&req)).and_then(|v| to_model(py, &v))
    }

    // ---- escape hatches ----

    /// Signs and sends any call; returns `retdata` as Python values (numbers exact).
    #[pyo3(signature = (method, path, query = None, body = None))]
    fn request(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        query: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let query = query.map(query_pairs).transpose()?.unwrap_or_default();
        let body = body.map(json_text).transpose()?.flatten();
        let data = self.run(py, |c| c.request(method, path, &query, body.as_deref()))?;
        value_to_py(py, &data)
    }

    /// Calls an operation by its snake_case name with wire (camelCase) parameters.
    #[pyo3(signature = (operation, params = None))]
    fn call(&self, py: Python<'_>, operation: &str, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
        let op = Operation::from_name(operation)
            .ok_or_else(|| invalid_argument(format!("unknown operation {operation:?}")))?;
        let params = match params {
            Some(p) => py_to_value(p.as_any())?,
            None => serde_json::Value::Object(serde_json::Map::new()),
        };
        let data = self.run(py, |c| c.call(op, &params))?;
        value_to_py(py, &data)
    }
}
