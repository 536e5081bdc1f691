package com.wcheckout

import com.wcheckout.examples.JavaQuickStart
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.io.File
import kotlin.time.Duration.Companion.microseconds
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * What consumers other than this suite's Kotlin code rely on: the Java example (builder,
 * for-each pagination) against a real sandbox, and the compiled library's shape for older
 * Kotlin compilers, JVM 11 and Android (no `java.time` anywhere).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumersTest {
    private val sandbox = Sandbox()
    private val client = sandbox.client()

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
    }

    @Test
    fun javaQuickStartPaysAnOrderAndIteratesEveryPage() {
        val customer = uniqueNo("jc")
        val earlier = List(2) { client.newOrder(customer = customer).orderNo }
        val result = JavaQuickStart.run(sandbox.baseUrl, customer)
        assertEquals(OrderStatus.Paid, result.status)
        // pageSize 1: three orders are three pages, all reached through the for-each loop.
        assertEquals((earlier + result.orderNo).sorted(), result.customerOrderNos.sorted())
    }

    @Test
    fun iterableRestartsFromTheFirstPageOnEveryIterator() {
        val customer = uniqueNo("it")
        val created = List(3) { client.newOrder(customer = customer).orderNo }.sorted()
        val all = client.allCheckoutOrders(ListCheckoutOrdersRequest(pageSize = 2u, customerId = customer))
        assertEquals(created, all.map { it.orderNo }.sorted())
        assertEquals(created, all.map { it.orderNo }.sorted())
        assertFalse(client.allRefundOrders(ListRefundOrdersRequest(orderNo = created[0])).iterator().hasNext())
    }

    @Test
    fun builderAndKotlinDurationsGiveTheSameOptions() {
        val built = ClientOptions.builder()
            .baseUrl(sandbox.baseUrl)
            .connectTimeoutMillis(1_500)
            .timeoutMillis(20_000)
            .maxRetries(1)
            .responseSignature(ResponseSignaturePolicy.REQUIRED)
            .userAgentSuffix("shop/1")
            .responseToleranceMillis(60_000)
            .build()
        val direct = ClientOptions(
            environment = Environment.Custom(sandbox.baseUrl),
            connectTimeout = 1.5.seconds,
            timeout = 20.seconds,
            maxRetries = 1,
            responseSignature = ResponseSignaturePolicy.REQUIRED,
            userAgentSuffix = "shop/1",
            responseTolerance = 60.seconds,
        )
        assertEquals(direct, built)
        assertEquals(1_500L, built.connectTimeoutMillis)
        assertEquals(direct, direct.toBuilder().build())
        // Sub-millisecond parts round up: half a millisecond is one, not zero (which is refused).
        assertEquals(1L, ClientOptions(timeout = 500.microseconds).timeoutMillis)
        assertEquals(301L, ClientOptions(timeout = 300.milliseconds + 1.microseconds).timeoutMillis)
        WCheckoutClient(Sandbox.API_KEY, Sandbox.API_SECRET, Sandbox.SIGN_KEY, built).use {
            assertTrue(it.userAgent.endsWith(" shop/1"), it.userAgent)
            assertEquals(OrderStatus.Paying, it.getCheckoutOrderInfo(client.newOrder().orderNo).orderStatus)
        }
        WebhookVerifier(Sandbox.SIGN_KEY, 90_000L).use { assertEquals(90.seconds, it.tolerance) }
        WebhookVerifier(Sandbox.SIGN_KEY).use { assertEquals(120_000L, it.toleranceMillis) }
    }

    @Test
    fun compiledForKotlin22Jvm11AndAndroid() {
        val classes = File("target/classes/com/wcheckout").walk().filter { it.extension == "class" }.toList()
        assertTrue(classes.size > 50, "only ${classes.size} classes found")
        for (file in classes) {
            val bytes = file.readBytes()
            val major = ((bytes[6].toInt() and 0xff) shl 8) or (bytes[7].toInt() and 0xff)
            assertTrue(major <= 55, "${file.name} is class file version $major (JVM 11 is 55)")
            // Android minSdk 24 has no java.time: not in signatures, not even inside method bodies.
            assertFalse(String(bytes, Charsets.ISO_8859_1).contains("java/time/"), "${file.name} uses java.time")
        }
        for (name in listOf("WCheckoutClient", "ClientOptions", "WebhookVerifier", "CheckoutOrder", "WCheckoutException")) {
            val metadata = Class.forName("com.wcheckout.$name", false, javaClass.classLoader).getAnnotation(Metadata::class.java)
            val (major, minor) = metadata.metadataVersion
            assertTrue(major < 2 || (major == 2 && minor <= 2), "$name has Kotlin metadata ${metadata.metadataVersion.toList()}")
        }
    }
}
