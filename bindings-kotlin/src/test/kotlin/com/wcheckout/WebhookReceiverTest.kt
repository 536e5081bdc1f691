package com.wcheckout

import com.fasterxml.jackson.databind.JsonNode
import com.sun.net.httpserver.HttpServer
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.math.BigDecimal
import java.net.InetSocketAddress
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * A JDK HttpServer receives the sandbox's real webhook deliveries, verifies each with
 * [WebhookVerifier] over the raw body and answers with the acknowledgement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookReceiverTest {
    private val events = LinkedBlockingQueue<WebhookEvent>()
    private val rejected = LinkedBlockingQueue<String>()
    private val verifier = WebhookVerifier(Sandbox.SIGN_KEY)
    private val server: HttpServer = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0).apply {
        createContext("/hooks/wcheckout") { exchange ->
            val body = exchange.requestBody.readBytes()
            val (status, answer) = try {
                events.add(verifier.verify(exchange.requestHeaders, body))
                200 to WEBHOOK_ACKNOWLEDGEMENT
            } catch (e: WCheckoutException.Webhook) {
                rejected.add(e.code)
                401 to """{"error":"${e.code}"}"""
            }
            val bytes = answer.toByteArray()
            exchange.responseHeaders.add("Content-Type", "application/json")
            exchange.sendResponseHeaders(status, bytes.size.toLong())
            exchange.responseBody.use { it.write(bytes) }
        }
        start()
    }
    private val sandbox = Sandbox(webhookUrl = "http://127.0.0.1:${server.address.port}/hooks/wcheckout")
    private val client = sandbox.client()

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
        server.stop(0)
    }

    private inline fun <reified T : WebhookEvent> next(match: (T) -> Boolean): T {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15)
        while (System.nanoTime() < deadline) {
            val e = events.poll(100, TimeUnit.MILLISECONDS) ?: continue
            if (e is T && match(e)) return e
        }
        error("no ${T::class.simpleName} webhook arrived in time; rejected so far: $rejected")
    }

    /** Waits until the sandbox's delivery log shows an attempt for [orderNo] answered with [status]. */
    private fun awaitAttempt(orderNo: String, status: Int) {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        var mine: List<JsonNode> = emptyList()
        while (System.nanoTime() < deadline) {
            val d = sandbox.ctl("GET", "/webhooks")
            val list = if (d.isArray) d else d.elements().asSequence().first { it.isArray }
            mine = list.filter { it["body"].asText().contains(orderNo) }
            if (mine.any { x -> x["attempts"].any { it["httpStatus"]?.asInt() == status } }) return
            Thread.sleep(50)
        }
        error("no delivery attempt for $orderNo answered $status: $mine")
    }

    @Test
    fun receivesAndVerifiesEveryEventKind() {
        val order = client.newOrder(amount = "25.10", token = Token.EthUsdc)
        sandbox.pay(order.orderNo, order.payingAmount!!)
        val paid = next<WebhookEvent.CheckoutOrderChanged> { it.data.orderNo == order.orderNo }
        assertEquals(OrderStatus.Paid, paid.data.orderStatus)
        assertEquals(BigDecimal("25.10"), paid.data.orderAmount)
        assertTrue(paid.eventId.startsWith("evt_"), paid.eventId)
        assertEquals(EventType.CheckoutOrderChanged, paid.eventType)

        val refundNo = uniqueNo("WR")
        client.createRefundOrder(CreateRefundOrderRequest(refundNo, amount = BigDecimal("5"), orderNo = order.orderNo))
        sandbox.ctl("POST", "/refunds/$refundNo/process")
        sandbox.ctl("POST", "/refunds/$refundNo/complete")
        val refunded = next<WebhookEvent.RefundOrderChanged> {
            it.data.refundOrderNo == refundNo && it.data.refundStatus == RefundStatus.Refunded
        }
        assertEquals(BigDecimal("5"), refunded.data.amount)

        val settlementNo = uniqueNo("WS")
        client.createSettlementOrder(CreateSettlementOrderRequest(settlementNo, token = Token.EthUsdc, address = "0xabc", amount = BigDecimal("10")))
        sandbox.ctl("POST", "/settlements/$settlementNo/reject")
        val rejectedSettlement = next<WebhookEvent.SettlementOrderChanged> {
            it.data.settlementOrderNo == settlementNo && it.data.settleStatus == SettleStatus.Rejected
        }
        assertEquals(BigDecimal("10"), rejectedSettlement.data.settlementAmount)

        val over = client.newOrder(amount = "3", token = Token.EthUsdc)
        sandbox.pay(over.orderNo, BigDecimal("3.3"))
        val abnormal = next<WebhookEvent.AbnormalPayment> { it.data.orderNo == over.orderNo }
        assertEquals(AbnormalPaymentType.OverPaid, abnormal.data.abnormalType)
        assertEquals(BigDecimal("0.3"), abnormal.data.pendingAmount)
        assertTrue(rejected.isEmpty(), "no delivery may fail verification: $rejected")

        // The sandbox saw our acknowledgement: its delivery log shows the order's event delivered.
        awaitAttempt(order.orderNo, 200)
    }

    @Test
    fun aReceiverWithTheWrongKeyRejectsDeliveriesAndTheSandboxSeesIt() {
        val wrongKeyRejections = LinkedBlockingQueue<String>()
        val wrong = WebhookVerifier("not_the_sign_key")
        server.createContext("/hooks/wrong-key") { exchange ->
            val body = exchange.requestBody.readBytes()
            val status = try {
                wrong.verify(exchange.requestHeaders, body)
                200
            } catch (e: WCheckoutException.Webhook) {
                wrongKeyRejections.add(e.code)
                401
            }
            exchange.sendResponseHeaders(status, -1)
            exchange.close()
        }
        val good = "http://127.0.0.1:${server.address.port}/hooks/wcheckout"
        sandbox.ctl("PUT", "/webhook-url", mapOf("url" to "http://127.0.0.1:${server.address.port}/hooks/wrong-key"))
        try {
            val order = client.newOrder(token = Token.EthUsdc)
            sandbox.pay(order.orderNo, order.payingAmount!!)
            assertEquals("webhook_signature_mismatch", wrongKeyRejections.poll(15, TimeUnit.SECONDS))
            awaitAttempt(order.orderNo, 401)
        } finally {
            sandbox.ctl("PUT", "/webhook-url", mapOf("url" to good))
        }
    }
}
