package com.wcheckout

import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal

/** `suspend` wrappers: many concurrent calls complete, on Dispatchers.IO, without blocking the caller. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoroutinesTest {
    private val sandbox = Sandbox()
    private val client = sandbox.client()

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
    }

    @Test
    fun manyConcurrentCallsComplete() = runBlocking {
        val n = 200
        val api = client.suspending
        val created = (1..n).map { i ->
            async {
                api.createCheckoutOrder(
                    CreateCheckoutOrderRequest(uniqueNo("K"), BigDecimal("1.$i"), "co$i", token = Token.EthUsdt),
                )
            }
        }.awaitAll()
        assertEquals(n, created.map { it.orderNo }.toSet().size)
        val fetched = created.map { c -> async { api.getCheckoutOrderInfo(c.orderNo) } }.awaitAll()
        assertEquals(created.map { it.orderNo }, fetched.map { it.orderNo })
        fetched.forEachIndexed { i, o -> assertEquals(BigDecimal("1.${i + 1}"), o.orderAmount) }
    }

    @Test
    fun callsRunOnTheIoDispatcherNotTheCaller() = runBlocking {
        val order = client.newOrder()
        // Every call waits 300 ms in the sandbox; 10 at once finish far sooner than 10 × 300 ms,
        // so none of them held the single runBlocking thread.
        sandbox.fault("delay", path = "/checkout/order/info", count = 10, delayMs = 300)
        val start = System.nanoTime()
        val results = (1..10).map { async { client.suspending.getCheckoutOrderInfo(order.orderNo) } }.awaitAll()
        val elapsedMs = (System.nanoTime() - start) / 1_000_000
        assertEquals(10, results.size)
        assertTrue(elapsedMs < 2_000, "10 delayed calls took $elapsedMs ms: they did not run concurrently")
        sandbox.clearFaults()
    }

    @Test
    fun flowsPageLazilyAndErrorsPropagate() = runBlocking {
        val customer = uniqueNo("FC")
        val nos = (1..7).map { client.suspending.createCheckoutOrder(
            CreateCheckoutOrderRequest(uniqueNo("FL"), BigDecimal("2"), customer, token = Token.EthUsdt),
        ).orderNo }
        val flowed = client.suspending.iterCheckoutOrders(ListCheckoutOrdersRequest(pageSize = 3u, customerId = customer))
            .toList()
        assertEquals(nos.toSet(), flowed.map { it.orderNo }.toSet())
        // Refunds, settlements and abnormal payments flow too: make one of each first.
        val paid = client.newOrder(amount = "10")
        sandbox.pay(paid.orderNo, BigDecimal("12")) // paid, plus an over-payment of 2
        val refundNo = uniqueNo("FR")
        client.suspending.createRefundOrder(CreateRefundOrderRequest(refundNo, amount = BigDecimal("1"), orderNo = paid.orderNo))
        val settlementNo = uniqueNo("FS")
        client.suspending.createSettlementOrder(CreateSettlementOrderRequest(settlementNo, token = Token.EthUsdt, address = "0xabc", amount = BigDecimal("3")))
        assertTrue(client.suspending.listRefundOrders().records.any { it.refundOrderNo == refundNo })
        assertTrue(client.suspending.iterRefundOrders().toList().any { it.refundOrderNo == refundNo })
        assertTrue(client.suspending.iterSettlementOrders().toList().any { it.settlementOrderNo == settlementNo })
        val abnormal = client.suspending.iterAbnormalPayments().toList().filter { it.orderNo == paid.orderNo }
        assertEquals(listOf(BigDecimal("2")), abnormal.map { it.pendingAmount?.stripTrailingZeros() })
        val e = assertThrows<WCheckoutException.Api> {
            runBlocking { client.suspending.getCheckoutOrderInfo(uniqueNo("Nope")) }
        }
        assertEquals("00010", e.retcode)
    }
}
