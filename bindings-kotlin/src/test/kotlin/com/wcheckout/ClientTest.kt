package com.wcheckout

import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal

/** Every operation of the client against the real sandbox process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTest {
    private val sandbox = Sandbox()
    private val client = sandbox.client()

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
    }

    @Test
    fun createGetAndPayAnOrder() {
        val req = CreateCheckoutOrderRequest(
            orderNo = uniqueNo("P"),
            orderAmount = BigDecimal("12.50"),
            customerId = "cust42",
            token = Token.EthUsdt,
            expiredIn = 900uL,
        )
        val created = client.createCheckoutOrder(req, forwardedFor = "203.0.113.7")
        assertEquals(req.orderNo, created.orderNo)
        assertTrue(created.sysid.startsWith("OR"), created.sysid)
        assertEquals("12.50", created.payingAmount!!.toPlainString(), "exact digits survive the FFI")
        assertEquals(Token.EthUsdt, created.token)
        assertNotNull(created.depositAddress)

        val info = client.getCheckoutOrderInfo(req.orderNo)
        assertEquals(OrderStatus.Paying, info.orderStatus)
        assertEquals(BigDecimal("12.50"), info.orderAmount)
        assertEquals("PAYING", info.orderStatus.wire())

        sandbox.pay(req.orderNo, created.payingAmount!!)
        val paid = client.getCheckoutOrderInfo(req.orderNo)
        assertEquals(OrderStatus.Paid, paid.orderStatus)
        assertNotNull(paid.txHash)
        assertTrue(client.userAgent.contains("kotlin/"), client.userAgent)
        assertEquals(sandbox.baseUrl, client.baseUrl)
    }

    @Test
    fun cancelIsIdempotentButAPaidOrderCannotBeCancelled() {
        val created = client.newOrder()
        assertEquals(OrderStatus.Cancelled, client.cancelCheckoutOrder(created.orderNo).orderStatus)
        // Cancelling again returns the cancelled order (an earlier attempt may have landed).
        assertEquals(OrderStatus.Cancelled, client.cancelCheckoutOrder(created.orderNo).orderStatus)
        val paid = client.newOrder(amount = "2")
        sandbox.pay(paid.orderNo, BigDecimal("2"))
        val e = assertThrows<WCheckoutException.Api> { client.cancelCheckoutOrder(paid.orderNo) }
        assertEquals("00011", e.retcode)
        assertNotNull(e.httpStatus)
        assertTrue(e.retmsg!!.isNotEmpty() && e.message.contains("00011"), e.message)
    }

    @Test
    fun listAndIterateOrders() {
        val customer = uniqueNo("C")
        val nos = (1..5).map { client.newOrder(customer = customer).orderNo }.toSet()
        val page = client.listCheckoutOrders(ListCheckoutOrdersRequest(pageNum = 1u, pageSize = 2u, customerId = customer))
        assertEquals(2, page.records.size)
        assertEquals(5L, page.total)
        assertTrue(page.hasMore)
        val all = client.iterCheckoutOrders(ListCheckoutOrdersRequest(pageSize = 2u, customerId = customer)).toList()
        assertEquals(nos, all.map { it.orderNo }.toSet())
        val paying = client.listCheckoutOrders(
            ListCheckoutOrdersRequest(customerId = customer, orderStatus = OrderStatus.Paying),
        )
        assertEquals(5, paying.records.size)
    }

    @Test
    fun refundLifecycle() {
        val order = client.newOrder(amount = "40")
        sandbox.pay(order.orderNo, order.payingAmount!!)
        val refundNo = uniqueNo("R")
        val refund = client.createRefundOrder(
            CreateRefundOrderRequest(refundOrderNo = refundNo, amount = BigDecimal("10.25"), orderNo = order.orderNo),
        )
        assertEquals(refundNo, refund.refundOrderNo)
        assertEquals(BigDecimal("10.25"), refund.amount)
        assertEquals(RefundStatus.PendingRefund, refund.refundStatus)
        assertEquals(refund.sysid, client.getRefundOrderInfo(refundNo).sysid)

        sandbox.ctl("POST", "/refunds/$refundNo/process")
        sandbox.ctl("POST", "/refunds/$refundNo/complete")
        assertEquals(RefundStatus.Refunded, client.getRefundOrderInfo(refundNo).refundStatus)

        val second = uniqueNo("R")
        client.createRefundOrder(CreateRefundOrderRequest(second, amount = BigDecimal("1"), orderNo = order.orderNo))
        assertEquals(RefundStatus.Cancelled, client.cancelRefundOrder(second).refundStatus)

        val page = client.listRefundOrders(ListRefundOrdersRequest(orderNo = order.orderNo))
        assertEquals(setOf(refundNo, second), page.records.map { it.refundOrderNo }.toSet())
        val iterated = client.iterRefundOrders(ListRefundOrdersRequest(orderNo = order.orderNo, pageSize = 1u)).toList()
        assertEquals(2, iterated.size)
        val refunded = client.listRefundOrders(
            ListRefundOrdersRequest(orderNo = order.orderNo, refundStatus = RefundStatus.Refunded),
        )
        assertEquals(listOf(refundNo), refunded.records.map { it.refundOrderNo })
    }

    @Test
    fun settlementLifecycle() {
        // SOL_USDC is used only here, so this test owns that token's balance.
        val order = client.newOrder(amount = "100", token = Token.SolUsdc)
        sandbox.pay(order.orderNo, order.payingAmount!!)
        val no = uniqueNo("S")
        val s = client.createSettlementOrder(
            CreateSettlementOrderRequest(no, token = Token.SolUsdc, address = "So1anaAddr", amount = BigDecimal("60.5"), orderNos = listOf(order.orderNo)),
        )
        assertEquals(SettleStatus.PendingSettlement, s.settleStatus)
        assertEquals("60.5", s.settlementAmount!!.toPlainString())
        assertEquals(no, client.getSettlementOrder(no).settlementOrderNo)

        val tooMuch = assertThrows<WCheckoutException.Api> {
            client.createSettlementOrder(CreateSettlementOrderRequest(uniqueNo("S"), token = Token.SolUsdc, address = "x", amount = BigDecimal("40")))
        }
        assertEquals("00012", tooMuch.retcode)

        val fiatNo = uniqueNo("F")
        val fiat = client.createFiatSettlementOrder(
            CreateFiatSettlementOrderRequest(fiatNo, token = Token.SolUsdc, amount = BigDecimal("20"), fiat = "USD", bankAccountId = "BA1"),
        )
        assertEquals("USD", fiat.fiat)
        assertEquals("BA1", fiat.bankAccountId)
        assertEquals(SettleStatus.Cancelled, client.cancelSettlementOrder(fiatNo).settleStatus)

        sandbox.ctl("POST", "/settlements/$no/process")
        assertEquals(SettleStatus.Settling, client.getSettlementOrder(no).settleStatus)
        sandbox.ctl("POST", "/settlements/$no/complete")
        val done = client.getSettlementOrder(no)
        assertEquals(SettleStatus.Settled, done.settleStatus)
        assertTrue(done.txHash!!.startsWith("0x"))

        val listed = client.listSettlementOrders(ListSettlementOrdersRequest(pageSize = 100u)).records.map { it.settlementOrderNo }
        assertTrue(listed.containsAll(listOf(no, fiatNo)))
        val settled = client.iterSettlementOrders(ListSettlementOrdersRequest(settleStatus = SettleStatus.Settled, pageSize = 1u))
            .map { it.settlementOrderNo }.toList()
        assertTrue(no in settled)
    }

    @Test
    fun abnormalPaymentsAndTheirRefunds() {
        val order = client.newOrder(amount = "10", token = Token.TrxUsdt)
        val hash = txHash()
        sandbox.pay(order.orderNo, BigDecimal("10.75"), hash)
        assertEquals(OrderStatus.Paid, client.getCheckoutOrderInfo(order.orderNo).orderStatus)
        val page = client.listAbnormalPayments(ListAbnormalPaymentsRequest(orderNo = order.orderNo))
        val abnormal = page.records.single()
        assertEquals(AbnormalPaymentType.OverPaid, abnormal.abnormalType)
        assertEquals(BigDecimal("0.75"), abnormal.pendingAmount)
        assertEquals(AbnormalPaymentStatus.Pending, abnormal.status)
        assertEquals(
            listOf(abnormal.abnormalPaymentNo),
            client.iterAbnormalPayments(ListAbnormalPaymentsRequest(orderNo = order.orderNo)).map { it.abnormalPaymentNo }.toList(),
        )
        val refund = client.createAbnormalPaymentRefund(
            CreateAbnormalPaymentRefundRequest(uniqueNo("AR"), order.orderNo, hash, Token.TrxUsdt, remark = "overpaid"),
        )
        assertEquals(order.orderNo, refund.orderNo)

        // An under-payment, refunded through CreateRefundOrder with abnormalPaymentNo.
        val under = client.newOrder(amount = "10", token = Token.TrxUsdt)
        sandbox.pay(under.orderNo, BigDecimal("4"))
        val ab = client.listAbnormalPayments(ListAbnormalPaymentsRequest(orderNo = under.orderNo)).records.single()
        assertEquals(AbnormalPaymentType.UnderPaid, ab.abnormalType)
        val r = client.createRefundOrder(
            CreateRefundOrderRequest(uniqueNo("UR"), amount = BigDecimal("4"), abnormalPaymentNo = ab.abnormalPaymentNo, address = "Txyz"),
        )
        assertEquals(ab.abnormalPaymentNo, r.abnormalPaymentNo)
    }

    @Test
    fun rawRequestAndCallByName() {
        val order = client.newOrder()
        val json = client.request("GET", "/checkout/order/info", listOf("orderNo" to order.orderNo))
        assertEquals(order.orderNo, JSON.readTree(json)["orderNo"].asText())
        val listed = client.request("POST", "/checkout/order/list", body = "{ \"pageNum\": 1, \"pageSize\": 1 }")
        assertEquals(1, JSON.readTree(listed)["records"].size())
        val called = client.call("get_checkout_order_info", """{"orderNo":"${order.orderNo}"}""")
        assertEquals("12.50", JSON.readTree(called)["orderAmount"].decimalValue().toPlainString())
    }

    @Test
    fun tokenRefreshAfterExpiry() {
        val order = client.newOrder()
        sandbox.ctl("POST", "/tokens/expire")
        assertEquals(order.orderNo, client.getCheckoutOrderInfo(order.orderNo).orderNo)
        client.clearToken()
        assertEquals(order.orderNo, client.getCheckoutOrderInfo(order.orderNo).orderNo)
    }

    @Test
    fun enumsKeepUnknownValues() {
        val t = Token.fromWire("BSC_USDT")
        assertEquals(Token.Unknown("BSC_USDT"), t)
        assertEquals("BSC_USDT", t.wire())
        assertEquals(false, t.isKnown())
        assertEquals(Token.EthUsdt, Token.fromWire("ETH_USDT"))
        assertEquals("ETH_USDT", Token.EthUsdt.toString())
        assertEquals(OrderStatus.Paid, OrderStatus.fromWire("PAID"))
        assertEquals(OrderStatus.Unknown("ON_HOLD"), OrderStatus.fromWire("ON_HOLD"))
        assertEquals("ON_HOLD", OrderStatus.Unknown("ON_HOLD").wire())
        // Known text wrapped as Unknown still means the known value on the wire.
        assertEquals("PAID", OrderStatus.Unknown("PAID").wire())
        assertEquals(SettleStatus.Rejected, SettleStatus.fromWire("REJECTED"))
        assertEquals(RefundStatus.Failed, RefundStatus.fromWire("FAILED"))
        assertEquals(AbnormalPaymentType.LatePayment, AbnormalPaymentType.fromWire("LATE_PAYMENT"))
        assertEquals(AbnormalPaymentStatus.Handled, AbnormalPaymentStatus.fromWire("HANDLED"))
        assertEquals(EventType.Unknown("X"), EventType.fromWire("X"))
    }
}
