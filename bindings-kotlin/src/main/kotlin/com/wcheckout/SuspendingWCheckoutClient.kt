package com.wcheckout

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.withContext

/**
 * `suspend` versions of every [WCheckoutClient] call: each runs the blocking native call on
 * [dispatcher] (`Dispatchers.IO` by default), so callers never block their own thread. A native
 * call in flight is not interrupted by cancellation; the client's timeouts bound it.
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
    private suspend inline fun <T> io(crossinline block: WCheckoutClient.() -> T): T =
        withContext(dispatcher) { blocking.block() }

    /** See [WCheckoutClient.createCheckoutOrder]. */
    suspend fun createCheckoutOrder(request: CreateCheckoutOrderRequest, forwardedFor: String? = null) =
        io { createCheckoutOrder(request, forwardedFor) }

    /** See [WCheckoutClient.cancelCheckoutOrder]. */
    suspend fun cancelCheckoutOrder(orderNo: String) = io { cancelCheckoutOrder(orderNo) }

    /** See [WCheckoutClient.getCheckoutOrderInfo]. */
    suspend fun getCheckoutOrderInfo(orderNo: String) = io { getCheckoutOrderInfo(orderNo) }

    /** See [WCheckoutClient.listCheckoutOrders]. */
    suspend fun listCheckoutOrders(request: ListCheckoutOrdersRequest = ListCheckoutOrdersRequest()) =
        io { listCheckoutOrders(request) }

    /** Every matching checkout order as a cold [Flow]; pages are fetched on [dispatcher]. */
    fun iterCheckoutOrders(request: ListCheckoutOrdersRequest = ListCheckoutOrdersRequest()): Flow<CheckoutOrder> =
        flowOf { iterCheckoutOrders(request) }

    /** See [WCheckoutClient.createRefundOrder]. */
    suspend fun createRefundOrder(request: CreateRefundOrderRequest) = io { createRefundOrder(request) }

    /** See [WCheckoutClient.cancelRefundOrder]. */
    suspend fun cancelRefundOrder(refundOrderNo: String) = io { cancelRefundOrder(refundOrderNo) }

    /** See [WCheckoutClient.getRefundOrderInfo]. */
    suspend fun getRefundOrderInfo(refundOrderNo: String) = io { getRefundOrderInfo(refundOrderNo) }

    /** See [WCheckoutClient.listRefundOrders]. */
    suspend fun listRefundOrders(request: ListRefundOrdersRequest = ListRefundOrdersRequest()) =
        io { listRefundOrders(request) }

    /** Every matching refund order as a cold [Flow]. */
    fun iterRefundOrders(request: ListRefundOrdersRequest = ListRefundOrdersRequest()): Flow<RefundOrder> =
        flowOf { iterRefundOrders(request) }

    /** See [WCheckoutClient.createSettlementOrder]. */
    suspend fun createSettlementOrder(request: CreateSettlementOrderRequest) = io { createSettlementOrder(request) }

    /** See [WCheckoutClient.createFiatSettlementOrder]. */
    suspend fun createFiatSettlementOrder(request: CreateFiatSettlementOrderRequest) =
        io { createFiatSettlementOrder(request) }

    /** See [WCheckoutClient.cancelSettlementOrder]. */
    suspend fun cancelSettlementOrder(settlementOrderNo: String) = io { cancelSettlementOrder(settlementOrderNo) }

    /** See [WCheckoutClient.getSettlementOrder]. */
    suspend fun getSettlementOrder(settlementOrderNo: String) = io { getSettlementOrder(settlementOrderNo) }

    /** See [WCheckoutClient.listSettlementOrders]. */
    suspend fun listSettlementOrders(request: ListSettlementOrdersRequest = ListSettlementOrdersRequest()) =
        io { listSettlementOrders(request) }

    /** Every matching settlement order as a cold [Flow]. */
    fun iterSettlementOrders(request: ListSettlementOrdersRequest = ListSettlementOrdersRequest()): Flow<SettlementOrder> =
        flowOf { iterSettlementOrders(request) }

    /** See [WCheckoutClient.listAbnormalPayments]. */
    suspend fun listAbnormalPayments(request: ListAbnormalPaymentsRequest = ListAbnormalPaymentsRequest()) =
        io { listAbnormalPayments(request) }

    /** Every matching abnormal payment as a cold [Flow]. */
    fun iterAbnormalPayments(request: ListAbnormalPaymentsRequest = ListAbnormalPaymentsRequest()): Flow<AbnormalPayment> =
        flowOf { iterAbnormalPayments(request) }

    /** See [WCheckoutClient.createAbnormalPaymentRefund]. */
    suspend fun createAbnormalPaymentRefund(request: CreateAbnormalPaymentRefundRequest) =
        io { createAbnormalPaymentRefund(request) }

    /** See [WCheckoutClient.request]. */
    suspend fun request(method: String, path: String, query: List<Pair<String, String>> = emptyList(), body: String? = null) =
        io { request(method, path, query, body) }

    /** See [WCheckoutClient.call]. */
    suspend fun call(operation: String, paramsJson: String) = io { call(operation, paramsJson) }

    // The sequence (and so every page fetch) is created and advanced on the dispatcher.
    private fun <T> flowOf(sequence: WCheckoutClient.() -> Sequence<T>): Flow<T> =
        Iterable { blocking.sequence().iterator() }.asFlow().flowOn(dispatcher)
}
