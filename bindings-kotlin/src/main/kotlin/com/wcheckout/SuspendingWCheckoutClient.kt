package com.wcheckout

import com.wcheckout.ffi.FfiCancel
import kotlin.coroutines.cancellation.CancellationException
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flowOn

/**
 * `suspend` versions of every [WCheckoutClient] call: each runs the blocking native call on
 * [dispatcher] (`Dispatchers.IO` by default), so callers never block their own thread.
 *
 * Every call also takes `timeout` (of one attempt) and `maxRetries` for that call only. When the
 * calling coroutine is cancelled, no further attempt or retry starts; an attempt already sent is
 * not recalled (it may still be processed: repeat the identical call or look the object up), and
 * the coroutine finishes once that attempt ends (the client's timeouts bound it).
 *
 * ```kotlin
 * val order = client.suspending.getCheckoutOrderInfo("A1001")
 * client.suspending.iterCheckoutOrders().collect { println(it.orderNo) }
 * ```
 */
class SuspendingWCheckoutClient @JvmOverloads constructor(
    /** The blocking client every call delegates to. */
    val blocking: WCheckoutClient,
    private val dispatcher: CoroutineDispatcher = Dispatchers.IO,
) {
    /** Runs [block] on a per-call client (overrides, and a cancel flag the coroutine's cancellation sets). */
    private suspend fun <T> io(timeout: Duration?, maxRetries: Int?, block: WCheckoutClient.() -> T): T {
        val cancel = FfiCancel()
        try {
            val client = blocking.forCall(timeout, maxRetries, cancel)
            return client.use {
                coroutineScope {
                    // The outcome as a value: once the caller is cancelled, the call's own ending
                    // (a "cancelled" error) must not replace the CancellationException.
                    val call = async(dispatcher) { runCatching { it.block() } }
                    try {
                        call.await().getOrThrow()
                    } catch (e: CancellationException) {
                        cancel.cancel() // no further attempt of this call starts
                        throw e
                    }
                }
            }
        } finally {
            cancel.close()
        }
    }

    /** See [WCheckoutClient.createCheckoutOrder]. */
    suspend fun createCheckoutOrder(request: CreateCheckoutOrderRequest, forwardedFor: String? = null, timeout: Duration? = null, maxRetries: Int? = null) =
        io(timeout, maxRetries) { createCheckoutOrder(request, forwardedFor) }

    /** See [WCheckoutClient.cancelCheckoutOrder]. */
    suspend fun cancelCheckoutOrder(orderNo: String, timeout: Duration? = null, maxRetries: Int? = null) = io(timeout, maxRetries) { cancelCheckoutOrder(orderNo) }

    /** See [WCheckoutClient.getCheckoutOrderInfo]. */
    suspend fun getCheckoutOrderInfo(orderNo: String, timeout: Duration? = null, maxRetries: Int? = null) = io(timeout, maxRetries) { getCheckoutOrderInfo(orderNo) }

    /** See [WCheckoutClient.listCheckoutOrders]. */
    suspend fun listCheckoutOrders(request: ListCheckoutOrdersRequest = ListCheckoutOrdersRequest(), timeout: Duration? = null, maxRetries: Int? = null) =
        io(timeout, maxRetries) { listCheckoutOrders(request) }

    /** Every matching checkout order as a cold [Flow]; pages are fetched on [dispatcher]. */
    fun iterCheckoutOrders(request: ListCheckoutOrdersRequest = ListCheckoutOrdersRequest()): Flow<CheckoutOrder> =
        flowOf { iterCheckoutOrders(request) }

    /** See [WCheckoutClient.createRefundOrder]. */
    suspend fun createRefundOrder(request: CreateRefundOrderRequest, timeout: Duration? = null, maxRetries: Int? = null) = io(timeout, maxRetries) { createRefundOrder(request) }

    /** See [WCheckoutClient.cancelRefundOrder]. */
    suspend fun cancelRefundOrder(refundOrderNo: String, timeout: Duration? = null, maxRetries: Int? = null) = io(timeout, maxRetries) { cancelRefundOrder(refundOrderNo) }

    /** See [WCheckoutClient.getRefundOrderInfo]. */
    suspend fun getRefundOrderInfo(refundOrderNo: String, timeout: Duration? = null, maxRetries: Int? = null) = io(timeout, maxRetries) { getRefundOrderInfo(refundOrderNo) }

    /** See [WCheckoutClient.listRefundOrders]. */
    suspend fun listRefundOrders(request: ListRefundOrdersRequest = ListRefundOrdersRequest(), timeout: Duration? = null, maxRetries: Int? = null) =
        io(timeout, maxRetries) { listRefundOrders(request) }

    /** Every matching refund order as a cold [Flow]. */
    fun iterRefundOrders(request: ListRefundOrdersRequest = ListRefundOrdersRequest()): Flow<RefundOrder> =
        flowOf { iterRefundOrders(request) }

    /** See [WCheckoutClient.createSettlementOrder]. */
    suspend fun createSettlementOrder(request: CreateSettlementOrderRequest, timeout: Duration? = null, maxRetries: Int? = null) = io(timeout, maxRetries) { createSettlementOrder(request) }

    /** See [WCheckoutClient.createFiatSettlementOrder]. */
    suspend fun createFiatSettlementOrder(request: CreateFiatSettlementOrderRequest, timeout: Duration? = null, maxRetries: Int? = null) =
        io(timeout, maxRetries) { createFiatSettlementOrder(request) }

    /** See [WCheckoutClient.cancelSettlementOrder]. */
    suspend fun cancelSettlementOrder(settlementOrderNo: String, timeout: Duration? = null, maxRetries: Int? = null) = io(timeout, maxRetries) { cancelSettlementOrder(settlementOrderNo) }

    /** See [WCheckoutClient.getSettlementOrder]. */
    suspend fun getSettlementOrder(settlementOrderNo: String, timeout: Duration? = null, maxRetries: Int? = null) = io(timeout, maxRetries) { getSettlementOrder(settlementOrderNo) }

    /** See [WCheckoutClient.listSettlementOrders]. */
    suspend fun listSettlementOrders(request: ListSettlementOrdersRequest = ListSettlementOrdersRequest(), timeout: Duration? = null, maxRetries: Int? = null) =
        io(timeout, maxRetries) { listSettlementOrders(request) }

    /** Every matching settlement order as a cold [Flow]. */
    fun iterSettlementOrders(request: ListSettlementOrdersRequest = ListSettlementOrdersRequest()): Flow<SettlementOrder> =
        flowOf { iterSettlementOrders(request) }

    /** See [WCheckoutClient.listAbnormalPayments]. */
    suspend fun listAbnormalPayments(request: ListAbnormalPaymentsRequest = ListAbnormalPaymentsRequest(), timeout: Duration? = null, maxRetries: Int? = null) =
        io(timeout, maxRetries) { listAbnormalPayments(request) }

    /** Every matching abnormal payment as a cold [Flow]. */
    fun iterAbnormalPayments(request: ListAbnormalPaymentsRequest = ListAbnormalPaymentsRequest()): Flow<AbnormalPayment> =
        flowOf { iterAbnormalPayments(request) }

    /** See [WCheckoutClient.createAbnormalPaymentRefund]. */
    suspend fun createAbnormalPaymentRefund(request: CreateAbnormalPaymentRefundRequest, timeout: Duration? = null, maxRetries: Int? = null) =
        io(timeout, maxRetries) { createAbnormalPaymentRefund(request) }

    /** See [WCheckoutClient.request]. */
    suspend fun request(method: String, path: String, query: List<Pair<String, String>> = emptyList(), body: String? = null, timeout: Duration? = null, maxRetries: Int? = null) =
        io(timeout, maxRetries) { request(method, path, query, body) }

    /** See [WCheckoutClient.call]. */
    suspend fun call(operation: String, paramsJson: String, timeout: Duration? = null, maxRetries: Int? = null) = io(timeout, maxRetries) { call(operation, paramsJson) }

    // The sequence (and so every page fetch) is created and advanced on the dispatcher.
    private fun <T> flowOf(sequence: WCheckoutClient.() -> Sequence<T>): Flow<T> =
        Iterable { blocking.sequence().iterator() }.asFlow().flowOn(dispatcher)
}
