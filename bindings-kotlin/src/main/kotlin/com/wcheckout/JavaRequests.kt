package com.wcheckout

import java.math.BigDecimal

/**
 * For Java: the request records whose constructors Java cannot call. The records are the core's
 * types, so a core `u32`/`u64` field is a Kotlin `UInt`/`ULong` (page numbers and sizes,
 * `expiredIn`), and Kotlin compiles a constructor taking such a value class as synthetic, which
 * javac refuses. These factories take `Integer`/`Long` instead and build the record; their
 * parameters are the record's, in the record's order (`ModelGuardTest` checks they stay so).
 * Kotlin code uses the constructors (`ListCheckoutOrdersRequest(pageSize = 20u)`).
 *
 * ```java
 * ListCheckoutOrdersRequest mine = JavaRequests.listCheckoutOrders(null, 20, null, "cust42", null);
 * ```
 */
object JavaRequests {
    /** A [CreateCheckoutOrderRequest]; [expiredIn] in seconds, not negative. */
    @JvmStatic
    @Throws(WCheckoutException::class)
    fun createCheckoutOrder(
        orderNo: String,
        orderAmount: BigDecimal,
        customerId: String,
        merchantId: String?,
        token: Token,
        fiat: String?,
        expiredIn: Long?,
        pcCallbackUrl: String?,
        appCallbackUrl: String?,
    ): CreateCheckoutOrderRequest = CreateCheckoutOrderRequest(
        orderNo, orderAmount, customerId, merchantId, token, fiat, unsigned("expiredIn", expiredIn),
        pcCallbackUrl, appCallbackUrl,
    )

    /** A [ListCheckoutOrdersRequest]; `null` leaves a filter or the paging at its default. */
    @JvmStatic
    @Throws(WCheckoutException::class)
    fun listCheckoutOrders(
        pageNum: Int?,
        pageSize: Int?,
        orderStatus: OrderStatus?,
        customerId: String?,
        merchantId: String?,
    ): ListCheckoutOrdersRequest = ListCheckoutOrdersRequest(
        unsigned("pageNum", pageNum), unsigned("pageSize", pageSize), orderStatus, customerId, merchantId,
    )

    /** A [ListRefundOrdersRequest]. */
    @JvmStatic
    @Throws(WCheckoutException::class)
    fun listRefundOrders(pageNum: Int?, pageSize: Int?, orderNo: String?, refundStatus: RefundStatus?): ListRefundOrdersRequest =
        ListRefundOrdersRequest(unsigned("pageNum", pageNum), unsigned("pageSize", pageSize), orderNo, refundStatus)

    /** A [ListSettlementOrdersRequest]. */
    @JvmStatic
    @Throws(WCheckoutException::class)
    fun listSettlementOrders(pageNum: Int?, pageSize: Int?, settleStatus: SettleStatus?): ListSettlementOrdersRequest =
        ListSettlementOrdersRequest(unsigned("pageNum", pageNum), unsigned("pageSize", pageSize), settleStatus)

    /** A [ListAbnormalPaymentsRequest]. */
    @JvmStatic
    @Throws(WCheckoutException::class)
    fun listAbnormalPayments(
        pageNum: Int?,
        pageSize: Int?,
        orderNo: String?,
        status: AbnormalPaymentStatus?,
    ): ListAbnormalPaymentsRequest =
        ListAbnormalPaymentsRequest(unsigned("pageNum", pageNum), unsigned("pageSize", pageSize), orderNo, status)

    private fun unsigned(field: String, value: Int?): UInt? = value?.let {
        if (it >= 0) it.toUInt() else throw negative(field, it.toLong())
    }

    private fun unsigned(field: String, value: Long?): ULong? = value?.let {
        if (it >= 0) it.toULong() else throw negative(field, it)
    }

    private fun negative(field: String, value: Long) =
        WCheckoutException.InvalidArgument("invalid argument: $field must be zero or positive, got $value")
}
