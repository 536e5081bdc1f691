package com.wcheckout.testing

import com.wcheckout.AbnormalPaymentType
import com.wcheckout.ClientOptions
import com.wcheckout.CreateCheckoutOrderRequest
import com.wcheckout.CreateRefundOrderRequest
import com.wcheckout.CreateSettlementOrderRequest
import com.wcheckout.EventType
import com.wcheckout.OrderStatus
import com.wcheckout.RefundStatus
import com.wcheckout.ResponseSignaturePolicy
import com.wcheckout.SettleStatus
import com.wcheckout.Token
import com.wcheckout.WCheckoutException
import com.wcheckout.WebhookEvent
import com.wcheckout.eventId
import com.wcheckout.isRetryable
import com.wcheckout.signWebhookForTest
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

private val seq = AtomicInteger()
private fun uid(prefix: String) = "$prefix${System.nanoTime().toString(36)}${seq.incrementAndGet()}"

private fun order(no: String, amount: String, token: Token = Token.EthUsdt, expiredIn: ULong? = null) =
    CreateCheckoutOrderRequest(orderNo = no, orderAmount = BigDecimal(amount), customerId = "c1", token = token, expiredIn = expiredIn)

/** The toolkit alone: no `wcheckout` binary, no process; the sandbox runs in this JVM. */
class SandboxToolkitTest {
    @Test
    fun `end to end - create, pay, PAID webhook, partial refund, settlement`() {
        Sandbox.start().use { sb ->
            val client = sb.client()
            val inbox = sb.webhookInbox()
            val no = uid("E")
            val created = client.createCheckoutOrder(order(no, "25.00"))
            assertEquals(BigDecimal("25.00"), created.payingAmount)

            val payment = sb.pay(no, created.payingAmount!!)
            assertEquals(OrderStatus.Paid, payment.order.orderStatus)
            assertNull(payment.abnormalPayment)
            val paid = inbox.awaitEventOf<WebhookEvent.CheckoutOrderChanged> {
                it.data.orderNo == no && it.data.orderStatus == OrderStatus.Paid
            }
            assertTrue(paid.eventId.startsWith("evt_"))
            assertEquals(BigDecimal("25.00"), paid.data.payingAmount)

            val refundNo = uid("R")
            client.createRefundOrder(CreateRefundOrderRequest(refundOrderNo = refundNo, amount = BigDecimal("5.50"), orderNo = no))
            assertEquals(RefundStatus.Refunded, sb.completeRefund(refundNo).refundStatus)
            val refunded = inbox.awaitEventOf<WebhookEvent.RefundOrderChanged> { it.data.refundStatus == RefundStatus.Refunded }
            assertEquals(BigDecimal("5.50"), refunded.data.amount)
            val after = client.getCheckoutOrderInfo(no)
            assertEquals(OrderStatus.PartialRefunded, after.orderStatus)
            assertEquals(BigDecimal("5.50"), after.refundedAmount)

            val settlementNo = uid("S")
            client.createSettlementOrder(CreateSettlementOrderRequest(settlementOrderNo = settlementNo, token = Token.EthUsdt, address = "0xabc", amount = BigDecimal("19.50")))
            assertEquals(SettleStatus.Settled, sb.completeSettlement(settlementNo).settleStatus)
            inbox.awaitEventOf<WebhookEvent.SettlementOrderChanged> { it.data.settleStatus == SettleStatus.Settled }
            val state = sb.state()
            assertEquals(0, BigDecimal.ZERO.compareTo(state.balances.getValue("ETH_USDT")))
            assertEquals(1L, state.counts.orders)
            assertEquals(no, state.orders.single().orderNo)

            assertEquals(sb.webhooks().map { it.eventId }, inbox.events.map { it.eventId })
            assertTrue(inbox.rejected.isEmpty())
            client.close()
        }
    }

    @Test
    fun `two sandboxes side by side in one JVM`() {
        Sandbox.start().use { a ->
            Sandbox.start(apiKey = "k2", apiSecret = "s2", signKey = "sign2").use { b ->
                assertNotEquals(a.baseUrl, b.baseUrl)
                val (ia, ib) = a.webhookInbox() to b.webhookInbox()
                a.client().createCheckoutOrder(order("SAME1", "1.25"))
                b.client().createCheckoutOrder(order("SAME1", "2.50"))
                a.pay("SAME1", BigDecimal("1.25"))
                b.pay("SAME1", BigDecimal("2.50"))
                val ea = ia.awaitEventOf<WebhookEvent.CheckoutOrderChanged> { it.data.orderStatus == OrderStatus.Paid }
                val eb = ib.awaitEventOf<WebhookEvent.CheckoutOrderChanged> { it.data.orderStatus == OrderStatus.Paid }
                assertEquals(BigDecimal("1.25"), ea.data.payingAmount)
                assertEquals(BigDecimal("2.50"), eb.data.payingAmount)
                val wrong = com.wcheckout.WCheckoutClient("k2", "s2", "sign2",
                    a.clientOptions(ClientOptions(maxRetries = 0, responseSignature = ResponseSignaturePolicy.OFF)))
                assertThrows<WCheckoutException.Auth> { wrong.getCheckoutOrderInfo("SAME1") }
                a.reset()
                assertEquals(0L, a.state().counts.orders)
                assertEquals(1L, b.state().counts.orders)
                assertEquals(1, ib.events.size)
            }
        }
    }

    @Test
    fun `control errors are typed and a closed sandbox refuses calls`() {
        val sb = Sandbox.start()
        val missing = assertThrows<WCheckoutException.Api> { sb.pay("NOPE1", BigDecimal.ONE) }
        assertEquals("00010" to 404, missing.retcode to missing.httpStatus)
        assertEquals("00010", assertThrows<WCheckoutException.Api> { sb.completeRefund("NOREFUND1") }.retcode)
        assertThrows<WCheckoutException.InvalidArgument> { sb.advanceClock(-1) }
        sb.close()
        sb.close()
        assertTrue(sb.isClosed)
        assertTrue(assertThrows<WCheckoutException.InvalidArgument> { sb.state() }.message.contains("stopped"))
        assertThrows<WCheckoutException.InvalidArgument> { Sandbox.start(apiKey = "") }
        assertThrows<WCheckoutException.InvalidArgument> { Sandbox.start(timeScale = -1.0) }
    }

    @Test
    fun `clock, faults, token expiry and state`() {
        Sandbox.start().use { sb ->
            val client = sb.client(ClientOptions(maxRetries = 0))
            val no = uid("C")
            client.createCheckoutOrder(order(no, "10", Token.TrxUsdt, expiredIn = 60uL))
            assertEquals(61L, sb.advanceClock(61.seconds).offsetSeconds)
            assertEquals(61L, sb.clock().offsetSeconds)
            assertEquals(OrderStatus.Timeout, client.getCheckoutOrderInfo(no).orderStatus)
            assertEquals(AbnormalPaymentType.LatePayment, sb.pay(no, BigDecimal.TEN).abnormalPayment?.abnormalType)

            sb.fault(FaultKind.HTTP_503, path = "/checkout/order/info", retryAfterSeconds = 3)
            val e = assertThrows<WCheckoutException> { client.getCheckoutOrderInfo(no) }
            assertTrue(e.isRetryable, e.toString())
            sb.fault(FaultKind.HTTP_500, count = 5)
            sb.clearFaults()
            assertEquals(no, client.getCheckoutOrderInfo(no).orderNo)

            assertTrue(sb.expireToken())
            assertEquals(no, client.getCheckoutOrderInfo(no).orderNo) // refetched once
            val counts = sb.state().counts
            assertEquals(2L, counts.tokensIssued)
            assertEquals(1L, counts.tokenRejections)
            assertEquals("""{"status":"ok"}""", sb.control("GET", "/health"))
            val http = HttpClient.newHttpClient()
            val res = http.send(HttpRequest.newBuilder(URI.create("${sb.baseUrl}/_sandbox/health")).build(), HttpResponse.BodyHandlers.ofString())
            assertTrue(res.body().contains("\"ok\""), res.body()) // the HTTP control API still works
            client.close()
        }
    }

    @Test
    fun `a lost webhook never arrives and the timeout says what did`() {
        Sandbox.start().use { sb ->
            val inbox = sb.webhookInbox()
            sb.fault(FaultKind.LOSE_WEBHOOK, eventType = EventType.CheckoutOrderChanged)
            val no = uid("L")
            sb.client().createCheckoutOrder(order(no, "3"))
            sb.pay(no, BigDecimal("3"))
            assertEquals(listOf("lost"), sb.webhooks().map { it.status })
            val e = assertThrows<WebhookTimeoutException> { inbox.awaitEvent(200.milliseconds) { true } }
            assertTrue(e.message!!.contains("received 0: nothing"), e.message)
            sb.webhookUrl = null
            assertNull(sb.webhookUrl)
        }
    }

    @Test
    fun `an inbox refuses deliveries that do not verify`() {
        WebhookInbox("inbox_key").use { inbox ->
            val body = """{"eventId":"evt_1","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}"""
            val http = HttpClient.newHttpClient()
            fun post(headers: Map<String, String>): Int {
                val req = HttpRequest.newBuilder(URI.create(inbox.url)).POST(HttpRequest.BodyPublishers.ofString(body))
                headers.forEach { (k, v) -> req.header(k, v) }
                return http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode()
            }
            assertEquals(400, post(signWebhookForTest("wrong_key", body.toByteArray())))
            assertEquals(listOf("webhook_signature_mismatch"), inbox.rejected.map { it.code })
            assertTrue(inbox.events.isEmpty())
            assertEquals(200, post(signWebhookForTest("inbox_key", body.toByteArray())))
            assertEquals("evt_1", inbox.awaitEvent(1000) { it.eventId == "evt_1" }.eventId)
            inbox.clear()
            assertTrue(inbox.events.isEmpty())
        }
    }

    @Test
    fun `suspending wait`() = runBlocking {
        Sandbox.start().use { sb ->
            val inbox = sb.webhookInbox()
            val no = uid("A")
            val created = sb.client().suspending.createCheckoutOrder(order(no, "4", Token.SolUsdc))
            sb.pay(no, created.payingAmount!!)
            val ev = inbox.awaitEventSuspending { it is WebhookEvent.CheckoutOrderChanged && it.data.orderNo == no }
            assertEquals(no, (ev as WebhookEvent.CheckoutOrderChanged).data.orderNo)
        }
    }

    @Test
    fun `toString never shows secrets`() {
        Sandbox.start(apiSecret = "s3cr3t_value", signKey = "k3y_value").use { sb ->
            val text = sb.toString() + sb.webhookInbox().toString() + sb.clientOptions().toString()
            assertFalse(text.contains("s3cr3t_value") || text.contains("k3y_value"), text)
            assertTrue(sb.toString().contains(sb.baseUrl))
        }
    }

    @Test
    fun `a sandbox left open is closed when the JVM exits, which it does not delay`() {
        val javaBin = java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString()
        val cp = System.getProperty("java.class.path")
        val started = System.nanoTime()
        val proc = ProcessBuilder(javaBin, "-cp", cp, ExitProbe::class.java.name).redirectErrorStream(true).start()
        val out = proc.inputStream.bufferedReader().readText()
        assertTrue(proc.waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
        assertEquals(0, proc.exitValue(), out)
        assertTrue(out.contains("started http://127.0.0.1:"), out)
        assertTrue(out.contains("closed at exit: sandbox=true inbox=true"), out)
        assertTrue(System.nanoTime() - started < 50_000_000_000L)
    }
}

/** Run in a child JVM: starts a sandbox and an inbox, never closes them, and returns from main. */
object ExitProbe {
    @JvmStatic
    fun main(args: Array<String>) {
        val sb = Sandbox.start()
        val inbox = sb.webhookInbox()
        // Shutdown hooks run concurrently: this one waits for the toolkit's own hook to close them.
        Runtime.getRuntime().addShutdownHook(Thread {
            val deadline = System.nanoTime() + 10_000_000_000L
            while (!(sb.isClosed && inbox.isClosed) && System.nanoTime() < deadline) Thread.sleep(5)
            println("closed at exit: sandbox=${sb.isClosed} inbox=${inbox.isClosed}")
        })
        println("started ${sb.baseUrl}")
    }
}
