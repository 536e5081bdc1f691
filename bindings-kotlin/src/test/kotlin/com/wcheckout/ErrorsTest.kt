package com.wcheckout

import com.wcheckout.ffi.ffiPanicForTest
import com.wcheckout.ffi.ffiRaiseForTest
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal
import java.net.ServerSocket
import kotlin.time.Duration
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** Every error type, each raised for real, and bad input that must give a clear exception. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsTest {
    private val sandbox = Sandbox()
    private val client = sandbox.client()

    @AfterEach
    fun noFaults() = sandbox.clearFaults()

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
    }

    private inline fun <reified E : WCheckoutException> expect(code: String, block: () -> Unit): E {
        val e = assertThrows<E> { block() }
        assertEquals(code, e.code)
        assertTrue(e.reason.isNotBlank(), "reason must not be empty")
        assertTrue(e.message!!.startsWith("reason=${e.reason}"), e.message)
        assertFalse(e.message!!.contains(Sandbox.API_SECRET) || e.message!!.contains(Sandbox.SIGN_KEY), e.message)
        return e
    }

    @Test
    fun everyCoreCodeIsItsOwnTypedClass() {
        assertEquals(17, WCheckout.errorCodes.size)
        val kinds = mutableSetOf<String>()
        val raised = WCheckout.errorCodes.associateWith { code ->
            val e = assertThrows<WCheckoutException>(code) { native { ffiRaiseForTest(code) } }
            assertEquals(code, e.code)
            assertEquals(code == "internal", e is WCheckoutException.Internal, code)
            assertTrue(e.reason.isNotBlank(), code)
            kinds += e.javaClass.name + ((e as? WCheckoutException.Webhook)?.failure?.javaClass?.name ?: "")
            e
        }
        assertEquals(WCheckout.errorCodes.size, kinds.size, "one class (webhooks: one failure) per code: $kinds")
        // Every generated subclass is reached, so none is dead.
        val reached = raised.values.map { it::class }.toSet()
        assertEquals(WCheckoutException::class.sealedSubclasses.toSet(), reached)
        assertEquals(
            WebhookFailure::class.sealedSubclasses.toSet(),
            raised.values.filterIsInstance<WCheckoutException.Webhook>().map { it.failure::class }.toSet(),
        )
        // The fields arrive typed (values from the core's samples, wcheckout::uniffi_support).
        val api = raised.getValue("api_error") as WCheckoutException.Api
        assertEquals(Triple("00010", "order not found", 503), Triple(api.retcode, api.retmsg, api.httpStatus))
        assertTrue(api.outcomeUnknown && api.isRetryable && api.outcomeUnknown())
        val tolerance = (raised.getValue("webhook_outside_tolerance") as WCheckoutException.Webhook).failure
        assertEquals(WebhookFailure.OutsideTolerance(600_000, 120_000, "before"), tolerance)
        val missing = (raised.getValue("webhook_missing_header") as WCheckoutException.Webhook).failure
        assertEquals(WebhookFailure.MissingHeader(WebhookHeader.TIMESTAMP), missing)
        val conflict = raised.getValue("idempotency_conflict") as WCheckoutException.IdempotencyConflict
        assertEquals(listOf("amount"), conflict.differences)
        assertEquals(RefundStatus.Refunded, (conflict.existing as ExistingObject.RefundOrder).refund.refundStatus)
        val timeout = raised.getValue("timeout")
        assertTrue(timeout.isRetryable)
        assertFalse(timeout.outcomeUnknown)
        assertTrue(raised.getValue("transport_error").outcomeUnknown)
        assertFalse(raised.getValue("invalid_argument").isRetryable)
    }

    @Test
    fun invalidArgument() {
        val e = expect<WCheckoutException.InvalidArgument>("invalid_argument") { client.getCheckoutOrderInfo("bad no!") }
        assertTrue(e.reason.contains("orderNo"), e.reason)
        assertEquals(null, e.retcode)
    }

    @Test
    fun invalidAmountFromANegativeBigDecimal() {
        for (amount in listOf(BigDecimal("-1"), BigDecimal("-0.01"))) {
            expect<WCheckoutException.InvalidAmount>("invalid_amount") {
                client.createCheckoutOrder(CreateCheckoutOrderRequest(uniqueNo("N"), amount, "c", token = Token.EthUsdt))
            }
        }
        expect<WCheckoutException.InvalidAmount>("invalid_amount") {
            client.createCheckoutOrder(CreateCheckoutOrderRequest(uniqueNo("N"), BigDecimal.ZERO, "c", token = Token.EthUsdt))
        }
        // Exponent forms arrive as plain digits, exactly.
        val big = client.createCheckoutOrder(
            CreateCheckoutOrderRequest(uniqueNo("N"), BigDecimal("1.5E+2"), "c", token = Token.EthUsdt),
        )
        assertEquals("150", big.payingAmount!!.toPlainString())
    }

    @Test
    fun signatureMismatch() {
        val signer = RequestSigner(Sandbox.SIGN_KEY)
        val sig = signer.sign("GET", "1", "/x")
        signer.verify(sig, "GET", "1", "/x")
        assertTrue(signer.isValid(sig, "GET", "1", "/x"))
        assertFalse(signer.isValid(sig, "GET", "2", "/x"))
        expect<WCheckoutException.SignatureMismatch>("signature_mismatch") { signer.verify("AAAA", "GET", "1", "/x") }
        assertFalse(signer.toString().contains(Sandbox.SIGN_KEY))
    }

    @Test
    fun everyWebhookError() {
        val v = WebhookVerifier(Sandbox.SIGN_KEY)
        val body = """{"eventId":"evt_1","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}""".toByteArray()
        val good = signWebhookForTest(Sandbox.SIGN_KEY, body)
        assertTrue(v.verify(good, body) is WebhookEvent.CheckoutOrderChanged)
        fun failure(code: String, block: () -> Unit) = expect<WCheckoutException.Webhook>(code, block).failure
        assertEquals(
            WebhookFailure.MissingHeader(WebhookHeader.SIGNATURE),
            failure("webhook_missing_header") { v.verify(mapOf<String, String>(), body) },
        )
        assertEquals(
            WebhookFailure.MissingHeader(WebhookHeader.TIMESTAMP),
            failure("webhook_missing_header") { v.verify(mapOf("SIGNATURE" to good.getValue("SIGNATURE")), body) },
        )
        assertEquals(
            WebhookFailure.MalformedTimestamp,
            failure("webhook_malformed_timestamp") {
                v.verify(mapOf("SIGNATURE" to good.getValue("SIGNATURE"), "TIMESTAMP" to "soon"), body)
            },
        )
        val stale = failure("webhook_outside_tolerance") {
            v.verify(signWebhookForTest(Sandbox.SIGN_KEY, body, nowMillis() - 600_000), body)
        } as WebhookFailure.OutsideTolerance
        assertTrue(stale.skewMs >= 600_000, "$stale")
        assertEquals(120_000L to "before", stale.toleranceMs to stale.direction)
        val early = failure("webhook_outside_tolerance") {
            v.verifyAt(signWebhookForTest(Sandbox.SIGN_KEY, body, 1_000_000).toList(), body, 1_000_000 - 130_000)
        }
        assertEquals(WebhookFailure.OutsideTolerance(130_000, 120_000, "after"), early)
        assertEquals(
            WebhookFailure.SignatureMismatch,
            failure("webhook_signature_mismatch") {
                v.verify(good, body.copyOf(body.size - 1) + '}'.code.toByte() + ' '.code.toByte())
            },
        )
        val junk = "not json".toByteArray()
        assertEquals(
            WebhookFailure.MalformedJson,
            failure("webhook_malformed_json") { v.verify(signWebhookForTest(Sandbox.SIGN_KEY, junk), junk) },
        )
    }

    @Test
    fun apiErrorCarriesRetcodeRetmsgAndStatus() {
        val e = expect<WCheckoutException.Api>("api_error") { client.getCheckoutOrderInfo(uniqueNo("Missing")) }
        assertEquals("00010", e.retcode)
        assertTrue(e.retmsg.isNotEmpty())
        assertTrue(e.reason.contains("00010") && e.reason.contains(e.retmsg), e.reason)
        assertTrue(e.httpStatus in 200..499, "${e.httpStatus}")
        assertFalse(e.isRetryable)
        // The same fields through the base type, for code that catches WCheckoutException.
        val base: WCheckoutException = e
        assertEquals(Triple("00010", e.retmsg, e.httpStatus), Triple(base.retcode, base.retmsg, base.httpStatus))
    }

    @Test
    fun serverErrorsAreRetryableAndRetried() {
        sandbox.fault("http_500", path = "/checkout/order/info", count = 1)
        val e = expect<WCheckoutException.Api>("api_error") { client.getCheckoutOrderInfo(uniqueNo("Missing")) }
        assertEquals(500, e.httpStatus)
        assertTrue(e.isRetryable)
        // With retries the same fault is absorbed.
        val order = client.newOrder()
        sandbox.fault("http_503", path = "/checkout/order/info", count = 2)
        sandbox.client(sandbox.options(maxRetries = 2)).use { assertEquals(order.orderNo, it.getCheckoutOrderInfo(order.orderNo).orderNo) }
    }

    @Test
    fun authError() {
        WCheckoutClient(Sandbox.API_KEY, "wrong_secret", Sandbox.SIGN_KEY, sandbox.options()).use { bad ->
            val e = expect<WCheckoutException.Auth>("auth_error") { bad.getCheckoutOrderInfo("A1") }
            assertFalse(e.message!!.contains("wrong_secret"), e.message)
        }
    }

    @Test
    fun transportError() {
        val port = ServerSocket(0).use { it.localPort }
        val options = ClientOptions(environment = Environment.Custom("http://127.0.0.1:$port"), maxRetries = 0)
        WCheckoutClient(Sandbox.API_KEY, Sandbox.API_SECRET, Sandbox.SIGN_KEY, options).use { dead ->
            val e = expect<WCheckoutException.Transport>("transport_error") { dead.getCheckoutOrderInfo("A1") }
            assertTrue(e.isRetryable)
        }
    }

    @Test
    fun tokenStoreUnreachableUnlessTheFallbackIsOn() {
        val port = ServerSocket(0).use { it.localPort }
        val url = "redis://:hunter2pass@127.0.0.1:$port/0"
        sandbox.client(sandbox.options().copy(tokenStore = url)).use { c ->
            assertEquals("redis://***@127.0.0.1:$port/0", c.tokenStore)
            val e = expect<WCheckoutException.TokenStore>("token_store") { c.getCheckoutOrderInfo("A1") }
            assertTrue(e.isRetryable)
            assertFalse(e.outcomeUnknown)
            assertTrue(e.reason.contains("127.0.0.1:$port"), e.reason)
            assertFalse(e.message!!.contains("hunter2pass") || c.toString().contains("hunter2pass"), e.message)
        }
        sandbox.client(sandbox.options().copy(tokenStore = url, tokenStoreFallback = true)).use { c ->
            assertEquals("00010", assertThrows<WCheckoutException.Api> { c.getCheckoutOrderInfo("NOSUCH1") }.retcode)
        }
        expect<WCheckoutException.InvalidArgument>("invalid_argument") {
            sandbox.client(sandbox.options().copy(tokenStore = "ftp://nowhere"))
        }
    }

    @Test
    fun timeout() {
        client.getCheckoutOrderInfo(client.newOrder().orderNo) // token cached first
        sandbox.fault("delay", path = "/checkout/order/info", delayMs = 1500)
        sandbox.client(sandbox.options(timeout = 300.milliseconds)).use { slow ->
            expect<WCheckoutException.Timeout>("timeout") { slow.getCheckoutOrderInfo("A1") }
        }
    }

    @Test
    fun decodeError() {
        expect<WCheckoutException.Decode>("decode_error") {
            WCheckout.parseEnvelope(502, "<html>Bad Gateway</html>".toByteArray())
        }
    }

    @Test
    fun aReusedNumberIsTheSameOrderOrAConflictCarryingTheStoredOne() {
        val request = CreateCheckoutOrderRequest(uniqueNo("I"), BigDecimal("3"), "cust42", token = Token.EthUsdt)
        val first = client.createCheckoutOrder(request)
        assertEquals(first, client.createCheckoutOrder(request.copy(orderAmount = BigDecimal("3.00"))))
        val e = expect<WCheckoutException.IdempotencyConflict>("idempotency_conflict") {
            client.createCheckoutOrder(request.copy(token = Token.TrxUsdt))
        }
        assertEquals(listOf("token"), e.differences)
        val stored = (e.existing as ExistingObject.CheckoutOrder).order
        assertEquals(request.orderNo to Token.EthUsdt, stored.orderNo to stored.token)
        assertFalse(e.outcomeUnknown || e.isRetryable)
    }

    @Test
    fun outcomeUnknownThenRepeatingTheIdenticalCallIsSafe() {
        client.getCheckoutOrderInfo(client.newOrder().orderNo) // token cached first
        val request = CreateCheckoutOrderRequest(uniqueNo("U"), BigDecimal("4"), "cust42", token = Token.EthUsdt)
        sandbox.fault("drop_after_processing", path = "/checkout/order/create")
        val e = expect<WCheckoutException.Transport>("transport_error") { client.createCheckoutOrder(request) }
        assertTrue(e.outcomeUnknown, e.message)
        assertEquals(request.orderNo, client.createCheckoutOrder(request).orderNo)
        val missing = expect<WCheckoutException.Api>("api_error") { client.getCheckoutOrderInfo(uniqueNo("Missing")) }
        assertFalse(missing.outcomeUnknown)
        // A cancel whose answer was lost is a success.
        sandbox.fault("drop_after_processing", path = "/checkout/order/cancel")
        sandbox.client(sandbox.options(maxRetries = 2)).use {
            assertEquals(OrderStatus.Cancelled, it.cancelCheckoutOrder(request.orderNo).orderStatus)
        }
    }

    @Test
    fun aPanicInTheNativeLibraryIsAnInternalExceptionNotACrash() {
        val e = expect<WCheckoutException.Internal>("internal") { native { ffiPanicForTest("boom") } }
        assertTrue(e.reason.contains("boom"), e.reason)
        // The library still works afterwards.
        assertEquals("ETH_USDT", Token.EthUsdt.wire())
    }

    @Test
    fun responseToleranceReachesTheCore() {
        sandbox.client(sandbox.options().copy(responseTolerance = 60.seconds)).use { it.newOrder() }
        val tooWide = sandbox.options().copy(responseTolerance = 2.hours)
        val e = expect<WCheckoutException.InvalidArgument>("invalid_argument") { sandbox.client(tooWide).close() }
        assertTrue(e.reason.contains("response_tolerance"), e.reason)
    }

    @Test
    fun responseSignature() {
        val order = client.newOrder()
        sandbox.fault("bad_signature", path = "/checkout/order/info")
        expect<WCheckoutException.ResponseSignature>("response_signature") { client.getCheckoutOrderInfo(order.orderNo) }
    }

    @Test
    fun badInputGivesClearExceptionsNeverACrash() {
        val key = Sandbox.SIGN_KEY
        val cases: List<Pair<String, () -> Any?>> = listOf(
            "empty client key" to { WCheckoutClient("", "s", "k") },
            "blank secret" to { WCheckoutClient("k", "  ", "k") },
            "bad environment URL" to { WCheckoutClient("k", "s", "k", ClientOptions(environment = Environment.Custom("ftp://x"))) },
            "zero timeout" to { WCheckoutClient("k", "s", "k", ClientOptions(timeout = Duration.ZERO)) },
            "negative timeout" to { WCheckoutClient("k", "s", "k", ClientOptions(timeout = (-5).milliseconds)) },
            "negative connect timeout (builder)" to {
                WCheckoutClient("k", "s", "k", ClientOptions.builder().connectTimeoutMillis(-1).build())
            },
            "negative webhook tolerance" to { WebhookVerifier(key, -1L) },
            "negative retries" to { WCheckoutClient("k", "s", "k", ClientOptions(maxRetries = -1)) },
            "too many retries" to { WCheckoutClient("k", "s", "k", ClientOptions(maxRetries = 11)) },
            "control chars in UA" to { WCheckoutClient("k", "s", "k", ClientOptions(userAgentSuffix = "a\nb")) },
            "empty sign key" to { signRequest("", "GET", "1", "/") },
            "empty signer key" to { RequestSigner("") },
            "empty verifier key" to { WebhookVerifier("") },
            "NUL in method" to { signRequest(key, "G\u0000T", "1", "/") },
            "lone surrogate path" to { signRequest(key, "GET", "1", "\uD800") },
            "huge timestamp" to { signRequest(key, "GET", "9".repeat(10_000), "/") },
            "empty order number" to { client.getCheckoutOrderInfo("") },
            "huge order number" to { client.getCheckoutOrderInfo("A".repeat(1_000_000)) },
            "refund without order" to { client.createRefundOrder(CreateRefundOrderRequest(uniqueNo("R"), amount = BigDecimal.ONE)) },
            "bad raw method" to { client.request("FETCH", "/x") },
            "raw path with query" to { client.request("GET", "/x?a=1") },
            "raw invalid JSON" to { client.request("POST", "/checkout/order/list", body = "{not json") },
            "unknown operation" to { client.call("launch_rockets", "{}") },
            "params not JSON" to { client.call("get_checkout_order_info", "[") },
            "params not object" to { client.call("get_checkout_order_info", "[]") },
            "negative verify time" to { WebhookVerifier(key).verifyAt(emptyList(), ByteArray(0), -1) },
            "negative webhook ts" to { signWebhookForTest(key, ByteArray(0), -1) },
            "amount NaN" to { WCheckout.parseAmount("NaN") },
            "amount empty" to { WCheckout.parseAmount("") },
            "amount JSON garbage" to { WCheckout.amountFromJson("{") },
            "envelope bad status" to { WCheckout.parseEnvelope(70_000, ByteArray(0)) },
            "canonicalize garbage" to { WCheckout.canonicalize("{\"a\":") },
            "1 MiB junk webhook" to { WebhookVerifier(key).verify(mapOf("SIGNATURE" to "x", "TIMESTAMP" to "1"), ByteArray(1 shl 20) { 0xFF.toByte() }) },
        )
        for ((name, call) in cases) {
            val e = assertThrows<WCheckoutException>(name) { call() }
            assertTrue(e.reason.isNotBlank(), name)
            assertFalse(e is WCheckoutException.Internal, "$name: ${e.message}")
        }
        // The process is alive and the client still works.
        assertEquals(OrderStatus.Paying, client.getCheckoutOrderInfo(client.newOrder().orderNo).orderStatus)
    }
}
