package com.wcheckout

import com.wcheckout.ffi.FfiCancel
import com.wcheckout.ffi.FfiClient
import com.wcheckout.ffi.QueryParam

/**
 * The W Checkout API client: every operation of the Rust core client, blocking. Use
 * [suspending] for `suspend` versions that run on `Dispatchers.IO`.
 *
 * Thread-safe and meant to be shared: one client holds one connection pool and one cached
 * access token (fetched on first use, refreshed before it expires, refetched once if refused).
 * Retries with backoff on transport errors, timeouts and HTTP 429/5xx follow [ClientOptions].
 * Failures throw a [WCheckoutException] subclass.
 *
 * ```kotlin
 * val client = WCheckoutClient("apiKey", "apiSecret", "signKey",
 *     ClientOptions(environment = Environment.Custom("http://127.0.0.1:8787")))
 * val created = client.createCheckoutOrder(
 *     CreateCheckoutOrderRequest(orderNo = "A1001", orderAmount = BigDecimal("12.50"),
 *         customerId = "cust42", token = Token.EthUsdt))
 * println(created.paymentUrl)
 * ```
 */
class WCheckoutClient private constructor(internal val inner: FfiClient) : AutoCloseable {
    /**
     * Validates the credentials and [options] and builds the client (no network call). Besides
     * [options], the JVM's proxy properties (`https.proxyHost`, …), a trust store named by
     * `javax.net.ssl.trustStore` and SLF4J (when on the classpath) are picked up; see [ClientOptions].
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    constructor(
        apiKey: String,
        apiSecret: String,
        signKey: String,
        options: ClientOptions = ClientOptions(),
    ) : this(create(apiKey, apiSecret, signKey, options))

    /** `suspend` versions of every call, each run on `Dispatchers.IO`. */
    val suspending: SuspendingWCheckoutClient by lazy { SuspendingWCheckoutClient(this) }

    /** The base URL requests go to. */
    val baseUrl: String get() = inner.baseUrl()

    /** The User-Agent sent. */
    val userAgent: String get() = inner.userAgent()

    /** Where the access token is kept: `memory`, `file://…` or `redis://…` (never with a password). */
    val tokenStore: String get() = inner.tokenStore()

    /** Forgets the cached access token; the next call fetches a new one. */
    fun clearToken() = inner.clearToken()

    /**
     * A client for one call or a group of calls with another [timeout] (of one attempt) or retry
     * budget ([maxRetries], 0 to 10), sharing this client's connections and access token. `null`
     * keeps this client's setting. Cheap; close it (or let it be collected) when done.
     *
     * ```kotlin
     * val order = client.withOptions(timeout = 2.seconds, maxRetries = 0).use { it.getCheckoutOrderInfo("A1001") }
     * ```
     */
    @JvmSynthetic
    fun withOptions(timeout: kotlin.time.Duration? = null, maxRetries: Int? = null): WCheckoutClient =
        forCall(timeout, maxRetries, null)

    /** [withOptions] for Java: the timeout in milliseconds (`null` keeps the client's). */
    @Throws(WCheckoutException::class)
    fun withOptionsMillis(timeoutMillis: Long?, maxRetries: Int?): WCheckoutClient =
        WCheckoutClient(native { inner.withCallOptions(timeoutMillis, maxRetries, null) })

    internal fun forCall(timeout: kotlin.time.Duration?, maxRetries: Int?, cancel: FfiCancel?): WCheckoutClient =
        WCheckoutClient(native { inner.withCallOptions(timeout?.let { ClientOptions.toMillis(it) }, maxRetries, cancel) })

    // Checkout orders

    /**
     * Creates a payment order and returns where and what the customer pays: the payment URL, the
     * receiving address and the exact amount in the chosen token. The order number is the
     * idempotency key: repeating the identical request (for example after an error whose outcome is
     * unknown) returns the order created first, and a different request under a number already used
     * fails with an idempotency conflict carrying the stored order. The optional forwarded-for
     * value is the paying customer's IP address, sent as `X-Forwarded-For`.
     *
     * `POST /checkout/order/create`
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun createCheckoutOrder(request: CreateCheckoutOrderRequest, forwardedFor: String? = null): CreatedCheckoutOrder =
        native { inner.createCheckoutOrder(request, forwardedFor) }

    /**
     * Cancels an unpaid order and returns it. Idempotent: an order already `CANCELLED` (an earlier
     * attempt landed) is returned as it is. A paid order cannot be cancelled: refund it instead.
     *
     * `GET /checkout/order/cancel`
     */
    @Throws(WCheckoutException::class)
    fun cancelCheckoutOrder(orderNo: String): CheckoutOrder = native { inner.cancelCheckoutOrder(orderNo) }

    /**
     * Returns one order by its merchant order number: status, amounts, token, payment and refund
     * details. An unknown number fails with an API error, retcode `00010`.
     *
     * `GET /checkout/order/info`
     */
    @Throws(WCheckoutException::class)
    fun getCheckoutOrderInfo(orderNo: String): CheckoutOrder = native { inner.getCheckoutOrderInfo(orderNo) }

    /**
     * Returns one page of orders matching the filter (status, customer, merchant), with the total
     * count. Page numbers start at 1; use the iterating variant to walk every page.
     *
     * `POST /checkout/order/list`
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun listCheckoutOrders(request: ListCheckoutOrdersRequest = ListCheckoutOrdersRequest()): CheckoutOrderPage =
        native { inner.listCheckoutOrders(request) }

    /**
     * Every order matching the filter, across all pages: each page is fetched (one call) when the
     * iteration reaches it. A failing page fetch raises its error once, then the iteration stops.
     *
     * `POST /checkout/order/list`
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun iterCheckoutOrders(request: ListCheckoutOrdersRequest = ListCheckoutOrdersRequest()): Sequence<CheckoutOrder> {
        val pager = native { inner.iterCheckoutOrders(request) }
        return pages { native { pager.nextPage() }?.records }
    }

    /**
     * Every matching checkout order as an [Iterable] (for Java's for-each): pages are fetched as the
     * iterator advances, and each `iterator()` starts again from the first page.
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun allCheckoutOrders(request: ListCheckoutOrdersRequest = ListCheckoutOrdersRequest()): Iterable<CheckoutOrder> =
        Iterable { iterCheckoutOrders(request).iterator() }

    // Refund orders

    /**
     * Refunds part or all of a paid order (or an abnormal payment) and returns the refund order; a
     * destination address is given where the API asks for one. The refund order number is the
     * idempotency key: repeating the identical request returns the refund created first; a
     * different request under that number fails with an idempotency conflict.
     *
     * `POST /checkout/refund-order/create`
     */
    @Throws(WCheckoutException::class)
    fun createRefundOrder(request: CreateRefundOrderRequest): RefundOrder = native { inner.createRefundOrder(request) }

    /**
     * Cancels a refund that has not been sent yet and returns it. Idempotent: a refund already
     * `CANCELLED` is returned as it is.
     *
     * `GET /checkout/refund-order/cancel`
     */
    @Throws(WCheckoutException::class)
    fun cancelRefundOrder(refundOrderNo: String): RefundOrder = native { inner.cancelRefundOrder(refundOrderNo) }

    /**
     * Returns one refund order by its refund order number. An unknown number fails with an API
     * error, retcode `00010`.
     *
     * `GET /checkout/refund-order/info`
     */
    @Throws(WCheckoutException::class)
    fun getRefundOrderInfo(refundOrderNo: String): RefundOrder = native { inner.getRefundOrderInfo(refundOrderNo) }

    /**
     * Returns one page of refund orders matching the filter (order number, status), with the total
     * count.
     *
     * `POST /checkout/refund-order/list`
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun listRefundOrders(request: ListRefundOrdersRequest = ListRefundOrdersRequest()): RefundOrderPage =
        native { inner.listRefundOrders(request) }

    /**
     * Every refund order matching the filter, across all pages: each page is fetched (one call)
     * when the iteration reaches it. A failing page fetch raises its error once, then the iteration
     * stops.
     *
     * `POST /checkout/refund-order/list`
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun iterRefundOrders(request: ListRefundOrdersRequest = ListRefundOrdersRequest()): Sequence<RefundOrder> {
        val pager = native { inner.iterRefundOrders(request) }
        return pages { native { pager.nextPage() }?.records }
    }

    /**
     * Every matching refund order as an [Iterable] (for Java's for-each): pages are fetched as the
     * iterator advances, and each `iterator()` starts again from the first page.
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun allRefundOrders(request: ListRefundOrdersRequest = ListRefundOrdersRequest()): Iterable<RefundOrder> =
        Iterable { iterRefundOrders(request).iterator() }

    // Settlement orders

    /**
     * Pays out part of the merchant balance in a stablecoin to an on-chain address and returns the
     * settlement order. The settlement order number is the idempotency key: repeating the identical
     * request returns the settlement created first; a different request under that number fails
     * with an idempotency conflict.
     *
     * `POST /checkout/settlement/create`
     */
    @Throws(WCheckoutException::class)
    fun createSettlementOrder(request: CreateSettlementOrderRequest): SettlementOrder =
        native { inner.createSettlementOrder(request) }

    /**
     * Converts part of the merchant balance to fiat and remits it to a registered bank account;
     * returns the settlement order. Idempotent by settlement order number, as for a stablecoin
     * settlement.
     *
     * `POST /checkout/settlement/fiat/create`
     */
    @Throws(WCheckoutException::class)
    fun createFiatSettlementOrder(request: CreateFiatSettlementOrderRequest): SettlementOrder =
        native { inner.createFiatSettlementOrder(request) }

    /**
     * Cancels a settlement that has not been processed yet and returns it. Idempotent: a settlement
     * already `CANCELLED` is returned as it is.
     *
     * `GET /checkout/settlement/cancel`
     */
    @Throws(WCheckoutException::class)
    fun cancelSettlementOrder(settlementOrderNo: String): SettlementOrder =
        native { inner.cancelSettlementOrder(settlementOrderNo) }

    /**
     * Returns one settlement order by its settlement order number. An unknown number fails with an
     * API error, retcode `00010`.
     *
     * `GET /checkout/settlement/info`
     */
    @Throws(WCheckoutException::class)
    fun getSettlementOrder(settlementOrderNo: String): SettlementOrder =
        native { inner.getSettlementOrder(settlementOrderNo) }

    /**
     * Returns one page of settlement orders matching the filter (status), with the total count.
     *
     * `POST /checkout/settlement/list`
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun listSettlementOrders(request: ListSettlementOrdersRequest = ListSettlementOrdersRequest()): SettlementOrderPage =
        native { inner.listSettlementOrders(request) }

    /**
     * Every settlement order matching the filter, across all pages: each page is fetched (one call)
     * when the iteration reaches it. A failing page fetch raises its error once, then the iteration
     * stops.
     *
     * `POST /checkout/settlement/list`
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun iterSettlementOrders(
        request: ListSettlementOrdersRequest = ListSettlementOrdersRequest(),
    ): Sequence<SettlementOrder> {
        val pager = native { inner.iterSettlementOrders(request) }
        return pages { native { pager.nextPage() }?.records }
    }

    /**
     * Every matching settlement order as an [Iterable] (for Java's for-each): pages are fetched as the
     * iterator advances, and each `iterator()` starts again from the first page.
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun allSettlementOrders(request: ListSettlementOrdersRequest = ListSettlementOrdersRequest()): Iterable<SettlementOrder> =
        Iterable { iterSettlementOrders(request).iterator() }

    // Abnormal payments

    /**
     * Returns one page of abnormal payments (over-, under- and late payments) matching the filter
     * (order number, status), with the total count. Refund one with the abnormal-payment refund
     * call.
     *
     * `POST /checkout/abnormal-payment/list`
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun listAbnormalPayments(request: ListAbnormalPaymentsRequest = ListAbnormalPaymentsRequest()): AbnormalPaymentPage =
        native { inner.listAbnormalPayments(request) }

    /**
     * Every abnormal payment matching the filter, across all pages: each page is fetched (one call)
     * when the iteration reaches it. A failing page fetch raises its error once, then the iteration
     * stops.
     *
     * `POST /checkout/abnormal-payment/list`
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun iterAbnormalPayments(
        request: ListAbnormalPaymentsRequest = ListAbnormalPaymentsRequest(),
    ): Sequence<AbnormalPayment> {
        val pager = native { inner.iterAbnormalPayments(request) }
        return pages { native { pager.nextPage() }?.records }
    }

    /**
     * Every matching abnormal payment as an [Iterable] (for Java's for-each): pages are fetched as the
     * iterator advances, and each `iterator()` starts again from the first page.
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun allAbnormalPayments(request: ListAbnormalPaymentsRequest = ListAbnormalPaymentsRequest()): Iterable<AbnormalPayment> =
        Iterable { iterAbnormalPayments(request).iterator() }

    /**
     * Refunds an abnormal payment (an over-, under- or late payment), identified by its order and
     * transaction hash, and returns the refund order. Idempotent by refund order number.
     *
     * `POST /checkout/abnormal-payment/refund`
     */
    @Throws(WCheckoutException::class)
    fun createAbnormalPaymentRefund(request: CreateAbnormalPaymentRefundRequest): RefundOrder =
        native { inner.createAbnormalPaymentRefund(request) }

    // Escape hatches

    /**
     * Signs and sends any call and returns the envelope's `retdata` as JSON text (`"null"` when
     * absent). [query] pairs are signed in order; [body] is JSON text, made canonical first.
     */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun request(method: String, path: String, query: List<Pair<String, String>> = emptyList(), body: String? = null): String =
        native { inner.request(method, path, query.map { (k, v) -> QueryParam(k, v) }, body) }

    /** Calls an operation by its snake_case name (`"get_checkout_order_info"`) with JSON parameters. */
    @Throws(WCheckoutException::class)
    fun call(operation: String, paramsJson: String): String = native { inner.call(operation, paramsJson) }

    override fun close() = inner.close()

    override fun toString(): String = "WCheckoutClient(baseUrl=$baseUrl)"

    private companion object {
        fun create(apiKey: String, apiSecret: String, signKey: String, options: ClientOptions): FfiClient {
            var ffi = withPlatform(options).toFfi()
            val https = when (val env = options.environment) {
                is Environment.Custom -> env.url.trim().startsWith("https", ignoreCase = true)
                else -> true
            }
            if (options.proxy == null) {
                Platform.jvmProxy(https)?.let { (proxy, nonProxy) -> ffi = ffi.copy(proxy = proxy, noProxy = options.noProxy ?: nonProxy) }
            }
            Platform.jvmTrustStorePem()?.let { ffi = ffi.copy(caPem = it) }
            val listener = options.requestListener ?: Platform.slf4jListener()
            return native { FfiClient(apiKey, apiSecret, signKey, ffi, listener?.let(::ListenerAdapter)) }
        }

        fun withPlatform(options: ClientOptions): ClientOptions {
            val platform = "kotlin/${KotlinVersion.CURRENT} jvm/${System.getProperty("java.version")}"
            val suffix = options.userAgentSuffix?.takeIf { it.isNotBlank() }?.let { "$platform $it" } ?: platform
            return options.copy(userAgentSuffix = suffix)
        }

        fun <T> pages(next: () -> List<T>?): Sequence<T> = generateSequence(next).flatten()
    }
}
